/**
 * `npm run import -- <files...> [--dry-run] [--batch-size N] [--format csv|json|popolo] [--json]`:
 * imports CSV, JSON (network shape) and Popolo files into the graph, batch by batch, with a
 * progress bar on a terminal. Uses the server's configuration: NEO4J_URI, or the project's
 * local Neo4j (reused while `npm start` runs, started otherwise). Exits 2 when a file could
 * not be imported at all (missing, unreadable, unrecognised, unparseable, unknown columns) or
 * on a usage error, 1 when rows failed, 0 when every row was imported.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config';
import { migrate } from '../graph/migrations';
import { createLogger } from '../logger';
import { openRuntime } from '../runtime';
import { ImportFile, ImportFormat, readImportFiles, rowCount } from '../services/import/files';
import {
  CLI_BATCH_TIMEOUT_MS,
  DEFAULT_BATCH_SIZE,
  ImportService,
} from '../services/import/import.service';
import { formatReport } from '../services/import/report-text';

const USAGE = `Usage: npm run import -- <files...> [--dry-run] [--batch-size N] [--format csv|json|popolo] [--json]
  files          CSV files named after what they hold (organisations.csv, engagements.csv, ...; see docs/import.md),
                 JSON files shaped like data/demo-network.json, or Popolo JSON files
  --dry-run      report what would be created, updated and left alone; write nothing
  --batch-size   rows per transaction (default ${DEFAULT_BATCH_SIZE})
  --format       read every file as this format instead of guessing from its name and content
  --json         print the whole report as JSON`;

interface Args {
  files: string[];
  dryRun: boolean;
  batchSize: number;
  format: ImportFormat | null;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    files: [],
    dryRun: false,
    batchSize: DEFAULT_BATCH_SIZE,
    format: null,
    json: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--dry-run') args.dryRun = true;
    else if (a === '--json') args.json = true;
    else if (a === '--batch-size') args.batchSize = Number(argv[++i]);
    else if (a === '--format') args.format = (argv[++i] ?? '').toUpperCase() as ImportFormat;
    else if (a === '--help' || a === '-h') throw new UsageError('');
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else args.files.push(a);
  }
  if (!args.files.length) throw new UsageError('name at least one file to import');
  if (!Number.isInteger(args.batchSize) || args.batchSize < 1 || args.batchSize > 50000)
    throw new UsageError('--batch-size must be a whole number from 1 to 50000');
  if (args.format && !['CSV', 'JSON', 'POPOLO'].includes(args.format))
    throw new UsageError('--format must be csv, json or popolo');
  const missing = args.files.filter((f) => !fs.existsSync(f));
  if (missing.length) throw new FileError(`no such file: ${missing.join(', ')}`);
  return args;
}

class UsageError extends Error {}
/** A named file that cannot be read at all: nothing is imported, exit status 2. */
class FileError extends Error {}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const files: ImportFile[] = [];
  const unreadable: string[] = [];
  for (const f of args.files) {
    try {
      files.push({ name: f, content: fs.readFileSync(f, 'utf8'), format: args.format });
    } catch (err) {
      unreadable.push(
        `${f}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path and its permissions`,
      );
    }
  }
  if (unreadable.length) throw new FileError(unreadable.join('\n'));
  const units = readImportFiles(files);
  const config = loadConfig();
  const logger = createLogger(config, { toStderr: true });
  const runtime = await openRuntime(config, logger);
  const runId = crypto.randomUUID();
  const total = rowCount(units);
  const bar =
    process.stderr.isTTY && total >= 1000
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: '{bar} {percentage}% | {value}/{total} rows | {eta_formatted} left',
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  try {
    await migrate(runtime.db, logger);
    bar?.start(total, 0);
    const report = await new ImportService(runtime.db).run(units, {
      actor: `cli:${os.userInfo().username}`,
      requestId: runId,
      importId: runId,
      dryRun: args.dryRun,
      batchSize: args.batchSize,
      batchTimeoutMs: CLI_BATCH_TIMEOUT_MS,
      refreshStatistics: true,
      outcomeLimit: args.json ? Number.MAX_SAFE_INTEGER : 0,
      onProgress: (done) => bar?.update(done),
    });
    bar?.stop();
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    // A scheduled job checks only this: 2 when a file could not be imported at all, 1 when rows failed.
    process.exitCode = report.failedFiles ? 2 : report.failed ? 1 : 0;
  } finally {
    bar?.stop();
    await runtime.close();
  }
}

void main().catch((err) => {
  if (err instanceof FileError) {
    process.stderr.write(`${err.message}\nNothing was imported.\n`);
    process.exit(2);
  }
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message ? `${err.message}\n\n` : ''}${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
