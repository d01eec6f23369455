/**
 * The live hub of one API process: a tailer that follows the change feed in Neo4j (the source of
 * truth, so a change written through any replica reaches every replica) and hands what it read to
 * this process's subscribers. Each subscriber keeps its own cursor (a feed number): it catches up
 * from the database while it is behind what the tailer still holds in memory, then takes the
 * tailer's changes numbered after its cursor. Everything is by number, so there is no gap and no
 * duplicate at the seam between catching up and live. A slow subscriber does not hold the tailer
 * up: it falls behind the memory and catches up from the database again.
 */
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { FeedFilter } from '../graph/feed.repository';
import { FeedChange, FeedService, toFeedFilter } from '../services/feed.service';

export interface HubOptions {
  /** How often the tailer asks the database for new changes. */
  pollMs: number;
  /** Changes kept in memory for subscribers that are a little behind. */
  bufferSize: number;
}

export const HUB_DEFAULTS: HubOptions = { pollMs: 100, bufferSize: 2000 };

/** Whether a change passes a filter: the same rules as cypher/queries/feed/page.cypher. */
export function matches(c: FeedChange, f: FeedFilter): boolean {
  if (f.actions && !f.actions.includes(c.action)) return false;
  if (f.kinds && !f.kinds.includes(c.targetKind)) return false;
  if (f.target && c.targetKey !== f.target) return false;
  if (f.actor && c.actor !== f.actor) return false;
  if (f.since && c.at < f.since) return false;
  if (f.forum && c.targetKey !== f.forum && c.fromKey !== f.forum && c.toKey !== f.forum)
    return false;
  return true;
}

/** Subscriber queues hold at most this many changes before the pump waits for the client. */
const QUEUE_HIGH = 100;
const CATCH_UP_PAGE = 100;

export class LiveHub {
  /** The tailer has read every change numbered up to here... */
  private position = 0;
  /** ...and holds those numbered after this in `buffer`, in order. */
  private bufferStart = 0;
  private buffer: FeedChange[] = [];
  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private waiters: Array<() => void> = [];
  private readonly subscriptions = new Set<FeedSubscription>();
  private readonly options: HubOptions;
  private ready: Promise<void> | null = null;
  /** Rises with every pause: a read started before it is not applied after it. */
  private epoch = 0;
  private everStarted = false;

  constructor(
    readonly feed: FeedService,
    private readonly logger: Logger,
    options: Partial<HubOptions> = {},
  ) {
    this.options = { ...HUB_DEFAULTS, ...options };
  }

  /**
   * Starts tailing from the changes visible now; again after a pause (nobody subscribed), from
   * what is visible then: the memory starts afresh there, and a subscriber with an earlier cursor
   * catches up from the database, by number, so there is no gap.
   */
  start(): Promise<void> {
    if (!this.ready) {
      this.started = true;
      const epoch = ++this.epoch;
      this.ready = this.feed.head().then(
        (head) => {
          if (epoch !== this.epoch) return;
          this.everStarted = true;
          this.position = head;
          this.bufferStart = head;
          this.buffer = [];
          this.schedule(this.options.pollMs);
        },
        (err: unknown) => {
          // The database was away: the next subscription tries again.
          if (epoch === this.epoch) {
            this.ready = null;
            this.started = false;
          }
          throw err;
        },
      );
    }
    return this.ready;
  }

  /** The last subscriber left: no more reads until the next subscription starts the tailer again. */
  private pause(): void {
    if (this.stopped || this.subscriptions.size) return;
    this.epoch += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.ready = null;
    this.started = false;
    this.buffer = [];
  }

  /** Whether the tailer is reading the feed (someone subscribes). */
  get tailing(): boolean {
    return this.started;
  }

  /** Stops tailing and ends every subscription (their clients get `complete`). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const s of [...this.subscriptions]) s.end();
    this.wake();
    await this.ready?.catch(() => undefined);
  }

  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    const epoch = this.epoch;
    this.timer = setTimeout(() => {
      this.poll(epoch)
        .then((more) => {
          if (epoch === this.epoch) this.schedule(more ? 0 : this.options.pollMs);
        })
        .catch((err: unknown) => {
          if (epoch !== this.epoch) return;
          this.logger.warn({ err }, 'live hub: reading the change feed failed; retrying');
          this.schedule(this.options.pollMs * 10);
        });
    }, ms);
    this.timer.unref();
  }

  private async poll(epoch: number): Promise<boolean> {
    if (this.stopped) return false;
    let page;
    try {
      page = await this.feed.read(this.position, 500, toFeedFilter(null));
      if (epoch !== this.epoch) return false;
    } catch (err) {
      if (epoch !== this.epoch) return false;
      // Retention overtook the tailer (a process paused for longer than changes are kept):
      // follow from what is kept; subscribers behind it get CURSOR_EXPIRED from their catch-up read.
      // A restore that brought lower numbers (CURSOR_AHEAD): likewise, from what is there now.
      if (
        err instanceof AppError &&
        (err.extensions.detail === 'CURSOR_EXPIRED' || err.extensions.detail === 'CURSOR_AHEAD')
      ) {
        const floor = await this.feed.head();
        if (epoch !== this.epoch) return false;
        this.position = floor;
        this.bufferStart = floor;
        this.buffer = [];
        return true;
      }
      throw err;
    }
    if (page.end === this.position && !page.changes.length) return false;
    this.buffer.push(...page.changes);
    this.position = page.end;
    // An erasure blanks what the feed holds about the person in the database; the copies held here
    // from before it are dropped, so a catch-up from an earlier cursor reads the blanked records.
    const erased = page.changes.filter((c) => c.action === 'ERASE').pop();
    if (erased) {
      this.buffer = this.buffer.filter((c) => c.seq > erased.seq);
      this.bufferStart = erased.seq;
    }
    const over = this.buffer.length - this.options.bufferSize;
    if (over > 0) {
      this.bufferStart = this.buffer[over - 1].seq;
      this.buffer = this.buffer.slice(over);
    }
    this.wake();
    return page.hasNextPage;
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  /** Resolves when the tailer has read more, or the hub stops. */
  changed(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Changes passing `filter` numbered after `after` (null: from those the tailer reads next),
   * for as long as the consumer reads. Call `start()` first.
   */
  subscribe(filter: FeedFilter, after: number | null): FeedSubscription {
    if (!this.started) {
      if (!this.everStarted) throw new Error('LiveHub.subscribe before start()');
      // Paused by the last subscriber leaving just after start() answered: tail again. A
      // subscriber from "now" starts at the last number read, and catches up from there.
      void this.start().catch(() => undefined);
    }
    const s = new FeedSubscription(this, filter, after ?? this.position, () => {
      this.subscriptions.delete(s);
      this.pause();
    });
    this.subscriptions.add(s);
    s.run();
    return s;
  }

  /** What a subscriber at `cursor` gets next: from memory, or null when it must read the database (or wait). */
  fromMemory(cursor: number, filter: FeedFilter): { changes: FeedChange[]; end: number } | null {
    if (cursor < this.bufferStart || cursor >= this.position) return null;
    return {
      changes: this.buffer.filter((c) => c.seq > cursor && matches(c, filter)),
      end: this.position,
    };
  }

  behindMemory(cursor: number): boolean {
    return cursor < this.bufferStart;
  }
}

/** One subscriber's stream: an async iterator whose pump reads ahead at most QUEUE_HIGH changes. */
export class FeedSubscription implements AsyncIterableIterator<FeedChange> {
  private readonly queue: FeedChange[] = [];
  private done = false;
  private failure: Error | null = null;
  private wakeConsumer: (() => void) | null = null;
  private wakePump: (() => void) | null = null;

  constructor(
    private readonly hub: LiveHub,
    private readonly filter: FeedFilter,
    private cursor: number,
    private readonly onEnd: () => void,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Ends the stream: a waiting next() answers done. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.onEnd();
    this.wakeConsumer?.();
    this.wakePump?.();
  }

  async next(): Promise<IteratorResult<FeedChange>> {
    for (;;) {
      if (this.queue.length) {
        const value = this.queue.shift()!;
        if (this.queue.length < QUEUE_HIGH / 2) this.wakePump?.();
        return { value, done: false };
      }
      if (this.failure) {
        const f = this.failure;
        this.failure = null;
        this.end();
        throw f;
      }
      if (this.done) return { value: undefined, done: true };
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      this.wakeConsumer = null;
    }
  }

  async return(): Promise<IteratorResult<FeedChange>> {
    this.end();
    return { value: undefined, done: true };
  }

  async throw(err?: unknown): Promise<IteratorResult<FeedChange>> {
    this.end();
    throw err;
  }

  private push(changes: FeedChange[], end: number): void {
    this.queue.push(...changes);
    this.cursor = Math.max(this.cursor, end);
    if (changes.length) this.wakeConsumer?.();
  }

  /** The pump: catch up from the database while behind the hub's memory, then follow the hub. */
  run(): void {
    void (async () => {
      try {
        while (!this.done && !this.hub.isStopped) {
          if (this.queue.length >= QUEUE_HIGH) {
            await new Promise<void>((resolve) => (this.wakePump = resolve));
            this.wakePump = null;
            continue;
          }
          if (this.hub.behindMemory(this.cursor)) {
            const page = await this.hub.feed.read(this.cursor, CATCH_UP_PAGE, this.filter);
            this.push(page.changes, page.end);
            continue;
          }
          const mem = this.hub.fromMemory(this.cursor, this.filter);
          if (mem) {
            this.push(mem.changes, mem.end);
            continue;
          }
          const changed = this.hub.changed();
          const ended = new Promise<void>((resolve) => (this.wakePump = resolve));
          await Promise.race([changed, ended]);
          this.wakePump = null;
        }
      } catch (err) {
        this.failure = err instanceof Error ? err : new Error(String(err));
        this.wakeConsumer?.();
        return;
      }
      this.end();
    })();
  }
}
