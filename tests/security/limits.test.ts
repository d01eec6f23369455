/**
 * Request limits, through the real server: depth, aliases, directives, tokens and cost
 * are refused before anything runs (BAD_USER_INPUT, HTTP 400, naming the limit), cost
 * scales with first/limit and cannot be lowered, the defaults let the README's queries
 * through, every limit is configurable, and an operation or fragment named __schema or
 * __type gets no exemption (the graphql-armor bypasses GHSA-733v-p3h5-qpq7 and
 * GHSA-224p-v68g-5g8f, and armor pull requests 772, 823 and 824).
 */
import { getIntrospectionQuery } from 'graphql';
import { parseConfig } from '../../src/config';
import { startTestApp, TestApp, useTestApp } from '../helpers/app';
import { codeOf } from '../helpers/fixtures';

/** 100 fora × 100 engagements × an actor: 20,201 by the cost rules, over the default 10,000. */
const COSTLY =
  'fora(first: 100) { nodes { engagements(first: 100) { nodes { actor { __typename } } } } }';
/** 11 levels of fields, one over the default depth of 10. */
const DEEP =
  'organisation(slug: "x") { engagements { nodes { forum { engagements { nodes { forum { engagements { nodes { forum { name } } } } } } } } } }';

function expectRefused(
  res: {
    status: number;
    body: { errors?: Array<{ message: string; extensions?: Record<string, any> }>; data?: unknown };
  },
  pattern: RegExp,
) {
  expect(res.status).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(codeOf(res)).toBe('BAD_USER_INPUT');
  expect(res.body.errors!.map((e) => e.message).join('\n')).toMatch(pattern);
}

describe('request limits (defaults)', () => {
  const app = useTestApp();

  it('refuses a query nested deeper than 10 fields, and counts fragments by what they nest', async () => {
    expectRefused(await app.gql(`{ ${DEEP} }`), /depth limit of 10 exceeded, found 11/);
    const viaFragments = await app.gql(`{ organisation(slug: "x") { ...A } }
      fragment A on Organisation { engagements { nodes { forum { ...B } } } }
      fragment B on Forum { engagements { nodes { forum { engagements { nodes { forum { engagements { nodes { role } } } } } } } } }`);
    expectRefused(viaFragments, /depth limit of 10 exceeded/);
    const ten = await app.gql(
      '{ organisation(slug: "x") { engagements { nodes { forum { engagements { nodes { forum { engagements { nodes { role } } } } } } } } } }',
    );
    expect(ten.body.errors).toBeUndefined();
  });

  it('refuses more than 15 aliases and more than 50 directives', async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: serviceInfo { name }`).join(' ')} }`;
    expectRefused(await app.gql(aliases(16)), /Aliases limit of 15 exceeded, found 16/);
    expect((await app.gql(aliases(15))).body.errors).toBeUndefined();
    const directives = Array.from(
      { length: 51 },
      (_, i) => `f${i % 10}: name @include(if: true)`,
    ).join(' ');
    expectRefused(
      await app.gql(`{ serviceInfo { ${directives} } }`),
      /Directives limit of 50 exceeded, found 51/,
    );
  });

  it('stops parsing a document of more than 1000 tokens', async () => {
    const res = await app.gql(`{ ${'__typename '.repeat(1001)}}`);
    expectRefused(res, /more tha[nt] 1000 tokens/);
  });

  it('costs lists by their page size, down every level, and refuses over 10,000', async () => {
    const res = await app.gql(`{ ${COSTLY} }`);
    expectRefused(res, /would cost 20201, more than the limit of 10000/);
    expect(res.body.errors![0].extensions).toMatchObject({ cost: 20201, maxCost: 10000 });
    // The same shape with the default inner page (20) is cheap enough.
    const fine = await app.gql(
      '{ fora(first: 100) { nodes { engagements { nodes { actor { __typename } } } } } }',
    );
    expect(fine.body.errors).toBeUndefined();
    // Page sizes given as variables count the same.
    const viaVariables = await app.gql(
      'query($n: Int) { fora(first: $n) { nodes { engagements(first: $n) { nodes { actor { __typename } } } } } }',
      { n: 100 },
    );
    expectRefused(viaVariables, /would cost 20201/);
    // neighbourhood is costed by its node limit.
    const graph = await app.gql(
      'query($id: ID!) { a: neighbourhood(id: $id, limit: 2000) { nodes { id } edges { id } } b: neighbourhood(id: $id, limit: 2000) { nodes { id } edges { id } } c: neighbourhood(id: $id, limit: 2000) { nodes { id } } }',
      { id: 'x' },
    );
    expectRefused(graph, /would cost/);
  });

  it('refuses fragments that multiply out to more than 10,000 selections', async () => {
    const levels = Array.from(
      { length: 16 },
      (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const res = await app.gql(
      `{ ...F0 }\n${levels}\nfragment F16 on Query { serviceInfo { name } }`,
    );
    // 1 + 2 + 4 + … + 2^16 spreads and 2^16 × 2 fields; each fragment is measured once (tests/security/attack.test.ts shows the server stays responsive).
    expectRefused(res, /fragments expand to 262143 selections, more than the limit of 10000/);
  });

  it('lets no field lower the total: a negative page size costs nothing, not less than nothing', async () => {
    const res = await app.gql(
      `{ a: ${COSTLY} b: fora(first: -1000000) { nodes { engagements(first: 100) { nodes { actor { __typename } } } } } }`,
    );
    // a costs 20,201; b costs its base of 1 and not -1,000,000 × 202.
    expectRefused(res, /would cost 20202/);
  });

  it("lets the README's visualisation query through (about 5,150)", async () => {
    const res =
      await app.gql(`{ organisation(slug: "mmi") { id name engagements(first: 50) { totalCount nodes { role since until
      forum { id name kind engagements(first: 50) { totalCount nodes { role actor { __typename ... on Organisation { id name } ... on Person { id name } } } } } } } } }`);
    expect(res.body.errors).toBeUndefined();
  });

  describe('operations and fragments named __schema or __type get no exemption', () => {
    it('costs an operation named __schema like any other', async () => {
      expectRefused(await app.gql(`query __schema { ${COSTLY} }`), /would cost 20201/);
      expectRefused(await app.gql(`query __type { ${COSTLY} }`), /would cost 20201/);
    });

    it('measures the depth of an operation named __schema or __type', async () => {
      expectRefused(await app.gql(`query __schema { ${DEEP} }`), /depth limit of 10 exceeded/);
      expectRefused(await app.gql(`query __type { ${DEEP} }`), /depth limit of 10 exceeded/);
    });

    it('costs and measures a fragment named __schema', async () => {
      expectRefused(
        await app.gql(`query { ...__schema } fragment __schema on Query { ${COSTLY} }`),
        /would cost 20201/,
      );
      const deep =
        await app.gql(`query { organisation(slug: "x") { engagements { nodes { forum { engagements { nodes { forum { engagements { nodes { forum { ...__schema } } } } } } } } } } }
        fragment __schema on Forum { engagements { nodes { role } } }`);
      expectRefused(deep, /depth limit of 10 exceeded/);
    });

    it('does not reuse the depth of a fragment measured where it was shallow', async () => {
      const res = await app.gql(`query {
        a: organisation(slug: "x") { ...Deep }
        b: organisation(slug: "x") { engagements { nodes { forum { engagements { nodes { actor { ... on Organisation { ...Deep } } } } } } } }
      }
      fragment Deep on Organisation { engagements { nodes { forum { engagements { nodes { role } } } } } }`);
      expectRefused(res, /depth limit of 10 exceeded/);
    });

    it('still answers real introspection (on outside production), bounded by graphql-js', async () => {
      const full = await app.gql(getIntrospectionQuery());
      expect(full.status).toBe(200);
      expect(full.body.data!.__schema.queryType).toEqual({ name: 'Query', kind: 'OBJECT' });
      const cyclic = await app.gql(
        '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }',
      );
      expectRefused(cyclic, /Maximum introspection depth exceeded/);
    });
  });

  it('refuses a body over 1mb with 413 and a JSON error, not an HTML page', async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ __typename }',
        variables: { pad: 'x'.repeat(1024 * 1024) },
      }),
    });
    expect(res.status).toBe(413);
    await expect(res.json()).resolves.toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const broken = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(broken.status).toBe(400);
    const text = await broken.text();
    expect(JSON.parse(text)).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(text).not.toMatch(/node_modules|at .*\.js/);
  });

  it('refuses batched requests (one operation per HTTP request)', async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batching/i);
  });

  it('refuses requests a browser could send cross-site (CSRF prevention)', async () => {
    const get = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/Cross-Site Request Forgery/);
    const plain = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(plain.status).toBe(400);
    expect(await plain.text()).toMatch(/Cross-Site Request Forgery/);
    const form = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=%7B__typename%7D',
    });
    expect(form.status).toBe(400);
    // A non-simple header that a cross-site form cannot set is enough, also for GET.
    const preflighted = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
    await expect(preflighted.json()).resolves.toEqual({ data: { __typename: 'Query' } });
  });
});

describe('limits configuration', () => {
  it('has documented defaults, introspection off in production unless asked for, and reports bad values', () => {
    const dev = parseConfig({});
    expect(dev.limits).toEqual({
      maxDepth: 10,
      maxAliases: 15,
      maxDirectives: 50,
      maxTokens: 1000,
      maxCost: 10000,
      bodyLimit: '1mb',
    });
    expect(dev.rateLimit).toEqual({ windowSeconds: 60, perKey: 120, perAddress: 60 });
    expect(dev.introspection).toBe(true);
    expect(parseConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(parseConfig({ NODE_ENV: 'production', INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(parseConfig({ INTROSPECTION: 'no' }).introspection).toBe(false);
    expect(() =>
      parseConfig({
        GRAPHQL_MAX_DEPTH: '0',
        GRAPHQL_MAX_COST: 'lots',
        REQUEST_BODY_LIMIT: 'huge',
        RATE_LIMIT_PER_KEY: '-1',
        INTROSPECTION: 'maybe',
      }),
    ).toThrow(
      /GRAPHQL_MAX_DEPTH[\s\S]*GRAPHQL_MAX_COST[\s\S]*REQUEST_BODY_LIMIT must be a size[\s\S]*RATE_LIMIT_PER_KEY/,
    );
  });
});

describe('request limits (configured)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      GRAPHQL_MAX_DEPTH: '3',
      GRAPHQL_MAX_ALIASES: '2',
      GRAPHQL_MAX_DIRECTIVES: '1',
      GRAPHQL_MAX_TOKENS: '60',
      GRAPHQL_MAX_COST: '50',
      REQUEST_BODY_LIMIT: '2kb',
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it('applies the limits from the environment', async () => {
    expectRefused(
      await app.gql('{ organisation(slug: "x") { engagements { nodes { role } } } }'),
      /depth limit of 3 exceeded, found 4/,
    );
    expectRefused(
      await app.gql(
        '{ a: __typename b: serviceInfo { name } c: serviceInfo { name } d: serviceInfo { name } }',
      ),
      /Aliases limit of 2 exceeded/,
    );
    expectRefused(
      await app.gql('{ serviceInfo { name @include(if: true) version @skip(if: false) } }'),
      /Directives limit of 1 exceeded/,
    );
    expectRefused(await app.gql(`{ ${'__typename '.repeat(61)}}`), /more tha[nt] 60 tokens/);
    expectRefused(
      await app.gql('{ organisations(first: 51) { nodes { name } } }'),
      /would cost 52, more than the limit of 50/,
    );
    expect(
      (await app.gql('{ organisations(first: 49) { nodes { name } } }')).body.errors,
    ).toBeUndefined();
    const big = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(3000) } }),
    });
    expect(big.status).toBe(413);
    await expect(big.json()).resolves.toMatchObject({
      errors: [{ message: expect.stringMatching(/larger than 2kb/) }],
    });
  });
});
