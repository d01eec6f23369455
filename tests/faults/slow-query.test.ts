/**
 * Every transaction has a timeout in Neo4j (NEO4J_TX_TIMEOUT_MS): a query that runs too
 * long is stopped by the database itself, the client gets SERVICE_UNAVAILABLE at once,
 * and nothing keeps running in Neo4j afterwards.
 */
import { QueryBook } from '../../src/graph/queries';
import { startTestApp, TestApp } from '../helpers/app';
import { codeOf } from '../helpers/fixtures';

const MARKER = 'slow_query_marker';

describe('a slow query', () => {
  let app: TestApp;
  beforeAll(async () => {
    const book = QueryBook.load();
    const get = book.get.bind(book);
    // Minutes of work if nothing stopped it.
    book.get = (name, placeholders) =>
      name === 'entity/count'
        ? `UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS ${MARKER}`
        : get(name, placeholders);
    app = await startTestApp({}, { queries: book, connection: { txTimeoutMs: 1000 } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('is stopped by the transaction timeout and answers SERVICE_UNAVAILABLE', async () => {
    const started = Date.now();
    const res = await app.gql('{ organisations { totalCount } }');
    const elapsed = Date.now() - started;
    expect(codeOf(res)).toBe('SERVICE_UNAVAILABLE');
    expect(res.body.errors![0].message).toMatch(/took too long and was stopped/);
    expect(elapsed).toBeLessThan(10_000);
    const running = await app.cypher(
      'SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $marker RETURN count(*) AS n',
      { marker: MARKER },
    );
    expect(Number(running[0].n)).toBe(0);
    // Other requests are unaffected.
    expect((await app.gql('{ organisation(slug: "nobody") { id } }')).body).toEqual({
      data: { organisation: null },
    });
  });
});
