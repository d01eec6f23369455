/**
 * `npm run bench:plans [-- --large] [--only a,b] [--starts 5] [--repeat 15]`: where a question's time
 * goes. On a throwaway Neo4j with the benchmark's small (or, with --large, large) network, each
 * question of bench/harness/operations.ts is asked of the service in-process (one request at a
 * time, no load; writes too, whose PROFILE and timed runs are rolled back);
 * the Cypher the service sent is captured (the database's debug log), then run directly, as is the
 * floor's query for the same start point: PROFILE for database hits, and plain runs for the time
 * Neo4j reports (result available + consumed). Compared with the request's own time, this splits
 * the service's cost into the query's work in Neo4j and everything else (GraphQL, Bolt, JSON).
 *
 * BENCH_NEO4J_URI (+ BENCH_NEO4J_USER, BENCH_NEO4J_PASSWORD) uses a running Neo4j instead: an
 * empty one gets the network written; one that holds entities is taken to hold this network
 * already (the generator is deterministic for a seed), so a large network is written once and
 * profiled many times. PLANS_SHOW=1 prints each query, its parameters and its profiled plan.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import neo4j, { ManagedTransaction, Session } from 'neo4j-driver';
import { createApiKey } from '../src/auth/api-keys';
import { parseConfig } from '../src/config';
import { planNetwork } from '../src/bench/generator';
import { writeNetwork } from '../src/bench/writer';
import { Database } from '../src/graph/database';
import { toNeo4j } from '../src/graph/convert';
import { QueryBook } from '../src/graph/queries';
import { createSchema } from '../src/schema';
import { startServer } from '../src/server';
import { floorBook, FloorTx } from './harness/floor';
import { body } from './harness/load';
import { operations } from './harness/operations';
import { runBenchmark, withThrowawayNeo4j } from './harness/throwaway';
import { SIZES } from './harness/sizes';
import { Captured, capturingLogger } from './harness/captured';
import { entityCount } from '../src/bench/writer';

interface Measure {
  dbHits: number;
  /** Median of Neo4j's own time for the query (available + consumed), ms. */
  serverMs: number;
}

interface ProfiledPlan {
  dbHits: number;
  children: ProfiledPlan[];
}
const hits = (p: ProfiledPlan): number => p.dbHits + p.children.reduce((n, c) => n + hits(c), 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** A write replayed after it committed needs new ids for what it creates (its history change). */
function freshIds(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  for (const [k, v] of Object.entries(params))
    if (v && typeof v === 'object' && !Array.isArray(v) && k === 'change')
      out[k] = { ...(v as Record<string, unknown>), id: crypto.randomUUID() };
    else if (k === 'changeId') out[k] = crypto.randomUUID();
  return out;
}

async function measure(session: Session, q: Captured, repeat: number): Promise<Measure> {
  const params = toNeo4j(freshIds(q.params)) as Record<string, unknown>;
  const once = async (text: string) => {
    const tx = session.beginTransaction();
    try {
      return await tx.run(text, params);
    } finally {
      await tx.rollback();
    }
  };
  const profiled = await once(`PROFILE ${q.cypher}`);
  if (process.env.PLANS_SHOW && profiled.summary.profile) {
    const show = (
      p: ProfiledPlan & {
        operatorType?: string;
        rows?: number;
        arguments?: Record<string, unknown>;
      },
      depth: number,
    ): void => {
      const details =
        typeof p.arguments?.Details === 'string' ? p.arguments.Details.slice(0, 110) : '';
      process.stdout.write(
        `${'  '.repeat(depth)}${p.operatorType} rows=${p.rows} hits=${p.dbHits} ${details}\n`,
      );
      for (const c of p.children) show(c, depth + 1);
    };
    process.stdout.write(
      `runtime: ${String((profiled.summary.profile as { arguments?: Record<string, unknown> }).arguments?.runtime)}\n`,
    );
    show(profiled.summary.profile, 0);
  }
  const times: number[] = [];
  for (let r = 0; r < repeat; r += 1) {
    const res = await once(q.cypher);
    times.push(
      res.summary.resultAvailableAfter.toNumber() + res.summary.resultConsumedAfter.toNumber(),
    );
  }
  return {
    dbHits: profiled.summary.profile ? hits(profiled.summary.profile) : 0,
    serverMs: median(times),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      large: { type: 'boolean', default: false },
      starts: { type: 'string', default: '5' },
      repeat: { type: 'string', default: '15' },
    },
  });
  const only = values.only ? values.only.split(',') : null;
  const starts = Number(values.starts);
  const repeat = Number(values.repeat);
  const env = process.env;
  const external = env.BENCH_NEO4J_URI
    ? {
        uri: env.BENCH_NEO4J_URI,
        user: env.BENCH_NEO4J_USER ?? 'neo4j',
        password: env.BENCH_NEO4J_PASSWORD ?? '',
      }
    : undefined;
  const sizing = values.large ? { heap: '4g', pageCache: '6g' } : { heap: '1g', pageCache: '512m' };
  await withThrowawayNeo4j({ name: 'plans', ...sizing, external }, async (t) => {
    const network = planNetwork({ ...SIZES[values.large ? 'large' : 'small'], seed: '1' });
    if ((await entityCount(t.db)) === 0) await writeNetwork(t.db, network);
    else process.stderr.write('plans: the database holds a network already; profiling that one\n');
    const key = await createApiKey(t.db, 'plans', 'editor');
    const captured: Captured[] = [];
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
    const server = await startServer(
      { config, logger, db, schema: await createSchema(), isMigrated: () => true },
      { host: '127.0.0.1', port: 0 },
    );
    const session = t.db.driver.session({ database: 'neo4j' });
    const book = floorBook();
    const out: string[] = [
      '| Question | service queries | service db hits | floor db hits | service Cypher ms | floor Cypher ms | service request ms | floor request ms | service Node CPU ms | floor Node CPU ms |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ];
    try {
      if (process.env.PLANS_PROFILE) {
        // A CPU profile of only the service's requests (PLANS_PROFILE=<file>): 200 of the first --only question.
        const op = operations(network.sample).find((o) => !only || only.includes(o.name))!;
        const inspect = new inspector.Session();
        inspect.connect();
        await inspect.post('Profiler.enable');
        await inspect.post('Profiler.start');
        for (let i = 0; i < 200; i += 1) {
          const res = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` },
            body: body(op.ours(i % starts)),
          });
          await res.text();
        }
        const { profile } = await inspect.post('Profiler.stop');
        fs.writeFileSync(process.env.PLANS_PROFILE, JSON.stringify(profile));
        return;
      }
      for (const op of operations(network.sample)) {
        if (only && !only.includes(op.name)) continue;
        const rows = { queries: 0, sHits: 0, fHits: 0, sMs: 0, fMs: 0, reqMs: [] as number[] };
        const floorReq: number[] = [];
        const cpu = { service: 0, floor: 0 };
        const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
        for (let i = 0; i < starts; i += 1) {
          const first = op.ours(i);
          // Warm once (plan cache, page cache), then time the request and capture what it sent.
          // A write is asked anew each time (an add gets a new date, so it is no duplicate); its
          // PROFILE below replays the captured query after it committed, in a rolled-back transaction.
          for (let w = 0; w < 2; w += 1) {
            const req = w === 0 || op.mode === 'READ' ? first : op.ours(i);
            captured.length = 0;
            const started = process.hrtime.bigint();
            const c0 = process.cpuUsage();
            const res = await fetch(server.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` },
              body: body(req),
            });
            const text = await res.text();
            // A question that fails would be profiled as nothing: stop and say why.
            if (!res.ok || text.includes('"errors"'))
              throw new Error(
                `${op.name}: the service answered ${res.status}: ${text.slice(0, 500)}`,
              );
            if (w === 1) {
              rows.reqMs.push(Number(process.hrtime.bigint() - started) / 1e6);
              cpu.service += cpuMs(process.cpuUsage(c0)) / starts;
            }
          }
          const sent = [...captured];
          if (process.env.PLANS_SHOW)
            for (const q of sent)
              process.stdout.write(`${op.name}: ${q.cypher}\n${JSON.stringify(q.params)}\n`);
          rows.queries = Math.max(rows.queries, sent.length);
          for (const q of sent) {
            const m = await measure(session, q, repeat);
            rows.sHits += m.dbHits / starts;
            rows.sMs += m.serverMs / starts;
          }
          // The floor: capture its text through a transaction that records what FloorTx sends.
          const floorSent: Captured[] = [];
          const read = t.db.driver.session({
            database: 'neo4j',
            defaultAccessMode: op.mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
          });
          try {
            for (let w = 0; w < 2; w += 1) {
              floorSent.length = 0;
              const started = process.hrtime.bigint();
              const c0 = process.cpuUsage();
              const run = <T>(work: (tx: ManagedTransaction) => Promise<T>) =>
                op.mode === 'READ' ? read.executeRead(work) : read.executeWrite(work);
              await run(async (tx: ManagedTransaction) => {
                const spy = {
                  run: (text: string, params: Record<string, unknown>) => {
                    floorSent.push({ cypher: text, params: params });
                    return tx.run(text, params);
                  },
                } as unknown as ManagedTransaction;
                return op.floor(new FloorTx(spy, book), i);
              });
              if (w === 1) {
                floorReq.push(Number(process.hrtime.bigint() - started) / 1e6);
                cpu.floor += cpuMs(process.cpuUsage(c0)) / starts;
              }
            }
          } finally {
            await read.close();
          }
          for (const q of floorSent) {
            // FloorTx converted the parameters already; measure() converts plain ones, so pass them through as they are.
            const m = await measure(session, { cypher: q.cypher, params: q.params }, repeat);
            rows.fHits += m.dbHits / starts;
            rows.fMs += m.serverMs / starts;
          }
        }
        out.push(
          `| ${op.name} | ${rows.queries} | ${Math.round(rows.sHits)} | ${Math.round(rows.fHits)} | ${rows.sMs.toFixed(1)} | ${rows.fMs.toFixed(1)} | ${median(rows.reqMs).toFixed(1)} | ${median(floorReq).toFixed(1)} | ${cpu.service.toFixed(1)} | ${cpu.floor.toFixed(1)} |`,
        );
        process.stdout.write(`${out[out.length - 1]}\n`);
      }
    } finally {
      await session.close();
      await server.stop();
    }
    process.stdout.write(`\n${out.join('\n')}\n`);
  });
}

runBenchmark(main);
