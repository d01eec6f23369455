/**
 * The command-line tools (and `npm start`) reuse a running local Neo4j only when it proves,
 * over Bolt, that it serves this home's data folder. Two real local Neo4j homes on free
 * ports, with the same password: a tool pointed at one home but the other's port refuses,
 * names what it found and what to do, and writes nothing; pointed at its own, it works.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDriver } from '../../src/graph/database';
import { LocalNeo4j, LocalNeo4jError } from '../../src/graph/local-neo4j';
import { projectRoot } from '../../src/paths';
import { freePort } from '../helpers/ports';

jest.setTimeout(240_000);

const PASSWORD = 'identity-secret';

interface Home {
  home: string;
  port: number;
  neo4j: LocalNeo4j;
}

function runTool(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(projectRoot(), 'dist', 'src', 'cli', 'apikey.js'), ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          NEO4J_PASSWORD: PASSWORD,
          ...env,
        },
        timeout: 120_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Migrations recorded in a home's database: the tool applies them first thing, so 0 means it wrote nothing. */
async function migrationsIn(h: Home): Promise<number> {
  const driver = createDriver({
    uri: `bolt://127.0.0.1:${h.port}`,
    user: 'neo4j',
    password: PASSWORD,
    database: 'neo4j',
    txTimeoutMs: 5000,
  });
  try {
    const { records } = await driver.executeQuery(
      'MATCH (m:Migration) RETURN count(m) AS n',
      {},
      { database: 'neo4j' },
    );
    return Number(records[0].get('n'));
  } finally {
    await driver.close();
  }
}

describe("reusing the local Neo4j: only this home's", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-identity-'));
  let a: Home;
  let b: Home;

  const start = async (name: string): Promise<Home> => {
    const home = path.join(root, name);
    const port = await freePort();
    const neo4j = await LocalNeo4j.start(
      { home, boltPort: port, heap: '256m', pageCache: '16m', password: PASSWORD },
      () => undefined,
    );
    return { home, port, neo4j };
  };

  beforeAll(async () => {
    a = await start('a');
    b = await start('b');
  });

  afterAll(async () => {
    await a?.neo4j.stop();
    await b?.neo4j.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reuses the server of its own home, which it did not start and so does not stop', async () => {
    const lines: string[] = [];
    const again = await LocalNeo4j.start(
      { home: a.home, boltPort: a.port, heap: '256m', pageCache: '16m', password: PASSWORD },
      (l) => lines.push(l),
    );
    expect(again.startedHere).toBe(false);
    expect(again.pid).toBe(a.neo4j.pid);
    expect(lines.join('\n')).toMatch(
      /Reusing the local Neo4j .* it reports this home's data folder/,
    );
    await again.stop();
    expect(fs.existsSync(path.join(a.home, 'stakeholder-graph.pid'))).toBe(true);
  });

  it("a tool pointed at home B but at home A's port refuses, names pid, port and homes, and exits non-zero", async () => {
    const tool = await runTool(['list'], {
      LOCAL_NEO4J_HOME: b.home,
      LOCAL_NEO4J_BOLT_PORT: String(a.port),
    });
    expect(tool.code).toBe(1);
    expect(tool.stderr).toContain(`Refusing to use the Neo4j on bolt://127.0.0.1:${a.port}`);
    expect(tool.stderr).toContain(`pid ${b.neo4j.pid}`);
    expect(tool.stderr).toContain(b.home);
    expect(tool.stderr).toContain(`it keeps its data in ${path.join(a.home, 'data')}`);
    expect(tool.stderr).toMatch(/LOCAL_NEO4J_BOLT_PORT/);
    // It wrote nothing to A or B and left B's pid file alone.
    await expect(migrationsIn(a)).resolves.toBe(0);
    await expect(migrationsIn(b)).resolves.toBe(0);
    expect(fs.existsSync(path.join(b.home, 'stakeholder-graph.pid'))).toBe(true);
  });

  it('the same tool pointed at home A and its port works', async () => {
    const tool = await runTool(['list'], {
      LOCAL_NEO4J_HOME: a.home,
      LOCAL_NEO4J_BOLT_PORT: String(a.port),
    });
    expect(tool.stderr).toBe('');
    expect(tool.code).toBe(0);
    expect(tool.stdout).toBe('No API keys yet.\n');
    await expect(migrationsIn(a)).resolves.toBeGreaterThan(0);
  });

  it('a live pid with another server (other password) on the port is refused, and the pid file is kept', async () => {
    const home = path.join(root, 'c');
    fs.mkdirSync(home, { recursive: true });
    // A pid file naming a live process that is not this home's Neo4j (as after a crash and pid reuse).
    fs.writeFileSync(path.join(home, 'stakeholder-graph.pid'), String(process.pid));
    const testPort = Number(new URL(process.env.NEO4J_TEST_URI!.replace(/^bolt/, 'http')).port);
    const attempt = LocalNeo4j.start(
      { home, boltPort: testPort, heap: '256m', pageCache: '16m', password: PASSWORD },
      () => undefined,
    );
    await expect(attempt).rejects.toThrow(LocalNeo4jError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`pid ${process.pid}.*refused this checkout's credentials`),
    );
    expect(fs.readFileSync(path.join(home, 'stakeholder-graph.pid'), 'utf8')).toBe(
      String(process.pid),
    );
    expect(fs.existsSync(path.join(home, 'data'))).toBe(false);
  });

  it("finds its home's server on the port it was started on when LOCAL_NEO4J_BOLT_PORT says another (closed) one", async () => {
    const closed = await freePort();
    const lines: string[] = [];
    const found = await LocalNeo4j.start(
      { home: b.home, boltPort: closed, heap: '256m', pageCache: '16m', password: PASSWORD },
      (l) => lines.push(l),
    );
    expect(found.startedHere).toBe(false);
    expect(found.boltUri).toBe(`bolt://127.0.0.1:${b.port}`);
    expect(lines.join('\n')).toContain(
      `it was started on port ${b.port}; LOCAL_NEO4J_BOLT_PORT says ${closed}`,
    );
  });
});
