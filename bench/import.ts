/**
 * `npm run bench:import`: how fast the import writes ties. Generates 2,000 organisations,
 * 50 fora and 100,000 engagements as CSV, imports them into a throwaway Neo4j (512m heap,
 * started here, removed afterwards; or NEO4J_BENCH_URI, which is WIPED), and reports rows
 * per second for the first import, a second import of the same file (nothing changes) and
 * a dry run, with the CPU time Node and Neo4j used (on shared cores, wall-clock time also
 * counts waiting for other processes). BENCH_TIES=20000 runs a smaller file, BENCH_BATCH=10000 other batches,
 * BENCH_HEAP=2g and BENCH_PAGECACHE=1g another Neo4j memory; BENCH_PROFILE=1
 * adds the time spent in each repository call; with NEO4J_BENCH_URI, NEO4J_BENCH_PID names
 * the Neo4j process whose CPU time to count.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../src/graph/database';
import { entityRepository } from '../src/graph/entity.repository';
import { historyRepository } from '../src/graph/history.repository';
import { importRepository } from '../src/graph/import.repository';
import { tieRepository } from '../src/graph/tie.repository';
import { readImportFiles } from '../src/services/import/files';
import { ImportService } from '../src/services/import/import.service';
import type { ImportReport } from '../src/services/import/types';
import { runBenchmark, withThrowawayNeo4j } from './harness/throwaway';

const TIES = Number(process.env.BENCH_TIES ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const FORA = 50;
const ORGANISATIONS = Math.ceil(TIES / FORA);
const ROLES = ['MEMBER', 'FOUNDER', 'HOST', 'OBSERVER', 'PARTICIPANT', 'CONTRIBUTOR'];

function generate(dir: string): { entities: string[]; ties: string } {
  const orgs = ['slug,name,kind,countries'];
  for (let i = 0; i < ORGANISATIONS; i += 1)
    orgs.push(`bench-org-${i},Bench Organisation ${i},NGO,NL`);
  const fora = ['slug,name,kind,level'];
  for (let f = 0; f < FORA; f += 1) fora.push(`bench-forum-${f},Bench Forum ${f},NETWORK,GLOBAL`);
  const ties = ['from,to,role,since,note'];
  for (let i = 0; i < TIES; i += 1) {
    const org = Math.floor(i / FORA);
    const forum = i % FORA;
    ties.push(
      `organisation:bench-org-${org},bench-forum-${forum},${ROLES[i % ROLES.length]},${2000 + (i % 25)},"Generated, row ${i}"`,
    );
  }
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  return {
    entities: [write('organisations.csv', orgs), write('fora.csv', fora)],
    ties: write('engagements.csv', ties),
  };
}

/** CPU seconds a process has used so far (Linux /proc), to tell the work done from waiting for shared cores. */
function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
let neo4jPid: number | undefined;

interface Timing {
  label: string;
  report: ImportReport;
  seconds: number;
  rate: number;
  /** CPU seconds used by this process and by Neo4j (null when Neo4j's pid is unknown). */
  cpu: { node: number; neo4j: number | null };
}

async function timed(
  label: string,
  db: Database,
  files: string[],
  dryRun = false,
): Promise<Timing> {
  const started = process.hrtime.bigint();
  const nodeCpu = process.cpuUsage();
  const neoCpu = cpuSeconds(neo4jPid);
  const units = readImportFiles(
    files.map((f) => ({ name: f, content: fs.readFileSync(f, 'utf8') })),
  );
  const report = await new ImportService(db).run(units, {
    actor: 'bench',
    requestId: `bench-${crypto.randomUUID()}`,
    dryRun,
    batchSize: BATCH,
    outcomeLimit: 0,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = Math.round(report.rows / seconds);
  const used = process.cpuUsage(nodeCpu);
  const neoNow = cpuSeconds(neo4jPid);
  const cpu = {
    node: (used.user + used.system) / 1e6,
    neo4j: neoCpu !== null && neoNow !== null ? neoNow - neoCpu : null,
  };
  const cpuText = `cpu: node ${cpu.node.toFixed(1)} s, neo4j ${cpu.neo4j === null ? '?' : cpu.neo4j.toFixed(1)} s`;
  process.stdout.write(
    `${label.padEnd(34)} ${String(report.rows).padStart(7)} rows ${seconds.toFixed(2).padStart(7)} s ${String(rate).padStart(7)} rows/s  (created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, failed ${report.failed}; ${cpuText})\n`,
  );
  for (const [k, p] of [...profile].sort((a, b) => b[1].ms - a[1].ms))
    process.stdout.write(
      `    ${k.padEnd(28)} ${String(p.calls).padStart(5)} calls ${(p.ms / 1000).toFixed(2).padStart(7)} s\n`,
    );
  profile.clear();
  if (report.failed)
    throw new Error(`the benchmark import failed: ${JSON.stringify(report.errors.slice(0, 5))}`);
  return { label, report, seconds, rate, cpu };
}

/** BENCH_PROFILE=1: time spent in each repository call, to see where an import's time goes. */
const profile = new Map<string, { calls: number; ms: number }>();
function instrument(name: string, repo: Record<string, unknown>): void {
  for (const [k, fn] of Object.entries(repo)) {
    if (typeof fn !== 'function') continue;
    repo[k] = async (...args: unknown[]) => {
      const t = process.hrtime.bigint();
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        const p = profile.get(`${name}.${k}`) ?? { calls: 0, ms: 0 };
        p.calls += 1;
        p.ms += Number(process.hrtime.bigint() - t) / 1e6;
        profile.set(`${name}.${k}`, p);
      }
    };
  }
}

async function main() {
  if (process.env.BENCH_PROFILE) {
    instrument('import', importRepository);
    instrument('history', historyRepository);
    instrument('entity', entityRepository);
    instrument('tie', tieRepository);
  }
  const uri = process.env.NEO4J_BENCH_URI;
  const external = uri
    ? {
        uri,
        user: process.env.NEO4J_BENCH_USER ?? 'neo4j',
        password: process.env.NEO4J_BENCH_PASSWORD ?? '',
      }
    : undefined;
  if (external && process.env.NEO4J_BENCH_PID) neo4jPid = Number(process.env.NEO4J_BENCH_PID);
  await withThrowawayNeo4j(
    {
      name: 'import',
      heap: process.env.BENCH_HEAP,
      pageCache: process.env.BENCH_PAGECACHE,
      external,
      wipe: true,
    },
    async ({ db, dir, local }) => {
      if (local) neo4jPid = local.pid;
      const files = generate(dir);
      process.stdout.write(
        `node ${process.version}, ${os.cpus().length} cores, ${TIES} ties between ${ORGANISATIONS} organisations and ${FORA} fora, batches of ${BATCH}\n`,
      );
      await timed('entities (first import)', db, files.entities);
      const first = await timed('ties (first import)', db, [files.ties]);
      await timed('ties (same file again, unchanged)', db, [files.ties]);
      await timed('ties (dry run)', db, [files.ties], true);
      const load = os.loadavg()[0].toFixed(1);
      process.stdout.write(
        `\nRESULT ${first.rate} ties/s on the first import (${TIES} ties in ${first.seconds.toFixed(1)} s wall clock, history included; load average ${load} on ${os.cpus().length} cores)\n`,
      );
      if (first.cpu.neo4j !== null) {
        const cpu = first.cpu.node + first.cpu.neo4j;
        process.stdout.write(
          `CPU   ${cpu.toFixed(1)} CPU seconds (node ${first.cpu.node.toFixed(1)}, neo4j ${first.cpu.neo4j.toFixed(1)}): ${Math.round(TIES / cpu)} ties per CPU second\n`,
        );
      }
    },
  );
}

runBenchmark(main);
