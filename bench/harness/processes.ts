/**
 * The two APIs under test, each in a child process of its own (so that its memory and
 * CPU are its own): the service (dist/src/main.js, the real entry point) and the
 * @neo4j/graphql API (dist/bench/harness/alternative.js). Both are waited for on /ready
 * and stopped with SIGTERM, as a process manager would.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/paths';

export interface ApiProcess {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface Neo4jTarget {
  uri: string;
  user: string;
  password: string;
}

async function waitReady(
  name: string,
  child: ChildProcess,
  readyUrl: string,
  logFile: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode} during start-up; see ${logFile}`);
    try {
      const res = await fetch(readyUrl);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${name} was not ready within ${timeoutMs / 1000}s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function start(
  name: string,
  script: string,
  env: Record<string, string>,
  port: number,
  logDir: string,
  nodeFlags: string[],
  root = projectRoot(),
): Promise<ApiProcess> {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeFlags, path.join(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const api: ApiProcess = {
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return waitReady(name, child, `http://127.0.0.1:${port}/ready`, logFile).then(
    () => api,
    async (err) => {
      await api.stop();
      throw err;
    },
  );
}

/**
 * The service as deployed (NODE_ENV=production), on the given Neo4j, without the demo
 * network, request logging or rate limits (a benchmark is one client hammering on purpose).
 * `root`: another built checkout of the project (a baseline to compare with), else this one.
 */
export function startService(
  db: Neo4jTarget,
  port: number,
  logDir: string,
  cpuProfileDir?: string,
  extraEnv: Record<string, string> = {},
  root?: string,
): Promise<ApiProcess> {
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    NEO4J_URI: db.uri,
    NEO4J_USER: db.user,
    NEO4J_PASSWORD: db.password,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_KEY: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    ...extraEnv,
  };
  const flags = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  return start('service', path.join('dist', 'src', 'main.js'), env, port, logDir, flags, root);
}

export function startAlternative(
  db: Neo4jTarget,
  port: number,
  logDir: string,
  cpuProfileDir?: string,
): Promise<ApiProcess> {
  const env = {
    NODE_ENV: 'production',
    ALT_NEO4J_URI: db.uri,
    ALT_NEO4J_USER: db.user,
    ALT_NEO4J_PASSWORD: db.password,
    ALT_PORT: String(port),
  };
  const flags = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  return start(
    'neo4j-graphql',
    path.join('dist', 'bench', 'harness', 'alternative.js'),
    env,
    port,
    logDir,
    flags,
  );
}

/** POSTs GraphQL to a started service with an API key; any error in the answer throws (a bench's setup must not go on half done). */
export function keyedGraphql(
  url: string,
  key: string,
): (query: string, variables?: Record<string, unknown>) => Promise<void> {
  return async (query, variables = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
}
