/**
 * The raw-Cypher floor: for each question the one query a Neo4j expert would write for it
 * (bench/cypher/*.cypher, read with the service's QueryBook loader), sent straight through
 * neo4j-driver in one transaction, with no GraphQL, no DataLoaders, no services. One round
 * trip per request: the best the service can hope to reach now that it sends one query too.
 */
import neo4j, { Driver, ManagedTransaction, Record as Neo4jRecord } from 'neo4j-driver';
import path from 'node:path';
import { Placeholders, QueryBook } from '../../src/graph/queries';
import { projectRoot } from '../../src/paths';
import { toNeo4j } from '../../src/graph/convert';

/** Per query name: how often it ran under PROFILE, and the database hits and rows it cost. */
export type ProfileTotals = Record<string, { runs: number; dbHits: number; rows: number }>;

export class FloorTx {
  queries = 0;

  constructor(
    private readonly tx: ManagedTransaction,
    private readonly book: QueryBook,
    private readonly profile?: ProfileTotals,
  ) {}

  async run(
    name: string,
    params: Record<string, unknown> = {},
    placeholders?: Placeholders,
  ): Promise<Neo4jRecord[]> {
    this.queries += 1;
    const text = this.book.get(name, placeholders);
    if (!this.profile) return (await this.tx.run(text, toNeo4j(params))).records;
    const result = await this.tx.run(`PROFILE ${text}`, toNeo4j(params));
    const total = (this.profile[name] ??= { runs: 0, dbHits: 0, rows: 0 });
    total.runs += 1;
    total.dbHits += result.summary.profile ? sumHits(result.summary.profile) : 0;
    total.rows += result.records.length;
    return result.records;
  }
}

interface ProfiledPlan {
  dbHits: number;
  children: ProfiledPlan[];
}

function sumHits(plan: ProfiledPlan): number {
  return plan.dbHits + plan.children.reduce((n, c) => n + sumHits(c), 0);
}

export const FLOOR_TX_TIMEOUT_MS = 15_000;

export type FloorWork = (tx: FloorTx, i: number) => Promise<unknown>;

/** The floor's queries: bench/cypher, beside the service's cypher/queries. */
export function floorBook(): QueryBook {
  return QueryBook.load(path.join(projectRoot(), 'bench', 'cypher'));
}

/** Runs one question in one read or write transaction; returns the number of queries it sent and what the work returned (the answer). */
export async function runFloor(
  driver: Driver,
  book: QueryBook,
  mode: 'READ' | 'WRITE',
  work: FloorWork,
  i: number,
  profile?: ProfileTotals,
): Promise<{ queries: number; answer: unknown }> {
  const session = driver.session({
    database: 'neo4j',
    defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
  });
  try {
    const run = async (tx: ManagedTransaction) => {
      const f = new FloorTx(tx, book, profile);
      const answer = await work(f, i);
      return { queries: f.queries, answer };
    };
    // The service's own transaction timeout (NEO4J_TX_TIMEOUT_MS, 15 s by default), so that the floor gives up where the service would.
    const config = { timeout: FLOOR_TX_TIMEOUT_MS };
    return mode === 'READ'
      ? await session.executeRead(run, config)
      : await session.executeWrite(run, config);
  } finally {
    await session.close();
  }
}
