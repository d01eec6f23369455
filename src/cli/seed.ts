/**
 * `npm run seed`: loads (or refreshes) the demo network. Keyed by slug, so running it
 * again changes nothing; entities and ties added by users are left alone.
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrate } from '../graph/migrations';
import { openRuntime } from '../runtime';
import { loadNetwork, prepareNetwork, readNetworkFile } from '../services/demo-network';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config, { toStderr: true });
  const runtime = await openRuntime(config, logger);
  try {
    await migrate(runtime.db, logger);
    const result = await loadNetwork(runtime.db, prepareNetwork(readNetworkFile(process.argv[2])));
    process.stdout.write(
      `Demo network: ${result.entities.rows} entities (${result.entities.changed} created or changed), ${result.ties.rows} ties (${result.ties.changed} created or changed).\n`,
    );
  } finally {
    await runtime.close();
  }
}

void main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
