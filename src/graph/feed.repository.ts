/**
 * Cypher for the change feed (cypher/queries/feed): the sequencer's stamps, one page of the feed in
 * number order, and retention's pruning. How the numbering keeps readers from skipping a change
 * is in docs/live.md ("Ordering").
 */
import { z } from 'zod';
import type { Tx } from './database';
import { ChangeRecord, changeNode, changeRecord } from './history.repository';

const statusRow = z.object({
  next: z.number().int().nullable(),
  visible: z.number().int().nullable(),
  pending: z.boolean(),
});
const stampRow = z.object({
  stamped: z.number().int(),
  next: z.number().int(),
  visible: z.number().int(),
});
const numberedNode = changeNode.extend({ seq: z.number().int() });
const pageRow = z.object({
  visible: z.number().int(),
  floor: z.number().int(),
  start: z.number().int(),
  changes: z.array(numberedNode),
});
const pruneRow = z.object({ pruned: z.number().int(), floor: z.number().int() });

/** A change with its number in the feed. */
export interface NumberedChange extends ChangeRecord {
  seq: number;
}

export interface FeedFilter {
  actions: string[] | null;
  /** Entity or tie types ('Organisation', 'ENGAGES_IN'): targetKind. */
  kinds: string[] | null;
  target: string | null;
  forum: string | null;
  actor: string | null;
  since: string | null;
}

/**
 * Longer than any transaction of a change lasts, retries included (NEO4J_TX_TIMEOUT_MS is at most
 * 10 minutes, the driver retries for 30 s): a change recorded this long before a `since` was
 * numbered before every change recorded at or after it (feed/page).
 */
export const SINCE_MARGIN_MS = 15 * 60_000;

export interface FeedRows {
  /** Every number up to this one has committed and can be read. */
  visible: number;
  /** Where the page began reading: the cursor, or later when a `since` filter let it jump ahead. */
  start: number;
  /** The highest number retention has deleted; a cursor below it has missed changes. */
  floor: number;
  changes: NumberedChange[];
}

export const feedRepository = {
  async status(tx: Tx) {
    const [row] = await tx.run('feed/status');
    return statusRow.parse(row);
  },

  /** Two statements in one write transaction: the sequence's lock first, then the stamp under it. */
  async stamp(tx: Tx, batch: number) {
    await tx.run('feed/lock');
    const [row] = await tx.run('feed/stamp', { batch });
    return stampRow.parse(row);
  },

  async page(tx: Tx, after: number, limit: number, window: number, filter: FeedFilter) {
    const sinceBefore = filter.since
      ? new Date(Date.parse(filter.since) - SINCE_MARGIN_MS).toISOString()
      : null;
    const [row] = await tx.run('feed/page', { after, limit, window, ...filter, sinceBefore });
    const parsed = pageRow.parse(row);
    return {
      visible: parsed.visible,
      floor: parsed.floor,
      start: parsed.start,
      changes: parsed.changes.map((c) => ({ ...changeRecord(c), seq: c.seq })),
    } satisfies FeedRows;
  },

  /** Deletes up to `batch` of the oldest changes recorded before `before`; none when the sequence does not exist yet. */
  async prune(tx: Tx, before: string, batch: number) {
    const [row] = await tx.run('feed/prune', { before, batch });
    return row ? pruneRow.parse(row) : { pruned: 0, floor: 0 };
  },
};
