/** Cypher for duplicates and merges. */
import { EntityType, TIE_TYPES, TieType } from '../domain/model';
import type { EntityRecord } from '../domain/records';
import type { Row, Tx } from './database';
import { toEntity } from './rows';

/** A tie of the removed entity and the kept entity's tie that records the same fact. */
export interface TwinTies {
  type: TieType;
  removedKey: string;
  keptKey: string;
}

export const mergeRepository = {
  async names(tx: Tx, type: EntityType, cap: number): Promise<Array<{ id: string; name: string }>> {
    return (await tx.run('merge/names', { cap }, { label: type })) as Array<{
      id: string;
      name: string;
    }>;
  },

  async candidates(
    tx: Tx,
    type: EntityType,
    rows: Array<{ id: string; query: string }>,
  ): Promise<Array<{ a: string; b: string; score: number }>> {
    return (await tx.run('merge/candidates', { rows }, { label: type })) as Array<{
      a: string;
      b: string;
      score: number;
    }>;
  },

  async sharedIdentifiers(
    tx: Tx,
    type: EntityType,
    cap: number,
  ): Promise<Array<{ a: string; b: string; keys: string[] }>> {
    return (await tx.run('merge/shared-identifiers', { cap }, { label: type })) as Array<{
      a: string;
      b: string;
      keys: string[];
    }>;
  },

  /** Moves every tie of every type, both directions, from `remove` to `keep`; returns how many moved. */
  /** Pairs of ties, one at each entity, that record the same fact (see merge/twin-ties). */
  async twinTies(tx: Tx, keep: string, remove: string): Promise<TwinTies[]> {
    const rows = await tx.run('merge/twin-ties', { keep, remove });
    return rows.map((r) => ({
      type: r.type as TieType,
      removedKey: r.removedKey as string,
      keptKey: r.keptKey as string,
    }));
  },

  async moveTies(tx: Tx, keep: string, remove: string): Promise<number> {
    let moved = 0;
    for (const type of TIE_TYPES) {
      for (const q of ['merge/move-out', 'merge/move-in']) {
        const [row] = await tx.run(q, { keep, remove }, { type });
        moved += (row?.moved as number) ?? 0;
      }
    }
    return moved;
  },

  async finish(tx: Tx, type: EntityType, keep: string, remove: string, props: Row): Promise<void> {
    await tx.run('merge/finish', { keep, remove, props, type, now: new Date().toISOString() });
  },

  /** The keys of the records merged into this entity (redirects point at it). */
  async mergedInto(tx: Tx, key: string): Promise<string[]> {
    return (await tx.run('merge/merged-into', { key })).map((r) => r.key as string);
  },

  async redirects(tx: Tx, keys: readonly string[]): Promise<Map<string, EntityRecord>> {
    const rows = await tx.run('entity/redirects', { keys });
    return new Map(rows.map((r) => [r.fromKey as string, toEntity(r)]));
  },
};
