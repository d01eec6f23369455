/**
 * createLoaders: a new set of DataLoaders for every request, never shared between
 * requests. Each batch function answers in the order of its keys (null for a miss),
 * so a page of 50 fora with their engagements and actors costs a handful of queries.
 */
import DataLoader from 'dataloader';
import { groupBy } from '../collections';
import type { TieType } from '../domain/model';
import type { EntityRecord, TieRecord } from '../domain/records';
import type { Database, QueryMeter } from '../graph/database';
import { entityRepository } from '../graph/entity.repository';
import { mergeRepository } from '../graph/merge.repository';
import { Direction, TieFilter, tieRepository } from '../graph/tie.repository';

export interface TieListKey extends TieFilter {
  key: string;
  type: TieType;
  direction: Direction;
  /** How many ties to read (the page needs first + 1 without a cursor; a cursor needs the whole capped list). */
  cap: number;
}

export interface TieList {
  ties: TieRecord[];
  total: number;
}

export interface Loaders {
  /** Entities of any type by stable key. */
  entity: DataLoader<string, EntityRecord | null>;
  /** Ties of one type and direction at one entity, filtered; batched across entities that share type, direction and filter. */
  ties: DataLoader<TieListKey, TieList, string>;
  /** Ties by type and stable key. */
  tie: DataLoader<{ type: TieType; key: string }, TieRecord | null, string>;
}

export function createLoaders(db: Database, meter: QueryMeter): Loaders {
  // A key that was merged away answers with the entity that absorbed it (a second query, only on a miss).
  const entity = new DataLoader<string, EntityRecord | null>(async (keys) => {
    const byKey = await db.read(async (tx) => {
      const found = new Map((await entityRepository.getByKeys(tx, keys)).map((e) => [e.key, e]));
      const missing = keys.filter((k) => !found.has(k));
      if (missing.length)
        for (const [from, e] of await mergeRepository.redirects(tx, missing)) found.set(from, e);
      return found;
    }, meter);
    return keys.map((k) => byKey.get(k) ?? null);
  });

  const filterKey = (k: Omit<TieListKey, 'key'>) =>
    `${k.type}|${k.direction}|${k.role ?? ''}|${k.activeStart ?? ''}|${k.activeEnd ?? ''}|${k.cap}`;
  const ties = new DataLoader<TieListKey, TieList, string>(
    async (keys) => {
      const results = new Map<string, TieList>();
      // One query per distinct (type, direction, filter); usually exactly one per field in a request.
      await db.read(async (tx) => {
        for (const group of groupBy(keys, filterKey).values()) {
          const { type, direction, role, activeStart, activeEnd, cap } = group[0];
          const found = await tieRepository.listFor(
            tx,
            type,
            direction,
            group.map((g) => g.key),
            { role, activeStart, activeEnd },
            cap,
          );
          for (const g of group)
            results.set(`${filterKey(g)}|${g.key}`, found.get(g.key) ?? { ties: [], total: 0 });
        }
      }, meter);
      return keys.map((k) => results.get(`${filterKey(k)}|${k.key}`) ?? { ties: [], total: 0 });
    },
    { cacheKeyFn: (k) => `${filterKey(k)}|${k.key}` },
  );

  const tie = new DataLoader<{ type: TieType; key: string }, TieRecord | null, string>(
    async (keys) => {
      const found = new Map<string, TieRecord>();
      await db.read(async (tx) => {
        for (const [type, group] of groupBy(keys, (k) => k.type)) {
          for (const t of await tieRepository.getByKeys(
            tx,
            type,
            group.map((g) => g.key),
          ))
            found.set(`${type}|${t.key}`, t);
        }
      }, meter);
      return keys.map((k) => found.get(`${k.type}|${k.key}`) ?? null);
    },
    { cacheKeyFn: (k) => `${k.type}|${k.key}` },
  );

  return { entity, ties, tie };
}
