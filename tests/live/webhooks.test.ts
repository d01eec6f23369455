/**
 * Webhooks (docs/live.md, "Webhooks"), against a local receiver that checks signatures, fails,
 * times out and recovers: delivered in order and signed; retried with backoff and logged; pause,
 * resume and replay; the filter; admin only; URLs refused; writes not held up by a receiver that
 * never answers; two servers on one Neo4j deliver each change once.
 */
import pino from 'pino';
import { WebhookWorker, backoffMs } from '../../src/live/webhooks';
import { FeedService } from '../../src/services/feed.service';
import { checkWebhookUrl } from '../../src/services/webhook.service';
import { codeOf, forum, organisation } from '../helpers/fixtures';
import { Replica, replica, useLiveApp } from './live-helpers';
import { Received, Receiver, startReceiver, verify } from './receiver';

/** Fast retries and a short receiver timeout, so that the failures below take seconds. */
const ENV = {
  FEED_POLL_MS: '50',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_BACKOFF_BASE_MS: '200',
  WEBHOOK_BACKOFF_MAX_MS: '1000',
};

const CREATE = `mutation($input: WebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url status cursor filter } }
}`;
const DELIVERIES = `query($hook: ID!) { webhookDeliveries(hook: $hook, first: 50) {
  nodes { messageId changeId changeCursor attempt ok statusCode error durationMs nextAttemptAt }
} }`;

describe('webhooks', () => {
  const app = useLiveApp(ENV);
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  async function hook(input: Record<string, unknown> = {}) {
    const res = await app.gql(CREATE, { input: { url: receiver.url, ...input } });
    expect(res.body.errors).toBeUndefined();
    const created = res.body.data!.createWebhook as {
      secret: string;
      webhook: { id: string; cursor: string; status: string };
    };
    receiver.secret = created.secret;
    return created.webhook;
  }
  /** The delivery log once it holds `n` attempts: the receiver has a delivery a moment before the worker records it. */
  async function logOf(id: string, n: number) {
    for (let i = 0; ; i++) {
      const res = await app.gql(DELIVERIES, { hook: id });
      expect(res.body.errors).toBeUndefined();
      const nodes = res.body.data!.webhookDeliveries.nodes as Array<Record<string, any>>;
      if (nodes.length >= n || i >= 200) return nodes;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const names = (list = receiver.delivered()) =>
    list.map((r) => (r.json.change.after ?? r.json.change.before)?.name as string);

  it('POSTs each change in feed order, signed per Standard Webhooks, as a viewer reads it', async () => {
    const h = await hook({ description: 'CRM sync' });
    expect(h.status).toBe('ACTIVE');
    await organisation(app, 'Wemos');
    await organisation(app, 'Medicus Mundi', {});
    await app.gql(
      'mutation { createPerson(input: {name: "Ada", contact: {email: "ada@example.org"}}) { id } }',
    );
    await receiver.until(() => receiver.delivered().length >= 3, 'three deliveries');
    const got = receiver.delivered();
    expect(names(got)).toEqual(['Wemos', 'Medicus Mundi', 'Ada']);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(new Set(got.map((r) => r.id)).size).toBe(3);
    for (const r of got) {
      expect(r.json.hookId).toBe(h.id);
      expect(r.json.deliveryId).toBe(r.id);
      expect(r.json.cursor).toBe(r.json.change.cursor);
      expect(Math.abs(r.timestamp - Date.now() / 1000)).toBeLessThan(300);
    }
    expect(got.map((r) => r.body).join('')).not.toContain('ada@example.org');
    expect(got[0].json.change).toMatchObject({ action: 'CREATE', targetKind: 'Organisation' });
    // The order is the feed's, and the hook's cursor in the database is the last one delivered.
    const feed = await app.gql('{ changes(first: 10) { nodes { id cursor } } }');
    const ids = feed.body.data!.changes.nodes.map((n: any) => n.id);
    expect(got.map((r) => r.json.change.id)).toEqual(ids);
    await logOf(h.id, 3);
    const [row] = await app.cypher('MATCH (h:Webhook {id: $id}) RETURN h.cursor AS c', {
      id: h.id,
    });
    const [last] = await app.cypher('MATCH (c:Change {id: $id}) RETURN c.seq AS seq', {
      id: ids[2],
    });
    expect(Number(row.c)).toBe(Number(last.seq));
    // The secret is never shown again.
    const listed = await app.gql('{ webhooks { id url description status } }');
    expect(listed.body.data!.webhooks).toEqual([
      { id: h.id, url: receiver.url, description: 'CRM sync', status: 'ACTIVE' },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
  });

  it('retries a receiver that fails, with backoff, and delivers in order once it recovers; the log shows the attempts', async () => {
    let failuresLeft = 2;
    receiver.answer = () => (failuresLeft-- > 0 ? 500 : 200);
    const h = await hook();
    await organisation(app, 'First');
    await organisation(app, 'Second');
    await receiver.until(() => receiver.delivered().length >= 2, 'two deliveries');
    expect(receiver.received.map((r) => r.answered)).toEqual([500, 500, 200, 200]);
    expect(names(receiver.received)).toEqual(['First', 'First', 'First', 'Second']);
    // Every attempt at one change carries the same Webhook-Id.
    expect(new Set(receiver.received.slice(0, 3).map((r) => r.id)).size).toBe(1);
    const attempts = [...(await logOf(h.id, 4))].reverse();
    expect(attempts.map((a: any) => [a.attempt, a.ok, a.statusCode])).toEqual([
      [1, false, 500],
      [2, false, 500],
      [3, true, 200],
      [1, true, 200],
    ]);
    expect(attempts[0].error).toBe('the receiver answered HTTP 500');
    expect(attempts[0].nextAttemptAt).not.toBeNull();
    expect(attempts[2].nextAttemptAt).toBeNull();
    expect(attempts[0].messageId).toBe(receiver.received[0].id);
    const hookNow = await app.gql(
      'query($id: ID!) { webhook(id: $id) { failures lastError status } }',
      {
        id: h.id,
      },
    );
    expect(hookNow.body.data!.webhook).toEqual({ failures: 0, lastError: null, status: 'ACTIVE' });
  });

  it('retries a receiver that does not answer within the timeout', async () => {
    let first = true;
    receiver.answer = () => {
      if (first) {
        first = false;
        return 'hang';
      }
      return 204;
    };
    const h = await hook();
    await organisation(app, 'Slow');
    await receiver.until(() => receiver.delivered().length >= 1, 'a delivery after the timeout');
    expect(names(receiver.received)).toEqual(['Slow', 'Slow']);
    const [second, firstTry] = await logOf(h.id, 2);
    expect(firstTry).toMatchObject({ attempt: 1, ok: false, statusCode: null });
    expect(firstTry.error).toMatch(/no answer within 1000 ms/);
    expect(second).toMatchObject({ attempt: 2, ok: true, statusCode: 204 });
  });

  it('delivers nothing while paused, and goes on from where it stopped when resumed', async () => {
    const h = await hook();
    await organisation(app, 'Before the pause');
    await receiver.until(() => receiver.delivered().length >= 1, 'the first delivery');
    const paused = await app.gql('mutation($id: ID!) { pauseWebhook(id: $id) { status } }', {
      id: h.id,
    });
    expect(paused.body.data!.pauseWebhook.status).toBe('PAUSED');
    await organisation(app, 'During the pause 1');
    await organisation(app, 'During the pause 2');
    // The changes are in the feed (numbered and visible) and the worker has had many rounds.
    for (let i = 0; i < 40; i++) await new Promise((r) => setTimeout(r, 50));
    const feed = await app.gql('{ changes(first: 10) { nodes { id } } }');
    expect(feed.body.data!.changes.nodes).toHaveLength(3);
    expect(names(receiver.received)).toEqual(['Before the pause']);
    await app.gql('mutation($id: ID!) { resumeWebhook(id: $id) { status } }', { id: h.id });
    await receiver.until(() => receiver.delivered().length >= 3, 'the deliveries after resuming');
    expect(names()).toEqual(['Before the pause', 'During the pause 1', 'During the pause 2']);
  });

  it('replays from a cursor: the changes after it come again, with the same Webhook-Id', async () => {
    const start = (await app.gql('{ changes(first: 0) { pageInfo { endCursor } } }')).body.data!
      .changes.pageInfo.endCursor as string;
    const h = await hook();
    await organisation(app, 'One');
    await organisation(app, 'Two');
    await receiver.until(() => receiver.delivered().length >= 2, 'two deliveries');
    const replayed = await app.gql(
      'mutation($id: ID!, $after: String!) { replayWebhook(id: $id, after: $after) { cursor } }',
      { id: h.id, after: start },
    );
    expect(replayed.body.errors).toBeUndefined();
    expect(replayed.body.data!.replayWebhook.cursor).toBe(start);
    await receiver.until(() => receiver.delivered().length >= 4, 'the replay');
    expect(names()).toEqual(['One', 'Two', 'One', 'Two']);
    const ids = receiver.delivered().map((r) => r.id);
    expect(ids.slice(2)).toEqual(ids.slice(0, 2));
    const bad = await app.gql(
      'mutation($id: ID!) { replayWebhook(id: $id, after: "bm90IGEgY3Vyc29y") { id } }',
      { id: h.id },
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });

  it('delivers only the changes that pass its filter', async () => {
    await hook({ filter: { entityTypes: ['Forum'] } });
    await organisation(app, 'Not this one');
    await forum(app, 'Health Workers for All');
    await organisation(app, 'Nor this one');
    await forum(app, 'Second forum');
    await receiver.until(() => receiver.delivered().length >= 2, 'the forum changes');
    expect(names()).toEqual(['Health Workers for All', 'Second forum']);
    expect(receiver.received.every((r) => r.json.change.targetKind === 'Forum')).toBe(true);
  });

  it('is for admins only', async () => {
    const input = { url: receiver.url };
    for (const role of ['viewer', 'editor'] as const) {
      const auth = await app.keyFor(role);
      expect(codeOf(await app.gql(CREATE, { input }, { authorization: auth }))).toBe('FORBIDDEN');
      expect(codeOf(await app.gql('{ webhooks { id } }', {}, { authorization: auth }))).toBe(
        'FORBIDDEN',
      );
    }
    expect(codeOf(await app.gql(CREATE, { input }, { authorization: '' }))).toBe('UNAUTHENTICATED');
    expect(await app.cypher('MATCH (h:Webhook) RETURN h')).toEqual([]);
  });

  it.each([
    ['http://example.org/hook', /must start with https:\/\//],
    ['ftp://example.org/hook', /must start with https:\/\//],
    ['javascript:alert(1)', /must start with https:\/\//],
    ['https://user:secret@example.org/hook', /user name or password/],
    ['https://example.org/\u202egnp.exe', /control or bidirectional/],
    ['https://example.org/a\nb', /control or bidirectional/],
    ['not a url', /not a URL/],
    ['https://example.org/hook#part', /fragment/],
  ])('refuses %j with BAD_USER_INPUT and why', async (url, why) => {
    const res = await app.gql(CREATE, { input: { url } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].message).toMatch(why);
    expect(res.body.errors![0].extensions!.fields).toEqual([
      { field: 'input.url', problem: res.body.errors![0].message },
    ]);
    expect(await app.cypher('MATCH (h:Webhook) RETURN h')).toEqual([]);
  });

  it('outside development, refuses http and loopback, private and link-local addresses', () => {
    const production = { allowHttpLocalhost: false };
    for (const url of [
      'http://localhost:8080/hook',
      'http://127.0.0.1/hook',
      'https://localhost/hook',
      'https://crm.localhost/hook',
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://10.1.2.3/hook',
      'https://192.168.0.10/hook',
      'https://[fd00::1]/hook',
      'https://0.0.0.0/hook',
      // Found by a tester: a trailing dot, IPv6 forms that embed an IPv4 address, multicast and the rest.
      'https://localhost./hook',
      'https://foo.localhost./hook',
      'https://[::7f00:1]/hook',
      'https://[64:ff9b::a9fe:a9fe]/hook',
      'https://[2002:7f00:1::]/hook',
      'https://224.0.0.1/hook',
      'https://255.255.255.255/hook',
      'https://[ff02::1]/hook',
      'https://198.18.0.1/hook',
      'https://[fec0::1]/hook',
    ])
      expect(() => checkWebhookUrl(url, production)).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      );
    expect(checkWebhookUrl('https://crm.example.org/hook?x=1', production)).toBe(
      'https://crm.example.org/hook?x=1',
    );
    expect(checkWebhookUrl('https://8.8.8.8/hook', production)).toBe('https://8.8.8.8/hook');
    expect(checkWebhookUrl('http://[::1]:9/hook', { allowHttpLocalhost: true })).toBe(
      'http://[::1]:9/hook',
    );
  });

  it('refuses a cursor ahead of the feed, and creates nothing', async () => {
    const ahead = Buffer.from(JSON.stringify(['feed', 1e9])).toString('base64url');
    const res = await app.gql(CREATE, { input: { url: receiver.url, after: ahead } });
    expect(res.body.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      detail: 'CURSOR_AHEAD',
    });
    expect(await app.cypher('MATCH (h:Webhook) RETURN h')).toEqual([]);
  });

  it('does not hold up writes while its receiver never answers', async () => {
    receiver.answer = () => 'hang';
    await hook();
    await organisation(app, 'First while hanging');
    await receiver.until(() => receiver.received.length >= 1, 'the first attempt');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        app.gql('mutation($n: String!) { createOrganisation(input: {name: $n}) { id } }', {
          n: `Written meanwhile ${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.body.errors)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const [row] = await app.cypher(
      "MATCH (o:Organisation) WHERE o.name STARTS WITH 'Written meanwhile' RETURN count(o) AS n",
    );
    expect(Number(row.n)).toBe(5);
    expect(receiver.delivered()).toEqual([]);
  });

  it('gives up after the retry period: FAILING, nothing skipped, and resume goes on from the change it was stuck on', async () => {
    receiver.answer = () => 500;
    const h = await hook();
    await organisation(app, 'Stuck');
    await receiver.until(() => receiver.received.length >= 1, 'a first failed attempt');
    // As if the first failure were a day and more ago (WEBHOOK_RETRY_FOR_S is 24 h here).
    await app.cypher(
      "MATCH (h:Webhook {id: $id}) SET h.failingSince = '2000-01-01T00:00:00.000Z'",
      {
        id: h.id,
      },
    );
    const status = async () =>
      (
        await app.gql('query($id: ID!) { webhook(id: $id) { status failures lastError } }', {
          id: h.id,
        })
      ).body.data!.webhook as { status: string; failures: number; lastError: string | null };
    let now = await status();
    for (let i = 0; i < 200 && now.status !== 'FAILING'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      now = await status();
    }
    expect(now.status).toBe('FAILING');
    expect(now.lastError).toBe('the receiver answered HTTP 500');
    const tried = receiver.received.length;
    await organisation(app, 'After giving up');
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 50));
    expect(receiver.received).toHaveLength(tried);
    receiver.answer = () => 200;
    const resumed = await app.gql(
      'mutation($id: ID!) { resumeWebhook(id: $id) { status failures } }',
      {
        id: h.id,
      },
    );
    expect(resumed.body.data!.resumeWebhook).toEqual({ status: 'ACTIVE', failures: 0 });
    await receiver.until(() => receiver.delivered().length >= 2, 'the deliveries after resuming');
    expect(names()).toEqual(['Stuck', 'After giving up']);
  });

  it('rotates the secret: the new one signs from then on, the old one no longer does', async () => {
    const h = await hook();
    const old = receiver.secret;
    await organisation(app, 'Signed with the first secret');
    await receiver.until(() => receiver.delivered().length >= 1, 'the first delivery');
    // overlapSeconds: 0, for a secret that leaked: the old one stops at once.
    const rotated = await app.gql(
      'mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapSeconds: 0) { secret webhook { id } } }',
      { id: h.id },
    );
    const secret = rotated.body.data!.rotateWebhookSecret.secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secret).not.toBe(old);
    receiver.secret = secret;
    await organisation(app, 'Signed with the second secret');
    await receiver.until(() => receiver.delivered().length >= 2, 'the second delivery');
    const [first, second] = receiver.delivered();
    expect([first.verified, second.verified]).toEqual([true, true]);
    const check = (key: string, r: typeof first) =>
      verify(key, r.id, String(r.timestamp), r.body, r.signature);
    expect([check(old, first), check(secret, first)]).toEqual([true, false]);
    expect([check(old, second), check(secret, second)]).toEqual([false, true]);
  });

  it('rotates the secret with an overlap: both sign until it ends, then only the new one', async () => {
    const h = await hook();
    const old = receiver.secret;
    await organisation(app, 'Before rotating');
    await receiver.until(() => receiver.delivered().length >= 1, 'the first delivery');
    const rotated = await app.gql(
      'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { previousSecretUntil } } }',
      { id: h.id },
    );
    expect(rotated.body.errors).toBeUndefined();
    const secret = rotated.body.data!.rotateWebhookSecret.secret as string;
    // The default overlap is 24 h.
    const until = Date.parse(rotated.body.data!.rotateWebhookSecret.webhook.previousSecretUntil);
    expect(Math.abs(until - (Date.now() + 86_400_000))).toBeLessThan(60_000);
    const [stored] = await app.cypher(
      'MATCH (h:Webhook {id: $id}) RETURN h.secret = h.previousSecret AS same, h.previousSecret IS NULL AS none',
      { id: h.id },
    );
    expect(stored).toEqual({ same: false, none: false });
    receiver.secret = secret;
    await organisation(app, 'During the overlap');
    await receiver.until(() => receiver.delivered().length >= 2, 'the delivery in the overlap');
    const check = (key: string, r: Received) =>
      verify(key, r.id, String(r.timestamp), r.body, r.signature);
    const during = receiver.delivered()[1];
    // Two signatures: a receiver that switched and one that did not both verify.
    expect(during.signature.split(' ')).toHaveLength(2);
    expect([check(old, during), check(secret, during)]).toEqual([true, true]);
    // The overlap ends (moved into the past in the database rather than waited for).
    await app.cypher(
      "MATCH (h:Webhook {id: $id}) SET h.previousSecretUntil = '2000-01-01T00:00:00.000Z', h.updatedAt = $now",
      { id: h.id, now: new Date().toISOString() },
    );
    const after = await app.gql('query($id: ID!) { webhook(id: $id) { previousSecretUntil } }', {
      id: h.id,
    });
    expect(after.body.data!.webhook.previousSecretUntil).toBeNull();
    await organisation(app, 'After the overlap');
    await receiver.until(() => receiver.delivered().length >= 3, 'the delivery after the overlap');
    const later = receiver.delivered()[2];
    expect(later.signature.split(' ')).toHaveLength(1);
    expect([check(old, later), check(secret, later)]).toEqual([false, true]);
    const bad = await app.gql(
      'mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapSeconds: -1) { secret } }',
      { id: h.id },
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.body.errors![0].message).toContain('overlapSeconds');
  });

  it('refuses an empty string as "after" in createWebhook and replayWebhook alike', async () => {
    const created = await app.gql(CREATE, { input: { url: receiver.url, after: '' } });
    expect(codeOf(created)).toBe('BAD_USER_INPUT');
    expect(created.body.errors![0].message).toContain('leave "after" out');
    expect(created.body.errors![0].extensions!.fields).toEqual([
      { field: 'input.after', problem: 'empty' },
    ]);
    expect(await app.cypher('MATCH (h:Webhook) RETURN h')).toEqual([]);
    const h = await hook();
    const before = await app.cypher('MATCH (h:Webhook {id: $id}) RETURN h.cursor AS c', {
      id: h.id,
    });
    const replayed = await app.gql(
      'mutation($id: ID!) { replayWebhook(id: $id, after: "") { id } }',
      { id: h.id },
    );
    expect(codeOf(replayed)).toBe('BAD_USER_INPUT');
    expect(replayed.body.errors![0].extensions!.fields).toEqual([
      { field: 'after', problem: 'empty' },
    ]);
    expect(
      await app.cypher('MATCH (h:Webhook {id: $id}) RETURN h.cursor AS c', { id: h.id }),
    ).toEqual(before);
  });

  it('marks the attempts of a replay with its number, and counts the whole log', async () => {
    const start = (await app.gql('{ changes(first: 0) { pageInfo { endCursor } } }')).body.data!
      .changes.pageInfo.endCursor as string;
    const h = await hook();
    await organisation(app, 'Replayed one');
    await organisation(app, 'Replayed two');
    await receiver.until(() => receiver.delivered().length >= 2, 'two deliveries');
    await logOf(h.id, 2);
    const replayed = await app.gql(
      'mutation($id: ID!, $after: String!) { replayWebhook(id: $id, after: $after) { replays } }',
      { id: h.id, after: start },
    );
    expect(replayed.body.data!.replayWebhook.replays).toBe(1);
    await receiver.until(() => receiver.delivered().length >= 4, 'the replay');
    const log = [
      ...(await (async () => {
        for (let i = 0; ; i++) {
          const res = await app.gql(
            'query($hook: ID!) { webhookDeliveries(hook: $hook, first: 2) { totalCount nodes { changeId attempt replay ok } } }',
            { hook: h.id },
          );
          expect(res.body.errors).toBeUndefined();
          const page = res.body.data!.webhookDeliveries;
          if (page.totalCount >= 4 || i >= 200) return [page];
          await new Promise((r) => setTimeout(r, 50));
        }
      })()),
    ][0];
    // The count is of the whole log, not of the page of two.
    expect(log.totalCount).toBe(4);
    expect(log.nodes).toHaveLength(2);
    const [count] = await app.cypher(
      'MATCH (d:WebhookDelivery {hookId: $id}) RETURN count(d) AS n',
      { id: h.id },
    );
    expect(Number(count.n)).toBe(4);
    const full = await app.gql(
      'query($hook: ID!) { webhookDeliveries(hook: $hook, first: 50) { nodes { changeId attempt replay ok } } }',
      { hook: h.id },
    );
    const all = [...full.body.data!.webhookDeliveries.nodes].reverse();
    const ids = receiver.delivered().map((r) => r.json.change.id);
    expect(all.map((a: any) => [a.changeId, a.attempt, a.replay, a.ok])).toEqual([
      [ids[0], 1, 0, true],
      [ids[1], 1, 0, true],
      [ids[0], 1, 1, true],
      [ids[1], 1, 1, true],
    ]);
    const [stored] = await app.cypher(
      'MATCH (d:WebhookDelivery {hookId: $id}) RETURN collect(DISTINCT d.replay) AS r',
      { id: h.id },
    );
    expect([...stored.r].map(Number).sort()).toEqual([0, 1]);
  });

  it('runs at most WEBHOOK_CONCURRENCY database operations of delivery at once, and a receiver that never answers holds up no other hook', async () => {
    // A worker with one slot, on the same Neo4j; the app's own worker is stopped meanwhile (and
    // started again afterwards) so that it delivers nothing.
    await app.server.webhooks!.stop(0);
    const hanging = await startReceiver();
    try {
      hanging.answer = () => 'hang';
      const a = await app.gql(CREATE, { input: { url: hanging.url } });
      expect(a.body.errors).toBeUndefined();
      const hangingId = a.body.data!.createWebhook.webhook.id as string;
      await hook();
      const worker = new WebhookWorker(app.db, new FeedService(app.db), pino({ level: 'silent' }), {
        pollMs: 50,
        timeoutMs: 20_000,
        concurrency: 1,
        allowHttpLocalhost: true,
      });
      worker.start();
      try {
        for (const n of ['One slot', 'Two', 'Three']) await organisation(app, n);
        await hanging.until(() => hanging.received.length >= 1, 'the hanging attempt');
        await receiver.until(() => receiver.delivered().length >= 3, 'the other hook meanwhile');
        // The hanging attempt is still open (not timed out, nothing recorded) while the other
        // hook got all three.
        expect(hanging.received.map((r) => r.answered)).toEqual([null]);
        const [row] = await app.cypher(
          'MATCH (h:Webhook {id: $id}) RETURN h.failures AS f, h.lastDeliveryAt IS NULL AS never',
          { id: hangingId },
        );
        expect([Number(row.f), row.never]).toEqual([0, true]);
        expect(names()).toEqual(['One slot', 'Two', 'Three']);
        expect(worker.busy).toBe(1);
        expect(worker.peakDatabaseOperations).toBe(1);
      } finally {
        await worker.stop(0);
      }
    } finally {
      await hanging.close();
      app.server.webhooks!.start();
    }
  });

  it('deletes a hook with its delivery log; pages the log; unknown ids answer NOT_FOUND', async () => {
    const h = await hook();
    for (const n of ['A', 'B', 'C']) await organisation(app, n);
    await receiver.until(() => receiver.delivered().length >= 3, 'three deliveries');
    await logOf(h.id, 3);
    const page1 = await app.gql(
      'query($h: ID!) { webhookDeliveries(hook: $h, first: 2) { nodes { changeId } pageInfo { hasNextPage endCursor } } }',
      { h: h.id },
    );
    expect(page1.body.data!.webhookDeliveries.pageInfo.hasNextPage).toBe(true);
    const page2 = await app.gql(
      'query($h: ID!, $a: String) { webhookDeliveries(hook: $h, first: 2, after: $a) { nodes { changeId } pageInfo { hasNextPage } } }',
      { h: h.id, a: page1.body.data!.webhookDeliveries.pageInfo.endCursor },
    );
    const seen = [
      ...page1.body.data!.webhookDeliveries.nodes,
      ...page2.body.data!.webhookDeliveries.nodes,
    ].map((n: any) => n.changeId);
    expect(seen.reverse()).toEqual(receiver.delivered().map((r) => r.json.change.id));
    expect(page2.body.data!.webhookDeliveries.pageInfo.hasNextPage).toBe(false);
    const gone = await app.gql('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: h.id });
    expect(gone.body.data!.deleteWebhook).toBe(h.id);
    expect(await app.cypher('MATCH (n) WHERE n:Webhook OR n:WebhookDelivery RETURN n')).toEqual([]);
    for (const q of [
      'mutation($id: ID!) { deleteWebhook(id: $id) }',
      'mutation($id: ID!) { pauseWebhook(id: $id) { id } }',
      'query($id: ID!) { webhookDeliveries(hook: $id) { nodes { id } } }',
    ])
      expect(codeOf(await app.gql(q, { id: h.id }))).toBe('NOT_FOUND');
    expect(
      (await app.gql('query($id: ID!) { webhook(id: $id) { id } }', { id: h.id })).body.data!
        .webhook,
    ).toBeNull();
  });

  it('keeps the delivery log for WEBHOOK_LOG_DAYS', async () => {
    const h = await hook();
    await organisation(app, 'Logged');
    await receiver.until(() => receiver.delivered().length >= 1, 'a delivery');
    await logOf(h.id, 1);
    await app.cypher(
      "CREATE (:WebhookDelivery {id: 'old', hookId: $id, at: '2000-01-01T00:00:00.000Z'})",
      { id: h.id },
    );
    const worker = new WebhookWorker(app.db, new FeedService(app.db), pino({ level: 'silent' }), {
      logRetentionDays: 7,
    });
    expect(await worker.pruneIfDue()).toBe(1);
    const left = await app.cypher('MATCH (d:WebhookDelivery) RETURN d.id AS id');
    expect(left).toHaveLength(1);
    expect(left[0].id).not.toBe('old');
  });

  it('backs off three times longer each retry, with jitter, up to the cap', () => {
    expect(backoffMs(1, 10_000, 3_600_000, () => 0.5)).toBe(10_000);
    expect(backoffMs(2, 10_000, 3_600_000, () => 0.5)).toBe(30_000);
    expect(backoffMs(3, 10_000, 3_600_000, () => 0.5)).toBe(90_000);
    expect(backoffMs(20, 10_000, 3_600_000, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(1, 10_000, 3_600_000, () => 0)).toBe(7_500);
    expect(backoffMs(1, 10_000, 3_600_000, () => 1)).toBe(12_500);
  });
});

describe('a process whose policy refuses a stored hook URL does not send to it', () => {
  // This process refuses http and loopback addresses (as in production); the hook was stored under
  // a looser policy (development, or a dump restored from elsewhere).
  const app = useLiveApp({ ...ENV, WEBHOOK_ALLOW_HTTP_LOCALHOST: 'false' });
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('records the attempt as not sent, and the receiver gets nothing', async () => {
    const { WebhookService } = await import('../../src/services/webhook.service');
    const { QueryMeter } = await import('../../src/graph/database');
    const loose = new WebhookService(app.db, { allowHttpLocalhost: true }, new QueryMeter());
    const { webhook } = await loose.create({ url: receiver.url });
    await organisation(app, 'Never Sent');
    let nodes: Array<Record<string, any>> = [];
    for (let i = 0; i < 200 && !nodes.length; i++) {
      const res = await app.gql(DELIVERIES, { hook: webhook.id });
      expect(res.body.errors).toBeUndefined();
      nodes = res.body.data!.webhookDeliveries.nodes as Array<Record<string, any>>;
      if (!nodes.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(nodes[0]).toMatchObject({ ok: false, statusCode: null });
    expect(nodes[0].error).toMatch(/^not sent: http:\/\/ URLs are accepted only for localhost/);
    expect(receiver.delivered()).toHaveLength(0);
  });
});

describe('webhooks across two servers on one Neo4j', () => {
  const app = useLiveApp(ENV);
  let other: Replica | undefined;
  let receiver: Receiver;
  beforeAll(async () => {
    other = await replica(ENV);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await other?.close();
  });

  it('delivers each change once, in order, by one server at a time; a server that stops gives its lease back', async () => {
    const res = await app.gql(CREATE, { input: { url: receiver.url } });
    receiver.secret = res.body.data!.createWebhook.secret;
    const id = res.body.data!.createWebhook.webhook.id as string;
    for (let i = 0; i < 8; i++) await organisation(app, `Org ${i}`);
    await receiver.until(() => receiver.delivered().length >= 8, 'eight deliveries');
    // A little longer: a second server delivering too would show up as duplicates.
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 50));
    const got = receiver.delivered();
    expect(got.map((r) => r.json.change.after.name)).toEqual(
      Array.from({ length: 8 }, (_, i) => `Org ${i}`),
    );
    expect(receiver.received).toHaveLength(8);
    expect(got.every((r) => r.verified)).toBe(true);
    const [lease] = await app.cypher('MATCH (h:Webhook {id: $id}) RETURN h.leaseOwner AS owner', {
      id,
    });
    const owners = [app.server.webhooks!.owner, other!.server.webhooks!.owner];
    expect(owners).toContain(lease.owner);
    // The holder stops; the other one takes the hook over at once and goes on in order.
    const holderIsOther = lease.owner === other!.server.webhooks!.owner;
    if (holderIsOther) {
      await other!.close();
      other = undefined;
    } else {
      await app.server.webhooks!.stop();
    }
    const [released] = await app.cypher(
      'MATCH (h:Webhook {id: $id}) RETURN h.leaseOwner AS owner',
      {
        id,
      },
    );
    expect(released.owner).toBeNull();
    // Written through the first server (when its worker is the one stopped, its server still serves).
    await organisation(app, 'After the hand-over');
    await receiver.until(
      () => receiver.delivered().length >= 9,
      'the delivery after the hand-over',
    );
    expect(receiver.delivered()[8].json.change.after.name).toBe('After the hand-over');
    const [taken] = await app.cypher('MATCH (h:Webhook {id: $id}) RETURN h.leaseOwner AS owner', {
      id,
    });
    expect(taken.owner).not.toBe(lease.owner);
  });
});
