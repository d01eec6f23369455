/**
 * `npm run export -- --format gexf|graphml|cytoscape|nodes-csv|edges-csv [--forum X]
 * [--around ID --depth N] [--from A --to B] [--out FILE]`: the same exports as GET /export/..., written to a file
 * or to standard output. Same configuration as the server: NEO4J_URI, or the project's local
 * Neo4j (reused when it runs, started when it does not). Logs go to standard error, so that
 * standard output holds the export only.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { AppError } from '../errors';
import { createLogger } from '../logger';
import { openRuntime } from '../runtime';
import { dumpGraph } from '../services/backup.service';
import { ExportService } from '../services/export/export.service';
import {
  FILTER_PARAMETERS,
  PATH_PARAMETERS,
  VIEW_PARAMETERS,
  parseExportFilter,
} from '../services/export/filter';
import { writePrivateFile } from './private-file';
import { EXPORT_FORMATS, exportFormat } from '../services/export/formats';

const USAGE = `Usage: npm run export -- --format ${EXPORT_FORMATS.map((f) => f.name).join('|')} [--forum <forum id or slug> [--activeOn YYYY] [--tieTypes A,B] [--entityTypes A,B] [--roles A,B] [--edges all|walked]] [--from <entity> --to <entity> [--maxHops 1..6] [--first 1..10] [--via A,B]] [--around <entity id> [--depth 1..3] [--activeOn YYYY] [--tieTypes A,B] [--entityTypes A,B] [--roles A,B] [--expand id,id] [--hide id,id] [--edges all|walked]] [--out <file>]
       npm run export -- --format dump [--out <file>]   (a full backup, contact details included; restore with npm run restore)`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        format: { type: 'string' },
        forum: { type: 'string' },
        around: { type: 'string' },
        depth: { type: 'string' },
        // The explorer's view and the paths, named as the HTTP parameters (docs/exports.md).
        ...Object.fromEntries(
          [...VIEW_PARAMETERS, ...PATH_PARAMETERS].map((p) => [p, { type: 'string' as const }]),
        ),
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return null;
  if (!values.format) throw new UsageError('--format is required.');
  if (values.format === 'dump') {
    const named = values as Record<string, unknown>;
    if (['forum', 'around', 'depth', 'from', 'to'].some((p) => named[p] !== undefined))
      throw new UsageError(
        'A dump is always of the whole graph: leave out --forum, --around, --depth, --from and --to.',
      );
    return { dump: true as const, out: values.out };
  }
  const format = exportFormat(values.format);
  if (!format)
    throw new UsageError(
      `Unknown format "${values.format}". Use one of: ${EXPORT_FORMATS.map((f) => f.name).join(', ')}.`,
    );
  const params: Record<string, string> = {};
  const given = values as Record<string, string | boolean | undefined>;
  for (const name of FILTER_PARAMETERS) {
    const v = given[name];
    if (typeof v === 'string') params[name] = v;
  }
  // The same rules as the HTTP parameters, so both say the same about a bad request.
  const filter = parseExportFilter(params);
  return { format, filter, out: values.out };
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    stream.write(text, (err) => (err ? reject(err) : resolve())),
  );
}

async function main(): Promise<number> {
  let command;
  try {
    command = parseCommandLine(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError || err instanceof AppError) {
      process.stderr.write(`${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (!command) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(config, { toStderr: true });
  const runtime = await openRuntime(config, logger);
  try {
    if ('dump' in command) {
      const dump = await dumpGraph(runtime.db);
      const body = JSON.stringify(dump);
      if (command.out) writePrivateFile(command.out, body);
      else await write(process.stdout, body);
      const count = (o: Record<string, unknown[] | undefined>) =>
        Object.values(o).reduce((n, rows) => n + (rows?.length ?? 0), 0);
      process.stderr.write(
        `Dump: ${count(dump.entities)} entities, ${count(dump.ties)} ties, ${dump.support.Change?.length ?? 0} history records${command.out ? ` written to ${command.out}` : ''}.\n`,
      );
      return 0;
    }
    const graph = await new ExportService(runtime.db).graph(command.filter);
    const body = command.format.write(graph);
    if (command.out) writePrivateFile(command.out, body);
    else await write(process.stdout, body);
    process.stderr.write(
      `${graph.description}: ${graph.nodes.length} nodes, ${graph.edges.length} edges (${command.format.name})${command.out ? ` written to ${command.out}` : ''}.\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${err.code}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await runtime.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof ConfigError ? 2 : 1;
  },
);
