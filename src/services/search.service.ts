/** Search: user text to a safe full-text query, hits best first. */
import type { EntityType } from '../domain/model';
import { PAGES, pageSizeFor } from '../domain/paging';
import type { EntityRecord } from '../domain/records';
import { searchQuery } from '../domain/text';
import { badInput } from '../errors';
import type { Database, QueryMeter } from '../graph/database';
import { searchRepository } from '../graph/search.repository';
import type { Loaders } from '../loaders';

export const MAX_SEARCH_RESULTS = PAGES.search.max;

export class SearchService {
  constructor(
    private readonly db: Database,
    private readonly loaders: Loaders,
    private readonly meter: QueryMeter,
  ) {}

  async search(
    text: string,
    types: EntityType[] | null | undefined,
    first: number | null | undefined,
  ): Promise<Array<{ score: number; entity: EntityRecord }>> {
    const limit = pageSizeFor(PAGES.search, first);
    if (text.length > 200)
      throw badInput('Search text is limited to 200 characters.', [
        { field: 'text', problem: 'too long' },
      ]);
    const query = searchQuery(text);
    if (!query) return [];
    const hits = await this.db.read(
      (tx) => searchRepository.search(tx, query, types?.length ? types : null, limit),
      this.meter,
    );
    for (const h of hits) this.loaders.entity.prime(h.entity.key, h.entity);
    return hits;
  }
}
