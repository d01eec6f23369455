/**
 * Writes a generated network through the named queries in cypher/queries/generate, in
 * batches of UNWIND rows (one write transaction each), and wipes or counts the graph.
 * Entities go first so that every tie finds both ends by stable key.
 */
import { seedRepository } from '../graph/seed.repository';
import type { Database, Row } from '../graph/database';
import type { GeneratedNetwork } from './generator';
import { refreshPlannerStatistics } from '../graph/statistics';

export const DEFAULT_BATCH = 10_000;

export interface WriteProgress {
  section: string;
  written: number;
  total: number;
}

export interface WriteResult {
  rows: number;
  ms: number;
  sections: Array<{ name: string; query: string; rows: number; ms: number }>;
}

function* batches(rows: Iterable<Row>, size: number): Iterable<Row[]> {
  let batch: Row[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export async function writeNetwork(
  db: Database,
  network: GeneratedNetwork,
  batchSize = DEFAULT_BATCH,
  progress?: (p: WriteProgress) => void,
  /** false leaves Neo4j's index statistics as they were (a test of plans under stale ones). */
  refreshStatistics = true,
): Promise<WriteResult> {
  const started = Date.now();
  const result: WriteResult = { rows: 0, ms: 0, sections: [] };
  for (const section of network.sections) {
    const t0 = Date.now();
    let written = 0;
    for (const rows of batches(section.rows(), batchSize)) {
      const [r] = await db.write((tx) => tx.run(section.query, { rows }));
      if ((r.created as number) !== rows.length) {
        throw new Error(
          `${section.query} created ${String(r.created)} of ${rows.length} rows: an end of a tie is missing. Is the database the one the entities were written to?`,
        );
      }
      written += rows.length;
      progress?.({ section: `${section.name} (${section.query})`, written, total: section.total });
    }
    result.sections.push({
      name: section.name,
      query: section.query,
      rows: written,
      ms: Date.now() - t0,
    });
    result.rows += written;
  }
  // Written into a database whose index statistics were sampled before: plans made now would
  // see the old sizes (src/graph/statistics.ts).
  if (refreshStatistics) await refreshPlannerStatistics(db);
  result.ms = Date.now() - started;
  return result;
}

/** Deletes every entity, tie, identifier and history record (migrations and API keys stay), batch by batch. */
export async function wipeGraph(db: Database, batch = DEFAULT_BATCH): Promise<number> {
  let total = 0;
  for (const query of [
    'generate/wipe-entities',
    'generate/wipe-identifiers',
    'generate/wipe-changes',
  ]) {
    for (;;) {
      const [r] = await db.write((tx) => tx.run(query, { batch }));
      total += r.deleted as number;
      if ((r.deleted as number) < batch) break;
    }
  }
  return total;
}

export async function graphCounts(db: Database): Promise<Record<string, number>> {
  const [r] = await db.read((tx) => tx.run('generate/counts'));
  return {
    Organisation: r.organisations as number,
    Forum: r.fora as number,
    Person: r.people as number,
    Event: r.events as number,
    ENGAGES_IN: r.engagements as number,
    MEMBER_OF: r.memberships as number,
    AFFILIATED_WITH: r.affiliations as number,
    PART_OF: r.parts as number,
    PARTICIPATES_IN: r.participations as number,
  };
}

/** How many entities the graph holds (the same count the demo loader checks). */
export async function entityCount(db: Database): Promise<number> {
  return db.read((tx) => seedRepository.entityCount(tx));
}
