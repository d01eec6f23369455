import { useTestApp } from '../helpers/app';
import {
  Created,
  codeOf,
  create,
  engages,
  event,
  forum,
  organisation,
  person,
  tie,
} from '../helpers/fixtures';

describe('ties through GraphQL', () => {
  const app = useTestApp();
  let wemos: Created;
  let achest: Created;
  let coalition: Created;
  let omaswa: Created;

  beforeEach(async () => {
    await app.wipe();
    wemos = await organisation(app, 'Wemos');
    achest = await organisation(app, 'ACHEST');
    coalition = await forum(app, 'Health Workers for All Coalition', { kind: 'COALITION' });
    omaswa = await person(app, 'Francis Omaswa');
  });

  it('adds an engagement with role, dates, evidence and onBehalfOf, readable from both ends', async () => {
    const res = await app.gql(
      `mutation($input: EngagementInput!) { addEngagement(input: $input) {
        id role since until note version sources { title quote }
        actor { __typename ... on Person { name } } forum { name } onBehalfOf { name } } }`,
      {
        input: {
          from: omaswa.id,
          to: coalition.id,
          role: 'CHAIR',
          since: '2018-05-20',
          onBehalfOf: achest.id,
          note: 'example',
          sources: [{ title: 'Seed', quote: 'q' }],
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    const e = res.body.data!.addEngagement;
    expect(e).toMatchObject({
      role: 'CHAIR',
      since: '2018-05-20',
      until: null,
      version: 1,
      actor: { __typename: 'Person', name: 'Francis Omaswa' },
      forum: { name: coalition.name },
      onBehalfOf: { name: 'ACHEST' },
    });
    const [row] = await app.cypher(
      'MATCH (:Person)-[r:ENGAGES_IN]->(:Forum) RETURN r.sinceStart AS s, r.onBehalfOf IS NOT NULL AS behalf, r.id AS id',
    );
    expect(row).toMatchObject({ s: '2018-05-20', behalf: true });

    const fromForum = await app.gql(
      'query($s: String) { forum(slug: $s) { engagements { totalCount nodes { id role } } } }',
      { s: coalition.slug },
    );
    expect(fromForum.body.data!.forum.engagements).toEqual({
      totalCount: 1,
      nodes: [{ id: e.id, role: 'CHAIR' }],
    });
    const fromPerson = await app.gql(
      'query($s: String) { person(slug: $s) { engagements { nodes { forum { slug } } } } }',
      { s: omaswa.slug },
    );
    expect(fromPerson.body.data!.person.engagements.nodes).toEqual([
      { forum: { slug: coalition.slug } },
    ]);
    const node = await app.gql(
      'query($id: ID!) { node(id: $id) { __typename ... on Engagement { role } } }',
      { id: e.id },
    );
    expect(node.body.data!.node).toEqual({ __typename: 'Engagement', role: 'CHAIR' });
  });

  it('rejects ends the model does not allow, naming both types', async () => {
    const res = await app.gql(
      'mutation($i: EngagementInput!) { addEngagement(input: $i) { id } }',
      { i: { from: coalition.id, to: wemos.id, role: 'MEMBER' } },
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].message).toMatch(
      /ENGAGES_IN cannot go from a Forum to an Organisation/,
    );
    const aff = await app.gql(
      'mutation($i: AffiliationInput!) { addAffiliation(input: $i) { id } }',
      { i: { from: wemos.id, to: omaswa.id } },
    );
    expect(codeOf(aff)).toBe('BAD_USER_INPUT');
  });

  it('rejects a tie that ends before it starts, and writes nothing', async () => {
    const res = await app.gql(
      'mutation($i: EngagementInput!) { addEngagement(input: $i) { id } }',
      { i: { from: wemos.id, to: coalition.id, role: 'HOST', since: '2018-05', until: '2017' } },
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].extensions!.fields).toEqual([
      { field: 'until', problem: 'before since' },
    ]);
    const [row] = await app.cypher('RETURN COUNT { ()-[:ENGAGES_IN]->() } AS n');
    expect(Number(row.n)).toBe(0);
  });

  it('rejects a tie to an entity that does not exist with NOT_FOUND', async () => {
    await app.cypher('MATCH (n:Organisation {slug: "achest"}) DETACH DELETE n');
    const res = await app.gql(
      'mutation($i: EngagementInput!) { addEngagement(input: $i) { id } }',
      { i: { from: achest.id, to: coalition.id } },
    );
    expect(codeOf(res)).toBe('NOT_FOUND');
  });

  it('gives CONFLICT for the same fact twice, but allows another role', async () => {
    await engages(app, wemos, coalition, 'HOST', { since: '2018' });
    const again = await app.gql(
      'mutation($i: EngagementInput!) { addEngagement(input: $i) { id } }',
      { i: { from: wemos.id, to: coalition.id, role: 'HOST', since: '2018' } },
    );
    expect(codeOf(again)).toBe('CONFLICT');
    await expect(
      engages(app, wemos, coalition, 'FOUNDER', { since: '2018' }),
    ).resolves.toMatchObject({ version: 1 });
  });

  it('updates with expectedVersion; a stale version is a CONFLICT and changes nothing', async () => {
    const e = await engages(app, wemos, coalition, 'HOST', { since: '2018-05-20' });
    const ok = await app.gql(
      'mutation($id: ID!) { updateEngagement(id: $id, expectedVersion: 1, input: {until: "2020"}) { version since until role } }',
      { id: e.id },
    );
    expect(ok.body.data!.updateEngagement).toEqual({
      version: 2,
      since: '2018-05-20',
      until: '2020',
      role: 'HOST',
    });
    const stale = await app.gql(
      'mutation($id: ID!) { updateEngagement(id: $id, expectedVersion: 1, input: {role: OBSERVER}) { version } }',
      { id: e.id },
    );
    expect(codeOf(stale)).toBe('CONFLICT');
    const backwards = await app.gql(
      'mutation($id: ID!) { updateEngagement(id: $id, input: {until: "2017"}) { version } }',
      { id: e.id },
    );
    expect(codeOf(backwards)).toBe('BAD_USER_INPUT');
    const [row] = await app.cypher(
      'MATCH ()-[r:ENGAGES_IN]->() RETURN r.role AS role, r.until AS until, r.untilEnd AS end, r.version AS v',
    );
    expect(row).toMatchObject({ role: 'HOST', until: '2020', end: '2020-12-31' });
    expect(Number(row.v)).toBe(2);
  });

  it('removes a tie, and a second remove is NOT_FOUND', async () => {
    const e = await engages(app, wemos, coalition, 'HOST');
    const res = await app.gql('mutation($id: ID!) { removeEngagement(id: $id) { id } }', {
      id: e.id,
    });
    expect(res.body.data!.removeEngagement).toEqual({ id: e.id });
    const again = await app.gql('mutation($id: ID!) { removeEngagement(id: $id) { id } }', {
      id: e.id,
    });
    expect(codeOf(again)).toBe('NOT_FOUND');
    const [row] = await app.cypher('RETURN COUNT { ()-[:ENGAGES_IN]->() } AS n');
    expect(Number(row.n)).toBe(0);
  });

  it('filters by role and by activeOn, treating partial dates as whole periods and open ends as active', async () => {
    await engages(app, wemos, coalition, 'HOST', { since: '2018-05-20' });
    await engages(app, achest, coalition, 'MEMBER', { since: '2013', until: '2015' });
    await engages(app, omaswa, coalition, 'OBSERVER');
    const q =
      'query($s: String, $on: PartialDate, $role: EngagementRole) { forum(slug: $s) { engagements(activeOn: $on, role: $role) { nodes { role } } } }';
    const roles = async (vars: Record<string, unknown>) =>
      (
        (await app.gql(q, { s: coalition.slug, ...vars })).body.data!.forum.engagements
          .nodes as Array<{ role: string }>
      )
        .map((n) => n.role)
        .sort();
    await expect(roles({ on: '2015-12-31' })).resolves.toEqual(['MEMBER', 'OBSERVER']);
    await expect(roles({ on: '2016' })).resolves.toEqual(['OBSERVER']);
    await expect(roles({ on: '2018' })).resolves.toEqual(['HOST', 'OBSERVER']);
    await expect(roles({ on: '2018-05-19' })).resolves.toEqual(['OBSERVER']);
    await expect(roles({ role: 'HOST' })).resolves.toEqual(['HOST']);
  });

  it('pages the ties of an entity with cursors', async () => {
    for (const [i, name] of ['A', 'B', 'C'].entries())
      await engages(app, await organisation(app, `Org ${name}`), coalition, 'MEMBER', {
        since: `201${i}`,
      });
    const first = await app.gql(
      'query($s: String) { forum(slug: $s) { engagements(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { since } } } }',
      { s: coalition.slug },
    );
    const c = first.body.data!.forum.engagements;
    expect(c).toMatchObject({
      totalCount: 3,
      pageInfo: { hasNextPage: true },
      nodes: [{ since: '2010' }, { since: '2011' }],
    });
    const next = await app.gql(
      'query($s: String, $a: String) { forum(slug: $s) { engagements(first: 2, after: $a) { pageInfo { hasNextPage } nodes { since } } } }',
      { s: coalition.slug, a: c.pageInfo.endCursor },
    );
    expect(next.body.data!.forum.engagements).toEqual({
      pageInfo: { hasNextPage: false },
      nodes: [{ since: '2012' }],
    });
  });

  it('counts every tie but reads only the page asked for, in one query for all entities', async () => {
    for (let i = 0; i < 12; i += 1)
      await engages(app, await organisation(app, `Member ${i}`), coalition, 'MEMBER', {
        since: `20${10 + i}`,
      });
    const res = await app.gql(
      'query($s: String) { forum(slug: $s) { engagements(first: 5) { totalCount pageInfo { hasNextPage endCursor } nodes { since } } } }',
      { s: coalition.slug },
    );
    const c = res.body.data!.forum.engagements;
    expect(c.totalCount).toBe(12);
    expect(c.nodes.map((n: any) => n.since)).toEqual(['2010', '2011', '2012', '2013', '2014']);
    expect(c.pageInfo.hasNextPage).toBe(true);
    const rest = await app.gql(
      'query($s: String, $a: String) { forum(slug: $s) { engagements(first: 10, after: $a) { totalCount pageInfo { hasNextPage } nodes { since } } } }',
      { s: coalition.slug, a: c.pageInfo.endCursor },
    );
    expect(rest.body.data!.forum.engagements.nodes).toHaveLength(7);
    expect(rest.body.data!.forum.engagements.pageInfo.hasNextPage).toBe(false);
  });

  it('joins every tie type to the ends the model names', async () => {
    const mmi = await organisation(app, 'MMI Network');
    const wg = await forum(app, 'MMI working group on HRH', { kind: 'WORKING_GROUP' });
    const wha = await forum(app, 'World Health Assembly', { kind: 'GOVERNING_BODY' });
    const code = await create(app, 'Instrument', {
      name: 'WHO Global Code of Practice',
      adoptedOn: '2010',
    });
    const topic = await create(app, 'Topic', { name: 'Health workforce migration' });
    const side = await event(app, 'WHA71 side event', {
      kind: 'SIDE_EVENT',
      startDate: '2018-05-20',
    });
    await tie(app, 'Affiliation', { from: omaswa.id, to: achest.id, role: 'DIRECTOR' });
    await tie(app, 'Membership', { from: wemos.id, to: mmi.id, role: 'MEMBER' });
    await tie(app, 'Participation', {
      from: omaswa.id,
      to: side.id,
      role: 'MODERATOR',
      onBehalfOf: achest.id,
    });
    await tie(app, 'PartOf', { from: wg.id, to: mmi.id, since: '2006' });
    await tie(app, 'PartOf', { from: side.id, to: wha.id });
    await tie(app, 'Adoption', { from: wha.id, to: code.id, since: '2010' });
    await tie(app, 'WorkOn', { from: wg.id, to: code.id, role: 'PROMOTES', since: '2009' });
    await tie(app, 'WorkOn', { from: wemos.id, to: topic.id, role: 'ADVOCATES' });
    const res = await app.gql(`{
      organisation(slug: "achest") { people { nodes { role person { name } } } }
      mmi: organisation(slug: "mmi-network") { members { nodes { member { name } } } parts { nodes { part { __typename ... on Forum { name } } } } }
      event(slug: "wha71-side-event") { participants { nodes { role onBehalfOf { name } participant { ... on Person { name } } } } partOf { nodes { whole { ... on Forum { name } } } } }
      instrument(slug: "who-global-code-of-practice") { adoptedBy { nodes { since forum { name } } } workedOnBy { nodes { role actor { ... on Forum { name } } } } }
      forum(slug: "world-health-assembly") { events { totalCount nodes { part { ... on Event { name } } } } subfora { totalCount } adopted { totalCount } }
      topic(slug: "health-workforce-migration") { workedOnBy { nodes { actor { ... on Organisation { name } } } } }
    }`);
    expect(res.body.errors).toBeUndefined();
    const d = res.body.data!;
    expect(d.organisation.people.nodes).toEqual([
      { role: 'DIRECTOR', person: { name: 'Francis Omaswa' } },
    ]);
    expect(d.mmi.members.nodes).toEqual([{ member: { name: 'Wemos' } }]);
    expect(d.mmi.parts.nodes).toEqual([
      { part: { __typename: 'Forum', name: 'MMI working group on HRH' } },
    ]);
    expect(d.event.participants.nodes).toEqual([
      {
        role: 'MODERATOR',
        onBehalfOf: { name: 'ACHEST' },
        participant: { name: 'Francis Omaswa' },
      },
    ]);
    expect(d.event.partOf.nodes).toEqual([{ whole: { name: 'World Health Assembly' } }]);
    expect(d.instrument.adoptedBy.nodes).toEqual([
      { since: '2010', forum: { name: 'World Health Assembly' } },
    ]);
    expect(d.instrument.workedOnBy.nodes).toEqual([
      { role: 'PROMOTES', actor: { name: 'MMI working group on HRH' } },
    ]);
    expect(d.forum.events).toEqual({
      totalCount: 1,
      nodes: [{ part: { name: 'WHA71 side event' } }],
    });
    expect(d.forum.subfora.totalCount).toBe(0);
    expect(d.topic.workedOnBy.nodes).toEqual([{ actor: { name: 'Wemos' } }]);
  });

  it('refuses onBehalfOf on tie types that have no such notion', async () => {
    const mmi = await organisation(app, 'MMI Network');
    const res = await app.gql(
      'mutation($i: MembershipInput!) { addMembership(input: $i) { id } }',
      { i: { from: wemos.id, to: mmi.id, onBehalfOf: achest.id } },
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });
});

describe('ties that name an organisation as onBehalfOf', () => {
  const app = useTestApp();

  it('keep that organisation from being deleted without detach, and lose the reference with it', async () => {
    const achest = await organisation(app, 'ACHEST');
    const omaswa = await person(app, 'Francis Omaswa');
    const meeting = await event(app, 'Geneva meeting');
    const p = await tie(app, 'Participation', {
      from: omaswa.id,
      to: meeting.id,
      role: 'MODERATOR',
      onBehalfOf: achest.id,
    });
    const refused = await app.gql('mutation($id: ID!) { deleteOrganisation(id: $id) { id } }', {
      id: achest.id,
    });
    expect(codeOf(refused)).toBe('CONFLICT');
    const done = await app.gql(
      'mutation($id: ID!) { deleteOrganisation(id: $id, detach: true) { removedTies } }',
      { id: achest.id },
    );
    expect(done.body.data!.deleteOrganisation.removedTies).toBe(1);
    const [row] = await app.cypher(
      'MATCH ()-[r:PARTICIPATES_IN]->() RETURN r.onBehalfOf AS behalf, r.role AS role',
    );
    expect(row).toEqual({ behalf: null, role: 'MODERATOR' });
    const read = await app.gql(
      'query($id: ID!) { node(id: $id) { ... on Participation { role onBehalfOf { name } } } }',
      { id: p.id },
    );
    expect(read.body.data!.node).toEqual({ role: 'MODERATOR', onBehalfOf: null });
  });

  it('refuse an update that would duplicate another tie', async () => {
    const wemos = await organisation(app, 'Wemos');
    const coalition = await forum(app, 'Coalition');
    await engages(app, wemos, coalition, 'HOST', { since: '2018' });
    const other = await engages(app, wemos, coalition, 'MEMBER', { since: '2018' });
    const res = await app.gql(
      'mutation($id: ID!) { updateEngagement(id: $id, input: {role: HOST}) { id } }',
      { id: other.id },
    );
    expect(codeOf(res)).toBe('CONFLICT');
  });
});
