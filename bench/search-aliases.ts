/**
 * `npm run bench:search-aliases`: how long search takes when entities carry hundreds of
 * aliases (Popolo parties do). Starts a throwaway Neo4j (512m heap, as the other benchmarks),
 * imports 2,000 organisations through the real import path, then measures the full-text
 * search the API runs (the service's query text and Cypher) with 0, 1 and 50 organisations
 * of 500 aliases each in the graph, and again after those are deleted (the same graph as the
 * first round, with a warm JVM). Each query runs 30 times to warm up, then 200 times; it
 * prints p50 and p95 per query in milliseconds. Timings are printed, never asserted.
 */
import 'reflect-metadata';
import os from 'node:os';
import { searchQuery } from '../src/domain/text';
import { searchRepository } from '../src/graph/search.repository';
import { readImportFiles } from '../src/services/import/files';
import { ImportService } from '../src/services/import/import.service';
import { runBenchmark, withThrowawayNeo4j } from './harness/throwaway';

const PLAIN = 2000;
const ALIASES = 500;
const WARM = 30;
const RUNS = 200;
const WORDS = [
  'Health',
  'Workers',
  'Nurses',
  'Union',
  'Alliance',
  'Council',
  'Midwives',
  'Forum',
  'Network',
  'Institute',
  'Foundation',
  'Association',
];
const SCRIPTS = [
  'Independent',
  'Sitoutumaton',
  'Obunden',
  'Unabhängig',
  'Indépendant',
  'Независимый',
  'Ανεξάρτητος',
  'مستقل',
  'עצמאי',
  'निर्दलीय',
  '无党派',
  '無所属',
  '무소속',
  'อิสระ',
  'დამოუკიდებელი',
  'Անկախ',
  'ገለልተኛ',
  'சுயேச்சை',
  'স্বতন্ত্র',
  'Незалежний',
];
/** Three words no name holds together (a miss), two words, one common word, a typo, and words only the aliased parties carry. */
const QUERIES = [
  'Alliance Nurses 17',
  'Health Union',
  'Alliance',
  'Midwifes',
  'Independent 7',
  'Независимый',
  'Party 3',
];

const csvCell = (s: string) => (/[",;\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function plainOrganisations(): string {
  const rows = ['slug,name,kind,aliases'];
  for (let i = 0; i < PLAIN; i += 1) {
    const name = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} ${i}`;
    rows.push(
      [`plain-${i}`, name, 'NGO', `${WORDS[(i * 5) % WORDS.length]} ${i}`].map(csvCell).join(','),
    );
  }
  return rows.join('\n');
}

/** Organisations with 500 aliases each, in 20 scripts, as Popolo parties carry them. */
function aliasedOrganisations(from: number, count: number): string {
  const rows = ['slug,name,kind,aliases'];
  for (let o = from; o < from + count; o += 1) {
    const aliases = Array.from(
      { length: ALIASES },
      (_, i) =>
        `${SCRIPTS[i % SCRIPTS.length]} ${Math.floor(i / SCRIPTS.length) + 1}${o ? ` p${o}` : ''}`,
    );
    rows.push([`party-${o}`, `Party ${o}`, 'OTHER', aliases.join('; ')].map(csvCell).join(','));
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  await withThrowawayNeo4j({ name: 'search' }, async ({ db, conn }) => {
    const importer = new ImportService(db);
    const load = async (name: string, content: string) => {
      const r = await importer.run(readImportFiles([{ name, content }]), {
        actor: 'cli:bench',
        requestId: 'bench',
      });
      if (r.failed)
        throw new Error(
          `the benchmark's own file failed to import: ${JSON.stringify(r.errors.slice(0, 3))}`,
        );
    };
    const measure = async (text: string) => {
      const query = searchQuery(text)!;
      const times: number[] = [];
      let hits = 0;
      for (let i = 0; i < WARM + RUNS; i += 1) {
        const t0 = performance.now();
        const found = await db.read((tx) => searchRepository.search(tx, query, null, 10));
        if (i >= WARM) times.push(performance.now() - t0);
        hits = found.length;
      }
      times.sort((a, b) => a - b);
      return { p50: times[Math.floor(RUNS * 0.5)], p95: times[Math.floor(RUNS * 0.95)], hits };
    };
    {
      await load('plain.organisations.csv', plainOrganisations());
      const table: Array<{ label: string; results: Awaited<ReturnType<typeof measure>>[] }> = [];
      const round = async (label: string) => {
        const results = [];
        for (const q of QUERIES) results.push(await measure(q));
        table.push({ label, results });
      };
      await round('warm-up (not shown)');
      table.pop();
      await round(`${PLAIN} organisations, none with many aliases`);
      await load('one.organisations.csv', aliasedOrganisations(0, 1));
      await round(`plus 1 organisation with ${ALIASES} aliases`);
      await load('more.organisations.csv', aliasedOrganisations(1, 49));
      await round(`plus 49 more with ${ALIASES} aliases each (50)`);
      const session = db.driver.session({ database: conn.database });
      try {
        await session.run(
          "MATCH (o:Organisation) WHERE o.slug STARTS WITH 'party-' DETACH DELETE o",
        );
      } finally {
        await session.close();
      }
      await round(`the ${PLAIN} again, the 50 deleted`);
      const f = (ms: number) => ms.toFixed(1);
      process.stdout.write(
        `node ${process.version}, ${os.cpus().length} cores, load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}; ${RUNS} runs per query after ${WARM} to warm up; p50 / p95 in ms (hits)\n\n`,
      );
      process.stdout.write(
        `| Graph | ${QUERIES.map((q) => `"${q}"`).join(' | ')} |\n| --- |${QUERIES.map(() => ' --- |').join('')}\n`,
      );
      for (const row of table)
        process.stdout.write(
          `| ${row.label} | ${row.results.map((r) => `${f(r.p50)} / ${f(r.p95)} (${r.hits})`).join(' | ')} |\n`,
        );
    }
  });
}

runBenchmark(main);
