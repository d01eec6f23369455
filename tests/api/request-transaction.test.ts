/**
 * One read transaction per request: every loader batch and service read of a GraphQL request
 * shares one transaction, opened on the first read and closed when the response is sent
 * (x-db-transactions counts the transactions a request opened); a mutation adds its one write
 * transaction. Several root fields resolving at the same time share it safely.
 */
import { isInt } from 'neo4j-driver';
import { startTestApp, TestApp } from '../helpers/app';
import { codeOf, create, engages, forum, organisation, person } from '../helpers/fixtures';

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
  describe('a write of one checked query goes as one auto-commit round trip; a failed check writes nothing', () => {
    /** A row's Neo4j integers as numbers. */
    const plain = (row: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, isInt(v) ? v.toNumber() : v]));
    /** What a failed write could have left: ties, history changes, entities and identifiers. */
    const footprint = async () =>
      plain(
        (
          await app.cypher(
            `CALL () { MATCH ()-[r]->() RETURN count(r) AS ties }
           CALL () { MATCH (c:Change) RETURN count(c) AS changes }
           CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
           CALL () { MATCH (i:Identifier) RETURN count(i) AS identifiers }
           RETURN ties, changes, entities, identifiers`,
          )
        )[0],
      );

    it('addEngagement and updateEngagement: one query, one transaction, no BEGIN or COMMIT; duplicates, stale versions and bad dates leave the graph as it was', async () => {
      const org = await organisation(app, 'Auto Commit Writer');
      const f = await forum(app, 'Auto Commit Forum');
      const spy = jest.spyOn(app.db, 'writeAlone');
      try {
        const added = await app.gql(
          'mutation($input: EngagementInput!) { addEngagement(input: $input) { id version role since } }',
          { input: { from: org.id, to: f.id, role: 'MEMBER', since: '2019' } },
        );
        expect(added.body.errors).toBeUndefined();
        expect(added.body.data!.addEngagement).toMatchObject({
          version: 1,
          role: 'MEMBER',
          since: '2019',
        });
        expect(queriesOf(added)).toBe(1);
        expect(transactionsOf(added)).toBe(1);
        expect(spy).toHaveBeenCalledTimes(1);
        const id = added.body.data!.addEngagement.id as string;
        const [stored] = await app.cypher(
          'MATCH (:Organisation {slug: "auto-commit-writer"})-[r:ENGAGES_IN]->(:Forum {slug: "auto-commit-forum"}) MATCH (c:Change {targetKey: r.id}) RETURN r.role AS role, count(c) AS changes',
        );
        expect(plain(stored)).toEqual({ role: 'MEMBER', changes: 1 });

        const before = await footprint();
        const duplicate = await app.gql(
          'mutation($input: EngagementInput!) { addEngagement(input: $input) { id } }',
          { input: { from: org.id, to: f.id, role: 'MEMBER', since: '2019' } },
        );
        expect(codeOf(duplicate)).toBe('CONFLICT');
        const stale = await app.gql(
          'mutation($id: ID!) { updateEngagement(id: $id, expectedVersion: 7, input: { note: "late" }) { id } }',
          { id },
        );
        expect(codeOf(stale)).toBe('CONFLICT');
        expect(stale.body.errors![0].message).toContain('version 1, you sent 7');
        const dates = await app.gql(
          'mutation($id: ID!) { updateEngagement(id: $id, input: { until: "2018" }) { id } }',
          { id },
        );
        expect(codeOf(dates)).toBe('BAD_USER_INPUT');
        expect(spy).toHaveBeenCalledTimes(4);
        expect(await footprint()).toEqual(before);
        const [unchanged] = await app.cypher(
          'MATCH ()-[r:ENGAGES_IN {id: $key}]->() RETURN r.version AS version, r.note AS note, r.until AS until',
          {
            key: (
              await app.cypher(
                'MATCH (:Organisation {slug: "auto-commit-writer"})-[r:ENGAGES_IN]->() RETURN r.id AS key',
              )
            )[0].key,
          },
        );
        expect(plain(unchanged)).toEqual({ version: 1, note: null, until: null });

        const updated = await app.gql(
          'mutation($id: ID!) { updateEngagement(id: $id, expectedVersion: 1, input: { note: "on time" }) { version note } }',
          { id },
        );
        expect(updated.body.data!.updateEngagement).toEqual({ version: 2, note: 'on time' });
        expect(queriesOf(updated)).toBe(1);
        expect(transactionsOf(updated)).toBe(1);
        expect(await openTransactions()).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    });

    it('20 parallel updates of one tie through auto-commit writes: each once, versions 2 to 21, 20 history entries', async () => {
      const org = await organisation(app, 'Parallel Auto Writer');
      const f = await forum(app, 'Parallel Auto Forum');
      const t = await engages(app, org, f, 'MEMBER');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          app.gql(
            'mutation($id: ID!, $note: String!) { updateEngagement(id: $id, input: { note: $note }) { version } }',
            {
              id: t.id,
              note: `note ${i}`,
            },
          ),
        ),
      );
      results.forEach((r) => expect(r.body.errors).toBeUndefined());
      expect(
        results.map((r) => r.body.data!.updateEngagement.version).sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      const [row] = await app.cypher(
        `MATCH (:Organisation {slug: "parallel-auto-writer"})-[r:ENGAGES_IN]->()
         MATCH (c:Change {targetKey: r.id, action: 'TIE_UPDATED'}) RETURN r.version AS version, count(c) AS changes`,
      );
      expect(plain(row)).toEqual({ version: 21, changes: 20 });
    });

    it('entity writes: auto-commit without identifiers; with identifiers a transaction, so a failed check leaves no new identifier behind', async () => {
      const spy = jest.spyOn(app.db, 'writeAlone');
      try {
        const e = await create(app, 'Event', { name: 'Auto Commit Summit', startDate: '2020-05' });
        expect(spy).toHaveBeenCalledTimes(1);
        const before = await footprint();
        const clash = await app.gql(
          'mutation { createEvent(input: { name: "Another Summit", slug: "auto-commit-summit" }) { id } }',
        );
        expect(codeOf(clash)).toBe('CONFLICT');
        const dates = await app.gql(
          'mutation($id: ID!) { updateEvent(id: $id, input: { endDate: "2019" }) { id } }',
          { id: e.id },
        );
        expect(codeOf(dates)).toBe('BAD_USER_INPUT');
        expect(spy).toHaveBeenCalledTimes(3);
        spy.mockClear();
        // With a new identifier: locking it creates it before the date check fails; the rollback removes it.
        const withIdentifier = await app.gql(
          'mutation($id: ID!) { updateEvent(id: $id, input: { endDate: "2019", identifiers: [{ scheme: "wikidata", value: "Q999000111" }] }) { id } }',
          { id: e.id },
        );
        expect(codeOf(withIdentifier)).toBe('BAD_USER_INPUT');
        expect(spy).not.toHaveBeenCalled();
        expect(transactionsOf(withIdentifier)).toBe(1);
        expect(await footprint()).toEqual(before);
        const [event] = await app.cypher(
          'MATCH (n:Event {slug: "auto-commit-summit"}) RETURN n.version AS version, n.endDate AS endDate',
        );
        expect(plain(event)).toEqual({ version: 1, endDate: null });
      } finally {
        spy.mockRestore();
      }
    });
  });
});
