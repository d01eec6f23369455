import { codeOf } from '../helpers/fixtures';
import { useTestApp } from '../helpers/app';
import { CSV_SET, fixture } from './fixtures/files';

const IMPORT = `mutation($input: ImportInput!, $dryRun: Boolean) {
  importRecords(input: $input, dryRun: $dryRun) {
    importId dryRun rows created updated unchanged failed
    counts { kind created updated unchanged failed }
    batches { file status created reason }
    errors { file row column reason }
    outcomes { file row action kind id label }
  }
}`;

/** importRecords: small batches through GraphQL, with the request id and the caller in history. */
describe('the importRecords mutation', () => {
  const app = useTestApp();

  it('imports a small batch, records it under the request id, and a dry run of the same writes nothing', async () => {
    const files = CSV_SET.map(fixture);
    const dry = await app.gql(IMPORT, { input: { files }, dryRun: true });
    expect(dry.body.errors).toBeUndefined();
    expect(dry.body.data!.importRecords).toMatchObject({
      dryRun: true,
      rows: 11,
      created: 11,
      failed: 0,
    });
    const [row] = await app.cypher('MATCH (n:Entity) RETURN count(n) AS n');
    expect(Number(row.n)).toBe(0);

    const res = await app.gql(IMPORT, { input: { files } }, { 'x-request-id': 'import-request-1' });
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data!.importRecords;
    expect(report).toMatchObject({ dryRun: false, created: 11, updated: 0, failed: 0 });
    const created = report.outcomes.find((o: { kind: string }) => o.kind === 'Forum');
    expect(created).toMatchObject({
      file: 'fora.csv',
      row: 2,
      action: 'CREATE',
      label: 'hw4all-test',
    });
    const forum = await app.gql(
      'query($id: ID!) { node(id: $id) { ... on Forum { slug kind level } } }',
      { id: created.id },
    );
    expect(forum.body.data!.node).toEqual({
      slug: 'hw4all-test',
      kind: 'COALITION',
      level: 'GLOBAL',
    });
    // The same caller as any other mutation of this request's caller records.
    const topic = await app.gql('mutation { createTopic(input: {name: "Actor check"}) { id } }');
    const [{ actor }] = await app.cypher(
      "MATCH (t:Topic {slug: 'actor-check'}) MATCH (c:Change {targetKey: t.id}) RETURN c.actor AS actor",
    );
    expect(topic.body.errors).toBeUndefined();
    const changes = await app.cypher(
      'MATCH (c:Change {importId: $id}) RETURN DISTINCT c.requestId AS requestId, c.actor AS actor',
      { id: report.importId },
    );
    expect(changes).toEqual([{ requestId: 'import-request-1', actor }]);

    const again = await app.gql(IMPORT, { input: { files } });
    expect(again.body.data!.importRecords).toMatchObject({ created: 0, updated: 0, unchanged: 11 });
  });

  it('reports row problems in the result, not as a GraphQL error', async () => {
    const res = await app.gql(IMPORT, {
      input: { files: [{ name: 'topics.csv', content: 'slug,name\nBad Slug,A topic' }] },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.importRecords).toMatchObject({
      created: 0,
      failed: 1,
      batches: [{ file: 'topics.csv', status: 'FAILED' }],
      errors: [
        { file: 'topics.csv', row: 2, column: 'slug', reason: expect.stringMatching(/not a slug/) },
      ],
    });
  });

  it('refuses more than 500 rows with BAD_USER_INPUT, saying how to import them instead', async () => {
    const rows = Array.from({ length: 501 }, (_, i) => `topic-${i},Topic ${i}`);
    const res = await app.gql(IMPORT, {
      input: { files: [{ name: 'topics.csv', content: ['slug,name', ...rows].join('\n') }] },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].message).toMatch(
      /501 rows; the API imports at most 500.*npm run import/,
    );
    const [row] = await app.cypher(
      "MATCH (t:Topic) WHERE t.slug STARTS WITH 'topic-' RETURN count(t) AS n",
    );
    expect(Number(row.n)).toBe(0);
  });

  it('needs an editor: anonymous callers get UNAUTHENTICATED and nothing is written', async () => {
    const res = await app.gql(
      IMPORT,
      { input: { files: [fixture('fora.csv')] } },
      { authorization: '' },
    );
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    const viewer = await app.gql(
      IMPORT,
      { input: { files: [fixture('fora.csv')] } },
      { authorization: await app.keyFor('viewer') },
    );
    expect(codeOf(viewer)).toBe('FORBIDDEN');
  });

  it('refuses a file of no known format with BAD_USER_INPUT', async () => {
    const res = await app.gql(IMPORT, {
      input: { files: [{ name: 'x.csv', content: 'a', format: 'XML' }] },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });
});
