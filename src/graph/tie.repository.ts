/** Cypher for ties: batched lists per entity, lookups, create, versioned update, delete. */
import { z } from 'zod';
import type { TieType } from '../domain/model';
import type { TieRecord } from '../domain/records';
import type { Row, Tx } from './database';
import { JSON_ESCAPES } from './history.repository';
import { toTie } from './rows';
import { badEnd, EndRef } from './writable';

export type Direction = 'out' | 'in';

export interface TieFilter {
  role: string | null;
  activeStart: string | null;
  activeEnd: string | null;
}

/** Most ties of one type returned for one entity in one call; documented in the README. */
export const TIES_PER_ENTITY_CAP = 1000;

const addRow = z.object({ status: z.enum(['ok', 'missing', 'merged', 'duplicate']), bad: badEnd });
const changeRow = z.object({
  status: z.enum([
    'ok',
    'missing',
    'merged',
    'not-found',
    'version',
    'input',
    'dates',
    'duplicate',
  ]),
  bad: badEnd,
  currentVersion: z.number().nullable(),
  role: z.string().nullable(),
  since: z.string().nullable(),
  until: z.string().nullable(),
});
const removeRow = z.object({ removed: z.boolean() });

export type AddStatus = z.infer<typeof addRow>['status'];
export type ChangeStatus = z.infer<typeof changeRow>['status'];

export const tieRepository = {
  /** The first `cap` ties (at most TIES_PER_ENTITY_CAP) at each entity, with how many match in all. */
  async listFor(
    tx: Tx,
    type: TieType,
    direction: Direction,
    keys: readonly string[],
    filter: TieFilter,
    cap = TIES_PER_ENTITY_CAP,
  ): Promise<Map<string, { ties: TieRecord[]; total: number }>> {
    const arrows = direction === 'out' ? { left: '-', right: '->' } : { left: '<-', right: '-' };
    const rows = await tx.run(
      'tie/list',
      { keys, ...filter, cap: Math.min(cap, TIES_PER_ENTITY_CAP) },
      { type, ...arrows },
    );
    return new Map(
      rows.map((r) => [
        r.key as string,
        { ties: (r.ties as Row[]).map(toTie), total: r.total as number },
      ]),
    );
  },

  async getByKeys(tx: Tx, type: TieType, keys: readonly string[]): Promise<TieRecord[]> {
    return (await tx.run('tie/get-by-keys', { keys }, { type })).map(toTie);
  },

  async update(tx: Tx, type: TieType, key: string, props: Row): Promise<TieRecord> {
    const [row] = await tx.run('tie/update', { key, props }, { type });
    return toTie(row);
  },

  /**
   * Adds a tie in one round trip (tie/add): checks, then the tie and its history change when they
   * pass. `change` is the Change node's properties, its afterJson the tie the service expects.
   */
  async add(
    tx: Tx,
    type: TieType,
    args: { from: string; to: string; ends: EndRef[]; props: Row; change: Row },
  ): Promise<z.infer<typeof addRow> & { tie: TieRecord | null }> {
    const [row] = await tx.run('tie/add', { ...args }, { type });
    const parsed = addRow.parse(row);
    return { ...parsed, tie: parsed.status === 'ok' ? toTie(row) : null };
  },

  /** Updates a tie in one round trip (tie/change): checks, then the new properties and the history change. */
  async change(
    tx: Tx,
    type: TieType,
    args: {
      key: string;
      tieId: string;
      ends: EndRef[];
      expectedVersion: number | null;
      inputError: boolean;
      props: Row;
      change: Row;
    },
  ): Promise<z.infer<typeof changeRow> & { tie: TieRecord | null }> {
    const { props } = args;
    const [row] = await tx.run(
      'tie/change',
      {
        ...args,
        tieType: type,
        jsonEscapes: JSON_ESCAPES,
        setRole: 'role' in props,
        setSince: 'since' in props,
        setUntil: 'until' in props,
      },
      { type },
    );
    const parsed = changeRow.parse(row);
    return { ...parsed, tie: parsed.status === 'ok' ? toTie(row) : null };
  },

  /** Removes a tie and records it in one round trip (tie/remove); false when there was none. */
  async remove(
    tx: Tx,
    type: TieType,
    args: { key: string; tieId: string; change: Row },
  ): Promise<boolean> {
    const [row] = await tx.run(
      'tie/remove',
      { ...args, tieType: type, jsonEscapes: JSON_ESCAPES },
      { type },
    );
    return removeRow.parse(row).removed;
  },

  async delete(tx: Tx, type: TieType, key: string): Promise<boolean> {
    const [row] = await tx.run('tie/delete', { key }, { type });
    return (row?.removed as number) > 0;
  },
};
