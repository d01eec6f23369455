/**
 * `npm run bench:profile-allies [-- --organisations 200] [--out file.json]`: PROFILEs the
 * service's allies query (network/allies, as NetworkService.allies sends it) on the small
 * generated network (src/bench/generator.ts, the benchmark's size and seed) in a throwaway
 * Neo4j, for the benchmark's sample organisations, and prints the database hits (total, and
 * for the organisations that engage in one of the largest fora) with each answer, so that
 * two versions of the query can be compared: same answers, fewer hits. `--hub 100,300` runs
 * it once per hub size (LIMITS.allyHub by default) on the same network.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { planNetwork } from '../src/bench/generator';
import { writeNetwork } from '../src/bench/writer';
import {
  ENGAGEMENT_ROLE_WEIGHT,
  EVENT_FACTOR,
  PARTICIPATION_ROLE_WEIGHT,
  scoreAllies,
} from '../src/domain/network';
import { toNeo4j, fromNeo4j } from '../src/graph/convert';
import { LIMITS } from '../src/services/network.service';
import { runBenchmark, withThrowawayNeo4j } from './harness/throwaway';

interface Profiled {
  operatorType: string;
  dbHits: number;
  children: Profiled[];
}

const hits = (p: Profiled): number => p.dbHits + p.children.reduce((n, c) => n + hits(c), 0);

runBenchmark(async () => {
  const { values } = parseArgs({
    options: {
      organisations: { type: 'string', default: '200' },
      out: { type: 'string' },
      first: { type: 'string', default: '10' },
      hub: { type: 'string', default: String(LIMITS.allyHub) },
    },
  });
  const network = planNetwork({ organisations: 2_000, people: 3_000, fora: 300, seed: '1' });
  await withThrowawayNeo4j({ name: 'profile-allies' }, async ({ db, book }) => {
    await writeNetwork(db, network);
    const hubs = new Set(network.sample.fora.slice(0, 5).map((f) => f.key));
    const text = book.get('network/allies');
    const orgs = network.sample.organisations.slice(0, Number(values.organisations));
    for (const hub of values.hub.split(',').map(Number)) {
      const session = db.driver.session({
        database: 'neo4j',
        defaultAccessMode: neo4j.session.READ,
      });
      const out: Array<{
        key: string;
        hub: boolean;
        bounded: boolean;
        dbHits: number;
        answer: unknown;
      }> = [];
      try {
        for (const o of orgs) {
          const params = {
            refs: [{ key: o.key, type: 'Organisation', slug: null, types: ['Organisation'] }],
            kinds: null,
            countries: null,
            cap: LIMITS.allyRows,
            hub,
            first: Number(values.first),
            forumWeights: ENGAGEMENT_ROLE_WEIGHT,
            eventWeights: PARTICIPATION_ROLE_WEIGHT,
            eventFactor: EVENT_FACTOR,
            activeStart: null,
            activeEnd: null,
          };
          const inHub = await session.run(
            'MATCH (:Organisation {id: $key})-[:ENGAGES_IN]->(f:Forum) RETURN collect(f.id) AS fora',
            { key: o.key },
          );
          const big = (inHub.records[0].get('fora') as string[]).some((f) => hubs.has(f));
          const result = await session.run(`PROFILE ${text}`, toNeo4j(params));
          const row = fromNeo4j(result.records[0].toObject()) as {
            exact?: boolean;
            top: Array<{
              rows: Array<Parameters<typeof scoreAllies>[1][number] & { event: boolean }>;
            }>;
          };
          const rows = row.top.flatMap((t) => t.rows);
          const answer = scoreAllies(
            o.key,
            rows.filter((r) => !r.event),
            rows.filter((r) => r.event),
          ).slice(0, Number(values.first));
          out.push({
            key: o.key,
            hub: big,
            bounded: row.exact === true,
            dbHits: hits(result.summary.profile as unknown as Profiled),
            answer,
          });
        }
      } finally {
        await session.close();
      }
      const sum = (xs: typeof out) => xs.reduce((n, x) => n + x.dbHits, 0);
      const inHubs = out.filter((x) => x.hub);
      process.stdout.write(
        `${JSON.stringify({
          hubSize: hub,
          organisations: out.length,
          dbHits: sum(out),
          hubOrganisations: inHubs.length,
          hubDbHits: sum(inHubs),
          exactWithoutHubWalk: out.filter((x) => x.bounded).length,
          maxDbHits: Math.max(...out.map((x) => x.dbHits)),
        })}\n`,
      );
      if (values.out) fs.writeFileSync(`${values.out}.${hub}.json`, JSON.stringify(out, null, 1));
    }
  });
});
