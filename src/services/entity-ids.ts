/**
 * How an entity id given by a client becomes a stored entity: the one place that decides.
 *
 * - Parsing: a global id is "Type:uuid"; a malformed id, a tie's id, or an id of another type
 *   than the argument needs is BAD_USER_INPUT.
 * - Reads (`readEntity`, `readEntityIn`) follow the redirect a merge leaves behind: the id of
 *   a merged-away entity answers the entity that absorbed it.
 * - Writes (`writableEntity`) never follow it: a merged id is a read-only alias, and a write
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
    throw badInput(`"${id}" is not an entity id. Use the id field of an entity returned by this API.`, [{ field, problem: 'not an entity id' }]);
  }
  if (expected && parsed.kind !== expected) {
    throw badInput(`"${id}" is the id of ${withArticle(parsed.kind)}, but ${withArticle(expected)} is needed here.`, [{ field, problem: `must be ${withArticle(expected)} id` }]);
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

/** The entity stored under the key, or the one that absorbed it (merged: true), or null. */
async function lookUp(tx: Tx, key: string): Promise<{ entity: EntityRecord; merged: boolean } | null> {
  const [found] = await entityRepository.getByKeys(tx, [key]);
  if (found) return { entity: found, merged: false };
  const absorbed = (await mergeRepository.redirects(tx, [key])).get(key);
  return absorbed ? { entity: absorbed, merged: true } : null;
}

/** For reads inside a transaction the caller holds (exports, personal data): as readEntity. */
export async function readEntityIn(tx: Tx, ref: EntityRef): Promise<EntityRecord | null> {
  const found = await lookUp(tx, ref.key);
  return found && found.entity.type === ref.type ? found.entity : null;
}

/**
 * For writes, inside the write's transaction: the entity stored under exactly this id (its key
 * is ref.key). A merged-away id is NOT_FOUND naming the id it now resolves to; an unknown id,
 * or one of another type, is NOT_FOUND.
 */
export async function writableEntity(tx: Tx, ref: EntityRef): Promise<EntityRecord> {
  const found = await lookUp(tx, ref.key);
  if (!found || found.entity.type !== ref.type) throw notFound(ref.type, ref.id);
  if (found.merged) throw mergedAway(ref.type, ref.id, found.entity.id);
  return found.entity;
}
