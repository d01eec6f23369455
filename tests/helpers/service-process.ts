/**
 * The real entry point (`node dist/src/main.js`, what `npm start` runs) as a process of its own on
 * the test Neo4j (NEO4J_URI, so it starts no Neo4j), ready when `/ready` answers 200.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/paths';
import { freePort } from './ports';

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output: () => string;
}

/** Starts it with `env` added (LOG_LEVEL, SHUTDOWN_GRACE_MS, ...) and waits until it is ready. */
export async function startServiceProcess(
  env: Record<string, string> = {},
  readyTimeoutMs = 30_000,
): Promise<ServiceProcess> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      NEO4J_URI: process.env.NEO4J_TEST_URI!,
      NEO4J_USER: process.env.NEO4J_TEST_USER ?? 'neo4j',
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD!,
      SEED_DEMO: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`service did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, port, exited, output: () => out };
}
