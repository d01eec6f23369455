/** Cypher for bulk imports and the Popolo export: batched UNWIND writes keyed by stable ids, and the lookups behind them. */
import { groupBy } from '../collections';
import { ENTITY_TYPES, EntityType, TIE_TYPES, TieType } from '../domain/model';
import type { EntityRecord, TieRecord } from '../domain/records';
import type { Row, Tx } from './database';
import type { IdentifierWrite } from './entity.repository';
import { toEntity, toTie } from './rows';

export interface IdentifierOwner {
  key: string;
  owner: string;
  type: EntityType;
  slug: string;
  /** Set when the identifier came to its owner in a merge: the key of the record it was taken from. */
  mergedFrom: string | null;
}

export interface EntityCreate {
  type: EntityType;
  props: Row;
}

export interface TieCreate {
  type: TieType;
  from: string;
  to: string;
  props: Row;
}

export interface TieChange {
  key: string;
  from: string;
  to: string;
  props: Row;
}

/** The properties an imported tie is created with, in the column order of import/create-ties. */
export const TIE_COLUMNS = [
  'id',
  'role',
  'since',
  'sinceStart',
  'until',
  'untilEnd',
  'note',
  'sourcesJson',
  'onBehalfOf',
  'createdAt',
  'updatedAt',
  'version',
] as const;
const TIE_COLUMN_SET = new Set<string>(TIE_COLUMNS);

function tieColumns(props: Row): unknown[] {
  const unknown = Object.keys(props).filter((k) => !TIE_COLUMN_SET.has(k));
  // A property the query does not list would be silently dropped: refuse it (a programming error, not bad input).
  if (unknown.length) throw new Error(`import/create-ties has no column for ${unknown.join(', ')}`);
  return TIE_COLUMNS.map((c) => props[c] ?? null);
}

export const importRepository = {
  /** Every owner of each identifier key (an imported identifier may be carried by more than one entity). */
  async identifierOwners(tx: Tx, keys: string[]): Promise<IdentifierOwner[]> {
    if (!keys.length) return [];
    return (await tx.run('import/identifier-owners', { keys })) as unknown as IdentifierOwner[];
  },

  /** For each slug a merge absorbed (of this type), the key of the entity that absorbed it. */
  async mergedSlugs(tx: Tx, type: EntityType, slugs: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!slugs.length) return out;
    for (const r of await tx.run('import/merged-slugs', { slugs, type }))
      if (!out.has(r.slug as string)) out.set(r.slug as string, r.keep as string);
    return out;
  },

  /** Which of these entities absorbed others in merges (a redirect points at them). */
  async absorbers(tx: Tx, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    return new Set((await tx.run('import/absorbers', { keys })).map((r) => r.key as string));
  },

  async createEntities(tx: Tx, rows: EntityCreate[]): Promise<number> {
    let created = 0;
    for (const [label, group] of groupBy(rows, (r) => r.type)) {
      // Only the model's entity types become labels here (the query book's whitelist also knows other labels).
      if (!ENTITY_TYPES.includes(label))
        throw new Error(`createEntities: "${label}" is not an entity type`);
      const [r] = await tx.run(
        'import/create-entities',
        { rows: group.map((g) => g.props) },
        { label },
      );
      created += r.created as number;
    }
    return created;
  },

  async updateEntities(tx: Tx, rows: Array<{ key: string; props: Row }>): Promise<number> {
    if (!rows.length) return 0;
    const [r] = await tx.run('import/update-entities', { rows });
    return r.updated as number;
  },

  /** Makes each entity carry exactly the given identifiers. */
  async setIdentifiers(
    tx: Tx,
    rows: Array<{ key: string; identifiers: IdentifierWrite[] }>,
  ): Promise<void> {
    if (rows.length) await tx.run('import/set-identifiers', { rows });
  },

  /** Deletes those of these identifiers that no entity carries (created by a lock for a batch that was then not written). */
  async dropUnusedIdentifiers(tx: Tx, keys: string[]): Promise<void> {
    if (keys.length) await tx.run('import/drop-unused-identifiers', { keys });
  },

  /** The existing ties of the given types between these entities (may include a few more than the exact pairs asked for). */
  async tiesBetween(
    tx: Tx,
    pairs: Array<{ type: TieType; from: string; to: string }>,
  ): Promise<TieRecord[]> {
    if (!pairs.length) return [];
    const groups = new Map<string, { from: string; types: Set<TieType>; tos: Set<string> }>();
    for (const p of pairs) {
      const g = groups.get(p.from) ?? { from: p.from, types: new Set(), tos: new Set() };
      g.types.add(p.type);
      g.tos.add(p.to);
      groups.set(p.from, g);
    }
    const rows = [...groups.values()].map((g) => ({
      from: g.from,
      types: [...g.types],
      tos: [...g.tos],
    }));
    return (await tx.run('import/ties-between', { groups: rows })).map(toTie);
  },

  async createTies(tx: Tx, rows: TieCreate[]): Promise<number> {
    let created = 0;
    for (const [type, group] of groupBy(rows, (r) => r.type)) {
      if (!TIE_TYPES.includes(type)) throw new Error(`createTies: "${type}" is not a tie type`);
      const ends = new Map<string, number>();
      const at = (key: string) => ends.get(key) ?? ends.set(key, ends.size).size - 1;
      const tuples = group.map((t) => [at(t.from), at(t.to), ...tieColumns(t.props)]);
      const [r] = await tx.run(
        'import/create-ties',
        { ends: [...ends.keys()], rows: tuples },
        { type },
      );
      created += r.created as number;
    }
    return created;
  },

  async updateTies(tx: Tx, rows: TieChange[]): Promise<number> {
    if (!rows.length) return 0;
    const [r] = await tx.run('import/update-ties', { rows });
    return r.updated as number;
  },

  /** A page of people, organisations and events in key order, after `after` ('' for the first page). */
  async popoloEntities(tx: Tx, after: string, limit: number): Promise<EntityRecord[]> {
    return (await tx.run('import/popolo-entities', { after, limit })).map(toEntity);
  },

  /** Affiliations, memberships and hosted events going out of these entities. */
  async popoloTies(tx: Tx, keys: string[]): Promise<TieRecord[]> {
    if (!keys.length) return [];
    return (await tx.run('import/popolo-ties', { keys })).map(toTie);
  },
};
