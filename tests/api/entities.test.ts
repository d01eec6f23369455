import { useTestApp } from '../helpers/app';
import { codeOf, create, engages, forum, organisation } from '../helpers/fixtures';

const ORG_FIELDS =
  'id slug name acronym kind countries website aliases version createdAt updatedAt identifiers { scheme value } sources { title url date quote }';

describe('entities through GraphQL', () => {
  const app = useTestApp({ wipe: 'each' });

  it('creates an organisation with a derived slug, and reads it back by id, slug and node(id)', async () => {
    const res = await app.gql(
      `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { ${ORG_FIELDS} } }`,
      {
        input: {
          name: '  Médecins Sans  Frontières ',
          acronym: 'MSF',
          kind: 'NGO',
          countries: ['CH', 'NL'],
          website: 'https://www.msf.org',
          aliases: ['Doctors Without Borders', 'doctors without borders'],
          identifiers: [{ scheme: 'Wikidata', value: 'Q153840' }],
          sources: [
            { title: 'Seed text', quote: 'Médecins Sans Frontières (MSF)', date: '2017-11' },
          ],
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    const org = res.body.data!.createOrganisation;
    expect(org).toMatchObject({
      slug: 'medecins-sans-frontieres',
      name: 'Médecins Sans Frontières',
      acronym: 'MSF',
      countries: ['CH', 'NL'],
      aliases: ['Doctors Without Borders'],
      version: 1,
      identifiers: [{ scheme: 'wikidata', value: 'Q153840' }],
      sources: [
        { title: 'Seed text', url: null, date: '2017-11', quote: 'Médecins Sans Frontières (MSF)' },
      ],
    });
    const [row] = await app.cypher(
      'MATCH (n:Organisation:Entity {slug: $slug})-[:IDENTIFIED_BY]->(i:Identifier) RETURN n.name AS name, i.key AS key',
      { slug: org.slug },
    );
    expect(row).toEqual({ name: 'Médecins Sans Frontières', key: 'wikidata:Q153840' });

    const bySlug = await app.gql('query($s: String) { organisation(slug: $s) { id name } }', {
      s: org.slug,
    });
    expect(bySlug.body.data!.organisation).toEqual({ id: org.id, name: org.name });
    const byId = await app.gql('query($id: ID) { organisation(id: $id) { slug } }', { id: org.id });
    expect(byId.body.data!.organisation.slug).toBe(org.slug);
    const node = await app.gql(
      'query($id: ID!) { node(id: $id) { __typename id ... on Organisation { acronym } } }',
      { id: org.id },
    );
    expect(node.body.data!.node).toEqual({
      __typename: 'Organisation',
      id: org.id,
      acronym: 'MSF',
    });
  });

  it('gives CONFLICT for a second entity with the same slug, and creates nothing', async () => {
    await organisation(app, 'Wemos');
    const res = await app.gql('mutation { createOrganisation(input: {name: "WEMOS"}) { id } }');
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.body.errors![0].message).toMatch(/slug "wemos" already exists/);
    const [row] = await app.cypher('MATCH (n:Organisation) RETURN count(n) AS n');
    expect(Number(row.n)).toBe(1);
  });

  it('lets the same slug exist once per type', async () => {
    await organisation(app, 'Global Health Workforce Network', { slug: 'ghwn' });
    await expect(
      forum(app, 'Global Health Workforce Network', { slug: 'ghwn' }),
    ).resolves.toMatchObject({ slug: 'ghwn' });
  });

  it('rejects bad input with BAD_USER_INPUT naming each field, and writes nothing', async () => {
    const res = await app.gql(
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
      {
        input: {
          name: 'X',
          slug: 'Not A Slug',
          website: 'javascript:alert(1)',
          countries: ['XX'],
          sources: [{ title: '', url: 'ftp://x' }],
        },
      },
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const fields = (res.body.errors![0].extensions!.fields as Array<{ field: string }>).map(
      (f) => f.field,
    );
    expect(fields).toEqual(
      expect.arrayContaining(['slug', 'website', 'countries', 'sources.0.title', 'sources.0.url']),
    );
    const [row] = await app.cypher('MATCH (n:Entity) RETURN count(n) AS n');
    expect(Number(row.n)).toBe(0);
  });

  it('refuses addresses holding a right-to-left override or a control character, saying which field and why', async () => {
    const res = await app.gql(
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
      {
        input: {
          name: 'Bidi',
          website: 'http://evil.example/\u202Egnp.exe',
          sources: [
            { title: 'ok', url: 'https://example.org/fine' },
            { title: 'bad', url: 'https://example.org/a\u0007b' },
          ],
        },
      },
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const fields = res.body.errors![0].extensions!.fields as Array<{
      field: string;
      problem: string;
    }>;
    expect(fields.map((f) => f.field).sort()).toEqual(['sources.1.url', 'website']);
    for (const f of fields) expect(f.problem).toContain('bidirectional characters');
    const [row] = await app.cypher('MATCH (n:Entity {name: "Bidi"}) RETURN count(n) AS n');
    expect(Number(row.n)).toBe(0);
    // The same address with the override percent-encoded is an address like any other.
    const ok = await app.gql(
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { website } }',
      { input: { name: 'Bidi', website: 'http://evil.example/%E2%80%AEgnp.exe' } },
    );
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.createOrganisation.website).toBe('http://evil.example/%E2%80%AEgnp.exe');
  });

  it('rejects a date that is not a partial date, saying how to write one', async () => {
    const res = await app.gql(
      'mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
      { input: { name: 'WHA71', startDate: '20 May 2018' } },
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].message).toMatch(/YYYY, YYYY-MM or YYYY-MM-DD/);
  });

  it('rejects an event that ends before it starts', async () => {
    const res = await app.gql(
      'mutation { createEvent(input: {name: "Backwards", startDate: "2018-05", endDate: "2018-04-30"}) { id } }',
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const [row] = await app.cypher('MATCH (n:Event) RETURN count(n) AS n');
    expect(Number(row.n)).toBe(0);
  });

  it('updates with expectedVersion, and a stale version is a CONFLICT that changes nothing', async () => {
    const org = await organisation(app, 'Wemos', { kind: 'NGO' });
    const ok = await app.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: {acronym: "WMS", aliases: ["Wemos Foundation"]}) { version acronym aliases name } }',
      { id: org.id },
    );
    expect(ok.body.data!.updateOrganisation).toEqual({
      version: 2,
      acronym: 'WMS',
      aliases: ['Wemos Foundation'],
      name: 'Wemos',
    });
    const stale = await app.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: {acronym: "LOST"}) { version } }',
      { id: org.id },
    );
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.body.errors![0].extensions!.currentVersion).toBe(2);
    const [row] = await app.cypher(
      'MATCH (n:Organisation {slug: "wemos"}) RETURN n.acronym AS acronym, n.version AS version',
    );
    expect(row.acronym).toBe('WMS');
    expect(Number(row.version)).toBe(2);
  });

  it('clears an optional property with null and keeps what the update leaves out', async () => {
    const org = await organisation(app, 'ACHEST', {
      acronym: 'ACHEST',
      description: 'African Centre',
    });
    const res = await app.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, input: {description: null}) { acronym description } }',
      { id: org.id },
    );
    expect(res.body.data!.updateOrganisation).toEqual({ acronym: 'ACHEST', description: null });
  });

  it('gives NOT_FOUND for an unknown id and BAD_USER_INPUT for an id of another type', async () => {
    const f = await forum(app, 'World Health Assembly');
    const wrongType = await app.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, input: {name: "x"}) { id } }',
      { id: f.id },
    );
    expect(codeOf(wrongType)).toBe('BAD_USER_INPUT');
    await app.cypher('MATCH (n:Forum) DETACH DELETE n');
    const gone = await app.gql(
      'mutation($id: ID!) { updateForum(id: $id, input: {name: "x"}) { id } }',
      { id: f.id },
    );
    expect(codeOf(gone)).toBe('NOT_FOUND');
    const read = await app.gql('query($id: ID) { forum(id: $id) { id } }', { id: f.id });
    expect(read.body.data!.forum).toBeNull();
  });

  it('refuses to delete an entity with ties unless detach is true', async () => {
    const org = await organisation(app, 'Wemos');
    const coalition = await forum(app, 'Health Workers for All Coalition');
    await engages(app, org, coalition, 'HOST');
    const refused = await app.gql('mutation($id: ID!) { deleteOrganisation(id: $id) { id } }', {
      id: org.id,
    });
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.body.errors![0].message).toMatch(/1 tie/);
    const done = await app.gql(
      'mutation($id: ID!) { deleteOrganisation(id: $id, detach: true) { id removedTies } }',
      { id: org.id },
    );
    expect(done.body.data!.deleteOrganisation).toEqual({ id: org.id, removedTies: 1 });
    const [row] = await app.cypher(
      'RETURN COUNT { (:Organisation) } AS orgs, COUNT { ()-[:ENGAGES_IN]->() } AS ties',
    );
    expect([Number(row.orgs), Number(row.ties)]).toEqual([0, 0]);
  });

  it('lists with filters, ordering, totalCount and cursors', async () => {
    const names = ['Alpha Network', 'Beta Union', 'Gamma NGO', 'Delta NGO', 'Épsilon NGO'];
    const orgs = [];
    for (const n of names)
      orgs.push(
        await organisation(app, n, {
          kind: n.endsWith('NGO') ? 'NGO' : 'OTHER',
          countries: n.startsWith('D') ? ['UG'] : ['NL'],
        }),
      );
    const f = await forum(app, 'GHWN');
    await engages(app, orgs[2], f, 'MEMBER', { since: '2015', until: '2016' });
    await engages(app, orgs[3], f, 'MEMBER', { since: '2018-05' });

    const page1 = await app.gql(
      '{ organisations(first: 2) { totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }',
    );
    const c1 = page1.body.data!.organisations;
    expect(c1.totalCount).toBe(5);
    expect(c1.edges.map((e: any) => e.node.name)).toEqual(['Alpha Network', 'Beta Union']);
    expect(c1.pageInfo.hasNextPage).toBe(true);
    const page2 = await app.gql(
      'query($a: String) { organisations(first: 10, after: $a) { nodes { name } pageInfo { hasNextPage } } }',
      { a: c1.pageInfo.endCursor },
    );
    expect(page2.body.data!.organisations.nodes.map((n: any) => n.name)).toEqual([
      'Delta NGO',
      'Épsilon NGO',
      'Gamma NGO',
    ]);
    expect(page2.body.data!.organisations.pageInfo.hasNextPage).toBe(false);

    const desc = await app.gql(
      '{ organisations(first: 1, orderBy: {field: NAME, direction: DESC}) { nodes { name } } }',
    );
    expect(desc.body.data!.organisations.nodes[0].name).toBe('Gamma NGO');
    const prefix = await app.gql(
      '{ organisations(where: {namePrefix: "eps"}) { nodes { name } } }',
    );
    expect(prefix.body.data!.organisations.nodes).toEqual([{ name: 'Épsilon NGO' }]);
    const kinds = await app.gql(
      '{ organisations(where: {kinds: ["NGO"], countries: ["ug"]}) { totalCount nodes { name } } }',
    );
    expect(kinds.body.data!.organisations).toEqual({
      totalCount: 1,
      nodes: [{ name: 'Delta NGO' }],
    });
    const inForum = await app.gql(
      'query($f: ID) { organisations(where: {forum: $f}) { nodes { name } } }',
      { f: f.id },
    );
    expect(inForum.body.data!.organisations.nodes.map((n: any) => n.name)).toEqual([
      'Delta NGO',
      'Gamma NGO',
    ]);
    const active = await app.gql(
      '{ organisations(where: {activeOn: "2016-12"}) { nodes { name } } }',
    );
    expect(active.body.data!.organisations.nodes).toEqual([{ name: 'Gamma NGO' }]);
    const bad = await app.gql('{ organisations(first: 500) { totalCount } }');
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const badCursor = await app.gql('{ organisations(after: "nonsense") { totalCount } }');
    expect(codeOf(badCursor)).toBe('BAD_USER_INPUT');
  });

  it('keeps contact details from anonymous callers, without echoing them in the error', async () => {
    const p = await create(app, 'Person', {
      name: 'Jorge Vega Cardenas',
      aliases: ['Jorge Cardenas'],
      contact: { phone: '+31 20 435 20 5', email: 'jorge@example.org' },
    });
    const [row] = await app.cypher(
      'MATCH (p:Person {slug: $s}) RETURN p.contactPhone AS phone, p.searchText AS text',
      { s: p.slug },
    );
    expect(row.phone).toBe('+31 20 435 20 5');
    expect(row.text).not.toContain('435');
    const res = await app.gql(
      'query($id: ID) { person(id: $id) { name contact { phone email } } }',
      { id: p.id },
      { authorization: '' },
    );
    expect(res.body.data!.person).toEqual({ name: 'Jorge Vega Cardenas', contact: null });
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res.body)).not.toContain('435');
    expect(JSON.stringify(res.body)).not.toContain('jorge@example.org');
  });

  it('rejects a malformed contact e-mail', async () => {
    const res = await app.gql(
      'mutation { createPerson(input: {name: "A", contact: {email: "not-an-email"}}) { id } }',
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].message).toMatch(/e-mail/);
  });

  it('gives CONFLICT when an identifier already belongs to another entity, and writes nothing', async () => {
    await organisation(app, 'MMI', { identifiers: [{ scheme: 'wikidata', value: 'Q1' }] });
    const res = await app.gql(
      'mutation { createOrganisation(input: {name: "Medicus Mundi", identifiers: [{scheme: "wikidata", value: "Q1"}]}) { id } }',
    );
    expect(codeOf(res)).toBe('CONFLICT');
    const [row] = await app.cypher('MATCH (n:Organisation) RETURN collect(n.name) AS names');
    expect(row.names).toEqual(['MMI']);
  });
});
