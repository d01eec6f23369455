/**
 * `npm run bench:live [-- --subscribers 100] [--changes 200] [--rate 10] [--idle 30]`: how long a
 * change takes from its commit to the clients of the change feed (docs/live.md), and what an idle
 * service with subscribers costs.
 *
 * A throwaway Neo4j and the service as deployed (NODE_ENV=production, a child process, default
 * FEED_POLL_MS and WEBHOOK_POLL_MS); `--subscribers` graphql-ws clients subscribed to `changes`,
 * and one webhook to a local receiver (WEBHOOK_ALLOW_HTTP_LOCALHOST=true). First the CPU of the
 * service and of Neo4j over `--idle` seconds with the subscribers connected and nothing written
 * (utime + stime from /proc/<pid>/stat), after as long with Neo4j alone as a baseline; then `--changes` organisations created one at a time at
 * `--rate` per second. A change's delay is from the moment its mutation's answer arrives (just
 * after the commit) to the moment a subscriber, or the webhook receiver, has it. Results as JSON
 * in bench/results/ and as Markdown on stdout (docs/benchmarks.md, "Live delivery delay").
 */
import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createApiKey } from '../src/auth/api-keys';
import { projectRoot } from '../src/paths';
import { keyedGraphql, startService } from './harness/processes';
import { runBenchmark, withThrowawayNeo4j } from './harness/throwaway';
import { freePort } from '../tests/helpers/ports';

const log = (line: string) =>
  process.stdout.write(`[bench:live ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which is in parentheses and may hold spaces).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // USER_HZ is 100 on Linux
}

const round = (n: number) => Math.round(n * 10) / 10;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function summary(delays: number[]) {
  const s = [...delays].sort((a, b) => a - b);
  return {
    count: s.length,
    medianMs: round(percentile(s, 50)),
    p99Ms: round(percentile(s, 99)),
    maxMs: round(s[s.length - 1] ?? NaN),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      subscribers: { type: 'string', default: '100' },
      changes: { type: 'string', default: '200' },
      rate: { type: 'string', default: '10' },
      idle: { type: 'string', default: '30' },
    },
  });
  const subscribers = Number(values.subscribers);
  const changes = Number(values.changes);
  const rate = Number(values.rate);
  const idleS = Number(values.idle);
  const load = os.loadavg();
  log(`machine: ${os.cpus().length} cores, load ${load.map((l) => l.toFixed(2)).join(' ')}`);

  await withThrowawayNeo4j({ name: 'live' }, async (t) => {
    const key = (await createApiKey(t.db, 'bench live', 'admin')).key;
    // Neo4j's own background work, before the service connects: the baseline of the idle figure.
    const neo4jPid = t.local?.pid;
    let neo4jAlonePercent = NaN;
    if (neo4jPid) {
      const before = cpuSeconds(neo4jPid);
      log(`Neo4j alone for ${idleS} s...`);
      await sleep(idleS * 1000);
      neo4jAlonePercent = round(((cpuSeconds(neo4jPid) - before) / idleS) * 100);
    }
    const port = await freePort();
    const logDir = t.dir;
    const service = await startService(
      { uri: t.conn.uri, user: t.conn.user, password: t.conn.password },
      port,
      logDir,
      undefined,
      {
        WEBHOOK_ALLOW_HTTP_LOCALHOST: 'true',
        WS_MAX_SUBSCRIPTIONS_PER_KEY: String(Math.max(100, subscribers * 2)),
      },
    );
    const gql = keyedGraphql(service.url, key);

    // Arrival times by organisation name, per subscriber and at the webhook receiver.
    const arrivals: Array<Map<string, number>> = [];
    const hookArrivals = new Map<string, number>();
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const at = performance.now();
        const name = (JSON.parse(body) as { change: { after?: { name?: string } } }).change.after
          ?.name;
        if (name && !hookArrivals.has(name)) hookArrivals.set(name, at);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const address = receiver.address();
    const hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    await gql('mutation($url: String!) { createWebhook(input: {url: $url}) { secret } }', {
      url: hookUrl,
    });

    const clients: Client[] = [];
    for (let i = 0; i < subscribers; i++) {
      const seen = new Map<string, number>();
      arrivals.push(seen);
      const client = createClient({
        url: service.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${key}` },
        retryAttempts: 0,
      });
      clients.push(client);
      client.subscribe<{ changes: { after: { name?: string } | null } }>(
        { query: 'subscription { changes { after } }' },
        {
          next: ({ data }) => {
            const name = data?.changes.after?.name;
            if (name) seen.set(name, performance.now());
          },
          error: (err) => log(`subscriber ${i}: ${JSON.stringify(err)}`),
          complete: () => undefined,
        },
      );
    }
    // Every subscriber is live once it has a first change.
    await gql('mutation { createOrganisation(input: {name: "warm-up"}) { id } }');
    for (let i = 0; i < 600 && arrivals.some((a) => !a.has('warm-up')); i++) await sleep(100);
    const live = arrivals.filter((a) => a.has('warm-up')).length;
    log(`${live} of ${subscribers} subscribers live`);

    const cpu0 = { service: cpuSeconds(service.pid), neo4j: neo4jPid ? cpuSeconds(neo4jPid) : 0 };
    log(`idle for ${idleS} s with ${live} subscribers and one webhook...`);
    await sleep(idleS * 1000);
    const idleCpu = {
      servicePercent: round(((cpuSeconds(service.pid) - cpu0.service) / idleS) * 100),
      neo4jPercent: neo4jPid ? round(((cpuSeconds(neo4jPid) - cpu0.neo4j) / idleS) * 100) : NaN,
      neo4jAlonePercent,
    };
    log(
      `idle CPU: service ${idleCpu.servicePercent} %, Neo4j ${idleCpu.neo4jPercent} % of one core (Neo4j alone: ${neo4jAlonePercent} %)`,
    );

    log(`writing ${changes} changes at ${rate}/s...`);
    const committed = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < changes; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const name = `live ${i}`;
      await gql('mutation($n: String!) { createOrganisation(input: {name: $n}) { id } }', {
        n: name,
      });
      committed.set(name, performance.now());
    }
    const complete = () =>
      hookArrivals.size >= changes + 1 && arrivals.every((a) => a.size >= changes + 1);
    for (let i = 0; i < 600 && !complete(); i++) await sleep(100);

    const feedDelays: number[] = [];
    let missing = 0;
    for (const a of arrivals)
      for (const [name, at] of committed) {
        const got = a.get(name);
        if (got === undefined) missing++;
        else feedDelays.push(got - at);
      }
    const hookDelays = [...committed].flatMap(([name, at]) => {
      const got = hookArrivals.get(name);
      return got === undefined ? [] : [got - at];
    });
    const result = {
      at: new Date().toISOString(),
      machine: { cores: os.cpus().length, loadBefore: load, loadAfter: os.loadavg() },
      settings: { subscribers, live, changes, rate, idleS, feedPollMs: 100, webhookPollMs: 250 },
      idleCpu,
      subscriptions: { ...summary(feedDelays), missing },
      webhook: { ...summary(hookDelays), missing: changes - hookDelays.length },
    };
    for (const c of clients) await c.dispose();
    await new Promise<void>((r) => receiver.close(() => r()));
    await service.stop();

    const out = path.join(
      projectRoot(),
      'bench',
      'results',
      `live-delay-${result.at.slice(0, 19).replace(/:/g, '-')}.json`,
    );
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${path.relative(projectRoot(), out)}`);
    const row = (name: string, s: ReturnType<typeof summary> & { missing: number }) =>
      `| ${name} | ${s.count} | ${s.medianMs} | ${s.p99Ms} | ${s.maxMs} | ${s.missing} |`;
    process.stdout.write(
      [
        '',
        `Load before: ${load.map((l) => l.toFixed(2)).join(' ')}; after: ${result.machine.loadAfter.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`,
        '',
        '| Delivered to | Deliveries | Median ms | p99 ms | Max ms | Missing |',
        '| --- | --- | --- | --- | --- | --- |',
        row(`${live} subscribers (graphql-ws)`, result.subscriptions),
        row('one webhook', result.webhook),
        '',
        `Idle (${idleS} s, ${live} subscribers, one webhook, nothing written): service ${idleCpu.servicePercent} %, Neo4j ${idleCpu.neo4jPercent} % of one core; Neo4j alone before the service started: ${neo4jAlonePercent} %.`,
        '',
      ].join('\n'),
    );
  });
}

runBenchmark(main);
