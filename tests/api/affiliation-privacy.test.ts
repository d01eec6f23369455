/**
 * Who works where is personal data (issue #12 point 6): an Affiliation as a whole, every
 * field, is readable only with a viewer key or above, by every path; and the onBehalfOf of a
 * person's engagement or participation, which says the same thing, likewise. Each path is
 * asked anonymously and as a viewer.
 */
import { useTestApp } from '../helpers/app';
import {
  codeOf,
  Created,
  engages,
  event,
  forum,
  organisation,
  person,
  tie,
  TieCreated,
} from '../helpers/fixtures';

/** Words only the affiliation (or a person's onBehalfOf) carries: none may reach an anonymous caller. */
const SECRET = /Secret Employer|SECRET-NOTE|SECRET-QUOTE|Paying Org|DIRECTOR/;

describe('affiliations are personal data on every path', () => {
  const app = useTestApp();
  let viewer: string;
  let p: Created, employer: Created, payer: Created, f: Created, ev: Created;
  let aff: TieCreated,
    personEngagement: TieCreated,
    orgEngagement: TieCreated,
    personParticipation: TieCreated;
  const anon = { authorization: '' };
  const asViewer = () => ({ authorization: viewer });

  beforeAll(async () => {
    viewer = await app.keyFor('viewer');
    p = await person(app, 'Ada Staff');
    employer = await organisation(app, 'Secret Employer');
    payer = await organisation(app, 'Paying Org');
    f = await forum(app, 'Open Forum');
    ev = await event(app, 'Open Meeting');
    aff = await tie(app, 'Affiliation', {
      from: p.id,
      to: employer.id,
      role: 'DIRECTOR',
      since: '2019',
      note: 'SECRET-NOTE',
      onBehalfOf: payer.id,
      sources: [{ title: 'Staff page', quote: 'SECRET-QUOTE' }],
    });
    personEngagement = await engages(app, p, f, 'MEMBER', { onBehalfOf: payer.id });
    orgEngagement = await engages(app, employer, f, 'HOST', { onBehalfOf: payer.id });
    personParticipation = await tie(app, 'Participation', {
      from: p.id,
      to: ev.id,
      role: 'SPEAKER',
      onBehalfOf: payer.id,
    });
  });

  const expectRefused = (
    res: { body: { errors?: Array<{ extensions?: Record<string, unknown>; path?: string[] }> } },
    path: Array<string | number>,
  ) => {
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        path,
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);
  };

  describe('node(id) of an affiliation', () => {
    const q = `query($id: ID!) { node(id: $id) { __typename id ... on Affiliation {
      role since until note createdAt updatedAt version sources { title quote } onBehalfOf { name } person { name } organisation { name } } } }`;

    it('is null with UNAUTHENTICATED for anonymous callers, every field together', async () => {
      const res = await app.gql(q, { id: aff.id }, anon);
      expect(res.body.data).toEqual({ node: null });
      expectRefused(res, ['node']);
      expect(res.body.errors![0].message).toBe(
        'Sign in as viewer to read affiliations (who works where, personal data).',
      );
      expect(JSON.stringify(res.body)).not.toMatch(SECRET);
    });

    it('does not even confirm the type or the id to anonymous callers', async () => {
      for (const selection of [
        '__typename',
        'id',
        '... on Affiliation { role }',
        '... on Tie { since note }',
      ]) {
        const res = await app.gql(
          `query($id: ID!) { node(id: $id) { ${selection} } }`,
          { id: aff.id },
          anon,
        );
        expect(res.body.data).toEqual({ node: null });
        expect(codeOf(res)).toBe('UNAUTHENTICATED');
      }
    });

    it('answers every field to a viewer', async () => {
      const res = await app.gql(q, { id: aff.id }, asViewer());
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.node).toMatchObject({
        __typename: 'Affiliation',
        id: aff.id,
        role: 'DIRECTOR',
        since: '2019',
        note: 'SECRET-NOTE',
        sources: [{ title: 'Staff page', quote: 'SECRET-QUOTE' }],
        onBehalfOf: { name: 'Paying Org' },
        person: { name: 'Ada Staff' },
        organisation: { name: 'Secret Employer' },
      });
    });

    it('leaves the other nodes of the same request alone', async () => {
      const res = await app.gql(
        'query($a: ID!, $o: ID!) { a: node(id: $a) { id } o: node(id: $o) { ... on Organisation { name } } }',
        { a: aff.id, o: payer.id },
        anon,
      );
      expect(res.body.data).toEqual({ a: null, o: { name: 'Paying Org' } });
      expectRefused(res, ['a']);
    });
  });

  describe('the tie lists', () => {
    const fields =
      'totalCount nodes { role note sources { quote } onBehalfOf { name } person { name } organisation { name } }';

    it('Person.affiliations: null with UNAUTHENTICATED (not even a count) for anonymous callers, the ties for a viewer', async () => {
      const q = `query($id: ID!) { person(id: $id) { name affiliations { ${fields} } } }`;
      const a = await app.gql(q, { id: p.id }, anon);
      expect(a.body.data).toEqual({ person: { name: 'Ada Staff', affiliations: null } });
      expectRefused(a, ['person', 'affiliations']);
      expect(JSON.stringify(a.body)).not.toMatch(SECRET);
      const v = await app.gql(q, { id: p.id }, asViewer());
      expect(v.body.errors).toBeUndefined();
      expect(v.body.data!.person.affiliations).toEqual({
        totalCount: 1,
        nodes: [
          {
            role: 'DIRECTOR',
            note: 'SECRET-NOTE',
            sources: [{ quote: 'SECRET-QUOTE' }],
            onBehalfOf: { name: 'Paying Org' },
            person: { name: 'Ada Staff' },
            organisation: { name: 'Secret Employer' },
          },
        ],
      });
    });

    it('Organisation.people: likewise', async () => {
      const q = `query($id: ID!) { organisation(id: $id) { name people { ${fields} } } }`;
      const a = await app.gql(q, { id: employer.id }, anon);
      expect(a.body.data).toEqual({ organisation: { name: 'Secret Employer', people: null } });
      expectRefused(a, ['organisation', 'people']);
      const v = await app.gql(q, { id: employer.id }, asViewer());
      expect(v.body.errors).toBeUndefined();
      expect(v.body.data!.organisation.people.nodes).toEqual([
        expect.objectContaining({ role: 'DIRECTOR', person: { name: 'Ada Staff' } }),
      ]);
    });

    it('search returns entities, never ties: a person found anonymously still shows no affiliations', async () => {
      const q =
        '{ search(text: "Ada Staff", types: [Person]) { entity { __typename name ... on Person { affiliations { totalCount } } } } }';
      const a = await app.gql(q, {}, anon);
      expect(a.body.data!.search).toEqual([
        { entity: { __typename: 'Person', name: 'Ada Staff', affiliations: null } },
      ]);
      expectRefused(a, ['search', 0, 'entity', 'affiliations']);
      const v = await app.gql(q, {}, asViewer());
      expect(v.body.data!.search).toEqual([
        { entity: { __typename: 'Person', name: 'Ada Staff', affiliations: { totalCount: 1 } } },
      ]);
    });
  });

  describe('onBehalfOf of a person', () => {
    it("is null with UNAUTHENTICATED on a person's engagement and participation for anonymous callers, the organisation for a viewer", async () => {
      const q = `query($id: ID!) { person(id: $id) {
        engagements { nodes { role forum { name } onBehalfOf { name } } }
        participations { nodes { role event { name } onBehalfOf { name } } } } }`;
      const a = await app.gql(q, { id: p.id }, anon);
      expect(a.body.data!.person).toEqual({
        engagements: {
          nodes: [{ role: 'MEMBER', forum: { name: 'Open Forum' }, onBehalfOf: null }],
        },
        participations: {
          nodes: [{ role: 'SPEAKER', event: { name: 'Open Meeting' }, onBehalfOf: null }],
        },
      });
      expect(a.body.errors!.map((e) => [e.extensions!.code, e.path!.join('.')]).sort()).toEqual([
        ['UNAUTHENTICATED', 'person.engagements.nodes.0.onBehalfOf'],
        ['UNAUTHENTICATED', 'person.participations.nodes.0.onBehalfOf'],
      ]);
      expect(JSON.stringify(a.body)).not.toMatch(SECRET);
      const v = await app.gql(q, { id: p.id }, asViewer());
      expect(v.body.errors).toBeUndefined();
      expect(v.body.data!.person.engagements.nodes[0].onBehalfOf).toEqual({ name: 'Paying Org' });
      expect(v.body.data!.person.participations.nodes[0].onBehalfOf).toEqual({
        name: 'Paying Org',
      });
    });

    it('is refused from the other end too (a forum listing its engagements), and by node(id), whether or not one is named', async () => {
      const plain = await engages(app, p, f, 'OBSERVER');
      const q =
        'query($id: ID!) { forum(id: $id) { engagements { nodes { id actor { __typename } onBehalfOf { name } } } } }';
      const a = await app.gql(q, { id: f.id }, anon);
      const nodes = a.body.data!.forum.engagements.nodes as Array<{
        id: string;
        actor: { __typename: string };
        onBehalfOf: unknown;
      }>;
      expect(nodes.map((n) => [n.actor.__typename, n.onBehalfOf]).sort()).toEqual([
        ['Organisation', { name: 'Paying Org' }],
        ['Person', null],
        ['Person', null],
      ]);
      expect(a.body.errors!.map((e) => e.extensions!.code)).toEqual([
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
      ]);
      for (const id of [personEngagement.id, plain.id]) {
        const one = await app.gql(
          'query($id: ID!) { node(id: $id) { ... on Engagement { role onBehalfOf { name } } } }',
          { id },
          anon,
        );
        expect(one.body.data!.node).toEqual({ role: expect.any(String), onBehalfOf: null });
        expect(codeOf(one)).toBe('UNAUTHENTICATED');
      }
      const participation = await app.gql(
        'query($id: ID!) { node(id: $id) { ... on Participation { role onBehalfOf { name } } } }',
        { id: personParticipation.id },
        anon,
      );
      expect(participation.body.data!.node).toEqual({ role: 'SPEAKER', onBehalfOf: null });
      expect(codeOf(participation)).toBe('UNAUTHENTICATED');
      await app.gql('mutation($id: ID!) { removeEngagement(id: $id) { id } }', { id: plain.id });
    });

    it('stays public for an organisation acting for another organisation', async () => {
      const res = await app.gql(
        'query($id: ID!) { node(id: $id) { ... on Engagement { role onBehalfOf { name } } } }',
        { id: orgEngagement.id },
        anon,
      );
      expect(res.body).toEqual({
        data: { node: { role: 'HOST', onBehalfOf: { name: 'Paying Org' } } },
      });
    });
  });

  describe('network questions', () => {
    it('neighbourhood leaves AFFILIATED_WITH out for anonymous callers, also when asked for it by name', async () => {
      const q =
        'query($id: ID!) { neighbourhood(id: $id, relationTypes: [AFFILIATED_WITH, ENGAGES_IN]) { nodes { label } edges { id type } } }';
      const a = await app.gql(q, { id: p.id }, anon);
      expect(a.body.errors).toBeUndefined();
      expect(a.body.data!.neighbourhood.edges).toEqual([
        { id: personEngagement.id, type: 'ENGAGES_IN' },
      ]);
      expect(JSON.stringify(a.body)).not.toMatch(SECRET);
      const v = await app.gql(q, { id: p.id }, asViewer());
      expect(v.body.data!.neighbourhood.edges).toEqual(
        expect.arrayContaining([{ id: aff.id, type: 'AFFILIATED_WITH' }]),
      );
      expect(v.body.data!.neighbourhood.nodes.map((n: { label: string }) => n.label)).toContain(
        'Secret Employer',
      );
    });

    it('connections finds no path through an affiliation for anonymous callers', async () => {
      const q =
        'query($a: ID!, $b: ID!) { connections(from: $a, to: $b, maxHops: 1, via: [AFFILIATED_WITH, MEMBER_OF]) { length edges { id type } } }';
      const a = await app.gql(q, { a: p.id, b: employer.id }, anon);
      expect(a.body).toEqual({ data: { connections: [] } });
      const v = await app.gql(q, { a: p.id, b: employer.id }, asViewer());
      expect(v.body.data!.connections).toEqual([
        { length: 1, edges: [{ id: aff.id, type: 'AFFILIATED_WITH' }] },
      ]);
    });
  });

  describe('history and exports', () => {
    it('history(id) of an affiliation needs a viewer key', async () => {
      const q = 'query($id: ID!) { history(id: $id) { nodes { action targetKind after } } }';
      const a = await app.gql(q, { id: aff.id }, anon);
      expect(codeOf(a)).toBe('UNAUTHENTICATED');
      expect(a.body.data).toBeNull();
      expect(JSON.stringify(a.body)).not.toMatch(SECRET);
      const v = await app.gql(q, { id: aff.id }, asViewer());
      expect(v.body.data!.history.nodes).toEqual([
        expect.objectContaining({
          action: 'TIE_ADDED',
          targetKind: 'AFFILIATED_WITH',
          after: expect.objectContaining({ role: 'DIRECTOR' }),
        }),
      ]);
    });

    it('recentChanges (which lists the affiliation) needs a viewer key', async () => {
      const q =
        'query($since: DateTimeISO!) { recentChanges(since: $since, first: 100) { nodes { targetKind target } } }';
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const a = await app.gql(q, { since }, anon);
      expect(codeOf(a)).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(a.body)).not.toMatch(SECRET);
      const v = await app.gql(q, { since }, asViewer());
      expect(v.body.errors).toBeUndefined();
      expect(v.body.data!.recentChanges.nodes).toEqual(
        expect.arrayContaining([{ targetKind: 'AFFILIATED_WITH', target: aff.id }]),
      );
    });

    it('the exports need a viewer key, and then hold the affiliation', async () => {
      const url = app.url.replace(/\/graphql$/, '/export/edges.csv');
      const a = await fetch(url);
      expect(a.status).toBe(401);
      const body = await a.text();
      expect(body).toMatch(/UNAUTHENTICATED/);
      expect(body).not.toMatch(SECRET);
      const v = await fetch(url, { headers: { authorization: viewer } });
      expect(v.status).toBe(200);
      expect(await v.text()).toMatch(/AFFILIATED_WITH/);
    });
  });

  describe('entity lists filtered by activeOn', () => {
    // Someone whose only dated tie is an affiliation: a list filtered year by year must not tell
    // an anonymous caller when they worked somewhere.
    let quiet: Created, quietEmployer: Created;
    beforeAll(async () => {
      quiet = await person(app, 'Quiet Staffer');
      quietEmployer = await organisation(app, 'Quiet Employer');
      await tie(app, 'Affiliation', {
        from: quiet.id,
        to: quietEmployer.id,
        role: 'STAFF',
        since: '2010',
        until: '2011',
      });
    });
    const listed = async (year: string, headers: Record<string, string>) => {
      const res = await app.gql(
        'query($y: PartialDate!) { people(where: {activeOn: $y, namePrefix: "Quiet"}) { totalCount nodes { slug } } organisations(where: {activeOn: $y, namePrefix: "Quiet"}) { totalCount } }',
        { y: year },
        headers,
      );
      expect(res.body.errors).toBeUndefined();
      return [
        res.body.data!.people.totalCount,
        res.body.data!.people.nodes.length,
        res.body.data!.organisations.totalCount,
      ];
    };

    it('do not count affiliations for anonymous callers, in the page or its count', async () => {
      for (const year of ['2009', '2010', '2011', '2012'])
        expect(await listed(year, anon)).toEqual([0, 0, 0]);
    });

    it('count them for a viewer', async () => {
      expect(await listed('2010', asViewer())).toEqual([1, 1, 1]);
      expect(await listed('2012', asViewer())).toEqual([0, 0, 0]);
    });
  });

  it('an editor adding an affiliation gets it back whole', async () => {
    const other = await organisation(app, 'Second Employer');
    const res = await app.gql(
      'mutation($i: AffiliationInput!) { addAffiliation(input: $i) { role person { name } organisation { name } } }',
      { i: { from: p.id, to: other.id, role: 'ADVISER' } },
      { authorization: await app.keyFor('editor') },
    );
    expect(res.body).toEqual({
      data: {
        addAffiliation: {
          role: 'ADVISER',
          person: { name: 'Ada Staff' },
          organisation: { name: 'Second Employer' },
        },
      },
    });
    await app.gql('mutation($id: ID!) { deleteOrganisation(id: $id, detach: true) { id } }', {
      id: other.id,
    });
  });
});
