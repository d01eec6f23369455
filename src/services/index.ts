/** The services a request may call, built once per request around its loaders and meter. */
import type { Database, QueryMeter } from '../graph/database';
import type { Loaders } from '../loaders';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services {}

export function createServices(_db: Database, _loaders: Loaders, _meter: QueryMeter): Services {
  return {};
}
