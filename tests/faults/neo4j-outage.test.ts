/**
 * Neo4j killed (SIGKILL) and restarted under a stream of writes, on a Neo4j of this
 * test's own in a temporary folder: while it is down requests fail fast with
 * SERVICE_UNAVAILABLE and /ready is 503; once it is back the same service (no restart)
 * writes again; and every write the API acknowledged is in the database, none twice.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalNeo4j, LocalNeo4jOptions } from '../../src/graph/local-neo4j';
import { startTestApp, TestApp } from '../helpers/app';
import { codeOf } from '../helpers/fixtures';
import { freePort } from '../helpers/ports';

jest.setTimeout(240_000);

async function until(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Neo4j outage under a stream of writes', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-outage-'));
  let options: LocalNeo4jOptions;
  let neo4j: LocalNeo4j | undefined;
  let app: TestApp | undefined;

  beforeAll(async () => {
    options = {
      home,
      boltPort: await freePort(),
      heap: '384m',
      pageCache: '32m',
      password: crypto.randomBytes(12).toString('hex'),
    };
    neo4j = await LocalNeo4j.start(options, () => undefined);
    app = await startTestApp(
      {},
      { connection: { uri: neo4j.boltUri, user: 'neo4j', password: options.password } },
    );
  });

  afterAll(async () => {
    await app?.close();
    // Its data is thrown away: no need to wait for a clean checkpoint.
    if (neo4j) process.kill(neo4j.pid, 'SIGKILL');
    await neo4j?.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('loses no acknowledged write, duplicates none, fails fast while down and recovers by itself', async () => {
    const a = app!;
    const ready = async () => (await fetch(a.url.replace(/\/graphql$/, '/ready'))).status;
    const acknowledged: string[] = [];
    const failures: unknown[] = [];
    let attempts = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const name = `Outage write ${String(attempts).padStart(4, '0')}`;
        attempts += 1;
        const res = await a
          .gql('mutation($name: String!) { createTopic(input: {name: $name}) { slug } }', { name })
          .catch(
            (err: Error) => ({ status: 0, body: { errors: [{ message: err.message }] } }) as never,
          );
        if (res.body.errors) failures.push(codeOf(res) ?? res.body.errors[0].message);
        else acknowledged.push(name);
      }
    })();

    try {
      await until('20 acknowledged writes', async () => acknowledged.length >= 20, 30_000);
      // A key not used yet: its lookup needs the database.
      const unseenKey = await a.keyFor('viewer');
      process.kill(neo4j!.pid, 'SIGKILL');
      const ackedBefore = acknowledged.length;

      // Down: a read fails fast with SERVICE_UNAVAILABLE, and /ready says 503.
      await until('/ready 503', async () => (await ready()) === 503, 30_000);
      const started = Date.now();
      const read = await a.gql('{ topics(first: 1) { totalCount } }');
      expect(codeOf(read)).toBe('SERVICE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(10_000);
      // A key that must be looked up: 503 for the whole request, not a 500.
      const keyed = await a.gql(
        '{ topics(first: 1) { totalCount } }',
        {},
        { authorization: unseenKey },
      );
      expect(keyed.status).toBe(503);
      expect(codeOf(keyed)).toBe('SERVICE_UNAVAILABLE');

      // Back on the same port and data: the same service writes again, without a restart.
      neo4j = await LocalNeo4j.start(options, () => undefined);
      await until('/ready 200', async () => (await ready()) === 200, 90_000);
      const ackedAtRestart = acknowledged.length;
      await until(
        '20 more acknowledged writes',
        async () => acknowledged.length >= ackedAtRestart + 20,
        60_000,
      );
      expect(ackedAtRestart).toBeGreaterThanOrEqual(ackedBefore);
    } finally {
      writing = false;
      await writer;
    }

    // Every failure said the database was away; never an internal error.
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures)).toEqual(new Set(['SERVICE_UNAVAILABLE']));

    const rows = await a.cypher(
      'MATCH (t:Topic) WHERE t.name STARTS WITH "Outage write" RETURN t.name AS name, t.slug AS slug',
    );
    const names = rows.map((r) => r.name as string);
    const slugs = rows.map((r) => r.slug as string);
    // Acknowledged ⊆ stored; a write that failed may or may not have committed (its answer was lost).
    expect(acknowledged.filter((n) => !names.includes(n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(names.length).toBeLessThanOrEqual(attempts);
  });
});
