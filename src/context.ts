/** The one per-request Context: who calls, its request id, its loaders and services, and a round-trip meter. */
import type { Logger } from './logger';
import type { QueryMeter, RequestReads } from './graph/database';
import type { Loaders } from './loaders';
import type { Services } from './services';
import type { ReadPlanner } from './planner/planner';
import type { LiveHub } from './live/hub';

export interface Caller {
  /** anonymous without a key; otherwise the role of the caller's API key. */
  role: 'anonymous' | 'viewer' | 'editor' | 'admin';
  name?: string;
  /** The id of the caller's API key (never the key itself); absent for anonymous callers. */
  keyId?: string;
}

export interface Context {
  requestId: string;
  caller: Caller;
  logger: Logger;
  meter: QueryMeter;
  /** The request's one read transaction, closed when the response is sent. */
  reads: RequestReads;
  loaders: Loaders;
  services: Services;
  /** Turns a root field's selection into one query (src/planner); null when READ_PLANNER=false. */
  planner?: ReadPlanner | null;
  /** The process's live hub, on subscriptions over WebSocket (src/live/ws.ts); absent over HTTP. */
  live?: LiveHub;
}
