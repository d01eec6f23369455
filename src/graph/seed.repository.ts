/** Cypher for loading keyed data in batches (the demo network; later, imports). */
import type { EntityType, TieType } from '../domain/model';
import type { Row, Tx } from './database';

export interface EntityRow {
  slug: string;
  id: string;
  props: Row;
}

export interface TieRow {
  id: string;
  from: string;
  to: string;
  props: Row;
}

export interface UpsertCount {
  rows: number;
  changed: number;
}

export const seedRepository = {
  async entityCount(tx: Tx): Promise<number> {
    const [row] = await tx.run('entity/any');
    return row.total as number;
  },

  async upsertEntities(
    tx: Tx,
    type: EntityType,
    rows: EntityRow[],
    now: string,
  ): Promise<UpsertCount> {
    const [r] = await tx.run('seed/upsert-entities', { rows, now }, { label: type });
    return { rows: r.rows as number, changed: (r.changed as number) ?? 0 };
  },

  async upsertTies(
    tx: Tx,
    type: TieType,
    fromLabel: EntityType,
    toLabel: EntityType,
    rows: TieRow[],
    now: string,
  ): Promise<UpsertCount> {
    const [r] = await tx.run('seed/upsert-ties', { rows, now }, { type, fromLabel, toLabel });
    return { rows: r.rows as number, changed: (r.changed as number) ?? 0 };
  },
};
