/**
 * The engagement graph's vocabulary: entity types, tie types, which ends each tie
 * may join, and the roles each tie may carry. These lists are also the whitelist
 * for every label and relationship type that reaches Cypher.
 */

export enum EntityType {
  Organisation = 'Organisation',
  Person = 'Person',
  Forum = 'Forum',
  Event = 'Event',
  Instrument = 'Instrument',
  Topic = 'Topic',
}
export const ENTITY_TYPES: readonly EntityType[] = Object.values(EntityType);

export enum TieType {
  AFFILIATED_WITH = 'AFFILIATED_WITH',
  MEMBER_OF = 'MEMBER_OF',
  ENGAGES_IN = 'ENGAGES_IN',
  PARTICIPATES_IN = 'PARTICIPATES_IN',
  PART_OF = 'PART_OF',
  ADOPTED = 'ADOPTED',
  WORKS_ON = 'WORKS_ON',
}
export const TIE_TYPES: readonly TieType[] = Object.values(TieType);

export enum OrganisationKind {
  NGO = 'NGO',
  CSO_NETWORK = 'CSO_NETWORK',
  ACADEMIC_INSTITUTION = 'ACADEMIC_INSTITUTION',
  PROFESSIONAL_ASSOCIATION = 'PROFESSIONAL_ASSOCIATION',
  TRADE_UNION = 'TRADE_UNION',
  UN_AGENCY = 'UN_AGENCY',
  GOVERNMENT = 'GOVERNMENT',
  DONOR = 'DONOR',
  FOUNDATION = 'FOUNDATION',
  PRIVATE_SECTOR = 'PRIVATE_SECTOR',
  OTHER = 'OTHER',
}

export enum ForumKind {
  NETWORK = 'NETWORK',
  PLATFORM = 'PLATFORM',
  GOVERNING_BODY = 'GOVERNING_BODY',
  CONFERENCE_SERIES = 'CONFERENCE_SERIES',
  COALITION = 'COALITION',
  WORKING_GROUP = 'WORKING_GROUP',
  PARTNERSHIP = 'PARTNERSHIP',
  INITIATIVE = 'INITIATIVE',
  PROJECT = 'PROJECT',
  OTHER = 'OTHER',
}

export enum ForumLevel {
  GLOBAL = 'GLOBAL',
  REGIONAL = 'REGIONAL',
  NATIONAL = 'NATIONAL',
}

export enum EventKind {
  CONFERENCE = 'CONFERENCE',
  SESSION = 'SESSION',
  SIDE_EVENT = 'SIDE_EVENT',
  MEETING = 'MEETING',
  WEBINAR = 'WEBINAR',
  CONSULTATION = 'CONSULTATION',
  OTHER = 'OTHER',
}

export enum InstrumentKind {
  CODE_OF_PRACTICE = 'CODE_OF_PRACTICE',
  RESOLUTION = 'RESOLUTION',
  STRATEGY = 'STRATEGY',
  DECLARATION = 'DECLARATION',
  WORK_PLAN = 'WORK_PLAN',
  OTHER = 'OTHER',
}

/** Roles, one list per tie type that carries a role. */
export const TIE_ROLES: Readonly<Record<TieType, readonly string[]>> = {
  AFFILIATED_WITH: ['DIRECTOR', 'STAFF', 'BOARD', 'MEMBER', 'ADVISER', 'OTHER'],
  MEMBER_OF: ['MEMBER', 'FOUNDER', 'ASSOCIATE', 'OTHER'],
  ENGAGES_IN: ['MEMBER', 'FOUNDER', 'HOST', 'SECRETARIAT', 'CHAIR', 'CO_CHAIR', 'OBSERVER', 'PARTICIPANT', 'CONTRIBUTOR', 'COORDINATOR', 'OTHER'],
  PARTICIPATES_IN: ['ORGANISER', 'CO_ORGANISER', 'SPEAKER', 'MODERATOR', 'PANELLIST', 'PARTICIPANT', 'HOST', 'SPONSOR', 'OTHER'],
  PART_OF: [],
  ADOPTED: [],
  WORKS_ON: ['PROMOTES', 'MONITORS', 'IMPLEMENTS', 'ADVOCATES', 'OTHER'],
};

/** Which entity types each tie may join, from → to. */
export const TIE_ENDPOINTS: Readonly<Record<TieType, { from: readonly EntityType[]; to: readonly EntityType[] }>> = {
  AFFILIATED_WITH: { from: [EntityType.Person], to: [EntityType.Organisation] },
  MEMBER_OF: { from: [EntityType.Organisation], to: [EntityType.Organisation] },
  ENGAGES_IN: { from: [EntityType.Organisation, EntityType.Person], to: [EntityType.Forum] },
  PARTICIPATES_IN: { from: [EntityType.Person, EntityType.Organisation], to: [EntityType.Event] },
  PART_OF: { from: [EntityType.Event, EntityType.Forum], to: [EntityType.Forum, EntityType.Event, EntityType.Organisation] },
  ADOPTED: { from: [EntityType.Forum], to: [EntityType.Instrument] },
  WORKS_ON: { from: [EntityType.Organisation, EntityType.Person, EntityType.Forum], to: [EntityType.Topic, EntityType.Instrument] },
};

/** PART_OF is narrower than its endpoint lists: an event is part of a forum or event; a forum of a forum or organisation. */
export function tieEndsAllowed(type: TieType, from: EntityType, to: EntityType): boolean {
  const ends = TIE_ENDPOINTS[type];
  if (!ends.from.includes(from) || !ends.to.includes(to)) return false;
  if (type === TieType.PART_OF) {
    return from === EntityType.Event ? to !== EntityType.Organisation : to !== EntityType.Event;
  }
  return true;
}

/** The sections of a network file (data/demo-network.json, JSON imports), one per entity type. */
export const NETWORK_SECTIONS: Readonly<Record<string, EntityType>> = {
  organisations: EntityType.Organisation,
  people: EntityType.Person,
  fora: EntityType.Forum,
  events: EntityType.Event,
  instruments: EntityType.Instrument,
  topics: EntityType.Topic,
};

/** Sort keys a list may be ordered by (all stored as strings that sort correctly). */
export const SORT_KEYS = ['sortName', 'createdAt', 'updatedAt'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Other labels a dump and restore handle, and their unique keys. */
export const SUPPORT_LABELS = { Identifier: 'key', Change: 'id', Redirect: 'fromKey' } as const;

const WHITELIST = new Set<string>([...ENTITY_TYPES, ...TIE_TYPES, 'Entity', ...Object.keys(SUPPORT_LABELS), 'id', 'key', 'fromKey', ...SORT_KEYS, 'ASC', 'DESC', '<', '>', '-', '->', '<-']);
export function isWhitelistedName(name: string): boolean {
  return WHITELIST.has(name);
}

/** Evidence: where a fact comes from. */
export interface Source {
  title: string;
  url?: string | null;
  date?: string | null;
  quote?: string | null;
}

export interface Identifier {
  scheme: string;
  value: string;
}

/** Properties every entity has. Dates are ISO strings at the domain edge. */
export interface EntityBase {
  type: EntityType;
  id: string;
  slug: string;
  name: string;
  aliases: string[];
  sources: Source[];
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Type-specific properties (acronym, kind, startDate...). */
  props: Record<string, unknown>;
  identifiers: Identifier[];
}

export interface Tie {
  type: TieType;
  id: string;
  fromId: string;
  fromType: EntityType;
  toId: string;
  toType: EntityType;
  role: string | null;
  since: string | null;
  until: string | null;
  onBehalfOfId: string | null;
  note: string | null;
  sources: Source[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** "a Forum", "an Organisation", "an Event": for messages. */
export function withArticle(noun: string, capital = false): string {
  const article = /^[AEIOU]/i.test(noun) ? 'an' : 'a';
  return `${capital ? article[0].toUpperCase() + article.slice(1) : article} ${noun}`;
}
