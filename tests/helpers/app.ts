/**
 * A real service for tests: the test Neo4j (wiped, migrated), the real schema and
 * Apollo Server on Express, listening on a free port, queried over HTTP.
 */
import pino from 'pino';
import { createApiKey } from '../../src/auth/api-keys';
import { parseConfig, Config } from '../../src/config';
import { createDriver, Database } from '../../src/graph/database';
import { migrate } from '../../src/graph/migrations';
import { QueryBook } from '../../src/graph/queries';
import { TIE_TYPES } from '../../src/domain/model';
import { createLogger } from '../../src/logger';
import { createSchema } from '../../src/schema';
import { RunningServer, startServer } from '../../src/server';

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: {
    data?: T;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  };
}

export interface TestApp {
  config: Readonly<Config>;
  db: Database;
  server: RunningServer;
  url: string;
  /**
   * POSTs a GraphQL request as an admin unless headers say otherwise: pass
   * { authorization: '' } to call anonymously, or another key from app.keyFor(role).
   */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResponse<T>>;
  /** The Authorization header value of the admin key gql() sends by default. */
  adminAuth: string;
  /** A fresh API key of this role, as an Authorization header value. */
  keyFor(role: 'viewer' | 'editor' | 'admin'): Promise<string>;
  /** Runs Cypher directly, to re-check what the API wrote. */
  cypher(text: string, params?: Record<string, unknown>): Promise<Record<string, any>[]>;
  wipe(): Promise<void>;
  close(): Promise<void>;
}

export function testConnection() {
  const uri = process.env.NEO4J_TEST_URI;
  if (!uri) throw new Error('NEO4J_TEST_URI is not set: run the tests through `npm test`.');
  return {
    uri,
    user: process.env.NEO4J_TEST_USER ?? 'neo4j',
    password: process.env.NEO4J_TEST_PASSWORD ?? '',
    database: 'neo4j',
    txTimeoutMs: 15000,
  };
}

export interface TestAppOptions {
  /** Another Neo4j than the shared test one (e.g. one a fault test starts and kills). */
  connection?: Partial<ReturnType<typeof testConnection>>;
  /** The query book to run (e.g. with one query replaced by a slow or broken one). */
  queries?: QueryBook;
  /** Writes the service's JSON log lines here instead of discarding them. */
  logTo?: (line: string) => void;
  /** The level of those lines (default info); debug shows the read planner's queries. */
  logLevel?: 'info' | 'debug';
}

export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const conn = { ...testConnection(), ...options.connection };
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: options.logTo ? 'info' : 'silent',
    NEO4J_URI: conn.uri,
    NEO4J_PASSWORD: conn.password,
    ...env,
  });
  const logger = options.logTo
    ? pino({ level: options.logLevel ?? 'info' }, { write: options.logTo })
    : createLogger(config);
  const db = new Database(
    createDriver(conn),
    conn.database,
    options.queries ?? QueryBook.load(),
    conn.txTimeoutMs,
    logger,
  );
  const cypher = async (text: string, params: Record<string, unknown> = {}) => {
    const session = db.driver.session({ database: conn.database });
    try {
      const r = await session.run(text, params);
      return r.records.map((rec) => rec.toObject());
    } finally {
      await session.close();
    }
  };
  // Every tie the tests wrote must carry page keys that match it (cypher/queries/tie/_page-keys):
  // a write path that forgets them would drop the tie from its ends' pages. Checked before every
  // wipe and at close, so each suite's writes are checked.
  const checkPageKeys = async () => {
    const wrong = await cypher(
      `MATCH ()-[r]->() WHERE type(r) IN $types
       WITH r, ' ' + coalesce(r.sinceStart, '') + ' ' + r.id AS tail
       WHERE r.pageFrom IS NULL OR r.pageTo IS NULL
          OR r.pageFrom <> startNode(r).id + tail OR r.pageTo <> endNode(r).id + tail
       RETURN type(r) AS type, r.id AS id, r.pageFrom AS pageFrom, r.pageTo AS pageTo LIMIT 5`,
      { types: [...TIE_TYPES] },
    );
    if (wrong.length > 0)
      throw new Error(`Ties with missing or stale page keys: ${JSON.stringify(wrong)}`);
  };
  const wipe = async () => {
    await checkPageKeys();
    // The feed's sequence stays: its numbers keep rising, so a live subscriber's cursor stays valid.
    await cypher(
      'MATCH (n) WHERE NOT n:Migration AND NOT n:ApiKey AND NOT n:ChangeSequence DETACH DELETE n',
    );
  };
  await cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  await migrate(db);
  const keyFor = async (role: 'viewer' | 'editor' | 'admin') =>
    `Bearer ${(await createApiKey(db, `test ${role}`, role)).key}`;
  const admin = await keyFor('admin');
  const schema = await createSchema();
  const server = await startServer(
    { config, logger, db, schema, isMigrated: () => true },
    { host: '127.0.0.1', port: 0 },
  );
  const gql = async (
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => {
    const { authorization = admin, ...rest } = headers;
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization ? { authorization } : {}),
        ...rest,
      },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as GqlResponse['body'],
    };
  };
  return {
    config,
    db,
    server,
    url: server.url,
    gql: gql as TestApp['gql'],
    keyFor,
    adminAuth: admin,
    cypher,
    wipe,
    async close() {
      try {
        // A suite that stopped Neo4j (tests/faults) cannot be checked at its end: only stale keys fail it.
        await checkPageKeys().catch((err: unknown) => {
          if (err instanceof Error && err.message.startsWith('Ties with missing')) throw err;
        });
      } finally {
        await server.stop();
        await db.close();
      }
    },
  };
}

/**
 * The usual scaffolding of a test file in one call: starts the app before the file's tests,
 * closes it after them, and with `{ wipe: 'each' }` empties the graph before every test.
 * Returns a stand-in that forwards to the running app, so tests write `app.gql(...)`.
 */
export function useTestApp(options: { wipe?: 'each' } = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp();
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  if (options.wipe === 'each') {
    beforeEach(async () => {
      await current!.wipe();
    });
  }
  return new Proxy({} as TestApp, {
    get(_target, prop) {
      if (!current)
        throw new Error('useTestApp: the app starts in beforeAll; use it inside a test or hook');
      const value = (current as unknown as Record<string | symbol, unknown>)[prop];
      return typeof value === 'function' ? value.bind(current) : value;
    },
    set() {
      // Assigning to (or spying on) the stand-in would not reach the app: refuse it loudly.
      throw new Error(
        'useTestApp: the app is read-only; use startTestApp() for an app of your own',
      );
    },
  });
}

/** The environment for running a compiled command-line tool against the test Neo4j, and nothing else of the caller's. */
export function cliEnv(): Record<string, string> {
  const conn = testConnection();
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    NEO4J_URI: conn.uri,
    NEO4J_USER: conn.user,
    NEO4J_PASSWORD: conn.password,
  };
}
