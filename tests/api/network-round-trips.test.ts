/**
 * Each network question the planner of issue 13 put into one query is one database round trip
 * (the x-db-queries header), whatever is selected, and answers as before: allies with its
 * organisations and what they share, connections with the entities on the paths,
 * neighbourhood at any depth, with or without node properties, coverage, brokers and the
 * engagement matrix with their entities. Run on the demo network, whose answers
 * docs/network.md shows.
 */
import { createLogger } from '../../src/logger';
import { seedIfEmpty } from '../../src/seed';
import { startTestApp, TestApp } from '../helpers/app';

describe('network questions in one round trip', () => {
  let app: TestApp;
  let viewer: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    app = await startTestApp();
    await expect(
      seedIfEmpty(app.db, createLogger({ log: { level: 'silent', pretty: false }, env: 'test' })),
    ).resolves.toBe(true);
    viewer = await app.keyFor('viewer');
    for (const [type, slug] of [
      ['organisation', 'wemos'],
      ['organisation', 'mmi'],
      ['person', 'linda-mans'],
      ['forum', 'hw4all-coalition'],
    ]) {
      const res = await app.gql(`{ ${type}(slug: "${slug}") { id } }`);
      ids[slug] = res.body.data![type].id;
    }
  });
  afterAll(async () => {
    await app.close();
  });

  const queries = (res: { headers: Headers }) => Number(res.headers.get('x-db-queries'));

  it('allies: the ranking, the organisations and what they share, in one query', async () => {
    const res = await app.gql(
      'query ($of: ID!) { allies(of: $of) { score organisation { slug name } sharedFora { slug name } sharedEvents { slug name } } }',
      { of: ids.wemos },
      { authorization: '' },
    );
    expect(res.body.errors).toBeUndefined();
    const allies = res.body.data!.allies as Array<{
      score: number;
      organisation: { slug: string };
      sharedFora: Array<{ slug: string }>;
      sharedEvents: Array<{ slug: string }>;
    }>;
    expect(allies.map((a) => [a.organisation.slug, a.score])).toEqual([
      ['mmi', 8.069464],
      ['achest', 1.24267],
      ['msf', 1.24267],
    ]);
    expect(allies[0].sharedFora.map((f) => f.slug)).toEqual(['hw4all-coalition']);
    expect(allies[0].sharedEvents.map((e) => e.slug)).toEqual(['cso-session-dublin-2017']);
    expect(queries(res)).toBe(1);
  });

  it('allies by slug, within one forum given by slug: still one query', async () => {
    const res = await app.gql(
      '{ allies(of: "wemos", forum: "hw4all-coalition") { score organisation { slug } sharedFora { slug } sharedEvents { slug } } }',
      {},
      { authorization: '' },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.allies).toEqual([
      {
        score: 6.826794,
        organisation: { slug: 'mmi' },
        sharedFora: [{ slug: 'hw4all-coalition' }],
        sharedEvents: [],
      },
    ]);
    expect(queries(res)).toBe(1);
  });

  it('connections: the paths and the entities on them, in one query', async () => {
    const res = await app.gql(
      'query ($from: ID!, $to: ID!) { connections(from: $from, to: $to) { length nodes { __typename ... on Entity { slug name } } edges { type source target role } } }',
      { from: ids['linda-mans'], to: ids.mmi },
      { authorization: viewer },
    );
    expect(res.body.errors).toBeUndefined();
    const paths = res.body.data!.connections as Array<{
      length: number;
      nodes: Array<{ slug: string }>;
      edges: Array<{ type: string; source: string; target: string }>;
    }>;
    expect(paths.map((p) => p.length)).toEqual([4]);
    expect(paths[0].nodes.map((n) => n.slug)).toEqual([
      'linda-mans',
      'geneva-cso-meeting-2018',
      'marielle-bemelmans',
      'wemos',
      'mmi',
    ]);
    expect(paths[0].edges.map((e) => e.type)).toEqual([
      'PARTICIPATES_IN',
      'PARTICIPATES_IN',
      'AFFILIATED_WITH',
      'MEMBER_OF',
    ]);
    expect(paths[0].edges[3]).toMatchObject({ source: ids.wemos, target: ids.mmi });
    expect(queries(res)).toBe(1);
  });

  it('connections from an entity to itself, by id and slug: one query', async () => {
    const res = await app.gql(
      'query ($from: ID!) { connections(from: $from, to: "mmi") { length nodes { ... on Entity { slug } } edges { type } } }',
      { from: ids.mmi },
      { authorization: viewer },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.connections).toEqual([
      { length: 0, nodes: [{ slug: 'mmi' }], edges: [] },
    ]);
    expect(queries(res)).toBe(1);
  });

  it.each([1, 2, 3])(
    'neighbourhood at depth %i: one query, the same graph with and without properties',
    async (depth) => {
      const ask = (nodes: string) =>
        app.gql(
          `query ($id: ID!, $depth: Int) { neighbourhood(id: $id, depth: $depth) { truncated nodes { ${nodes} } edges { id source target type role since until } } }`,
          { id: ids.mmi, depth },
          { authorization: viewer },
        );
      const light = await ask('id label type');
      const full = await ask('id label type properties');
      expect(light.body.errors).toBeUndefined();
      expect(full.body.errors).toBeUndefined();
      const a = light.body.data!.neighbourhood;
      const b = full.body.data!.neighbourhood;
      expect(a.nodes.length).toBeGreaterThan(1);
      expect(a.nodes).toEqual(
        b.nodes.map(({ properties: _p, ...rest }: { properties: unknown }) => rest),
      );
      expect(a.edges).toEqual(b.edges);
      expect(a.truncated).toBe(b.truncated);
      expect(b.nodes.find((n: { id: string }) => n.id === ids.mmi).properties).toMatchObject({
        slug: 'mmi',
        acronym: 'MMI',
      });
      expect(queries(light)).toBe(1);
      expect(queries(full)).toBe(1);
    },
  );

  it('neighbourhood asks for properties through a fragment, or skips them: the answer follows the selection', async () => {
    const res = await app.gql(
      'query ($id: ID!, $skip: Boolean!) { neighbourhood(id: $id) { nodes { id ...P } } } fragment P on GraphNode { label properties @skip(if: $skip) }',
      { id: ids.wemos, skip: false },
      { authorization: viewer },
    );
    expect(res.body.errors).toBeUndefined();
    const wemos = res.body.data!.neighbourhood.nodes.find(
      (n: { id: string }) => n.id === ids.wemos,
    );
    expect(wemos.properties).toMatchObject({ slug: 'wemos' });
    expect(queries(res)).toBe(1);
  });

  it.each([
    ['mmi', ['wemos'], 1, 9],
    ['hw4all-coalition', ['mmi', 'wemos'], 3, 6],
  ])(
    'coverage of %s: members, reached fora and the uncovered ones, with their entities, in one query',
    async (network, members, reached, uncovered) => {
      const res = await app.gql(
        'query ($n: ID!) { coverage(network: $n) { network { ... on Entity { slug } } members { slug name } reached { count forum { slug name } via { slug } } singlePoints { forum { slug } } uncovered { slug name } } }',
        { n: network },
        { authorization: '' },
      );
      expect(res.body.errors).toBeUndefined();
      const c = res.body.data!.coverage;
      expect(c.network.slug).toBe(network);
      expect(c.members.map((m: { slug: string }) => m.slug).sort()).toEqual(members);
      expect(c.reached).toHaveLength(reached);
      expect(c.uncovered).toHaveLength(uncovered);
      expect(c.uncovered.every((f: { name: string }) => f.name.length > 0)).toBe(true);
      expect(queries(res)).toBe(1);
    },
  );

  it('brokers: the ranking and its organisations, in one query', async () => {
    const res = await app.gql(
      '{ brokers { betweenness degree entity { slug name } } }',
      {},
      {
        authorization: '',
      },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.brokers).toEqual([
      {
        betweenness: 0.766667,
        degree: 4,
        entity: { slug: 'mmi', name: 'Medicus Mundi International' },
      },
      {
        betweenness: 0.033333,
        degree: 2,
        entity: { slug: 'who', name: 'World Health Organization' },
      },
      { betweenness: 0, degree: 1, entity: { slug: 'wemos', name: 'Wemos' } },
    ]);
    expect(queries(res)).toBe(1);
  });

  it.each([
    ['forum', 'hw4all-coalition'],
    ['network', 'hw4all-coalition'],
  ])('brokers within a %s given by slug: one query', async (arg, slug) => {
    const res = await app.gql(
      `{ brokers(${arg}: "${slug}") { betweenness degree entity { slug acronym identifiers { scheme } } } }`,
      {},
      { authorization: '' },
    );
    expect(res.body.errors).toBeUndefined();
    const brokers = res.body.data!.brokers;
    expect(brokers.map((b: { entity: { slug: string } }) => b.entity.slug)).toEqual([
      'mmi',
      'wemos',
    ]);
    expect(brokers[0]).toMatchObject({ betweenness: 0.9, degree: 4, entity: { acronym: 'MMI' } });
    expect(queries(res)).toBe(1);
  });

  it('brokers reads only what is selected: a relation field below its organisations comes from the loaders, and answers as the organisation root does', async () => {
    const res = await app.gql(
      '{ brokers(first: 1) { entity { slug engagements { totalCount } } } organisation(slug: "mmi") { engagements { totalCount } } }',
      {},
      { authorization: '' },
    );
    expect(res.body.errors).toBeUndefined();
    const d = res.body.data!;
    expect(d.brokers[0].entity.slug).toBe('mmi');
    expect(d.brokers[0].entity.engagements.totalCount).toBe(d.organisation.engagements.totalCount);
    expect(d.organisation.engagements.totalCount).toBeGreaterThan(0);
  });

  it('engagementMatrix with explicit columns by id and slug: rows, columns and cells in one query', async () => {
    const res = await app.gql(
      'query ($f: [ID!]) { engagementMatrix(organisations: {namePrefix: "m"}, fora: $f) { organisations { slug } fora { slug name } cells { organisation forum role since until } } }',
      { f: [ids['hw4all-coalition'], 'hw4all-project', 'hw4all-coalition'] },
      { authorization: '' },
    );
    expect(res.body.errors).toBeUndefined();
    const m = res.body.data!.engagementMatrix;
    expect(m.organisations).toEqual([{ slug: 'msf' }, { slug: 'mmi' }]);
    expect(m.fora.map((f: { slug: string }) => f.slug)).toEqual([
      'hw4all-coalition',
      'hw4all-project',
    ]);
    // Grouped by organisation and forum key: the project's key sorts before the coalition's (docs/network.md).
    expect(m.cells).toEqual([
      {
        organisation: ids.mmi,
        forum: expect.not.stringMatching(ids['hw4all-coalition']),
        role: 'PARTICIPANT',
        since: '2013',
        until: '2015',
      },
      {
        organisation: ids.mmi,
        forum: ids['hw4all-coalition'],
        role: 'FOUNDER',
        since: '2018-05-20',
        until: null,
      },
    ]);
    expect(m.cells).toHaveLength(2);
    expect(queries(res)).toBe(1);
  });

  it('engagementMatrix with default columns and activeOn: one query', async () => {
    const res = await app.gql(
      '{ engagementMatrix(activeOn: "2016", organisations: {forum: "hw4all-coalition"}) { organisations { slug } fora { slug } cells { organisation forum engagement } } all: engagementMatrix(activeOn: "2016") { organisations { name } fora { name } cells { role } } }',
      {},
      { authorization: '' },
    );
    expect(res.body.errors).toBeUndefined();
    const all = res.body.data!.all;
    expect([all.organisations.length, all.fora.length, all.cells.length]).toEqual([6, 3, 5]);
    const m = res.body.data!.engagementMatrix;
    expect(m.organisations.map((o: { slug: string }) => o.slug).sort()).toEqual(['mmi', 'wemos']);
    expect(m.cells.every((c: { engagement: string }) => c.engagement.length > 0)).toBe(true);
    // Two root fields, one query each.
    expect(queries(res)).toBe(2);
  });

  it('a start entity that is not there is NOT_FOUND after one query', async () => {
    const res = await app.gql(
      '{ neighbourhood(id: "no-such-entity") { nodes { id } } }',
      {},
      { authorization: viewer },
    );
    expect(res.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(queries(res)).toBe(1);
  });
});
