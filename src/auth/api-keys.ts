/**
 * API keys: 32 random bytes, shown once as "sg_<base64url>", stored as their SHA-256
 * hash. A fast hash is right here: the keys carry 256 bits of randomness, so there is
 * nothing to brute-force, unlike passwords. Verified keys are cached for a few seconds
 * per process, so a revoked key stops working within KEY_CACHE_MS.
 */
import crypto from 'node:crypto';
import type { Caller } from '../context';
import { AppError, ErrorCode, badInput } from '../errors';
import type { Database } from '../graph/database';
import { ApiKeyRecord, apiKeyRepository } from '../graph/apikey.repository';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type KeyRole = (typeof ROLES)[number];
export const KEY_CACHE_MS = 10_000;
const KEY_FORMAT = /^sg_[A-Za-z0-9_-]{43}$/;

export function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

export async function createApiKey(
  db: Database,
  name: string,
  role: string,
): Promise<{ key: string; record: ApiKeyRecord }> {
  if (!(ROLES as readonly string[]).includes(role))
    throw badInput(`role must be one of ${ROLES.join(', ')}.`);
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100)
    throw badInput('A key needs a name of 1 to 100 characters (who or what uses it).');
  const key = `sg_${crypto.randomBytes(32).toString('base64url')}`;
  const record = await db.write((tx) =>
    apiKeyRepository.create(tx, {
      id: crypto.randomUUID(),
      name: trimmed,
      role,
      hash: hashKey(key),
      prefix: key.slice(0, 10),
      now: new Date().toISOString(),
    }),
  );
  return { key, record };
}

const unauthenticated = (message: string) =>
  new AppError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });

/** Turns an Authorization header into a caller; no header is the anonymous caller. */
/** The key in an Authorization value ("Bearer <key>", any case and spacing), or null when it is not of that form. */
export function presentedKey(header: string): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1] : null;
}

export class Authenticator {
  private readonly cache = new Map<string, { caller: Caller; until: number }>();

  constructor(private readonly db: Database) {}

  async authenticate(header: string | undefined): Promise<Caller> {
    if (!header) return { role: 'anonymous' };
    const key = presentedKey(header);
    if (key === null) throw unauthenticated('Send the API key as "Authorization: Bearer <key>".');
    if (!KEY_FORMAT.test(key))
      throw unauthenticated(
        'That is not an API key of this service. Keys look like sg_ followed by 43 characters.',
      );
    const hash = hashKey(key);
    const hit = this.cache.get(hash);
    if (hit && hit.until > Date.now()) return hit.caller;
    const record = await this.db
      .read((tx) => apiKeyRepository.findByHash(tx, hash))
      .catch((err: unknown) => {
        // The key is looked up before any resolver runs: an error here has no field to sit on, so
        // the whole request answers 503 (as /export does), not Apollo's 500 for a failed context.
        if (err instanceof AppError && err.code === ErrorCode.SERVICE_UNAVAILABLE) {
          throw new AppError(err.code, err.message, { http: { status: 503 } });
        }
        throw err;
      });
    if (!record)
      throw unauthenticated(
        'Unknown or revoked API key. Ask an admin for a new one (npm run apikey -- create).',
      );
    const caller: Caller = {
      role: record.role as Caller['role'],
      name: `key:${record.name}`,
      keyId: record.id,
    };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { caller, until: Date.now() + KEY_CACHE_MS });
    return caller;
  }
}
