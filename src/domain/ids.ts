/**
 * Relay global ids: opaque base64url of "Type:key". The key is the entity's or tie's
 * stable UUID; the type tells node(id) where to look without a second query.
 */
import { ENTITY_TYPES, EntityType, TIE_TYPES, TieType } from './model';

export type GlobalKind = EntityType | TieType;
const KINDS = new Set<string>([...ENTITY_TYPES, ...TIE_TYPES]);

export function toGlobalId(kind: GlobalKind, key: string): string {
  return Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');
}

/** Null when the id is not one of ours. */
export function fromGlobalId(id: string): { kind: GlobalKind; key: string } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const i = text.indexOf(':');
  if (i < 1) return null;
  const kind = text.slice(0, i);
  const key = text.slice(i + 1);
  if (!KINDS.has(kind) || !/^[0-9a-f-]{36}$/.test(key)) return null;
  return { kind: kind as GlobalKind, key };
}

export function isEntityType(kind: string): kind is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(kind);
}
