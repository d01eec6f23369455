/**
 * `npm run generate -- --organisations N --people M --fora F --seed S [--events E] [--wipe]`:
 * writes a deterministic, realistically skewed network (src/bench/generator.ts) into the
 * configured Neo4j (NEO4J_URI, or the project's local one), for benchmarks and demos.
 * Refuses a database that already holds entities unless --wipe is given.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrate } from '../graph/migrations';
import { openRuntime } from '../runtime';
import { planNetwork } from '../bench/generator';
import { DEFAULT_BATCH, entityCount, graphCounts, wipeGraph, writeNetwork } from '../bench/writer';

const USAGE =
  'Usage: npm run generate -- --organisations N --people M --fora F [--events E] [--seed S] [--batch 10000] [--wipe]';

function whole(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined && fallback !== undefined) return fallback;
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < 1)
    throw new Error(`--${name} needs a whole number of at least 1.\n${USAGE}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      organisations: { type: 'string' },
      people: { type: 'string' },
      fora: { type: 'string' },
      events: { type: 'string' },
      seed: { type: 'string', default: '1' },
      batch: { type: 'string' },
      wipe: { type: 'boolean', default: false },
    },
  });
  const size = {
    organisations: whole('organisations', values.organisations),
    people: whole('people', values.people),
    fora: whole('fora', values.fora),
    events: values.events === undefined ? undefined : whole('events', values.events),
    seed: values.seed,
  };
  const batch = whole('batch', values.batch, DEFAULT_BATCH);
  const config = loadConfig();
  const logger = createLogger(config);
  const runtime = await openRuntime(config, logger);
  try {
    await migrate(runtime.db, logger);
    const existing = await entityCount(runtime.db);
    if (existing > 0 && !values.wipe) {
      throw new Error(
        `The database already holds ${existing} entities. Pass --wipe to delete every entity, tie and history record first (migrations and API keys stay), or point NEO4J_URI at an empty database.`,
      );
    }
    if (existing > 0) process.stdout.write(`Wiped ${await wipeGraph(runtime.db, batch)} nodes.\n`);
    const t0 = Date.now();
    const network = planNetwork(size);
    process.stdout.write(
      `Planned in ${Date.now() - t0} ms: ${Object.entries(network.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.\n`,
    );
    let last = 0;
    const result = await writeNetwork(runtime.db, network, batch, (p) => {
      if (Date.now() - last > 2000 || p.written === p.total) {
        last = Date.now();
        process.stdout.write(`  ${p.section}: ${p.written}/${p.total}\n`);
      }
    });
    const counts = await graphCounts(runtime.db);
    process.stdout.write(
      `Wrote ${result.rows} rows in ${(result.ms / 1000).toFixed(1)} s (${Math.round(result.rows / (result.ms / 1000))} rows/s, batches of ${batch}).\n`,
    );
    process.stdout.write(
      `The graph holds: ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.\n`,
    );
  } finally {
    await runtime.close();
  }
}

void main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
