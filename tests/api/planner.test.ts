/**
 * The read planner (src/planner, docs/planner.md): for a corpus of requests, the planned path
 * (one query per root field) answers exactly what the fallback path (DataLoaders,
 * READ_PLANNER=false) answers, errors included, and in one database round trip. Cursors of
 * one path work on the other. The fallback list at the end names what the planner leaves to
 * the DataLoaders, and checks that it still answers there.
 */
import {
  Created,
  create,
  engages,
  event,
  forum,
  organisation,
  person,
  tie,
} from '../helpers/fixtures';
import type { GqlResponse } from '../helpers/app';
import { Twins, comparable, roundTrips, startTwins } from '../helpers/planner';

let twins: Twins;
const w: Record<string, Created> = {};
let engagementId = '';

beforeAll(async () => {
  twins = await startTwins();
  const app = twins.planned;
  w.who = await organisation(app, 'World Health Organization', {
    acronym: 'WHO',
    kind: 'UN_AGENCY',
    countries: ['CH'],
    identifiers: [{ scheme: 'wikidata', value: 'Q7817' }],
    sources: [{ title: 'Charter', url: 'https://example.org/charter' }],
  });
  w.ngo = await organisation(app, 'Nurses Alliance', { acronym: 'NA', countries: ['KE', 'UG'] });
  w.dup = await organisation(app, 'Nurses Aliance');
  w.ana = await person(app, 'Ana Pereira', {
    title: 'Director',
    contact: { email: 'ana@example.org' },
  });
  w.ben = await person(app, 'Ben Okafor');
  w.coalition = await forum(app, 'Health Workers Coalition', {
    acronym: 'HWC',
    kind: 'COALITION',
    level: 'GLOBAL',
  });
  w.group = await forum(app, 'Data Working Group', { kind: 'WORKING_GROUP' });
  w.summit = await event(app, 'Workforce Summit', { startDate: '2019-05', country: 'CH' });
  w.code = await create(app, 'Instrument', {
    name: 'Code of Practice',
    kind: 'CODE_OF_PRACTICE',
    adoptedOn: '2010-05',
  });
  w.topic = await create(app, 'Topic', { name: 'Migration of health workers' });
  engagementId = (await engages(app, w.who, w.coalition, 'HOST', { since: '2016' })).id;
  await engages(app, w.ngo, w.coalition, 'MEMBER', { since: '2018-05', until: '2018' });
  await engages(app, w.dup, w.coalition, 'MEMBER');
  await engages(app, w.ana, w.coalition, 'PARTICIPANT', { onBehalfOf: w.ngo.id, since: '2019' });
  await engages(app, w.ben, w.coalition, 'OBSERVER', { since: '2020-02-03' });
  await engages(app, w.ngo, w.group, 'CHAIR', { onBehalfOf: w.who.id });
  for (let i = 0; i < 5; i += 1) {
    const o = await organisation(app, `Member ${i}`);
    await engages(app, o, w.coalition, 'MEMBER', { since: `201${i}` });
  }
  await tie(app, 'Affiliation', { from: w.ana.id, to: w.ngo.id, role: 'DIRECTOR', since: '2015' });
  await tie(app, 'Affiliation', { from: w.ben.id, to: w.ngo.id, role: 'STAFF' });
  await tie(app, 'Membership', { from: w.ngo.id, to: w.who.id, role: 'ASSOCIATE' });
  await tie(app, 'Participation', { from: w.ana.id, to: w.summit.id, role: 'SPEAKER' });
  await tie(app, 'PartOf', { from: w.summit.id, to: w.coalition.id });
  await tie(app, 'PartOf', { from: w.group.id, to: w.coalition.id });
  await tie(app, 'Adoption', { from: w.coalition.id, to: w.code.id, since: '2010' });
  await tie(app, 'WorkOn', { from: w.ngo.id, to: w.topic.id, role: 'ADVOCATES' });
  await tie(app, 'WorkOn', { from: w.coalition.id, to: w.code.id, role: 'MONITORS' });
  // A merged-away organisation: its id reads as the one that absorbed it.
  const merged = await organisation(app, 'Nurses Alliance (old record)');
  await engages(app, merged, w.group, 'OBSERVER');
  const m = await app.gql(
    `mutation($k: ID!, $r: ID!) { mergeOrganisations(keep: $k, remove: $r) { id } }`,
    { k: w.ngo.id, r: merged.id },
  );
  expect(m.body.errors).toBeUndefined();
  w.merged = merged;
}, 180_000);

afterAll(async () => {
  await twins?.close();
});

const ORG_FIELDS = `fragment OrgFields on Organisation { id name acronym countries kind identifiers { scheme value } sources { title url } version }`;
const MISSING_ORG = Buffer.from(
  'Organisation:00000000-0000-4000-8000-000000000000',
  'utf8',
).toString('base64url');

interface Case {
  name: string;
  query: string;
  variables?: () => Record<string, unknown>;
  auth?: keyof Twins['auth'];
}

const CASES: Case[] = [
  {
    name: "the brief's forum question: role filter, actor union, people of each organisation",
    query: `query($f: ID!) { forum(id: $f) { name engagements(first: 10, role: MEMBER) { totalCount nodes { role since actor { ... on Organisation { name acronym people(first: 3) { nodes { person { name } } } } } } } } }`,
    variables: () => ({ f: w.coalition.id }),
  },
  {
    name: 'aliases of one field with other arguments, and the same field twice',
    query: `query($f: ID!) { a: forum(id: $f) { name } b: forum(slug: "health-workers-coalition") {
      all: engagements(first: 2) { totalCount pageInfo { hasNextPage endCursor } }
      observers: engagements(role: OBSERVER) { nodes { id role actor { __typename } } }
      again: engagements(first: 2) { edges { cursor node { since until } } }
    } }`,
    variables: () => ({ f: w.coalition.id }),
  },
  {
    name: 'named fragments on the Entity interface and the Actor union, inline fragments on Person',
    query: `${ORG_FIELDS}
      fragment Named on Entity { __typename id slug name aliases createdAt updatedAt }
      fragment Who on Actor { ...Named ... on Organisation { ...OrgFields } ... on Person { title } }
      query($f: ID!) { forum(id: $f) { ...Named engagements(first: 20) { nodes { __typename id role actor { ...Who } forum { ...Named } } } } }`,
    variables: () => ({ f: w.coalition.id }),
  },
  {
    name: '@include and @skip with variables',
    query: `query($f: ID!, $yes: Boolean!, $no: Boolean!) { forum(id: $f) {
      name @skip(if: $yes) acronym @include(if: $yes)
      engagements(first: 3) @include(if: $no) { totalCount }
      e2: engagements(first: 2) { nodes { role @include(if: $no) since @skip(if: $no) ... on Engagement @include(if: $yes) { actor { ... on Organisation { name } } } } }
    } }`,
    variables: () => ({ f: w.coalition.id, yes: true, no: false }),
  },
  {
    name: 'activeOn: a period that open and partial dates overlap',
    query: `query($f: ID!) { forum(id: $f) {
      y2018: engagements(activeOn: "2018") { totalCount nodes { since until } }
      y2019: engagements(activeOn: "2019-06", first: 3) { totalCount nodes { since until role } pageInfo { hasNextPage } }
      apr: engagements(activeOn: "2018-04", role: MEMBER) { totalCount }
    } }`,
    variables: () => ({ f: w.coalition.id }),
  },
  {
    name: 'totalCount alone, at the root and nested',
    query: `query($f: ID!) { fora { totalCount } forum(id: $f) { engagements { totalCount } subfora { totalCount } } }`,
    variables: () => ({ f: w.coalition.id }),
  },
  {
    name: 'a merged-away id reads as the record that absorbed it, by every root',
    query: `query($m: ID!) { organisation(id: $m) { id name engagements { nodes { forum { name } } } } node(id: $m) { id ... on Organisation { name } } }`,
    variables: () => ({ m: w.merged.id }),
  },
  {
    name: 'missing ids, a wrong type, a malformed id: null',
    query: `query($x: ID!, $f: ID!) { organisation(id: $x) { name } node(id: $x) { id } topic(id: $f) { name } n2: node(id: "nonsense") { id } person(slug: "nobody") { name } }`,
    variables: () => ({ x: MISSING_ORG, f: w.coalition.id }),
  },
  {
    name: 'by identifier, case of the scheme ignored',
    query: `{ organisation(identifier: { scheme: "WikiData", value: "Q7817" }) { name identifiers { scheme value } memberships { nodes { id } } members { totalCount nodes { role member { name } network { acronym } } } } }`,
  },
  {
    name: 'the unions Part, Whole, WorkOnActor, WorkOnSubject; events, subfora, partOf, adopted',
    query: `query($f: ID!, $e: ID!) {
      forum(id: $f) { events { nodes { part { __typename ... on Event { name startDate country } } } } subfora { totalCount nodes { part { ... on Forum { name kind } } } }
        adopted { nodes { since instrument { name kind adoptedOn adoptedBy { totalCount } } } }
        worksOn { nodes { role subject { __typename ... on Instrument { name } ... on Topic { name description } } } } }
      event(id: $e) { name partOf { nodes { whole { __typename ... on Forum { acronym } ... on Organisation { name } } } } sessions { totalCount } participants { nodes { role participant { ... on Person { name } } } } }
      topics { nodes { name workedOnBy { nodes { actor { __typename ... on Organisation { name } ... on Forum { name } ... on Person { name } } } } } }
    }`,
    variables: () => ({ f: w.coalition.id, e: w.summit.id }),
  },
  {
    name: 'lists with filters, order, paging and the entities’ own relation fields',
    query: `query($f: ID!) {
      a: organisations(where: { namePrefix: "nur" }, first: 1) { totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } }
      b: organisations(orderBy: { field: NAME, direction: DESC }, first: 3) { nodes { name engagements(first: 1) { nodes { role forum { name } } } } }
      c: organisations(where: { forum: $f, countries: ["ke"] }) { totalCount nodes { name } }
      d: people(where: { activeOn: "2019" }) { nodes { name engagements { nodes { role } } } }
      e: fora(where: { kinds: ["COALITION"] }, orderBy: { field: CREATED_AT, direction: ASC }) { nodes { name partOf { totalCount } } }
      f: events { nodes { name } } g: instruments { nodes { name workedOnBy { nodes { role } } } }
    }`,
    variables: () => ({ f: w.coalition.id }),
  },
  {
    name: 'where.forum with a merged-away forum id is not merged here: an unknown forum matches nothing',
    query: `query($x: ID!) { organisations(where: { forum: $x }) { totalCount nodes { name } } }`,
    variables: () => ({
      x: Buffer.from('Forum:00000000-0000-4000-8000-000000000000', 'utf8').toString('base64url'),
    }),
  },
  {
    name: 'an identifier nobody carries: null',
    query: `{ organisation(identifier: { scheme: "nope", value: "1" }) { name } topic(slug: "migration-of-health-workers") { name } }`,
  },
  {
    name: 'three levels deep, as the round-trip test asks',
    query: `{ organisation(slug: "nurses-alliance") { engagements { nodes { forum { name engagements { nodes { actor { ... on Organisation { name } ... on Person { name } } } } } } } } }`,
  },
  {
    name: 'onBehalfOf of organisations (public) and of people (needs a key), as admin',
    query: `query($f: ID!) { forum(id: $f) { engagements(first: 20) { nodes { actor { ... on Person { name } ... on Organisation { name } } onBehalfOf { name acronym } } } } }`,
    variables: () => ({ f: w.coalition.id }),
  },
  {
    name: 'onBehalfOf, anonymous: refused for people with the same error',
    query: `query($f: ID!) { forum(id: $f) { engagements(first: 20) { nodes { onBehalfOf { name } } } } }`,
    variables: () => ({ f: w.coalition.id }),
    auth: 'anonymous',
  },
  {
    name: "the benchmark's forum-engagements question (bench/harness/operations.ts)",
    query: `query ($slug: String!) { forum(slug: $slug) { name engagements(first: 50) { totalCount
          nodes { role since until actor { __typename ... on Organisation { name } ... on Person { name } } } } } }`,
    variables: () => ({ slug: w.coalition.slug }),
  },
  {
    name: "the benchmark's organisation-three-levels question",
    query: `query ($slug: String!) { organisation(slug: $slug) { name engagements(first: 50) { nodes { role since until
          forum { name engagements(first: 50) { totalCount nodes { role actor { __typename ... on Organisation { name } ... on Person { name } } } } } } } } }`,
    variables: () => ({ slug: w.ngo.slug }),
  },
  {
    name: 'node(id) of an entity with its relation fields',
    query: `query($o: ID!) { node(id: $o) { __typename id ... on Entity { name } ... on Organisation { engagements { totalCount nodes { forum { slug } } } worksOn { nodes { subject { ... on Topic { name } } } } } } }`,
    variables: () => ({ o: w.ngo.id }),
  },
  {
    name: 'search: the hits, their entities and relation fields below them',
    query: `{ search(text: "nurses") { score entity { __typename name ... on Organisation { acronym engagements { totalCount nodes { role forum { name } } } } } } }`,
  },
  {
    name: 'search narrowed by type, with fragments, aliases and an identifier list',
    query: `fragment F on Forum { acronym engagements(first: 2) { nodes { actor { ... on Organisation { name } ... on Person { name } } } } }
      { h: search(text: "health workers", types: [Forum, Organisation], first: 3) { score entity { id name ...F ... on Organisation { identifiers { scheme value } } } }
        m: search(text: "member", first: 10) { score entity { name } } }`,
  },
];

describe('the planned path answers as the fallback path, in one round trip', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const vars = c.variables?.() ?? {};
    const headers = { authorization: twins.auth[c.auth ?? 'admin'] };
    const planned = await twins.planned.gql(c.query, vars, headers);
    const fallback = await twins.fallback.gql(c.query, vars, headers);
    expect(planned.status).toBe(200);
    expect(comparable(planned)).toEqual(comparable(fallback));
    // Something was found, so that the comparison means something.
    expect(JSON.stringify(planned.body.data)).toMatch(/[a-z]/i);
    const roots = Object.keys(planned.body.data ?? {}).length;
    expect(roundTrips(planned)).toBeLessThanOrEqual(roots);
    expect(roundTrips(planned)).toBeLessThan(roundTrips(fallback) + 1);
  });

  it('costs one query for a single root field, however deep', async () => {
    // (The case of missing and malformed ids is left out: a malformed or wrong-type id needs no query at all.)
    for (const c of CASES.filter(
      (x) => x.name !== 'missing ids, a wrong type, a malformed id: null',
    )) {
      const res = await twins.planned.gql(c.query, c.variables?.() ?? {}, {
        authorization: twins.auth[c.auth ?? 'admin'],
      });
      const roots = Object.keys(res.body.data ?? {}).length;
      expect({ case: c.name, queries: roundTrips(res) }).toEqual({ case: c.name, queries: roots });
    }
  });
});

describe('cursors: a cursor of one path pages on the other', () => {
  const PAGE = `query($f: ID!, $after: String) { forum(id: $f) { engagements(first: 3, after: $after) { totalCount edges { cursor node { id since } } pageInfo { hasNextPage endCursor } } } }`;
  const LIST = `query($after: String) { organisations(first: 3, after: $after, orderBy: { field: NAME, direction: DESC }) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }`;

  it.each([
    ['planned', 'fallback'],
    ['fallback', 'planned'],
  ] as const)('tie lists: pages from %s, continued on %s', async (a, b) => {
    const seen: string[] = [];
    let after: string | null = null;
    type Page = {
      forum: {
        engagements: {
          edges: Array<{ node: { id: string } }>;
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    };
    for (let page = 0; page < 5; page += 1) {
      const from = page % 2 === 0 ? twins[a] : twins[b];
      const other = page % 2 === 0 ? twins[b] : twins[a];
      const res: GqlResponse<Page> = await from.gql<Page>(
        PAGE,
        { f: w.coalition.id, after },
        { authorization: twins.auth.admin },
      );
      const same = await other.gql(
        PAGE,
        { f: w.coalition.id, after },
        { authorization: twins.auth.admin },
      );
      expect(comparable(res)).toEqual(comparable(same));
      const conn: Page['forum']['engagements'] = res.body.data!.forum.engagements;
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it.each([
    ['planned', 'fallback'],
    ['fallback', 'planned'],
  ] as const)('entity lists: pages from %s, continued on %s', async (a, b) => {
    const first = await twins[a].gql(LIST);
    const after = first.body.data!.organisations.pageInfo.endCursor;
    expect(after).toEqual(expect.any(String));
    const next = await twins[b].gql(LIST, { after });
    const again = await twins[a].gql(LIST, { after });
    expect(comparable(next)).toEqual(comparable(again));
    expect(next.body.data!.organisations.edges).toHaveLength(3);
  });

  it('a cursor that is not in the list, or not a cursor, gives the same error on both paths', async () => {
    const other = await twins.planned.gql(
      `query($g: ID!) { forum(id: $g) { engagements { edges { cursor } } } }`,
      { g: w.group.id },
    );
    const foreign = other.body.data!.forum.engagements.edges[0].cursor;
    for (const after of [foreign, 'not-a-cursor']) {
      const planned = await twins.planned.gql(PAGE, { f: w.coalition.id, after });
      const fallback = await twins.fallback.gql(PAGE, { f: w.coalition.id, after });
      expect(planned.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(comparable(planned)).toEqual(comparable(fallback));
    }
  });

  it('a page size out of bounds gives the same error on both paths', async () => {
    const q = `query($f: ID!) { forum(id: $f) { name engagements(first: 101) { totalCount } } fora(first: 500) { totalCount } }`;
    const planned = await twins.planned.gql(q, { f: w.coalition.id });
    const fallback = await twins.fallback.gql(q, { f: w.coalition.id });
    expect(planned.body.errors?.length).toBeGreaterThan(0);
    expect(comparable(planned)).toEqual(comparable(fallback));
  });
});

describe('what the planner leaves to the DataLoaders (the fallback list)', () => {
  /** Each entry: a request the planner does not plan (wholly or in part), answered through the fallback. */
  const FALLBACK: Case[] = [
    {
      name: 'node(id) of a tie',
      query: `query($t: ID!) { node(id: $t) { id ... on Engagement { role actor { ... on Organisation { name } } } } }`,
      variables: () => ({ t: engagementId }),
    },
    {
      name: "relation fields below a network question's entities (the question is one query, its entities' relation pages come from the loaders)",
      query: `{ brokers(first: 2) { degree entity { name engagements { totalCount nodes { forum { name } } } } } }`,
    },
    {
      name: 'a tie list cursor that is not in the list (the error comes from the fallback)',
      query: `query($f: ID!) { forum(id: $f) { engagements(after: "WyJub3BlIl0") { totalCount } } }`,
      variables: () => ({ f: w.coalition.id }),
    },
    {
      // An adversary's 1.7 KB request: every relation of every union member through fragments.
      // Planned, it made hundreds of subqueries and timed out; past MAX_PLANNED_RELATIONS it is not planned.
      name: 'a selection of more relation fields than one planned query may hold',
      query: `query($f: ID!) { forum(id: $f) { engagements(first: 1) { nodes { actor { ...M } forum { ...M } onBehalfOf { ...M } } } events(first: 1) { nodes { part { ...M } whole { ...M } } } } }
        fragment M on Entity { ... on Organisation { engagements(first: 1) { nodes { actor { ...L } forum { ...L } } } memberships(first: 1) { totalCount } members(first: 1) { totalCount } participations(first: 1) { totalCount } worksOn(first: 1) { totalCount } parts(first: 1) { totalCount } }
          ... on Forum { engagements(first: 1) { nodes { actor { ...L } } } events(first: 1) { totalCount } subfora(first: 1) { totalCount } partOf(first: 1) { totalCount } adopted(first: 1) { totalCount } worksOn(first: 1) { totalCount } } }
        fragment L on Entity { ... on Organisation { engagements(first: 0) { totalCount } memberships(first: 0) { totalCount } } ... on Forum { engagements(first: 0) { totalCount } events(first: 0) { totalCount } } }`,
      variables: () => ({ f: w.coalition.id }),
    },
    {
      name: 'root arguments the service refuses (two of id, slug, identifier)',
      query: `query($f: ID!) { forum(id: $f, slug: "x") { name } }`,
      variables: () => ({ f: w.coalition.id }),
    },
  ];

  it.each(FALLBACK.map((c) => [c.name, c] as const))(
    '%s: same answer as with the planner off',
    async (_name, c) => {
      const vars = c.variables?.() ?? {};
      const headers = { authorization: twins.auth.admin };
      const planned = await twins.planned.gql(c.query, vars, headers);
      const fallback = await twins.fallback.gql(c.query, vars, headers);
      expect(comparable(planned)).toEqual(comparable(fallback));
      expect(roundTrips(planned)).toBeGreaterThanOrEqual(0);
    },
  );
});

describe('tie lists page within their first 1000 ties, on both paths', () => {
  it('a walk ends at the 1000th tie, with no next page and no cursor refused on the way', async () => {
    const big = await forum(twins.planned, 'Big Forum');
    const who = await organisation(twins.planned, 'Many Times Member');
    // 1,010 engagements of one organisation, each with its own since (1001 ... 2010), written
    // through the import path the service itself uses.
    const { ImportService } = await import('../../src/services/import/import.service');
    const { readImportFiles } = await import('../../src/services/import/files');
    const rows = Array.from(
      { length: 1010 },
      (_, i) => `organisation:many-times-member,big-forum,MEMBER,${1001 + i}`,
    );
    const report = await new ImportService(twins.planned.db).run(
      readImportFiles([
        { name: 'engagements.csv', content: ['from,to,role,since', ...rows].join('\n') },
      ]),
      { actor: 'cli:test', requestId: 'cap' },
    );
    expect(report).toMatchObject({ created: 1010, failed: 0 });
    void who;
    const q =
      'query($f: ID!, $a: String) { forum(id: $f) { engagements(first: 30, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { since } } } }';
    for (const app of [twins.planned, twins.fallback]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const res: GqlResponse = await app.gql(q, { f: big.id, a: after });
        expect(res.body.errors).toBeUndefined();
        const page: any = res.body.data!.forum.engagements;
        expect(page.totalCount).toBe(1010);
        seen.push(...page.nodes.map((n: any) => n.since));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(1000);
      expect(seen[999]).toBe('2000');
    }
    // An import of 1,010 rows and 2 × 34 pages (30 does not divide 1,000: the last page is short).
  }, 180_000);
});
