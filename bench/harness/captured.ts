/**
 * The queries a service sent, read from its debug log (`Database` logs each text and its
 * parameters at debug level): bench/plans.ts profiles them, tests/platform/stale-statistics
 * EXPLAINs them.
 */

/** One query as the service sent it. */
export interface Captured {
  cypher: string;
  params: Record<string, unknown>;
}

/** Queries of the background workers (feed sequencer, webhook delivery), told apart by what they read. */
const BACKGROUND = /ChangeSequence|:Unsequenced|:Webhook\b/;

/** Whether a query is a background worker's; a request's write creates its history change as `:Change:Unsequenced`, and that one is the request's. */
export const isBackground = (cypher: string): boolean =>
  BACKGROUND.test(cypher) && !/CREATE \(\w+:Change:Unsequenced\)/.test(cypher);
