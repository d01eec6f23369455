/** createLoaders: a new set of DataLoaders for every request, never shared between requests. */
import type { Database, QueryMeter } from '../graph/database';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

export function createLoaders(_db: Database, _meter: QueryMeter): Loaders {
  return {};
}
