/**
 * The read planner's one view of the model: entity types and their stored properties, the
 * relation fields with their tie type and direction, the two ends of each tie, and who may
 * read what. Every label, relationship type and property name the planner writes into Cypher
 * comes from these tables, which read the one model spec (src/domain/spec.ts), and nowhere else.
 */
import { PERSONAL_ROLE, PERSONAL_TIES, hasRole } from '../auth/auth-checker';
import type { Caller } from '../context';
import {
  ENTITY_TYPES,
  EntityType,
  TIE_ENDPOINTS,
  TIE_PAGE_KEYS,
  TIE_TYPES,
  TieType,
  TiePageKey,
} from '../domain/model';
import { CONTACT_PROPS, ENTITY_PROPS } from '../domain/records';
import type { Direction } from '../graph/tie.repository';
import { RELATION_FIELDS, TIES, tieSpec } from '../domain/spec';

export { EntityType, TieType };
export type { Direction };

export interface PlannerRelation {
  owner: EntityType;
  field: string;
  tie: TieType;
  direction: Direction;
  /** Only ties whose other end has this label (Forum.events, Forum.subfora). */
  otherType: EntityType | null;
  /**
   * The tie property that orders this end's ties: `pageFrom` for ties going out, `pageTo` for
   * ties coming in (cypher/queries/tie/_page-keys.cypher); a relationship range index per tie
   * type and end (V0012) serves a page from it in order.
   */
  pageKey: TiePageKey;
  /**
   * Every tie of this type at this end has an other end the relation keeps (no otherType, or
   * the only type the model allows there): an unfiltered totalCount is then the end's degree,
   * which Neo4j keeps, instead of a walk over the ties.
   */
  countsDegree: boolean;
}

const ENTITY_SET = new Set<string>(ENTITY_TYPES);
const TIE_SET = new Set<string>(TIE_TYPES);

export function isEntityLabel(name: string): name is EntityType {
  return ENTITY_SET.has(name);
}

const relations = new Map<string, PlannerRelation>();
for (const r of RELATION_FIELDS) {
  relations.set(`${r.entity}.${r.field}`, {
    owner: r.entity,
    field: r.field,
    tie: r.tie,
    direction: r.direction,
    otherType: r.otherType ?? null,
    pageKey: r.direction === 'out' ? 'pageFrom' : 'pageTo',
    countsDegree: (() => {
      const others = TIE_ENDPOINTS[r.tie][r.direction === 'out' ? 'to' : 'from'];
      return !r.otherType || others.every((t) => t === r.otherType);
    })(),
  });
}

/** The relation field `field` of entity type `owner`, or null when it is none. */
export function relationOf(owner: EntityType, field: string): PlannerRelation | null {
  return relations.get(`${owner}.${field}`) ?? null;
}

/** Which GraphQL type names each tie type has (Engagement for ENGAGES_IN, ...), and its end fields. */
const TIE_NAMES = new Map<string, TieType>(TIES.map((s) => [s.name, s.type]));
export function tieTypeOfObject(name: string): TieType | null {
  return TIE_NAMES.get(name) ?? null;
}
export function tieEnds(type: TieType): { from: string; to: string; onBehalf: boolean } {
  const spec = tieSpec(type);
  return { from: spec.from.field, to: spec.to.field, onBehalf: spec.onBehalfOf };
}

/** Fields every entity has, with the stored property each reads ('' for none). */
const BASE_ENTITY_FIELDS: Readonly<Record<string, string>> = {
  id: 'id',
  slug: 'slug',
  name: 'name',
  aliases: 'aliases',
  sources: 'sourcesJson',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  version: 'version',
};

/** The stored property a plain field of an entity type reads, or null when the field is not a stored property. */
export function entityPropOf(type: EntityType, field: string): string | null {
  if (field in BASE_ENTITY_FIELDS) return BASE_ENTITY_FIELDS[field];
  if (ENTITY_PROPS[type].includes(field) && !CONTACT_PROPS.has(field)) return field;
  return null;
}

/** Every stored property of an entity type that anyone may read (contact details aside). */
export function allEntityProps(type: EntityType): string[] {
  return [
    ...new Set(Object.values(BASE_ENTITY_FIELDS)),
    ...ENTITY_PROPS[type].filter((p) => !CONTACT_PROPS.has(p)),
  ];
}

/** Person.contact reads these properties; they are fetched only for callers who may read them. */
export const CONTACT_FIELD = {
  owner: EntityType.Person,
  field: 'contact',
  props: [...CONTACT_PROPS],
  roles: ['editor', 'admin'] as const,
};

/** Plain fields of a tie, with the stored property each reads. */
const TIE_FIELDS: Readonly<Record<string, string>> = {
  id: 'id',
  role: 'role',
  since: 'since',
  until: 'until',
  note: 'note',
  sources: 'sourcesJson',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  version: 'version',
};
export function tiePropOf(field: string): string | null {
  return TIE_FIELDS[field] ?? null;
}

/** Every property name the planner may write into a projection. */
const PROPERTY_NAMES = new Set<string>([
  ...Object.values(BASE_ENTITY_FIELDS),
  ...Object.values(ENTITY_PROPS).flat(),
  ...Object.values(TIE_FIELDS),
  'onBehalfOf',
  'sinceStart',
  'sortName',
  ...TIE_PAGE_KEYS,
]);

/** Throws unless `name` is a label, relationship type or property of the model: the last check before text. */
export function whitelisted(name: string): string {
  if (ENTITY_SET.has(name) || TIE_SET.has(name) || PROPERTY_NAMES.has(name) || name === 'Entity')
    return name;
  throw new Error(
    `"${name}" is not a name of the model; the planner writes only model names into Cypher`,
  );
}

/** Whether this caller may read ties of this type (Affiliation: viewer and above). */
export function mayReadTie(caller: Caller, type: TieType): boolean {
  return !PERSONAL_TIES.has(type) || hasRole(caller, PERSONAL_ROLE);
}
export const seesPersonal = (caller: Caller): boolean => hasRole(caller, PERSONAL_ROLE);
export function mayReadContact(caller: Caller): boolean {
  return hasRole(caller, 'editor');
}

/** Root fields the planner serves: one entity by id/slug/identifier, and lists. */
export const SINGULAR_ROOTS: Readonly<Record<string, EntityType>> = {
  organisation: EntityType.Organisation,
  person: EntityType.Person,
  forum: EntityType.Forum,
  event: EntityType.Event,
  instrument: EntityType.Instrument,
  topic: EntityType.Topic,
};
export const LIST_ROOTS: Readonly<Record<string, EntityType>> = {
  organisations: EntityType.Organisation,
  people: EntityType.Person,
  fora: EntityType.Forum,
  events: EntityType.Event,
  instruments: EntityType.Instrument,
  topics: EntityType.Topic,
};
