/**
 * Plans that survive stale statistics (docs/planner.md). Neo4j samples an index's statistics in
 * the background, some time after a bulk write; a plan made before then sees the index as it was
 * (empty, after a network was written into a new database), finds scanning it cheapest, and the
 * plan stays cached after the statistics caught up. Measured so on 3 December 2026: an
 * `updateEngagement` right after the benchmark's network was written scanned all 9,034
 * engagements for its one tie, and a hub forum's page scanned all 13,605 page keys.
 *
 * This suite holds that state still: its own Neo4j with background index sampling off, so the
 * indexes stay "empty" in the statistics while the network is written. Through the service over
 * HTTP it then asks the benchmark's questions and writes, and every query the service sent is
 * EXPLAINed with its own parameters (the plan the service used: same text, same parameter
 * types): none may scan an index, a label or a relationship type. Then the bulk-write refresh
 * (src/graph/statistics.ts) is shown to bring the statistics up to the data.
 */
import 'reflect-metadata';
import type { Session } from 'neo4j-driver';
import { createApiKey } from '../../src/auth/api-keys';
import { planNetwork, GeneratedNetwork } from '../../src/bench/generator';
import { writeNetwork } from '../../src/bench/writer';
import { parseConfig } from '../../src/config';
import { toGlobalId } from '../../src/domain/ids';
import { EntityType, TieType } from '../../src/domain/model';
import { toNeo4j } from '../../src/graph/convert';
import { Database } from '../../src/graph/database';
import { QueryBook } from '../../src/graph/queries';
import { refreshPlannerStatistics } from '../../src/graph/statistics';
import { createSchema } from '../../src/schema';
import { startServer } from '../../src/server';
import { body } from '../../bench/harness/load';
import { operations } from '../../bench/harness/operations';
import { Throwaway, withThrowawayNeo4j } from '../../bench/harness/throwaway';
import { Captured, capturingLogger } from '../../bench/harness/captured';

jest.setTimeout(240_000);

const SIZE = { organisations: 300, people: 450, fora: 24, seed: 'stale-statistics' };
/** Plan operators that read a whole index, label or relationship type: every `...Scan` (NodeByLabelScan, NodeIndexScan, DirectedRelationshipIndexScan, UnionNodeByLabelsScan, DirectedAllRelationshipsScan, ...). */
const SCANS = /Scan$/;

interface PlanNode {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanNode[];
}

function scans(plan: PlanNode, out: string[] = []): string[] {
  const op = plan.operatorType.replace(/@.*$/, '');
  const details = plan.arguments.Details;
  if (SCANS.test(op)) out.push(`${op} ${typeof details === 'string' ? details : ''}`);
  for (const c of plan.children) scans(c, out);
  return out;
}

/** The index sizes Neo4j's planner believes in, by index name. */
async function believedSizes(session: Session): Promise<Map<string, number>> {
  const stats = await session.run(
    "CALL db.stats.retrieve('GRAPH COUNTS') YIELD data RETURN [i IN data.indexes | [coalesce(i.labels, i.relationshipTypes)[0], i.properties, i.totalSize]] AS sizes",
  );
  const names = await session.run(
    'SHOW INDEXES YIELD name, labelsOrTypes, properties WHERE properties IS NOT NULL RETURN collect([name, labelsOrTypes[0], properties]) AS names',
  );
  const byShape = new Map<string, number>();
  for (const [on, props, size] of stats.records[0].get('sizes') as [string, string[], unknown][])
    byShape.set(`${on}(${props.join(',')})`, Number(size));
  const out = new Map<string, number>();
  for (const [name, on, props] of names.records[0].get('names') as [string, string, string[]][])
    out.set(name, byShape.get(`${on}(${props.join(',')})`) ?? -1);
  return out;
}

describe('plans under stale index statistics (background index sampling off)', () => {
  let t: Throwaway;
  let stop: () => void = () => undefined;
  let stopped: Promise<void>;
  let network: GeneratedNetwork;
  let session: Session;
  const captured: Captured[] = [];
  let server: Awaited<ReturnType<typeof startServer>>;
  let key: string;
  let adminKey: string;

  /** Sends one request to the service, then EXPLAINs every query it sent: the scans found. */
  async function askAndExplain(
    req: { query: string; variables?: unknown },
    as = key,
  ): Promise<string[]> {
    captured.length = 0;
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${as}` },
      body: body(req as Parameters<typeof body>[0]),
    });
    const text = await res.text();
    expect({ status: res.status, errors: text.includes('"errors"') ? text : null }).toEqual({
      status: 200,
      errors: null,
    });
    expect(captured.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const q of captured) {
      const tx = session.beginTransaction();
      try {
        const plan = await tx.run(`EXPLAIN ${q.cypher}`, toNeo4j(q.params));
        // Each scan named with the first line of its query (a named query starts with its comment).
        const first = q.cypher.split('\n')[0].slice(0, 80);
        found.push(
          ...scans(plan.summary.plan as unknown as PlanNode).map((x) => `${x} in: ${first}`),
        );
      } finally {
        await tx.rollback();
      }
    }
    return found;
  }

  beforeAll(async () => {
    let ready: (t: Throwaway) => void = () => undefined;
    const started = new Promise<Throwaway>((r) => (ready = r));
    stopped = withThrowawayNeo4j(
      {
        name: 'stale-statistics',
        settings: ['db.index_sampling.background_enabled=false'],
      },
      (throwaway) =>
        new Promise<void>((resolve) => {
          stop = resolve;
          ready(throwaway);
        }),
    );
    t = await Promise.race([
      started,
      stopped.then(() => {
        throw new Error('the throwaway Neo4j stopped before it was ready');
      }),
    ]);
    network = planNetwork(SIZE);
    await writeNetwork(t.db, network, undefined, undefined, false);
    session = t.db.driver.session({ database: 'neo4j' });
    const logger = capturingLogger(captured);
    const config = parseConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      NEO4J_URI: t.conn.uri,
      NEO4J_PASSWORD: t.conn.password,
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
    });
    const db = new Database(t.db.driver, 'neo4j', QueryBook.load(), 60_000, logger);
    server = await startServer(
      { config, logger, db, schema: await createSchema(), isMigrated: () => true },
      { host: '127.0.0.1', port: 0 },
    );
    key = (await createApiKey(t.db, 'stale-statistics', 'editor')).key;
    adminKey = (await createApiKey(t.db, 'stale-statistics-admin', 'admin')).key;
  });

  afterAll(async () => {
    await server?.stop();
    await session?.close();
    stop();
    await stopped;
  });

  it('starts with the statistics behind the data: the tie and page key indexes believed empty', async () => {
    const sizes = await believedSizes(session);
    expect(network.counts.ENGAGES_IN).toBeGreaterThan(500);
    expect([sizes.get('engages_in_id'), sizes.get('tie_engages_in_page_to')]).toEqual([0, 0]);
  });

  it.each(operations(planNetwork(SIZE).sample).map((op) => [op.name, op] as const))(
    '%s: every query the service sent seeks, none scans',
    async (_name, op) => {
      const found: string[] = [];
      for (let i = 0; i < 3; i += 1) found.push(...(await askAndExplain(op.ours(i))));
      expect(found).toEqual([]);
    },
  );

  it('reads and writes of one entity or tie by id: every query seeks, none scans', async () => {
    const sample = network.sample;
    const org = (i: number) => toGlobalId(EntityType.Organisation, sample.organisations[i].key);
    const engagement = (i: number) =>
      toGlobalId(TieType.ENGAGES_IN, sample.engagements[sample.engagements.length - 1 - i].key);
    const requests = [
      {
        query: `query ($id: ID!) { node(id: $id) { id ... on Organisation { name memberships { totalCount } engagements(first: 5) { totalCount nodes { role forum { name } } } } } }`,
        variables: { id: org(3) },
      },
      {
        query: `mutation ($id: ID!) { updateOrganisation(id: $id, input: { acronym: "STALE" }) { id version } }`,
        variables: { id: org(4) },
      },
      {
        query: `mutation ($id: ID!) { updateEngagement(id: $id, input: { since: "2011" }) { id version } }`,
        variables: { id: engagement(0) },
      },
      {
        query: `mutation ($id: ID!) { removeEngagement(id: $id) { id } }`,
        variables: { id: engagement(1) },
      },
      {
        query: `mutation ($id: ID!) { deleteOrganisation(id: $id, detach: true) { id removedTies } }`,
        variables: { id: org(5) },
      },
      {
        query: `mutation ($keep: ID!, $remove: ID!) { mergeOrganisations(keep: $keep, remove: $remove) { id engagements { totalCount } } }`,
        variables: { keep: org(6), remove: org(7) },
      },
    ];
    const found: string[] = [];
    for (const req of requests) found.push(...(await askAndExplain(req, adminKey)));
    expect(found).toEqual([]);
  });

  it('the bulk-write refresh brings the statistics up: an unhinted tie update then seeks too', async () => {
    // The service's updateEngagement query as it sends it, captured here (not from an earlier case).
    const sample = network.sample;
    const id = toGlobalId(
      TieType.ENGAGES_IN,
      sample.engagements[sample.engagements.length - 10].key,
    );
    await askAndExplain(
      {
        query: `mutation ($id: ID!) { updateEngagement(id: $id, input: { since: "2012" }) { id version } }`,
        variables: { id },
      },
      adminKey,
    );
    const tieChange = captured.find((q) => q.cypher.includes('Updates one tie in one round trip'));
    expect(tieChange?.cypher).toContain('USING INDEX SEEK r:ENGAGES_IN(id)');
    // Without its hint, the plan rests on the statistics alone (what Neo4j chooses under stale
    // ones varies from run to run, so only the refreshed state is asserted).
    const unhinted = tieChange!.cypher.replace(' USING INDEX SEEK r:ENGAGES_IN(id)', '');
    expect(unhinted).not.toContain('USING INDEX SEEK r:ENGAGES_IN(id)');
    await expect(refreshPlannerStatistics(t.db)).resolves.toBe(true);
    const sizes = await believedSizes(session);
    // The tests above removed a few engagements (and a merge may fold twins): nearly all remain.
    expect(sizes.get('engages_in_id')).toBeGreaterThan(network.counts.ENGAGES_IN * 0.9);
    expect(sizes.get('tie_engages_in_page_to')).toBeGreaterThan(network.counts.ENGAGES_IN * 0.9);
    const tx = session.beginTransaction();
    try {
      const plan = await tx.run(`EXPLAIN ${unhinted}`, toNeo4j(tieChange!.params));
      expect(scans(plan.summary.plan as unknown as PlanNode)).toEqual([]);
    } finally {
      await tx.rollback();
    }
  });

  it('refuses a neo4j.conf setting that would override a generated one (auth, address, directories)', async () => {
    for (const line of [
      'dbms.security.auth_enabled=false',
      'server.bolt.listen_address=0.0.0.0:7687',
      'server.directories.data=elsewhere',
      'server.default_listen_address=0.0.0.0',
      'dbms.connector.bolt.listen_address=0.0.0.0:7687',
    ])
      await expect(
        withThrowawayNeo4j({ name: 'refused-setting', settings: [line] }, async () => undefined),
      ).rejects.toThrow(/cannot be overridden/);
    await expect(
      withThrowawayNeo4j(
        { name: 'refused-setting', settings: ['a=b\nc=d'] },
        async () => undefined,
      ),
    ).rejects.toThrow(/not a neo4j.conf setting line/);
  });
});
