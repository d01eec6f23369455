/**
 * Load: autocannon against an HTTP GraphQL endpoint, and the same shape of load (fixed
 * number of concurrent workers for a fixed time) against Neo4j directly for the floor.
 * Both warm up first; both count a response that carries GraphQL errors as an error.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import type { GqlRequest } from './operations';

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** First error seen, to say why when errors is not 0. */
  firstError?: string;
}

export function body(req: GqlRequest): string {
  return JSON.stringify({ query: req.query, variables: req.variables });
}

async function cannon(
  url: string,
  seconds: number,
  connections: number,
  make: (i: number) => GqlRequest,
  authorization: string | undefined,
): Promise<LoadResult> {
  let i = 0;
  let errors = 0;
  let firstError: string | undefined;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    // Longer than the service's transaction timeout (15 s), so that a slow question shows as the service's own error.
    timeout: 20,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const req = make(i);
          i += 1;
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              ...(req.auth && authorization ? { authorization } : {}),
            },
            body: body(req),
          };
        },
        onResponse: (status, text) => {
          if (status !== 200 || text.includes('"errors"')) {
            errors += 1;
            firstError ??= `${status} ${text.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  const requests = result.requests.total;
  return {
    requests,
    rps: requests / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: errors + result.errors + result.timeouts,
    firstError,
  };
}

/** Warm-up, then the measured run, through HTTP. */
export async function loadHttp(
  url: string,
  s: LoadSettings,
  make: (i: number) => GqlRequest,
  authorization?: string,
): Promise<LoadResult> {
  if (s.warmupS > 0) await cannon(url, s.warmupS, s.connections, make, authorization);
  return cannon(url, s.durationS, s.connections, make, authorization);
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function workers(
  seconds: number,
  connections: number,
  work: (i: number) => Promise<unknown>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let i = 0;
  let errors = 0;
  let firstError: string | undefined;
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const n = i;
      i += 1;
      const t0 = process.hrtime.bigint();
      try {
        await work(n);
        // Like autocannon, count only what completed within the run: in-flight work at the deadline is dropped.
        if (Date.now() <= deadline) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch (err) {
        errors += 1;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  latencies.sort((a, b) => a - b);
  // autocannon reports whole milliseconds; the floor keeps two decimals.
  const ms = (x: number) => Math.round(x * 100) / 100;
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: ms(percentile(latencies, 50)),
    p99: ms(percentile(latencies, 99)),
    errors,
    firstError,
  };
}

/** Warm-up, then the measured run, straight through neo4j-driver. */
export async function loadDirect(
  s: LoadSettings,
  work: (i: number) => Promise<unknown>,
): Promise<LoadResult> {
  if (s.warmupS > 0) await workers(s.warmupS, s.connections, work);
  return workers(s.durationS, s.connections, work);
}

/** Resets a process's peak resident memory (Linux: clear_refs 5), so that the next peak belongs to the next run. */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** A process's peak resident memory in MiB (VmHWM), or null where /proc is not there. */
export function peakRssMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}
