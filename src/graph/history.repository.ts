/** Cypher for history: record changes inside the changing transaction, and read them back. */
import crypto from 'node:crypto';
import { z } from 'zod';
import { TIE_TYPES } from '../domain/model';
import type { Row, Tx } from './database';

export const CHANGE_ACTIONS = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'TIE_ADDED',
  'TIE_UPDATED',
  'TIE_REMOVED',
  'MERGE',
  'IMPORT',
  'ERASE',
  'RESTORE',
] as const;
/** What a change did: the one list, which the feed's ChangeKind enum is made from too. */
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** Who made a change and through what: the caller's name and role, and the request or import id. */
export interface ChangeSource {
  actor: string;
  requestId: string;
  /** An import run's id, when the change came from an import. */
  importId?: string | null;
}

/** The two ends of a changed tie, by key: stored on its Change (fromKey, toKey) so that an erasure finds every change of a person's ties, removed ones too. */
export interface TieEnds {
  fromKey: string;
  toKey: string;
}

/** The ends of a tie record (or snapshot) as a change stores them. */
export const tieEnds = (t: TieEnds): TieEnds => ({ fromKey: t.fromKey, toKey: t.toKey });

const TIE_KINDS = new Set<string>(TIE_TYPES);

export interface ChangeInput {
  action: ChangeAction;
  /** 'Organisation', 'ENGAGES_IN', ...: what kind of thing changed. */
  targetKind: string;
  targetKey: string;
  /** Plain objects, stored as JSON; null where there was nothing (before a create, after a delete). */
  before: unknown;
  after: unknown;
  note?: string | null;
  /** The ends of a tie change (required when targetKind is a tie type); none for other changes. */
  ends?: TieEnds | null;
}

export interface ChangeRecord {
  id: string;
  at: string;
  action: ChangeAction;
  targetKind: string;
  targetKey: string;
  actor: string;
  requestId: string;
  importId: string | null;
  before: unknown;
  after: unknown;
  note: string | null;
  /** A tie change's ends (null for other changes, and for the end an erasure removed). */
  fromKey: string | null;
  toKey: string | null;
}

/** A Change node's properties as the history and feed queries return them (`c {.*}`). */
export const changeNode = z.object({
  id: z.string(),
  at: z.string(),
  action: z.enum(CHANGE_ACTIONS),
  targetKind: z.string(),
  targetKey: z.string(),
  actor: z.string(),
  requestId: z.string(),
  importId: z.string().nullish(),
  beforeJson: z.string().nullish(),
  afterJson: z.string().nullish(),
  note: z.string().nullish(),
  fromKey: z.string().nullish(),
  toKey: z.string().nullish(),
});
const changeRow = z.object({ change: changeNode });

/** A Change node's properties as a record: snapshots parsed, absent properties null. */
export function changeRecord(c: z.infer<typeof changeNode>): ChangeRecord {
  return {
    id: c.id,
    at: c.at,
    action: c.action,
    targetKind: c.targetKind,
    targetKey: c.targetKey,
    actor: c.actor,
    requestId: c.requestId,
    importId: c.importId ?? null,
    before: c.beforeJson ? (JSON.parse(c.beforeJson) as unknown) : null,
    after: c.afterJson ? (JSON.parse(c.afterJson) as unknown) : null,
    note: c.note ?? null,
    fromKey: c.fromKey ?? null,
    toKey: c.toKey ?? null,
  };
}

const toRecord = (row: Row): ChangeRecord => changeRecord(changeRow.parse(row).change);

/** The ends named by a tie snapshot (tieSnapshot, tie/_snapshot-json). */
const snapshotEnds = z.object({ fromKey: z.string(), toKey: z.string() });

/**
 * The ends of a tie change recorded without them (a dump made before they were stored), read from
 * its snapshots as migration V0011 does; null when neither snapshot names them (an erased one).
 */
export function endsFromSnapshots(c: {
  targetKind?: unknown;
  beforeJson?: unknown;
  afterJson?: unknown;
}): TieEnds | null {
  if (typeof c.targetKind !== 'string' || !TIE_KINDS.has(c.targetKind)) return null;
  for (const json of [c.afterJson, c.beforeJson]) {
    if (typeof json !== 'string' || !json) continue;
    const ends = snapshotEnds.safeParse(JSON.parse(json));
    if (ends.success) return tieEnds(ends.data);
  }
  return null;
}

/**
 * What a JSON string literal must escape, as [character, escape] pairs, backslash first: the
 * one-round-trip writes build history JSON inside Cypher (tie/_snapshot-json,
 * entity/_snapshot-json) and get these as $jsonEscapes, so their text parses as JSON.stringify's would.
 */
export const JSON_ESCAPES: ReadonlyArray<readonly [string, string]> = [
  ['\\', '\\\\'],
  ['"', '\\"'],
  ...Array.from(
    { length: 0x20 },
    (_, c) =>
      [String.fromCharCode(c), JSON.stringify(String.fromCharCode(c)).slice(1, -1)] as const,
  ),
];

/**
 * One change as the properties of its Change node (as history/record writes them), for a query
 * that writes a change and records it in one round trip. `before`/`after` that only the query
 * knows are left null here and set by the query.
 */
export function changeProps(
  source: ChangeSource,
  c: ChangeInput,
  at = new Date().toISOString(),
): Row {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return {
    id: crypto.randomUUID(),
    at,
    action: c.action,
    targetKind: c.targetKind,
    targetKey: c.targetKey,
    actor: source.actor,
    requestId: source.requestId,
    importId: source.importId ?? null,
    beforeJson: json(c.before),
    afterJson: json(c.after),
    note: c.note ?? null,
    fromKey: c.ends?.fromKey ?? null,
    toKey: c.ends?.toKey ?? null,
  };
}

export const historyRepository = {
  /** Writes changes in the caller's transaction, so a change and its history commit or fail together. */
  async record(tx: Tx, source: ChangeSource, changes: ChangeInput[]): Promise<void> {
    if (!changes.length) return;
    const endless = changes.find((c) => TIE_KINDS.has(c.targetKind) && !c.ends);
    // Without its ends an erasure of a person at one end could not find the change (privacy/erase-person).
    if (endless)
      throw new Error(`history: a ${endless.targetKind} change must name the tie's ends`);
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    await tx.run('history/record', {
      at: new Date().toISOString(),
      actor: source.actor,
      requestId: source.requestId,
      importId: source.importId ?? null,
      // One tuple per change, in the column order history/record reads: id, action, targetKind,
      // targetKey, beforeJson, afterJson, note, fromKey, toKey.
      changes: changes.map((c) => [
        crypto.randomUUID(),
        c.action,
        c.targetKind,
        c.targetKey,
        json(c.before),
        json(c.after),
        c.note ?? null,
        c.ends?.fromKey ?? null,
        c.ends?.toKey ?? null,
      ]),
    });
  },

  /** The changes of one target by key; with `kind`, only if the target is of that kind (an id's type prefix must match). */
  async forTarget(
    tx: Tx,
    key: string,
    limit: number,
    after: { at: string; id: string } | null,
    kind: string | null = null,
  ): Promise<ChangeRecord[]> {
    return (
      await tx.run('history/for-target', {
        key,
        kind,
        limit,
        afterAt: after?.at ?? null,
        afterId: after?.id ?? null,
      })
    ).map(toRecord);
  },

  /** The changes of the ties that had this entity at one end (removed ones too), newest first. */
  async forEnd(tx: Tx, key: string, limit: number): Promise<ChangeRecord[]> {
    return (await tx.run('history/for-end', { key, limit })).map(toRecord);
  },

  async recent(
    tx: Tx,
    since: string,
    limit: number,
    after: { at: string; id: string } | null,
  ): Promise<ChangeRecord[]> {
    return (
      await tx.run('history/recent', {
        since,
        limit,
        afterAt: after?.at ?? null,
        afterId: after?.id ?? null,
      })
    ).map(toRecord);
  },
};
