/** The parts of Popolo JSON (popoloproject.com) this service reads and writes. */

export interface PopoloLink {
  url: string;
  note?: string;
}

export interface PopoloIdentifier {
  scheme?: string;
  identifier: string;
}

export interface PopoloOtherName {
  name: string;
  lang?: string;
  note?: string;
  start_date?: string;
  end_date?: string;
}

export interface PopoloContact {
  type: string;
  value: string;
  label?: string;
  note?: string;
}

export interface PopoloThing {
  id: string;
  name: string;
  other_names?: PopoloOtherName[];
  identifiers?: PopoloIdentifier[];
  links?: PopoloLink[];
  sources?: PopoloLink[];
  [field: string]: unknown;
}

export interface PopoloPerson extends PopoloThing {
  given_name?: string;
  family_name?: string;
  email?: string;
  contact_details?: PopoloContact[];
}

export interface PopoloOrganization extends PopoloThing {
  classification?: string;
  description?: string;
}

export interface PopoloEvent extends PopoloThing {
  classification?: string;
  start_date?: string;
  end_date?: string;
  organization_id?: string;
  description?: string;
}

export interface PopoloMembership {
  id?: string;
  person_id?: string;
  member?: { '@type'?: string; id: string };
  organization_id?: string;
  on_behalf_of_id?: string;
  legislative_period_id?: string;
  role?: string;
  label?: string;
  post_id?: string;
  start_date?: string;
  end_date?: string;
  sources?: PopoloLink[];
  [field: string]: unknown;
}

export interface PopoloDocument {
  persons?: PopoloPerson[];
  organizations?: PopoloOrganization[];
  memberships?: PopoloMembership[];
  events?: PopoloEvent[];
  posts?: unknown[];
  areas?: unknown[];
  meta?: Record<string, unknown>;
  [field: string]: unknown;
}
