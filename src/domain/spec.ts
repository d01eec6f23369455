/**
 * THE MODEL SPEC: the one table of what the graph holds. Entity types and their
 * properties (value kind, limits, who may read them, search text, import and export
 * columns), tie types (ends, roles, onBehalfOf, personal or not), the relation fields
 * each entity type shows its ties as, and the page and cost limits.
 *
 * Everything that used to restate these facts derives from here: the GraphQL object
 * types, inputs and their validation (src/resolvers), the tie metadata (model.ts
 * TIE_ROLES, TIE_ENDPOINTS, tieEndsAllowed), ENTITY_PROPS and CONTACT_PROPS
 * (records.ts), the import columns and checks (src/services/import/fields.ts), the export
 * columns (src/services/export/graph.ts, the {{@exportProps}} of cypher/queries/export/_node.cypher)
 * and the query cost (src/security/cost.ts). docs/model.md says how to add a property.
 *
 * This file holds data only: it imports nothing from GraphQL, the database or the resolvers.
 */
import {
  EntityType,
  EventKind,
  ForumKind,
  ForumLevel,
  InstrumentKind,
  OrganisationKind,
  TieType,
} from './vocabulary';

// ---------------------------------------------------------------------------------------------
// Properties

/**
 * What a property holds, and so how it is typed in GraphQL, validated and imported:
 * text; an enumeration value; a partial date (YYYY, YYYY-MM or YYYY-MM-DD); an http(s) URL;
 * an e-mail address; a phone number; an ISO 3166-1 alpha-2 country code, or a list of them.
 */
export type ValueKind =
  'text' | 'enum' | 'partialDate' | 'url' | 'email' | 'phone' | 'country' | 'countryList';

/** Who may read a property: anyone who may read the entity, viewers and above, or editors and admins. */
export type ReadAccess = 'public' | 'viewer' | 'editor';

/** An enumeration a property takes its values from (registered under this GraphQL name in src/resolvers/common/enums.ts). */
export interface EnumSpec {
  readonly name: string;
  readonly values: Readonly<Record<string, string>>;
  /** How import problems name a value of it: "a kind of Organisation", "a level". */
  readonly noun: (type: EntityType) => string;
}

export interface PropertySpec {
  /** The stored name (Neo4j property, import column, export column, GraphQL field unless `contact`). */
  readonly name: string;
  readonly value: ValueKind;
  readonly enum?: EnumSpec;
  /** Whether the GraphQL field may be null (lists are never null: empty instead). Inputs always accept null, which clears. */
  readonly nullable: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly maxItems?: number;
  readonly read: ReadAccess;
  /** Whether it is part of the entity's search text (src/domain/text.ts searchText). */
  readonly search: boolean;
  /** Its column in CSV and JSON imports (null: not importable). */
  readonly importColumn: string | null;
  /** The Popolo field it is read from when that is named otherwise (start_date), for import problems. */
  readonly popolo?: string;
  /** Its place among the export columns (1 = first after id, type, label); null: never exported. */
  readonly exportOrder: number | null;
  /** The description of the GraphQL field, and of the input field when it differs. */
  readonly description?: string;
  readonly inputDescription?: string;
  /** Contact details are read and written as one `contact` object: the field name in it. */
  readonly contact?: string;
}

export interface EntitySpec {
  readonly type: EntityType;
  /** The root field of one (`organisation`) and of a list (`organisations`, also the network-file section and the CSV file name). */
  readonly singular: string;
  readonly plural: string;
  readonly description: string;
  /** Type-specific properties, in column order; the common ones (name, slug, aliases, ...) are in COMMON. */
  readonly properties: readonly PropertySpec[];
}

/** Limits and export places of the fields every entity and every tie has. */
export const COMMON = {
  nameLength: 300,
  slugLength: 80,
  noteLength: 5000,
  /** Sources and identifiers an entity or tie may carry. */
  maxSources: 50,
  maxIdentifiers: 50,
  /** Length of an `after` cursor. */
  cursorLength: 500,
  /** Text of an importable property that names no limit (enumeration values, country codes): read at most this long. */
  importTextLength: 300,
  /** The Popolo fields the common properties are read from, for import problems. */
  popoloColumns: { aliases: 'other_names', slug: 'id', identifiers: 'identifiers' },
  /** The common properties among the export columns. */
  exportColumns: [
    { name: 'slug', order: 1, list: false },
    { name: 'aliases', order: 7, list: true },
  ],
} as const;

const kindOf = (type: EntityType) => `a kind of ${type}`;
const ENUMS = {
  OrganisationKind: { name: 'OrganisationKind', values: OrganisationKind, noun: kindOf },
  ForumKind: { name: 'ForumKind', values: ForumKind, noun: kindOf },
  ForumLevel: { name: 'ForumLevel', values: ForumLevel, noun: () => 'a level' },
  EventKind: { name: 'EventKind', values: EventKind, noun: kindOf },
  InstrumentKind: { name: 'InstrumentKind', values: InstrumentKind, noun: kindOf },
} as const satisfies Record<string, EnumSpec>;

type Extra = Partial<Omit<PropertySpec, 'name' | 'value'>>;
const base = { nullable: true, read: 'public', search: false } as const;
/** A public, nullable, importable property; `exportOrder` null keeps it out of exports. */
const prop = (
  name: string,
  value: ValueKind,
  exportOrder: number | null,
  extra: Extra = {},
): PropertySpec => ({ ...base, name, value, importColumn: name, exportOrder, ...extra });

const acronym = prop('acronym', 'text', 2, { minLength: 1, maxLength: 30, search: true });
const website = prop('website', 'url', 8, { maxLength: 2000 });
const description = prop('description', 'text', 10, { maxLength: 5000 });
const kind = (e: EnumSpec) => prop('kind', 'enum', 3, { enum: e });

export const ENTITIES: readonly EntitySpec[] = [
  {
    type: EntityType.Organisation,
    singular: 'organisation',
    plural: 'organisations',
    description:
      'A civil-society organisation, network, agency, association, union or institution.',
    properties: [
      acronym,
      kind(ENUMS.OrganisationKind),
      prop('countries', 'countryList', 6, {
        nullable: false,
        maxItems: 250,
        description: 'ISO 3166-1 alpha-2 codes.',
        inputDescription: 'ISO 3166-1 alpha-2 codes, e.g. NL, UG.',
      }),
      website,
      description,
    ],
  },
  {
    type: EntityType.Person,
    singular: 'person',
    plural: 'people',
    description: 'A person who works at organisations and speaks for them.',
    properties: [
      prop('title', 'text', 5, {
        maxLength: 300,
        description: 'Current title or position, as published.',
      }),
      // Personal data: never in search text, exports, history or logs.
      prop('contactEmail', 'email', null, {
        maxLength: 320,
        read: 'editor',
        contact: 'email',
        popolo: 'email',
      }),
      prop('contactPhone', 'phone', null, {
        read: 'editor',
        contact: 'phone',
        popolo: 'contact_details',
      }),
    ],
  },
  {
    type: EntityType.Forum,
    singular: 'forum',
    plural: 'fora',
    description:
      'A policy space where actors engage: network, platform, governing body, conference series, coalition, working group, partnership.',
    properties: [
      acronym,
      kind(ENUMS.ForumKind),
      prop('level', 'enum', 4, { enum: ENUMS.ForumLevel }),
      website,
      description,
    ],
  },
  {
    type: EntityType.Event,
    singular: 'event',
    plural: 'events',
    description:
      'A dated meeting: conference, session, side event, meeting, webinar, consultation.',
    properties: [
      kind(ENUMS.EventKind),
      prop('startDate', 'partialDate', 11, { popolo: 'start_date' }),
      prop('endDate', 'partialDate', 12, { popolo: 'end_date' }),
      prop('venue', 'text', 13, { maxLength: 300 }),
      prop('city', 'text', 14, { maxLength: 200 }),
      prop('country', 'country', 15, { description: 'ISO 3166-1 alpha-2 code.' }),
      description,
    ],
  },
  {
    type: EntityType.Instrument,
    singular: 'instrument',
    plural: 'instruments',
    description:
      'A policy instrument or commitment: code of practice, resolution, strategy, declaration, work plan.',
    properties: [
      kind(ENUMS.InstrumentKind),
      prop('adoptedOn', 'partialDate', 16),
      prop('url', 'url', 9, { maxLength: 2000 }),
      description,
    ],
  },
  {
    type: EntityType.Topic,
    singular: 'topic',
    plural: 'topics',
    description: 'A theme actors work on.',
    properties: [description],
  },
];

/** Contact details: how they are described as a whole (Person.contact, its type and its input). */
export const CONTACT = {
  field: 'contact',
  read: 'editor' as ReadAccess,
  description: 'Personal contact details. Only editors and admins may read them.',
  typeDescription: "A person's contact details: personal data, for editors and admins only.",
  inputDescription: 'Personal data: readable by editors and admins only.',
};

/** A phone number as the model accepts it (input and import). */
export const PHONE = /^[+0-9 ().-]{3,40}$/;

// ---------------------------------------------------------------------------------------------
// Ties

export interface TieEndSpec {
  /** The GraphQL field of this end (Engagement.actor, Engagement.forum). */
  readonly field: string;
  readonly types: readonly EntityType[];
  readonly description: string;
  /** When the end may be of more than one type: the GraphQL union it is shown as. */
  readonly union?: { readonly name: string; readonly description?: string };
}

export interface RoleSpec {
  /** The GraphQL enum of the roles. */
  readonly enum: string;
  readonly description: string;
  readonly values: readonly string[];
}

/** Who may read ties of a type: the personal ones (who works where) need this role, by every path. */
export const PERSONAL_ROLE = 'viewer' as const;

export interface TieTypeSpec {
  readonly type: TieType;
  /** The GraphQL object type (Engagement), its inputs (EngagementInput, EngagementPatch) and connection. */
  readonly name: string;
  readonly description: string;
  readonly roles: RoleSpec | null;
  readonly from: TieEndSpec;
  readonly to: TieEndSpec;
  /** When not every from type may join every to type: the pairs that may. */
  readonly pairs?: ReadonlyArray<readonly [EntityType, EntityType]>;
  /** Whether the tie may say which organisation the actor acted for. */
  readonly onBehalfOf: boolean;
  /** Personal data (who works where): readable only with PERSONAL_ROLE. */
  readonly personal: boolean;
  /** The CSV file name of its import (without .csv). */
  readonly importFile: string;
}

const { Organisation, Person, Forum, Event, Instrument, Topic } = EntityType;
const ACTOR = { name: 'Actor', description: 'An organisation or a person.' };

/** In this order: the order of the onBehalfOf ties in messages. */
export const TIES: readonly TieTypeSpec[] = [
  {
    type: TieType.ENGAGES_IN,
    name: 'Engagement',
    description: 'An organisation or person engaging in a forum, in a role.',
    roles: {
      enum: 'EngagementRole',
      description: 'How an organisation or person engages in a forum.',
      values: [
        'MEMBER',
        'FOUNDER',
        'HOST',
        'SECRETARIAT',
        'CHAIR',
        'CO_CHAIR',
        'OBSERVER',
        'PARTICIPANT',
        'CONTRIBUTOR',
        'COORDINATOR',
        'OTHER',
      ],
    },
    from: {
      field: 'actor',
      types: [Organisation, Person],
      description: 'Who engages.',
      union: ACTOR,
    },
    to: { field: 'forum', types: [Forum], description: 'Where.' },
    onBehalfOf: true,
    personal: false,
    importFile: 'engagements',
  },
  {
    type: TieType.PARTICIPATES_IN,
    name: 'Participation',
    description: 'A person or organisation taking part in an event, in a role.',
    roles: {
      enum: 'ParticipationRole',
      description: 'What a person or organisation did at an event.',
      values: [
        'ORGANISER',
        'CO_ORGANISER',
        'SPEAKER',
        'MODERATOR',
        'PANELLIST',
        'PARTICIPANT',
        'HOST',
        'SPONSOR',
        'OTHER',
      ],
    },
    from: {
      field: 'participant',
      types: [Person, Organisation],
      description: 'Who took part.',
      union: ACTOR,
    },
    to: { field: 'event', types: [Event], description: 'The event.' },
    onBehalfOf: true,
    personal: false,
    importFile: 'participations',
  },
  {
    type: TieType.AFFILIATED_WITH,
    name: 'Affiliation',
    description: "A person's position at an organisation.",
    roles: {
      enum: 'AffiliationRole',
      description: "A person's position at an organisation.",
      values: ['DIRECTOR', 'STAFF', 'BOARD', 'MEMBER', 'ADVISER', 'OTHER'],
    },
    from: { field: 'person', types: [Person], description: 'The person.' },
    to: { field: 'organisation', types: [Organisation], description: 'The organisation.' },
    onBehalfOf: true,
    personal: true,
    importFile: 'affiliations',
  },
  {
    type: TieType.MEMBER_OF,
    name: 'Membership',
    description: 'An organisation belonging to a network organisation.',
    roles: {
      enum: 'MembershipRole',
      description: "An organisation's standing in a network organisation.",
      values: ['MEMBER', 'FOUNDER', 'ASSOCIATE', 'OTHER'],
    },
    from: { field: 'member', types: [Organisation], description: 'The member.' },
    to: { field: 'network', types: [Organisation], description: 'The network.' },
    onBehalfOf: false,
    personal: false,
    importFile: 'memberships',
  },
  {
    type: TieType.PART_OF,
    name: 'PartOf',
    description: 'An event within a forum or event; a forum within a forum or organisation.',
    roles: null,
    from: {
      field: 'part',
      types: [Event, Forum],
      description: 'The part.',
      union: { name: 'Part', description: 'An event or a forum that is part of something larger.' },
    },
    to: {
      field: 'whole',
      types: [Forum, Event, Organisation],
      description: 'What it is part of.',
      union: { name: 'Whole' },
    },
    pairs: [
      [Event, Forum],
      [Event, Event],
      [Forum, Forum],
      [Forum, Organisation],
    ],
    onBehalfOf: false,
    personal: false,
    importFile: 'part-of',
  },
  {
    type: TieType.ADOPTED,
    name: 'Adoption',
    description: 'A forum adopting an instrument; since is the date of adoption.',
    roles: null,
    from: { field: 'forum', types: [Forum], description: 'The adopting forum.' },
    to: { field: 'instrument', types: [Instrument], description: 'The instrument.' },
    onBehalfOf: false,
    personal: false,
    importFile: 'adoptions',
  },
  {
    type: TieType.WORKS_ON,
    name: 'WorkOn',
    description: 'An organisation, person or forum working on a topic or instrument.',
    roles: {
      enum: 'WorkOnRole',
      description: 'How an actor works on a topic or instrument.',
      values: ['PROMOTES', 'MONITORS', 'IMPLEMENTS', 'ADVOCATES', 'OTHER'],
    },
    from: {
      field: 'actor',
      types: [Organisation, Person, Forum],
      description: 'Who works on it.',
      union: { name: 'WorkOnActor' },
    },
    to: {
      field: 'subject',
      types: [Topic, Instrument],
      description: 'The topic or instrument.',
      union: { name: 'WorkOnSubject' },
    },
    onBehalfOf: false,
    personal: false,
    importFile: 'works-on',
  },
];

// ---------------------------------------------------------------------------------------------
// Relation fields: how each entity type shows its ties (Forum.engagements, Person.affiliations, ...)

export type RelationDirection = 'out' | 'in';

export interface RelationSpec {
  readonly entity: EntityType;
  readonly field: string;
  readonly tie: TieType;
  /** out: the entity is the tie's from end; in: its to end. */
  readonly direction: RelationDirection;
  /** Keep only ties whose other end is of this type (a forum's events among its parts). */
  readonly otherType?: EntityType;
  readonly description: string;
  /** The role a caller needs to read the field (null: whoever may read the entity). */
  readonly role: typeof PERSONAL_ROLE | null;
}

const rel = (
  entity: EntityType,
  field: string,
  tie: TieType,
  direction: RelationDirection,
  description: string,
  extra: Partial<RelationSpec> = {},
): RelationSpec => ({
  entity,
  field,
  tie,
  direction,
  description,
  role: null,
  ...extra,
});
const { ENGAGES_IN, AFFILIATED_WITH, MEMBER_OF, PARTICIPATES_IN, WORKS_ON, PART_OF, ADOPTED } =
  TieType;
const personal = { role: PERSONAL_ROLE } as const;

export const RELATION_FIELDS: readonly RelationSpec[] = [
  rel(Organisation, 'engagements', ENGAGES_IN, 'out', 'The fora it engages in.'),
  rel(Organisation, 'people', AFFILIATED_WITH, 'in', 'People affiliated with it.', personal),
  rel(Organisation, 'memberships', MEMBER_OF, 'out', 'Network organisations it is a member of.'),
  rel(Organisation, 'members', MEMBER_OF, 'in', 'Its members, when it is a network.'),
  rel(Organisation, 'participations', PARTICIPATES_IN, 'out', 'Events it took part in.'),
  rel(Organisation, 'worksOn', WORKS_ON, 'out', 'Topics and instruments it works on.'),
  rel(Organisation, 'parts', PART_OF, 'in', 'Fora that are part of it (e.g. its working groups).'),
  rel(
    Person,
    'affiliations',
    AFFILIATED_WITH,
    'out',
    'Organisations the person works for.',
    personal,
  ),
  rel(Person, 'engagements', ENGAGES_IN, 'out', 'Fora the person engages in.'),
  rel(Person, 'participations', PARTICIPATES_IN, 'out', 'Events the person took part in.'),
  rel(Person, 'worksOn', WORKS_ON, 'out', 'Topics and instruments the person works on.'),
  rel(Forum, 'engagements', ENGAGES_IN, 'in', 'Who engages in this forum, in which role.'),
  rel(Forum, 'events', PART_OF, 'in', 'Events held as part of this forum.', { otherType: Event }),
  rel(Forum, 'subfora', PART_OF, 'in', 'Fora that are part of this forum.', { otherType: Forum }),
  rel(Forum, 'partOf', PART_OF, 'out', 'The forum or organisation this forum belongs to.'),
  rel(Forum, 'adopted', ADOPTED, 'out', 'Instruments this forum adopted.'),
  rel(Forum, 'worksOn', WORKS_ON, 'out', 'Topics and instruments this forum works on.'),
  rel(Event, 'participants', PARTICIPATES_IN, 'in', 'Who took part, in which role.'),
  rel(Event, 'partOf', PART_OF, 'out', 'The forum or event this event belongs to.'),
  rel(Event, 'sessions', PART_OF, 'in', 'Events within this event (sessions, side events).'),
  rel(Instrument, 'adoptedBy', ADOPTED, 'in', 'Fora that adopted it.'),
  rel(Instrument, 'workedOnBy', WORKS_ON, 'in', 'Who promotes, monitors or implements it.'),
  rel(Topic, 'workedOnBy', WORKS_ON, 'in', 'Who works on this topic.'),
];

// ---------------------------------------------------------------------------------------------
// Page and cost limits

export interface PageRule {
  /** The argument that carries the size. */
  readonly argument: 'first' | 'limit';
  /** What null or no argument means. */
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
  /** Appended to the error message: how to get more. */
  readonly hint?: string;
}

/** How many items a list or a network question may return, and what it returns when the caller gives no size (src/domain/paging.ts). */
export const PAGES = {
  /** Relay connections: entity lists, tie lists, history. */
  list: {
    argument: 'first',
    fallback: 20,
    min: 0,
    max: 100,
    hint: 'ask for the next page with "after".',
  },
  search: { argument: 'first', fallback: 10, min: 1, max: 50 },
  duplicateCandidates: { argument: 'first', fallback: 20, min: 1, max: 100 },
  allies: { argument: 'first', fallback: 10, min: 1, max: 100 },
  connections: { argument: 'first', fallback: 3, min: 1, max: 10 },
  brokers: { argument: 'first', fallback: 10, min: 1, max: 100 },
  // Rows of the matrix; at least one (the argument's validation always said so).
  engagementMatrix: { argument: 'first', fallback: 100, min: 1, max: 100 },
  neighbourhood: { argument: 'limit', fallback: 200, min: 1, max: 2_000 },
} as const satisfies Record<string, PageRule>;
export type PageName = keyof typeof PAGES;

/**
 * The root fields that cost more than a lookup or take a page size of their own (src/security/cost.ts):
 * base cost (a graph algorithm or a full-text search), and the page rule of their size argument.
 */
export const QUERY_FIELD_COSTS: Readonly<
  Record<string, { readonly base?: number; readonly page?: PageName }>
> = {
  allies: { base: 10, page: 'allies' },
  connections: { base: 50, page: 'connections' },
  neighbourhood: { base: 10, page: 'neighbourhood' },
  engagementMatrix: { base: 20, page: 'engagementMatrix' },
  coverage: { base: 50 },
  brokers: { base: 50, page: 'brokers' },
  search: { base: 5, page: 'search' },
  duplicateCandidates: { page: 'duplicateCandidates' },
};

/** Assumed length of lists of records that take no `first`/`limit` (their caps are in docs/network.md). */
export const LIST_SIZES = {
  default: 10,
  /** By GraphQL type and field. */
  fields: {
    // Sized by the parent's `limit` or `first`, which is already counted.
    GraphResult: { nodes: 1, edges: 1 },
    EngagementMatrix: { organisations: 1, fora: 1 },
    // Up to 5,000 fora; a network reaches far fewer.
    Coverage: { uncovered: 100, reached: 50, singlePoints: 50 },
  } as Readonly<Record<string, Readonly<Record<string, number>>>>,
};

// ---------------------------------------------------------------------------------------------
// The whole spec, as one value: the derivations below take it as a parameter, so that a test can
// derive everything from a copy with one more property.

export interface ModelSpec {
  readonly entities: readonly EntitySpec[];
  readonly ties: readonly TieTypeSpec[];
  readonly relations: readonly RelationSpec[];
}

export const MODEL: ModelSpec = { entities: ENTITIES, ties: TIES, relations: RELATION_FIELDS };

export function entitySpec(type: EntityType, spec: ModelSpec = MODEL): EntitySpec {
  const e = spec.entities.find((x) => x.type === type);
  if (!e) throw new Error(`The model spec has no entity type ${type}`);
  return e;
}

export function tieSpec(type: TieType, spec: ModelSpec = MODEL): TieTypeSpec {
  const t = spec.ties.find((x) => x.type === type);
  if (!t) throw new Error(`The model spec has no tie type ${type}`);
  return t;
}

/** A value for every entity type (a record the compiler checks is complete). */
export function byEntityType<T>(f: (type: EntityType) => T): Record<EntityType, T> {
  return {
    Organisation: f(Organisation),
    Person: f(Person),
    Forum: f(Forum),
    Event: f(Event),
    Instrument: f(Instrument),
    Topic: f(Topic),
  };
}

/** A value for every tie type. */
export function byTieType<T>(f: (type: TieType) => T): Record<TieType, T> {
  return {
    AFFILIATED_WITH: f(AFFILIATED_WITH),
    MEMBER_OF: f(MEMBER_OF),
    ENGAGES_IN: f(ENGAGES_IN),
    PARTICIPATES_IN: f(PARTICIPATES_IN),
    PART_OF: f(PART_OF),
    ADOPTED: f(ADOPTED),
    WORKS_ON: f(WORKS_ON),
  };
}

/** Type-specific property names of each entity type, in the spec's order. */
export function entityProps(spec: ModelSpec = MODEL): Record<EntityType, readonly string[]> {
  return byEntityType((t) => entitySpec(t, spec).properties.map((p) => p.name));
}

/** Properties not everyone may read (contact details): never in search text, public exports, history or logs. */
export function restrictedProps(spec: ModelSpec = MODEL): Set<string> {
  return new Set(
    spec.entities.flatMap((e) =>
      e.properties.filter((p) => p.read !== 'public').map((p) => p.name),
    ),
  );
}

/** Roles of each tie type (empty for a tie without roles). */
export function tieRoles(spec: ModelSpec = MODEL): Record<TieType, readonly string[]> {
  return byTieType((t) => tieSpec(t, spec).roles?.values ?? []);
}

export function tieEndpoints(
  spec: ModelSpec = MODEL,
): Record<TieType, { from: readonly EntityType[]; to: readonly EntityType[] }> {
  return byTieType((t) => ({ from: tieSpec(t, spec).from.types, to: tieSpec(t, spec).to.types }));
}

export interface ExportColumn {
  name: string;
  list: boolean;
}

/**
 * The export columns besides id, type and label, in order: the common ones and every
 * property with an exportOrder, once each (a property several types share, such as
 * description, is one column). Public properties only.
 */
export function exportColumns(spec: ModelSpec = MODEL): ExportColumn[] {
  const byName = new Map<string, { order: number; list: boolean }>();
  const add = (name: string, order: number, list: boolean) => {
    const seen = byName.get(name);
    if (seen && (seen.order !== order || seen.list !== list))
      throw new Error(`The model spec exports "${name}" at two places or kinds`);
    byName.set(name, { order, list });
  };
  for (const c of COMMON.exportColumns) add(c.name, c.order, c.list);
  for (const e of spec.entities) {
    for (const p of e.properties) {
      if (p.exportOrder === null) continue;
      if (p.read !== 'public')
        throw new Error(`The model spec exports "${p.name}", which not everyone may read`);
      add(p.name, p.exportOrder, p.value === 'countryList');
    }
  }
  return [...byName.entries()]
    .sort((a, b) => a[1].order - b[1].order || (a[0] < b[0] ? -1 : 1))
    .map(([name, { list }]) => ({ name, list }));
}

/** Import columns of an entity type's own properties (CSV header names; JSON keys, contact details inside `contact`). */
export function importColumns(type: EntityType, spec: ModelSpec = MODEL): string[] {
  return entitySpec(type, spec).properties.flatMap((p) => (p.importColumn ? [p.importColumn] : []));
}

/** Model field → the Popolo field it is read from, where they differ (names Popolo import problems). */
export function popoloColumns(spec: ModelSpec = MODEL): Record<string, string> {
  const out: Record<string, string> = { ...COMMON.popoloColumns };
  for (const e of spec.entities) for (const p of e.properties) if (p.popolo) out[p.name] = p.popolo;
  return out;
}
