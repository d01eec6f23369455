/**
 * The real entry point (`node dist/src/main.js`, what `npm start` runs) with its own
 * local Neo4j in a temporary home: it reaches ready, answers, reports 503 while Neo4j
 * is away and 200 once it is back without a restart, reuses the data on a second
 * start, and leaves no Java process behind after SIGTERM.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalNeo4j } from '../../src/graph/local-neo4j';
import { projectRoot } from '../../src/paths';
import { freePort } from '../helpers/ports';

jest.setTimeout(240_000);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startService(env: Record<string, string>): Started {
  let out = '';
  const child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'main.js')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => out, exited };
}

describe('npm start: the service on its own local Neo4j', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-lifecycle-'));
  let env: Record<string, string>;
  let base: string;

  beforeAll(async () => {
    const [port, bolt] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    env = {
      PORT: String(port),
      LOCAL_NEO4J_HOME: home,
      LOCAL_NEO4J_BOLT_PORT: String(bolt),
      LOCAL_NEO4J_HEAP: '384m',
      LOCAL_NEO4J_PAGECACHE: '32m',
      NEO4J_PASSWORD: 'lifecycle-secret',
      LOG_LEVEL: 'info',
    };
  });

  afterAll(() => {
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('starts, serves, survives a Neo4j outage, and stops everything on SIGTERM', async () => {
    const s = startService(env);
    try {
      await until('ready', async () =>
        (await fetch(`${base}/ready`)).status === 200 ? true : undefined,
      );
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await expect(res.json()).resolves.toEqual({ data: { __typename: 'Query' } });
      expect(s.output()).toMatch(/migration applied/);

      const neo4jPid = Number(fs.readFileSync(path.join(home, 'stakeholder-graph.pid'), 'utf8'));
      expect(alive(neo4jPid)).toBe(true);

      // Neo4j goes away: /ready turns 503 and GraphQL requests that need it fail fast.
      process.kill(neo4jPid, 'SIGKILL');
      await until(
        '503',
        async () => ((await fetch(`${base}/ready`)).status === 503 ? true : undefined),
        30_000,
      );
      const down = await (await fetch(`${base}/ready`)).json();
      expect(down).toMatchObject({ database: 'down' });
      await expect(fetch(`${base}/health`).then((r) => r.status)).resolves.toBe(200);

      // It comes back on the same port and data: the service recovers without a restart.
      const again = await LocalNeo4j.start(
        {
          home,
          boltPort: Number(env.LOCAL_NEO4J_BOLT_PORT),
          heap: '384m',
          pageCache: '32m',
          password: 'lifecycle-secret',
        },
        () => undefined,
      );
      try {
        await until(
          'ready again',
          async () => ((await fetch(`${base}/ready`)).status === 200 ? true : undefined),
          60_000,
        );
      } finally {
        await again.stop();
      }
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  });

  it('reuses the fetched Neo4j and its data on a second start, and SIGTERM leaves no Java process', async () => {
    const s = startService(env);
    await until('ready', async () =>
      (await fetch(`${base}/ready`)).status === 200 ? true : undefined,
    );
    const neo4jPid = Number(fs.readFileSync(path.join(home, 'stakeholder-graph.pid'), 'utf8'));
    expect(s.output()).not.toMatch(/migration applied/);
    expect(s.output()).not.toMatch(/Fetching Neo4j/);
    s.child.kill('SIGTERM');
    await expect(s.exited).resolves.toBe(0);
    expect(alive(neo4jPid)).toBe(false);
    expect(fs.existsSync(path.join(home, 'stakeholder-graph.pid'))).toBe(false);
  });

  it('through npm start: SIGTERM to npm reaches the service, and Neo4j is outside the group a Ctrl-C signals', async () => {
    // npm runs the script with sh -c; the script execs node, so npm's forwarded signal reaches it
    // (dash does not pass signals on to a child). The prestart build is skipped: dist is built.
    let out = '';
    const npm = spawn('npm', ['start', '--ignore-scripts'], {
      cwd: projectRoot(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    npm.stdout?.on('data', (d) => (out += String(d)));
    npm.stderr?.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) =>
      npm.once('exit', (code) => resolve(code)),
    );
    try {
      await until('ready', async () =>
        (await fetch(`${base}/ready`)).status === 200 ? true : undefined,
      );
      const neo4jPid = Number(fs.readFileSync(path.join(home, 'stakeholder-graph.pid'), 'utf8'));
      const groupOf = (pid: number) =>
        Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
      // Ctrl-C signals the terminal's foreground process group: npm's, which Neo4j is not in.
      expect(groupOf(neo4jPid)).not.toBe(groupOf(npm.pid!));
      npm.kill('SIGTERM');
      await expect(exited).resolves.toBe(0);
      await until(
        'the service to stop',
        async () =>
          (await fetch(`${base}/health`).then(
            () => false,
            () => true,
          ))
            ? true
            : undefined,
        60_000,
      );
      await until('Neo4j to stop', async () => (!alive(neo4jPid) ? true : undefined), 90_000);
      expect(out).toMatch(/stopped/);
    } finally {
      if (npm.exitCode === null) process.kill(-npm.pid!, 'SIGKILL');
    }
  });
});
