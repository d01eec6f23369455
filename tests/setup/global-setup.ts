/**
 * One throwaway Neo4j for the whole test run: its own free port and a temporary data
 * folder (never the development data), unless NEO4J_TEST_URI points at one. The
 * compiled service (dist/) is built once too, for the tests that run the real entry point.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalNeo4j } from '../../src/graph/local-neo4j';
import { projectRoot } from '../../src/paths';
import { freePort } from '../helpers/ports';

declare global {
  var __TEST_NEO4J__: { neo4j?: LocalNeo4j; home?: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  execFileSync(
    process.execPath,
    [
      path.join(projectRoot(), 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'tsconfig.build.json',
    ],
    {
      cwd: projectRoot(),
      stdio: 'inherit',
    },
  );
  if (process.env.NEO4J_TEST_URI) {
    process.env.NEO4J_TEST_USER ??= 'neo4j';
    if (!process.env.NEO4J_TEST_PASSWORD)
      throw new Error(
        'NEO4J_TEST_URI is set: set NEO4J_TEST_PASSWORD too (and know that its database is wiped by the tests).',
      );
    globalThis.__TEST_NEO4J__ = {};
    return;
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-test-neo4j-'));
  const password = crypto.randomBytes(12).toString('hex');
  const port = await freePort();
  const neo4j = await LocalNeo4j.start(
    { home, boltPort: port, heap: '768m', pageCache: '128m', password },
    (l) => process.stderr.write(`[test neo4j] ${l}\n`),
  );
  process.env.NEO4J_TEST_URI = neo4j.boltUri;
  process.env.NEO4J_TEST_USER = 'neo4j';
  process.env.NEO4J_TEST_PASSWORD = password;
  globalThis.__TEST_NEO4J__ = { neo4j, home };
}
