/** Shared by the tests of the change feed, subscriptions, replicas and webhooks. */
import pino from 'pino';
import { parseConfig } from '../../src/config';
import { createDriver, Database } from '../../src/graph/database';
import { QueryBook } from '../../src/graph/queries';
import { createSchema } from '../../src/schema';
import { RunningServer, startServer } from '../../src/server';
import { startTestApp, TestApp, testConnection } from '../helpers/app';

// First runs of the write queries are planned while 20 writers wait, on a small shared machine.
jest.setTimeout(180_000);

/**
 * The app with a longer transaction timeout than the shared helper's: 20 writers' first runs of
 * the write queries are planned in parallel on a small, shared machine.
 */
export function useLiveApp(env: Record<string, string> = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(env, { connection: { txTimeoutMs: 60_000 } });
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(async () => {
    await current!.wipe();
  });
  return new Proxy({} as TestApp, {
    get: (_t, prop) => {
      const value = (current as unknown as Record<string | symbol, unknown>)[prop];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/** Waits until every change in the database is numbered and visible to readers. */
export async function settled(app: TestApp): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await app.cypher(
      `OPTIONAL MATCH (s:ChangeSequence {id: 'changes'})
       RETURN COUNT { (:Unsequenced) } AS pending, s.visible = s.next AS shown`,
    );
    if (Number(row.pending) === 0 && row.shown === true) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the sequencer did not number the changes within 10 s');
}

export interface Replica {
  db: Database;
  server: RunningServer;
  close(): Promise<void>;
}

/** Another API server, with its own driver, on the same database, without wiping it (startTestApp wipes). */
export async function replica(env: Record<string, string> = {}): Promise<Replica> {
  const conn = { ...testConnection(), txTimeoutMs: 60_000 };
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    NEO4J_URI: conn.uri,
    NEO4J_PASSWORD: conn.password,
    ...env,
  });
  const logger = pino({ level: 'silent' });
  const db = new Database(createDriver(conn), conn.database, QueryBook.load(), 60_000, logger);
  const server = await startServer(
    { config, logger, db, schema: await createSchema(), isMigrated: () => true },
    { host: '127.0.0.1', port: 0 },
  );
  return {
    db,
    server,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
