/**
 * What the server and every CLI command share: the Neo4j to talk to (the configured
 * NEO4J_URI, or the project's local one, reused if it already runs and proves over Bolt
 * that it serves this checkout's data folder), one driver,
 * the query book, and a clean close that stops a local Neo4j only if it was started here.
 */
import type { Config } from './config';
import { createDriver, Database, waitForDatabase } from './graph/database';
import { LocalNeo4j } from './graph/local-neo4j';
import { QueryBook } from './graph/queries';
import type { Logger } from './logger';

export interface Runtime {
  db: Database;
  queries: QueryBook;
  local?: LocalNeo4j;
  close(): Promise<void>;
}

/** `ownProcessGroup`: see LocalNeo4jOptions; for a process that stops Neo4j itself on SIGINT. */
export async function openRuntime(
  config: Readonly<Config>,
  logger: Logger,
  options: { ownProcessGroup?: boolean } = {},
): Promise<Runtime> {
  let local: LocalNeo4j | undefined;
  let uri = config.neo4j.uri;
  if (!uri) {
    local = await LocalNeo4j.start(
      {
        ...config.localNeo4j,
        user: config.neo4j.user,
        password: config.neo4j.password,
        ownProcessGroup: options.ownProcessGroup,
      },
      (line) => logger.info(line),
    );
    uri = local.boltUri;
  }
  const driver = createDriver({ ...config.neo4j, uri });
  try {
    await waitForDatabase(driver, config.neo4j.database, config.neo4j.connectTimeoutMs, logger);
  } catch (err) {
    await driver.close();
    await local?.stop();
    throw err;
  }
  const queries = QueryBook.load();
  const db = new Database(driver, config.neo4j.database, queries, config.neo4j.txTimeoutMs, logger);
  return {
    db,
    queries,
    local,
    async close() {
      await db.close();
      await local?.stop();
    },
  };
}
