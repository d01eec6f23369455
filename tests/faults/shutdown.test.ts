/**
 * SIGTERM on the real entry point (dist/src/main.js, on the test Neo4j): a request in
 * flight completes, new connections are refused at once, and the process exits within
 * the grace period (SHUTDOWN_GRACE_MS), also when a client never finishes its request.
 * The request is held open by sending its body in two halves, around the signal.
 */
import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../src/paths';
import { freePort } from '../helpers/ports';

jest.setTimeout(60_000);

interface Service {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output: () => string;
}

async function startService(graceMs: number): Promise<Service> {
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
      SHUTDOWN_GRACE_MS: String(graceMs),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const deadline = Date.now() + 30_000;
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

/** A POST /graphql whose body arrives in two parts: the request is in flight until finish() is called. */
function heldRequest(port: number, query: string) {
  const body = JSON.stringify({ query });
  const socket = net.connect({ port, host: '127.0.0.1' });
  let response = '';
  socket.setEncoding('utf8');
  socket.on('data', (d) => (response += String(d)));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(response)));
  socket.on('error', () => undefined);
  const opened = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    async start() {
      await opened;
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
      );
      socket.write(body.slice(0, 10));
    },
    finish() {
      // Not end(): a half-closed socket makes Node drop the request; Connection: close ends it after the response.
      socket.write(body.slice(10));
    },
    closed,
  };
}

/** Resolves with the connection error code once a new connection to the port fails. */
async function refusedCode(port: number, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const code = await new Promise<string | undefined>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        resolve(undefined);
      });
      s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    if (code) return code;
    if (Date.now() > deadline) throw new Error('new connections were still accepted');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SIGTERM while a request is in flight', () => {
  it('finishes the request, refuses new connections, and exits within the grace period', async () => {
    const graceMs = 8000;
    const s = await startService(graceMs);
    try {
      const held = heldRequest(s.port, '{ topics { totalCount } serviceInfo { name } }');
      await held.start();
      // Time for the server to read the headers: from then on the request is in flight.
      await new Promise((r) => setTimeout(r, 500));
      const signalled = Date.now();
      s.child.kill('SIGTERM');
      await expect(refusedCode(s.port)).resolves.toBe('ECONNREFUSED');
      held.finish();
      const response = await held.closed;
      expect(response).toMatch(/^HTTP\/1\.1 200 /);
      const json = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
      expect(json).toEqual({
        data: {
          topics: { totalCount: expect.any(Number) },
          serviceInfo: { name: 'stakeholder-graph' },
        },
      });
      await expect(s.exited).resolves.toBe(0);
      expect(Date.now() - signalled).toBeLessThan(graceMs);
      expect(s.output()).toMatch(/shutting down: draining requests/);
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  it('cuts a request that never completes at the end of the grace period, and still exits', async () => {
    const graceMs = 1500;
    const s = await startService(graceMs);
    try {
      const held = heldRequest(s.port, '{ serviceInfo { name } }');
      await held.start();
      // Time for the server to read the headers: from then on the request is in flight.
      await new Promise((r) => setTimeout(r, 500));
      const signalled = Date.now();
      s.child.kill('SIGTERM');
      await expect(refusedCode(s.port)).resolves.toBe('ECONNREFUSED');
      // The client never sends the rest: the server closes the connection once the grace is over.
      await held.closed;
      await expect(s.exited).resolves.toBe(0);
      expect(Date.now() - signalled).toBeLessThan(graceMs + 5000);
    } finally {
      s.child.kill('SIGKILL');
    }
  });
});
