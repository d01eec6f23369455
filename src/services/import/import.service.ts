/**
 * Bulk import: rows read from CSV, JSON or Popolo files are planned and written batch by
 * batch, one write transaction per batch with its history, so a batch is all or nothing.
 * Entities go before ties (ties name them). A dry run plans every batch the same way in
 * read transactions and writes nothing.
 */
import crypto from 'node:crypto';
import { entitySnapshot, tieSnapshot } from '../../domain/records';
import { AppError, ErrorCode } from '../../errors';
import type { Database, QueryMeter, Tx } from '../../graph/database';
import { ChangeInput, ChangeSource, historyRepository } from '../../graph/history.repository';
import { importRepository } from '../../graph/import.repository';
import { EntityPlan, Planned, batchIdentifiers, planEntities } from './plan-entities';
import { TiePlan, planTies } from './plan-ties';
import { RunState } from './state';
import type { BatchOutcome, EntityDraft, ImportReport, ImportUnit, KindCount, ParsedRow, RowOutcome, TieDraft } from './types';

export const DEFAULT_BATCH_SIZE = 5000;

export interface ImportOptions {
  /** Who imports: "cli:<user>", or the API caller. */
  actor: string;
  /** The GraphQL request id, or the CLI run id. */
  requestId: string;
  importId?: string;
  dryRun?: boolean;
  batchSize?: number;
  /** How many row outcomes the report lists (all counts are always complete). */
  outcomeLimit?: number;
  onProgress?: (done: number, total: number) => void;
}

type Plan = EntityPlan | TiePlan;

/** The key under which a run remembers an entity row (to refuse a second row for the same record). */
export function entityRowKey(d: EntityDraft): string {
  return d.slug ? `${d.type}:slug:${d.slug}` : `ident:${d.keyIdentifier}`;
}

class Run {
  readonly state: RunState;
  readonly report: ImportReport;
  private readonly counts = new Map<string, KindCount>();
  private readonly limit: number;

  constructor(readonly options: ImportOptions, readonly importId: string) {
    this.state = new RunState(options.dryRun ?? false);
    this.limit = options.outcomeLimit ?? 1000;
    this.report = {
      importId,
      dryRun: options.dryRun ?? false,
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      counts: [],
      batches: [],
      errors: [],
      warnings: [],
      outcomes: [],
      outcomesTruncated: false,
      durationMs: 0,
    };
  }

  count(kind: string, action: RowOutcome['action']): void {
    const c = this.counts.get(kind) ?? { kind, created: 0, updated: 0, unchanged: 0, failed: 0 };
    const field = ({ CREATE: 'created', UPDATE: 'updated', UNCHANGED: 'unchanged', FAILED: 'failed' } as const)[action];
    c[field] += 1;
    this.report[field] += 1;
    this.counts.set(kind, c);
  }

  outcome(o: RowOutcome): void {
    this.count(o.kind, o.action);
    if (this.report.outcomes.length < this.limit) this.report.outcomes.push(o);
    else this.report.outcomesTruncated = true;
  }

  finish(started: number): ImportReport {
    this.report.counts = [...this.counts.values()];
    this.report.durationMs = Date.now() - started;
    return this.report;
  }
}

const kindOf = (row: ParsedRow, unit: ImportUnit) => row.draft?.type ?? unit.name;
const labelOf = (p: Plan) => (p.draft.record === 'entity' ? (p as EntityPlan).after.slug : `${p.draft.from.text} → ${p.draft.to.text}`);

export class ImportService {
  constructor(
    private readonly db: Database,
    private readonly meter?: QueryMeter,
  ) {}

  async run(units: ImportUnit[], options: ImportOptions): Promise<ImportReport> {
    const started = Date.now();
    const run = new Run(options, options.importId ?? crypto.randomUUID());
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    const total = units.reduce((n, u) => n + u.rows.length, 0);
    run.report.rows = total;
    let done = 0;
    const ordered = [...units.filter((u) => u.record === 'entity'), ...units.filter((u) => u.record === 'tie')];
    for (const unit of ordered) {
      run.report.warnings.push(...(unit.warnings ?? []));
      if (unit.problems.length) {
        run.report.errors.push(...unit.problems);
        this.fail(run, unit, unit.rows, 'the file has problems (see errors); nothing of it was written');
        done += unit.rows.length;
        options.onProgress?.(done, total);
        continue;
      }
      for (let i = 0; i < unit.rows.length; i += batchSize) {
        const rows = unit.rows.slice(i, i + batchSize);
        await this.batch(run, unit, rows);
        done += rows.length;
        options.onProgress?.(done, total);
      }
    }
    return run.finish(started);
  }

  private fail(run: Run, unit: ImportUnit, rows: ParsedRow[], reason: string): void {
    run.report.batches.push({
      file: unit.name,
      firstRow: rows[0]?.place.row ?? 0,
      lastRow: rows[rows.length - 1]?.place.row ?? 0,
      rows: rows.length,
      status: 'FAILED',
      created: 0,
      updated: 0,
      unchanged: 0,
      reason,
    });
    for (const r of rows) run.outcome({ ...r.place, action: 'FAILED', kind: kindOf(r, unit), id: null, label: '' });
  }

  /** Plans one batch and, unless it has a problem or this is a dry run, writes it with its history in the same transaction. */
  private async batch(run: Run, unit: ImportUnit, rows: ParsedRow[]): Promise<void> {
    const { dryRun = false, actor, requestId } = run.options;
    const rowProblems = rows.flatMap((r) => r.problems);
    const drafts = rows.map((r) => r.draft).filter((d) => d !== null);
    const now = new Date().toISOString();
    const source: ChangeSource = { actor, requestId, importId: run.importId };
    const outcome: BatchOutcome = {
      file: unit.name,
      firstRow: rows[0].place.row,
      lastRow: rows[rows.length - 1].place.row,
      rows: rows.length,
      status: 'WRITTEN',
      created: 0,
      updated: 0,
      unchanged: 0,
      reason: null,
    };
    const work = async (tx: Tx) => {
      const planned: Planned<Plan> =
        unit.record === 'entity' ? await planEntities(tx, drafts as EntityDraft[], run.state, now, !dryRun) : await planTies(tx, drafts as TieDraft[], run.state, now, !dryRun);
      if (dryRun) return planned;
      if (rowProblems.length || planned.problems.length) {
        // Planning locked the batch's identifiers, creating new ones: a batch not written leaves none behind.
        if (unit.record === 'entity') await importRepository.dropUnusedIdentifiers(tx, batchIdentifiers(drafts as EntityDraft[]).map((i) => i.key));
        return planned;
      }
      await this.write(tx, planned.items, source, outcome);
      return planned;
    };
    let planned: Planned<Plan>;
    try {
      planned = dryRun ? await this.db.read(work, this.meter) : await this.db.write(work, this.meter);
    } catch (err) {
      // A conflict (another writer took a slug, an entity vanished) fails this batch only; anything else stops the import.
      if (err instanceof AppError && err.code === ErrorCode.CONFLICT) {
        return this.fail(run, unit, rows, `the database refused the batch: ${err.message}`);
      }
      throw err;
    }
    run.report.warnings.push(...planned.warnings);
    const problems = [...rowProblems, ...planned.problems].sort((a, b) => a.row - b.row);
    if (problems.length) {
      run.report.errors.push(...problems);
      return this.fail(run, unit, rows, `${new Set(problems.map((p) => p.row)).size} row(s) of this batch have problems (see errors); nothing of the batch was written`);
    }
    for (const p of planned.items) {
      outcome[({ CREATE: 'created', UPDATE: 'updated', UNCHANGED: 'unchanged' } as const)[p.action]] += 1;
      run.outcome({ ...p.draft.place, action: p.action, kind: p.draft.type, id: p.after.id, label: labelOf(p) });
      if (p.draft.record === 'entity') {
        run.state.seen.set(entityRowKey(p.draft), p.draft.place);
        if (p.action !== 'UNCHANGED') run.state.rememberEntity((p as EntityPlan).after);
      } else {
        const t = p as TiePlan;
        run.state.seen.set(t.naturalKey, p.draft.place);
        if (p.action !== 'UNCHANGED') run.state.rememberTie(t.naturalKey, t.after);
      }
    }
    outcome.status = dryRun ? 'CHECKED' : outcome.created + outcome.updated ? 'WRITTEN' : 'UNCHANGED';
    run.report.batches.push(outcome);
  }

  /** Writes a planned batch: creates, changes, identifiers, then one history entry per change and one for the batch. */
  private async write(tx: Tx, items: Plan[], source: ChangeSource, batch: BatchOutcome): Promise<void> {
    const created = items.filter((p) => p.action === 'CREATE');
    const updated = items.filter((p) => p.action === 'UPDATE');
    if (!created.length && !updated.length) return;
    const changes: ChangeInput[] = [];
    const entities = items[0].draft.record === 'entity';
    if (entities) {
      const c = created as EntityPlan[];
      const u = updated as EntityPlan[];
      await expectCount(importRepository.createEntities(tx, c.map((p) => ({ type: p.draft.type, props: p.props }))), c.length);
      await expectCount(importRepository.updateEntities(tx, u.map((p) => ({ key: p.key, props: p.props }))), u.length);
      await importRepository.setIdentifiers(tx, [...c, ...u].filter((p) => p.identifiers?.length || (p.action === 'UPDATE' && p.identifiers)).map((p) => ({ key: p.key, identifiers: p.identifiers! })));
      for (const p of [...c, ...u]) {
        changes.push({ action: p.action === 'CREATE' ? 'CREATE' : 'UPDATE', targetKind: p.draft.type, targetKey: p.key, before: p.before ? entitySnapshot(p.before) : null, after: entitySnapshot(p.after) });
      }
    } else {
      const c = created as TiePlan[];
      const u = updated as TiePlan[];
      await expectCount(importRepository.createTies(tx, c.map((p) => ({ type: p.draft.type, from: p.after.fromKey, to: p.after.toKey, props: p.props }))), c.length);
      await expectCount(importRepository.updateTies(tx, u.map((p) => ({ key: p.key, from: p.after.fromKey, to: p.after.toKey, props: p.props }))), u.length);
      for (const p of [...c, ...u]) {
        changes.push({ action: p.action === 'CREATE' ? 'TIE_ADDED' : 'TIE_UPDATED', targetKind: p.draft.type, targetKey: p.key, before: p.before ? tieSnapshot(p.before) : null, after: tieSnapshot(p.after) });
      }
    }
    const summary = { file: batch.file, firstRow: batch.firstRow, lastRow: batch.lastRow, rows: batch.rows, created: created.length, updated: updated.length, unchanged: items.length - created.length - updated.length };
    changes.push({ action: 'IMPORT', targetKind: 'Import', targetKey: source.importId!, before: null, after: summary, note: `${batch.file} rows ${batch.firstRow}-${batch.lastRow}` });
    await historyRepository.record(tx, source, changes);
  }
}

/** A batch names entities by key; if one vanished since it was planned (deleted meanwhile), fewer rows match. */
async function expectCount(written: Promise<number>, expected: number): Promise<void> {
  const n = await written;
  if (n !== expected) {
    throw new AppError(ErrorCode.CONFLICT, `only ${n} of ${expected} records could be written: an entity or tie the batch refers to was changed or deleted meanwhile. Run the import again.`);
  }
}
