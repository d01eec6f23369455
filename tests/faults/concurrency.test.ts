/**
 * Concurrency, over real HTTP against the real Neo4j: 50 parallel creates of one slug
 * leave exactly one entity and 49 CONFLICTs that say what to do; parallel updates with
 * the same expectedVersion let exactly one win (the write lock is taken before the
 * version is read), for entities and for ties alike.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { engages, forum, organisation } from '../helpers/fixtures';

jest.setTimeout(120_000);

describe('concurrent writes', () => {
  let app: TestApp;
  let editor: string;
  beforeAll(async () => {
    app = await startTestApp();
    editor = await app.keyFor('editor');
  });
  afterAll(async () => {
    await app.close();
  });

  it('50 parallel creates of the same slug: one entity, 49 clear conflicts', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.gql(
          'mutation($input: CreateTopicInput!) { createTopic(input: $input) { id slug } }',
          { input: { name: `Task shifting ${i}`, slug: 'task-shifting' } },
          { authorization: editor },
        ),
      ),
    );
    const won = results.filter((r) => !r.body.errors);
    const lost = results.filter((r) => r.body.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) {
      expect(r.status).toBe(200);
      expect(r.body.errors).toHaveLength(1);
      expect(r.body.errors![0].extensions!.code).toBe('CONFLICT');
      expect(r.body.errors![0].message).toMatch(/slug/);
      expect(r.body.errors![0].message).toMatch(/Choose another slug/);
    }
    const [row] = await app.cypher(
      'MATCH (t:Topic {slug: "task-shifting"}) RETURN count(t) AS n, collect(t.id) AS ids',
    );
    expect(Number(row.n)).toBe(1);
    const [history] = await app.cypher(
      'MATCH (c:Change {action: "CREATE"}) WHERE c.targetKey IN $ids RETURN count(c) AS n',
      { ids: row.ids },
    );
    expect(Number(history.n)).toBe(1);
  });

  it('parallel updates of an entity with the same expectedVersion: exactly one wins', async () => {
    const org = await organisation(app, 'Contended Organisation');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.gql(
          'mutation($id: ID!, $d: String) { updateOrganisation(id: $id, expectedVersion: 1, input: {description: $d}) { version description } }',
          { id: org.id, d: `writer ${i}` },
          { authorization: editor },
        ),
      ),
    );
    const won = results.filter((r) => !r.body.errors);
    expect(won).toHaveLength(1);
    expect(won[0].body.data!.updateOrganisation.version).toBe(2);
    for (const r of results.filter((x) => x.body.errors)) {
      expect(r.body.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    }
    const [row] = await app.cypher(
      'MATCH (o:Organisation {id: $key}) RETURN o.version AS version, o.description AS description',
      {
        key: Buffer.from(org.id, 'base64url').toString().split(':')[1],
      },
    );
    expect(Number(row.version)).toBe(2);
    expect(row.description).toBe(won[0].body.data!.updateOrganisation.description);
  });

  it('parallel updates of a tie with the same expectedVersion: exactly one wins', async () => {
    const [org, f] = [
      await organisation(app, 'Contended Member'),
      await forum(app, 'Contended Forum'),
    ];
    const e = await engages(app, org, f, 'MEMBER');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.gql(
          'mutation($id: ID!, $n: String) { updateEngagement(id: $id, expectedVersion: 1, input: {note: $n}) { version note } }',
          { id: e.id, n: `note ${i}` },
          { authorization: editor },
        ),
      ),
    );
    const won = results.filter((r) => !r.body.errors);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.body.errors))
      expect(r.body.errors![0].extensions!.code).toBe('CONFLICT');
    const [row] = await app.cypher(
      'MATCH ()-[t:ENGAGES_IN {id: $key}]->() RETURN t.version AS version, t.note AS note',
      {
        key: Buffer.from(e.id, 'base64url').toString().split(':')[1],
      },
    );
    expect(Number(row.version)).toBe(2);
    expect(row.note).toBe(won[0].body.data!.updateEngagement.note);
  });
});
