/**
 * The rate limit on expensive operations: each API key has its own bucket and callers
 * without a key share one per address; a full bucket answers HTTP 429 with
 * SERVICE_UNAVAILABLE, Retry-After and extensions.retryAfter; aliases and fragments
 * cannot hide an expensive field; cheap operations are never limited; exports too.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { codeOf, organisation } from '../helpers/fixtures';

describe('rate limit on expensive operations', () => {
  let app: TestApp;
  let orgId: string;
  const anon = { authorization: '' };
  beforeAll(async () => {
    app = await startTestApp({
      RATE_LIMIT_PER_KEY: '3',
      RATE_LIMIT_PER_ADDRESS: '2',
      RATE_LIMIT_WINDOW_S: '600',
    });
    orgId = (await organisation(app, 'Rate Limited Network')).id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('gives callers without a key a bucket per address, and answers 429 with a retry time when it is empty', async () => {
    for (let i = 0; i < 2; i += 1)
      expect(
        (await app.gql('{ search(text: "network") { score } }', {}, anon)).body.errors,
      ).toBeUndefined();
    const limited = await app.gql('{ search(text: "network") { score } }', {}, anon);
    expect(limited.status).toBe(429);
    expect(codeOf(limited)).toBe('SERVICE_UNAVAILABLE');
    const error = limited.body.errors![0];
    expect(error.message).toMatch(
      /Too many expensive queries .* at most 2 every 600s\. Retry in \d+s/,
    );
    expect(error.extensions!.retryAfter).toBeGreaterThan(0);
    expect(error.extensions).not.toHaveProperty('http');
    expect(Number(limited.headers.get('retry-after'))).toBe(error.extensions!.retryAfter);
    // Cheap operations are not limited.
    const cheap = await app.gql('{ organisations { totalCount } }', {}, anon);
    expect(cheap.status).toBe(200);
    expect(cheap.body.errors).toBeUndefined();
  });

  it('gives each API key a bucket of its own, whatever the address', async () => {
    const viewer = await app.keyFor('viewer');
    const q = 'query($id: ID!) { neighbourhood(id: $id) { truncated } }';
    for (let i = 0; i < 3; i += 1)
      expect(
        (await app.gql(q, { id: orgId }, { authorization: viewer })).body.errors,
      ).toBeUndefined();
    // However the header is spelt, it is the same key.
    const again = await app.gql(
      q,
      { id: orgId },
      { authorization: viewer.replace('Bearer ', 'bearer   ') },
    );
    expect(again.status).toBe(429);
    expect(again.body.errors![0].message).toMatch(/from this API key: at most 3/);
    const other = await app.keyFor('viewer');
    expect((await app.gql(q, { id: orgId }, { authorization: other })).body.errors).toBeUndefined();
  });

  it('counts every expensive field: aliases and fragments cannot hide one', async () => {
    const key = await app.keyFor('viewer');
    const twice = await app.gql(
      'query($id: ID!) { a: allies(of: $id) { score } b: allies(of: $id) { score } }',
      { id: orgId },
      { authorization: key },
    );
    expect(twice.body.errors).toBeUndefined();
    // 2 used of 3: two more, inside a fragment and an inline fragment, are one too many.
    const hidden = await app.gql(
      'query($id: ID!) { ...F } fragment F on Query { a: brokers(network: $id) { degree } ... on Query { b: brokers(network: $id) { degree } } }',
      { id: orgId },
      { authorization: key },
    );
    expect(hidden.status).toBe(429);
  });

  it('limits exports per key with 429, Retry-After and a JSON error', async () => {
    const key = await app.keyFor('viewer');
    const url = app.url.replace(/\/graphql$/, '/export/nodes.csv');
    for (let i = 0; i < 3; i += 1)
      expect((await fetch(url, { headers: { authorization: key } })).status).toBe(200);
    const limited = await fetch(url, { headers: { authorization: key } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await expect(limited.json()).resolves.toMatchObject({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringMatching(/Too many exports/),
        retryAfter: expect.any(Number),
      },
    });
  });
});

describe('rate limit switched off', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('lets every request through with 0', async () => {
    for (let i = 0; i < 5; i += 1)
      expect(
        (await app.gql('{ search(text: "x") { score } }', {}, { authorization: '' })).status,
      ).toBe(200);
  });
});
