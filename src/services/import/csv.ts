/**
 * CSV files: one file per entity type or tie type, recognised by its name
 * ("organisations.csv", "2024-engagements.csv"), parsed by csv-parse (quotes, embedded
 * commas and line breaks, a byte-order mark), with columns checked against the type.
 */
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { closest, distance } from 'fastest-levenshtein';
import { EntityType, TieType } from '../../domain/model';
import { ENTITY_PROPS } from '../../domain/records';
import { ENTITIES, TIES } from '../../domain/spec';
import { RowCheck, RowReader, readEntity, readTie } from './fields';
import type { ImportProblem, ImportUnit, ParsedRow } from './types';

/** File names (without .csv) and what they hold, from the model spec: entity types by their plural, tie types by their import file. A name may carry a prefix: "2024-engagements.csv". */
type CsvFile = { record: 'entity'; type: EntityType } | { record: 'tie'; type: TieType };
export const CSV_FILES: Readonly<Record<string, CsvFile>> = Object.fromEntries<CsvFile>([
  ...ENTITIES.map((e) => [e.plural, { record: 'entity', type: e.type }] as const),
  ...TIES.map((t) => [t.importFile, { record: 'tie', type: t.type }] as const),
]);

/** Header spellings: case, spaces, hyphens and underscores are ignored ("Start date" = start_date = startDate). */
const SOURCE_COLUMNS = ['sourceTitle', 'sourceUrl', 'sourceDate', 'sourceQuote'];
const ENTITY_COLUMNS = ['slug', 'name', 'aliases', 'identifiers', ...SOURCE_COLUMNS];
export const TIE_COLUMNS = [
  'id',
  'from',
  'fromType',
  'to',
  'toType',
  'role',
  'since',
  'until',
  'onBehalfOf',
  'note',
  ...SOURCE_COLUMNS,
];
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
/** A column as the docs write it: sourceTitle → source_title. */
const written = (c: string) => c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`);

/** Why a header cell is not a column, with the nearest known column when one is near (a typo). */
function unknownColumn(text: string, fileName: string, columns: string[]): string {
  const squashed = squash(text);
  const near = squashed ? closest(squashed, columns.map(squash)) : null;
  const hit =
    near !== null &&
    distance(squashed, near) <= Math.min(near.length - 1, Math.max(2, Math.floor(near.length / 3)))
      ? columns.find((c) => squash(c) === near)
      : undefined;
  const guess = hit ? `did you mean "${written(hit)}"? ` : '';
  return `unknown column "${text}" for ${fileName}: ${guess}the columns are ${columns.map(written).join(', ')}. Rename it, or remove it if it holds nothing to import`;
}

/** The columns a file of this kind may have, by their canonical names. */
export function columnsOf(kind: (typeof CSV_FILES)[string]): string[] {
  return kind.record === 'entity' ? [...ENTITY_COLUMNS, ...ENTITY_PROPS[kind.type]] : TIE_COLUMNS;
}

/** What a file holds, from its name; null when the name says nothing we know. */
export function csvKindOf(fileName: string): (typeof CSV_FILES)[string] | null {
  const stem = path
    .basename(fileName)
    .replace(/\.csv$/i, '')
    .toLowerCase()
    .replace(/_/g, '-');
  const names = Object.keys(CSV_FILES).sort((a, b) => b.length - a.length);
  const hit = names.find((n) => stem === n || stem.endsWith(`-${n}`) || stem.endsWith(`.${n}`));
  return hit ? CSV_FILES[hit] : null;
}

/** A CSV record seen through its header; the four source columns read as one list of (at most) one source. */
function reader(header: Map<string, { index: number; text: string }>, cells: string[]): RowReader {
  const sourceCols = SOURCE_COLUMNS.filter((c) => header.has(c));
  const cell = (field: string) => {
    const h = header.get(field);
    return h ? (cells[h.index] ?? '') : undefined;
  };
  return {
    has: (field) => (field === 'sources' ? sourceCols.length > 0 : header.has(field)),
    get: (field) => {
      if (field !== 'sources') return cell(field);
      const [title, url, date, quote] = SOURCE_COLUMNS.map((c) => (cell(c) ?? '').trim());
      return title || url || date || quote ? [{ title, url, date, quote }] : [];
    },
    column: (field) =>
      field === 'sources'
        ? (header.get(sourceCols[0])?.text ?? 'source_title')
        : (header.get(field)?.text ?? field),
  };
}

/** Parses one CSV file into rows (drafts or problems). Unknown columns or malformed CSV fail the whole file. */
export function readCsv(fileName: string, content: string): ImportUnit {
  const name = path.basename(fileName);
  const kind = csvKindOf(fileName);
  const unitFail = (reason: string, row = 1, column: string | null = null): ImportUnit => ({
    name,
    record: kind?.record ?? 'entity',
    rows: [],
    problems: [{ file: name, row, column, reason }],
  });
  if (!kind) {
    return unitFail(
      `the file name does not say what it holds: name it after one of ${Object.keys(CSV_FILES).join(', ')} (e.g. organisations.csv or 2024-engagements.csv)`,
      0,
    );
  }
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(content, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message: string; lines?: number };
    return unitFail(
      `not valid CSV: ${e.message}. Check the quotes around cells that hold commas or line breaks.`,
      e.lines ?? 1,
    );
  }
  if (!records.length) return unitFail('the file is empty: the first row must name the columns');
  const allowed = new Map(columnsOf(kind).map((c) => [squash(c), c]));
  const header = new Map<string, { index: number; text: string }>();
  const problems: ImportProblem[] = [];
  for (const [index, text] of records[0].record.entries()) {
    const field = allowed.get(squash(text));
    if (!field)
      problems.push({
        file: name,
        row: 1,
        column: text,
        reason: unknownColumn(text, name, columnsOf(kind)),
      });
    else if (header.has(field))
      problems.push({
        file: name,
        row: 1,
        column: text,
        reason: `the column ${field} appears twice`,
      });
    else header.set(field, { index, text });
  }
  // With a bad header the rows are still read (with the columns that are right), so that they
  // count as failed and ties that name them are told why; nothing of the file is written.
  const width = records[0].record.length;
  const rows: ParsedRow[] = records.slice(1).map(({ record: cells, info }) => {
    const place = { file: name, row: info.lines };
    const r = reader(header, cells);
    const check = new RowCheck(place, r);
    if (cells.length !== width)
      check.bad(
        null,
        `the row has ${cells.length} cells but the header has ${width}; check for a missing or extra comma`,
      );
    const draft =
      kind.record === 'entity' ? readEntity(kind.type, check, r) : readTie(kind.type, check, r);
    return check.outcome(draft);
  });
  return { name, record: kind.record, kind: kind.type, rows, problems };
}
