/** Loads the demo network when the database holds no entity yet (filled in by issue 3's data file). */
import type { Database } from './graph/database';
import type { Logger } from './logger';

export async function seedIfEmpty(_db: Database, _logger: Logger): Promise<boolean> {
  return false;
}
