/**
 * The one neo4j-driver per process, and units of work on it: reads through
 * executeRead and writes through executeWrite (so a neo4j:// routing URI to a cluster
 * works unchanged), always naming the database, with a transaction timeout, the
 * driver's retries for transient errors, and driver errors mapped to AppErrors.
 */
import neo4j, {
  Driver,
  ManagedTransaction,
  Neo4jError,
  Session,
  Transaction,
  isRetryableError,
} from 'neo4j-driver';
import { AppError, ErrorCode, conflict, unavailable } from '../errors';
import type { Logger } from '../logger';
import { isEntityType } from '../domain/ids';
import { withArticle } from '../domain/model';
import { Placeholders, QueryBook } from './queries';
import { fromNeo4j, toNeo4j } from './convert';

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database: string;
  txTimeoutMs: number;
}

/** Counts database round trips (one per query sent); one meter per request. */
export class QueryMeter {
  queries = 0;
  /** Transactions opened (x-db-transactions): one per request's reads, one per write. */
  transactions = 0;
  readonly names: string[] = [];
}

export type Row = Record<string, unknown>;

/**
 * A query the read planner (src/planner) generated for one root field: text built only from
 * the model's whitelisted names and the query book's fragments, every value a parameter.
 * `name` ("planner/forum") is what the meter and the logs show.
 */
export interface PlannedQuery {
  readonly name: `planner/${string}`;
  readonly text: string;
  readonly params: Row;
}

/** What repositories see of a transaction: named queries only, results as plain values. */
export interface Tx {
  run(query: string, params?: Row, placeholders?: Placeholders): Promise<Row[]>;
}

/** A transaction that also runs the planner's generated queries (Database.readPlanned), counted by the meter like any other. */
export interface PlannerTx extends Tx {
  runPlanned(plan: PlannedQuery): Promise<Row[]>;
}

/** How long a write is retried on transient errors (the driver's executeWrite, and Database.writeAlone). */
const WRITE_RETRY_MS = 5000;

/**
 * The driver for one Neo4j. neo4j-driver 6 turns Nagle's algorithm off on its sockets (5.x did
 * not): with it on, a query whose message spans several TCP segments waited about 40 ms for a
 * delayed acknowledgement (docs/benchmarks.md, "Nagle"). Do not go back to 5.x.
 */
export function createDriver(c: Neo4jConnection): Driver {
  return neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password), {
    // Fail fast when the database is away: a client gets SERVICE_UNAVAILABLE in seconds, not minutes.
    connectionTimeout: 3000,
    connectionAcquisitionTimeout: 5000,
    maxTransactionRetryTime: WRITE_RETRY_MS,
    disableLosslessIntegers: false,
    userAgent: 'stakeholder-graph/0.1',
  });
}

const CONSTRAINT_CODES = new Set([
  'Neo.ClientError.Schema.ConstraintValidationFailed',
  'Neo.ClientError.Schema.ConstraintViolation',
]);

/** Neo4j's words for a uniqueness violation: "Node(12) already exists with label `Topic` and property `slug` = 'x'". */
const UNIQUE_CLASH =
  /already exists with (?:label|type) `(\w+)` and propert(?:y|ies) `(\w+)` = '([^']*)'/;

/**
 * The one place where a constraint violation becomes CONFLICT: a writer that lost a race the
 * service's own check could not see (the other writer had not committed yet) gets the answer the
 * check gives when the two arrive one after the other.
 */
export function constraintConflict(err: Neo4jError): AppError {
  const clash = UNIQUE_CLASH.exec(err.message);
  if (clash && clash[2] === 'slug' && isEntityType(clash[1])) {
    return conflict(
      `${withArticle(clash[1], true)} with slug "${clash[3]}" already exists. Choose another slug, or update that one.`,
    );
  }
  return conflict(
    'Another record already uses this slug or identifier. Choose another slug, or update the existing record.',
  );
}

/** Maps a driver error to the service's error vocabulary, or returns it unchanged. */
export function mapDriverError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof Neo4jError) {
    if (CONSTRAINT_CODES.has(err.code)) return constraintConflict(err);
    if (
      err.code === 'ServiceUnavailable' ||
      err.code === 'SessionExpired' ||
      err.code.startsWith('Neo.TransientError.General.DatabaseUnavailable')
    ) {
      return unavailable();
    }
    if (
      err.code === 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration' ||
      err.code.includes('TransactionTimedOut')
    ) {
      return new AppError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'The query took too long and was stopped. Narrow it (smaller first/depth/limit) and retry.',
      );
    }
    // Transient in Neo4j's terms (retrying may help once memory frees up), but after the driver's
    // retries the honest answer is that this transaction is too big, not that the database is away.
    if (err.code.includes('MemoryPoolOutOfMemoryError') || err.code.includes('OutOfMemoryError')) {
      return new AppError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'The database ran out of memory for this transaction. Narrow the request; for a restore or import, an operator gives Neo4j more heap (LOCAL_NEO4J_HEAP) or uses smaller batches.',
      );
    }
    if (err.code.startsWith('Neo.ClientError.Security')) {
      return unavailable(
        'The service cannot sign in to its database. An operator must check NEO4J_USER and NEO4J_PASSWORD.',
      );
    }
    // Whatever the driver would have retried (transient errors, lost connections) and still failed
    // after its retries, and a pool that could not hand out a connection in time: the database is away.
    if (
      isRetryableError(err) ||
      /acquisition timed out|Pool is closed|Failed to connect/i.test(err.message)
    )
      return unavailable();
  }
  return err;
}

/** Parameter names whose values never go to a log: secrets, key hashes, tokens and contact details. */
const SECRET_PARAM = /secret|password|hash|token|email|phone|contact/i;

/** Parameters as the debug log shows them: the values of SECRET_PARAM names, at any depth, as "[redacted]". */
export function redacted(value: unknown, name = ''): unknown {
  if (name && SECRET_PARAM.test(name))
    return value === null || value === undefined ? value : '[redacted]';
  if (Array.isArray(value)) return value.map((v) => redacted(v, name));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redacted(v, k);
    return out;
  }
  return value;
}

/** Query texts remembered as planned (Neo4j's query cache holds 1,000 plans by default). */
const PLANNED_TEXTS_KEPT = 1_000;

export class Database {
  constructor(
    readonly driver: Driver,
    readonly database: string,
    private readonly queries: QueryBook,
    private readonly txTimeoutMs: number,
    readonly logger?: Logger,
  ) {}

  /**
   * Query texts whose first run is under way. Neo4j plans a text on its first run and caches the
   * plan, but parallel first runs each plan it: 20 parallel first updates of one tie planned the
   * one-round-trip write query 20 times on 2 cores and ran into the transaction timeout. So a
   * transaction's first query waits for a first run of the same text already under way (it holds
   * no locks yet, so it cannot be what that run waits for), then finds the plan cached.
   */
  private readonly firstRuns = new Map<string, Promise<unknown>>();
  private readonly planned = new Set<string>();
  private readonly writeListeners = new Set<() => void>();

  /**
   * Forgets which texts have been planned: after Neo4j's plan cache was cleared
   * (src/graph/statistics.ts), parallel first runs of a text must again wait for one plan.
   */
  forgetPlans(): void {
    this.planned.clear();
  }

  /** Calls `listener` after each write transaction of this process commits; returns the unsubscribe. */
  onWrite(listener: () => void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  private wrap(tx: Pick<ManagedTransaction, 'run'>, meter?: QueryMeter): PlannerTx {
    let sent = 0;
    const send = async (text: string, params: Row, raw = false) => {
      const first = sent === 0;
      sent += 1;
      const pending = first && !this.planned.has(text) ? this.firstRuns.get(text) : undefined;
      if (pending) await pending;
      // Every query's text and parameters at debug level (bench/plans.ts profiles them; off by default).
      if (this.logger?.isLevelEnabled('debug'))
        this.logger.debug({ cypher: text, params: redacted(params) }, 'query');
      const running = tx.run(text, toNeo4j(params));
      if (!this.planned.has(text) && !this.firstRuns.has(text)) {
        const settled = Promise.resolve(running)
          .then(
            () => undefined,
            () => undefined,
          )
          .finally(() => {
            // Bounded: the planner's texts depend on the selection, so a client can send many; Neo4j's own plan cache is bounded too.
            if (this.planned.size >= PLANNED_TEXTS_KEPT) this.planned.clear();
            this.planned.add(text);
            this.firstRuns.delete(text);
          });
        this.firstRuns.set(text, settled);
      }
      const result = await running;
      // The planner's rows stay as Bolt gave them: its decoders check and convert them in one pass (planner.ts).
      return raw
        ? result.records.map((r) => r.toObject())
        : result.records.map((r) => fromNeo4j(r.toObject()) as Row);
    };
    return {
      run: async (name, params = {}, placeholders) => {
        const text = this.queries.get(name, placeholders);
        if (meter) {
          meter.queries += 1;
          meter.names.push(name);
        }
        return send(text, params);
      },
      runPlanned: async (plan) => {
        if (meter) {
          meter.queries += 1;
          meter.names.push(plan.name);
        }
        return send(plan.text, plan.params, true);
      },
    };
  }

  private async unit<T>(
    mode: 'READ' | 'WRITE',
    work: (tx: PlannerTx) => Promise<T>,
    meter?: QueryMeter,
    timeoutMs?: number,
  ): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    // Requests never get more than the configured timeout; a long job (dump, restore) may ask for more.
    const config = { timeout: timeoutMs ?? this.txTimeoutMs };
    if (meter) meter.transactions += 1;
    try {
      if (mode === 'READ')
        return await session.executeRead((tx) => work(this.wrap(tx, meter)), config);
      const written = await session.executeWrite((tx) => work(this.wrap(tx, meter)), config);
      for (const listener of this.writeListeners) listener();
      return written;
    } catch (err) {
      throw this.failure(err);
    } finally {
      await session.close();
    }
  }

  /** A driver error as the client sees it (mapDriverError); one the mapping does not know is logged at debug. */
  private failure(err: unknown): unknown {
    const mapped = mapDriverError(err);
    if (mapped === err && !(err instanceof AppError)) this.logger?.debug({ err }, 'database error');
    return mapped;
  }

  /** One read transaction; retried by the driver on transient errors, so `work` must not have side effects outside it. */
  read<T>(work: (tx: PlannerTx) => Promise<T>, meter?: QueryMeter, timeoutMs?: number): Promise<T> {
    return this.unit('READ', work, meter, timeoutMs);
  }

  /** One write transaction: it commits whole or not at all. `work` must be idempotent under retry. */
  write<T>(
    work: (tx: PlannerTx) => Promise<T>,
    meter?: QueryMeter,
    timeoutMs?: number,
  ): Promise<T> {
    return this.unit('WRITE', work, meter, timeoutMs);
  }

  /** One read transaction running one planned query (src/planner): one round trip for a root field. */
  readPlanned(plan: PlannedQuery, meter?: QueryMeter, alone = false): Promise<Row[]> {
    // Through read(), so that in a request it runs on the request's one read transaction.
    const work = (tx: PlannerTx) => tx.runPlanned(plan);
    return alone ? this.readAlone(work, meter) : this.read(work, meter);
  }

  /** A request's only read (RequestReads.readAlone); outside a request, a read like any other. */
  readAlone<T>(work: (tx: PlannerTx) => Promise<T>, meter?: QueryMeter): Promise<T> {
    return this.read(work, meter);
  }

  /**
   * One query as an auto-commit transaction: RUN and PULL go out in one write, with no BEGIN
   * before and no ROLLBACK after (RequestReads.readAlone). Not retried: the caller's work runs once.
   */
  async autoCommitRead<T>(work: (tx: PlannerTx) => Promise<T>, meter?: QueryMeter): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.READ,
    });
    const timeout = this.txTimeoutMs;
    try {
      return await work(
        this.wrap(
          { run: (text: string, params?: Row) => session.run(text, params, { timeout }) },
          meter,
        ),
      );
    } catch (err) {
      throw this.failure(err);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  /**
   * One write query as an auto-commit transaction: RUN and PULL go out in one message and Neo4j
   * commits when the last record is pulled, so a write costs one round trip instead of the
   * managed transaction's two (BEGIN+RUN+PULL, then COMMIT). Only for writes whose single query
   * checks everything first and writes only when every check passes (tie/add, tie/change,
   * entity/add, entity/change): an error `work` throws after reading the query's status then
   * leaves nothing written, as a rolled-back transaction would. A second query in `work` is a
   * programming error and refused before it is sent.
   *
   * Retried as executeWrite retries (transient errors such as a deadlock: Neo4j rolled the
   * query back), with backoff, for up to the driver's retry time; `work` must be idempotent.
   */
  async writeAlone<T>(work: (tx: Tx) => Promise<T>, meter?: QueryMeter): Promise<T> {
    const deadline = Date.now() + WRITE_RETRY_MS;
    if (meter) meter.transactions += 1;
    for (let attempt = 0; ; attempt += 1) {
      const session = this.driver.session({
        database: this.database,
        defaultAccessMode: neo4j.session.WRITE,
      });
      const timeout = this.txTimeoutMs;
      let sent = false;
      try {
        const written = await work(
          this.wrap(
            {
              run: (text: string, params?: Row) => {
                if (sent) throw new Error('writeAlone: a unit of work sent a second query');
                sent = true;
                return session.run(text, params, { timeout });
              },
            },
            meter,
          ),
        );
        for (const listener of this.writeListeners) listener();
        return written;
      } catch (err) {
        const delay = Math.min(1000, 50 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
        if (!isRetryableError(err) || Date.now() + delay > deadline) throw this.failure(err);
        await new Promise((resolve) => setTimeout(resolve, delay));
      } finally {
        await session.close().catch(() => undefined);
      }
    }
  }

  /** A named query's text, for the read planner to embed as a subquery (the count of an entity list). */
  namedText(name: string, placeholders?: Placeholders): string {
    return this.queries.get(name, placeholders);
  }

  /** A fragment of the query book, for the read planner's generated text. */
  fragment(name: string): string {
    return this.queries.fragment(name);
  }

  /**
   * A Database for one request: its reads (loaders, services) share `reads`, one transaction
   * opened on first use; writes, and reads that ask for their own timeout (dumps), are as ever.
   */
  forRequest(reads: RequestReads): Database {
    const scoped = Object.create(this) as Database;
    scoped.read = (work, meter, timeoutMs) =>
      timeoutMs === undefined ? reads.read(work) : this.read(work, meter, timeoutMs);
    scoped.readAlone = (work) => reads.readAlone(work);
    return scoped;
  }

  /** An explicit read transaction on a new session, with the configured timeout (RequestReads). */
  beginRead(): { session: Session; tx: Transaction } {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.READ,
    });
    return { session, tx: session.beginTransaction({ timeout: this.txTimeoutMs }) };
  }

  /** The Tx of repositories over an explicit transaction (RequestReads). */
  wrapExplicit(tx: Transaction, meter?: QueryMeter): PlannerTx {
    return this.wrap(tx, meter);
  }

  /** Raw text outside the query book: migrations only (schema statements must run on their own). */
  async runSchemaStatement(text: string): Promise<void> {
    const session = this.driver.session({ database: this.database });
    try {
      await session.run(text);
    } finally {
      await session.close();
    }
  }

  /** True when the database answers a trivial query within the timeout. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.READ,
    });
    try {
      await session.executeRead((tx) => tx.run('RETURN 1'), { timeout: timeoutMs });
      return true;
    } catch {
      return false;
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}

/**
 * The one read transaction of a GraphQL request: opened on the first read (a request that reads
 * nothing opens none), shared by every loader batch and service read of the request, and
 * closed when the response is sent or the client goes away (server.ts). Reads of one request so
 * see one snapshot-free but consistent session, and pay one BEGIN and one ROLLBACK in all.
 *
 * - Retries: an explicit transaction is not retried by the driver (executeRead retries its work
 *   function, which would re-run work other resolvers have already consumed). A read that fails
 *   is mapped as every driver error is (mapDriverError: SERVICE_UNAVAILABLE when the database is
 *   away or the timeout struck) and the broken transaction is dropped, so a later read of the
 *   same request opens a new one; the client retries the request, as SERVICE_UNAVAILABLE says.
 * - Timeout: the transaction has NEO4J_TX_TIMEOUT_MS, now for all reads of the request together.
 * - Concurrency: resolvers of one request run queries on it at the same time; neo4j-driver sends
 *   them on the transaction's one connection and answers them one after another, in order.
 * - After close (a resolver still running when the response went), reads get their own transaction.
 */
export class RequestReads {
  private open: { session: Session; tx: Transaction } | null = null;
  private closed = false;
  private aloneDone = false;
  private soleNext = false;

  constructor(
    private readonly db: Database,
    private readonly meter: QueryMeter,
  ) {}

  /**
   * The request's only read, as far as the read planner can tell (a query with one root field
   * whose whole selection it planned): an auto-commit transaction, without the BEGIN and
   * ROLLBACK that cost a tenth of the service's CPU on a planned request, and the ROLLBACK's
   * round trip before the answer. A read that comes after it anyway (a cursor the plan did not
   * find, a merged-away organisation's redirect) opens the request's transaction as ever.
   */
  async readAlone<T>(work: (tx: PlannerTx) => Promise<T>): Promise<T> {
    if (this.closed || this.open || this.aloneDone) return this.read(work);
    this.aloneDone = true;
    this.meter.transactions += 1;
    return this.db.autoCommitRead(work, this.meter);
  }

  /**
   * The resolver of a one-query question (allies, connections, neighbourhood) knows its query will
   * be the request's only read: its next read, if it is the first, goes as readAlone does.
   */
  expectSoleRead(): void {
    this.soleNext = true;
  }

  async read<T>(work: (tx: PlannerTx) => Promise<T>): Promise<T> {
    if (this.soleNext) {
      this.soleNext = false;
      return this.readAlone(work);
    }
    if (this.closed) return this.db.read(work, this.meter);
    if (!this.open) {
      this.open = this.db.beginRead();
      this.meter.transactions += 1;
    }
    const current = this.open;
    try {
      return await work(this.db.wrapExplicit(current.tx, this.meter));
    } catch (err) {
      const mapped = mapDriverError(err);
      // A driver error leaves the transaction unusable: drop it, so the next read opens another.
      if (err instanceof Neo4jError || mapped !== err) await this.drop(current);
      throw mapped;
    }
  }

  /** Ends the transaction (read-only: rolled back) and its session; later reads get their own. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.open) await this.drop(this.open);
  }

  private async drop(which: { session: Session; tx: Transaction }): Promise<void> {
    if (this.open === which) this.open = null;
    if (which.tx.isOpen()) await which.tx.rollback().catch(() => undefined);
    await which.session.close().catch(() => undefined);
  }
}

/** Verifies connectivity with retries, so a database that is still starting is waited for, with a clear message in the end. */
export async function waitForDatabase(
  driver: Driver,
  database: string,
  timeoutMs: number,
  logger?: Logger,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    try {
      await driver.verifyConnectivity({ database });
      const session = driver.session({ database });
      try {
        await session.run('RETURN 1');
      } finally {
        await session.close();
      }
      return;
    } catch (err) {
      const e = err as Neo4jError;
      if (e.code?.startsWith('Neo.ClientError.Security')) {
        throw new Error(
          `Neo4j refused the credentials (${e.code}). Check NEO4J_USER and NEO4J_PASSWORD.`,
          { cause: err },
        );
      }
      if (e.code === 'Neo.ClientError.Database.DatabaseNotFound') {
        throw new Error(
          `Neo4j has no database named "${database}". Create it or set NEO4J_DATABASE.`,
          { cause: err },
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Neo4j did not answer within ${Math.round(timeoutMs / 1000)}s (last error: ${e.message}). Check NEO4J_URI and that the server is running.`,
          { cause: err },
        );
      }
      logger?.info({ attempt }, 'waiting for Neo4j');
      await new Promise((r) => setTimeout(r, Math.min(2000, 200 * attempt)));
    }
  }
}
