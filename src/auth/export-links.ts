/**
 * Short-lived signed export links, for desktop tools that can only "import from URL" (Gephi,
 * Cytoscape desktop) and so cannot send a key in a header (docs/exports.md, "Links").
 *
 * A link is /export/<file>?<filter>&token=<token>. The token is `<payload>.<mac>`: the payload
 * (base64url JSON) names the file, the SHA-256 digest of the filter parameters (every one,
 * the explorer's view included: a view's ids would make the token longer than a URL may be),
 * the expiry and the id of the key that asked (never the key itself); the mac is HMAC-SHA-256 over the payload with the
 * server's secret (EXPORT_LINK_SECRET, or one made at start, when links die on restart). A
 * link is refused when its mac does not match (tampered, or another secret), it has expired,
 * the request's file or filter differ from the signed ones, or its key has been revoked since
 * or no longer reads affiliations (checked on every use).
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Caller } from '../context';
import type { Database } from '../graph/database';
import { AppError, ErrorCode } from '../errors';
import { FILTER_PARAMETERS } from '../services/export/filter';
import { seesPersonalTies } from './auth-checker';

/** The filter parameters of a request, in one order: what the token signs. */
export function signedFilter(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FILTER_PARAMETERS) {
    const v = params[name];
    if (typeof v === 'string' && v.trim() !== '') out[name] = v.trim();
  }
  return out;
}

/** What a token holds of the filter: the SHA-256 (base64url) of signedFilter's parameters as JSON, in their one order. */
export function filterDigest(filter: Record<string, string>): string {
  return crypto.createHash('sha256').update(JSON.stringify(filter), 'utf8').digest('base64url');
}

const payloadSchema = z.object({
  /** The export's file name, e.g. graph.gexf. */
  f: z.string(),
  /** The filter parameters' digest (filterDigest). */
  p: z.string(),
  /** Expiry, seconds since 1970. */
  e: z.number().int(),
  /** The id of the key that asked. */
  k: z.string(),
});
type Payload = z.infer<typeof payloadSchema>;

const keyRow = z.object({
  key: z.object({ id: z.string(), name: z.string(), role: z.enum(['viewer', 'editor', 'admin']) }),
});

const refused = (why: string) =>
  new AppError(
    ErrorCode.UNAUTHENTICATED,
    `${why} Ask for a new link (the explorer's Export panel, "Copy link for Gephi/Cytoscape", or POST /export/links with your key), or send "Authorization: Bearer <key>" instead.`,
    { http: { status: 401 } },
  );

export class ExportLinks {
  private readonly secret: Buffer;

  constructor(
    private readonly db: Database,
    secret: string | null,
    readonly ttlSeconds: number,
  ) {
    this.secret = secret ? Buffer.from(secret, 'utf8') : crypto.randomBytes(32);
  }

  private mac(payload: string): Buffer {
    return crypto.createHmac('sha256', this.secret).update(payload, 'utf8').digest();
  }

  /** A token for this file and filter, for the caller's key, valid for ttlSeconds from now. */
  sign(
    file: string,
    filter: Record<string, string>,
    keyId: string,
    now = Date.now(),
  ): { token: string; expiresAt: Date } {
    const e = Math.floor(now / 1000) + this.ttlSeconds;
    const payload: Payload = { f: file, p: filterDigest(filter), e, k: keyId };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return {
      token: `${body}.${this.mac(body).toString('base64url')}`,
      expiresAt: new Date(e * 1000),
    };
  }

  /** The caller a token stands for on this file and filter, or an UNAUTHENTICATED error saying why not. */
  async verify(
    token: string,
    file: string,
    filter: Record<string, string>,
    now = Date.now(),
  ): Promise<Caller> {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined || token.length > 4000)
      throw refused('That is not an export link token of this service.');
    // Compared as the text it was issued as: base64url decoding ignores stray characters and the
    // last character's spare bits, so a decoded comparison let changed tokens through.
    const given = Buffer.from(mac, 'utf8');
    const expected = Buffer.from(this.mac(body).toString('base64url'), 'utf8');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      throw refused(
        'This link was changed after it was made, or made before the service restarted with another secret.',
      );
    let payload: Payload;
    try {
      payload = payloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    } catch {
      throw refused('That is not an export link token of this service.');
    }
    if (payload.e * 1000 <= now) throw refused('This link has expired.');
    if (payload.f !== file)
      throw refused(`This link is for /export/${payload.f}, not /export/${file}.`);
    if (payload.p !== filterDigest(filter))
      throw refused('This link was made for other filter parameters.');
    const [row] = await this.db.read((tx) => tx.run('auth/find-by-id', { id: payload.k }));
    const key = row ? keyRow.parse(row).key : null;
    if (!key) throw refused('The key this link was made with has been revoked.');
    const caller: Caller = { role: key.role, name: `key:${key.name}`, keyId: key.id };
    if (!seesPersonalTies(caller))
      throw refused('The key this link was made with may not read exports any more.');
    return caller;
  }
}
