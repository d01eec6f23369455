/**
 * A fuzz test of the whole GraphQL surface, over real HTTP against the real Neo4j. The list of
 * fields, arguments and their types comes from introspecting the running schema, so a new field
 * or argument is fuzzed without touching this file. fast-check generates each argument from its
 * type: random and boundary strings (lone surrogates, NUL, right-to-left marks, 10,000
 * characters, Cypher and template text), numbers at the edges of Int and Float, ids of the wrong
 * shape, the wrong kind, stale, merged away or deleted, partial dates valid and not, nested
 * inputs with fields left out or null, and now and then a value of the wrong type.
 *
 * Every answer must be free of INTERNAL_SERVER_ERROR and of HTTP 5xx, and no failed mutation may
 * leave a write behind: the database's node, relationship and history counts, and the sum of
 * every version, are the same after it as before.
 *
 * The run is fixed by FUZZ_SEED (default below) and sized by FUZZ_RUNS (default 500 requests,
 * in epochs of 500 that each start from a fresh small graph, so deletes and merges do not leave
 * later cases with nothing valid to aim at). Two cases in three are tame (right shapes, hostile
 * strings), one is wild. The count is what keeps the run bounded on a loaded machine: measured
 * on the 2-core machine shared by seven test runs (load average 15-18), 1,500 requests took
 * about 190 s and 800 in the full suite 170 s, of which the first seeding (Neo4j and the JIT
 * warming up) is 30-50 s; a quiet machine is several times faster. For a deeper run set FUZZ_RUNS=5000 (and
 * another FUZZ_SEED). Every finding is listed at the end, not only the first.
 */
import fc from 'fast-check';
import {
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { GqlResponse, TestApp, startTestApp } from '../helpers/app';
import { create, tie } from '../helpers/fixtures';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const PER_EPOCH = 500;

jest.setTimeout(240_000);

// ---------------------------------------------------------------------------------------------
// Values.

const LONG = 'x'.repeat(10_000);
const BOUNDARY_STRINGS = [
  '',
  ' ',
  '   \t\n',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'lone \uDC00 low',
  '\uDBFF\uDFFF',
  '\u202Eevil\u202C',
  '\u200F\u05E9\u05DC\u05D5\u05DD',
  'مرحبا بالعالم',
  '\uFEFFbom',
  'e\u0301',
  '🏥👩‍⚕️',
  '💥'.repeat(2_000),
  LONG,
  "' OR 1=1 //",
  '"}) MATCH (n) DETACH DELETE n //',
  '`Organisation`',
  '{{label}}',
  '$props',
  '${x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  'Organisation',
  'wikidata:Q1',
  'scheme:',
  ':value',
  'médecins-sans-frontières',
  'a-b',
  'A--B',
  '-',
];
const PARTIAL_DATES = [
  '2020',
  '2020-02',
  '2020-02-29',
  '2021-02-29',
  '2020-13',
  '2020-00',
  '2020-01-32',
  '0000',
  '0001-01-01',
  '9999-12-31',
  '10000',
  '2020-1',
  '20',
  '2020-02-30T00:00:00Z',
  '2020-W01',
  '-2020',
  '1999-12',
  '2000',
];
const DATE_TIMES = [
  '2020-01-01T00:00:00Z',
  '1970-01-01T00:00:00.000Z',
  '275760-09-13T00:00:00.001Z',
  '2020-02-30T00:00:00Z',
  'not a date',
  '2020',
];
const INTS = [
  0,
  1,
  -1,
  2,
  10,
  20,
  99,
  100,
  101,
  200,
  500,
  1000,
  1001,
  10_000,
  2 ** 31 - 1,
  -(2 ** 31),
];
const BAD_INTS = [2 ** 31, -(2 ** 31) - 1, 1.5, Number.MAX_SAFE_INTEGER, 1e21];
const FLOATS = [0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2];

/** What the current graph offers: valid ids and slugs, and stale, merged, deleted and misshapen ids. */
interface Pool {
  valid: string[];
  /** Valid ids by GraphQL type name (Organisation, Engagement, ...). */
  byKind: Record<string, string[]>;
  odd: string[];
  slugs: string[];
}

/**
 * How hostile a case is. A wild case may put anything anywhere (most of its requests stop at
 * validation); a tame one keeps the shape right (ids from the graph, known enum values, valid
 * dates, nothing null that must not be) and carries the hostile strings only where any string
 * is allowed, so it gets past validation into the services and the database.
 */
type Mode = 'wild' | 'tame';

const weird = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 200, maxLength: 400 }) },
  { weight: 4, arbitrary: fc.constantFrom(...BOUNDARY_STRINGS) },
);
const words = fc.stringMatching(/^[A-Z][a-z]{1,12}( [A-Za-z]{1,10}){0,3}$/);
const slugLike = fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,8}){0,2}$/);

/** Names a root field may use for a kind (mergePeople, fora). */
const KIND_WORDS: Record<string, string[]> = {
  Person: ['person', 'people'],
  Forum: ['forum', 'fora'],
};

/** The valid ids a field's name points at (updateEngagement: engagements), else all of them. */
function idsFor(pool: Pool, field: string): string[] {
  const name = field.toLowerCase();
  const kinds = Object.keys(pool.byKind).filter((k) =>
    (KIND_WORDS[k] ?? [k.toLowerCase()]).some((w) => name.includes(w)),
  );
  const ids = kinds.flatMap((k) => pool.byKind[k]);
  return ids.length ? ids : pool.valid;
}

function scalarArbitrary(
  name: string,
  pool: Pool,
  mode: Mode,
  field: string,
): fc.Arbitrary<unknown> {
  const tame = mode === 'tame';
  switch (name) {
    case 'ID':
      return tame
        ? fc.oneof(
            { weight: 5, arbitrary: fc.constantFrom(...idsFor(pool, field)) },
            { weight: 3, arbitrary: fc.constantFrom(...pool.valid) },
            { weight: 2, arbitrary: fc.constantFrom(...pool.odd) },
          )
        : fc.oneof(
            { weight: 5, arbitrary: fc.constantFrom(...pool.valid) },
            { weight: 3, arbitrary: fc.constantFrom(...pool.odd) },
            { weight: 1, arbitrary: fc.base64String({ maxLength: 40 }) },
            { weight: 1, arbitrary: weird },
          );
    case 'String':
      return tame
        ? fc.oneof(
            { weight: 4, arbitrary: words },
            { weight: 2, arbitrary: slugLike },
            { weight: 2, arbitrary: fc.constantFrom(...pool.slugs) },
            { weight: 3, arbitrary: weird },
          )
        : fc.oneof(
            { weight: 6, arbitrary: weird },
            { weight: 1, arbitrary: fc.constantFrom(...pool.valid) },
            { weight: 1, arbitrary: fc.constantFrom(...PARTIAL_DATES) },
          );
    case 'Int':
      return tame
        ? fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom(1, 2, 3, 100))
        : fc.oneof(
            { weight: 6, arbitrary: fc.constantFrom(...INTS) },
            { weight: 3, arbitrary: fc.integer() },
            { weight: 1, arbitrary: fc.constantFrom(...BAD_INTS) },
          );
    case 'Float':
      return tame
        ? fc.double({ min: 0, max: 10, noNaN: true })
        : fc.oneof(fc.constantFrom(...FLOATS), fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'Boolean':
      return fc.boolean();
    case 'PartialDate':
      return tame
        ? fc.constantFrom(
            '2019',
            '2020-02',
            '2020-02-29',
            '2021-06-30',
            '1999-12',
            '0001-01-01',
            '9999-12-31',
          )
        : fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...PARTIAL_DATES) },
            { weight: 1, arbitrary: weird },
          );
    case 'DateTimeISO':
      return tame
        ? fc.constantFrom('2020-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z')
        : fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...DATE_TIMES) },
            { weight: 1, arbitrary: weird },
          );
    case 'JSONObject':
      return tame
        ? fc.object({ maxDepth: 1 })
        : fc.oneof(fc.object({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }));
    default:
      return tame ? words : weird;
  }
}

/** A value of a named or list type (never null itself). */
function baseArbitrary(
  type: GraphQLInputType,
  pool: Pool,
  mode: Mode,
  depth: number,
  field: string,
): fc.Arbitrary<unknown> {
  const tame = mode === 'tame';
  if (isNonNullType(type)) return baseArbitrary(type.ofType, pool, mode, depth, field);
  if (isListType(type)) {
    const item = valueArbitrary(type.ofType, pool, mode, field, depth + 1);
    if (tame) return fc.array(item, { maxLength: 2 });
    return fc.oneof(
      { weight: 8, arbitrary: fc.array(item, { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(item, { minLength: 40, maxLength: 120 }) },
      { weight: 1, arbitrary: item },
    );
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant({});
    const fields = Object.values(type.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) record[f.name] = valueArbitrary(f.type, pool, mode, field, depth + 1);
    const required = fields
      .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
      .map((f) => f.name);
    const object = fc.record(record, { requiredKeys: required });
    return tame
      ? object
      : fc.oneof({ weight: 12, arbitrary: object }, { weight: 1, arbitrary: weird });
  }
  if (isEnumType(type)) {
    const known = fc.constantFrom(...type.getValues().map((v) => v.value as string));
    return tame
      ? known
      : fc.oneof({ weight: 12, arbitrary: known }, { weight: 1, arbitrary: weird });
  }
  if (isScalarType(type)) return scalarArbitrary(type.name, pool, mode, field);
  return fc.constant(null);
}

/** A value for an input type; undefined means "leave it out". */
function valueArbitrary(
  type: GraphQLInputType,
  pool: Pool,
  mode: Mode,
  field: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  const base = baseArbitrary(type, pool, mode, depth, field);
  if (isNonNullType(type))
    return mode === 'tame'
      ? base
      : fc.oneof({ weight: 30, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) });
  return mode === 'tame'
    ? fc.oneof(
        { weight: 3, arbitrary: base },
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant(null) },
      )
    : fc.oneof(
        { weight: 6, arbitrary: base },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 2, arbitrary: fc.constant(undefined) },
      );
}

// ---------------------------------------------------------------------------------------------
// Requests.

interface Case {
  operation: 'query' | 'mutation';
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

/** A selection for a field's type: every argument-free leaf, and the object fields that take arguments (with generated arguments). */
function selectionArbitrary(
  named: GraphQLNamedType,
  pool: Pool,
  mode: Mode,
  prefix: string,
): fc.Arbitrary<{ text: string; defs: string[]; vars: Record<string, unknown> }> {
  if (isLeafType(named)) return fc.constant({ text: '', defs: [], vars: {} });
  if (isUnionType(named) || isInterfaceType(named) || !isObjectType(named))
    return fc.constant({ text: '{ __typename }', defs: [], vars: {} });
  const fields = Object.values((named as GraphQLObjectType).getFields());
  const leaves = fields
    .filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)))
    .map((f) => f.name);
  const nested = fields.filter((f) => !isLeafType(getNamedType(f.type)) && f.args.length > 0);
  const nestedArbs = nested.map((f, i) =>
    argumentsArbitrary(f, pool, mode, `${prefix}n${i}_`).map((a) => ({
      ...a,
      text: `${f.name}${a.text} { __typename }`,
    })),
  );
  return fc.subarray(nestedArbs, { maxLength: Math.min(2, nestedArbs.length) }).chain((chosen) =>
    (chosen.length
      ? fc.tuple(...chosen)
      : fc.constant([] as Array<{ text: string; defs: string[]; vars: Record<string, unknown> }>)
    ).map((parts) => ({
      text: `{ __typename ${leaves.join(' ')} ${parts.map((p) => p.text).join(' ')} }`,
      defs: parts.flatMap((p) => p.defs),
      vars: Object.assign({}, ...parts.map((p) => p.vars)) as Record<string, unknown>,
    })),
  );
}

/** Arguments as variables typed exactly as the schema types them. */
function argumentsArbitrary(
  field: GraphQLField<unknown, unknown>,
  pool: Pool,
  mode: Mode,
  prefix: string,
): fc.Arbitrary<{ text: string; defs: string[]; vars: Record<string, unknown> }> {
  if (!field.args.length) return fc.constant({ text: '', defs: [], vars: {} });
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const a of field.args) record[a.name] = valueArbitrary(a.type, pool, mode, field.name);
  return fc.record(record).map((values) => {
    const given = field.args.filter((a) => values[a.name] !== undefined);
    return {
      text: given.length
        ? `(${given.map((a) => `${a.name}: $${prefix}${a.name}`).join(', ')})`
        : '',
      defs: given.map((a) => `$${prefix}${a.name}: ${a.type.toString()}`),
      vars: Object.fromEntries(given.map((a) => [`${prefix}${a.name}`, values[a.name]])),
    };
  });
}

function caseArbitrary(schema: GraphQLSchema, pool: Pool): fc.Arbitrary<Case> {
  const roots: Array<{ operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }> = [
    ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({
      operation: 'query' as const,
      field,
    })),
    ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({
      operation: 'mutation' as const,
      field,
    })),
  ];
  return fc
    .tuple(fc.constantFrom(...roots), fc.constantFrom<Mode>('tame', 'tame', 'wild'))
    .chain(([{ operation, field }, mode]) =>
      fc
        .tuple(
          argumentsArbitrary(field, pool, mode, 'a_'),
          selectionArbitrary(getNamedType(field.type), pool, mode, 's_'),
        )
        .map(([args, sel]) => {
          const defs = [...args.defs, ...sel.defs];
          return {
            operation,
            field: field.name,
            query: `${operation} Fuzz${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${args.text} ${sel.text} }`,
            variables: { ...args.vars, ...sel.vars },
          };
        }),
    );
}

// ---------------------------------------------------------------------------------------------
// The graph each epoch starts from.

/** A global id of any kind, including ones the service does not have. */
const toGlobalId = (kind: string, key: string) =>
  Buffer.from(`${kind}:${key}`).toString('base64url');
const keyOf = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1];

async function seedGraph(app: TestApp, epoch: number): Promise<Pool> {
  await app.wipe();
  const s = `e${epoch}`;
  const ident = (v: string) => [{ scheme: 'wikidata', value: `Q${epoch}${v}` }];
  const [org, org2, merged, p, p2, f, ev, inst, topic, gone] = [
    await create(app, 'Organisation', {
      name: `Fuzz Org ${s}`,
      identifiers: ident('1'),
      aliases: ['FO'],
    }),
    await create(app, 'Organisation', { name: `Fuzz Org Two ${s}` }),
    await create(app, 'Organisation', { name: `Fuzz Org Merged ${s}` }),
    await create(app, 'Person', { name: `Fuzz Person ${s}`, identifiers: ident('2') }),
    await create(app, 'Person', { name: `Fuzz Person Two ${s}` }),
    await create(app, 'Forum', { name: `Fuzz Forum ${s}`, kind: 'COALITION' }),
    await create(app, 'Event', { name: `Fuzz Event ${s}`, startDate: '2020-05' }),
    await create(app, 'Instrument', { name: `Fuzz Code ${s}` }),
    await create(app, 'Topic', { name: `Fuzz Topic ${s}` }),
    await create(app, 'Topic', { name: `Fuzz Gone ${s}` }),
  ];
  const ties = [
    await tie(app, 'Engagement', { from: org.id, to: f.id, role: 'MEMBER', since: '2019' }),
    await tie(app, 'Engagement', { from: p.id, to: f.id, role: 'CHAIR', onBehalfOf: org.id }),
    await tie(app, 'Affiliation', { from: p.id, to: org.id, role: 'STAFF' }),
    await tie(app, 'Affiliation', { from: p2.id, to: org2.id }),
    await tie(app, 'Membership', { from: org2.id, to: org.id }),
    await tie(app, 'Participation', { from: p.id, to: ev.id, role: 'SPEAKER' }),
    await tie(app, 'PartOf', { from: ev.id, to: f.id }),
    await tie(app, 'Adoption', { from: f.id, to: inst.id, since: '2010-05-21' }),
    await tie(app, 'WorkOn', { from: org.id, to: topic.id, role: 'ADVOCATES' }),
    await tie(app, 'Engagement', { from: merged.id, to: f.id, role: 'OBSERVER' }),
  ];
  const goneTie = await tie(app, 'WorkOn', { from: org2.id, to: topic.id });
  await app.gql('mutation($id: ID!) { removeWorkOn(id: $id) { id } }', { id: goneTie.id });
  await app.gql('mutation($id: ID!) { deleteTopic(id: $id) { id } }', { id: gone.id });
  const m = await app.gql(
    'mutation($k: ID!, $r: ID!) { mergeOrganisations(keep: $k, remove: $r) { id } }',
    { k: org2.id, r: merged.id },
  );
  if (m.body.errors) throw new Error(`seed merge failed: ${JSON.stringify(m.body.errors)}`);
  const valid = [org, org2, p, p2, f, ev, inst, topic]
    .map((e) => e.id)
    .concat(ties.slice(0, 9).map((t) => t.id));
  const slugs = [org, org2, p, p2, f, ev, inst, topic].map((e) => e.slug);
  const byKind: Record<string, string[]> = {
    Organisation: [org.id, org2.id],
    Person: [p.id, p2.id],
    Forum: [f.id],
    Event: [ev.id],
    Instrument: [inst.id],
    Topic: [topic.id],
    Engagement: [ties[0].id, ties[1].id],
    Affiliation: [ties[2].id, ties[3].id],
    Membership: [ties[4].id],
    Participation: [ties[5].id],
    PartOf: [ties[6].id],
    Adoption: [ties[7].id],
    WorkOn: [ties[8].id],
  };
  const odd = [
    merged.id,
    gone.id,
    goneTie.id,
    ties[9].id,
    toGlobalId('Organisation', keyOf(p.id)),
    toGlobalId('Person', keyOf(org.id)),
    toGlobalId('Forum', keyOf(ties[0].id)),
    toGlobalId('ENGAGES_IN', keyOf(org.id)),
    toGlobalId('Engagement', keyOf(ties[0].id)),
    toGlobalId('AFFILIATED_WITH', keyOf(ties[0].id)),
    toGlobalId('Organisation', '00000000-0000-0000-0000-000000000000'),
    toGlobalId('Organisation', ''),
    toGlobalId('Organisation', 'x'.repeat(300)),
    Buffer.from('Nonsense:abc').toString('base64url'),
    Buffer.from('Organisation').toString('base64url'),
    Buffer.from(`Organisation:${keyOf(org.id)}`).toString('base64'),
    `${org.id}=`,
    org.id.slice(0, -1),
    org.slug,
    'organisation:' + org.slug,
    'wikidata:Q' + epoch + '1',
    '',
    '!!!',
  ];
  return { valid, byKind, odd, slugs };
}

// ---------------------------------------------------------------------------------------------

interface Counts {
  nodes: number;
  rels: number;
  changes: number;
  versions: number;
}

async function counts(app: TestApp): Promise<Counts> {
  const [row] = await app.cypher(`
    CALL () { MATCH (n) RETURN count(n) AS nodes }
    CALL () { MATCH ()-[r]->() RETURN count(r) AS rels, sum(coalesce(r.version, 0)) AS tieVersions }
    CALL () { MATCH (c:Change) RETURN count(c) AS changes }
    CALL () { MATCH (n:Entity) RETURN sum(n.version) AS entityVersions }
    RETURN nodes, rels, changes, tieVersions + entityVersions AS versions`);
  return {
    nodes: Number(row.nodes),
    rels: Number(row.rels),
    changes: Number(row.changes),
    versions: Number(row.versions),
  };
}

interface Finding {
  field: string;
  problem: string;
  query: string;
  variables: string;
}

function problemsOf(res: GqlResponse): string[] {
  const out: string[] = [];
  if (res.status >= 500) out.push(`HTTP ${res.status}`);
  for (const e of res.body.errors ?? [])
    if (e.extensions?.code === 'INTERNAL_SERVER_ERROR' || !e.extensions?.code)
      out.push(`${e.extensions?.code ?? 'no code'}: ${e.message.slice(0, 200)}`);
  return out;
}

const show = (v: unknown) => {
  const text = JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'string' && x.length > 80 ? `${x.slice(0, 40)}…(${x.length} chars)` : x,
  );
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
};

describe('fuzzing every query and mutation argument (schema introspected, fixed seed)', () => {
  let app: TestApp;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    // Thousands of requests from one key and address: rate limits off, everything else as deployed.
    app = await startTestApp({ RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' });
    const res = await app.gql(getIntrospectionQuery());
    if (res.body.errors)
      throw new Error(`introspection failed: ${JSON.stringify(res.body.errors)}`);
    schema = buildClientSchema(res.body.data as never);
  });
  afterAll(async () => {
    await app.close();
  });

  it('derives its cases from the schema: every root field of Query and Mutation', () => {
    const queries = Object.keys(schema.getQueryType()!.getFields());
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    expect(queries).toEqual(
      expect.arrayContaining(['organisation', 'neighbourhood', 'search', 'node']),
    );
    expect(mutations).toEqual(
      expect.arrayContaining([
        'createOrganisation',
        'addEngagement',
        'importRecords',
        'mergeOrganisations',
      ]),
    );
  });

  it(`answers ${RUNS} generated requests without an internal error, and no failed mutation writes`, async () => {
    const findings: Finding[] = [];
    const fields = new Set<string>();
    let failedMutations = 0;
    const outcomes = new Map<string, number>();
    const messages = new Map<string, number>();
    const started = Date.now();
    for (let epoch = 0; epoch * PER_EPOCH < RUNS; epoch += 1) {
      const seeded = Date.now();
      const pool = await seedGraph(app, epoch);
      if (process.env.FUZZ_TIMING)
        console.log(`epoch ${epoch}: seeded in ${Date.now() - seeded} ms`);
      const cases = fc.sample(caseArbitrary(schema, pool), {
        seed: SEED + epoch,
        numRuns: Math.min(PER_EPOCH, RUNS - epoch * PER_EPOCH),
      });
      let before = await counts(app);
      for (const c of cases) {
        fields.add(c.field);
        const res = await app.gql(c.query, c.variables);
        const record = (problem: string) =>
          findings.push({ field: c.field, problem, query: c.query, variables: show(c.variables) });
        problemsOf(res).forEach(record);
        const code = res.body.errors?.length ? String(res.body.errors[0].extensions?.code) : 'OK';
        outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
        if (process.env.FUZZ_TIMING && code === 'BAD_USER_INPUT')
          messages.set(
            res.body.errors![0].message.replace(/"[^"]*"/g, '"…"').slice(0, 90),
            (messages.get(res.body.errors![0].message.replace(/"[^"]*"/g, '"…"').slice(0, 90)) ??
              0) + 1,
          );
        if (c.operation === 'mutation') {
          const after = await counts(app);
          // Failed: refused before it ran (no path) or by the mutation itself (path [field]). An error deeper in the
          // selection (path [field, ...]) comes after the write committed, even when it nulls the whole result.
          if (res.body.errors?.some((e) => !e.path || e.path.length === 1)) {
            failedMutations += 1;
            if (JSON.stringify(after) !== JSON.stringify(before))
              record(
                `a failed mutation wrote: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
              );
          }
          before = after;
        }
      }
    }
    if (process.env.FUZZ_TIMING)
      console.log(
        `${RUNS} requests in ${Date.now() - started} ms, ${failedMutations} failed mutations`,
        Object.fromEntries(outcomes),
        [...messages].sort((a, b) => b[1] - a[1]).slice(0, 40),
      );
    // The run reached most of the surface (a few fields may be drawn rarely), and mutations did fail.
    const all =
      Object.keys(schema.getQueryType()!.getFields()).length +
      Object.keys(schema.getMutationType()!.getFields()).length;
    expect(fields.size).toBeGreaterThan(all * 0.9);
    expect(failedMutations).toBeGreaterThan(RUNS / 10);
    const summary = findings.map(
      (f) => `${f.field}: ${f.problem}\n    ${f.query.slice(0, 300)}\n    ${f.variables}`,
    );
    expect(summary).toEqual([]);
  });
});
