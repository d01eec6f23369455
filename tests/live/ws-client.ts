/** A graphql-ws client for the tests, and a subscriber that collects what it receives. */
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** `lazy: false` keeps the connection open without subscriptions (as a long-lived client does). */
export function connect(
  httpUrl: string,
  authorization?: string,
  options: { lazy?: boolean } = {},
): Client & { closed: Promise<Closed> } {
  let onClosed: (c: Closed) => void = () => undefined;
  const closed = new Promise<Closed>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: options.lazy ?? true,
    onNonLazyError: () => undefined,
    on: {
      closed: (event) => {
        const e = event as { code: number; reason: string | Buffer };
        onClosed({ code: e.code, reason: String(e.reason) });
      },
    },
  });
  return Object.assign(client, { closed });
}

export interface Received<T> {
  data: T[];
  errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
  completed: boolean;
  /** Resolves once `n` results have arrived (or the subscription ended). */
  until(n: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the subscription ends (complete or error). */
  ended: Promise<void>;
  stop(): void;
}

/** Subscribes and collects every `next` payload's data and errors. */
export function subscribe<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Received<T> {
  let waiters: Array<() => void> = [];
  let end: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const out: Received<T> = {
    data: [],
    errors: [],
    completed: false,
    ended,
    until: (n, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`got ${out.data.length} of ${n} results`)),
          timeoutMs,
        );
        const check = () => {
          if (out.data.length >= n || out.completed || out.errors.length) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
    stop: () => undefined,
  };
  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  out.stop = client.subscribe<T>(
    { query, variables },
    {
      next: (r) => {
        if (r.data) out.data.push(r.data);
        if (r.errors) out.errors.push(...(r.errors as Received<T>['errors']));
        wake();
      },
      error: (err) => {
        if (Array.isArray(err)) out.errors.push(...(err as Received<T>['errors']));
        else out.errors.push({ message: String((err as { reason?: string }).reason ?? err) });
        out.completed = true;
        wake();
        end();
      },
      complete: () => {
        out.completed = true;
        wake();
        end();
      },
    },
  );
  return out;
}
