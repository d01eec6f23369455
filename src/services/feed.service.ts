/**
 * The change feed: every recorded change once, in the order the sequencer numbered them
 * (src/live/sequencer.ts), from a cursor, with filters. Read by the `changes` query, by the
 * subscriptions' catch-up (src/live/hub.ts) and by the hub's tailer. docs/live.md explains the order.
 */
import { toGlobalId, GlobalKind, fromGlobalId } from '../domain/ids';
import { ENTITY_TYPES, EntityType, TIE_TYPES, TieType } from '../domain/model';
import { AppError, ErrorCode, badInput } from '../errors';
import type { Database, QueryMeter } from '../graph/database';
import { FeedFilter, NumberedChange, feedRepository } from '../graph/feed.repository';
import { decodeCursor, encodeCursor, pageSize } from './paging';

const KINDS = new Set<string>([...ENTITY_TYPES, ...TIE_TYPES]);

/** How many numbers one page reads at most past its cursor, matching or not: a rare filter answers a short page with a later endCursor instead of reading the whole log. */
export const FEED_WINDOW = 5000;

/** The filter as the API takes it (the `changes` query and subscription). */
export interface FeedFilterInput {
  kinds?: string[] | null;
  entityTypes?: EntityType[] | null;
  tieTypes?: TieType[] | null;
  forum?: string | null;
  target?: string | null;
  actor?: string | null;
  since?: Date | null;
}

export interface FeedChange extends NumberedChange {
  /** Global id of what changed, or null for an import or restore summary. */
  target: string | null;
  cursor: string;
}

export interface FeedPage {
  changes: FeedChange[];
  /** Where the next page starts: past the last change shown, or past everything this page read. */
  end: number;
  hasNextPage: boolean;
}

const CURSOR_TAG = 'feed';

export function feedCursor(seq: number): string {
  return encodeCursor([CURSOR_TAG, seq]);
}

/** The number a feed cursor stands for; null for none. */
export function parseFeedCursor(after: string | null | undefined): number | null {
  if (!after) return null;
  const [tag, seq] = decodeCursor(after, 2);
  if (tag !== CURSOR_TAG || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
    throw badInput(
      '"after" is not a cursor of the change feed. Pass a cursor the feed gave out (an edge\'s cursor or pageInfo.endCursor), or leave it out to start from the oldest change kept.',
      [{ field: 'after', problem: 'unknown cursor' }],
    );
  return seq;
}

/** A cursor from before what retention keeps: its reader would miss the deleted changes. */
export function expiredCursor(seq: number, floor: number): AppError {
  return new AppError(
    ErrorCode.BAD_USER_INPUT,
    `This cursor is older than the changes the service keeps (changes up to number ${floor} were deleted by retention, CHANGE_RETENTION_DAYS), so changes after it are lost to you. Resynchronise: read the current state again, then follow the feed from a fresh cursor (leave "after" out for the oldest change kept).`,
    { detail: 'CURSOR_EXPIRED', fields: [{ field: 'after', problem: 'expired cursor' }], seq },
  );
}

function keyOf(id: string, field: string, want?: GlobalKind): string {
  const parsed = fromGlobalId(id);
  if (!parsed || (want && parsed.kind !== want))
    throw badInput(`"${id}" is not ${want ? `a ${want}` : 'an entity or tie'} id.`, [
      { field: `filter.${field}`, problem: 'unknown id' },
    ]);
  return parsed.key;
}

/** The API's filter as the query's parameters; every null means "any". */
export function toFeedFilter(input: FeedFilterInput | null | undefined): FeedFilter {
  const f = input ?? {};
  const types = [...(f.entityTypes ?? []), ...(f.tieTypes ?? [])];
  return {
    actions: f.kinds?.length ? [...f.kinds] : null,
    kinds: types.length ? types : null,
    target: f.target ? keyOf(f.target, 'target') : null,
    forum: f.forum ? keyOf(f.forum, 'forum', EntityType.Forum) : null,
    actor: f.actor ?? null,
    since: f.since ? f.since.toISOString() : null,
  };
}

export function withTarget(c: NumberedChange): FeedChange {
  return {
    ...c,
    target: KINDS.has(c.targetKind) ? toGlobalId(c.targetKind as GlobalKind, c.targetKey) : null,
    cursor: feedCursor(c.seq),
  };
}

/** A cursor past the newest change: it came from another database, or from before a wipe or restore. */
export function aheadCursor(seq: number, visible: number): AppError {
  return new AppError(
    ErrorCode.BAD_USER_INPUT,
    `This cursor is ahead of the feed (it points after change ${seq}; the newest is ${visible}): it was given out by another database, or before this one was wiped or restored. Resynchronise: read the current state again, then follow the feed from a fresh cursor.`,
    {
      detail: 'CURSOR_AHEAD',
      fields: [{ field: 'after', problem: 'cursor ahead of the feed' }],
      seq,
    },
  );
}

export class FeedService {
  constructor(
    private readonly db: Database,
    private readonly meter?: QueryMeter,
  ) {}

  /**
   * Up to `limit` changes numbered after `after` that pass the filter. Throws CURSOR_EXPIRED
   * (BAD_USER_INPUT) when retention has deleted changes after the cursor.
   */
  async read(after: number | null, limit: number, filter: FeedFilter): Promise<FeedPage> {
    const from = after ?? 0;
    const rows = await this.db.read(
      (tx) => feedRepository.page(tx, from, limit + 1, FEED_WINDOW, filter),
      this.meter,
    );
    if (after !== null && after < rows.floor) throw expiredCursor(after, rows.floor);
    if (after !== null && after > rows.visible) throw aheadCursor(after, rows.visible);
    const shown = rows.changes.slice(0, limit).map(withTarget);
    const full = limit > 0 && rows.changes.length > limit;
    // A short page read every number up to the window's end or to the visible end (the window
    // starts later than the cursor when a `since` filter let it jump ahead).
    const scanned = Math.max(from, Math.min(rows.visible, rows.start + FEED_WINDOW));
    const end = full ? shown[shown.length - 1].seq : scanned;
    return { changes: shown, end, hasNextPage: full || scanned < rows.visible };
  }

  /**
   * The `changes` query: a page from a cursor string. `first: 0` answers no changes and, as its
   * end, the newest visible number: a cursor of "now", to follow only what happens from then on.
   */
  async page(
    first: number | null | undefined,
    after: string | null | undefined,
    filter: FeedFilter,
  ): Promise<FeedPage> {
    const start = parseFeedCursor(after);
    if (first === 0) {
      const head = await this.head();
      if (start !== null && start > head) throw aheadCursor(start, head);
      return { changes: [], end: head, hasNextPage: false };
    }
    return this.read(start, pageSize(first), filter);
  }

  /** The number up to which changes can be read now (a live subscription without a cursor starts here). */
  async head(): Promise<number> {
    const rows = await this.db.read(
      (tx) => feedRepository.page(tx, 0, 0, 0, toFeedFilter(null)),
      this.meter,
    );
    return rows.visible;
  }
}
