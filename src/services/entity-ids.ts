/**
 * How an entity id given by a client becomes a stored entity: the one place that decides.
 *
 * - Parsing: a global id is "Type:uuid"; a malformed id, a tie's id, or an id of another type
 *   than the argument needs is BAD_USER_INPUT.
 * - Reads (`readEntity`, `readEntityIn`) follow the redirect a merge leaves behind: the id of
 *   a merged-away entity answers the entity that absorbed it.
 * - Writes (`writableEntities`, `lockWritable`) never follow it: a merged id is a read-only alias, and a write
 *   given one is NOT_FOUND naming the id to use instead (extensions.mergedInto).
 * - Both agree on the type: an id whose type prefix is not the stored entity's type
 *   (`Topic:<an organisation's uuid>`) names nothing, for reads and writes alike.
 */
import { fromGlobalId, isEntityType } from '../domain/ids';
import { EntityType, withArticle } from '../domain/model';
import type { EntityRecord } from '../domain/records';
import { badInput, mergedAway, notFound } from '../errors';
import type { Tx } from '../graph/database';
import { entityRepository } from '../graph/entity.repository';
import { mergeRepository } from '../graph/merge.repository';
import type { Loaders } from '../loaders';

/** A parsed entity id: the type its prefix names, the stored key, and what the client sent (for messages). */
export interface EntityRef {
  type: EntityType;
  key: string;
  id: string;
}

/** The parsed id, or a clear error when the id is malformed, a tie's, or of another type than `expected`. */
export function entityRef(id: string, expected?: EntityType, field = 'id'): EntityRef {
  const parsed = fromGlobalId(id);
  if (!parsed || !isEntityType(parsed.kind)) {
    throw badInput(
      `"${id}" is not an entity id. Use the id field of an entity returned by this API.`,
      [{ field, problem: 'not an entity id' }],
    );
  }
  if (expected && parsed.kind !== expected) {
    throw badInput(
      `"${id}" is the id of ${withArticle(parsed.kind)}, but ${withArticle(expected)} is needed here.`,
      [{ field, problem: `must be ${withArticle(expected)} id` }],
    );
  }
  return { type: parsed.kind, key: parsed.key, id };
}

/** The entity's key from a global id (see entityRef). */
export function entityKey(id: string, expected?: EntityType, field = 'id'): string {
  return entityRef(id, expected, field).key;
}

/** For reads, through the request's loader (which follows redirects): the entity, or null when none of that type has the id. */
export async function readEntity(loaders: Loaders, ref: EntityRef): Promise<EntityRecord | null> {
  const found = await loaders.entity.load(ref.key);
  return found && found.type === ref.type ? found : null;
}

/** For each key: the entity stored under it, or the one that absorbed it (merged: true); absent when neither. One or two queries. */
async function lookUp(
  tx: Tx,
  keys: string[],
): Promise<Map<string, { entity: EntityRecord; merged: boolean }>> {
  const out = new Map<string, { entity: EntityRecord; merged: boolean }>();
  for (const e of await entityRepository.getByKeys(tx, keys))
    out.set(e.key, { entity: e, merged: false });
  const missing = keys.filter((k) => !out.has(k));
  if (missing.length)
    for (const [from, e] of await mergeRepository.redirects(tx, missing))
      out.set(from, { entity: e, merged: true });
  return out;
}

/** For reads inside a transaction the caller holds (exports, personal data): as readEntity. */
export async function readEntityIn(tx: Tx, ref: EntityRef): Promise<EntityRecord | null> {
  const found = (await lookUp(tx, [ref.key])).get(ref.key);
  return found && found.entity.type === ref.type ? found.entity : null;
}

/**
 * For writes, inside the write's transaction: the entities stored under exactly these ids
 * (each one's key is its ref.key), in order. A merged-away id is NOT_FOUND naming the id it
 * now resolves to; an unknown id, or one of another type, is NOT_FOUND.
 */
export async function writableEntities(tx: Tx, refs: EntityRef[]): Promise<EntityRecord[]> {
  const found = await lookUp(tx, [...new Set(refs.map((r) => r.key))]);
  return refs.map((ref) => {
    const f = found.get(ref.key);
    if (!f || f.entity.type !== ref.type) throw notFound(ref.type, ref.id);
    if (f.merged) throw mergedAway(ref.type, ref.id, f.entity.id);
    return f.entity;
  });
}

/**
 * For writes that change the entity itself: takes its write lock and returns its version. The
 * lock matches exactly the id and type (never a redirect), so only when it finds nothing does
 * writableEntities run, to say why (merged into which id, or not found).
 */
export async function lockWritable(tx: Tx, ref: EntityRef): Promise<number> {
  const version = await entityRepository.lockVersion(tx, ref.type, ref.key);
  if (version !== null) return version;
  await writableEntities(tx, [ref]);
  throw notFound(ref.type, ref.id);
}
