/** Database rows to domain records: global ids, parsed sources, defaults for absent lists. */
import { toGlobalId } from '../domain/ids';
import { EntityType, Identifier, Source, TieType } from '../domain/model';
import type { EntityRecord, TieRecord } from '../domain/records';
import type { Row } from './database';

/** Properties kept for the database's own use, never handed to the domain. */
export const INTERNAL_PROPS: readonly string[] = [
  'id',
  'sourcesJson',
  'sortName',
  'searchText',
  'sinceStart',
  'untilEnd',
  'onBehalfOf',
];
const INTERNAL = new Set(INTERNAL_PROPS);

function sources(json: unknown): Source[] {
  if (typeof json !== 'string' || !json) return [];
  return JSON.parse(json) as Source[];
}

export function toEntity(row: Row): EntityRecord {
  const node = row.node as Record<string, unknown>;
  const type = row.type as EntityType;
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!INTERNAL.has(k)) rest[k] = v;
  if (type === EntityType.Organisation && !Array.isArray(rest.countries)) rest.countries = [];
  return {
    ...rest,
    type,
    key: node.id as string,
    id: toGlobalId(type, node.id as string),
    slug: node.slug as string,
    name: node.name as string,
    aliases: (node.aliases as string[] | undefined) ?? [],
    sources: sources(node.sourcesJson),
    identifiers: ((row.identifiers as Identifier[] | undefined) ?? [])
      .slice()
      .sort((a, b) => `${a.scheme}:${a.value}`.localeCompare(`${b.scheme}:${b.value}`)),
    createdAt: node.createdAt as string,
    updatedAt: node.updatedAt as string,
    version: node.version as number,
  };
}

export function toTie(row: Row): TieRecord {
  const rel = row.rel as Record<string, unknown>;
  const type = row.type as TieType;
  return {
    type,
    key: rel.id as string,
    id: toGlobalId(type, rel.id as string),
    fromKey: row.fromKey as string,
    fromType: row.fromType as EntityType,
    toKey: row.toKey as string,
    toType: row.toType as EntityType,
    role: (rel.role as string | undefined) ?? null,
    since: (rel.since as string | undefined) ?? null,
    until: (rel.until as string | undefined) ?? null,
    onBehalfOfKey: (rel.onBehalfOf as string | undefined) ?? null,
    note: (rel.note as string | undefined) ?? null,
    sources: sources(rel.sourcesJson),
    createdAt: rel.createdAt as string,
    updatedAt: rel.updatedAt as string,
    version: rel.version as number,
  };
}
