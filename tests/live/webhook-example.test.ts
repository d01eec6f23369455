/**
 * The webhook receiver of docs/live.md (the js block after `<!-- webhook-example -->`), run as it
 * is written in a Node process of its own, with a hook registered for it on a real server: what
 * it prints is compared with what the page says it prints, and a request it cannot verify is
 * refused.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { organisation } from '../helpers/fixtures';
import { freePort } from '../helpers/ports';
import { useLiveApp } from './live-helpers';

const ROOT = path.join(__dirname, '..', '..');

function example(): { code: string; output: string } {
  const page = fs.readFileSync(path.join(ROOT, 'docs', 'live.md'), 'utf8');
  const m = /<!-- webhook-example -->\n```js\n([\s\S]*?)```[\s\S]*?```text\n([\s\S]*?)```/.exec(
    page,
  );
  if (!m) throw new Error('docs/live.md has no webhook-example block followed by its output');
  return { code: m[1], output: m[2].trim() };
}

async function listening(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the example receiver did not listen on ${port}`);
}

describe('the webhook receiver in docs/live.md', () => {
  const app = useLiveApp({ WEBHOOK_POLL_MS: '50', FEED_POLL_MS: '50' });

  it('verifies the signature and prints the change it documents', async () => {
    const { code, output } = example();
    const port = await freePort();
    const created = await app.gql(
      'mutation($url: String!) { createWebhook(input: {url: $url}) { secret webhook { id } } }',
      { url: `http://127.0.0.1:${port}/hook` },
    );
    expect(created.body.errors).toBeUndefined();
    const secret = created.body.data!.createWebhook.secret as string;
    const child = spawn(process.execPath, ['-e', code], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', WEBHOOK_SECRET: secret, PORT: String(port) },
    });
    let printed = '';
    let errors = '';
    child.stdout.on('data', (d: Buffer) => (printed += d.toString()));
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    let forged: number;
    let nodes: unknown[] = [];
    try {
      await listening(port);
      // A request signed with another secret is refused, and prints nothing.
      const body = '{"change":{"action":"DELETE","targetKind":"Organisation"}}';
      forged = (
        await fetch(`http://127.0.0.1:${port}/hook`, {
          method: 'POST',
          headers: {
            'webhook-id': 'msg_forged',
            'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
            'webhook-signature': 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
          },
          body,
        })
      ).status;
      await organisation(app, 'Wemos');
      for (let i = 0; i < 400 && !printed.includes('\n'); i++)
        await new Promise((r) => setTimeout(r, 50));
      // The receiver prints before it answers, and the worker records the attempt a moment after
      // the answer: the receiver stays up until the log has it (killed at the first printed line,
      // it could die between the two, and the log then showed a failed attempt with no status).
      for (let i = 0; i < 200 && !nodes.length; i++) {
        const log = await app.gql(
          'query($h: ID!) { webhookDeliveries(hook: $h) { nodes { ok statusCode } } }',
          { h: created.body.data!.createWebhook.webhook.id },
        );
        nodes = log.body.data!.webhookDeliveries.nodes as unknown[];
        if (!nodes.length) await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      child.kill();
    }
    expect(forged).toBe(401);
    expect(errors).toBe('');
    const [documented] = /^(.*\(msg_)\.\.\.\)$/.exec(output)!.slice(1);
    const line = printed.trim();
    expect(line.startsWith(documented)).toBe(true);
    expect(line).toMatch(/^CREATE Organisation Wemos \(msg_[A-Za-z0-9_-]+\)$/);
    expect(nodes).toEqual([{ ok: true, statusCode: 204 }]);
  });
});
