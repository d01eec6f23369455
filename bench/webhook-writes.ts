/**
 * `npm run bench:webhook-writes [-- --hooks 200] [--dead 50] [--hanging 50] [--writes 200]
 * [--concurrency 2,8] [--rounds 2] [--baseline <git revision>]`: what webhooks cost writes (docs/live.md, "Webhooks"; issue #15:
 * "a dead receiver never slows writes").
 *
 * A throwaway Neo4j and the service as deployed (NODE_ENV=production, a child process, default
 * WEBHOOK_* settings, WEBHOOK_ALLOW_HTTP_LOCALHOST=true). Each scenario starts the service afresh
 * on an emptied database, registers its hooks (none, or `--hooks` of them: `--dead` to a port
 * nobody listens on, `--hanging` to a receiver that never answers, the rest to one that answers
 * 204 at once), writes 50 organisations to warm up, then `--writes` organisations one after the
 * other from one client, as fast as the answers come, and times each mutation. The scenarios with
 * hooks run once per WEBHOOK_CONCURRENCY in `--concurrency`; all of them, `--rounds` times in
 * turn (the machine's load changes: each round is a side-by-side comparison). With
 * `--baseline <rev>`, the same scenario with hooks also runs on that revision of the project
 * (git archive into a temporary folder, this checkout's node_modules, compiled there), side by
 * side in the same run. Results as JSON in bench/results/ and as Markdown on stdout
 * (docs/benchmarks.md, "Live delivery delay").
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApiKey } from '../src/auth/api-keys';
import { projectRoot } from '../src/paths';
import { keyedGraphql, startService } from './harness/processes';
import { runBenchmark, withThrowawayNeo4j } from './harness/throwaway';
import { freePort } from '../tests/helpers/ports';

const log = (line: string) =>
  process.stdout.write(
    `[bench:webhook-writes ${new Date().toISOString().slice(11, 19)}] ${line}\n`,
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n * 10) / 10;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** That revision of the project, compiled, in a temporary folder (removed by the caller). */
function buildBaseline(rev: string, dir: string): string {
  const root = path.join(dir, 'baseline');
  fs.mkdirSync(root);
  const archive = execFileSync('git', ['archive', '--format=tar', rev], {
    cwd: projectRoot(),
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  fs.symlinkSync(path.join(projectRoot(), 'node_modules'), path.join(root, 'node_modules'));
  execFileSync(process.execPath, [
    path.join(projectRoot(), 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    path.join(root, 'tsconfig.build.json'),
  ]);
  return root;
}

interface Scenario {
  name: string;
  hooks: number;
  root?: string;
  env?: Record<string, string>;
}

async function main() {
  const { values } = parseArgs({
    options: {
      hooks: { type: 'string', default: '200' },
      dead: { type: 'string', default: '50' },
      hanging: { type: 'string', default: '50' },
      writes: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '2,8' },
      rounds: { type: 'string', default: '2' },
      baseline: { type: 'string' },
    },
  });
  const hooks = Number(values.hooks);
  const dead = Math.min(hooks, Number(values.dead));
  const hanging = Math.min(hooks - dead, Number(values.hanging));
  const writes = Number(values.writes);
  const load = os.loadavg();
  log(`machine: ${os.cpus().length} cores, load ${load.map((l) => l.toFixed(2)).join(' ')}`);

  await withThrowawayNeo4j({ name: 'webhook-writes' }, async (t) => {
    const key = (await createApiKey(t.db, 'bench webhook-writes', 'admin')).key;
    const scenarios: Scenario[] = [
      { name: 'no hooks', hooks: 0 },
      ...values.concurrency.split(',').map((c) => ({
        name: `${hooks} hooks, WEBHOOK_CONCURRENCY=${c}`,
        hooks,
        env: { WEBHOOK_CONCURRENCY: c },
      })),
    ];
    let baselineRev: string | null = null;
    if (values.baseline) {
      baselineRev = execFileSync('git', ['rev-parse', '--short', values.baseline], {
        cwd: projectRoot(),
        encoding: 'utf8',
      }).trim();
      log(`building the baseline ${baselineRev}...`);
      const root = buildBaseline(values.baseline, t.dir);
      scenarios.push({ name: `${hooks} hooks, baseline ${baselineRev}`, hooks, root });
    }

    // Receivers: one that answers at once (counting), one that never answers, and a port nobody listens on.
    let liveDeliveries = 0;
    const live = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        liveDeliveries++;
        res.writeHead(204).end();
      });
    });
    const hung = new Set<http.ServerResponse>();
    const hang = http.createServer((req, res) => {
      req.resume();
      hung.add(res);
    });
    const listen = (s: http.Server) =>
      new Promise<string>((r) =>
        s.listen(0, '127.0.0.1', () =>
          r(`http://127.0.0.1:${(s.address() as net.AddressInfo).port}/`),
        ),
      );
    const liveUrl = await listen(live);
    const hangUrl = await listen(hang);
    const deadUrl = `http://127.0.0.1:${await freePort()}/`;

    const results = [];
    const rounds = Number(values.rounds);
    for (const [round_, s] of Array.from({ length: rounds }, (_, r) =>
      scenarios.map((s) => [r + 1, s] as const),
    ).flat()) {
      // A fresh start for each scenario: no hooks, log or entities left by the one before.
      const session = t.db.driver.session({ database: t.conn.database });
      try {
        await session.run(
          'MATCH (n) WHERE n:Webhook OR n:WebhookDelivery OR n:Entity CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS',
        );
      } finally {
        await session.close();
      }
      const port = await freePort();
      const service = await startService(
        { uri: t.conn.uri, user: t.conn.user, password: t.conn.password },
        port,
        t.dir,
        undefined,
        { WEBHOOK_ALLOW_HTTP_LOCALHOST: 'true', ...s.env },
        s.root,
      );
      const gql = keyedGraphql(service.url, key);
      try {
        for (let i = 0; i < s.hooks; i++) {
          const url = i < dead ? deadUrl : i < dead + hanging ? hangUrl : liveUrl;
          await gql('mutation($url: String!) { createWebhook(input: {url: $url}) { secret } }', {
            url,
          });
        }
        log(`${s.name}: warming up...`);
        for (let i = 0; i < 50; i++)
          await gql('mutation($n: String!) { createOrganisation(input: {name: $n}) { id } }', {
            n: `warm-up ${i}`,
          });
        await sleep(3000);
        log(`${s.name}: ${writes} writes...`);
        const delivered0 = liveDeliveries;
        const times: number[] = [];
        const started = performance.now();
        for (let i = 0; i < writes; i++) {
          const t0 = performance.now();
          await gql('mutation($n: String!) { createOrganisation(input: {name: $n}) { id } }', {
            n: `write ${i}`,
          });
          times.push(performance.now() - t0);
        }
        const seconds = (performance.now() - started) / 1000;
        const sorted = [...times].sort((a, b) => a - b);
        const r = {
          round: round_,
          scenario: s.name,
          hooks: s.hooks,
          revision: s.root ? baselineRev : 'this checkout',
          writesPerSecond: round(writes / seconds),
          medianMs: round(percentile(sorted, 50)),
          p95Ms: round(percentile(sorted, 95)),
          maxMs: round(sorted[sorted.length - 1]),
          liveDeliveriesDuringWrites: liveDeliveries - delivered0,
        };
        log(JSON.stringify(r));
        results.push(r);
      } finally {
        await service.stop();
        for (const res of hung) res.destroy();
        hung.clear();
      }
    }
    await new Promise<void>((r) => live.close(() => r()));
    hang.closeAllConnections();
    await new Promise<void>((r) => hang.close(() => r()));

    const result = {
      at: new Date().toISOString(),
      machine: { cores: os.cpus().length, loadBefore: load, loadAfter: os.loadavg() },
      settings: { hooks, dead, hanging, liveHooks: hooks - dead - hanging, writes, rounds },
      results,
    };
    const out = path.join(
      projectRoot(),
      'bench',
      'results',
      `webhook-writes-${result.at.slice(0, 19).replace(/:/g, '-')}.json`,
    );
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${path.relative(projectRoot(), out)}`);
    process.stdout.write(
      [
        '',
        `Load before: ${load.map((l) => l.toFixed(2)).join(' ')}; after: ${result.machine.loadAfter.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`,
        '',
        '| Round | Scenario | Code | Writes/s | Median ms | p95 ms | Max ms | Deliveries to live receivers meanwhile |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...results.map(
          (r) =>
            `| ${r.round} | ${r.scenario} | ${r.revision} | ${r.writesPerSecond} | ${r.medianMs} | ${r.p95Ms} | ${r.maxMs} | ${r.liveDeliveriesDuringWrites} |`,
        ),
        '',
      ].join('\n'),
    );
  });
}

runBenchmark(main);
