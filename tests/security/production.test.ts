/**
 * NODE_ENV=production: introspection off unless INTROSPECTION=true, no "Did you mean"
 * suggestions that would spell out the schema, and an unexpected error (here a broken
 * Cypher query) reaches the client as a generic message and a request id, with no
 * stack and no Cypher, while the log line holds the whole error under the same id.
 */
import { QueryBook } from '../../src/graph/queries';
import { startTestApp, TestApp } from '../helpers/app';
import { codeOf } from '../helpers/fixtures';

const MARKER = 'secret_cypher_marker';

/** The real query book, with the count behind `organisations { totalCount }` broken. */
function brokenCountBook(): QueryBook {
  const book = QueryBook.load();
  const get = book.get.bind(book);
  book.get = (name, placeholders) =>
    name === 'entity/count'
      ? `MATCH (n:Organisation) RETRUN count(n) AS ${MARKER}`
      : get(name, placeholders);
  return book;
}

describe('production mode', () => {
  let app: TestApp;
  const logs: string[] = [];
  beforeAll(async () => {
    app = await startTestApp(
      { NODE_ENV: 'production' },
      { queries: brokenCountBook(), logTo: (line) => logs.push(line) },
    );
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses introspection', async () => {
    for (const q of [
      '{ __schema { types { name } } }',
      '{ __type(name: "Organisation") { fields { name } } }',
      'query __schema { __schema { queryType { name } } }',
    ]) {
      const res = await app.gql(q);
      expect(res.status).toBe(400);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.body.data).toBeUndefined();
    }
    // __typename is not introspection of the schema and stays allowed.
    expect((await app.gql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('gives no field, argument, type or enum suggestions', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['{ organisations { nodez { name } } }', {}, 'nodes'],
      ['{ organisations(frist: 3) { totalCount } }', {}, 'first'],
      ['{ search(text: "x", types: [Organisaton]) { score } }', {}, 'Organisation'],
      [
        'query($w: EntityWhereInpt) { organisations(where: $w) { totalCount } }',
        {},
        'EntityWhereInput',
      ],
      [
        'mutation($i: CreateTopicInput!) { createTopic(input: $i) { id } }',
        { i: { nmae: 'x' } },
        '"name"',
      ],
    ];
    for (const [query, variables, hidden] of cases) {
      const res = await app.gql(query, variables);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      const text = JSON.stringify(res.body.errors);
      expect(text).not.toMatch(/Did you mean/i);
      expect(text).not.toContain(hidden);
    }
  });

  it('masks an unexpected error: a message and the request id, no stack, no Cypher', async () => {
    const res = await app.gql(
      '{ organisations { totalCount } }',
      {},
      { 'x-request-id': 'masking-test-1' },
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors!;
    expect(error.message).toMatch(/^Internal server error\. Quote the request id/);
    expect(error.extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      requestId: 'masking-test-1',
    });
    expect(res.headers.get('x-request-id')).toBe('masking-test-1');
    const text = JSON.stringify(res.body);
    for (const leak of [MARKER, 'RETRUN', 'Neo.', 'stacktrace', 'node_modules', '.js:'])
      expect(text).not.toContain(leak);
    // The operator sees all of it, under the same request id.
    const line = logs
      .map((l) => JSON.parse(l))
      .find(
        (l) =>
          l.requestId === 'masking-test-1' &&
          l.msg === 'unexpected error while resolving a request',
      );
    expect(line).toBeDefined();
    expect(JSON.stringify(line.err)).toContain(MARKER);
  });

  it('keeps known errors as they are (codes and messages meant for the caller)', async () => {
    const res = await app.gql('{ organisation(id: "nope", slug: "nope") { id } }');
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].message).toMatch(/Give exactly one of "id", "slug" or "identifier"/);
    expect(res.body.errors![0].extensions).not.toHaveProperty('http');
  });
});

describe('production mode with INTROSPECTION=true', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ NODE_ENV: 'production', INTROSPECTION: 'true' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers introspection, still without suggestions', async () => {
    const res = await app.gql('{ __schema { queryType { name } } }');
    expect(res.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const typo = await app.gql('{ organisations { nodez { name } } }');
    expect(JSON.stringify(typo.body)).not.toMatch(/Did you mean/);
  });
});

describe('development mode', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ NODE_ENV: 'development' }, { queries: brokenCountBook() });
  });
  afterAll(async () => {
    await app.close();
  });

  it('helps the developer: suggestions and the underlying error', async () => {
    const typo = await app.gql('{ organisations { nodez { name } } }');
    expect(typo.body.errors![0].message).toMatch(/Did you mean "nodes"\?/);
    const broken = await app.gql('{ organisations { totalCount } }');
    expect(broken.body.errors![0].extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(broken.body)).toContain('RETRUN');
  });
});
