/**
 * Two API servers on one Neo4j, each with its own driver, sequencer and tailer (in one test
 * process): a change written through one reaches a subscriber on the other; writers on both get
 * one order; a replica that restarts serves a subscriber that resumes from its cursor with no gap.
 * And retention: old changes are pruned in small transactions and their cursors refused.
 */
import pino from 'pino';
import { Sequencer } from '../../src/live/sequencer';
import { startTestApp, TestApp } from '../helpers/app';
import { organisation } from '../helpers/fixtures';
import { Replica, replica, settled } from './live-helpers';
import { connect, subscribe } from './ws-client';

const CHANGES = `subscription($after: String) { changes(after: $after) { id cursor after } }`;

describe('two replicas on one Neo4j', () => {
  let a: TestApp;
  let b: Replica;
  beforeAll(async () => {
    a = await startTestApp({}, { connection: { txTimeoutMs: 60_000 } });
    b = await replica();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('delivers a change written through one replica to a subscriber on the other, and both see one order', async () => {
    const onA = connect(a.url, a.adminAuth);
    const onB = connect(b.server.url, a.adminAuth);
    const subA = subscribe<{ changes: { id: string } }>(onA, CHANGES);
    const subB = subscribe<{ changes: { id: string } }>(onB, CHANGES);
    await new Promise((r) => setTimeout(r, 800));
    const throughB = async (name: string) => {
      const res = await fetch(b.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: a.adminAuth },
        body: JSON.stringify({
          query: 'mutation($n: String!) { createOrganisation(input: {name: $n}) { id } }',
          variables: { n: name },
        }),
      });
      expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    };
    // Ten writers on each replica at once: both sequencers number, one at a time.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => [
        organisation(a, `Through A ${i}`),
        throughB(`Through B ${i}`),
      ]).flat(),
    );
    await settled(a);
    await subA.until(20);
    await subB.until(20);
    const idsA = subA.data.map((d) => d.changes.id);
    const idsB = subB.data.map((d) => d.changes.id);
    expect(idsA).toHaveLength(20);
    expect(new Set(idsA).size).toBe(20);
    expect(idsB).toEqual(idsA);
    const inDb = (await a.cypher('MATCH (c:Change) RETURN c.id AS id ORDER BY c.seq')).map(
      (r) => r.id as string,
    );
    expect(idsA).toEqual(inDb);
    await onA.dispose();
    await onB.dispose();
  });

  it('a subscriber of a replica that restarts resumes from its last cursor with no gap', async () => {
    const client = connect(b.server.url, a.adminAuth);
    const sub = subscribe<{ changes: { id: string; cursor: string; after: { name: string } } }>(
      client,
      CHANGES,
    );
    await new Promise((r) => setTimeout(r, 800));
    await organisation(a, 'Before the restart');
    await sub.until(1);
    const last = sub.data[sub.data.length - 1].changes.cursor;
    // The replica goes away (its subscriber gets complete) while changes go on through the other.
    await b.close();
    await sub.ended;
    await organisation(a, 'During the restart 1');
    await organisation(a, 'During the restart 2');
    b = await replica();
    const again = connect(b.server.url, a.adminAuth);
    const resumed = subscribe<{ changes: { after: { name: string } } }>(again, CHANGES, {
      after: last,
    });
    await resumed.until(2);
    await organisation(a, 'After the restart');
    await resumed.until(3);
    expect(resumed.data.map((d) => d.changes.after.name)).toEqual([
      'During the restart 1',
      'During the restart 2',
      'After the restart',
    ]);
    await again.dispose();
    await client.dispose();
  });

  it('retention prunes old changes in small transactions, and refuses their cursors', async () => {
    await a.wipe();
    for (const n of ['Old 1', 'Old 2', 'Old 3']) await organisation(a, n);
    await settled(a);
    const oldCursor = (await a.gql('{ changes(first: 1) { edges { cursor } } }')).body.data!.changes
      .edges[0].cursor as string;
    // Made old: recorded 10 days ago; then one young change.
    await a.cypher("MATCH (c:Change) SET c.at = '2000-01-01T00:00:00.000Z'");
    await organisation(a, 'Young');
    await settled(a);
    const sequencer = new Sequencer(a.db, pino({ level: 'silent' }), {
      retentionDays: 1,
      batch: 2,
    });
    expect(await sequencer.pruneIfDue()).toBe(3);
    const left = await a.cypher('MATCH (c:Change) RETURN c.afterJson AS after');
    expect(left.map((r) => JSON.parse(r.after as string).name)).toEqual(['Young']);
    const res = await a.gql('query($a: String) { changes(after: $a) { nodes { id } } }', {
      a: oldCursor,
    });
    expect(res.body.errors![0].extensions).toMatchObject({ detail: 'CURSOR_EXPIRED' });
    const fromStart = await a.gql('{ changes { nodes { after } } }');
    expect(fromStart.body.data!.changes.nodes.map((n: any) => n.after.name)).toEqual(['Young']);
  });
});
