/**
 * `npm run bench:explorer [-- --runs 3]`: how the explorer feels on a hub. On a throwaway Neo4j
 * with the benchmark's small network (2,000 organisations, 3,000 people, 300 fora), the service
 * runs in-process and headless Chromium (tests/helpers/browser.ts) opens the explorer on the
 * most engaged forum, whose neighbourhood is cut at 500 entities. Measured, each run in a new page:
 *
 * - **first drawing**: from navigation start (performance.timeOrigin) to the page's
 *   `explorer:drawn` mark (web/src/graph.ts: the layout done and a frame with it rendered);
 *   it includes loading the page, the GraphQL answer and the layout;
 * - **longest task** while doing so (PerformanceObserver "longtask": how long the page froze);
 * - **panning**: requestAnimationFrame deltas while the mouse drags the drawing 450 px in 90
 *   moves, one every 16 ms (p50, p95, max);
 * - **year change**: from the slider's input event to the next `explorer:drawn` mark
 *   (includes the GraphQL answer), all years → a year, a year → the next, and back to all years.
 *
 * Prints a Markdown table for docs/benchmarks.md ("Explorer"), with the machine's load (uptime).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { parseConfig } from '../src/config';
import { planNetwork } from '../src/bench/generator';
import { writeNetwork } from '../src/bench/writer';
import { createSchema } from '../src/schema';
import { startServer } from '../src/server';
import { buildWeb, launchBrowser } from '../tests/helpers/browser';
import { runBenchmark, withThrowawayNeo4j } from './harness/throwaway';

// Functions given to page.evaluate run in the page; this program has no DOM types: the little they use.
interface PageControl {
  checked: boolean;
  value: string;
  dispatchEvent(event: unknown): boolean;
}
declare const document: { getElementById(id: string): PageControl };
declare const Event: new (type: string, init: { bubbles: boolean }) => unknown;
declare const window: { __longtasks: number[]; __frames: number[]; __panning: boolean };
declare const requestAnimationFrame: (f: (t: number) => void) => number;

interface Neighbourhood {
  truncated: boolean;
  nodes: Array<{ id: string }>;
  edges: Array<{ since: string | null }>;
}

interface Run {
  firstMs: number;
  /** When the last /graphql answer before the first drawing had arrived (navigation start = 0). */
  answerMs: number;
  longestTaskMs: number;
  pan: { p50: number; p95: number; max: number; frames: number };
  yearMs: number[];
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const median = (xs: number[]) => pct(xs, 50);
const range = (xs: number[]) =>
  `${Math.round(median(xs))} (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`;

/** Collects long tasks from the page's start (an init script is not subject to the page's CSP). */
const OBSERVE = `
  window.__longtasks = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
`;

const marks = (page: Page) =>
  page.evaluate(() => performance.getEntriesByName('explorer:drawn').map((e) => e.startTime));

async function waitForMark(page: Page, count: number): Promise<number> {
  await page.waitForFunction(
    (n) => performance.getEntriesByName('explorer:drawn').length >= n,
    count,
    { timeout: 180_000, polling: 50 },
  );
  return (await marks(page))[count - 1];
}

async function yearChange(page: Page, year: number | null): Promise<number> {
  const before = (await marks(page)).length;
  const t0 = await page.evaluate((y) => {
    const all = document.getElementById('all-years');
    const slider = document.getElementById('year');
    const t = performance.now();
    if (y === null) {
      all.checked = true;
      all.dispatchEvent(new Event('change', { bubbles: true }));
    } else {
      if (all.checked) {
        all.checked = false;
        all.dispatchEvent(new Event('change', { bubbles: true }));
      }
      slider.value = String(y);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return t;
  }, year);
  // Unticking "all years" may draw once by itself: wait for the drawing after the slider's.
  await page.waitForFunction(
    (n) => performance.getEntriesByName('explorer:drawn').length > n,
    before,
    { timeout: 180_000, polling: 50 },
  );
  await page.waitForTimeout(500);
  const all = await marks(page);
  return all[all.length - 1] - t0;
}

async function pan(page: Page): Promise<Run['pan']> {
  const box = (await page.locator('#graph').boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    window.__panning = true;
    const tick = (t: number) => {
      window.__frames.push(t - last);
      last = t;
      if (window.__panning) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 90; i += 1) {
    await page.mouse.move(x + i * 5, y + (i % 2));
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const frames: number[] = await page.evaluate(() => {
    window.__panning = false;
    return window.__frames.slice(1);
  });
  return {
    p50: pct(frames, 50),
    p95: pct(frames, 95),
    max: Math.max(...frames),
    frames: frames.length,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const runs = Number(values.runs);
  buildWeb();
  await withThrowawayNeo4j({ name: 'explorer', heap: '1g', pageCache: '512m' }, async (t) => {
    const network = planNetwork({ organisations: 2_000, people: 3_000, fora: 300, seed: '1' });
    await writeNetwork(t.db, network);
    const config = parseConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      NEO4J_URI: t.conn.uri,
      NEO4J_PASSWORD: t.conn.password,
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
    });
    const server = await startServer(
      {
        config,
        logger: pino({ level: 'silent' }),
        db: t.db,
        schema: await createSchema(),
        isMigrated: () => true,
      },
      { host: '127.0.0.1', port: 0 },
    );
    const base = new URL(server.url).origin;
    const browser = await launchBrowser();
    try {
      const hub = network.sample.fora[0];
      const ask = async <T>(query: string, variables: Record<string, unknown>) => {
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        });
        return res.json() as Promise<{ data: T }>;
      };
      const id = (
        await ask<{ forum: { id: string } }>('query ($s: String!) { forum(slug: $s) { id } }', {
          s: hub.slug,
        })
      ).data.forum.id;
      const g = (
        await ask<{ neighbourhood: Neighbourhood }>(
          'query ($id: ID!) { neighbourhood(id: $id, depth: 1, limit: 500) { truncated nodes { id } edges { since } } }',
          { id },
        )
      ).data.neighbourhood;
      const years = g.edges.map((e) => Number(e.since?.slice(0, 4))).filter((y) => y > 1900);
      const year = pct(years, 50);
      process.stderr.write(
        `hub ${hub.name}: ${g.nodes.length} entities, ${g.edges.length} ties drawn (truncated: ${g.truncated}); year ${year}\n`,
      );
      const results: Run[] = [];
      for (let r = 0; r < runs; r += 1) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        await context.addInitScript(OBSERVE);
        const page = await context.newPage();
        await page.goto(`${base}/?entity=${encodeURIComponent(id)}`);
        const firstMs = await waitForMark(page, 1);
        await page.waitForTimeout(300);
        const answerMs = await page.evaluate(
          (until) =>
            Math.max(
              0,
              ...performance
                .getEntriesByType('resource')
                .filter(
                  (e) =>
                    e.name.endsWith('/graphql') &&
                    (e as unknown as { responseEnd: number }).responseEnd <= until,
                )
                .map((e) => (e as unknown as { responseEnd: number }).responseEnd),
            ),
          firstMs,
        );
        const longestTaskMs = Math.max(0, ...(await page.evaluate(() => window.__longtasks)));
        const phases = await page.evaluate(() =>
          performance
            .getEntriesByType('measure')
            .filter((e) => e.name.startsWith('explorer:'))
            .map((e) => `${e.name.slice(9)} ${Math.round(e.duration)}`)
            .join(', '),
        );
        process.stderr.write(`first drawing, steps (ms): ${phases}\n`);
        const panned = await pan(page);
        const yearMs = [
          await yearChange(page, year),
          await yearChange(page, year + 1),
          await yearChange(page, null),
        ];
        const later = await page.evaluate(() =>
          performance
            .getEntriesByType('measure')
            .filter((e) => e.name.startsWith('explorer:'))
            .map((e) => `${e.name.slice(9)} ${Math.round(e.duration)}`)
            .join(', '),
        );
        process.stderr.write(`all steps (ms): ${later}\n`);
        results.push({ firstMs, answerMs, longestTaskMs, pan: panned, yearMs });
        process.stderr.write(`run ${r + 1}: ${JSON.stringify(results[r])}\n`);
        await context.close();
      }
      const load = execFileSync('uptime', { encoding: 'utf8' }).trim();
      const out = [
        `Hub: the most engaged forum, ${g.nodes.length} entities and ${g.edges.length} ties drawn${g.truncated ? ' (cut at 500)' : ''}; ${runs} runs, median (min–max), ms. ${os.cpus().length} cores; \`uptime\`: ${load}.`,
        '',
        '| Measure | ms |',
        '| --- | ---: |',
        `| First drawing (navigation start → layout done and a frame rendered) | ${range(results.map((r) => r.firstMs))} |`,
        `| … of which waiting for the neighbourhood's GraphQL answer (its responseEnd) | ${range(results.map((r) => r.answerMs))} |`,
        `| … after the answer: drawing and layout | ${range(results.map((r) => r.firstMs - r.answerMs))} |`,
        `| Longest task while opening (the page frozen) | ${range(results.map((r) => r.longestTaskMs))} |`,
        `| Frame time while panning, p50 | ${range(results.map((r) => r.pan.p50))} |`,
        `| Frame time while panning, p95 | ${range(results.map((r) => r.pan.p95))} |`,
        `| Frame time while panning, max | ${range(results.map((r) => r.pan.max))} |`,
        `| Year change: all years → ${year} (input → drawn) | ${range(results.map((r) => r.yearMs[0]))} |`,
        `| Year change: ${year} → ${year + 1} | ${range(results.map((r) => r.yearMs[1]))} |`,
        `| Year change: ${year + 1} → all years | ${range(results.map((r) => r.yearMs[2]))} |`,
      ];
      process.stdout.write(`${out.join('\n')}\n`);
    } finally {
      await browser.close();
      await server.stop();
    }
  });
}

runBenchmark(main);
