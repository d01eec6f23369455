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
  return entityOf(
    row.type as EntityType,
    row.node as Record<string, unknown>,
    (row.identifiers as Identifier[] | null | undefined) ?? [],
  );
}

/**
 * A node's properties as the domain's record: the fields every entity has first, then its own
 * properties, never the internal ones. Built in place (no spread of an intermediate copy): the
 * read planner makes thousands per request.
 */
export function entityOf(
  type: EntityType,
  node: Record<string, unknown>,
  identifiers: Identifier[],
): EntityRecord {
  const key = node.id as string;
  const out: EntityRecord = {
    type,
    key,
    id: toGlobalId(type, key),
    slug: node.slug as string,
    name: node.name as string,
    aliases: (node.aliases as string[] | null | undefined) ?? [],
    sources: sources(node.sourcesJson),
    identifiers:
      identifiers.length > 1
        ? identifiers
            .slice()
            .sort((a, b) => `${a.scheme}:${a.value}`.localeCompare(`${b.scheme}:${b.value}`))
        : identifiers.slice(),
    createdAt: node.createdAt as string,
    updatedAt: node.updatedAt as string,
    version: node.version as number,
  };
  for (const k in node) if (!(k in out) && !INTERNAL.has(k)) out[k] = node[k];
  if (type === EntityType.Organisation && !Array.isArray(out.countries)) out.countries = [];
  return out;
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
