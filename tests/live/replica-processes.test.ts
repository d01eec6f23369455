/**
 * Replicas as separate operating-system processes: the real entry point (`node dist/src/main.js`,
 * what `npm start` runs) twice on the test Neo4j (NEO4J_URI, so neither starts a Neo4j of its
 * own), beside the in-process test app. A change written through one process reaches a
 * subscriber of the other; a process killed with SIGKILL (no shutdown at all) and started again
 * serves a subscriber that resumes from its last cursor, with no gap and no duplicate.
 */
import { TestApp, startTestApp } from '../helpers/app';
import { ServiceProcess, startServiceProcess } from '../helpers/service-process';
import { connect, subscribe } from './ws-client';

const CHANGES = `subscription($after: String) { changes(after: $after) { id cursor after } }`;

interface Process extends ServiceProcess {
  url: string;
}

async function startProcess(): Promise<Process> {
  const p = await startServiceProcess({ NODE_ENV: 'test', LOG_LEVEL: 'warn' }, 60_000);
  return { ...p, url: `http://127.0.0.1:${p.port}/graphql` };
}

async function createThrough(url: string, auth: string, name: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify({
      query: 'mutation($n: String!) { createOrganisation(input: {name: $n}) { id } }',
      variables: { n: name },
    }),
  });
  const body = (await res.json()) as { errors?: unknown };
  expect(body.errors).toBeUndefined();
}

describe('replicas as separate processes on one Neo4j', () => {
  let app: TestApp;
  const running: Process[] = [];
  beforeAll(async () => {
    app = await startTestApp({}, { connection: { txTimeoutMs: 60_000 } });
  }, 120_000);
  afterAll(async () => {
    for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await app?.close();
  });

  it('a change written through one process reaches a subscriber of another; a killed process restarted resumes from the cursor', async () => {
    const [one, two] = [await startProcess(), await startProcess()];
    running.push(one, two);
    const onTwo = connect(two.url, app.adminAuth);
    const sub = subscribe<{ changes: { id: string; cursor: string; after: { name: string } } }>(
      onTwo,
      CHANGES,
    );
    await new Promise((r) => setTimeout(r, 800));
    await createThrough(one.url, app.adminAuth, 'Written through one');
    await createThrough(app.url, app.adminAuth, 'Written in the test process');
    await sub.until(2, 30_000);
    expect(sub.data.map((d) => d.changes.after.name)).toEqual([
      'Written through one',
      'Written in the test process',
    ]);
    const last = sub.data[1].changes.cursor;

    // Process two dies without any shutdown; changes go on through process one meanwhile.
    two.child.kill('SIGKILL');
    await two.exited;
    await sub.ended;
    await createThrough(one.url, app.adminAuth, 'While two was down 1');
    await createThrough(one.url, app.adminAuth, 'While two was down 2');
    const again = await startProcess();
    running.push(again);
    const client = connect(again.url, app.adminAuth);
    const resumed = subscribe<{ changes: { id: string; after: { name: string } } }>(
      client,
      CHANGES,
      { after: last },
    );
    await resumed.until(2, 30_000);
    await createThrough(one.url, app.adminAuth, 'After the restart');
    await resumed.until(3, 30_000);
    expect(resumed.data.map((d) => d.changes.after.name)).toEqual([
      'While two was down 1',
      'While two was down 2',
      'After the restart',
    ]);
    // Every change once, in the database's order.
    const ids = [...sub.data, ...resumed.data].map((d) => d.changes.id);
    expect(new Set(ids).size).toBe(ids.length);
    const inDb = (await app.cypher('MATCH (c:Change) RETURN c.id AS id ORDER BY c.seq')).map(
      (r) => r.id as string,
    );
    expect(ids).toEqual(inDb.slice(inDb.indexOf(ids[0])));
    await client.dispose();
    await Promise.resolve(onTwo.dispose()).catch(() => undefined);

    // The survivors stop cleanly on SIGTERM.
    for (const p of [one, again]) p.child.kill('SIGTERM');
    expect(await one.exited).toBe(0);
    expect(await again.exited).toBe(0);
  }, 240_000);
});
