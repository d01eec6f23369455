/** The one per-request Context: who calls, its request id, its loaders and services, and a round-trip meter. */
import type { Logger } from './logger';
import type { QueryMeter } from './graph/database';
import type { Loaders } from './loaders';
import type { Services } from './services';

export interface Caller {
  /** Roles arrive with access control (issue 6); until then every caller is anonymous. */
  role: 'anonymous' | 'viewer' | 'editor' | 'admin';
  name?: string;
}

export interface Context {
  requestId: string;
  caller: Caller;
  logger: Logger;
  meter: QueryMeter;
  loaders: Loaders;
  services: Services;
}
