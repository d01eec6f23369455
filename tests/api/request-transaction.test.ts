/**
 * One read transaction per request: every loader batch and service read of a GraphQL request
 * shares one transaction, opened on the first read and closed when the response is sent
 * (x-db-transactions counts the transactions a request opened); a mutation adds its one write
 * transaction. Several root fields resolving at the same time share it safely.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { engages, forum, organisation, person } from '../helpers/fixtures';

const transactionsOf = (res: { headers: Headers }) => Number(res.headers.get('x-db-transactions'));
const queriesOf = (res: { headers: Headers }) => Number(res.headers.get('x-db-queries'));

describe('one read transaction per request', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    const [org, other, f] = [
      await organisation(app, 'Shared Reader'),
      await organisation(app, 'Other Reader'),
      await forum(app, 'Shared Forum'),
    ];
    await engages(app, org, f, 'MEMBER');
    await engages(app, other, f, 'OBSERVER');
    await person(app, 'Solo Reader');
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  /**
   * Transactions other than SHOW's own, with what each runs. The change feed's sequencer and the
   * webhook worker open short ones in the background (every 100 to 250 ms), so a transaction
   * counts as left open only if it is still there after a second of asking.
   */
  const openTransactions = async () => {
    let open: string[] = [];
    for (let i = 0; i < 10; i++) {
      const rows = await app.cypher(
        "SHOW TRANSACTIONS YIELD currentQuery, status WHERE NOT currentQuery STARTS WITH 'SHOW' AND NOT currentQuery CONTAINS 'ChangeSequence' RETURN collect(currentQuery + ' (' + status + ')') AS open",
      );
      open = rows[0].open as string[];
      if (!open.length) return open;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return open;
  };

  it('several root fields, their relations and lookups by slug, id and list: one transaction, many queries', async () => {
    const fo = await app.gql('{ forum(slug: "shared-forum") { id } }');
    const forumId = fo.body.data!.forum.id;
    const res = await app.gql(
      `query($id: ID!) {
        a: organisation(slug: "shared-reader") { name engagements { nodes { role forum { name } } } }
        b: organisation(slug: "other-reader") { name }
        f: node(id: $id) { ... on Forum { name engagements { totalCount nodes { actor { ... on Organisation { name } } } } } }
        all: organisations(first: 5) { totalCount nodes { name } }
        people { nodes { name } }
        history(id: $id) { nodes { action } }
      }`,
      { id: forumId },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.a).toEqual({
      name: 'Shared Reader',
      engagements: { nodes: [{ role: 'MEMBER', forum: { name: 'Shared Forum' } }] },
    });
    expect(res.body.data!.b).toEqual({ name: 'Other Reader' });
    expect(res.body.data!.f.engagements.totalCount).toBe(2);
    expect(res.body.data!.all.totalCount).toBe(2);
    expect(res.body.data!.people.nodes).toEqual([{ name: 'Solo Reader' }]);
    expect(res.body.data!.history.nodes).toEqual([{ action: 'CREATE' }]);
    expect(queriesOf(res)).toBeGreaterThan(3);
    expect(transactionsOf(res)).toBe(1);
    // Closed with the response: nothing of this request is left open in Neo4j.
    expect(await openTransactions()).toEqual([]);
  });

  it('a request that reads nothing opens none; a mutation opens its one write transaction', async () => {
    const none = await app.gql('{ __typename }');
    expect(none.body.data).toEqual({ __typename: 'Query' });
    expect(transactionsOf(none)).toBe(0);
    const created = await app.gql(
      'mutation { createTopic(input: {name: "One Transaction"}) { id name } }',
    );
    expect(created.body.data!.createTopic.name).toBe('One Transaction');
    expect(transactionsOf(created)).toBe(1);
    expect(queriesOf(created)).toBe(1);
  });

  it('many parallel requests each get their own transaction and right answers', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.gql(
          `{ organisation(slug: "${i % 2 ? 'shared-reader' : 'other-reader'}") { name } fora { totalCount } }`,
        ),
      ),
    );
    results.forEach((r, i) => {
      expect(r.body.data).toEqual({
        organisation: { name: i % 2 ? 'Shared Reader' : 'Other Reader' },
        fora: { totalCount: 1 },
      });
      expect(transactionsOf(r)).toBe(1);
    });
  });

  describe("a planned root field that is the request's only read: one auto-commit query, no BEGIN or ROLLBACK", () => {
    it('one root field wholly planned (aliases and fragments too) is sent as an auto-commit query', async () => {
      const spy = jest.spyOn(app.db, 'autoCommitRead');
      try {
        const res = await app.gql(
          `{ f: forum(slug: "shared-forum") { ...F __typename } }
           fragment F on Forum { name engagements { totalCount nodes { role actor { ... on Organisation { name } } } } }`,
        );
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data!.f.name).toBe('Shared Forum');
        expect(res.body.data!.f.engagements.totalCount).toBe(2);
        expect(queriesOf(res)).toBe(1);
        expect(transactionsOf(res)).toBe(1);
        expect(spy).toHaveBeenCalledTimes(1);
        expect(await openTransactions()).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    });

    it('two root fields, or a field the plan leaves to its resolver, share the explicit transaction as before', async () => {
      const spy = jest.spyOn(app.db, 'autoCommitRead');
      try {
        const two = await app.gql(
          '{ forum(slug: "shared-forum") { name } organisation(slug: "shared-reader") { name } }',
        );
        expect(two.body.data).toEqual({
          forum: { name: 'Shared Forum' },
          organisation: { name: 'Shared Reader' },
        });
        expect(transactionsOf(two)).toBe(1);
        // A cursor the plan cannot read: the fallback answers, on the request's transaction.
        const refused = await app.gql(
          '{ forum(slug: "shared-forum") { engagements(first: -1) { totalCount } } }',
        );
        expect(refused.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(transactionsOf(refused)).toBeLessThanOrEqual(1);
        expect(spy).not.toHaveBeenCalled();
        expect(await openTransactions()).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    });

    it('a one-query network question alone is an auto-commit query; with relation fields below it, the explicit transaction', async () => {
      const spy = jest.spyOn(app.db, 'autoCommitRead');
      try {
        const o = await app.gql('{ organisation(slug: "shared-reader") { id } }');
        spy.mockClear();
        const id = o.body.data!.organisation.id;
        const alone = await app.gql(
          'query($id: ID!) { neighbourhood(id: $id) { nodes { label } edges { type } } }',
          { id },
        );
        expect(alone.body.errors).toBeUndefined();
        expect(alone.body.data!.neighbourhood.nodes).toContainEqual({ label: 'Shared Forum' });
        expect(spy).toHaveBeenCalledTimes(1);
        expect(transactionsOf(alone)).toBe(1);
        spy.mockClear();
        const nested = await app.gql(
          'query($id: ID!) { allies(of: $id) { organisation { name engagements { totalCount } } } }',
          { id },
        );
        expect(nested.body.errors).toBeUndefined();
        expect(nested.body.data!.allies).toEqual([
          { organisation: { name: 'Other Reader', engagements: { totalCount: 1 } } },
        ]);
        expect(spy).not.toHaveBeenCalled();
        expect(transactionsOf(nested)).toBe(1);
        expect(await openTransactions()).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    });

    it('a planned read that needs the fallback after all opens the transaction after its auto-commit query', async () => {
      const spy = jest.spyOn(app.db, 'autoCommitRead');
      try {
        // A cursor that is not in the list: the plan reads the page (not found), the fallback says why.
        const res = await app.gql(
          '{ forum(slug: "shared-forum") { engagements(after: "WyJub3BlIl0") { totalCount } } }',
        );
        expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(spy).toHaveBeenCalledTimes(1);
        expect(transactionsOf(res)).toBe(2);
        expect(await openTransactions()).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    });
  });
});
