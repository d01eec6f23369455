/**
 * The benchmark's results: one JSON document per run (bench/results/), and the same as
 * Markdown tables for docs/benchmarks.md: per size, each question three ways, then the
 * ratios the issue's targets are about, then how latency grew from the small size to the large.
 */
import type { LoadResult } from './load';
import type { ProfileTotals } from './floor';

export interface TargetResult extends Partial<LoadResult> {
  /** Peak resident memory of the API process during the measured run (MiB); null for the floor (in the runner). */
  peakRssMiB?: number | null;
  /** Database round trips per request, as the API reported it (x-db-queries) or the floor counted it. */
  dbQueries?: number | null;
  skipped?: string;
}

export interface OperationResult {
  name: string;
  question: string;
  ours: TargetResult;
  floor: TargetResult;
  alternative: TargetResult;
  ratios: {
    p50UsOverFloor: number | null;
    rpsUsOverFloor: number | null;
    p50UsOverAlternative: number | null;
    rpsUsOverAlternative: number | null;
  };
  /** PROFILE of the floor's queries over a few requests: database hits and rows per query. */
  profile?: ProfileTotals;
}

export interface SizeResult {
  label: string;
  size: Record<string, number | string>;
  counts: Record<string, number>;
  ties: number;
  generateSeconds: number;
  /** The store's size on disk after a checkpoint (MiB), when the benchmark ran its own Neo4j. */
  storeMiB?: number;
  /**
   * First touch: after Neo4j restarted with an empty page cache, each API asked each read
   * question once per start point, one request at a time, on start points of its own.
   */
  firstTouch?: FirstTouch[];
  operations: OperationResult[];
}

export interface FirstTouch {
  name: string;
  /** p50 and slowest request (ms) per API, or null where the API cannot ask the question. */
  ours: { p50: number; max: number } | null;
  floor: { p50: number; max: number } | null;
  alternative: { p50: number; max: number } | null;
  requests: number;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, string | number>;
  versions: Record<string, string>;
  settings: Record<string, string | number | boolean>;
  sizes: SizeResult[];
  /** p50 at the large size divided by p50 at the small size, per question and API. */
  growth?: Record<
    string,
    { ours: number | null; floor: number | null; alternative: number | null }
  >;
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a && b ? Math.round((a / b) * 100) / 100 : null;

export function ratios(
  ours: TargetResult,
  floor: TargetResult,
  alt: TargetResult,
): OperationResult['ratios'] {
  return {
    p50UsOverFloor: ratio(ours.p50, floor.p50),
    rpsUsOverFloor: ratio(ours.rps, floor.rps),
    p50UsOverAlternative: alt.skipped ? null : ratio(ours.p50, alt.p50),
    rpsUsOverAlternative: alt.skipped ? null : ratio(ours.rps, alt.rps),
  };
}

export function growth(small: SizeResult, large: SizeResult): BenchReport['growth'] {
  const out: NonNullable<BenchReport['growth']> = {};
  for (const op of small.operations) {
    const big = large.operations.find((o) => o.name === op.name);
    if (!big) continue;
    out[op.name] = {
      ours: ratio(big.ours.p50, op.ours.p50),
      floor: ratio(big.floor.p50, op.floor.p50),
      alternative: ratio(big.alternative.p50, op.alternative.p50),
    };
  }
  return out;
}

const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined ? '–' : v.toFixed(digits);

function row(name: string, api: string, t: TargetResult): string {
  if (t.skipped) return `| ${name} | ${api} | skipped: ${t.skipped} | | | | | |`;
  return `| ${name} | ${api} | ${num(t.rps, 1)} | ${num(t.p50, 1)} | ${num(t.p99, 1)} | ${num(t.peakRssMiB)} | ${num(t.dbQueries)} | ${num(t.errors)} |`;
}

export function markdown(report: BenchReport): string {
  const lines: string[] = [];
  for (const size of report.sizes) {
    lines.push(
      `#### ${size.label}: ${Object.entries(size.counts)
        .map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`)
        .join(
          ', ',
        )} (${size.ties.toLocaleString('en-GB')} ties; generated in ${size.generateSeconds.toFixed(1)} s${size.storeMiB !== undefined ? `; store ${size.storeMiB.toLocaleString('en-GB')} MiB on disk after a checkpoint` : ''})`,
      '',
      '| Question | API | req/s | p50 ms | p99 ms | peak RSS MiB | DB round trips / request | errors |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const op of size.operations) {
      lines.push(
        row(op.name, 'us (stakeholder-graph)', op.ours),
        row('', 'floor (raw Cypher)', op.floor),
        row('', '@neo4j/graphql', op.alternative),
      );
    }
    if (size.firstTouch?.length) {
      const cell = (t: { p50: number; max: number } | null) =>
        t ? `${t.p50.toFixed(1)} / ${t.max.toFixed(1)}` : '–';
      lines.push(
        '',
        `First touch (Neo4j restarted, empty page cache; ${size.firstTouch[0].requests} requests per API, one at a time, each on a start point of its own), p50 / slowest ms:`,
        '',
        '| Question | us | floor | @neo4j/graphql |',
        '| --- | ---: | ---: | ---: |',
        ...size.firstTouch.map(
          (f) => `| ${f.name} | ${cell(f.ours)} | ${cell(f.floor)} | ${cell(f.alternative)} |`,
        ),
        '',
        'Warm (below and above: after the first touch, a scan of every node and tie, and 3 s of warm-up per API):',
      );
    }
    lines.push(
      '',
      '| Question | p50 us/floor | req/s us/floor | p50 us/@neo4j/graphql | req/s us/@neo4j/graphql |',
      '| --- | ---: | ---: | ---: | ---: |',
    );
    for (const op of size.operations) {
      const r = op.ratios;
      lines.push(
        `| ${op.name} | ${num(r.p50UsOverFloor, 2)} | ${num(r.rpsUsOverFloor, 2)} | ${num(r.p50UsOverAlternative, 2)} | ${num(r.rpsUsOverAlternative, 2)} |`,
      );
    }
    lines.push('');
  }
  if (report.growth) {
    lines.push(
      '| Question | p50 growth, us | floor | @neo4j/graphql |',
      '| --- | ---: | ---: | ---: |',
    );
    for (const [name, g] of Object.entries(report.growth))
      lines.push(`| ${name} | ${num(g.ours, 2)} | ${num(g.floor, 2)} | ${num(g.alternative, 2)} |`);
    lines.push('');
  }
  return lines.join('\n');
}
