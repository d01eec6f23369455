/**
 * `npm run bench:write-floor`: what Neo4j itself needs to write import-sized batches, with
 * nothing of the service around it: the floor under `npm run bench:import`. Starts a throwaway
 * Neo4j (512m heap, as the import benchmark), creates 2,000 organisations and 50 fora, warms
 * the JVM, then runs each variant four times in transactions of 5,000 rows (20,000 rows each)
 * and prints run and commit time. The variants are written out here on purpose (they are not
 * the service's queries, except the two marked "as imported").
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import os from 'node:os';
import { QueryBook } from '../src/graph/queries';
import { toNeo4j } from '../src/graph/convert';
import { runBenchmark, withThrowawayNeo4j } from './harness/throwaway';

const ORGS = 2000;
const FORA = 50;
const BATCH = 5000;
const BATCHES = 4;

interface Tie {
  from: string;
  to: string;
  props: Record<string, unknown>;
}

type Params = (ties: Tie[], now: string) => Record<string, unknown>;

const seek = 'UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to})';
const mapRows: Params = (ties) => ({ rows: ties });
const tupleRows: Params = (ties) => {
  const ends = new Map<string, number>();
  const at = (k: string) => ends.get(k) ?? ends.set(k, ends.size).size - 1;
  const p = (t: Tie) => t.props;
  const rows = ties.map((t) => [
    at(t.from),
    at(t.to),
    p(t).id,
    p(t).role,
    p(t).since,
    p(t).sinceStart,
    null,
    null,
    p(t).note,
    p(t).sourcesJson,
    null,
    p(t).createdAt,
    p(t).updatedAt,
    1,
  ]);
  return { ends: [...ends.keys()], rows };
};
const snapshot = (t: Tie) =>
  JSON.stringify({ ...t.props, type: 'ENGAGES_IN', fromKey: t.from, toKey: t.to, sources: [] });

const variants: Array<{ label: string; query: (book: QueryBook) => string; params: Params }> = [
  {
    label: 'unwind the parameter rows only (maps)',
    query: () => 'UNWIND $rows AS row RETURN count(*) AS n',
    params: mapRows,
  },
  {
    label: 'two index seeks per row, nothing written',
    query: () => `${seek} RETURN count(*) AS n`,
    params: mapRows,
  },
  {
    label: 'two seeks, create the relationship, no properties',
    query: () => `${seek} CREATE (a)-[:ENGAGES_IN]->(b) RETURN count(*) AS n`,
    params: mapRows,
  },
  {
    label: 'two seeks, create it, SET r = map (12 properties)',
    query: () => `${seek} CREATE (a)-[r:ENGAGES_IN]->(b) SET r = row.props RETURN count(*) AS n`,
    params: mapRows,
  },
  {
    label: 'as imported: ends once per batch, tuple properties',
    query: (b) => b.get('import/create-ties', { type: 'ENGAGES_IN' }),
    params: tupleRows,
  },
  {
    label: 'one history node per row from a map',
    query: () => 'UNWIND $rows AS c CREATE (x:Change) SET x = c',
    params: (ties, now) => ({
      rows: ties.map((t) => ({
        id: crypto.randomUUID(),
        at: now,
        action: 'TIE_ADDED',
        targetKind: 'ENGAGES_IN',
        targetKey: t.props.id,
        actor: 'bench',
        requestId: 'r',
        importId: 'i',
        afterJson: snapshot(t),
      })),
    }),
  },
  {
    label: 'as imported: history from tuples, shared values once',
    query: (b) => b.get('history/record'),
    params: (ties, now) => ({
      at: now,
      actor: 'bench',
      requestId: 'r',
      importId: 'i',
      changes: ties.map((t) => [
        crypto.randomUUID(),
        'TIE_ADDED',
        'ENGAGES_IN',
        t.props.id,
        null,
        snapshot(t),
        null,
      ]),
    }),
  },
];

async function main(): Promise<void> {
  await withThrowawayNeo4j({ name: 'floor' }, async ({ db, book, conn }) => {
    const session = db.driver.session({ database: conn.database });
    try {
      await session.run(
        'UNWIND range(0, $n - 1) AS i CREATE (:Entity:Organisation {id: "o" + i, slug: "org-" + i})',
        toNeo4j({ n: ORGS }),
      );
      await session.run(
        'UNWIND range(0, $n - 1) AS i CREATE (:Entity:Forum {id: "f" + i, slug: "forum-" + i})',
        toNeo4j({ n: FORA }),
      );
      let next = 0;
      const batch = (): Tie[] => {
        const now = new Date().toISOString();
        return Array.from({ length: BATCH }, () => {
          const i = next++;
          const since = String(2000 + (i % 25));
          return {
            from: `o${Math.floor(i / FORA) % ORGS}`,
            to: `f${i % FORA}`,
            props: {
              id: crypto.randomUUID(),
              role: 'MEMBER',
              since,
              sinceStart: `${since}-01-01`,
              note: `Generated, row ${i}`,
              sourcesJson: '[]',
              createdAt: now,
              updatedAt: now,
              version: 1,
            },
          };
        });
      };
      const measure = async (v: (typeof variants)[number]) => {
        let run = 0;
        let commit = 0;
        for (let b = 0; b < BATCHES; b += 1) {
          const params = toNeo4j(v.params(batch(), new Date().toISOString())) as Record<
            string,
            unknown
          >;
          const tx = session.beginTransaction();
          const t0 = performance.now();
          await tx.run(v.query(book), params);
          const t1 = performance.now();
          await tx.commit();
          run += t1 - t0;
          commit += performance.now() - t1;
        }
        return { run, commit };
      };
      // Warm-up: the JVM compiles the write path on the first few batches.
      for (let w = 0; w < 2; w += 1) await measure(variants[3]);
      process.stdout.write(
        `node ${process.version}, ${os.cpus().length} cores, ${BATCHES} transactions of ${BATCH} rows per variant\n\n`,
      );
      process.stdout.write(
        '| What one transaction does per row | Run | Commit | Rows per second |\n| --- | --- | --- | --- |\n',
      );
      for (const v of variants) {
        const { run, commit } = await measure(v);
        const rows = BATCH * BATCHES;
        process.stdout.write(
          `| ${v.label} | ${(run / 1000).toFixed(2)} s | ${(commit / 1000).toFixed(2)} s | ${Math.round(rows / ((run + commit) / 1000)).toLocaleString('en-GB')} |\n`,
        );
      }
    } finally {
      await session.close();
    }
  });
}

runBenchmark(main);
