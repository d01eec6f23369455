/**
 * What the stand-alone benchmarks (`bench:import`, `bench:write-floor`, `bench:search-aliases`)
 * share: a throwaway Neo4j in a temporary folder (512m heap and 128m page cache unless told
 * otherwise), migrated, removed afterwards whatever happens; and one way to run a benchmark's
 * main so that a failure prints its stack and exits non-zero.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDriver, Database, Neo4jConnection } from '../../src/graph/database';
import { LocalNeo4j } from '../../src/graph/local-neo4j';
import { migrate } from '../../src/graph/migrations';
import { QueryBook } from '../../src/graph/queries';
import { freePort } from '../../tests/helpers/ports';

export interface Throwaway {
  db: Database;
  book: QueryBook;
  conn: Neo4jConnection;
  /** The Neo4j process, when this run started one (not for a given URI). */
  local?: LocalNeo4j;
  /** A temporary folder for the benchmark's own files, removed afterwards. */
  dir: string;
}

export interface ThrowawayOptions {
  /** Folder name prefix under the system's temporary folder. */
  name: string;
  heap?: string;
  pageCache?: string;
  /** Use this Neo4j instead of starting one (it is wiped by the benchmark). */
  external?: { uri: string; user: string; password: string };
  /** Delete everything in the database before migrating (for an external one). */
  wipe?: boolean;
  /** More neo4j.conf lines for the throwaway Neo4j (LocalNeo4jOptions.settings). */
  settings?: readonly string[];
}

/** Runs `work` on a migrated throwaway Neo4j and always stops and removes it afterwards. */
export async function withThrowawayNeo4j<T>(
  options: ThrowawayOptions,
  work: (t: Throwaway) => Promise<T>,
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sg-bench-${options.name}-`));
  let local: LocalNeo4j | undefined;
  let db: Database | undefined;
  try {
    let target = options.external;
    if (!target) {
      const password = crypto.randomBytes(12).toString('hex');
      local = await LocalNeo4j.start(
        {
          home: path.join(dir, 'neo4j'),
          boltPort: await freePort(),
          heap: options.heap ?? '512m',
          pageCache: options.pageCache ?? '128m',
          password,
          settings: options.settings,
        },
        (l) => process.stderr.write(`[bench neo4j] ${l}\n`),
      );
      target = { uri: local.boltUri, user: 'neo4j', password };
    }
    const conn: Neo4jConnection = { ...target, database: 'neo4j', txTimeoutMs: 60000 };
    const book = QueryBook.load();
    db = new Database(createDriver(conn), conn.database, book, conn.txTimeoutMs);
    if (options.wipe) {
      const session = db.driver.session({ database: conn.database });
      try {
        // Relationships first, in small transactions: a dense forum detached in one go exceeds a 512m heap.
        await session.run('MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS');
        await session.run('MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 5000 ROWS');
      } finally {
        await session.close();
      }
    }
    await migrate(db);
    return await work({ db, book, conn, local, dir });
  } finally {
    await db?.close();
    await local?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a benchmark's main: a failure prints its stack and exits with status 1. */
export function runBenchmark(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
