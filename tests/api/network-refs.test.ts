/**
 * The network questions take a slug wherever they take an id (one shared resolver of "id or
 * slug" in the network service): the answer by slug equals the answer by id, and unknown,
 * ambiguous or malformed references get a clear error.
 */
import { useTestApp } from '../helpers/app';
import { codeOf, engages, forum, organisation, tie, Created } from '../helpers/fixtures';

describe('network questions by id or slug', () => {
  const app = useTestApp();
  let alpha: Created, beta: Created, gamma: Created, coalition: Created, platform: Created;

  beforeAll(async () => {
    alpha = await organisation(app, 'Alpha Network', { slug: 'alpha' });
    beta = await organisation(app, 'Beta', { slug: 'beta' });
    gamma = await organisation(app, 'Gamma', { slug: 'gamma' });
    coalition = await forum(app, 'The Coalition', { slug: 'coalition' });
    platform = await forum(app, 'The Platform', { slug: 'platform' });
    await engages(app, alpha, coalition, 'HOST');
    await engages(app, beta, coalition, 'MEMBER');
    await engages(app, beta, platform, 'MEMBER');
    await engages(app, gamma, platform, 'MEMBER');
    await tie(app, 'Membership', { from: beta.id, to: alpha.id, role: 'MEMBER' });
    // A slug is unique per type only: an organisation and a forum may share one.
    await organisation(app, 'Shared Org', { slug: 'shared' });
    await forum(app, 'Shared Forum', { slug: 'shared' });
  });

  const QUESTIONS: Array<{
    name: string;
    query: string;
    ids: () => Record<string, unknown>;
    slugs: Record<string, unknown>;
  }> = [
    {
      name: 'allies (of, forum)',
      query:
        'query($of: ID!, $forum: ID) { allies(of: $of, forum: $forum) { score organisation { slug } sharedFora { slug } } }',
      ids: () => ({ of: alpha.id, forum: coalition.id }),
      slugs: { of: 'alpha', forum: 'coalition' },
    },
    {
      name: 'connections (from, to)',
      query:
        'query($from: ID!, $to: ID!) { connections(from: $from, to: $to, maxHops: 3) { length nodes { ... on Entity { slug } } edges { type } } }',
      ids: () => ({ from: alpha.id, to: gamma.id }),
      slugs: { from: 'alpha', to: 'gamma' },
    },
    {
      name: 'neighbourhood (id)',
      query:
        'query($id: ID!) { neighbourhood(id: $id, depth: 2) { truncated nodes { id } edges { id source target } } }',
      ids: () => ({ id: coalition.id }),
      slugs: { id: 'coalition' },
    },
    {
      name: 'coverage (network organisation)',
      query:
        'query($n: ID!) { coverage(network: $n) { members { slug } reached { count forum { slug } } uncovered { slug } } }',
      ids: () => ({ n: alpha.id }),
      slugs: { n: 'alpha' },
    },
    {
      name: 'coverage (network forum)',
      query:
        'query($n: ID!) { coverage(network: $n) { members { slug } reached { count forum { slug } } uncovered { slug } } }',
      ids: () => ({ n: coalition.id }),
      slugs: { n: 'coalition' },
    },
    {
      name: 'brokers (forum)',
      query: 'query($f: ID) { brokers(forum: $f) { betweenness degree entity { slug } } }',
      ids: () => ({ f: coalition.id }),
      slugs: { f: 'coalition' },
    },
    {
      name: 'brokers (network)',
      query: 'query($n: ID) { brokers(network: $n) { betweenness degree entity { slug } } }',
      ids: () => ({ n: alpha.id }),
      slugs: { n: 'alpha' },
    },
    {
      name: 'engagementMatrix (organisations.forum, fora)',
      query:
        'query($f: ID, $cols: [ID!]) { engagementMatrix(organisations: {forum: $f}, fora: $cols) { organisations { slug } fora { slug } cells { organisation forum role } } }',
      ids: () => ({ f: coalition.id, cols: [platform.id, coalition.id] }),
      slugs: { f: 'coalition', cols: ['platform', 'coalition'] },
    },
  ];

  it.each(QUESTIONS.map((q) => [q.name, q] as const))(
    '%s: a slug answers as the id does',
    async (_name, q) => {
      const byId = await app.gql(q.query, q.ids(), { authorization: '' });
      expect(byId.body.errors).toBeUndefined();
      const bySlug = await app.gql(q.query, q.slugs, { authorization: '' });
      expect(bySlug.body.errors).toBeUndefined();
      expect(bySlug.body.data).toEqual(byId.body.data);
      // Not an empty answer that would trivially agree.
      expect(JSON.stringify(bySlug.body.data)).toMatch(/"slug"|"id"/);
    },
  );

  it('answers a slug nothing carries with NOT_FOUND, naming the expected type', async () => {
    const res = await app.gql('{ allies(of: "no-such-org") { score } }');
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(res.body.errors![0].message).toBe(
      'No Organisation has the id or slug "no-such-org". Check the id, or search for the Organisation by name.',
    );
    const any = await app.gql('{ neighbourhood(id: "no-such-thing") { truncated } }');
    expect(codeOf(any)).toBe('NOT_FOUND');
    expect(any.body.errors![0].message).toMatch(/^No entity has the id or slug "no-such-thing"/);
  });

  it('looks a slug up only among the types the argument takes', async () => {
    // "coalition" is a forum's slug, so as the organisation `of` it is unknown.
    const res = await app.gql('{ allies(of: "coalition") { score } }');
    expect(codeOf(res)).toBe('NOT_FOUND');
    const matrixCols = await app.gql('{ engagementMatrix(fora: ["beta"]) { fora { slug } } }');
    expect(codeOf(matrixCols)).toBe('NOT_FOUND');
    // Where only one type is taken, a slug two types share is no problem.
    const shared = await app.gql('{ allies(of: "shared") { score } }');
    expect(shared.body).toEqual({ data: { allies: [] } });
  });

  it('refuses a slug that names entities of several types where any type is taken, asking for the id', async () => {
    const res = await app.gql('{ neighbourhood(id: "shared") { truncated } }');
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].message).toBe(
      'The slug "shared" names an Organisation and a Forum. Pass the id of the one you mean.',
    );
    expect(res.body.errors![0].extensions!.fields).toEqual([
      { field: 'id', problem: 'slug of several types' },
    ]);
    const coverage = await app.gql('{ coverage(network: "shared") { members { slug } } }');
    expect(codeOf(coverage)).toBe('BAD_USER_INPUT');
  });

  it('refuses what is neither an id nor a slug, and an id of the wrong type, with BAD_USER_INPUT', async () => {
    const garbage = await app.gql('{ connections(from: "Not a slug!", to: "beta") { length } }');
    expect(codeOf(garbage)).toBe('BAD_USER_INPUT');
    expect(garbage.body.errors![0].message).toBe(
      '"Not a slug!" is neither an entity id nor a slug. Pass the id field of an entity returned by this API, or its slug (lower-case letters, digits and hyphens).',
    );
    expect(garbage.body.errors![0].extensions!.fields).toEqual([
      { field: 'from', problem: 'not an id or slug' },
    ]);
    const tieId = await app.gql('query($e: ID!) { neighbourhood(id: $e) { truncated } }', {
      e: (await app.gql('{ organisation(slug: "alpha") { engagements { nodes { id } } } }')).body
        .data!.organisation.engagements.nodes[0].id,
    });
    expect(codeOf(tieId)).toBe('BAD_USER_INPUT');
    expect(tieId.body.errors![0].message).toMatch(/is not an entity id/);
    const wrongType = await app.gql('query($f: ID!) { allies(of: $f) { score } }', {
      f: coalition.id,
    });
    expect(codeOf(wrongType)).toBe('BAD_USER_INPUT');
    expect(wrongType.body.errors![0].message).toMatch(
      /is the id of a Forum, but an Organisation is needed here/,
    );
  });
});
