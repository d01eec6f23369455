/** Cypher for API keys. */
import type { Tx } from './database';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: string;
  prefix?: string;
  createdAt?: string;
  revokedAt?: string | null;
}

export const apiKeyRepository = {
  async create(
    tx: Tx,
    key: { id: string; name: string; role: string; hash: string; prefix: string; now: string },
  ): Promise<ApiKeyRecord> {
    const [row] = await tx.run('auth/create-key', key);
    return row.key as ApiKeyRecord;
  },
  async findByHash(tx: Tx, hash: string): Promise<ApiKeyRecord | null> {
    const [row] = await tx.run('auth/find-by-hash', { hash });
    return row ? (row.key as ApiKeyRecord) : null;
  },
  async list(tx: Tx): Promise<ApiKeyRecord[]> {
    return (await tx.run('auth/list-keys')).map((r) => r.key as ApiKeyRecord);
  },
  async revoke(tx: Tx, ref: string, now: string): Promise<ApiKeyRecord[]> {
    return (await tx.run('auth/revoke-key', { ref, now })).map((r) => r.key as ApiKeyRecord);
  },
};
