/**
 * The engagement graph's vocabulary: entity types, tie types, which ends each tie
 * may join, and the roles each tie may carry, derived from the model spec (spec.ts).
 * These lists are also the whitelist for every label and relationship type that reaches Cypher.
 */

export {
  ENTITY_TYPES,
  EntityType,
  EventKind,
  ForumKind,
  ForumLevel,
  InstrumentKind,
  OrganisationKind,
  TIE_TYPES,
  TieType,
} from './vocabulary';
import { ENTITY_TYPES, EntityType, TIE_TYPES, TieType } from './vocabulary';
import { MODEL, tieEndpoints, tieRoles, tieSpec } from './spec';

/** Roles, one list per tie type that carries a role (from the model spec, src/domain/spec.ts). */
export const TIE_ROLES: Readonly<Record<TieType, readonly string[]>> = tieRoles();

/** Which entity types each tie may join, from → to (from the model spec). */
export const TIE_ENDPOINTS: Readonly<
  Record<TieType, { from: readonly EntityType[]; to: readonly EntityType[] }>
> = tieEndpoints();

/** Whether a tie of this type may join these ends: its endpoint lists, narrowed by the spec's pairs where it has them (PART_OF). */
export function tieEndsAllowed(
  type: TieType,
  from: EntityType,
  to: EntityType,
  spec = MODEL,
): boolean {
  const t = tieSpec(type, spec);
  if (!t.from.types.includes(from) || !t.to.types.includes(to)) return false;
  return !t.pairs || t.pairs.some(([f, x]) => f === from && x === to);
}

/** The sections of a network file (data/demo-network.json, JSON imports), one per entity type. */
export const NETWORK_SECTIONS: Readonly<Record<string, EntityType>> = Object.fromEntries(
  MODEL.entities.map((e) => [e.plural, e.type]),
);

/** Sort keys a list may be ordered by (all stored as strings that sort correctly). */
/**
 * The two properties every tie carries for its ends' pages (cypher/queries/tie/_page-keys.cypher,
 * indexed per tie type by V0012): its place among its from end's ties and among its to end's.
 * Internal: never returned to clients, never imported or exported.
 */
export const TIE_PAGE_KEYS = ['pageFrom', 'pageTo'] as const;
export type TiePageKey = (typeof TIE_PAGE_KEYS)[number];

export const SORT_KEYS = ['sortName', 'createdAt', 'updatedAt'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Other labels a dump and restore handle, and their unique keys. */
export const SUPPORT_LABELS = { Identifier: 'key', Change: 'id', Redirect: 'fromKey' } as const;

const WHITELIST = new Set<string>([
  ...ENTITY_TYPES,
  ...TIE_TYPES,
  'Entity',
  ...Object.keys(SUPPORT_LABELS),
  'id',
  'key',
  'fromKey',
  ...SORT_KEYS,
  'ASC',
  'DESC',
  '<',
  '>',
  '-',
  '->',
  '<-',
]);
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
