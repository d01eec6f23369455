/**
 * Uniqueness under concurrency, over real HTTP against the real Neo4j: for every uniqueness
 * rule (a slug per type, an external identifier across entities, a tie's fact: type, ends, role
 * and since), 30 parallel writers of the same thing leave exactly one winner, the others get
 * CONFLICT saying what to do, and Cypher re-checks that the database holds one record and one
 * history entry. Slugs are held by constraints; identifiers and tie facts by the write locks every
 * writer takes before its duplicate check (entity/lock-identifiers, entity/lock).
 */
import { GqlResponse, TestApp, useTestApp } from '../helpers/app';
import {
  Created,
  TieCreated,
  create,
  engages,
  event,
  forum,
  organisation,
  person,
} from '../helpers/fixtures';

jest.setTimeout(180_000);

const WRITERS = 30;

type Result = GqlResponse;

const keyOf = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1];

/** Exactly one result without errors; every other one a single CONFLICT whose message matches. */
function expectOneWinner(results: Result[], message: RegExp): Result {
  const won = results.filter((r) => !r.body.errors);
  const lost = results.filter((r) => r.body.errors);
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(results.length - 1);
  for (const r of lost) {
    expect(r.status).toBe(200);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors![0].extensions!.code).toBe('CONFLICT');
    expect(r.body.errors![0].message).toMatch(message);
  }
  return won[0];
}

const parallel = (n: number, run: (i: number) => Promise<Result>) =>
  Promise.all(Array.from({ length: n }, (_, i) => run(i)));

async function count(
  app: TestApp,
  cypher: string,
  params: Record<string, unknown> = {},
): Promise<number> {
  const [row] = await app.cypher(cypher, params);
  return Number(row.n);
}

const IMPORT = `mutation($input: ImportInput!) { importRecords(input: $input) { created updated unchanged failed batches { status reason } } }`;

describe('uniqueness under concurrency', () => {
  const app = useTestApp({ wipe: 'each' });

  describe('slugs', () => {
    it.each(['Organisation', 'Person', 'Forum', 'Event', 'Instrument', 'Topic'])(
      '%s: 30 parallel creates of one slug, one entity',
      async (type) => {
        const results = await parallel(WRITERS, (i) =>
          app.gql(`mutation($input: Create${type}Input!) { create${type}(input: $input) { id } }`, {
            input: { name: `Contested ${i}`, slug: 'contested-slug' },
          }),
        );
        const won = expectOneWinner(
          results,
          /slug "contested-slug" already exists.*Choose another slug/,
        );
        expect(
          await count(app, `MATCH (n:${type} {slug: 'contested-slug'}) RETURN count(n) AS n`),
        ).toBe(1);
        expect(await count(app, 'MATCH (n:Entity) RETURN count(n) AS n')).toBe(1);
        const id = Object.values(won.body.data!)[0].id as string;
        expect(await count(app, 'MATCH (c:Change {action: "CREATE"}) RETURN count(c) AS n')).toBe(
          1,
        );
        expect(
          await count(app, 'MATCH (c:Change {targetKey: $key}) RETURN count(c) AS n', {
            key: keyOf(id),
          }),
        ).toBe(1);
      },
    );

    it('30 parallel updates giving different organisations one slug: one wins', async () => {
      const orgs: Created[] = [];
      for (let i = 0; i < WRITERS; i += 1) orgs.push(await organisation(app, `Renamed ${i}`));
      const results = await parallel(WRITERS, (i) =>
        app.gql(
          'mutation($id: ID!) { updateOrganisation(id: $id, input: {slug: "wanted-slug"}) { id } }',
          { id: orgs[i].id },
        ),
      );
      expectOneWinner(results, /slug "wanted-slug" already exists/);
      expect(
        await count(app, "MATCH (n:Organisation {slug: 'wanted-slug'}) RETURN count(n) AS n"),
      ).toBe(1);
      expect(
        await count(app, 'MATCH (n:Organisation) WHERE n.version = 2 RETURN count(n) AS n'),
      ).toBe(1);
    });
  });

  describe('identifiers', () => {
    const IDENT = { scheme: 'wikidata', value: 'Q246009' };
    const CLAIMED = /Identifier wikidata:Q246009 already belongs to another entity.*merge them/;

    it('30 parallel creates of different organisations with one identifier: one carries it', async () => {
      const results = await parallel(WRITERS, (i) =>
        app.gql(
          'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
          { input: { name: `Claimant ${i}`, identifiers: [IDENT] } },
        ),
      );
      const won = expectOneWinner(results, CLAIMED);
      const owners = await app.cypher(
        "MATCH (i:Identifier {key: 'wikidata:Q246009'})<-[:IDENTIFIED_BY]-(n) RETURN n.id AS key",
      );
      expect(owners).toEqual([{ key: keyOf(won.body.data!.createOrganisation.id) }]);
      expect(await count(app, 'MATCH (i:Identifier) RETURN count(i) AS n')).toBe(1);
      // The losers wrote nothing: no entity, no history.
      expect(await count(app, 'MATCH (n:Organisation) RETURN count(n) AS n')).toBe(1);
      expect(await count(app, 'MATCH (c:Change) RETURN count(c) AS n')).toBe(1);
    });

    it('creates of several types and updates adding the identifier, all in parallel: one carries it', async () => {
      const fora: Created[] = [];
      for (let i = 0; i < 10; i += 1) fora.push(await forum(app, `Forum ${i}`));
      const results = await parallel(WRITERS, (i) => {
        if (i < 10)
          return app.gql(
            'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
            { input: { name: `Org ${i}`, identifiers: [IDENT] } },
          );
        if (i < 20)
          return app.gql(
            'mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }',
            {
              input: {
                name: `Person ${i}`,
                identifiers: [{ scheme: 'WikiData', value: ' Q246009 ' }],
              },
            },
          );
        return app.gql(
          'mutation($id: ID!, $ids: [IdentifierInput!]) { updateForum(id: $id, input: {identifiers: $ids}) { id } }',
          { id: fora[i - 20].id, ids: [{ scheme: 'orcid', value: `x-${i}` }, IDENT] },
        );
      });
      expectOneWinner(results, CLAIMED);
      expect(
        await count(
          app,
          "MATCH (:Identifier {key: 'wikidata:Q246009'})<-[r:IDENTIFIED_BY]-() RETURN count(r) AS n",
        ),
      ).toBe(1);
      expect(
        await count(
          app,
          'MATCH (i:Identifier) WHERE NOT (i)<-[:IDENTIFIED_BY]-() RETURN count(i) AS n',
        ),
      ).toBe(0);
      expect(
        await count(app, 'MATCH (n:Organisation|Person) RETURN count(n) AS n'),
      ).toBeLessThanOrEqual(1);
      expect(
        await count(app, 'MATCH (n:Forum) WHERE n.version > 1 RETURN count(n) AS n'),
      ).toBeLessThanOrEqual(1);
    });

    it('an import row keyed by the identifier, in parallel with API creates of it: one entity carries it', async () => {
      const results = await parallel(WRITERS, (i) =>
        i === 0
          ? app.gql(IMPORT, {
              input: {
                files: [
                  {
                    name: 'organisations.csv',
                    content: 'name,identifiers\nImported Claimant,wikidata:Q246009',
                  },
                ],
              },
            })
          : app.gql(
              'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
              { input: { name: `Claimant ${i}`, identifiers: [IDENT] } },
            ),
      );
      const [imported, ...api] = results;
      expect(imported.body.errors).toBeUndefined();
      const report = imported.body.data!.importRecords;
      const apiWon = api.filter((r) => !r.body.errors);
      // Either the import created it (every API create conflicts) or one API create did (the import then updated it).
      expect(apiWon.length + report.created).toBe(1);
      for (const r of api.filter((x) => x.body.errors)) {
        expect(r.body.errors![0].extensions!.code).toBe('CONFLICT');
        expect(r.body.errors![0].message).toMatch(CLAIMED);
      }
      expect(
        await count(
          app,
          "MATCH (:Identifier {key: 'wikidata:Q246009'})<-[r:IDENTIFIED_BY]-() RETURN count(r) AS n",
        ),
      ).toBe(1);
      expect(await count(app, 'MATCH (n:Organisation) RETURN count(n) AS n')).toBe(1);
    });
  });

  describe('tie facts', () => {
    // One case per tie type: the ends it joins and a role it allows.
    const CASES: Array<{ kind: string; from: string; to: string; role: string | null }> = [
      { kind: 'Engagement', from: 'Organisation', to: 'Forum', role: 'MEMBER' },
      { kind: 'Affiliation', from: 'Person', to: 'Organisation', role: 'STAFF' },
      { kind: 'Membership', from: 'Organisation', to: 'Organisation', role: 'MEMBER' },
      { kind: 'Participation', from: 'Person', to: 'Event', role: 'SPEAKER' },
      { kind: 'PartOf', from: 'Event', to: 'Forum', role: null },
      { kind: 'Adoption', from: 'Forum', to: 'Instrument', role: null },
      { kind: 'WorkOn', from: 'Organisation', to: 'Topic', role: 'ADVOCATES' },
    ];

    it.each(CASES)(
      'add$kind: 30 parallel adds of one fact, one tie',
      async ({ kind, from, to, role }) => {
        const a = await create(app, from, { name: 'From End' });
        const b = await create(app, to, { name: 'To End' });
        const input = { from: a.id, to: b.id, since: '2019-03', ...(role ? { role } : {}) };
        const results = await parallel(WRITERS, (i) =>
          app.gql(`mutation($input: ${kind}Input!) { add${kind}(input: $input) { id } }`, {
            input: { ...input, note: `writer ${i}` },
          }),
        );
        const won = expectOneWinner(
          results,
          /tie already exists with the same role and start\. Update it instead/,
        );
        const ties = await app.cypher(
          'MATCH (:Entity {id: $a})-[r]->(:Entity {id: $b}) RETURN r.id AS key',
          { a: keyOf(a.id), b: keyOf(b.id) },
        );
        expect(ties).toEqual([{ key: keyOf(Object.values(won.body.data!)[0].id as string) }]);
        expect(
          await count(app, 'MATCH (c:Change {action: "TIE_ADDED"}) RETURN count(c) AS n'),
        ).toBe(1);
      },
    );

    it('updateEngagement making ties identical, in parallel with adds of that fact: one holds it', async () => {
      const [org, f] = [await organisation(app, 'Updater'), await forum(app, 'Target Forum')];
      const ties: TieCreated[] = [];
      for (let i = 0; i < 15; i += 1)
        ties.push(await engages(app, org, f, 'OBSERVER', { since: String(2001 + i) }));
      const results = await parallel(WRITERS, (i) =>
        i < 15
          ? app.gql(
              'mutation($id: ID!) { updateEngagement(id: $id, input: {role: MEMBER, since: "2000"}) { id } }',
              { id: ties[i].id },
            )
          : app.gql('mutation($input: EngagementInput!) { addEngagement(input: $input) { id } }', {
              input: { from: org.id, to: f.id, role: 'MEMBER', since: '2000' },
            }),
      );
      expectOneWinner(
        results,
        /(already exists with the same role and start|already has this role and start)/,
      );
      expect(
        await count(
          app,
          "MATCH (:Organisation)-[r:ENGAGES_IN {role: 'MEMBER', since: '2000'}]->(:Forum) RETURN count(r) AS n",
        ),
      ).toBe(1);
      // The losing updates changed nothing: 14 or 15 observers are left, each at version 1.
      const [row] = await app.cypher(
        "MATCH ()-[r:ENGAGES_IN {role: 'OBSERVER'}]->() RETURN count(r) AS n, max(r.version) AS v",
      );
      expect(Number(row.n)).toBeGreaterThanOrEqual(14);
      expect(Number(row.v)).toBe(1);
    });

    it('30 parallel updates of different ties to one fact: one wins', async () => {
      const [p, o] = [await person(app, 'Staffer'), await organisation(app, 'Employer')];
      const affiliations: string[] = [];
      for (let i = 0; i < WRITERS; i += 1) {
        const r = await app.gql(
          'mutation($input: AffiliationInput!) { addAffiliation(input: $input) { id } }',
          { input: { from: p.id, to: o.id, role: 'STAFF', since: String(1970 + i) } },
        );
        affiliations.push(r.body.data!.addAffiliation.id);
      }
      const results = await parallel(WRITERS, (i) =>
        app.gql(
          'mutation($id: ID!) { updateAffiliation(id: $id, input: {since: "1969"}) { id } }',
          { id: affiliations[i] },
        ),
      );
      expectOneWinner(results, /already has this role and start/);
      expect(
        await count(app, "MATCH ()-[r:AFFILIATED_WITH {since: '1969'}]->() RETURN count(r) AS n"),
      ).toBe(1);
      expect(
        await count(app, "MATCH (c:Change {action: 'TIE_UPDATED'}) RETURN count(c) AS n"),
      ).toBe(1);
    });

    it('an import row of the fact, in parallel with API adds of it: one tie', async () => {
      const org = await organisation(app, 'Importer Org', { slug: 'importer-org' });
      const f = await forum(app, 'Importer Forum', { slug: 'importer-forum' });
      const results = await parallel(WRITERS, (i) =>
        i === 0
          ? app.gql(IMPORT, {
              input: {
                files: [
                  {
                    name: 'engagements.csv',
                    content:
                      'from,to,role,since\norganisation:importer-org,importer-forum,MEMBER,2021',
                  },
                ],
              },
            })
          : app.gql('mutation($input: EngagementInput!) { addEngagement(input: $input) { id } }', {
              input: { from: org.id, to: f.id, role: 'MEMBER', since: '2021' },
            }),
      );
      const [imported, ...api] = results;
      expect(imported.body.errors).toBeUndefined();
      const report = imported.body.data!.importRecords;
      expect(report.failed).toBe(0);
      expect(api.filter((r) => !r.body.errors).length + report.created).toBe(1);
      for (const r of api.filter((x) => x.body.errors))
        expect(r.body.errors![0].extensions!.code).toBe('CONFLICT');
      expect(
        await count(app, 'MATCH (:Organisation)-[r:ENGAGES_IN]->(:Forum) RETURN count(r) AS n'),
      ).toBe(1);
    });

    it('a merge in parallel with adds from the entity it removes: no tie is left on a removed entity, and no request fails inside', async () => {
      const [keep, remove, f] = [
        await organisation(app, 'Kept Org'),
        await organisation(app, 'Removed Org'),
        await forum(app, 'Merge Forum'),
      ];
      const results = await parallel(WRITERS, (i) =>
        i === 0
          ? app.gql(
              'mutation($k: ID!, $r: ID!) { mergeOrganisations(keep: $k, remove: $r) { id } }',
              { k: keep.id, r: remove.id },
            )
          : app.gql('mutation($input: EngagementInput!) { addEngagement(input: $input) { id } }', {
              input: { from: remove.id, to: f.id, role: 'MEMBER', since: '2022' },
            }),
      );
      expect(results[0].body.errors).toBeUndefined();
      const api = results.slice(1);
      // Before the merge one add wins (the merge moves its tie); after it the removed id is not there to write to.
      expect(api.filter((r) => !r.body.errors).length).toBeLessThanOrEqual(1);
      for (const r of api.filter((x) => x.body.errors))
        expect(['CONFLICT', 'NOT_FOUND']).toContain(r.body.errors![0].extensions!.code);
      expect(
        await count(app, 'MATCH (n:Organisation {id: $key}) RETURN count(n) AS n', {
          key: keyOf(remove.id),
        }),
      ).toBe(0);
      expect(
        await count(app, 'MATCH ()-[r:ENGAGES_IN]->() RETURN count(r) AS n'),
      ).toBeLessThanOrEqual(1);
      expect(
        await count(
          app,
          'MATCH (:Organisation {id: $key})-[r:ENGAGES_IN]->() RETURN count(r) AS n',
          { key: keyOf(keep.id) },
        ),
      ).toBe(await count(app, 'MATCH ()-[r:ENGAGES_IN]->() RETURN count(r) AS n'));
    });

    it('events and fora as ends: 30 parallel adds of one participation by an organisation', async () => {
      const [o, e] = [await organisation(app, 'Host Org'), await event(app, 'Summit')];
      const results = await parallel(WRITERS, () =>
        app.gql(
          'mutation($input: ParticipationInput!) { addParticipation(input: $input) { id } }',
          { input: { from: o.id, to: e.id, role: 'HOST' } },
        ),
      );
      expectOneWinner(results, /already exists/);
      expect(await count(app, 'MATCH ()-[r:PARTICIPATES_IN]->() RETURN count(r) AS n')).toBe(1);
    });
  });
});
