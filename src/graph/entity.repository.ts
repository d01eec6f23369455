/** Cypher for entities: lookups, filtered pages, create, versioned update, delete. */
import { z } from 'zod';
import { EntityType, SortKey } from '../domain/model';
import { CONTACT_PROPS, EntityRecord } from '../domain/records';
import type { Row, Tx } from './database';
import { JSON_ESCAPES } from './history.repository';
import { INTERNAL_PROPS, toEntity } from './rows';
import { badEnd, EndRef } from './writable';

export interface EntityFilter {
  prefix: string;
  kinds: string[] | null;
  countries: string[] | null;
  forum: string | null;
  activeStart: string | null;
  activeEnd: string | null;
  /** Whether affiliations (who works where, personal data) count for activeOn. */
  personal: boolean;
}

export interface PageRequest {
  sortKey: SortKey;
  descending: boolean;
  limit: number;
  after: { value: string; key: string } | null;
}

export interface IdentifierWrite {
  key: string;
  scheme: string;
  value: string;
}

const addRow = z.object({
  status: z.enum(['ok', 'slug', 'identifier']),
  clash: z.string().nullable(),
  taken: z.array(z.string()),
});
const changeRow = z.object({
  status: z.enum(['ok', 'missing', 'merged', 'version', 'slug', 'identifier', 'input', 'dates']),
  bad: badEnd,
  clash: z.string().nullable(),
  taken: z.array(z.string()),
  currentVersion: z.number().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
});
const removeRow = z.object({
  status: z.enum(['ok', 'missing', 'merged', 'ties']),
  bad: badEnd,
  ties: z.number().int(),
});

/** What history leaves out of an entity (entity/_snapshot-json): internal properties and personal contact data. */
const HIDDEN_PROPS = [...new Set([...INTERNAL_PROPS, ...CONTACT_PROPS])];

/** The parameters entity/_snapshot-json needs besides the entity itself. */
function snapshotParams(type: EntityType, globalId: string): Row {
  return {
    entityType: type,
    entityId: globalId,
    hiddenProps: HIDDEN_PROPS,
    jsonEscapes: JSON_ESCAPES,
  };
}

export const entityRepository = {
  /**
   * Creates an entity in one round trip (entity/add): the slug and identifier checks, then the
   * entity and its history change. `change` is the Change node's properties, afterJson included.
   */
  async add(
    tx: Tx,
    type: EntityType,
    args: { props: Row; identifiers: IdentifierWrite[]; change: Row },
  ): Promise<z.infer<typeof addRow> & { entity: EntityRecord | null }> {
    const [row] = await tx.run('entity/add', { ...args, self: null }, { label: type });
    const parsed = addRow.parse(row);
    return { ...parsed, entity: parsed.status === 'ok' ? toEntity(row) : null };
  },

  /** Updates an entity in one round trip (entity/change): lock, version, slug, identifiers, dates, then the write and its history. */
  async change(
    tx: Tx,
    type: EntityType,
    args: {
      key: string;
      globalId: string;
      ends: EndRef[];
      expectedVersion: number | null;
      inputError: boolean;
      props: Row;
      aliasesByKey: Array<[string, string]> | null;
      identifiers: IdentifierWrite[] | null;
      change: Row;
    },
  ): Promise<z.infer<typeof changeRow> & { entity: EntityRecord | null }> {
    const { globalId, ...rest } = args;
    const [row] = await tx.run(
      'entity/change',
      {
        ...rest,
        ...snapshotParams(type, globalId),
        self: args.key,
        setStart: 'startDate' in args.props,
        setEnd: 'endDate' in args.props,
      },
      { label: type },
    );
    const parsed = changeRow.parse(row);
    return { ...parsed, entity: parsed.status === 'ok' ? toEntity(row) : null };
  },

  /** Deletes an entity in one round trip (entity/remove): lock, ties, history, delete. */
  async remove(
    tx: Tx,
    type: EntityType,
    args: { key: string; globalId: string; ends: EndRef[]; detach: boolean; change: Row },
  ): Promise<z.infer<typeof removeRow>> {
    const { globalId, ...rest } = args;
    const [row] = await tx.run(
      'entity/remove',
      { ...rest, ...snapshotParams(type, globalId) },
      { label: type },
    );
    return removeRow.parse(row);
  },

  async getByKeys(tx: Tx, keys: readonly string[]): Promise<EntityRecord[]> {
    return (await tx.run('entity/get-by-keys', { keys })).map(toEntity);
  },

  async getBySlugs(tx: Tx, type: EntityType, slugs: readonly string[]): Promise<EntityRecord[]> {
    return (await tx.run('entity/get-by-slugs', { slugs }, { label: type })).map(toEntity);
  },

  /** Entities of any of these types by slug, one indexed lookup per type (a slug is unique per type only). */
  async getBySlugsOfTypes(
    tx: Tx,
    types: readonly EntityType[],
    slugs: readonly string[],
  ): Promise<EntityRecord[]> {
    const out: EntityRecord[] = [];
    for (const type of types) out.push(...(await entityRepository.getBySlugs(tx, type, slugs)));
    return out;
  },

  /** The entities of one type that carry an identifier (by its key "scheme:value"): at most two, since two already mean a duplicate. */
  async getByIdentifier(tx: Tx, type: EntityType, key: string): Promise<EntityRecord[]> {
    return (await tx.run('entity/get-by-identifier', { key }, { label: type })).map(toEntity);
  },

  async list(
    tx: Tx,
    type: EntityType,
    filter: EntityFilter,
    page: PageRequest,
  ): Promise<EntityRecord[]> {
    const dir = page.descending ? 'DESC' : 'ASC';
    const rows = await tx.run(
      'entity/list',
      {
        ...filter,
        limit: page.limit,
        afterValue: page.after?.value ?? null,
        afterKey: page.after?.key ?? null,
      },
      { label: type, sortKey: page.sortKey, dir, cmp: page.descending ? '<' : '>' },
    );
    return rows.map(toEntity);
  },

  async count(tx: Tx, type: EntityType, filter: EntityFilter): Promise<number> {
    const [row] = await tx.run('entity/count', { ...filter }, { label: type });
    return row.total as number;
  },

  /** Locks the entity and returns its version, or null when there is no such entity. */
  async lockVersion(tx: Tx, type: EntityType, key: string): Promise<number | null> {
    const [row] = await tx.run('entity/lock-version', { key }, { label: type });
    return row ? (row.version as number) : null;
  },

  /**
   * Write-locks these entities (sorted, so lockers never wait on each other in a cycle) and
   * returns the keys that exist. Taken before a check that must see committed data.
   */
  async lock(tx: Tx, keys: readonly string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await tx.run('entity/lock', { keys: [...new Set(keys)].sort() });
    return new Set(rows.map((r) => r.key as string));
  },

  /** Write-locks these external identifiers (creating the ones that are new), sorted by key, before their owners are checked. */
  async lockIdentifiers(tx: Tx, identifiers: readonly IdentifierWrite[]): Promise<void> {
    if (!identifiers.length) return;
    await tx.run('entity/lock-identifiers', {
      identifiers: [...identifiers].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    });
  },
};
