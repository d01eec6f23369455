/**
 * `npm run restore -- <dump file>`: writes a dump made by `npm run export -- --format dump`
 * into an empty database (NEO4J_URI/NEO4J_DATABASE, or the local Neo4j), in one transaction.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { loadConfig } from '../config';
import { migrate } from '../graph/migrations';
import { createLogger } from '../logger';
import { openRuntime } from '../runtime';
import { Dump, restoreGraph } from '../services/backup.service';

async function main() {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npm run restore -- <dump file>\n');
    process.exit(2);
  }
  const dump = JSON.parse(fs.readFileSync(file, 'utf8')) as Dump;
  const config = loadConfig();
  const runtime = await openRuntime(
    config,
    createLogger({ ...config, log: { level: 'warn', pretty: false } }, { toStderr: true }),
  );
  try {
    await migrate(runtime.db);
    const r = await restoreGraph(runtime.db, dump);
    process.stdout.write(
      `Restored ${r.entities} entities, ${r.ties} ties and ${r.changes} history records from ${file}.\n`,
    );
  } finally {
    await runtime.close();
  }
}

void main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
