/**
 * The sequencer: a background loop in every API process that numbers committed changes for the
 * feed, and (when CHANGE_RETENTION_DAYS is set) prunes old ones. Writers never touch the number:
 * they create changes labelled :Unsequenced in their own transaction, so they do not queue on one
 * counter. Each stamp is one small write transaction that first takes the write lock of the one
 * (:ChangeSequence) node (cypher/queries/feed/lock), so stamps from every process happen one at a
 * time, and a change numbered later was always numbered by a later transaction. A stamp only sees
 * committed changes, and the numbers it gives become readable only with the next stamp (the
 * sequence's `visible`), when its own transaction has surely committed: a reader following the
 * feed by number can never pass a change that is numbered afterwards below its cursor.
 */
import type { Database } from '../graph/database';
import { feedRepository } from '../graph/feed.repository';
import type { Logger } from '../logger';

export interface SequencerOptions {
  /** How often the sequencer looks for new changes. */
  pollMs: number;
  /**
   * After this many rounds in a row that found nothing, it looks only every `idlePollMs`, until a
   * write of this process commits (or it finds something again): a quiet process costs ~1 read/s.
   */
  idleRounds: number;
  idlePollMs: number;
  /** Changes numbered per transaction. */
  batch: number;
  /** Days changes are kept; 0 keeps them for ever. */
  retentionDays: number;
  /** How often retention runs (when on). */
  pruneEveryMs: number;
}

export const SEQUENCER_DEFAULTS: SequencerOptions = {
  pollMs: 100,
  idleRounds: 50,
  idlePollMs: 1000,
  batch: 500,
  retentionDays: 0,
  pruneEveryMs: 60_000,
};

export class Sequencer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastPrune = 0;
  /** Rounds in a row that found nothing to number. */
  private emptyRounds = 0;
  /** True while the sequencer's own write transaction runs. */
  private writing = false;
  private unsubscribe: (() => void) | null = null;
  private readonly options: SequencerOptions;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    options: Partial<SequencerOptions> = {},
  ) {
    this.options = { ...SEQUENCER_DEFAULTS, ...options };
  }

  start(): void {
    this.stopped = false;
    // A write of this process: its changes wait for a number, so an idle sequencer looks now
    // (its own stamps and prunes are not such writes).
    this.unsubscribe ??= this.db.onWrite(() => {
      if (this.writing || this.stopped) return;
      const idle = this.emptyRounds >= this.options.idleRounds;
      this.emptyRounds = 0;
      if (idle && this.timer) {
        clearTimeout(this.timer);
        this.schedule(0);
      }
    });
    this.schedule(0);
  }

  /** Stops the loop and waits for a stamp under way to finish. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick()
        .then((busy) => {
          this.emptyRounds = busy ? 0 : this.emptyRounds + 1;
          const idle = this.emptyRounds >= this.options.idleRounds;
          this.schedule(busy ? 0 : idle ? this.options.idlePollMs : this.options.pollMs);
        })
        .catch((err: unknown) => {
          this.logger.warn({ err }, 'change sequencer: stamp failed; retrying');
          this.schedule(this.options.pollMs * 10);
        })
        .finally(() => {
          this.running = null;
        });
    }, ms);
    this.timer.unref();
  }

  private async own<T>(write: () => Promise<T>): Promise<T> {
    this.writing = true;
    try {
      return await write();
    } finally {
      this.writing = false;
    }
  }

  /** One round: stamps what waits (or makes the last stamp visible); true while there is more to do. */
  async tick(): Promise<boolean> {
    const status = await this.db.read((tx) => feedRepository.status(tx));
    let busy = false;
    if (status.pending || status.next === null || status.visible !== status.next) {
      const stamp = await this.own(() =>
        this.db.write((tx) => feedRepository.stamp(tx, this.options.batch)),
      );
      busy = stamp.stamped > 0 || stamp.visible !== stamp.next;
    }
    await this.pruneIfDue();
    return busy;
  }

  /** Deletes changes older than the retention, in small transactions, at most every pruneEveryMs. */
  async pruneIfDue(now = Date.now()): Promise<number> {
    const { retentionDays, pruneEveryMs, batch } = this.options;
    if (retentionDays <= 0 || now - this.lastPrune < pruneEveryMs) return 0;
    this.lastPrune = now;
    const before = new Date(now - retentionDays * 86_400_000).toISOString();
    let total = 0;
    for (;;) {
      if (this.stopped) break;
      const r = await this.own(() =>
        this.db.write((tx) => feedRepository.prune(tx, before, batch)),
      );
      total += r.pruned;
      if (r.pruned < batch) break;
    }
    if (total) this.logger.info({ pruned: total, before }, 'change retention: pruned changes');
    return total;
  }
}
