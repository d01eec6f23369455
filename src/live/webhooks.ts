/**
 * Webhook delivery: a background worker in every API process that POSTs each change of the feed
 * that passes a hook's filter to the hook's URL, signed as the Standard Webhooks spec says
 * (https://www.standardwebhooks.com/), one change at a time and in feed order per hook, at least
 * once. Progress lives in Neo4j on the hook node: its cursor (the feed number delivered up to),
 * its failures and next attempt, and a lease. A process delivers a hook only while it holds the
 * lease (taken and renewed under the hook's write lock, cypher/queries/webhooks/claim), so across
 * replicas one process at a time delivers a hook, and another takes over when a lease expires.
 * The worker only reads the feed: writers never wait for a receiver. It shares the database with
 * them, though, so it is frugal: at most `concurrency` of its database operations (the round's
 * read, claims, feed reads, recorded attempts) run at once (WEBHOOK_CONCURRENCY, p-limit), while
 * waiting for receivers costs none (a receiver that never answers holds no slot and delays no
 * other hook); hooks waiting for a retry are not looked at, a lease is taken once and
 * then renewed by each recorded attempt (not claimed again every round), and hooks with the same
 * filter at the same cursor share one read of the feed. docs/live.md, "Webhooks".
 */
import crypto from 'node:crypto';
import os from 'node:os';
import pLimit from 'p-limit';
import { AppError } from '../errors';
import type { Database } from '../graph/database';
import { ClaimedHook, webhookRepository } from '../graph/webhook.repository';
import type { Logger } from '../logger';
import { FeedChange, FeedService } from '../services/feed.service';
import { checkWebhookUrl, hookFeedFilter } from '../services/webhook.service';

export interface WebhookWorkerOptions {
  pollMs: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  retryForMs: number;
  logRetentionDays: number;
  /** How long a lease lasts without renewal; at least three receiver timeouts. */
  leaseMs: number;
  /** Changes read from the feed per page for one hook. */
  page: number;
  pruneEveryMs: number;
  /** The URL policy, checked again before every POST (a hook stored under a looser policy, or restored from a dump, is not sent there). */
  allowHttpLocalhost: boolean;
  /** The worker's database operations at once (WEBHOOK_CONCURRENCY); the others queue. */
  concurrency: number;
}

export const WEBHOOK_DEFAULTS: WebhookWorkerOptions = {
  pollMs: 250,
  timeoutMs: 10_000,
  backoffBaseMs: 10_000,
  backoffMaxMs: 3_600_000,
  retryForMs: 86_400_000,
  logRetentionDays: 7,
  leaseMs: 60_000,
  page: 20,
  pruneEveryMs: 60_000,
  allowHttpLocalhost: false,
  concurrency: 2,
};

/** The Standard Webhooks signature: "v1," and the base64 HMAC-SHA256 of "id.timestamp.body", keyed with the secret's bytes. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = crypto
    .createHmac('sha256', key)
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * The wait before retry number `failures` (1 after the first failure): base, 3 × base, 9 × base…
 * capped at max, each between 75 % and 125 % of that (jitter, so that hooks failing together do
 * not retry together).
 */
export function backoffMs(failures: number, base: number, max: number, random = Math.random) {
  const plain = Math.min(max, base * 3 ** Math.max(0, failures - 1));
  return Math.round(plain * (0.75 + random() * 0.5));
}

/**
 * The webhook-signature header: one "v1,<mac>" per secret, space-separated (Standard Webhooks), so
 * that during a rotation's overlap a receiver with either secret verifies.
 */
export function signatures(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): string {
  return secrets.map((secret) => sign(secret, id, timestamp, body)).join(' ');
}

/** The id of a message: the same for every attempt at one change to one hook, so receivers can drop duplicates. */
export function messageId(hookId: string, changeId: string): string {
  return `msg_${crypto.createHash('sha256').update(`${hookId}:${changeId}`).digest('base64url').slice(0, 32)}`;
}

/** The change as a webhook carries it: the feed's change as a viewer reads it (never contact details; they are not recorded). */
export function payload(hookId: string, id: string, c: FeedChange): string {
  return JSON.stringify({
    type: 'change',
    hookId,
    deliveryId: id,
    cursor: c.cursor,
    change: {
      id: c.id,
      at: c.at,
      action: c.action,
      targetKind: c.targetKind,
      target: c.target,
      actor: c.actor,
      requestId: c.requestId,
      importId: c.importId,
      before: c.before,
      after: c.after,
      note: c.note,
      cursor: c.cursor,
    },
  });
}

interface Attempt {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** Stopped by shutdown: not an outcome of the receiver's. */
  aborted: boolean;
}

export class WebhookWorker {
  /** Who holds a lease: this process, uniquely. */
  readonly owner = `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  private readonly options: WebhookWorkerOptions;
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly held = new Set<string>();
  /**
   * Hooks whose lease this process holds, as claimed (secrets, filter, replay number), with the
   * lease's end and the hook's updatedAt: while the lease has more than half to run and no admin
   * changed the hook, a round delivers it without claiming again.
   */
  private readonly claimed = new Map<string, { hook: ClaimedHook; until: number }>();
  /** Feed pages read this round, by filter and cursor: hooks with one filter at one cursor read it once. */
  private pages = new Map<string, ReturnType<FeedService['read']>>();
  private shutdown = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastPrune = 0;
  /** The queue every database operation of delivery goes through (WEBHOOK_CONCURRENCY at once). */
  private readonly limit: pLimit.Limit;
  private peak = 0;

  constructor(
    private readonly db: Database,
    private readonly feed: FeedService,
    private readonly logger: Logger,
    options: Partial<WebhookWorkerOptions> = {},
  ) {
    const o = { ...WEBHOOK_DEFAULTS, ...options };
    this.options = { ...o, leaseMs: Math.max(o.leaseMs, o.timeoutMs * 3) };
    this.limit = pLimit(Math.max(1, this.options.concurrency));
  }

  /** Runs one database operation of delivery in its turn. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    return this.limit(() => {
      this.peak = Math.max(this.peak, this.limit.activeCount);
      return work();
    });
  }

  /** The most database operations of delivery that ran at once so far (for tests). */
  get peakDatabaseOperations(): number {
    return this.peak;
  }

  start(): void {
    this.stopped = false;
    // Started again after a stop: attempts are no longer aborted.
    if (this.shutdown.signal.aborted) this.shutdown = new AbortController();
    this.schedule(0);
  }

  /**
   * Stops: no new attempt starts; attempts under way get `graceMs` to finish (and are recorded),
   * then are aborted (and not recorded: the next holder delivers them again); leases are given back.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    const all = Promise.all([...this.inflight.values()]);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (grace = setTimeout(r, graceMs)))]);
    clearTimeout(grace);
    this.shutdown.abort();
    await all;
    for (const id of [...this.held]) {
      await this.db
        .write((tx) => webhookRepository.release(tx, id, this.owner))
        .catch((err: unknown) =>
          this.logger.warn({ err, hook: id }, 'webhook: lease not released'),
        );
      this.held.delete(id);
    }
    this.claimed.clear();
  }

  /** Hooks this process is delivering right now (for tests). */
  get busy(): number {
    return this.inflight.size;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick()
        .then(() => this.schedule(this.options.pollMs))
        .catch((err: unknown) => {
          this.logger.warn({ err }, 'webhook worker: round failed; retrying');
          this.schedule(this.options.pollMs * 10);
        })
        .finally(() => {
          this.running = null;
        });
    }, ms);
    this.timer.unref();
  }

  /**
   * One round: starts delivering each due hook that no other process holds, the longest waiting
   * first (their database operations queue in that order).
   */
  async tick(): Promise<void> {
    const now = new Date().toISOString();
    const due = await this.inTurn(() => this.db.read((tx) => webhookRepository.due(tx, now)));
    this.pages = new Map();
    for (const d of due) {
      if (this.stopped) break;
      if (this.inflight.has(d.id)) continue;
      if (d.leaseOwner && d.leaseOwner !== this.owner && (d.leaseUntil ?? '') >= now) continue;
      const mine = this.claimed.get(d.id);
      if (mine && (mine.hook.updatedAt !== d.updatedAt || d.leaseOwner !== this.owner))
        this.claimed.delete(d.id);
      const run = this.deliverHook(d.id)
        .catch((err: unknown) => this.logger.warn({ err, hook: d.id }, 'webhook: delivery failed'))
        .finally(() => this.inflight.delete(d.id));
      this.inflight.set(d.id, run);
    }
    await this.pruneIfDue();
  }

  private leaseUntil(): string {
    return new Date(Date.now() + this.options.leaseMs).toISOString();
  }

  /** The lease: the one this process holds while it has more than half to run, else claimed (again). */
  private async lease(id: string): Promise<ClaimedHook | null> {
    const mine = this.claimed.get(id);
    if (mine && mine.until - Date.now() > this.options.leaseMs / 2) return mine.hook;
    const now = new Date().toISOString();
    const until = this.leaseUntil();
    const hook = await this.inTurn(() =>
      this.db.write((tx) => webhookRepository.claim(tx, id, this.owner, now, until)),
    );
    if (!hook) {
      this.held.delete(id);
      this.claimed.delete(id);
      return null;
    }
    this.held.add(id);
    this.claimed.set(id, { hook, until: Date.parse(until) });
    return hook;
  }

  /** The hook's page of the feed, shared with the hooks of this round that have the same filter and cursor. */
  private page(hook: ClaimedHook, cursor: number, filter: ReturnType<typeof hookFeedFilter>) {
    const key = `${cursor}:${hook.filterJson}`;
    let page = this.pages.get(key);
    if (!page) {
      page = this.inTurn(() => this.feed.read(cursor, this.options.page, filter));
      // A failed read is not shared: the next hook reads again.
      page.catch(() => this.pages.delete(key));
      this.pages.set(key, page);
    }
    return page;
  }

  /** Takes the lease and delivers the hook's changes in order until it is caught up, a delivery fails, or the hook changes. */
  private async deliverHook(id: string): Promise<void> {
    const claimed = await this.lease(id);
    if (!claimed) return;
    const hook = { ...claimed };
    const filter = hookFeedFilter(hook.filterJson);
    let cursor = hook.cursor;
    let failures = hook.failures;
    let failingSince = hook.failingSince ?? null;
    while (!this.stopped) {
      let page;
      try {
        page = await this.page(hook, cursor, filter);
      } catch (err) {
        if (err instanceof AppError && typeof err.extensions.detail === 'string') {
          // Retention deleted changes after the cursor (the hook was paused for longer than they
          // are kept), or a restore left it ahead: it cannot go on without losing changes silently.
          await this.record(hook, cursor, cursor, false, err.message, null, true, null);
          return;
        }
        throw err;
      }
      for (const change of page.changes) {
        if (this.stopped) return;
        const msg = messageId(hook.id, change.id);
        const attempt = await this.post(hook, msg, change);
        if (attempt.aborted) return;
        const at = Date.now();
        const giveUp =
          !attempt.ok &&
          failingSince !== null &&
          at - Date.parse(failingSince) >= this.options.retryForMs;
        const next = attempt.ok
          ? null
          : new Date(
              at + backoffMs(failures + 1, this.options.backoffBaseMs, this.options.backoffMaxMs),
            ).toISOString();
        const kept = await this.record(
          hook,
          cursor,
          change.seq,
          attempt.ok,
          attempt.error,
          next,
          giveUp,
          {
            id: crypto.randomUUID(),
            messageId: msg,
            changeId: change.id,
            seq: change.seq,
            attempt: failures + 1,
            statusCode: attempt.statusCode,
            durationMs: attempt.durationMs,
          },
        );
        // The lease went to another process, or an admin paused or replayed the hook meanwhile.
        if (!this.kept(hook, kept)) return;
        if (!attempt.ok) {
          this.remember(hook, cursor, failures + 1, failingSince ?? new Date(at).toISOString());
          return;
        }
        cursor = change.seq;
        failures = 0;
        failingSince = null;
        this.remember(hook, cursor, 0, null);
      }
      // Past the numbers the filter skipped.
      if (page.end > cursor) {
        const kept = await this.record(hook, cursor, page.end, true, null, null, false, null);
        if (!this.kept(hook, kept)) return;
        cursor = page.end;
        this.remember(hook, cursor, 0, null);
      }
      if (!page.hasNextPage) return;
    }
  }

  /**
   * Whether the recorded outcome leaves the hook this process's to go on with; if not (lease lost,
   * paused, replayed, rotated), it is claimed again next time.
   */
  private kept(hook: ClaimedHook, kept: { status: string; updatedAt: string } | null): boolean {
    if (kept && kept.status === 'ACTIVE' && kept.updatedAt === hook.updatedAt) {
      const mine = this.claimed.get(hook.id);
      if (mine) mine.until = Date.now() + this.options.leaseMs;
      return true;
    }
    // Recorded, but an admin changed the hook meanwhile (a rotated secret, say): this pass ends
    // and the next round claims it afresh.
    this.claimed.delete(hook.id);
    return false;
  }

  /** Where the hook stands after a recorded attempt, for the next round without a claim. */
  private remember(
    hook: ClaimedHook,
    cursor: number,
    failures: number,
    failingSince: string | null,
  ) {
    const mine = this.claimed.get(hook.id);
    if (!mine) return;
    mine.hook = { ...mine.hook, cursor, failures, failingSince };
  }

  private record(
    hook: ClaimedHook,
    from: number,
    end: number,
    ok: boolean,
    error: string | null,
    nextAttemptAt: string | null,
    giveUp: boolean,
    attempt: Parameters<typeof webhookRepository.record>[1]['attempt'],
  ) {
    return this.inTurn(() =>
      this.db.write((tx) =>
        webhookRepository.record(tx, {
          id: hook.id,
          owner: this.owner,
          from,
          replay: hook.replays,
          end,
          ok,
          error,
          nextAttemptAt,
          giveUp,
          giveUpBefore: new Date(Date.now() - this.options.retryForMs).toISOString(),
          attempt,
          now: new Date().toISOString(),
          until: this.leaseUntil(),
        }),
      ),
    );
  }

  /** One POST: success is a 2xx within the timeout. Redirects are not followed (a 3xx fails). */
  private async post(hook: ClaimedHook, id: string, change: FeedChange): Promise<Attempt> {
    const body = payload(hook.id, id, change);
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    try {
      // Where this process may send: the URL was checked when the hook was made, perhaps under
      // another policy (WEBHOOK_ALLOW_HTTP_LOCALHOST in development, a restored dump).
      checkWebhookUrl(hook.url, { allowHttpLocalhost: this.options.allowHttpLocalhost });
    } catch (err) {
      return {
        ok: false,
        statusCode: null,
        error: `not sent: ${err instanceof Error ? err.message : String(err)}`,
        durationMs: took(),
        aborted: false,
      };
    }
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'stakeholder-graph-webhooks/1',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          // During a rotation's overlap, signed with the new secret and the old one.
          'webhook-signature': signatures(
            hook.previousSecret &&
              hook.previousSecretUntil &&
              Date.parse(hook.previousSecretUntil) > Date.now()
              ? [hook.secret, hook.previousSecret]
              : [hook.secret],
            id,
            timestamp,
            body,
          ),
        },
        body,
        signal: AbortSignal.any([timeout, this.shutdown.signal]),
      });
      // The answer's body is never read or kept (a receiver's page is not ours to store).
      await res.body?.cancel().catch(() => undefined);
      const ok = res.status >= 200 && res.status < 300;
      return {
        ok,
        statusCode: res.status,
        error: ok ? null : `the receiver answered HTTP ${res.status}`,
        durationMs: took(),
        aborted: false,
      };
    } catch (err) {
      if (this.shutdown.signal.aborted)
        return { ok: false, statusCode: null, error: null, durationMs: took(), aborted: true };
      const timedOut = timeout.aborted;
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : '';
      return {
        ok: false,
        statusCode: null,
        error: timedOut
          ? `no answer within ${this.options.timeoutMs} ms (WEBHOOK_TIMEOUT_MS)`
          : `could not reach the receiver${cause ? `: ${cause}` : ''}`,
        durationMs: took(),
        aborted: false,
      };
    }
  }

  /** Deletes delivery log entries older than the retention, at most every pruneEveryMs. */
  async pruneIfDue(now = Date.now()): Promise<number> {
    const { logRetentionDays, pruneEveryMs } = this.options;
    if (logRetentionDays <= 0 || now - this.lastPrune < pruneEveryMs) return 0;
    this.lastPrune = now;
    const before = new Date(now - logRetentionDays * 86_400_000).toISOString();
    let total = 0;
    for (;;) {
      if (this.stopped) break;
      const n = await this.inTurn(() =>
        this.db.write((tx) => webhookRepository.prune(tx, before, 500)),
      );
      total += n;
      if (n < 500) break;
    }
    return total;
  }
}
