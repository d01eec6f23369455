import { useTestApp } from '../helpers/app';

describe('HTTP surface', () => {
  const app = useTestApp();

  it('GET /health answers while the process is alive', async () => {
    const res = await fetch(app.url.replace('/graphql', '/health'));
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual({ status: 'ok' });
  });

  it('GET /ready is 200 when Neo4j answers and migrations are applied', async () => {
    const res = await fetch(app.url.replace('/graphql', '/ready'));
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toMatchObject({
      status: 'ready',
      database: 'up',
      migrations: 'applied',
    });
  });

  it('answers { __typename } and echoes a caller-given request id', async () => {
    const res = await app.gql(
      '{ __typename serviceInfo { name } }',
      {},
      { 'x-request-id': 'abc-123' },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      __typename: 'Query',
      serviceInfo: { name: 'stakeholder-graph' },
    });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });

  it('rejects a malformed query with BAD_USER_INPUT', async () => {
    const res = await app.gql('{ nope }');
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
