/**
 * The change feed (`changes` query): every change once, in one order, from any cursor, also while
 * 20 writers commit and while a transaction commits late with an earlier time; filters; roles.
 */
import type { TestApp } from '../helpers/app';
import { settled, useLiveApp } from './live-helpers';
import { codeOf, engages, forum, organisation, person, tie } from '../helpers/fixtures';

const FEED = `query($after: String, $first: Int, $filter: ChangeFilter) {
  changes(after: $after, first: $first, filter: $filter) {
    edges { cursor node { id action targetKind target actor requestId before after cursor } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

interface FeedNode {
  id: string;
  action: string;
  targetKind: string;
  target: string | null;
  actor: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  cursor: string;
}

async function page(
  app: TestApp,
  vars: Record<string, unknown>,
  auth?: string,
): Promise<{ nodes: FeedNode[]; endCursor: string; hasNextPage: boolean }> {
  const res = await app.gql(FEED, vars, auth === undefined ? {} : { authorization: auth });
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  const c = res.body.data!.changes;
  expect(c.totalCount).toBe(-1);
  return {
    nodes: c.edges.map((e: { node: FeedNode }) => e.node),
    endCursor: c.pageInfo.endCursor,
    hasNextPage: c.pageInfo.hasNextPage,
  };
}

/** Reads the feed from `after` until no page is left. */
async function readAll(
  app: TestApp,
  after: string | null,
  filter?: Record<string, unknown>,
  first = 7,
) {
  const seen: FeedNode[] = [];
  let cursor = after;
  for (let i = 0; i < 1000; i++) {
    const p = await page(app, { after: cursor, first, filter });
    seen.push(...p.nodes);
    cursor = p.endCursor;
    if (!p.hasNextPage) break;
  }
  return { seen, cursor };
}

async function changeIds(app: TestApp): Promise<string[]> {
  const rows = await app.cypher('MATCH (c:Change) RETURN c.id AS id');
  return rows.map((r) => r.id as string);
}

describe('the change feed', () => {
  const app = useLiveApp();

  it('lists every change once, in the order of their numbers, with what changed, who and the cursor to go on from', async () => {
    const start = (await page(app, { first: 0 })).endCursor;
    const org = await organisation(app, 'Wemos', { kind: 'NGO' });
    const f = await forum(app, 'Health Workers for All');
    const e = await engages(app, org, f, 'HOST');
    await app.gql(
      'mutation($id: ID!) { updateEngagement(id: $id, input: {until: "2020"}) { id } }',
      { id: e.id },
    );
    await settled(app);
    const { seen, cursor } = await readAll(app, start, undefined, 2);
    expect(seen.map((c) => c.action)).toEqual(['CREATE', 'CREATE', 'TIE_ADDED', 'TIE_UPDATED']);
    expect(seen.map((c) => c.target)).toEqual([org.id, f.id, e.id, e.id]);
    expect(seen[0]).toMatchObject({
      targetKind: 'Organisation',
      actor: 'key:test admin',
      before: null,
      after: { name: 'Wemos', kind: 'NGO' },
    });
    expect(seen[3].after).toMatchObject({ role: 'HOST', until: '2020' });
    // Each edge's cursor continues right after it; the last page's endCursor after everything.
    const afterSecond = await page(app, { after: seen[1].cursor, first: 10 });
    expect(afterSecond.nodes.map((c) => c.id)).toEqual(seen.slice(2).map((c) => c.id));
    expect((await page(app, { after: cursor })).nodes).toEqual([]);
    // Every change in the database is in the feed, once.
    expect(seen.map((c) => c.id).sort()).toEqual((await changeIds(app)).sort());
  });

  it('never skips a change whose transaction commits late with an earlier time', async () => {
    const start = (await page(app, { first: 0 })).endCursor;
    const early = new Date(Date.now() - 60_000).toISOString();
    // A writer's transaction records its change (an hour-old time) and stays open...
    const session = app.db.driver.session({ database: 'neo4j' });
    const tx = session.beginTransaction();
    await tx.run(
      `CREATE (c:Change:Unsequenced {id: 'late-change', at: $at, action: 'CREATE', targetKind: 'Topic',
        targetKey: '00000000-0000-4000-8000-000000000001', actor: 'test', requestId: 'late'})`,
      { at: early },
    );
    // ...while other changes commit, get numbered, and a reader reads past them.
    await organisation(app, 'First');
    await organisation(app, 'Second');
    await settled(app);
    const before = await readAll(app, start);
    expect(before.seen.map((c) => c.after?.name)).toEqual(['First', 'Second']);
    await tx.commit();
    await session.close();
    await settled(app);
    // Reading on from where it stopped, the reader gets the late change: it was numbered after.
    const after = await readAll(app, before.cursor);
    expect(after.seen.map((c) => c.id)).toEqual(['late-change']);
  });

  it('gives every change exactly once and in one order to a reader paging while 20 writers commit', async () => {
    const f = await forum(app, 'Coalition');
    await settled(app);
    const start = (await page(app, { first: 0 })).endCursor;
    const before = new Set(await changeIds(app));
    let writing = true;
    const writers = Array.from({ length: 20 }, async (_, w) => {
      for (let i = 0; i < 4; i++) {
        const org = await organisation(app, `Writer ${w} org ${i}`);
        await engages(app, org, f, 'MEMBER');
      }
    });
    const seen: FeedNode[] = [];
    const reader = (async () => {
      let cursor: string | null = start;
      // Pages while the writers write, and once more after they stopped and all is numbered.
      for (let last = false; ;) {
        const p = await page(app, { after: cursor, first: 9 });
        seen.push(...p.nodes);
        cursor = p.endCursor;
        if (last && !p.hasNextPage) break;
        if (!writing && !p.hasNextPage) {
          await settled(app);
          last = true;
        }
      }
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    const expected = (await changeIds(app)).filter((id) => !before.has(id));
    expect(expected).toHaveLength(160);
    const ids = seen.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());
    // One order: the numbers the database holds rise along the reader's order.
    const rows = await app.cypher(
      'MATCH (c:Change) WHERE c.id IN $ids RETURN c.id AS id, c.seq AS seq',
      {
        ids,
      },
    );
    const seq = new Map(rows.map((r) => [r.id as string, Number(r.seq)]));
    const numbers = ids.map((id) => seq.get(id)!);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    // A second reader from the same cursor sees the very same sequence.
    const again = await readAll(app, start, undefined, 50);
    expect(again.seen.map((c) => c.id)).toEqual(ids);
  });

  it('filters by kind, entity and tie type, forum, target, actor and time', async () => {
    const editor = await app.keyFor('editor');
    const start = (await page(app, { first: 0 })).endCursor;
    const org = await organisation(app, 'Wemos');
    const f = await forum(app, 'Coalition');
    const other = await forum(app, 'Other forum');
    const e = await engages(app, org, f, 'HOST');
    await engages(app, org, other, 'MEMBER');
    const res = await app.gql(
      'mutation($id: ID!) { updateForum(id: $id, input: {acronym: "C"}) { id } }',
      { id: f.id },
      { authorization: editor },
    );
    expect(res.body.errors).toBeUndefined();
    await settled(app);
    const actions = async (filter: Record<string, unknown>) =>
      (await readAll(app, start, filter)).seen.map((c) => `${c.action} ${c.target}`);
    expect(await actions({ kinds: ['TIE_ADDED'] })).toEqual([
      `TIE_ADDED ${e.id}`,
      expect.stringMatching(/^TIE_ADDED /),
    ]);
    expect(await actions({ entityTypes: ['Forum'] })).toEqual([
      `CREATE ${f.id}`,
      `CREATE ${other.id}`,
      `UPDATE ${f.id}`,
    ]);
    expect(await actions({ tieTypes: ['ENGAGES_IN'], kinds: ['TIE_ADDED'] })).toHaveLength(2);
    expect(await actions({ forum: f.id })).toEqual([
      `CREATE ${f.id}`,
      `TIE_ADDED ${e.id}`,
      `UPDATE ${f.id}`,
    ]);
    expect(await actions({ target: org.id })).toEqual([`CREATE ${org.id}`]);
    expect(await actions({ actor: 'key:test editor' })).toEqual([`UPDATE ${f.id}`]);
    expect(await actions({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    const wrong = await app.gql(FEED, { filter: { forum: org.id } });
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
  });

  it('needs the viewer role, as history does, and never shows contact details', async () => {
    const p = await person(app, 'Jorge', { contact: { email: 'jorge@example.org' } });
    const org = await organisation(app, 'Wemos');
    await tie(app, 'Affiliation', { from: p.id, to: org.id, role: 'STAFF' });
    await settled(app);
    const anonymous = await app.gql(FEED, {}, { authorization: '' });
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    expect(anonymous.body.data).toBeNull();
    const viewer = await app.keyFor('viewer');
    const seen = await page(app, { first: 50 }, viewer);
    expect(seen.nodes.map((c) => c.action)).toEqual(['CREATE', 'CREATE', 'TIE_ADDED']);
    expect(JSON.stringify(seen.nodes)).not.toMatch(/example\.org|contact/);
  });

  it("refuses a cursor that is not the feed's", async () => {
    const res = await app.gql(FEED, { after: 'bm90LWEtY3Vyc29y' });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].message).toMatch(/cursor/);
  });

  it('refuses a cursor ahead of the feed (another database, or before a wipe or restore): resynchronise', async () => {
    const ahead = Buffer.from(JSON.stringify(['feed', 99_999_999])).toString('base64url');
    for (const first of [5, 0]) {
      const res = await app.gql(FEED, { after: ahead, first });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.body.errors![0].extensions?.detail).toBe('CURSOR_AHEAD');
      expect(res.body.errors![0].message).toMatch(/Resynchronise/);
    }
  });
});
