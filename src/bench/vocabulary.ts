/**
 * Words the network generator builds names from: health-workforce organisations, fora,
 * events and people as they read in the demo network, with accents where real names
 * have them (so search's accent folding is exercised too).
 */

export const ORG_QUALIFIERS = [
  'African', 'Asian', 'European', 'Global', 'International', 'National', 'Regional', 'Pan-American', 'Caribbean', 'Nordic',
  'East African', 'West African', 'Southern', 'Pacific', 'Andean', 'Arab', 'Francophone', 'Lusophone', 'Commonwealth', 'Rural',
];

export const ORG_SUBJECTS = [
  'Nurses', 'Midwives', 'Health Workers', 'Community Health Workers', 'Physicians', 'Pharmacists', 'Public Health', 'Primary Care',
  'Health Workforce', 'Medical Students', 'Health Rights', 'Migrant Health', 'Health Equity', 'Human Resources for Health',
  'Nursing Education', 'Health Policy', 'Global Health', 'Health Systems', 'Family Medicine', 'Laboratory Scientists',
];

export const ORG_FORMS = [
  'Association', 'Federation', 'Alliance', 'Network', 'Union', 'Council', 'Institute', 'Foundation', 'Coalition', 'Society',
  'Centre', 'Trust', 'Forum', 'Initiative', 'Collective',
];

export const FORUM_TOPICS = [
  'Health Worker Mobility', 'Health Workforce', 'Nursing and Midwifery', 'Primary Health Care', 'Universal Health Coverage',
  'Health Worker Migration', 'Decent Work in Health', 'Health Workforce Financing', 'Community Health', 'Gender Equity in Health',
  'Health Worker Safety', 'Health Workforce Data', 'Pandemic Preparedness', 'Health Education', 'Ethical Recruitment',
];

export const FORUM_FORMS: Record<string, string[]> = {
  NETWORK: ['Network on', 'Network for'],
  PLATFORM: ['Platform on', 'Dialogue on'],
  GOVERNING_BODY: ['Assembly on', 'Board on'],
  CONFERENCE_SERIES: ['Conference on', 'Symposium on'],
  COALITION: ['Coalition for', 'Alliance for'],
  WORKING_GROUP: ['Working Group on', 'Task Force on'],
  PARTNERSHIP: ['Partnership for', 'Compact on'],
  INITIATIVE: ['Initiative on', 'Campaign for'],
  PROJECT: ['Project on', 'Programme on'],
  OTHER: ['Roundtable on', 'Consortium on'],
};

export const FIRST_NAMES = [
  'Amina', 'Mariëlle', 'José', 'Linda', 'Kwame', 'Chidi', 'Ana', 'Björn', 'Zoë', 'Nadia', 'Thabo', 'Ingrid', 'Rafael', 'Aïcha',
  'Mei', 'Ravi', 'Fatou', 'Hélène', 'Jorge', 'Olga', 'Samuel', 'Grace', 'Yusuf', 'Lena', 'Tomás', 'Priya', 'Emeka', 'Sofía',
  'Kofi', 'Marta', 'Hiroshi', 'Esther', 'Luis', 'Anneke', 'Dmitri', 'Wanjiru', 'François', 'Leila', 'Pedro', 'Ngozi',
];

export const LAST_NAMES = [
  'Mans', 'Bemelmans', 'Vega Cárdenas', 'Okafor', 'Mensah', 'Nkosi', 'Dubois', 'Müller', 'Haddad', 'Kamau', 'Nguyen', 'Silva',
  'Andersson', 'Kowalski', 'Tanaka', 'Ibrahim', 'Fernández', 'Osei', 'Van der Berg', 'Rossi', 'Diallo', 'Petrov', 'Sharma',
  'Ndlovu', 'Chen', 'Moreau', 'Achieng', 'Jansen', 'Lopes', 'Mbeki', 'O’Brien', 'Said', 'Traoré', 'Novak', 'Costa', 'Ekström',
];

export const TITLES = ['Director', 'Programme Officer', 'Policy Adviser', 'Chair', 'Researcher', 'Coordinator', 'Advocacy Lead', 'Nurse', 'Board Member'];

export const COUNTRIES = ['NL', 'CH', 'KE', 'UG', 'GH', 'NG', 'ZA', 'BR', 'IN', 'PH', 'US', 'GB', 'FR', 'DE', 'BE', 'SN', 'TZ', 'ET', 'MX', 'CA'];

export const CITIES: Record<string, string> = {
  NL: 'Amsterdam', CH: 'Geneva', KE: 'Nairobi', UG: 'Kampala', GH: 'Accra', NG: 'Abuja', ZA: 'Johannesburg', BR: 'Brasília',
  IN: 'New Delhi', PH: 'Manila', US: 'Washington', GB: 'London', FR: 'Paris', DE: 'Berlin', BE: 'Brussels', SN: 'Dakar',
  TZ: 'Dar es Salaam', ET: 'Addis Ababa', MX: 'Mexico City', CA: 'Ottawa',
};
