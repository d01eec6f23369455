/**
 * The queries a service sent, read from its debug log (`Database` logs each text and its
 * parameters at debug level): bench/plans.ts profiles them, tests/platform/stale-statistics
 * EXPLAINs them.
 */
import pino, { type Logger } from 'pino';

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

/** A debug-level logger that adds each query a request sent (not the background workers') to `into`. */
export function capturingLogger(into: Captured[]): Logger {
  return pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        const l = JSON.parse(line) as { msg?: string } & Partial<Captured>;
        if (l.msg === 'query' && l.cypher && !isBackground(l.cypher))
          into.push({ cypher: l.cypher, params: l.params ?? {} });
      },
    },
  );
}
