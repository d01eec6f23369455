/**
 * The attack suite, in production mode: the probes of issue #12's attack run and graphql-cop's
 * list. Each probe asserts the refusal (HTTP status and extensions.code) AND that the server
 * stays responsive: the attack is sent ROUNDS times in a row while one /health request is sent
 * at its start, and /health must answer before the attack's last answer arrives (ordering,
 * never a duration). A document analysis that blocked the event loop would hold /health behind
 * the first round.
 *
 * Rate limits are off here (tests/security/rate-limit.test.ts has them), so that repeating a
 * probe measures the probe.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { organisation, person, tie } from '../helpers/fixtures';

const ROUNDS = 10;

interface Answer {
  status: number;
  text: string;
  /** The parsed body, if it is JSON. */
  json?: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

async function answerOf(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: Answer['json'];
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

describe('attack suite (production mode)', () => {
  let app: TestApp;
  let health: string;
  let base: string;
  const logs: string[] = [];
  const anon = { authorization: '' };

  beforeAll(async () => {
    app = await startTestApp(
      { NODE_ENV: 'production', RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' },
      { logTo: (line) => logs.push(line) },
    );
    base = app.url.replace(/\/graphql$/, '');
    health = `${base}/health`;
  });
  afterAll(async () => {
    await app.close();
  });

  /** POSTs a GraphQL request (admin unless headers say otherwise) and reads the answer whatever its type. */
  const post = async (body: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const { authorization = app.adminAuth, ...rest } = headers;
    const res = await fetch(app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization ? { authorization } : {}),
        ...rest,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return answerOf(res);
  };
  const gql = (
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => post({ query, variables }, headers);

  /**
   * Sends the attack ROUNDS times, one after another, and /health once at the start; returns
   * the attack's answers after checking that /health answered 200 before the last of them.
   */
  async function underAttack(attack: () => Promise<Answer>): Promise<Answer[]> {
    const order: string[] = [];
    const attacking = (async () => {
      const answers: Answer[] = [];
      for (let i = 0; i < ROUNDS; i += 1) answers.push(await attack());
      order.push('attack');
      return answers;
    })();
    const healthy = fetch(health).then((res) => {
      order.push('health');
      return res.status;
    });
    const [answers, status] = await Promise.all([attacking, healthy]);
    expect(status).toBe(200);
    expect(order).toEqual(['health', 'attack']);
    return answers;
  }

  /** Every answer has this status and first error code, and nothing that looks like internals. */
  function expectRefused(
    answers: Answer[],
    status: number,
    code: string,
    message?: RegExp,
  ): Answer {
    for (const a of answers) {
      expect(a.status).toBe(status);
      expect(a.json?.errors?.[0]?.extensions?.code).toBe(code);
      expect(a.json?.data ?? undefined).toBeUndefined();
      if (message) expect(a.json!.errors!.map((e) => e.message).join('\n')).toMatch(message);
      expectNoLeak(a.text);
    }
    return answers[0];
  }

  function expectNoLeak(text: string) {
    for (const leak of [
      'stacktrace',
      'node_modules',
      '.js:',
      '.ts:',
      'Neo.',
      'MATCH ',
      'Did you mean',
      '<html',
      '<!DOCTYPE',
    ])
      expect(text).not.toContain(leak);
  }

  const unexpectedLogLines = () =>
    logs
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'unexpected error while resolving a request');

  describe('the findings of issue #12', () => {
    it('1. fragments that spread the next one twice are measured once each: refused at once, /health not held up', async () => {
      for (const levels of [26, 40]) {
        const fragments = Array.from(
          { length: levels },
          (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
        ).join(' ');
        const doc = `{ ...F0 } ${fragments} fragment F${levels} on Query { __typename }`;
        expect(doc.length).toBeLessThan(2000);
        const first = expectRefused(
          await underAttack(() => gql(doc, {}, anon)),
          400,
          'BAD_USER_INPUT',
          /fragments expand to \d+ selections, more than the limit of 10000/,
        );
        expect(first.json!.errors![0].extensions).toMatchObject({ maxSelections: 10000 });
      }
      // The same bomb around expensive fields cannot drain (or dodge) the rate limit either: it is refused first by its size.
      const expensive = `query($id: ID!) { ...E0 } ${Array.from({ length: 30 }, (_, i) => `fragment E${i} on Query { ...E${i + 1} ...E${i + 1} }`).join(' ')} fragment E30 on Query { allies(of: $id) { score } }`;
      expectRefused(
        await underAttack(() => gql(expensive, { id: 'x' }, anon)),
        400,
        'BAD_USER_INPUT',
        /fragments expand to/,
      );
    });

    it('2. first: null and limit: null are priced as the default page they are served with', async () => {
      const nested = (first: string) =>
        `{ fora(first: 100) { nodes { engagements(${first}) { nodes { forum { engagements(${first}) { nodes { id } } } } } } } }`;
      // Without first, the documented refusal; with first: null, the same (it used to be served).
      expectRefused(
        await underAttack(() => gql(nested('first: 20'), {}, anon)),
        400,
        'BAD_USER_INPUT',
        /would cost 46201/,
      );
      expectRefused(
        await underAttack(() => gql(nested('first: null'), {}, anon)),
        400,
        'BAD_USER_INPUT',
        /would cost 46201/,
      );
      expectRefused(
        await underAttack(() =>
          gql(
            'query($n: Int) { fora(first: 100) { nodes { engagements(first: $n) { nodes { forum { engagements(first: $n) { nodes { id } } } } } } } }',
            { n: null },
            anon,
          ),
        ),
        400,
        'BAD_USER_INPUT',
        /would cost 46201/,
      );
      // neighbourhood(limit: null) is 200 nodes, as served: 10 + 200 × 2 = 410, on top of 9,899 (it used to count 12).
      const graph = (limit: string) =>
        `query($id: ID!) { fora(first: 98) { nodes { engagements(first: 99) { nodes { id } } } } neighbourhood(id: $id, ${limit}) { nodes { id } edges { id } } }`;
      expectRefused(
        await underAttack(() => gql(graph('limit: null'), { id: 'x' }, anon)),
        400,
        'BAD_USER_INPUT',
        /would cost 10309/,
      );
      expectRefused(
        await underAttack(() => gql(graph('limit: 200'), { id: 'x' }, anon)),
        400,
        'BAD_USER_INPUT',
        /would cost 10309/,
      );
    });

    it('4d. variables nested thousands deep are BAD_USER_INPUT, not a stack overflow', async () => {
      const before = unexpectedLogLines().length;
      // Written out as text: JSON.stringify of such a value would itself overflow the stack here.
      const lists = `${'['.repeat(5000)}"x"${']'.repeat(5000)}`;
      const objects = `${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}`;
      for (const deep of [lists, objects]) {
        const answers = await underAttack(() =>
          post(`{"query":"{ __typename }","variables":{"x":${deep}}}`),
        );
        expectRefused(
          answers,
          400,
          'BAD_USER_INPUT',
          /^\$x(\[0\]|\.a){32} nests deeper than 32 levels/,
        );
      }
      // A lone surrogate beneath the limit is still named where it is.
      expectRefused(
        [await gql('{ __typename }', { x: [[{ b: ['ok', '\ud800'] }]] })],
        400,
        'BAD_USER_INPUT',
        /\$x\[0\]\[0\]\.b\[1\] holds a lone surrogate/,
      );
      expect((await gql('{ __typename }', { x: [[[['fine']]]] })).json?.errors).toBeUndefined();
      expect(unexpectedLogLines().length).toBe(before);
    });

    it('4a. a lone surrogate in any string input is BAD_USER_INPUT naming the field, not an internal error, and writes nothing', async () => {
      const before = unexpectedLogLines().length;
      const create = 'mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }';
      const answers = await underAttack(() =>
        gql(create, { input: { name: 'x', contact: { email: '\ud800' } } }),
      );
      const first = expectRefused(
        answers,
        400,
        'BAD_USER_INPUT',
        /\$input\.contact\.email holds a lone surrogate/,
      );
      expect(first.json!.errors![0].extensions!.fields).toEqual([
        { field: 'input.contact.email', problem: 'not well-formed Unicode' },
      ]);
      // Not only e-mail addresses: any string anywhere, in lists too, high or low half.
      expectRefused(
        [await gql(create, { input: { name: 'ok\udc00' } })],
        400,
        'BAD_USER_INPUT',
        /\$input\.name holds a lone surrogate/,
      );
      expectRefused(
        [
          await gql(
            'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
            { input: { name: 'Org', aliases: ['fine', 'bad\ud83d'] } },
          ),
        ],
        400,
        'BAD_USER_INPUT',
        /\$input\.aliases\[1\]/,
      );
      // Written in the document, the lexer refuses it the same way.
      expectRefused(
        [
          await gql(
            'mutation { createPerson(input: {name: "x", contact: {email: "\\ud800"}}) { id } }',
          ),
        ],
        400,
        'BAD_USER_INPUT',
      );
      // A whole surrogate pair is text and is stored.
      const ok = await gql(create, { input: { name: 'Pair 😀 person' } });
      expect(ok.json?.errors).toBeUndefined();
      expect(await app.cypher('MATCH (p:Person) RETURN p.name AS name')).toEqual([
        { name: 'Pair 😀 person' },
      ]);
      expect(unexpectedLogLines().length).toBe(before);
    });

    it('4b. anonymous neighbourhood or connections through AFFILIATED_WITH: the type is left out (the centre alone, no path), not an internal error', async () => {
      const org = await organisation(app, 'Affiliation Probe Org');
      const who = await person(app, 'Affiliation Probe Person');
      await tie(app, 'Affiliation', { from: who.id, to: org.id, role: 'STAFF' });
      const before = unexpectedLogLines().length;
      const hoodQuery =
        'query($id: ID!) { neighbourhood(id: $id, relationTypes: [AFFILIATED_WITH]) { nodes { id } edges { id } truncated } }';
      const hood = await underAttack(() => gql(hoodQuery, { id: org.id }, anon));
      for (const a of hood)
        expect(a.json).toEqual({
          data: { neighbourhood: { nodes: [{ id: org.id }], edges: [], truncated: false } },
        });
      const paths =
        'query($a: ID!, $b: ID!, $via: [RelationType!]) { connections(from: $a, to: $b, via: $via) { length } }';
      for (const via of [['AFFILIATED_WITH'], ['ENGAGES_IN', 'AFFILIATED_WITH']]) {
        expect((await gql(paths, { a: who.id, b: org.id, via }, anon)).json).toEqual({
          data: { connections: [] },
        });
      }
      // A viewer is answered, with the affiliation.
      const viewer = await app.keyFor('viewer');
      const seen = await gql(hoodQuery, { id: org.id }, { authorization: viewer });
      expect(seen.json?.errors).toBeUndefined();
      expect(
        (seen.json!.data as any).neighbourhood.nodes.map((n: { id: string }) => n.id).sort(),
      ).toEqual([org.id, who.id].sort());
      expect(
        (
          await gql(
            paths,
            { a: who.id, b: org.id, via: ['AFFILIATED_WITH'] },
            { authorization: viewer },
          )
        ).json,
      ).toEqual({ data: { connections: [{ length: 1 }] } });
      expect(unexpectedLogLines().length).toBe(before);
    });

    it('5. every alias counts against the limit, __typename ones and an alias named __typename too', async () => {
      const many = `{ ${Array.from({ length: 330 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
      expectRefused(
        await underAttack(() => gql(many, {}, anon)),
        400,
        'BAD_USER_INPUT',
        /Aliases limit of 15 exceeded, found 330/,
      );
      const sixteen = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: serviceInfo { name }`).join(' ')} __typename: serviceInfo { name } }`;
      expectRefused(
        [await gql(sixteen, {}, anon)],
        400,
        'BAD_USER_INPUT',
        /Aliases limit of 15 exceeded, found 16/,
      );
    });

    it('7a. connections(via: []) means every type the caller may see, for anonymous callers and viewers alike', async () => {
      const org = await organisation(app, 'Via Probe Org');
      const who = await person(app, 'Via Probe Person');
      await tie(app, 'Affiliation', { from: who.id, to: org.id, role: 'STAFF' });
      const q = (via: string) =>
        `query($a: ID!, $b: ID!) { connections(from: $a, to: $b${via}) { length } }`;
      const viewer = await app.keyFor('viewer');
      for (const [headers, expected] of [
        [anon, []],
        [{ authorization: viewer }, [{ length: 1 }]],
      ] as const) {
        const without = await gql(q(''), { a: who.id, b: org.id }, headers);
        const empty = await gql(q(', via: []'), { a: who.id, b: org.id }, headers);
        const nulled = await gql(q(', via: null'), { a: who.id, b: org.id }, headers);
        expect(without.json).toEqual({ data: { connections: expected } });
        expect(empty.json).toEqual(without.json);
        expect(nulled.json).toEqual(without.json);
      }
    });

    it('7b. CSRF, batching and operation-resolution refusals carry BAD_USER_INPUT (the original code in detail)', async () => {
      const csrf = await underAttack(async () =>
        answerOf(await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}`)),
      );
      expect(
        expectRefused(csrf, 400, 'BAD_USER_INPUT', /Cross-Site Request Forgery/).json!.errors![0]
          .extensions!.detail,
      ).toBe('BAD_REQUEST');
      const batch = await underAttack(() =>
        post(Array.from({ length: 100 }, () => ({ query: '{ __typename }' }))),
      );
      expect(
        expectRefused(batch, 400, 'BAD_USER_INPUT', /batching/i).json!.errors![0].extensions!
          .detail,
      ).toBe('BAD_REQUEST');
      const nameless = await gql('query A { __typename } query B { __typename }');
      expect(
        expectRefused([nameless], 400, 'BAD_USER_INPUT', /Must provide operation name/).json!
          .errors![0].extensions!.detail,
      ).toBe('OPERATION_RESOLUTION_FAILURE');
      const unknown = await post({ query: 'query A { __typename }', operationName: 'Nope' });
      expectRefused([unknown], 400, 'BAD_USER_INPUT', /Unknown operation named "Nope"/);
    });

    it('7c. unknown paths answer JSON 404 NOT_FOUND, never an HTML page', async () => {
      // GET / is the network explorer (docs/explorer.md; tests/web/serve.test.ts), not an unknown path.
      for (const [method, path] of [
        ['GET', '/wp-login.php'],
        ['GET', '/graphq'],
        ['POST', '/admin'],
        ['GET', '/health/../.env'],
        ['DELETE', '/health'],
      ]) {
        const answers = await underAttack(async () =>
          answerOf(await fetch(`${base}${path}`, { method })),
        );
        expectRefused(answers, 404, 'NOT_FOUND', /Nothing is served at/);
        expect(answers[0].json!.errors![0].message).toMatch(/GraphQL is at POST \/graphql/);
      }
    });

    it('7d. a missing required field is named by the argument path written, not the internal input type', async () => {
      const res = await gql(
        'mutation { createPerson(input: {contact: {email: "a@b.org"}}) { id } }',
      );
      const one = expectRefused(
        [res],
        400,
        'BAD_USER_INPUT',
        /createPerson\(input\): "name" is required; add it\./,
      );
      expect(one.text).not.toMatch(/CreatePersonInput|ContactInput/);
      const nested = await gql(
        'mutation { addEngagement(input: {from: "a", to: "b", role: MEMBER, sources: [{}]}) { id } }',
      );
      expect(nested.text).not.toMatch(/SourceInput|EngagementInput/);
      expect(nested.json?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const missingArgument = await gql('mutation { createPerson { id } }');
      expectRefused(
        [missingArgument],
        400,
        'BAD_USER_INPUT',
        /createPerson needs the argument "input"; add it\./,
      );
      expect(missingArgument.text).not.toContain('CreatePersonInput');
    });
  });

  describe("graphql-cop's list", () => {
    it('introspection is off', async () => {
      expectRefused(
        await underAttack(() => gql('{ __schema { types { name } } }', {}, anon)),
        400,
        'BAD_USER_INPUT',
      );
      expectRefused(
        [await gql('{ __type(name: "Query") { name } }', {}, anon)],
        400,
        'BAD_USER_INPUT',
      );
    });

    it('field suggestions are not given', async () => {
      const a = expectRefused(
        await underAttack(() => gql('{ organisationz { totalCount } }', {}, anon)),
        400,
        'BAD_USER_INPUT',
      );
      expect(a.text).not.toContain('organisations');
    });

    it('mutations are refused over GET', async () => {
      const url = `${app.url}?query=${encodeURIComponent('mutation { createTopic(input: {name: "Via GET"}) { id } }')}`;
      const answers = await underAttack(async () =>
        answerOf(
          await fetch(url, {
            headers: { 'apollo-require-preflight': 'true', authorization: app.adminAuth },
          }),
        ),
      );
      expectRefused(answers, 405, 'BAD_USER_INPUT', /GET requests only support query operations/);
      expect(
        await app.cypher('MATCH (t:Topic {name: "Via GET"}) RETURN count(t) = 0 AS none'),
      ).toEqual([{ none: true }]);
    });

    it('content types a cross-site form can send are refused (CSRF)', async () => {
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const answers = await underAttack(async () =>
          answerOf(
            await fetch(app.url, {
              method: 'POST',
              headers: { 'content-type': type, authorization: app.adminAuth },
              body: JSON.stringify({
                query: 'mutation { createTopic(input: {name: "Cross site"}) { id } }',
              }),
            }),
          ),
        );
        expectRefused(answers, 400, 'BAD_USER_INPUT');
      }
      expect(
        await app.cypher('MATCH (t:Topic {name: "Cross site"}) RETURN count(t) = 0 AS none'),
      ).toEqual([{ none: true }]);
    });

    it('alias overloading', async () => {
      const doc = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: serviceInfo { name }`).join(' ')} }`;
      expectRefused(
        await underAttack(() => gql(doc, {}, anon)),
        400,
        'BAD_USER_INPUT',
        /Aliases limit of 15 exceeded, found 100/,
      );
    });

    it('batch overloading (array bodies)', async () => {
      const body = Array.from({ length: 500 }, (_, i) => ({
        query: `query Q${i} { serviceInfo { name } }`,
      }));
      expectRefused(await underAttack(() => post(body, anon)), 400, 'BAD_USER_INPUT', /batching/i);
    });

    it('directive overloading', async () => {
      const doc = `{ serviceInfo { name ${'@include(if: true) '.repeat(60)} } }`;
      expectRefused(
        await underAttack(() => gql(doc, {}, anon)),
        400,
        'BAD_USER_INPUT',
        /Directives limit of 50 exceeded, found 60/,
      );
      const unknown = `{ __typename ${'@aa '.repeat(300)} }`;
      expectRefused(await underAttack(() => gql(unknown, {}, anon)), 400, 'BAD_USER_INPUT');
    });

    it('fragment overloading (one fragment spread many times)', async () => {
      // 450 spreads of 30 selections each: 13,950 once expanded, from a document of under 1000 tokens.
      const doc = `{ ${'...F '.repeat(450)} } fragment F on Query { ${'__typename '.repeat(30)} }`;
      expectRefused(
        await underAttack(() => gql(doc, {}, anon)),
        400,
        'BAD_USER_INPUT',
        /fragments expand to 13950 selections/,
      );
    });

    it('circular fragments', async () => {
      const doc =
        '{ ...A } fragment A on Query { ...B serviceInfo { name } } fragment B on Query { ...A }';
      expectRefused(
        await underAttack(() => gql(doc, {}, anon)),
        400,
        'BAD_USER_INPUT',
        /Cannot spread fragment "A" within itself/,
      );
      const self = '{ ...S } fragment S on Query { ...S }';
      expectRefused([await gql(self, {}, anon)], 400, 'BAD_USER_INPUT', /within itself/);
    });

    it('deep nesting', async () => {
      const deep = `{ organisation(slug: "x") { ${'engagements { nodes { forum { '.repeat(8)} name ${'} } }'.repeat(8)} } }`;
      expectRefused(
        await underAttack(() => gql(deep, {}, anon)),
        400,
        'BAD_USER_INPUT',
        /depth limit of 10 exceeded/,
      );
    });

    it('huge page sizes', async () => {
      expectRefused(
        await underAttack(() =>
          gql(
            '{ organisations(first: 2147483647) { nodes { engagements { nodes { id } } } } }',
            {},
            anon,
          ),
        ),
        400,
        'BAD_USER_INPUT',
        /would cost/,
      );
      // Cheap to price but over the service's bound: refused by the service's own page rule, no records read.
      const one = await gql('{ topics(first: 1000000) { totalCount } }', {}, anon);
      expect(one.status).toBe(200);
      expect(one.json?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(one.json!.errors![0].message).toMatch(/first must not be greater than 100/);
      const tooBig = await gql('{ topics(first: 99999999999) { totalCount } }', {}, anon);
      expectRefused(
        [tooBig],
        400,
        'BAD_USER_INPUT',
        /Int cannot represent non 32-bit signed integer/,
      );
    });

    it('token bombs', async () => {
      expectRefused(
        await underAttack(() => gql(`{ ${'__typename '.repeat(20000)}}`, {}, anon)),
        400,
        'BAD_USER_INPUT',
        /more tha[nt] 1000 tokens/,
      );
      expectRefused(
        [await gql(`{ serviceInfo ${'{'.repeat(5000)} }`, {}, anon)],
        400,
        'BAD_USER_INPUT',
      );
    });

    it('big variables', async () => {
      expectRefused(
        await underAttack(() =>
          gql('query($pad: String) { __typename }', { pad: 'x'.repeat(2 * 1024 * 1024) }, anon),
        ),
        413,
        'BAD_USER_INPUT',
        /larger than 1mb/,
      );
      const long = await gql(
        'mutation($input: CreateTopicInput!) { createTopic(input: $input) { id } }',
        { input: { name: 'y'.repeat(500_000) } },
      );
      expect(long.json?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expectNoLeak(long.text);
      const deepList = await gql(
        'query($w: [ID!]) { engagementMatrix(fora: $w) { fora } }',
        { w: Array.from({ length: 50_000 }, (_, i) => `f${i}`) },
        anon,
      );
      expect(deepList.json?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('unicode and NUL in string inputs are stored literally or refused, never an internal error', async () => {
      const before = unexpectedLogLines().length;
      const names = [
        'Nul\u0000Byte Topic',
        'Bidi \u202Eevil\u202C Topic',
        'Zero\u200Bwidth Topic',
        'Ünïcödé 健康 Topic',
        'Emoji 🩺 Topic',
        'Noncharacter \uFFFF Topic',
      ];
      for (const name of names) {
        const res = await gql(
          'mutation($input: CreateTopicInput!) { createTopic(input: $input) { name } }',
          { input: { name } },
        );
        if (res.json?.errors) expect(res.json.errors[0].extensions!.code).toBe('BAD_USER_INPUT');
        else expect((res.json!.data as any).createTopic.name).toBe(name);
        expectNoLeak(res.text);
      }
      const search = await underAttack(() =>
        gql('query($t: String!) { search(text: $t) { score } }', { t: '\u0000\u202E健康🩺' }, anon),
      );
      for (const a of search) expect(a.json?.errors).toBeUndefined();
      expect(unexpectedLogLines().length).toBe(before);
    });

    it('no stack trace, driver or Cypher text in any error', async () => {
      const probes = [
        () => gql('{ organisation(id: "\' OR 1=1 //", slug: null) { id } }', {}, anon),
        () =>
          gql(
            'mutation { updateOrganisation(id: "T3JnYW5pc2F0aW9uOiciKWA=", input: {name: "x"}) { id } }',
          ),
        () => gql('{ organisations(after: "not a cursor") { totalCount } }', {}, anon),
        () =>
          gql(
            'query($id: ID!) { neighbourhood(id: $id, depth: 99) { truncated } }',
            { id: 'x' },
            anon,
          ),
        () => post('{"query": "{ __typename }", "variables": '),
        () => post({ query: 12 }),
        () => post({ query: '{ __typename }', variables: 'not an object' }),
        () =>
          post({
            query: '{ __typename }',
            extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } },
          }),
      ];
      for (const probe of probes) {
        const answers = await underAttack(probe);
        for (const a of answers) {
          expectNoLeak(a.text);
          expect([a.text, a.json?.errors?.[0]?.extensions?.code]).toEqual([
            a.text,
            expect.stringMatching(/^(BAD_USER_INPUT|NOT_FOUND)$/),
          ]);
        }
      }
    });
  });
});
