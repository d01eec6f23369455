/**
 * Plain records as the repositories return them and the services pass them on.
 * `key` is the stable UUID in the database; `id` is the opaque global id clients see.
 */
import { EntityType, Identifier, Source, TieType } from './model';
import { entityProps, restrictedProps } from './spec';

/** Type-specific properties each entity type may hold (everything else is rejected): the model spec's (spec.ts). */
export const ENTITY_PROPS: Readonly<Record<EntityType, readonly string[]>> = entityProps();

/** Properties that are personal contact data: never in search text, exports for the public, or logs (the spec's non-public ones). */
export const CONTACT_PROPS: ReadonlySet<string> = restrictedProps();

export interface EntityRecord {
  type: EntityType;
  key: string;
  id: string;
  slug: string;
  name: string;
  aliases: string[];
  sources: Source[];
  identifiers: Identifier[];
  createdAt: string;
  updatedAt: string;
  version: number;
  [prop: string]: unknown;
}

export interface TieRecord {
  type: TieType;
  key: string;
  id: string;
  fromKey: string;
  fromType: EntityType;
  toKey: string;
  toType: EntityType;
  role: string | null;
  since: string | null;
  until: string | null;
  onBehalfOfKey: string | null;
  note: string | null;
  sources: Source[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  hasNextPage: boolean;
  /** Opaque cursor of each item, same order. */
  cursors: string[];
}

/** An entity as history keeps it: everything public, never contact details, without the internal key. */
export function entitySnapshot(e: EntityRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (k !== 'key' && !CONTACT_PROPS.has(k)) out[k] = v;
  return out;
}

/** A tie as history keeps it (global id, ends by key, role, dates, evidence). */
export function tieSnapshot(t: TieRecord): Record<string, unknown> {
  const { key: _key, ...rest } = t;
  return rest;
}
