/**
 * SIGTERM on the real entry point (dist/src/main.js, on the test Neo4j): a request in
 * flight completes, new connections are refused at once, and the process exits within
 * the grace period (SHUTDOWN_GRACE_MS), also when a client never finishes its request.
 * The request is held open by sending its body in two halves, around the signal.
 */
import net from 'node:net';
import { ServiceProcess, startServiceProcess } from '../helpers/service-process';

jest.setTimeout(60_000);

type Service = ServiceProcess;

const startService = (graceMs: number): Promise<Service> =>
  startServiceProcess({ SHUTDOWN_GRACE_MS: String(graceMs), LOG_LEVEL: 'info' });

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
