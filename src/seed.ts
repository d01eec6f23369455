/** Loads the demo network when the database holds no entity yet (first start). */
import type { Database } from './graph/database';
import { refreshPlannerStatistics } from './graph/statistics';
import type { Logger } from './logger';
import {
  graphIsEmpty,
  loadNetwork,
  prepareNetwork,
  readNetworkFile,
} from './services/demo-network';

export async function seedIfEmpty(db: Database, logger: Logger): Promise<boolean> {
  if (!(await graphIsEmpty(db))) return false;
  const result = await loadNetwork(db, prepareNetwork(readNetworkFile()));
  await refreshPlannerStatistics(db, logger);
  logger.info(result, 'demo network loaded into the empty database');
  return true;
}
