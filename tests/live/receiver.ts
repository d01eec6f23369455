/**
 * A webhook receiver for tests: node:http on 127.0.0.1 that checks each request's Standard
 * Webhooks signature itself (HMAC-SHA256 of "id.timestamp.body" with the secret's bytes) and
 * answers as the test says: 200, an error status, or never (until the test ends).
 */
import crypto from 'node:crypto';
import http from 'node:http';

export interface Received {
  id: string;
  timestamp: number;
  body: string;
  /** The webhook-signature header. */
  signature: string;
  json: { hookId: string; deliveryId: string; cursor: string; change: Record<string, any> };
  /** Whether the signature verified against the secret the test set. */
  verified: boolean;
  /** What the receiver answered (null: it never answered). */
  answered: number | null;
}

export type Answer = number | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** The secret to verify with (set after createWebhook answers it). */
  secret: string;
  /** How to answer the next request; defaults to 200. */
  answer: (r: Received) => Answer;
  /** Requests answered 2xx, in order. */
  delivered(): Received[];
  until(pred: () => boolean, what: string, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export function verify(
  secret: string,
  id: string,
  timestamp: string,
  body: string,
  header: string,
) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((sig) => {
    const [version, mac] = sig.split(',');
    const given = Buffer.from(mac ?? '', 'base64');
    return (
      version === 'v1' &&
      given.length === expected.length &&
      crypto.timingSafeEqual(given, expected)
    );
  });
}

export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<http.ServerResponse>();
  const r: Receiver = {
    url: '',
    received: [],
    secret: '',
    answer: () => 200,
    delivered: () => r.received.filter((x) => x.answered !== null && x.answered < 300),
    async until(pred, what, ms = 30_000) {
      const end = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > end) throw new Error(`receiver: ${what} did not happen within ${ms} ms`);
        await new Promise((res) => setTimeout(res, 50));
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const id = String(req.headers['webhook-id'] ?? '');
      const ts = String(req.headers['webhook-timestamp'] ?? '');
      const signature = String(req.headers['webhook-signature'] ?? '');
      const entry: Received = {
        id,
        timestamp: Number(ts),
        body,
        signature,
        json: JSON.parse(body) as Received['json'],
        verified: verify(r.secret, id, ts, body, signature),
        answered: null,
      };
      r.received.push(entry);
      const answer = r.answer(entry);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      entry.answered = answer;
      res.writeHead(answer, { 'content-type': 'text/plain' }).end('noted');
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const address = server.address();
  r.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  return r;
}
