/** Cypher for ties: batched lists per entity, lookups, create, versioned update, delete. */
import type { TieType } from '../domain/model';
import type { TieRecord } from '../domain/records';
import type { Row, Tx } from './database';
import { toTie } from './rows';

export type Direction = 'out' | 'in';

export interface TieFilter {
  role: string | null;
  activeStart: string | null;
  activeEnd: string | null;
}

/** Most ties of one type returned for one entity in one call; documented in the README. */
export const TIES_PER_ENTITY_CAP = 1000;

export const tieRepository = {
  /** The first `cap` ties (at most TIES_PER_ENTITY_CAP) at each entity, with how many match in all. */
  async listFor(tx: Tx, type: TieType, direction: Direction, keys: readonly string[], filter: TieFilter, cap = TIES_PER_ENTITY_CAP): Promise<Map<string, { ties: TieRecord[]; total: number }>> {
    const arrows = direction === 'out' ? { left: '-', right: '->' } : { left: '<-', right: '-' };
    const rows = await tx.run('tie/list', { keys, ...filter, cap: Math.min(cap, TIES_PER_ENTITY_CAP) }, { type, ...arrows });
    return new Map(rows.map((r) => [r.key as string, { ties: (r.ties as Row[]).map(toTie), total: r.total as number }]));
  },

  async getByKeys(tx: Tx, type: TieType, keys: readonly string[]): Promise<TieRecord[]> {
    return (await tx.run('tie/get-by-keys', { keys }, { type })).map(toTie);
  },

  async findSame(tx: Tx, type: TieType, from: string, to: string, role: string | null, since: string | null): Promise<string | null> {
    const [row] = await tx.run('tie/find-same', { from, to, role, since }, { type });
    return row ? (row.key as string) : null;
  },

  /** The new tie, or null when an end no longer exists (deleted or merged away meanwhile). */
  async create(tx: Tx, type: TieType, from: string, to: string, props: Row): Promise<TieRecord | null> {
    const [row] = await tx.run('tie/create', { from, to, props }, { type });
    return row ? toTie(row) : null;
  },

  async lockVersion(tx: Tx, type: TieType, key: string): Promise<number | null> {
    const [row] = await tx.run('tie/lock-version', { key }, { type });
    return row ? (row.version as number) : null;
  },

  async update(tx: Tx, type: TieType, key: string, props: Row): Promise<TieRecord> {
    const [row] = await tx.run('tie/update', { key, props }, { type });
    return toTie(row);
  },

  async delete(tx: Tx, type: TieType, key: string): Promise<boolean> {
    const [row] = await tx.run('tie/delete', { key }, { type });
    return (row?.removed as number) > 0;
  },
};
