import { startTestApp, TestApp } from '../helpers/app';
import { createLogger } from '../../src/logger';
import { seedIfEmpty } from '../../src/seed';
import { codeOf } from '../helpers/fixtures';

describe('search', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await seedIfEmpty(
      app.db,
      createLogger({ log: { level: 'silent', pretty: false }, env: 'test' }),
    );
  });
  afterAll(async () => {
    await app.close();
  });

  const top = async (text: string, types?: string[]) => {
    const res = await app.gql(
      'query($t: String!, $types: [EntityType!]) { search(text: $t, types: $types, first: 5) { score entity { __typename name } } }',
      { t: text, types },
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.search as Array<{
      score: number;
      entity: { __typename: string; name: string };
    }>;
  };

  it.each([
    ['marielle bemelmans', 'Mariëlle Bemelmans'],
    ['Medecins Sans Frontieres', 'Médecins Sans Frontières'],
    ['msf', 'Médecins Sans Frontières'],
    ['Jorge Cardenas', 'Jorge Vega Cardenas'],
    ['Bemelmanns', 'Mariëlle Bemelmans'],
    ['wemso', 'Wemos'],
    ['who', 'World Health Organization'],
    ['HW4AllCoalition', 'Health Workers for All Coalition'],
    ['Health Workers for All Coalition', 'Health Workers for All Coalition'],
    ['the world health assembly', 'World Health Assembly'],
    [
      'Code of Practice',
      'WHO Global Code of Practice on the International Recruitment of Health Personnel',
    ],
  ])('"%s" finds %s first', async (text, name) => {
    const hits = await top(text);
    expect(hits[0]?.entity.name).toBe(name);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('finds a name with an apostrophe by the whole word', async () => {
    await app.gql('mutation { createPerson(input: {name: "Siobhán O\'Brien"}) { id } }');
    expect((await top("O'Brien"))[0]?.entity.name).toBe("Siobhán O'Brien");
    expect((await top('siobhan obrien'))[0]?.entity.name).toBe("Siobhán O'Brien");
  });

  it('narrows by type', async () => {
    const hits = await top('health', ['Topic']);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.entity.__typename === 'Topic')).toBe(true);
  });

  it.each([
    '"',
    '\\',
    'a AND OR NOT',
    '*?~^',
    ')(}{][',
    'name:x OR 1=1 //',
    '`drop`',
    '\u0000null',
    'x'.repeat(200),
    'Ωμέγα 中文 عربي',
  ])('never breaks on hostile text %#', async (text) => {
    const res = await app.gql('query($t: String!) { search(text: $t) { entity { name } } }', {
      t: text,
    });
    expect(res.body.errors).toBeUndefined();
    expect(Array.isArray(res.body.data!.search)).toBe(true);
  });

  it('answers the relation fields below its hits in the same query, as the entity root does', async () => {
    const ties =
      'engagements { totalCount nodes { role actor { ... on Organisation { slug } ... on Person { slug } } } }';
    const res = await app.gql(
      `{ search(text: "Health Workers for All Coalition", types: [Forum], first: 1) { score entity { name ... on Forum { ${ties} } } }
         forum(slug: "hw4all-coalition") { ${ties} } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const [hit] = res.body.data!.search;
    expect(hit.entity.name).toBe('Health Workers for All Coalition');
    expect(hit.entity.engagements.totalCount).toBeGreaterThan(0);
    expect(hit.entity.engagements).toEqual(res.body.data!.forum.engagements);
    // One query per root field: the search with its hits' engagements, and the forum.
    expect(Number(res.headers.get('x-db-queries'))).toBe(2);
  });

  it('refuses over-long text and too many results with BAD_USER_INPUT', async () => {
    await expect(app.gql('{ search(text: "x", first: 500) { score } }').then(codeOf)).resolves.toBe(
      'BAD_USER_INPUT',
    );
    await expect(
      app
        .gql('query($t: String!) { search(text: $t) { score } }', { t: 'y'.repeat(201) })
        .then(codeOf),
    ).resolves.toBe('BAD_USER_INPUT');
  });
});
