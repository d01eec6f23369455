/** History: who changed what, when, and through which request or import, for one entity or tie or the whole graph. */
import { fromGlobalId, toGlobalId, GlobalKind } from '../domain/ids';
import { ENTITY_TYPES, TIE_TYPES } from '../domain/model';
import type { Page } from '../domain/records';
import { badInput } from '../errors';
import type { Database, QueryMeter } from '../graph/database';
import { ChangeRecord, historyRepository } from '../graph/history.repository';
import { decodeCursor, encodeCursor, pageSize } from './paging';

const KINDS = new Set<string>([...ENTITY_TYPES, ...TIE_TYPES]);

export interface ChangeOut extends ChangeRecord {
  /** Global id of what changed (an entity or a tie), or null for an import summary. */
  target: string | null;
}

function cursorOf(after: string | null | undefined): { at: string; id: string } | null {
  if (!after) return null;
  const [at, id] = decodeCursor(after, 2);
  if (typeof at !== 'string' || typeof id !== 'string')
    throw badInput('"after" is not a cursor of this list.');
  return { at, id };
}

function withTarget(c: ChangeRecord): ChangeOut {
  return {
    ...c,
    target: KINDS.has(c.targetKind) ? toGlobalId(c.targetKind as GlobalKind, c.targetKey) : null,
  };
}

function page(items: ChangeRecord[], limit: number): Page<ChangeOut> {
  const shown = items.slice(0, limit);
  return {
    items: shown.map(withTarget),
    totalCount: -1,
    hasNextPage: items.length > limit,
    cursors: shown.map((c) => encodeCursor([c.at, c.id])),
  };
}

export class HistoryService {
  constructor(
    private readonly db: Database,
    private readonly meter: QueryMeter,
  ) {}

  /**
   * The changes of one entity or tie, newest first; works for deleted ones too (their last state
   * is in the DELETE change) and for merged-away ones (their own changes, the last one the MERGE).
   * An id whose type prefix is not the target's has none.
   */
  async of(id: string, first?: number | null, after?: string | null): Promise<Page<ChangeOut>> {
    const parsed = fromGlobalId(id);
    if (!parsed)
      throw badInput(`"${id}" is not an entity or tie id.`, [
        { field: 'id', problem: 'unknown id' },
      ]);
    const limit = pageSize(first);
    const rows = await this.db.read(
      (tx) => historyRepository.forTarget(tx, parsed.key, limit + 1, cursorOf(after), parsed.kind),
      this.meter,
    );
    return page(rows, limit);
  }

  async recent(
    since: string,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<ChangeOut>> {
    const limit = pageSize(first);
    const rows = await this.db.read(
      (tx) => historyRepository.recent(tx, since, limit + 1, cursorOf(after)),
      this.meter,
    );
    return page(rows, limit);
  }
}
