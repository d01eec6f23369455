import { useTestApp } from '../helpers/app';
import { codeOf, engages, forum, organisation, person } from '../helpers/fixtures';

const HISTORY =
  'query($id: ID!, $first: Int, $after: String) { history(id: $id, first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { action targetKind target actor requestId before after note } } }';

describe('history', () => {
  const app = useTestApp({ wipe: 'each' });

  it('records create, update and delete of an entity, with who and through which request, and keeps the last state after deletion', async () => {
    const org = await organisation(app, 'Wemos', { kind: 'NGO' });
    const upd = await app.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, input: {acronym: "WMS"}) { version } }',
      { id: org.id },
      { 'x-request-id': 'req-update-1' },
    );
    expect(upd.body.errors).toBeUndefined();
    const del = await app.gql('mutation($id: ID!) { deleteOrganisation(id: $id) { id } }', {
      id: org.id,
    });
    expect(del.body.errors).toBeUndefined();
    const res = await app.gql(HISTORY, { id: org.id });
    expect(res.body.errors).toBeUndefined();
    const changes = res.body.data!.history.nodes;
    expect(changes.map((c: any) => c.action)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
    expect(
      changes.every(
        (c: any) =>
          c.target === org.id && c.targetKind === 'Organisation' && c.actor === 'key:test admin',
      ),
    ).toBe(true);
    expect(changes[1]).toMatchObject({
      requestId: 'req-update-1',
      before: { version: 1 },
      after: { acronym: 'WMS', version: 2 },
    });
    expect(changes[1].before.acronym).toBeUndefined();
    expect(changes[0].before).toMatchObject({ name: 'Wemos', acronym: 'WMS', kind: 'NGO' });
    expect(changes[0].after).toBeNull();
    expect(changes[2].before).toBeNull();
  });

  it('records ties added, updated and removed', async () => {
    const org = await organisation(app, 'Wemos');
    const f = await forum(app, 'Coalition');
    const e = await engages(app, org, f, 'HOST');
    await app.gql(
      'mutation($id: ID!) { updateEngagement(id: $id, input: {until: "2020"}) { id } }',
      { id: e.id },
    );
    await app.gql('mutation($id: ID!) { removeEngagement(id: $id) { id } }', { id: e.id });
    const changes = (await app.gql(HISTORY, { id: e.id })).body.data!.history.nodes;
    expect(changes.map((c: any) => c.action)).toEqual(['TIE_REMOVED', 'TIE_UPDATED', 'TIE_ADDED']);
    expect(changes[1].after).toMatchObject({ role: 'HOST', until: '2020' });
  });

  it('writes nothing when the change fails, because history shares its transaction', async () => {
    const org = await organisation(app, 'Wemos');
    const stale = await app.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 7, input: {acronym: "X"}) { id } }',
      { id: org.id },
    );
    expect(codeOf(stale)).toBe('CONFLICT');
    const [row] = await app.cypher('MATCH (c:Change) RETURN collect(c.action) AS actions');
    expect(row.actions).toEqual(['CREATE']);
  });

  it('never keeps contact details', async () => {
    const p = await person(app, 'Jorge', { contact: { email: 'jorge@example.org' } });
    await app.gql(
      'mutation($id: ID!) { updatePerson(id: $id, input: {contact: {phone: "+31 20"}}) { id } }',
      { id: p.id },
    );
    const [row] = await app.cypher(
      'MATCH (c:Change) RETURN collect(coalesce(c.beforeJson, "") + coalesce(c.afterJson, "")) AS all',
    );
    expect(JSON.stringify(row.all)).not.toMatch(/example\.org|\+31 20|contact/);
  });

  it('lists recent changes across the graph, newest first, with cursors', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    for (const n of ['A', 'B', 'C']) await organisation(app, n);
    const q =
      'query($since: DateTimeISO!, $after: String) { recentChanges(since: $since, first: 2, after: $after) { pageInfo { hasNextPage endCursor } nodes { action after } } }';
    const first = (await app.gql(q, { since })).body.data!.recentChanges;
    expect(first.nodes.map((c: any) => c.after.name)).toEqual(['C', 'B']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await app.gql(q, { since, after: first.pageInfo.endCursor })).body.data!
      .recentChanges;
    expect(next.nodes.map((c: any) => c.after.name)).toEqual(['A']);
    const future = (await app.gql(q, { since: new Date(Date.now() + 60_000).toISOString() })).body
      .data!.recentChanges;
    expect(future.nodes).toEqual([]);
  });
});
