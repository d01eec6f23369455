/**
 * No N+1: relation fields go through per-request DataLoaders, so the number of database
 * round trips of a request does not grow with the rows it returns. Counted by the
 * service's own meter (the x-db-queries header), which counts every query sent.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { Created, engages, forum, organisation, person } from '../helpers/fixtures';

const QUERY = `query($n: Int) { fora(first: $n) { totalCount nodes { name
  engagements(first: 10) { nodes { role since actor { __typename ... on Organisation { name acronym } ... on Person { name } } forum { name } } }
} } }`;

describe('database round trips', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    const orgs: Created[] = [];
    for (let i = 0; i < 10; i += 1) orgs.push(await organisation(app, `Organisation ${i}`));
    const someone = await person(app, 'Someone');
    for (let f = 0; f < 50; f += 1) {
      const fo = await forum(app, `Forum ${String(f).padStart(2, '0')}`);
      await engages(app, orgs[f % 10], fo, 'MEMBER');
      await engages(app, orgs[(f + 3) % 10], fo, 'OBSERVER');
      if (f % 5 === 0) await engages(app, someone, fo, 'PARTICIPANT');
    }
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  it('listing 50 fora with their engagements and actors costs a small constant number of queries', async () => {
    const res = await app.gql(QUERY, { n: 50 });
    expect(res.body.errors).toBeUndefined();
    const fora = res.body.data!.fora.nodes;
    expect(fora).toHaveLength(50);
    expect(fora.reduce((n: number, f: any) => n + f.engagements.nodes.length, 0)).toBe(110);
    // The read planner answers the whole selection in one query (it was 4 through the DataLoaders).
    expect(Number(res.headers.get('x-db-queries'))).toBe(1);
  });

  it('costs the same for 5 fora as for 50', async () => {
    const few = await app.gql(QUERY, { n: 5 });
    const many = await app.gql(QUERY, { n: 50 });
    expect(few.headers.get('x-db-queries')).toBe(many.headers.get('x-db-queries'));
  });

  it('stays constant three levels deep: an organisation, its fora, and each forum’s other engagements', async () => {
    const res = await app.gql(
      `{ organisation(slug: "organisation-1") { engagements { nodes { forum { name engagements { nodes { actor { ... on Organisation { name } } } } } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.organisation.engagements.nodes.length).toBeGreaterThan(1);
    // One planned query (it was up to 5: slug lookup, engagements, fora, their engagements, actors).
    expect(Number(res.headers.get('x-db-queries'))).toBe(1);
  });
});
