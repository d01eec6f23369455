/**
 * Every named Cypher query is planned by the real Neo4j (EXPLAIN) and must start from an
 * index or constraint: no AllNodesScan anywhere, and a label scan only where the query's
 * comment says why (a bounded list of all fora, or the whole engagement graph on purpose).
 */
import neo4j from 'neo4j-driver';
import { QueryBook } from '../../src/graph/queries';
import { TestApp, startTestApp, useTestApp } from '../helpers/app';
import { toNeo4j } from '../../src/graph/convert';

/** Queries that scan a label on purpose, with the reason. */
const LABEL_SCAN_ALLOWED: Record<string, string> = {
  'entity/list':
    'a page of one type in sortName order: range scan of the sortName index, or a label scan when the planner prefers it for tiny graphs',
  'entity/count': 'counts the matches of a list filter over one type',
  'migrations/applied': 'a handful of migration nodes',
  'network/coverage-one': 'every forum, bounded by $cap (fora number in the hundreds)',
  'network/brokers':
    'the whole engagement graph for centrality, bounded by $cap, unless a scope is given',
  'network/engagement-matrix':
    'the rows are a page of organisations in sortName order, as entity/list (the index may serve it)',
  'auth/list-keys': 'every API key: a handful of nodes',
  'merge/shared-identifiers':
    'pairs of one type sharing an identifier: a pass over that type, capped, for the duplicates report',
  'merge/names': 'the first $cap entities of a type in sortName order (the index may serve it)',
  'auth/revoke-key': 'by id or printed prefix among a handful of API keys',
  'feed/status':
    'whether any change waits for its feed number: the :Unsequenced label holds only those (the sequencer numbers them within a round)',
  'feed/stamp':
    'the changes waiting for their feed number: the :Unsequenced label holds only those',
  'webhooks/list': 'every webhook: a handful of nodes admins registered',
  'webhooks/due':
    "the delivery worker's look at every webhook once a round: a handful of nodes admins registered",
};

const PLACEHOLDERS: Record<string, Record<string, string>> = {
  'entity/get-by-slugs': { label: 'Organisation' },
  'entity/get-by-identifier': { label: 'Organisation' },
  'entity/list': { label: 'Organisation', sortKey: 'sortName', dir: 'ASC', cmp: '>' },
  'entity/count': { label: 'Organisation' },
  'entity/lock-version': { label: 'Organisation' },
  'entity/add': { label: 'Organisation' },
  'entity/change': { label: 'Organisation' },
  'entity/remove': { label: 'Organisation' },
  'seed/upsert-entities': { label: 'Organisation' },
  'import/create-entities': { label: 'Organisation' },
  'import/create-ties': { type: 'ENGAGES_IN' },
  'seed/upsert-ties': { type: 'ENGAGES_IN', fromLabel: 'Organisation', toLabel: 'Forum' },
  'network/connections': { types: 'ENGAGES_IN|PARTICIPATES_IN', maxHops: '4', k: '3' },
  'network/neighbourhood': { types: 'ENGAGES_IN|PARTICIPATES_IN' },
  'network/neighbourhood-records': { types: 'ENGAGES_IN|PARTICIPATES_IN' },
  'merge/names': { label: 'Organisation' },
  'merge/candidates': { label: 'Organisation' },
  'merge/shared-identifiers': { label: 'Organisation' },
  'merge/move-out': { type: 'ENGAGES_IN' },
  'merge/move-in': { type: 'ENGAGES_IN' },
  'backup/nodes': { label: 'Organisation', keyProp: 'id' },
  'backup/ties': { type: 'ENGAGES_IN' },
  'backup/restore-nodes': { label: 'Change' },
  'backup/restore-entities': { label: 'Organisation' },
  'backup/restore-ties': { type: 'ENGAGES_IN' },
};
const TIE_QUERY = /^tie\//;

function operators(plan: any, out: string[] = []): string[] {
  out.push(String(plan.operatorType).replace(/@.*$/, ''));
  for (const child of plan.children ?? []) operators(child, out);
  return out;
}

describe('query plans', () => {
  const app = useTestApp();
  const book = QueryBook.load();
  const names = book.names().filter((n) => !n.split('/').pop()!.startsWith('_'));

  it('covers every named query', () => {
    expect(names.length).toBeGreaterThan(30);
  });

  it('looks entities up by external identifier through the identifier_key constraint', async () => {
    const session = app.db.driver.session({
      database: 'neo4j',
      defaultAccessMode: neo4j.session.READ,
    });
    try {
      const result = await session.run(
        `EXPLAIN ${book.get('entity/get-by-identifier', { label: 'Person' })}`,
        { key: 'wikidata:Q1' },
      );
      expect(operators(result.summary.plan)).toContain('NodeUniqueIndexSeek');
    } finally {
      await session.close();
    }
  });

  it.each(names)('%s starts from an index or constraint', async (name) => {
    const placeholders =
      PLACEHOLDERS[name] ??
      (TIE_QUERY.test(name) ? { type: 'ENGAGES_IN', left: '-', right: '->' } : {});
    const session = app.db.driver.session({
      database: 'neo4j',
      defaultAccessMode: neo4j.session.READ,
    });
    try {
      const result = await session.run(`EXPLAIN ${book.get(name, placeholders)}`, {});
      const ops = operators(result.summary.plan);
      expect(ops).not.toContain('AllNodesScan');
      expect(ops).not.toContain('AllRelationshipsScan');
      if (!LABEL_SCAN_ALLOWED[name]) expect(ops.filter((o) => o === 'NodeByLabelScan')).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

/**
 * The read planner's generated queries (src/planner): a representative set of requests, each
 * planned into one query, captured from the debug log and EXPLAINed. A single root starts
 * from a constraint (id, slug, identifier); the cursor of a tie list is found by the
 * relationship id constraint; search starts from the full-text index; no query scans all nodes
 * or relationships, and only the entity lists may scan their one label (as entity/list and
 * entity/count may).
 */
describe('query plans of the read planner', () => {
  const lines: string[] = [];
  let planned: TestApp;
  const uuid = '00000000-0000-4000-8000-000000000001';
  const gid = (kind: string) => Buffer.from(`${kind}:${uuid}`, 'utf8').toString('base64url');
  const cursor = Buffer.from(JSON.stringify([uuid]), 'utf8').toString('base64url');
  const listCursor = Buffer.from(JSON.stringify(['m', uuid]), 'utf8').toString('base64url');
  const TIES = `totalCount nodes { role since actor { ... on Organisation { name people(first: 3) { nodes { person { name } } } } ... on Person { name } } onBehalfOf { name } }`;
  const REQUESTS: Array<{ name: string; query: string; list?: boolean; search?: boolean }> = [
    {
      name: 'one by id, three levels',
      query: `{ forum(id: "${gid('Forum')}") { name engagements(first: 10, role: MEMBER) { ${TIES} } subfora { nodes { part { ... on Forum { name } } } } } }`,
    },
    {
      name: 'one by slug, activeOn and a cursor',
      query: `{ organisation(slug: "x") { engagements(activeOn: "2018", after: "${cursor}") { nodes { forum { name engagements { totalCount } } } } memberships { totalCount } } }`,
    },
    {
      name: 'one by identifier',
      query: `{ person(identifier: { scheme: "wikidata", value: "Q1" }) { name affiliations { nodes { organisation { name } } } participations(after: "${cursor}") { nodes { event { name partOf { nodes { whole { __typename } } } } } } } }`,
    },
    {
      name: 'node(id)',
      query: `{ node(id: "${gid('Event')}") { ... on Event { name participants { ${TIES.replace('actor', 'participant')} } sessions { totalCount } } } }`,
    },
    {
      name: 'a list with every filter',
      query: `{ organisations(where: { namePrefix: "n", kinds: ["NGO"], countries: ["KE"], forum: "${gid('Forum')}", activeOn: "2019" }, after: "${listCursor}") { totalCount nodes { name engagements { nodes { forum { name } } } } } }`,
      list: true,
    },
    {
      name: 'a list ordered by update, count only',
      query: `{ people(orderBy: { field: UPDATED_AT, direction: DESC }) { totalCount } topics { nodes { workedOnBy { nodes { actor { __typename } } } } } }`,
      list: true,
    },
    {
      name: 'search with relation fields below its hits',
      query: `{ search(text: "health", types: [Forum, Organisation]) { score entity { name ... on Forum { engagements(first: 3, role: MEMBER) { totalCount nodes { actor { ... on Organisation { name } } } } } ... on Organisation { memberships { totalCount } } } } }`,
      search: true,
    },
  ];

  beforeAll(async () => {
    planned = await startTestApp({}, { logTo: (line) => lines.push(line), logLevel: 'debug' });
  });
  afterAll(async () => {
    await planned?.close();
  });

  it.each(REQUESTS.map((r) => [r.name, r] as const))(
    '%s: one query, from constraints and indexes',
    async (_name, r) => {
      lines.length = 0;
      const res = await planned.gql(r.query);
      expect(res.body.errors).toBeUndefined();
      const plans = lines
        .map(
          (l) =>
            JSON.parse(l) as { msg?: string; cypher?: string; params?: Record<string, unknown> },
        )
        .filter((l) => l.msg === 'planned read');
      expect(plans.length).toBe(Object.keys(res.body.data ?? {}).length);
      const session = planned.db.driver.session({
        database: 'neo4j',
        defaultAccessMode: neo4j.session.READ,
      });
      try {
        for (const p of plans) {
          const result = await session.run(`EXPLAIN ${p.cypher}`, toNeo4j(p.params ?? {}));
          const ops = operators(result.summary.plan);
          expect(ops).not.toContain('AllNodesScan');
          expect(ops).not.toContain('AllRelationshipsScan');
          expect(ops).not.toContain('DirectedRelationshipTypeScan');
          expect(ops).not.toContain('UndirectedRelationshipTypeScan');
          if (r.search) {
            // The hits come from the full-text index (a procedure call), and nothing scans a label.
            expect(ops).toContain('ProcedureCall');
            expect(ops.filter((o) => o === 'NodeByLabelScan')).toEqual([]);
          } else if (!r.list) {
            expect(ops.filter((o) => o === 'NodeByLabelScan')).toEqual([]);
            expect(ops.some((o) => /UniqueIndexSeek/.test(o))).toBe(true);
          }
          if (/after: "/.test(r.query) && !r.list)
            expect(ops.some((o) => /RelationshipUniqueIndexSeek/.test(o))).toBe(true);
        }
      } finally {
        await session.close();
      }
    },
  );
});
