/**
 * An import report as lines for a terminal: totals, then the root causes of failed rows
 * (counted, most rows first), counts per kind, failed batches, then every problem.
 */
import type { ImportCause, ImportProblem, ImportReport } from './types';

const MAX_LISTED = 50;
const MAX_CAUSES = 20;

const where = (p: { file: string; row: number; column: string | null }) =>
  `${p.file}${p.row ? `, row ${p.row}` : ''}${p.column ? `, column ${p.column}` : ''}`;

function causeLine(c: ImportCause): string {
  const rows = c.rows + c.dependents;
  const count = rows ? `${rows} row(s)` : 'the file';
  const dependents = c.dependents
    ? ` (${c.rows} with the problem, ${c.dependents} needing them)`
    : '';
  return `  ${count}${dependents}: ${where(c)}${c.rows > 1 ? ' and others' : ''}: ${c.reason}`;
}

export function formatReport(r: ImportReport): string {
  const secs = r.durationMs / 1000;
  const rate = secs > 0 ? Math.round(r.rows / secs) : r.rows;
  const lines = [
    `${r.dryRun ? 'Dry run (nothing written)' : 'Import'} ${r.importId}: ${r.rows} rows in ${secs.toFixed(1)} s (${rate} rows/s)`,
  ];
  if (r.failed || r.failedFiles) {
    const files = r.failedFiles ? `${r.failedFiles} file(s) could not be imported; ` : '';
    lines.push(`FAILED: ${files}${r.failed} row(s) failed, from ${r.causes.length} root cause(s):`);
    for (const c of r.causes.slice(0, MAX_CAUSES)) lines.push(causeLine(c));
    if (r.causes.length > MAX_CAUSES)
      lines.push(`  ... and ${r.causes.length - MAX_CAUSES} more (use --json for all)`);
  }
  lines.push(
    `  ${r.dryRun ? 'would create' : 'created'} ${r.created}, ${r.dryRun ? 'would update' : 'updated'} ${r.updated}, unchanged ${r.unchanged}, failed ${r.failed}`,
  );
  for (const c of r.counts)
    lines.push(
      `  ${c.kind.padEnd(16)} created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, failed ${c.failed}`,
    );
  for (const b of r.batches.filter((x) => x.failed))
    lines.push(
      `  ${b.status === 'FAILED' ? 'FAILED' : 'PARTLY FAILED'} ${b.file} rows ${b.firstRow}-${b.lastRow}: ${b.reason}`,
    );
  const list = (title: string, items: ImportProblem[]) => {
    if (!items.length) return;
    lines.push(`${title} (${items.length}):`);
    for (const p of items.slice(0, MAX_LISTED)) lines.push(`  ${where(p)}: ${p.reason}`);
    if (items.length > MAX_LISTED)
      lines.push(`  ... and ${items.length - MAX_LISTED} more (use --json for all)`);
  };
  list('Errors', r.errors);
  list('Warnings', r.warnings);
  return `${lines.join('\n')}\n`;
}
