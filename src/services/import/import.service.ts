/**
 * Bulk import: rows read from CSV, JSON or Popolo files are planned and written batch by
 * batch, one write transaction per batch with its history. A row with a problem fails alone
 * (the rest of its batch is written), and ties that need a failed row fail once, naming it.
 * Entities go before ties (ties name them). A dry run plans every batch the same way in
 * read transactions and writes nothing.
 */
import crypto from 'node:crypto';
import { groupBy } from '../../collections';
import { entitySnapshot, tieSnapshot } from '../../domain/records';
import { AppError, ErrorCode } from '../../errors';
import type { Database, QueryMeter, Tx } from '../../graph/database';
import {
  ChangeInput,
  ChangeSource,
  historyRepository,
  tieEnds,
} from '../../graph/history.repository';
import { importRepository } from '../../graph/import.repository';
import { EntityPlan, Planned, batchIdentifiers, planEntities } from './plan-entities';
import { TiePlan, planTies } from './plan-ties';
import { RunState } from './state';
import type {
  BatchOutcome,
  EntityDraft,
  ImportCause,
  ImportProblem,
  ImportReport,
  ImportUnit,
  KindCount,
  ParsedRow,
  RowOutcome,
  RowPlace,
  TieDraft,
} from './types';
import {
  BULK_WRITE_MIN_RECORDS,
  BULK_WRITE_RECORDS,
  entityCount,
  isBulkWrite,
  refreshPlannerStatistics,
} from '../../graph/statistics';

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
  /**
   * After a bulk import, refresh Neo4j's index statistics and plans (src/graph/statistics.ts).
   * The command line sets it; the GraphQL import (at most 500 rows) does not, since the refresh
   * waits for the sampling and empties the plan cache that every other request uses.
   */
  refreshStatistics?: boolean;
  /**
   * The timeout of each batch's transaction. Unset: the configured request timeout
   * (NEO4J_TX_TIMEOUT_MS), as for importRecords through the API; the command line, a batch job
   * like a dump, gives its batches longer (CLI_BATCH_TIMEOUT_MS).
   */
  batchTimeoutMs?: number;
}

/** How long one batch of a command-line import may take: thousands of rows on a busy machine. */
export const CLI_BATCH_TIMEOUT_MS = 600_000;

type Plan = EntityPlan | TiePlan;

/** The key under which a run remembers an entity row (to refuse a second row for the same record). */
export function entityRowKey(d: EntityDraft): string {
  return d.slug ? `${d.type}:slug:${d.slug}` : `ident:${d.keyIdentifier}`;
}

const placeKey = (p: RowPlace) => `${p.file}#${p.row}`;

class Run {
  readonly state: RunState;
  readonly report: ImportReport;
  private readonly counts = new Map<string, KindCount>();
  private readonly causes = new Map<string, ImportCause>();
  /** The cause each failed row is counted under, by its place: a dependant counts under its dependency's cause. */
  private readonly causeOfRow = new Map<string, ImportCause>();
  private readonly limit: number;

  constructor(
    readonly options: ImportOptions,
    readonly importId: string,
  ) {
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
      failedFiles: 0,
      causes: [],
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
    const field = (
      { CREATE: 'created', UPDATE: 'updated', UNCHANGED: 'unchanged', FAILED: 'failed' } as const
    )[action];
    c[field] += 1;
    this.report[field] += 1;
    this.counts.set(kind, c);
  }

  outcome(o: RowOutcome): void {
    this.count(o.kind, o.action);
    if (this.report.outcomes.length < this.limit) this.report.outcomes.push(o);
    else this.report.outcomesTruncated = true;
  }

  /** The root cause a problem stands for: one per file, column and reason. */
  cause(p: ImportProblem): ImportCause {
    const key = `${p.file}\u0000${p.column ?? ''}\u0000${p.reason}`;
    let c = this.causes.get(key);
    if (!c) {
      c = { file: p.file, row: p.row, column: p.column, reason: p.reason, rows: 0, dependents: 0 };
      this.causes.set(key, c);
    }
    return c;
  }

  /**
   * One failed row: its problems go to the errors (none when its file's problem stands for it),
   * it counts under its root cause, and its keys are remembered so that ties naming it say why.
   */
  failRow(unit: ImportUnit, row: ParsedRow, problems: ImportProblem[], cause?: ImportCause): void {
    this.report.errors.push(...problems);
    const dependsOn = problems.find((p) => p.dependsOn)?.dependsOn;
    const root = dependsOn ? this.causeOfRow.get(placeKey(dependsOn)) : undefined;
    const c = root ?? cause ?? this.cause(problems[0]);
    if (root) c.dependents += 1;
    else c.rows += 1;
    this.causeOfRow.set(placeKey(row.place), c);
    const reason = problems.find((p) => !p.dependsOn)?.reason ?? problems[0]?.reason ?? c.reason;
    for (const k of row.keys ?? [])
      if (!this.state.failed.has(k)) this.state.failed.set(k, { place: row.place, reason });
    this.outcome({
      ...row.place,
      action: 'FAILED',
      kind: row.draft?.type ?? unit.kind ?? unit.name,
      id: null,
      label: '',
    });
  }

  finish(started: number): ImportReport {
    this.report.counts = [...this.counts.values()];
    this.report.causes = [...this.causes.values()].sort(
      (a, b) =>
        b.rows + b.dependents - (a.rows + a.dependents) ||
        a.file.localeCompare(b.file) ||
        a.row - b.row,
    );
    this.report.durationMs = Date.now() - started;
    return this.report;
  }
}

const labelOf = (p: Plan) =>
  p.draft.record === 'entity'
    ? (p as EntityPlan).after.slug
    : `${p.draft.from.text} → ${p.draft.to.text}`;

/** How many times a batch is planned again after the database refused it (another writer took a slug meanwhile). */
const CONFLICT_RETRIES = 1;

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
    for (const unit of units) {
      run.report.warnings.push(...(unit.warnings ?? []));
      if (unit.problems.length && !unit.rows.length) run.state.unread.push(unit.name);
    }
    const ordered = [
      ...units.filter((u) => u.record === 'entity'),
      ...units.filter((u) => u.record === 'tie'),
    ];
    for (const unit of ordered) {
      if (unit.problems.length) {
        this.failUnit(run, unit);
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
    // A large import, or one large for this database, leaves the index statistics behind:
    // refresh them before the next plans (src/graph/statistics.ts).
    if (
      options.refreshStatistics &&
      !run.report.dryRun &&
      (await this.wasBulk(run.report.created + run.report.updated))
    )
      await refreshPlannerStatistics(this.db);
    return run.finish(started);
  }

  /**
   * Whether the import's writes (entities and ties) were bulk for this database, measured against
   * the entities it holds now (counted only when it may matter). The import has committed by
   * then: a failed count is logged and taken as "not bulk", never the import's error.
   */
  private async wasBulk(written: number): Promise<boolean> {
    if (written < BULK_WRITE_MIN_RECORDS) return false;
    if (written >= BULK_WRITE_RECORDS) return true;
    try {
      return isBulkWrite(written, await entityCount(this.db));
    } catch (err) {
      this.db.logger?.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'could not count the entities after an import; the index statistics are not refreshed',
      );
      return false;
    }
  }

  /** A file that cannot be imported (unrecognised, unparseable, unknown columns): its problems, and each of its rows failed under them. */
  private failUnit(run: Run, unit: ImportUnit): void {
    run.report.failedFiles += 1;
    run.report.errors.push(...unit.problems);
    const causes = unit.problems.map((p) => run.cause(p));
    for (const r of unit.rows) {
      run.report.warnings.push(...(r.warnings ?? []));
      run.failRow(unit, r, [], causes[0]);
    }
    if (!unit.rows.length) return;
    run.report.batches.push({
      file: unit.name,
      firstRow: unit.rows[0].place.row,
      lastRow: unit.rows[unit.rows.length - 1].place.row,
      rows: unit.rows.length,
      status: 'FAILED',
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: unit.rows.length,
      reason: 'the file has problems (see errors); nothing of it was written',
    });
  }

  /**
   * Plans one batch and, unless this is a dry run, writes the rows that passed with their
   * history in one transaction. A row with a problem fails alone; the others are written.
   */
  private async batch(run: Run, unit: ImportUnit, rows: ParsedRow[]): Promise<void> {
    const { dryRun = false, actor, requestId } = run.options;
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
      failed: 0,
      reason: null,
    };
    for (const r of rows) run.report.warnings.push(...(r.warnings ?? []));
    const readable = rows.filter((r) => r.draft && !r.problems.length);
    const drafts = readable.map((r) => r.draft!);
    const work = async (tx: Tx) => {
      const planned: Planned<Plan> =
        unit.record === 'entity'
          ? await planEntities(tx, drafts as EntityDraft[], run.state, now, !dryRun)
          : await planTies(tx, drafts as TieDraft[], run.state, now, !dryRun);
      if (!dryRun) {
        await this.write(tx, planned.items, source, outcome);
        // Planning locked the batch's identifiers, creating new ones: rows that failed leave none behind.
        if (unit.record === 'entity')
          await importRepository.dropUnusedIdentifiers(
            tx,
            batchIdentifiers(drafts as EntityDraft[]).map((i) => i.key),
          );
      }
      return planned;
    };
    let planned: Planned<Plan> | null = null;
    let refused: AppError | null = null;
    for (let attempt = 0; attempt <= CONFLICT_RETRIES && !planned; attempt += 1) {
      try {
        planned = dryRun
          ? await this.db.read(work, this.meter, run.options.batchTimeoutMs)
          : await this.db.write(work, this.meter, run.options.batchTimeoutMs);
      } catch (err) {
        // A conflict (another writer took a slug, an entity vanished) is planned again against what is there now; anything else stops the import.
        if (!(err instanceof AppError && err.code === ErrorCode.CONFLICT)) throw err;
        refused = err;
      }
    }
    const problemsOf = groupBy(
      rows.flatMap((r) => r.problems),
      (p) => placeKey(p),
    );
    if (!planned) {
      const cause = run.cause({
        file: unit.name,
        row: outcome.firstRow,
        column: null,
        reason: `the database refused the batch twice: ${refused!.message}`,
      });
      for (const r of rows)
        run.failRow(
          unit,
          r,
          problemsOf.get(placeKey(r.place)) ?? [],
          problemsOf.has(placeKey(r.place)) ? undefined : cause,
        );
      run.report.batches.push({
        ...outcome,
        status: 'FAILED',
        failed: rows.length,
        reason: cause.reason,
      });
      return;
    }
    run.report.warnings.push(...planned.warnings);
    for (const p of planned.problems)
      problemsOf.set(placeKey(p), [...(problemsOf.get(placeKey(p)) ?? []), p]);
    const done = new Map(planned.items.map((p) => [placeKey(p.draft.place), p]));
    for (const r of rows) {
      const problems = problemsOf.get(placeKey(r.place));
      const p = done.get(placeKey(r.place));
      if (problems?.length || !p) {
        outcome.failed += 1;
        run.failRow(
          unit,
          r,
          problems ?? [{ ...r.place, column: null, reason: 'the row could not be read' }],
        );
        continue;
      }
      outcome[
        ({ CREATE: 'created', UPDATE: 'updated', UNCHANGED: 'unchanged' } as const)[p.action]
      ] += 1;
      run.outcome({
        ...p.draft.place,
        action: p.action,
        kind: p.draft.type,
        id: p.after.id,
        label: labelOf(p),
      });
      if (p.draft.record === 'entity') {
        run.state.seen.set(entityRowKey(p.draft), p.draft.place);
        if (p.action !== 'UNCHANGED') run.state.rememberEntity((p as EntityPlan).after);
      } else {
        const t = p as TiePlan;
        run.state.seen.set(t.naturalKey, p.draft.place);
        if (p.action !== 'UNCHANGED') run.state.rememberTie(t.naturalKey, t.after);
      }
    }
    const written = outcome.created + outcome.updated;
    outcome.status =
      outcome.failed === rows.length
        ? 'FAILED'
        : dryRun
          ? 'CHECKED'
          : written
            ? 'WRITTEN'
            : 'UNCHANGED';
    if (outcome.failed) {
      outcome.reason =
        outcome.failed === rows.length
          ? 'every row of this batch has a problem (see errors); nothing was written'
          : `${outcome.failed} row(s) of this batch have problems (see errors) and were left out; the other rows ${dryRun ? 'would be' : 'were'} written`;
    }
    run.report.batches.push(outcome);
  }

  /** Writes a planned batch: creates, changes, identifiers, then one history entry per change and one for the batch. */
  private async write(
    tx: Tx,
    items: Plan[],
    source: ChangeSource,
    batch: BatchOutcome,
  ): Promise<void> {
    const created = items.filter((p) => p.action === 'CREATE');
    const updated = items.filter((p) => p.action === 'UPDATE');
    if (!created.length && !updated.length) return;
    const changes: ChangeInput[] = [];
    const entities = items[0].draft.record === 'entity';
    if (entities) {
      const c = created as EntityPlan[];
      const u = updated as EntityPlan[];
      await expectCount(
        importRepository.createEntities(
          tx,
          c.map((p) => ({ type: p.draft.type, props: p.props })),
        ),
        c.length,
      );
      await expectCount(
        importRepository.updateEntities(
          tx,
          u.map((p) => ({ key: p.key, props: p.props })),
        ),
        u.length,
      );
      await importRepository.setIdentifiers(
        tx,
        [...c, ...u]
          .filter((p) => p.identifiers?.length || (p.action === 'UPDATE' && p.identifiers))
          .map((p) => ({ key: p.key, identifiers: p.identifiers! })),
      );
      for (const p of [...c, ...u]) {
        changes.push({
          action: p.action === 'CREATE' ? 'CREATE' : 'UPDATE',
          targetKind: p.draft.type,
          targetKey: p.key,
          before: p.before ? entitySnapshot(p.before) : null,
          after: entitySnapshot(p.after),
        });
      }
    } else {
      const c = created as TiePlan[];
      const u = updated as TiePlan[];
      await expectCount(
        importRepository.createTies(
          tx,
          c.map((p) => ({
            type: p.draft.type,
            from: p.after.fromKey,
            to: p.after.toKey,
            props: p.props,
          })),
        ),
        c.length,
      );
      await expectCount(
        importRepository.updateTies(
          tx,
          u.map((p) => ({ key: p.key, from: p.after.fromKey, to: p.after.toKey, props: p.props })),
        ),
        u.length,
      );
      for (const p of [...c, ...u]) {
        changes.push({
          action: p.action === 'CREATE' ? 'TIE_ADDED' : 'TIE_UPDATED',
          targetKind: p.draft.type,
          targetKey: p.key,
          before: p.before ? tieSnapshot(p.before) : null,
          after: tieSnapshot(p.after),
          ends: tieEnds(p.after),
        });
      }
    }
    const summary = {
      file: batch.file,
      firstRow: batch.firstRow,
      lastRow: batch.lastRow,
      rows: batch.rows,
      created: created.length,
      updated: updated.length,
      unchanged: items.length - created.length - updated.length,
    };
    changes.push({
      action: 'IMPORT',
      targetKind: 'Import',
      targetKey: source.importId!,
      before: null,
      after: summary,
      note: `${batch.file} rows ${batch.firstRow}-${batch.lastRow}`,
    });
    await historyRepository.record(tx, source, changes);
  }
}

/** A batch names entities by key; if one vanished since it was planned (deleted meanwhile), fewer rows match. */
async function expectCount(written: Promise<number>, expected: number): Promise<void> {
  const n = await written;
  if (n !== expected) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `only ${n} of ${expected} records could be written: an entity or tie the batch refers to was changed or deleted meanwhile. Run the import again.`,
    );
  }
}
