/**
 * Backup and restore: a dump holds every entity (with contact details: it is an admin's
 * backup, not a public export), tie, identifier, redirect and history record, read in
 * pages in key order; restore writes it back into an empty database in batches, one
 * transaction for the whole restore. API keys are not dumped: they are credentials.
 */
import { ENTITY_TYPES, EntityType, SUPPORT_LABELS, TIE_TYPES, TieType } from '../domain/model';
import { AppError, ErrorCode, badInput } from '../errors';
import type { Database, Row, Tx } from '../graph/database';
import { endsFromSnapshots, historyRepository } from '../graph/history.repository';
import crypto from 'node:crypto';
import { readMigrations } from '../graph/migrations';
import { refreshPlannerStatistics } from '../graph/statistics';

export const DUMP_FORMAT = 'stakeholder-graph-dump';
const PAGE = 5_000;

export interface Dump {
  format: typeof DUMP_FORMAT;
  version: 1;
  createdAt: string;
  migrations: number[];
  entities: Partial<Record<EntityType, Row[]>>;
  support: Partial<Record<keyof typeof SUPPORT_LABELS, Row[]>>;
  ties: Partial<Record<TieType, Array<{ from: string; to: string; props: Row }>>>;
  identifiedBy: Array<{ k: string; entity: string }>;
}

async function pages(tx: Tx, query: string, placeholders: Record<string, string>): Promise<Row[]> {
  const out: Row[] = [];
  let after = '';
  for (;;) {
    const rows = await tx.run(query, { after, limit: PAGE }, placeholders);
    out.push(...rows);
    if (rows.length < PAGE) return out;
    after = rows[rows.length - 1].k as string;
  }
}

export async function dumpGraph(db: Database): Promise<Dump> {
  return db.read(
    async (tx) => {
      const dump: Dump = {
        format: DUMP_FORMAT,
        version: 1,
        createdAt: new Date().toISOString(),
        migrations: readMigrations().map((m) => m.version),
        entities: {},
        support: {},
        ties: {},
        identifiedBy: [],
      };
      for (const type of ENTITY_TYPES)
        dump.entities[type] = (await pages(tx, 'backup/nodes', { label: type, keyProp: 'id' })).map(
          (r) => r.props as Row,
        );
      for (const [label, keyProp] of Object.entries(SUPPORT_LABELS)) {
        dump.support[label as keyof typeof SUPPORT_LABELS] = (
          await pages(tx, 'backup/nodes', { label, keyProp })
        ).map((r) => r.props as Row);
      }
      for (const type of TIE_TYPES)
        dump.ties[type] = (await pages(tx, 'backup/ties', { type })).map((r) => ({
          from: r.from as string,
          to: r.to as string,
          props: r.props as Row,
        }));
      dump.identifiedBy = (await pages(tx, 'backup/identified-by', {})).map((r) => ({
        k: r.k as string,
        entity: r.entity as string,
      }));
      return dump;
    },
    undefined,
    600_000,
  );
}

function batches<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += PAGE) out.push(rows.slice(i, i + PAGE));
  return out;
}

/**
 * A tie change from a dump made before changes named their tie's ends (migration V0011) gets
 * them from its snapshots, as the migration gives them, so that an erasure finds it.
 */
function withEnds(change: Row): Row {
  if (change.fromKey !== undefined || change.toKey !== undefined) return change;
  const ends = endsFromSnapshots(change);
  return ends ? { ...change, ...ends } : change;
}

/** Writes a dump into an empty database (after migrations); all or nothing. */
export async function restoreGraph(
  db: Database,
  dump: Dump,
  actor?: string,
): Promise<{ entities: number; ties: number; changes: number }> {
  if (dump?.format !== DUMP_FORMAT || dump.version !== 1)
    throw badInput(`Not a ${DUMP_FORMAT} version 1 file.`);
  const restored = await db.write(
    async (tx) => {
      const [empty] = await tx.run('backup/is-empty');
      if ((empty.total as number) > 0) {
        throw new AppError(
          ErrorCode.CONFLICT,
          'Restore needs an empty database: this one holds entities or history. Restore into a fresh NEO4J_DATABASE or LOCAL_NEO4J_HOME.',
        );
      }
      let entities = 0;
      for (const type of ENTITY_TYPES) {
        for (const rows of batches(dump.entities[type] ?? [])) {
          await tx.run('backup/restore-entities', { rows }, { label: type });
          entities += rows.length;
        }
      }
      for (const label of Object.keys(SUPPORT_LABELS)) {
        for (const rows of batches(dump.support[label as keyof typeof SUPPORT_LABELS] ?? []))
          await tx.run(
            'backup/restore-nodes',
            { rows: label === 'Change' ? rows.map(withEnds) : rows },
            { label },
          );
      }
      let ties = 0;
      for (const type of TIE_TYPES) {
        for (const rows of batches(dump.ties[type] ?? [])) {
          await tx.run('backup/restore-ties', { rows }, { type });
          ties += rows.length;
        }
      }
      for (const rows of batches(dump.identifiedBy))
        await tx.run('backup/restore-identified-by', { rows });
      const run = crypto.randomUUID();
      await historyRepository.record(tx, { actor: actor ?? 'restore', requestId: run }, [
        {
          action: 'RESTORE',
          targetKind: 'Restore',
          targetKey: run,
          before: null,
          after: { dumpCreatedAt: dump.createdAt, entities, ties },
          note: 'restored from a dump',
        },
      ]);
      return { entities, ties, changes: dump.support.Change?.length ?? 0 };
    },
    undefined,
    600_000,
  );
  // Everything was written into an empty database: its index statistics say so until refreshed.
  await refreshPlannerStatistics(db);
  return restored;
}
