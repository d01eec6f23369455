/** Turns import files (name and text) into units of rows: CSV by its name, JSON as a network file or Popolo. */
import path from 'node:path';
import { isPopolo, readPopolo } from '../popolo/popolo-import';
import { readCsv } from './csv';
import { readNetworkJson } from './json';
import type { ImportUnit } from './types';

export type ImportFormat = 'CSV' | 'JSON' | 'POPOLO';

export interface ImportFile {
  name: string;
  content: string;
  /** Left out: .csv is CSV; JSON with persons, organizations or memberships is Popolo; other JSON is a network file. */
  format?: ImportFormat | null;
}

export function readImportFile(file: ImportFile): ImportUnit[] {
  const name = path.basename(file.name);
  const format = file.format ?? (/\.csv$/i.test(name) ? 'CSV' : 'JSON');
  if (format === 'CSV') return [readCsv(name, file.content)];
  let doc: unknown;
  try {
    doc = JSON.parse(file.content.replace(/^\uFEFF/, ''));
  } catch (err) {
    return [
      {
        name,
        record: 'entity',
        rows: [],
        problems: [
          { file: name, row: 0, column: null, reason: `not valid JSON: ${(err as Error).message}` },
        ],
      },
    ];
  }
  if (format === 'POPOLO' || (format === 'JSON' && file.format !== 'JSON' && isPopolo(doc))) {
    if (!isPopolo(doc))
      return [
        {
          name,
          record: 'entity',
          rows: [],
          problems: [
            {
              file: name,
              row: 0,
              column: null,
              reason: 'not Popolo: the file has no persons, organizations or memberships array',
            },
          ],
        },
      ];
    return readPopolo(name, doc);
  }
  return readNetworkJson(name, doc);
}

export function readImportFiles(files: ImportFile[]): ImportUnit[] {
  return files.flatMap(readImportFile);
}

/** How many rows the units hold (the API's small-batch limit counts these). */
export function rowCount(units: ImportUnit[]): number {
  return units.reduce((n, u) => n + u.rows.length, 0);
}
