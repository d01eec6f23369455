/**
 * `npm start`: the local Neo4j (unless NEO4J_URI is set), migrations, the demo network
 * on an empty database, then GraphQL on PORT; SIGINT/SIGTERM drain and stop everything.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { migrate } from './graph/migrations';
import { openRuntime, Runtime } from './runtime';
import { createSchema } from './schema';
import { RunningServer, startServer } from './server';
import { seedIfEmpty } from './seed';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config);
  let runtime: Runtime | undefined;
  let server: RunningServer | undefined;
  let migrated = false;
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      logger.error('shutdown grace period elapsed; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 65_000);
    force.unref();
    try {
      await server?.stop();
      await runtime?.close();
      logger.info('stopped');
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exitCode = 1;
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    // Neo4j in its own process group: Ctrl-C reaches this process, which drains, then stops Neo4j.
    runtime = await openRuntime(config, logger, { ownProcessGroup: true });
    if (stopping) return;
    await migrate(runtime.db, logger);
    migrated = true;
    if (config.seedDemo) await seedIfEmpty(runtime.db, logger);
    const schema = await createSchema();
    if (stopping) return;
    server = await startServer(
      { config, logger, db: runtime.db, schema, isMigrated: () => migrated },
      { host: config.host, port: config.port },
    );
    logger.info({ url: server.url }, `GraphQL ready at ${server.url}`);
  } catch (err) {
    logger.fatal(
      { err: err instanceof Error ? { message: err.message } : err },
      err instanceof Error ? err.message : 'start-up failed',
    );
    await runtime?.close().catch(() => undefined);
    process.exitCode = 1;
  }
}

void main();
