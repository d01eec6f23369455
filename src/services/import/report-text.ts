/** An import report as lines for a terminal: totals, counts per kind, failed batches, then problems. */
import type { ImportReport } from './types';

const MAX_LISTED = 50;

export function formatReport(r: ImportReport): string {
  const secs = r.durationMs / 1000;
  const rate = secs > 0 ? Math.round(r.rows / secs) : r.rows;
  const lines = [
    `${r.dryRun ? 'Dry run (nothing written)' : 'Import'} ${r.importId}: ${r.rows} rows in ${secs.toFixed(1)} s (${rate} rows/s)`,
    `  ${r.dryRun ? 'would create' : 'created'} ${r.created}, ${r.dryRun ? 'would update' : 'updated'} ${r.updated}, unchanged ${r.unchanged}, failed ${r.failed}`,
  ];
  for (const c of r.counts) lines.push(`  ${c.kind.padEnd(16)} created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, failed ${c.failed}`);
  for (const b of r.batches.filter((x) => x.status === 'FAILED')) lines.push(`  FAILED ${b.file} rows ${b.firstRow}-${b.lastRow}: ${b.reason}`);
  const list = (title: string, items: ImportReport['errors']) => {
    if (!items.length) return;
    lines.push(`${title} (${items.length}):`);
    for (const p of items.slice(0, MAX_LISTED)) lines.push(`  ${p.file}${p.row ? `, row ${p.row}` : ''}${p.column ? `, column ${p.column}` : ''}: ${p.reason}`);
    if (items.length > MAX_LISTED) lines.push(`  ... and ${items.length - MAX_LISTED} more (use --json for all)`);
  };
  list('Errors', r.errors);
  list('Warnings', r.warnings);
  return `${lines.join('\n')}\n`;
}
