/**
 * Planner statistics after a bulk write. Neo4j samples an index's statistics in the background
 * some time after its writes, and plans made before then see the old sizes: right after the
 * demo network, an import or a restore was written into an empty database, a tie looked up by
 * its id was planned as a scan of every tie of its type (an index believed empty costs nothing
 * to scan), and that plan stayed cached after the statistics caught up. The request path's
 * queries carry `USING INDEX SEEK` hints besides (docs/planner.md, "Plans that survive stale
 * statistics"); this refreshes the statistics and drops the cached plans for all the others.
 */
import { z } from 'zod';
import type { Database } from './database';
import type { Logger } from '../logger';

/** At least this many records written is always bulk, whatever the database's size. */
export const BULK_WRITE_RECORDS = 1000;
/** Fewer than this is never bulk: Neo4j's own sampling keeps up and a plan's misjudgement is small. */
export const BULK_WRITE_MIN_RECORDS = 100;
/** In between, a write is bulk when it wrote at least this share of the entities the database holds after it. */
export const BULK_WRITE_SHARE = 0.2;
/** How long the refresh waits for the sampling (the large benchmark network takes seconds). */
const SAMPLING_TIMEOUT_SECONDS = 300;

/** Whether `written` records into a database that holds `entities` entities is a bulk write. */
export function isBulkWrite(written: number, entities: number): boolean {
  if (written >= BULK_WRITE_RECORDS) return true;
  if (written < BULK_WRITE_MIN_RECORDS) return false;
  return written >= BULK_WRITE_SHARE * entities;
}

const EntityCount = z.object({ entities: z.number().int().nonnegative() });

/** The number of entities, from Neo4j's count store. */
export async function entityCount(db: Database): Promise<number> {
  const rows = await db.read((tx) => tx.run('statistics/entity-count'));
  return EntityCount.parse(rows[0]).entities;
}

/**
 * Resamples the outdated indexes, waits for the sampling, and clears the plan cache (Neo4j's
 * and the service's own record of planned texts, `Database.forgetPlans`). A user without the
 * rights for the procedure (an external Neo4j with a restricted account) gets a warning in the
 * log, not an error: the data was written, only plans may be slow until Neo4j samples on its own.
 */
export async function refreshPlannerStatistics(db: Database, logger?: Logger): Promise<boolean> {
  try {
    await db.write(
      (tx) =>
        tx.run('statistics/prepare-for-replanning', { timeoutSeconds: SAMPLING_TIMEOUT_SECONDS }),
      undefined,
      (SAMPLING_TIMEOUT_SECONDS + 30) * 1000,
    );
    return true;
  } catch (err) {
    (logger ?? db.logger)?.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'could not refresh the index statistics after a bulk write (plans may stay slow until Neo4j samples its indexes)',
    );
    return false;
  } finally {
    db.forgetPlans();
  }
}
