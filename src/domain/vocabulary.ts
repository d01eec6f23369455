/**
 * The names of the model: entity types, tie types and the enumerations properties take.
 * Everything else about them (properties, ends, roles, relation fields, limits) is in
 * spec.ts; model.ts re-exports these names beside what it derives from the spec.
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
