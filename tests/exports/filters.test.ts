/**
 * ?forum=… and ?around=…&depth=… (with the explorer's view), the forum view and paths
 * (?from=…&to=…, compared with GraphQL connections) on a small hand-built graph whose right
 * answers are known, the errors for bad parameters and unknown ids, and the node and edge limits.
 *
 *   Acme (org) ─ENGAGES_IN HOST 2018-05..2019─▶ Coalition (forum) ◀─ENGAGES_IN─ Ada (person)
 *   Ada ─AFFILIATED_WITH─▶ Acme        Beta (org) ─MEMBER_OF─▶ Acme
 *   Acme ─ENGAGES_IN─▶ Other forum     Acme ─WORKS_ON─▶ Migration (topic)
 *   Summit (event, 2017-11) ─PART_OF─▶ Coalition     Panel (event) ─PART_OF─▶ Summit
 *   Cora (org) ─PARTICIPATES_IN─▶ Panel              Quinn (person) ─PARTICIPATES_IN─▶ Summit
 */
import http from 'node:http';
import { parse as parseCsv } from 'csv-parse/sync';
import express from 'express';
import { XMLParser } from 'fast-xml-parser';
import { toGlobalId } from '../../src/domain/ids';
import { EntityType } from '../../src/domain/model';
import { exportRoutes } from '../../src/http/export.routes';
import { createLogger } from '../../src/logger';
import { startTestApp, TestApp } from '../helpers/app';
import {
  create,
  Created,
  engages,
  event,
  forum,
  organisation,
  person,
  tie,
} from '../helpers/fixtures';

const LISTS = ['attributes', 'attribute', 'node', 'edge', 'attvalue'];
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name, _p, _l, isAttribute) => !isAttribute && LISTS.includes(name),
});

interface Fetched {
  status: number;
  type: string | null;
  text: string;
}

/** The admin key of the test app (exports need a key); set once the app is up. */
let auth = '';

async function get(base: string, path: string): Promise<Fetched> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: auth } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('filtered exports', () => {
  let app: TestApp;
  let base: string;
  const g: Record<string, Created> = {};
  const ties: Record<string, string> = {};

  /** Node ids and edge ids of the Cytoscape export at a path, sorted. */
  async function cytoscape(query: string): Promise<{ nodes: string[]; edges: string[] }> {
    const res = await get(base, `/export/graph.cytoscape.json${query}`);
    expect(res.status).toBe(200);
    const json = JSON.parse(res.text);
    const nodes: string[] = json.elements.nodes.map((n: any) => n.data.id);
    for (const e of json.elements.edges)
      expect(nodes.includes(e.data.source) && nodes.includes(e.data.target)).toBe(true);
    return { nodes: nodes.sort(), edges: json.elements.edges.map((e: any) => e.data.id).sort() };
  }
  const ids = (...names: string[]) => names.map((n) => g[n].id).sort();
  const tieIds = (...names: string[]) => names.map((n) => ties[n]).sort();

  beforeAll(async () => {
    // Many exports in a minute, more than the rate limit lets one key make (tests/security covers it).
    app = await startTestApp({ RATE_LIMIT_PER_KEY: '0' });
    auth = app.adminAuth;
    base = app.url.replace(/\/graphql$/, '');
    g.acme = await organisation(app, 'Acme Health Alliance');
    g.beta = await organisation(app, 'Beta Nurses Union');
    g.cora = await organisation(app, 'Cora Foundation');
    g.ada = await person(app, 'Ada Lovelace');
    g.quinn = await person(app, 'Quinn Okafor');
    g.coalition = await forum(app, 'Coalition', { slug: 'the-coalition', kind: 'COALITION' });
    g.other = await forum(app, 'Other forum');
    g.summit = await event(app, 'Summit', { startDate: '2017-11' });
    g.panel = await event(app, 'Panel', { kind: 'SESSION' });
    g.migration = await create(app, 'Topic', { name: 'Migration' });
    ties.acmeCoalition = (
      await engages(app, g.acme, g.coalition, 'HOST', { since: '2018-05', until: '2019' })
    ).id;
    ties.adaCoalition = (await engages(app, g.ada, g.coalition, 'MEMBER')).id;
    ties.adaAcme = (
      await tie(app, 'Affiliation', { from: g.ada.id, to: g.acme.id, role: 'DIRECTOR' })
    ).id;
    ties.betaAcme = (
      await tie(app, 'Membership', { from: g.beta.id, to: g.acme.id, role: 'MEMBER' })
    ).id;
    ties.acmeOther = (await engages(app, g.acme, g.other, 'OBSERVER')).id;
    ties.acmeMigration = (
      await tie(app, 'WorkOn', { from: g.acme.id, to: g.migration.id, role: 'ADVOCATES' })
    ).id;
    ties.summitCoalition = (await tie(app, 'PartOf', { from: g.summit.id, to: g.coalition.id })).id;
    ties.panelSummit = (await tie(app, 'PartOf', { from: g.panel.id, to: g.summit.id })).id;
    ties.coraPanel = (
      await tie(app, 'Participation', { from: g.cora.id, to: g.panel.id, role: 'SPEAKER' })
    ).id;
    ties.quinnSummit = (
      await tie(app, 'Participation', {
        from: g.quinn.id,
        to: g.summit.id,
        role: 'PARTICIPANT',
        onBehalfOf: g.beta.id,
      })
    ).id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('exports the whole graph without parameters', async () => {
    const all = await cytoscape('');
    expect(all.nodes).toEqual(ids(...Object.keys(g)));
    expect(all.edges).toEqual(tieIds(...Object.keys(ties)));
  });

  it('narrows ?forum= to the forum, its actors, its events and sessions with their participants, and the ties among them', async () => {
    const expected = {
      nodes: ids('coalition', 'acme', 'ada', 'summit', 'panel', 'cora', 'quinn'),
      edges: tieIds(
        'acmeCoalition',
        'adaCoalition',
        'adaAcme',
        'summitCoalition',
        'panelSummit',
        'coraPanel',
        'quinnSummit',
      ),
    };
    await expect(cytoscape(`?forum=${g.coalition.id}`)).resolves.toEqual(expected);
    await expect(cytoscape('?forum=the-coalition')).resolves.toEqual(expected);
    await expect(cytoscape(`?forum=${g.other.id}`)).resolves.toEqual({
      nodes: ids('other', 'acme'),
      edges: tieIds('acmeOther'),
    });
  });

  it('narrows ?around= breadth first over every tie type, in both directions, to the given depth', async () => {
    await expect(cytoscape(`?around=${g.acme.id}`)).resolves.toEqual({
      nodes: ids('acme', 'coalition', 'ada', 'beta', 'other', 'migration'),
      edges: tieIds(
        'acmeCoalition',
        'adaCoalition',
        'adaAcme',
        'betaAcme',
        'acmeOther',
        'acmeMigration',
      ),
    });
    const depth2 = await cytoscape(`?around=${g.acme.id}&depth=2`);
    expect(depth2.nodes).toEqual(
      ids('acme', 'coalition', 'ada', 'beta', 'other', 'migration', 'summit'),
    );
    const depth3 = await cytoscape(`?around=${g.acme.id}&depth=3`);
    expect(depth3.nodes).toEqual(
      ids('acme', 'coalition', 'ada', 'beta', 'other', 'migration', 'summit', 'panel', 'quinn'),
    );
    expect(depth3.edges).toEqual(tieIds(...Object.keys(ties).filter((t) => t !== 'coraPanel')));
    await expect(cytoscape(`?around=${g.cora.id}&depth=1`)).resolves.toEqual({
      nodes: ids('cora', 'panel'),
      edges: tieIds('coraPanel'),
    });
    await expect(cytoscape(`?around=${g.migration.id}&depth=1`)).resolves.toEqual({
      nodes: ids('migration', 'acme'),
      edges: tieIds('acmeMigration'),
    });
  });

  it('narrows every format the same way', async () => {
    const q = `?forum=the-coalition`;
    const gexf = xml.parse((await get(base, `/export/graph.gexf${q}`)).text).gexf.graph;
    const graphml = xml.parse((await get(base, `/export/graph.graphml${q}`)).text).graphml.graph;
    const nodesCsv = parseCsv<Record<string, string>>(
      (await get(base, `/export/nodes.csv${q}`)).text,
      { columns: true },
    );
    const edgesCsv = parseCsv<Record<string, string>>(
      (await get(base, `/export/edges.csv${q}`)).text,
      { columns: true },
    );
    const expectedNodes = ids('coalition', 'acme', 'ada', 'summit', 'panel', 'cora', 'quinn');
    for (const list of [gexf.nodes.node, graphml.node, nodesCsv])
      expect((list as any[]).map((n) => n.id).sort()).toEqual(expectedNodes);
    for (const list of [gexf.edges.edge, graphml.edge, edgesCsv])
      expect((list as any[]).length).toBe(7);
  });

  it('draws time from partial dates: a tie from the first day of since to the last of until, an event over its month', async () => {
    const gexf = xml.parse((await get(base, `/export/graph.gexf?around=${g.acme.id}&depth=2`)).text)
      .gexf.graph;
    const hosting = (gexf.edges.edge as any[]).find((e) => e.id === ties.acmeCoalition);
    expect(hosting).toMatchObject({
      source: g.acme.id,
      target: g.coalition.id,
      label: 'ENGAGES_IN',
      start: '2018-05-01',
      end: '2019-12-31',
    });
    const role = (hosting.attvalues.attvalue as any[]).find((v) => v.for === 'role');
    expect(role).toEqual({ for: 'role', value: 'HOST', start: '2018-05-01', end: '2019-12-31' });
    const open = (gexf.edges.edge as any[]).find((e) => e.id === ties.adaCoalition);
    expect(open.start).toBeUndefined();
    expect(open.end).toBeUndefined();
    const summit = (gexf.nodes.node as any[]).find((n) => n.id === g.summit.id);
    expect(summit).toMatchObject({ label: 'Summit', start: '2017-11-01', end: '2017-11-30' });
  });

  it('names the organisation an actor acted for by its global id', async () => {
    const edges = parseCsv<Record<string, string>>(
      (await get(base, `/export/edges.csv?around=${g.quinn.id}`)).text,
      { columns: true },
    );
    expect(edges).toEqual([
      {
        id: ties.quinnSummit,
        source: g.quinn.id,
        target: g.summit.id,
        type: 'PARTICIPATES_IN',
        role: 'PARTICIPANT',
        since: '',
        until: '',
        onBehalfOf: g.beta.id,
        note: '',
      },
    ]);
  });

  describe("the explorer's view (activeOn, tieTypes, entityTypes, roles, expand, hide, edges)", () => {
    const NEIGHBOURHOOD = `query ($id: ID!, $depth: Int, $activeOn: PartialDate, $types: [RelationType!]) {
      neighbourhood(id: $id, depth: $depth, activeOn: $activeOn, relationTypes: $types, limit: 500) {
        nodes { id } edges { id }
      }
    }`;
    /** The union of the API's neighbourhoods of the roots, as the explorer loads them. */
    async function api(
      roots: Array<[string, number]>,
      activeOn: string | null = null,
      types: string[] | null = null,
    ): Promise<{ nodes: string[]; edges: string[] }> {
      const nodes = new Set<string>();
      const edges = new Set<string>();
      for (const [name, depth] of roots) {
        const res = await app.gql(NEIGHBOURHOOD, { id: g[name].id, depth, activeOn, types });
        expect(res.body.errors).toBeUndefined();
        for (const n of res.body.data!.neighbourhood.nodes) nodes.add(n.id);
        for (const e of res.body.data!.neighbourhood.edges) edges.add(e.id);
      }
      return { nodes: [...nodes].sort(), edges: [...edges].sort() };
    }

    it('with edges=walked holds what GraphQL neighbourhood answers: no tie between two entities of the last level', async () => {
      const depth1 = await cytoscape(`?around=${g.acme.id}&edges=walked`);
      expect(depth1).toEqual({
        nodes: ids('acme', 'coalition', 'ada', 'beta', 'other', 'migration'),
        // Ada's engagement in the Coalition joins two neighbours of Acme: left out.
        edges: tieIds('acmeCoalition', 'adaAcme', 'betaAcme', 'acmeOther', 'acmeMigration'),
      });
      await expect(api([['acme', 1]])).resolves.toEqual(depth1);
      for (const depth of [2, 3]) {
        await expect(
          cytoscape(`?around=${g.acme.id}&depth=${depth}&edges=walked`),
        ).resolves.toEqual(await api([['acme', depth]]));
      }
      // edges=all is the default: every tie among the entities, as without view parameters.
      await expect(cytoscape(`?around=${g.acme.id}&edges=all`)).resolves.toEqual(
        await cytoscape(`?around=${g.acme.id}`),
      );
    });

    it('activeOn follows and exports only the ties active in that period, as the API reads activeOn', async () => {
      // Acme hosted the Coalition from 2018-05 until 2019.
      const without = ids('acme', 'ada', 'beta', 'other', 'migration');
      for (const [on, coalition] of [
        ['2017', false],
        ['2018-04', false],
        ['2018-04-30', false],
        ['2018', true],
        ['2018-05-01', true],
        ['2019-12', true],
        ['2020', false],
      ] as const) {
        const got = await cytoscape(`?around=${g.acme.id}&activeOn=${on}&edges=walked`);
        expect(got.nodes).toEqual(
          coalition ? ids('acme', 'ada', 'beta', 'other', 'migration', 'coalition') : without,
        );
        expect(got.edges.includes(ties.acmeCoalition)).toBe(coalition);
        await expect(api([['acme', 1]], on)).resolves.toEqual(got);
      }
      await expect(
        cytoscape(`?around=${g.acme.id}&depth=3&activeOn=2020&edges=walked`),
      ).resolves.toEqual(await api([['acme', 3]], '2020'));
    });

    it('tieTypes follows and exports only ties of those types; none leaves the centre alone', async () => {
      const engagements = await cytoscape(`?around=${g.acme.id}&depth=2&tieTypes=ENGAGES_IN`);
      expect(engagements).toEqual({
        nodes: ids('acme', 'coalition', 'other', 'ada'),
        edges: tieIds('acmeCoalition', 'acmeOther', 'adaCoalition'),
      });
      await expect(
        cytoscape(`?around=${g.acme.id}&depth=2&tieTypes=ENGAGES_IN,PART_OF&edges=walked`),
      ).resolves.toEqual(await api([['acme', 2]], null, ['ENGAGES_IN', 'PART_OF']));
      await expect(cytoscape(`?around=${g.acme.id}&tieTypes=none`)).resolves.toEqual({
        nodes: ids('acme'),
        edges: [],
      });
    });

    it('entityTypes leaves out other types with their ties, and the entities that leaves without a tie; the centre stays', async () => {
      await expect(
        cytoscape(`?around=${g.acme.id}&entityTypes=Organisation,Person`),
      ).resolves.toEqual({
        nodes: ids('acme', 'ada', 'beta'),
        edges: tieIds('adaAcme', 'betaAcme'),
      });
      // Two ties out the Summit is reached through the Coalition only: without fora it has no tie left.
      const noFora = await cytoscape(
        `?around=${g.acme.id}&depth=2&entityTypes=Organisation,Person,Event,Topic`,
      );
      expect(noFora.nodes).toEqual(ids('acme', 'ada', 'beta', 'migration'));
      await expect(cytoscape(`?around=${g.acme.id}&entityTypes=Person`)).resolves.toEqual({
        nodes: ids('acme', 'ada'),
        edges: tieIds('adaAcme'),
      });
      await expect(cytoscape(`?around=${g.acme.id}&entityTypes=none`)).resolves.toEqual({
        nodes: ids('acme'),
        edges: [],
      });
    });

    it('roles keeps ties with one of those roles and every tie without a role', async () => {
      await expect(cytoscape(`?around=${g.acme.id}&roles=DIRECTOR,MEMBER`)).resolves.toEqual({
        nodes: ids('acme', 'ada', 'beta', 'coalition'),
        edges: tieIds('adaAcme', 'betaAcme', 'adaCoalition'),
      });
      // Only ties without a role: the Summit is part of the Coalition; both stay although nothing joins them to Acme, as the explorer draws them.
      await expect(
        cytoscape(`?around=${g.acme.id}&depth=2&roles=none&edges=walked`),
      ).resolves.toEqual({
        nodes: ids('acme', 'coalition', 'summit'),
        edges: tieIds('summitCoalition'),
      });
    });

    it('hide leaves entities out with their ties, and what that leaves without a tie', async () => {
      await expect(
        cytoscape(`?around=${g.acme.id}&depth=2&hide=${g.coalition.id}`),
      ).resolves.toEqual({
        nodes: ids('acme', 'ada', 'beta', 'other', 'migration'),
        edges: tieIds('adaAcme', 'betaAcme', 'acmeOther', 'acmeMigration'),
      });
      await expect(
        cytoscape(`?around=${g.acme.id}&hide=${g.other.id},${g.migration.id},${g.quinn.id}`),
      ).resolves.toEqual({
        nodes: ids('acme', 'coalition', 'ada', 'beta'),
        edges: tieIds('acmeCoalition', 'adaCoalition', 'adaAcme', 'betaAcme'),
      });
      // An id merged away since hides nothing: the explorer hides what it drew by id, and it
      // drew the record it was merged into (a tester's export left out what the page showed).
      const gone = await forum(app, 'Merged into Other');
      const merged = await app.gql(
        `mutation ($keep: ID!, $remove: ID!) { mergeFora(keep: $keep, remove: $remove) { id } }`,
        { keep: g.other.id, remove: gone.id },
      );
      expect(merged.body.errors).toBeUndefined();
      await expect(cytoscape(`?around=${g.acme.id}&depth=2&hide=${gone.id}`)).resolves.toEqual(
        await cytoscape(`?around=${g.acme.id}&depth=2`),
      );
      expect((await cytoscape(`?around=${g.acme.id}&hide=${gone.id}`)).nodes).toEqual(
        expect.arrayContaining(ids('other')),
      );
    });

    it('expand adds centres with their neighbours one tie out, as the explorer expands', async () => {
      const both = await cytoscape(
        `?around=${g.cora.id}&expand=${g.summit.id},${g.cora.id}&edges=walked`,
      );
      expect(both).toEqual(
        await api([
          ['cora', 1],
          ['summit', 1],
        ]),
      );
      expect(both).toEqual({
        nodes: ids('cora', 'panel', 'summit', 'coalition', 'quinn'),
        edges: tieIds('coraPanel', 'panelSummit', 'summitCoalition', 'quinnSummit'),
      });
      // A centre stays whatever the type filter says.
      await expect(
        cytoscape(`?around=${g.cora.id}&expand=${g.summit.id}&entityTypes=Organisation`),
      ).resolves.toEqual({ nodes: ids('cora', 'summit'), edges: [] });
    });

    it('all at once: a year, tie types, entity types, roles, an expansion and a hidden entity', async () => {
      const got = await cytoscape(
        `?around=${g.acme.id}&depth=1&expand=${g.coalition.id}&activeOn=2019&tieTypes=ENGAGES_IN,AFFILIATED_WITH,PART_OF,MEMBER_OF&entityTypes=Organisation,Person,Forum,Event&roles=HOST,MEMBER,DIRECTOR&hide=${g.beta.id}&edges=walked`,
      );
      expect(got).toEqual({
        nodes: ids('acme', 'coalition', 'ada', 'summit'),
        edges: tieIds('acmeCoalition', 'adaAcme', 'adaCoalition', 'summitCoalition'),
      });
      // The description says what the view narrowed.
      const res = await get(
        base,
        `/export/graph.cytoscape.json?around=${g.acme.id}&activeOn=2019&hide=${g.beta.id}`,
      );
      expect(JSON.parse(res.text).data.description).toBe(
        'The neighbourhood of an Organisation "Acme Health Alliance" within 1 tie, as the explorer shows it (ties active in 2019; 1 left out)',
      );
    });
  });

  describe('paths (from, to, maxHops, first, via, activeOn): what GraphQL connections answers', () => {
    const CONNECTIONS = `query ($from: ID!, $to: ID!, $maxHops: Int, $first: Int, $via: [RelationType!], $activeOn: PartialDate) {
      connections(from: $from, to: $to, maxHops: $maxHops, first: $first, via: $via, activeOn: $activeOn) {
        nodes { ... on Entity { id } } edges { id source target }
      }
    }`;
    /** Every entity and tie on the paths connections answers, as the Path tab lists them. */
    async function api(
      args: Record<string, unknown>,
    ): Promise<{ nodes: string[]; edges: string[]; paths: number }> {
      const res = await app.gql(CONNECTIONS, args);
      expect(res.body.errors).toBeUndefined();
      const paths = res.body.data!.connections as Array<{
        nodes: Array<{ id: string }>;
        edges: Array<{ id: string }>;
      }>;
      return {
        nodes: [...new Set(paths.flatMap((p) => p.nodes.map((n) => n.id)))].sort(),
        edges: [...new Set(paths.flatMap((p) => p.edges.map((e) => e.id)))].sort(),
        paths: paths.length,
      };
    }
    const query = (args: Record<string, unknown>) =>
      `?${new URLSearchParams(
        Object.entries(args).map(([k, v]): [string, string] => [
          k,
          Array.isArray(v) ? v.join(',') : String(v),
        ]),
      ).toString()}`;

    it.each([
      ['the defaults', (x: typeof g) => ({ from: x.beta.id, to: x.coalition.id })],
      ['maxHops 2', (x: typeof g) => ({ from: x.beta.id, to: x.coalition.id, maxHops: 2 })],
      ['first 1', (x: typeof g) => ({ from: x.quinn.id, to: x.ada.id, first: 1 })],
      [
        'via',
        (x: typeof g) => ({
          from: x.quinn.id,
          to: x.acme.id,
          maxHops: 6,
          first: 10,
          via: ['PARTICIPATES_IN', 'PART_OF', 'ENGAGES_IN'],
        }),
      ],
      ['a slug as an end', (x: typeof g) => ({ from: x.cora.id, to: 'the-coalition' })],
      [
        'activeOn',
        (x: typeof g) => ({ from: x.beta.id, to: x.coalition.id, activeOn: '2017', first: 5 }),
      ],
      ['one entity at both ends', (x: typeof g) => ({ from: x.ada.id, to: x.ada.id })],
      ['no path in reach', (x: typeof g) => ({ from: x.cora.id, to: x.beta.id, maxHops: 2 })],
    ])('holds the entities and ties of the paths, with %s', async (_, argsOf) => {
      const args = argsOf(g);
      const want = await api(args);
      const got = await cytoscape(query(args));
      expect(got).toEqual({ nodes: want.nodes, edges: want.edges });
    });

    it('is a known, non-empty answer on the hand-built graph, in every format, and says what it holds', async () => {
      const q = query({ from: g.beta.id, to: g.coalition.id, maxHops: 2, first: 1 });
      await expect(cytoscape(q)).resolves.toEqual({
        nodes: ids('beta', 'acme', 'coalition'),
        edges: tieIds('betaAcme', 'acmeCoalition'),
      });
      const csv = await get(base, `/export/edges.csv${q}`);
      expect(csv.status).toBe(200);
      expect(
        parseCsv<Record<string, string>>(csv.text, { columns: true })
          .map((r) => r.id)
          .sort(),
      ).toEqual(tieIds('betaAcme', 'acmeCoalition'));
      const res = await get(base, `/export/graph.cytoscape.json${q}`);
      expect(JSON.parse(res.text).data.description).toBe(
        `The shortest connection from "${g.beta.id}" to "${g.coalition.id}" of at most 2 ties, as GraphQL connections answers them`,
      );
    });

    it('with activeOn goes only through ties active then, as connections does', async () => {
      // Acme hosted the coalition 2018-05..2019: in 2017 Beta reaches it only through Ada.
      const q = query({ from: g.beta.id, to: g.coalition.id, first: 1, activeOn: '2017' });
      await expect(cytoscape(q)).resolves.toEqual({
        nodes: ids('beta', 'acme', 'ada', 'coalition'),
        edges: tieIds('betaAcme', 'adaAcme', 'adaCoalition'),
      });
      await expect(
        cytoscape(query({ from: g.beta.id, to: g.coalition.id, first: 1, activeOn: '2019' })),
      ).resolves.toEqual({
        nodes: ids('beta', 'acme', 'coalition'),
        edges: tieIds('betaAcme', 'acmeCoalition'),
      });
    });

    it('with around adds the paths whole to the view, as the explorer draws them', async () => {
      const view = `around=${g.cora.id}&edges=walked&entityTypes=Organisation,Event`;
      const paths = { from: g.cora.id, to: g.ada.id, first: 2 };
      const alone = await cytoscape(`?${view}`);
      const onPaths = await api(paths);
      expect(onPaths.nodes).toContain(g.ada.id);
      const both = await cytoscape(`?${view}&${query(paths).slice(1)}`);
      expect(both).toEqual({
        nodes: [...new Set([...alone.nodes, ...onPaths.nodes])].sort(),
        edges: [...new Set([...alone.edges, ...onPaths.edges])].sort(),
      });
    });
  });

  describe('the forum view (forum with activeOn, tieTypes, entityTypes, roles, edges)', () => {
    const ENGAGEMENTS = `query ($id: ID!, $activeOn: PartialDate, $role: EngagementRole) {
      forum(id: $id) { id engagements(first: 100, activeOn: $activeOn, role: $role) {
        nodes { id actor { ... on Entity { id } } }
      } }
    }`;
    /** The forum and its engagements as the explorer's forum view lists them (GraphQL Forum.engagements). */
    async function api(
      vars: { activeOn?: string; role?: string } = {},
      keep: (actor: string) => boolean = () => true,
    ): Promise<{ nodes: string[]; edges: string[] }> {
      const res = await app.gql(ENGAGEMENTS, { id: g.coalition.id, ...vars });
      expect(res.body.errors).toBeUndefined();
      const es = (
        res.body.data!.forum.engagements.nodes as Array<{ id: string; actor: { id: string } }>
      ).filter((e) => keep(e.actor.id));
      return {
        nodes: [g.coalition.id, ...es.map((e) => e.actor.id)].sort(),
        edges: es.map((e) => e.id).sort(),
      };
    }

    it('with edges=walked holds the forum and its engagements, as Forum.engagements answers them', async () => {
      await expect(cytoscape('?forum=the-coalition&edges=walked')).resolves.toEqual(await api());
      await expect(cytoscape('?forum=the-coalition&edges=walked')).resolves.toEqual({
        nodes: ids('coalition', 'acme', 'ada'),
        edges: tieIds('acmeCoalition', 'adaCoalition'),
      });
    });

    it('activeOn keeps the engagements active in that period', async () => {
      const in2017 = await cytoscape(`?forum=${g.coalition.id}&activeOn=2017&edges=walked`);
      expect(in2017).toEqual(await api({ activeOn: '2017' }));
      expect(in2017).toEqual({ nodes: ids('coalition', 'ada'), edges: tieIds('adaCoalition') });
      await expect(
        cytoscape(`?forum=${g.coalition.id}&activeOn=2019-06&edges=walked`),
      ).resolves.toEqual(await api({ activeOn: '2019-06' }));
    });

    it('roles, entityTypes and tieTypes narrow it as the explorer filters the forum view', async () => {
      const hosts = await cytoscape('?forum=the-coalition&roles=HOST&edges=walked');
      expect(hosts).toEqual(await api({ role: 'HOST' }));
      expect(hosts.nodes).toEqual(ids('coalition', 'acme'));
      await expect(
        cytoscape('?forum=the-coalition&entityTypes=Person&edges=walked'),
      ).resolves.toEqual(await api({}, (actor) => actor === g.ada.id));
      await expect(
        cytoscape('?forum=the-coalition&tieTypes=MEMBER_OF,AFFILIATED_WITH&edges=walked'),
      ).resolves.toEqual({ nodes: ids('coalition'), edges: [] });
    });

    it('without edges=walked holds every tie in the filters among those entities', async () => {
      await expect(cytoscape('?forum=the-coalition&activeOn=2019')).resolves.toEqual({
        nodes: ids('coalition', 'acme', 'ada'),
        edges: tieIds('acmeCoalition', 'adaCoalition', 'adaAcme'),
      });
      const res = await get(base, '/export/graph.cytoscape.json?forum=the-coalition&roles=MEMBER');
      expect(JSON.parse(res.text).data.description).toBe(
        'The forum view of "Coalition", as the explorer shows it (roles: MEMBER)',
      );
    });
  });

  describe('bad requests', () => {
    const missingOrg = toGlobalId(EntityType.Organisation, '00000000-0000-4000-8000-000000000000');
    const missingForum = toGlobalId(EntityType.Forum, '00000000-0000-4000-8000-000000000000');

    async function error(path: string): Promise<{ status: number; code: string; message: string }> {
      const res = await get(base, path);
      expect(res.type).toMatch(/^application\/json/);
      const body = JSON.parse(res.text);
      expect(Object.keys(body)).toEqual(['error']);
      return { status: res.status, code: body.error.code, message: body.error.message };
    }

    it.each([
      ['?forum=Not%20A%20Slug!', /"forum" must be a Forum's id or its slug/],
      ['?forum=', /"forum" is empty/],
      ['?forum=a&forum=b', /Give "forum" once/],
      ['?around=not-an-id', /"around" must be the id of an entity/],
      ['?around=ORG&depth=4', /"depth" must be a whole number from 1 to 3/],
      ['?around=ORG&depth=0', /"depth" must be a whole number from 1 to 3/],
      ['?around=ORG&depth=1.5', /"depth" must be a whole number from 1 to 3/],
      ['?around=ORG&depth=two', /"depth" must be a whole number from 1 to 3/],
      ['?depth=2', /"depth" needs "around"/],
      ['?forum=the-coalition&depth=2', /"depth" goes with "around" only/],
      ['?forum=the-coalition&around=ORG', /Give either "forum" or "around", not both/],
      ['?forum=ORG', /is the id of an Organisation, but "forum" needs a Forum's id or slug/],
      ['?around=TIE', /"around" must be the id of an entity/],
      ['?colour=blue', /Unknown parameter "colour"\. Use \?forum=/],
      ['?around=ORG&activeOn=2019-13', /"activeOn" must be a date as YYYY, YYYY-MM or YYYY-MM-DD/],
      ['?around=ORG&activeOn=19', /"activeOn" must be a date/],
      ['?around=ORG&activeOn=2019-02-30', /"activeOn" must be a date/],
      ['?around=ORG&activeOn=', /"activeOn" is empty/],
      ['?around=ORG&activeOn=2019&activeOn=2020', /Give "activeOn" once/],
      ['?forum=the-coalition&hide=ORG', /"hide" goes with "around" only; a forum export/],
      ['?forum=the-coalition&expand=ORG&hide=ORG', /"expand", "hide" go with "around" only/],
      [
        '?tieTypes=ENGAGES_IN&hide=ORG',
        /"hide" goes with "around" only; "tieTypes" goes with "around" or "forum"/,
      ],
      ['?activeOn=2019', /"activeOn" goes with "around" or "forum" \(the forum view\)/],
      ['?from=ORG', /A path export needs both ends: add "to"/],
      ['?maxHops=2', /A path export needs both ends: add "from" and "to"/],
      ['?from=ORG&to=Not%20a%20slug!', /"to" must be an entity's id .* or its slug/],
      ['?from=ORG&to=TIE', /"to" must be an entity's id/],
      ['?from=ORG&to=ORG&maxHops=7', /"maxHops" must be a whole number from 1 to 6/],
      ['?from=ORG&to=ORG&first=0', /"first" must be a whole number from 1 to 10/],
      ['?from=ORG&to=ORG&first=11', /"first" must be a whole number from 1 to 10/],
      ['?from=ORG&to=ORG&via=none', /"via" names the tie types a path may go through/],
      ['?from=ORG&to=ORG&via=ENGAGES', /"via" is a comma-separated list of tie types/],
      [
        '?from=ORG&to=ORG&roles=HOST',
        /"roles" goes with "around" or "forum".*A path export alone takes from, to, maxHops, first, via .* and activeOn/,
      ],
      ['?from=ORG&to=ORG&activeOn=2019-13', /"activeOn" must be a date .* connections' activeOn/],
      ['?forum=the-coalition&from=ORG&to=ORG', /Paths \("from", "to"\) go alone or with "around"/],
      [
        '?around=ORG&tieTypes=ENGAGES',
        /"tieTypes" is a comma-separated list of tie types, from: AFFILIATED_WITH, .*; "ENGAGES" is not one of them/,
      ],
      ['?around=ORG&tieTypes=ENGAGES_IN,,MEMBER_OF', /an empty item is not one of them/],
      ['?around=ORG&tieTypes=engages_in', /"engages_in" is not one of them/],
      [
        '?around=ORG&entityTypes=Organisation,Company',
        /"entityTypes" is a comma-separated list of entity types, from: Organisation, Person, .*"Company" is not one/,
      ],
      [
        '?around=ORG&roles=BOSS',
        /"roles" is a comma-separated list of roles, from: .*HOST.*"BOSS" is not one/,
      ],
      [
        '?around=ORG&expand=not-an-id',
        /"expand" is a comma-separated list of entity ids .*"not-an-id" is not one/,
      ],
      ['?around=ORG&expand=TIE', /"expand" is a comma-separated list of entity ids/],
      ['?around=ORG&hide=ORG', /is "around" and in "hide": a centre is always exported/],
      [
        '?around=ORG&hide=,',
        /"hide" is a comma-separated list of entity ids .*it has an empty item/,
      ],
      ['?around=ORG&edges=some', /"edges" is "all" .* or "walked"/],
      ['?around=ORG&expand=MANY', /"expand" names 21 entities; an export takes at most 20/],
      ['?around=ORG&hide=MANYMORE', /"hide" names 101 entities; an export takes at most 100/],
    ])('answers 400 BAD_USER_INPUT to %s', async (query, message) => {
      const many = (n: number) =>
        Array.from({ length: n }, (_, i) =>
          toGlobalId(
            EntityType.Organisation,
            `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          ),
        ).join(',');
      const path = query
        .replace(/ORG/g, g.acme.id)
        .replace('TIE', ties.acmeCoalition)
        .replace('MANYMORE', many(101))
        .replace('MANY', many(21));
      for (const file of ['graph.gexf', 'nodes.csv']) {
        const res = await error(`/export/${file}${path}`);
        expect(res).toEqual({
          status: 400,
          code: 'BAD_USER_INPUT',
          message: expect.stringMatching(message),
        });
      }
    });

    it('answers 404 NOT_FOUND to an unknown forum or entity, saying which', async () => {
      await expect(error('/export/graph.graphml?forum=no-such-forum')).resolves.toEqual({
        status: 404,
        code: 'NOT_FOUND',
        message: expect.stringContaining('No Forum has the id or slug "no-such-forum"'),
      });
      await expect(error(`/export/graph.graphml?forum=${missingForum}`)).resolves.toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
      });
      await expect(error(`/export/edges.csv?around=${missingOrg}&depth=2`)).resolves.toEqual({
        status: 404,
        code: 'NOT_FOUND',
        message: expect.stringContaining(missingOrg),
      });
      // An expanded entity must exist; a hidden one that does not hides nothing.
      await expect(
        error(`/export/edges.csv?around=${g.acme.id}&expand=${missingOrg}`),
      ).resolves.toEqual({
        status: 404,
        code: 'NOT_FOUND',
        message: expect.stringContaining(missingOrg),
      });
      await expect(cytoscape(`?around=${g.cora.id}&hide=${missingOrg}`)).resolves.toEqual({
        nodes: ids('cora', 'panel'),
        edges: tieIds('coraPanel'),
      });
      // A path's ends must exist, as GraphQL connections says.
      await expect(error(`/export/nodes.csv?from=${missingOrg}&to=${g.acme.id}`)).resolves.toEqual({
        status: 404,
        code: 'NOT_FOUND',
        message: expect.stringContaining(missingOrg),
      });
      await expect(error(`/export/nodes.csv?from=no-such-slug&to=${g.acme.id}`)).resolves.toEqual({
        status: 404,
        code: 'NOT_FOUND',
        message: expect.stringContaining('no-such-slug'),
      });
    });

    it('answers 404 NOT_FOUND in JSON to a path that is not an export, listing the ones there are', async () => {
      const res = await error('/export/graph.svg');
      expect(res).toEqual({
        status: 404,
        code: 'NOT_FOUND',
        message: expect.stringContaining('/export/graph.gexf'),
      });
      const post = await fetch(`${base}/export/graph.gexf`, {
        method: 'POST',
        headers: { authorization: auth },
      });
      expect(post.status).toBe(404);
      await expect(post.json()).resolves.toMatchObject({ error: { code: 'NOT_FOUND' } });
    });
  });

  describe('limits', () => {
    let server: http.Server;
    let limited: string;

    beforeAll(async () => {
      const small = express();
      small.use(
        '/export',
        exportRoutes({
          db: app.db,
          logger: createLogger({ log: { level: 'silent', pretty: false }, env: 'test' }),
          limits: { maxNodes: 3, maxEdges: 2 },
        }),
      );
      server = http.createServer(small);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      limited = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('refuses an export over the node limit with 400 and says how to narrow it', async () => {
      const whole = await get(limited, '/export/graph.gexf');
      expect(whole.status).toBe(400);
      expect(JSON.parse(whole.text).error).toEqual({
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(/The whole graph holds more than 3 nodes.*\?forum=/),
      });
      const forumExport = await get(limited, '/export/nodes.csv?forum=the-coalition');
      expect(forumExport.status).toBe(400);
      const around = await get(limited, `/export/nodes.csv?around=${g.acme.id}`);
      expect(around.status).toBe(400);
      const deeper = await get(limited, `/export/nodes.csv?around=${g.quinn.id}&depth=2`);
      expect(deeper.status).toBe(400);
      expect(JSON.parse(deeper.text).error.message).toMatch(
        /more than 3 nodes.*Use depth=1 \(--depth 1 on the command line\)\./,
      );
    });

    it('refuses an export over the edge limit, and serves one within both limits', async () => {
      // Ada, Acme and the Coalition: three nodes, but three ties among them.
      const overEdges = await get(limited, `/export/graph.gexf?around=${g.ada.id}`);
      expect(overEdges.status).toBe(400);
      expect(JSON.parse(overEdges.text).error).toEqual({
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(/holds more than 2 ties/),
      });
      const within = await get(limited, `/export/graph.cytoscape.json?around=${g.cora.id}`);
      expect(within.status).toBe(200);
      expect(JSON.parse(within.text).elements).toMatchObject({
        nodes: [expect.anything(), expect.anything()],
        edges: [{ data: { id: ties.coraPanel } }],
      });
    });
  });
});
