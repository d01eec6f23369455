/**
 * Imports through the API: small batches (at most MAX_API_ROWS rows in all) for one
 * request's caller, recorded in history under the request id.
 */
import type { Context } from '../../context';
import { badInput } from '../../errors';
import type { Database, QueryMeter } from '../../graph/database';
import { ImportFile, readImportFiles, rowCount } from './files';
import { ImportService } from './import.service';
import type { ImportReport } from './types';

export const MAX_API_ROWS = 500;
export const MAX_API_FILES = 20;

export class ImportRequests {
  constructor(
    private readonly db: Database,
    private readonly meter: QueryMeter,
    private readonly caller: { actor: string; requestId: string },
  ) {}

  async importFiles(files: ImportFile[], dryRun: boolean): Promise<ImportReport> {
    if (!files.length || files.length > MAX_API_FILES) {
      throw badInput(`Send 1 to ${MAX_API_FILES} files at once.`, [
        { field: 'input.files', problem: 'number of files' },
      ]);
    }
    const units = readImportFiles(files);
    const rows = rowCount(units);
    if (rows > MAX_API_ROWS) {
      throw badInput(
        `The files hold ${rows} rows; the API imports at most ${MAX_API_ROWS} at once. Split them into smaller files, or use the command line (npm run import) for large imports.`,
        [{ field: 'input.files', problem: `more than ${MAX_API_ROWS} rows` }],
      );
    }
    return new ImportService(this.db, this.meter).run(units, {
      ...this.caller,
      dryRun,
      outcomeLimit: MAX_API_ROWS,
    });
  }
}

/** The request's import service. */
export function importsFor(ctx: Context): ImportRequests {
  return ctx.services.imports;
}
