/**
 * Planner statistics after a bulk write. Neo4j samples an index's statistics in the background
 * some time after its writes, and plans made before then see the old sizes: right after the
 * demo network, an import or a restore was written into an empty database, a tie looked up by
 * its id was planned as a scan of every tie of its type (an index believed empty costs nothing
 * to scan), and that plan stayed cached after the statistics caught up. The request path's hot
 * queries carry `USING INDEX SEEK` hints besides (docs/planner.md, "Plans that survive stale
 * statistics"); this refreshes the statistics and drops the cached plans for all the others.
 */
import type { Database } from './database';
import type { Logger } from '../logger';

/** Below this many records written, a write is not bulk: Neo4j's own sampling keeps up. */
export const BULK_WRITE_RECORDS = 1000;

/**
 * Resamples the outdated indexes and clears the plan cache. A user without the rights for
 * either procedure (an external Neo4j with a restricted account) gets a warning, not an error:
 * the data was written, only the plans may be slow until Neo4j samples on its own.
 */
export async function refreshPlannerStatistics(db: Database, logger?: Logger): Promise<boolean> {
  try {
    await db.write((tx) => tx.run('statistics/resample'));
    await db.write((tx) => tx.run('statistics/clear-plans'));
    return true;
  } catch (err) {
    logger?.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'could not refresh the index statistics after a bulk write (plans may stay slow until Neo4j samples its indexes)',
    );
    return false;
  }
}
