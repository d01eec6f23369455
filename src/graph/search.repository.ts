/** Cypher for full-text search. */
import type { EntityType } from '../domain/model';
import type { EntityRecord } from '../domain/records';
import type { Tx } from './database';
import { toEntity } from './rows';

/** Hits read from the index: more than asked when narrowing by type, since the index ranks all types together. */
export function searchFetch(limit: number, types: readonly EntityType[] | null): number {
  return types ? Math.min(limit * 10, 1000) : limit;
}

export const searchRepository = {
  async search(
    tx: Tx,
    query: string,
    types: EntityType[] | null,
    limit: number,
  ): Promise<Array<{ score: number; entity: EntityRecord }>> {
    const rows = await tx.run('search/fulltext', {
      query,
      types,
      limit,
      fetch: searchFetch(limit, types),
    });
    return rows.map((r) => ({ score: r.score as number, entity: toEntity(r) }));
  },
};
