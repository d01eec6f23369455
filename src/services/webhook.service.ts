/**
 * Webhooks, the admin's side: register a hook (URL, the feed's filter, a cursor to start after),
 * list, pause, resume, replay from a cursor, rotate the signing secret, delete, and read the
 * delivery log. Delivery itself is src/live/webhooks.ts. docs/live.md ("Webhooks") is the user's
 * account; the URL rules and the SSRF choice are in docs/security.md.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { z } from 'zod';
import { fromGlobalId, isEntityType } from '../domain/ids';
import { EntityType, TieType } from '../domain/model';
import { entityRef, writableEntities } from './entity-ids';
import { AppError, ErrorCode, badInput } from '../errors';
import type { Database, QueryMeter } from '../graph/database';
import type { FeedFilter } from '../graph/feed.repository';
import {
  DeliveryRecord,
  WebhookRecord,
  WebhookStatus,
  webhookRepository,
} from '../graph/webhook.repository';
import {
  FeedFilterInput,
  aheadCursor,
  expiredCursor,
  feedCursor,
  parseFeedCursor,
  toFeedFilter,
} from './feed.service';
import { decodeCursor, encodeCursor, pageSize } from './paging';

export interface WebhookPolicy {
  /** Accept http://localhost, 127.0.0.1 and [::1] (development and tests). */
  allowHttpLocalhost: boolean;
}

const MAX_URL = 2000;
const MAX_DESCRIPTION = 500;
/** Control characters, and the bidirectional marks and overrides that make a URL read otherwise than it goes. */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Addresses a receiver may not be at outside development, written as IP literals: loopback,
 * private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, benchmarking,
 * multicast, reserved and broadcast, unique and site local, unspecified, and the IPv6 forms that
 * embed an IPv4 address (IPv4-compatible, NAT64, 6to4). Names are not resolved here (docs/security.md, "Webhooks and SSRF").
 */
const INTERNAL_V4 = new net.BlockList();
const INTERNAL_V6 = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INTERNAL_V4.addSubnet(net4, bits, 'ipv4');
for (const [net6, bits] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  INTERNAL_V6.addSubnet(net6, bits, 'ipv6');

function internalHost(hostname: string): boolean {
  // A fully qualified name's trailing dot ("localhost.") names the same host.
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = net.isIP(host);
  if (family === 4) return INTERNAL_V4.check(host, 'ipv4');
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is refused whatever it is: no receiver needs that form.
  // ::/96 (IPv4-compatible, ::7f00:1), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4
  // address: refused as a whole, with multicast, site-local and the rest of the list.
  if (family === 6) return /^::ffff:/i.test(host) || INTERNAL_V6.check(host, 'ipv6');
  return false;
}

const urlProblem = (message: string) =>
  badInput(message, [{ field: 'input.url', problem: message }]);

/** Checks a receiver URL; answers it normalised (WHATWG URL serialisation). */
export function checkWebhookUrl(raw: string, policy: WebhookPolicy): string {
  if (raw.length > MAX_URL) throw urlProblem(`The URL is too long: at most ${MAX_URL} characters.`);
  if (HIDDEN.test(raw))
    throw urlProblem(
      'The URL holds a control or bidirectional character (they can hide where it really goes). Type it again without them.',
    );
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw urlProblem('This is not a URL. Give the receiver as https://host/path.');
  }
  if (url.username || url.password)
    throw urlProblem(
      'The URL carries a user name or password. Leave them out: receivers check the Webhook-Signature header instead.',
    );
  if (url.hash) throw urlProblem('The URL has a #fragment, which is never sent. Leave it out.');
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) {
    if (policy.allowHttpLocalhost) return url.href;
    throw urlProblem(
      'http:// URLs are accepted only for localhost in development (WEBHOOK_ALLOW_HTTP_LOCALHOST). Use https://.',
    );
  }
  if (url.protocol !== 'https:')
    throw urlProblem(
      `A webhook URL must start with https:// (${policy.allowHttpLocalhost ? 'or http://localhost, 127.0.0.1 or [::1]' : 'http is accepted only for localhost in development'}); "${url.protocol}" is not accepted.`,
    );
  if (!policy.allowHttpLocalhost && internalHost(url.hostname))
    throw urlProblem(
      `"${url.hostname}" is a loopback, private or link-local address: webhooks go to receivers on the internet. Give the receiver's public https:// URL.`,
    );
  return url.href;
}

/** A signing secret in the Standard Webhooks form: "whsec_" and 32 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64')}`;
}

/** The filter as it is stored (and shown): the input's fields, dates as ISO text. */
const storedFilter = z.object({
  kinds: z.array(z.string()).nullish(),
  entityTypes: z.array(z.nativeEnum(EntityType)).nullish(),
  tieTypes: z.array(z.nativeEnum(TieType)).nullish(),
  forum: z.string().nullish(),
  target: z.string().nullish(),
  actor: z.string().nullish(),
  since: z.string().nullish(),
});
export type StoredFilter = z.infer<typeof storedFilter>;

export function parseStoredFilter(json: string): StoredFilter {
  return storedFilter.parse(JSON.parse(json));
}

/** The stored filter as the feed's query parameters. */
export function hookFeedFilter(json: string): FeedFilter {
  const f = parseStoredFilter(json);
  return toFeedFilter({ ...f, since: f.since ? new Date(f.since) : null });
}

export interface Webhook extends Omit<WebhookRecord, 'filterJson' | 'cursor' | 'replays'> {
  filter: StoredFilter;
  cursor: string;
  replays: number;
}

const toWebhook = (r: WebhookRecord): Webhook => {
  const { filterJson, cursor, replays, previousSecretUntil, ...rest } = r;
  return {
    ...rest,
    filter: parseStoredFilter(filterJson),
    cursor: feedCursor(cursor),
    replays: replays ?? 0,
    // Past the overlap the old secret no longer signs, whether or not the node still says so.
    previousSecretUntil:
      previousSecretUntil && previousSecretUntil > new Date().toISOString()
        ? previousSecretUntil
        : null,
  };
};

/** The longest overlap rotateWebhookSecret accepts: a week. */
export const MAX_SECRET_OVERLAP_S = 604_800;
export const DEFAULT_SECRET_OVERLAP_S = 86_400;

/**
 * A feed cursor given as `after`: "" is refused in both createWebhook and replayWebhook rather
 * than read as "left out" (which means "from now" for createWebhook and is not allowed for
 * replayWebhook): an empty string is most often a variable that was never filled in, and
 * guessing either way would deliver the wrong changes silently.
 */
function hookCursor(after: string | null | undefined, field: string): number | null {
  if (after === '')
    throw badInput(
      `"after" is an empty string, which is not a cursor of the change feed. Pass a cursor the feed gave out (an edge's cursor or pageInfo.endCursor)${field === 'input.after' ? ', or leave "after" out to deliver the changes from now on' : ''}.`,
      [{ field, problem: 'empty' }],
    );
  return parseFeedCursor(after);
}

const hookNotFound = (id: string) =>
  new AppError(
    ErrorCode.NOT_FOUND,
    `No webhook has the id "${id}". List them with the webhooks query.`,
  );

export interface WebhookInput {
  url: string;
  filter?: FeedFilterInput | null;
  description?: string | null;
  after?: string | null;
}

export class WebhookService {
  constructor(
    private readonly db: Database,
    private readonly policy: WebhookPolicy,
    private readonly meter?: QueryMeter,
  ) {}

  async create(input: WebhookInput): Promise<{ webhook: Webhook; secret: string }> {
    const url = checkWebhookUrl(input.url, this.policy);
    const description = input.description?.trim() || null;
    if (description && description.length > MAX_DESCRIPTION)
      throw badInput(`A description has at most ${MAX_DESCRIPTION} characters.`, [
        { field: 'input.description', problem: 'too long' },
      ]);
    // Checks the filter's ids now, as the feed would.
    toFeedFilter(input.filter);
    const f = input.filter ?? {};
    const stored: StoredFilter = {
      kinds: f.kinds ?? null,
      entityTypes: f.entityTypes ?? null,
      tieTypes: f.tieTypes ?? null,
      forum: f.forum ?? null,
      target: f.target ?? null,
      actor: f.actor ?? null,
      since: f.since ? f.since.toISOString() : null,
    };
    const after = hookCursor(input.after, 'input.after');
    const secret = newSecret();
    // The filter's entities as a write takes them (src/services/entity-ids.ts): a merged-away id
    // is refused naming the id to use, since changes after the merge carry the kept one and the
    // hook would wait for ever; an id of nothing is NOT_FOUND.
    const refs = [
      ...(f.forum ? [entityRef(f.forum, EntityType.Forum, 'input.filter.forum')] : []),
      ...(f.target && isEntityType(fromGlobalId(f.target)?.kind ?? '')
        ? [entityRef(f.target, undefined, 'input.filter.target')]
        : []),
    ];
    const row = await this.db.write(async (tx) => {
      if (refs.length) await writableEntities(tx, refs);
      const r = await webhookRepository.create(tx, {
        id: crypto.randomUUID(),
        url,
        description,
        filterJson: JSON.stringify(stored),
        secret,
        after,
        now: new Date().toISOString(),
      });
      // Thrown inside the transaction: the hook is not created.
      if (after !== null && after < r.floor) throw expiredCursor(after, r.floor);
      if (after !== null && after > r.visible) throw aheadCursor(after, r.visible);
      return r;
    }, this.meter);
    return { webhook: toWebhook(row.hook), secret };
  }

  async list(): Promise<Webhook[]> {
    return (await this.db.read((tx) => webhookRepository.list(tx), this.meter)).map(toWebhook);
  }

  async get(id: string): Promise<Webhook | null> {
    const r = await this.db.read((tx) => webhookRepository.get(tx, id), this.meter);
    return r ? toWebhook(r) : null;
  }

  async setStatus(id: string, status: WebhookStatus): Promise<Webhook> {
    const r = await this.db.write(
      (tx) => webhookRepository.setStatus(tx, id, status, new Date().toISOString()),
      this.meter,
    );
    if (!r) throw hookNotFound(id);
    return toWebhook(r);
  }

  async replay(id: string, after: string): Promise<Webhook> {
    const seq = hookCursor(after, 'after');
    if (seq === null)
      throw badInput('replayWebhook needs a cursor of the change feed as "after".', [
        { field: 'after', problem: 'required' },
      ]);
    const r = await this.db.write(async (tx) => {
      const row = await webhookRepository.replay(tx, id, seq, new Date().toISOString());
      if (!row) throw hookNotFound(id);
      if (seq < row.floor) throw expiredCursor(seq, row.floor);
      if (seq > row.visible) throw aheadCursor(seq, row.visible);
      return row;
    }, this.meter);
    return toWebhook(r.hook);
  }

  /**
   * A new secret; the old one goes on signing next to it for `overlapSeconds` (0: it stops at
   * once, for a secret that leaked), so receivers can switch without refusing deliveries.
   */
  async rotateSecret(
    id: string,
    overlapSeconds = DEFAULT_SECRET_OVERLAP_S,
  ): Promise<{ webhook: Webhook; secret: string }> {
    if (
      !Number.isInteger(overlapSeconds) ||
      overlapSeconds < 0 ||
      overlapSeconds > MAX_SECRET_OVERLAP_S
    )
      throw badInput(
        `overlapSeconds is how long the old secret goes on signing next to the new one: a whole number from 0 (stop at once) to ${MAX_SECRET_OVERLAP_S} (a week).`,
        [{ field: 'overlapSeconds', problem: 'out of range' }],
      );
    const secret = newSecret();
    const now = Date.now();
    const until = overlapSeconds > 0 ? new Date(now + overlapSeconds * 1000).toISOString() : null;
    const r = await this.db.write(
      (tx) => webhookRepository.rotateSecret(tx, id, secret, new Date(now).toISOString(), until),
      this.meter,
    );
    if (!r) throw hookNotFound(id);
    return { webhook: toWebhook(r), secret };
  }

  async remove(id: string): Promise<string> {
    const done = await this.db.write((tx) => webhookRepository.remove(tx, id), this.meter);
    if (!done) throw hookNotFound(id);
    return id;
  }

  /** A page of the delivery log, newest first. */
  async deliveries(
    hookId: string,
    first: number | null | undefined,
    after: string | null | undefined,
    withTotal = false,
  ): Promise<{
    deliveries: Array<DeliveryRecord & { cursor: string }>;
    hasNextPage: boolean;
    /** Attempts in the whole log; null unless asked for. */
    totalCount: number | null;
  }> {
    let before: { at: string; id: string } | null = null;
    if (after) {
      const [tag, at, id] = decodeCursor(after, 3);
      if (tag !== 'wd' || typeof at !== 'string' || typeof id !== 'string')
        throw badInput('"after" is not a cursor of this delivery log.', [
          { field: 'after', problem: 'unknown cursor' },
        ]);
      before = { at, id };
    }
    const limit = pageSize(first);
    const { rows, total } = await this.db.read(async (tx) => {
      if (!(await webhookRepository.get(tx, hookId))) throw hookNotFound(hookId);
      return {
        rows: await webhookRepository.deliveries(tx, hookId, limit + 1, before),
        total: withTotal ? await webhookRepository.deliveriesCount(tx, hookId) : null,
      };
    }, this.meter);
    return {
      totalCount: total,
      deliveries: rows
        .slice(0, limit)
        .map((d) => ({ ...d, cursor: encodeCursor(['wd', d.at, d.id]) })),
      hasNextPage: rows.length > limit,
    };
  }
}
