/** Cypher for history: record changes inside the changing transaction, and read them back. */
import crypto from 'node:crypto';
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

export interface ChangeInput {
  action: ChangeAction;
  /** 'Organisation', 'ENGAGES_IN', ...: what kind of thing changed. */
  targetKind: string;
  targetKey: string;
  /** Plain objects, stored as JSON; null where there was nothing (before a create, after a delete). */
  before: unknown;
  after: unknown;
  note?: string | null;
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
}

function toRecord(row: Row): ChangeRecord {
  const c = row.change as Record<string, unknown>;
  return {
    id: c.id as string,
    at: c.at as string,
    action: c.action as ChangeAction,
    targetKind: c.targetKind as string,
    targetKey: c.targetKey as string,
    actor: c.actor as string,
    requestId: c.requestId as string,
    importId: (c.importId as string | undefined) ?? null,
    before: c.beforeJson ? JSON.parse(c.beforeJson as string) : null,
    after: c.afterJson ? JSON.parse(c.afterJson as string) : null,
    note: (c.note as string | undefined) ?? null,
  };
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
  };
}

export const historyRepository = {
  /** Writes changes in the caller's transaction, so a change and its history commit or fail together. */
  async record(tx: Tx, source: ChangeSource, changes: ChangeInput[]): Promise<void> {
    if (!changes.length) return;
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    await tx.run('history/record', {
      at: new Date().toISOString(),
      actor: source.actor,
      requestId: source.requestId,
      importId: source.importId ?? null,
      // One tuple per change, in the column order history/record reads: id, action, targetKind, targetKey, beforeJson, afterJson, note.
      changes: changes.map((c) => [
        crypto.randomUUID(),
        c.action,
        c.targetKind,
        c.targetKey,
        json(c.before),
        json(c.after),
        c.note ?? null,
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
