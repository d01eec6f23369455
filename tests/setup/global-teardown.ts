/** Stops the throwaway Neo4j and removes its data folder. */
import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const t = globalThis.__TEST_NEO4J__;
  if (t?.neo4j) await t.neo4j.stop();
  if (t?.home) fs.rmSync(t.home, { recursive: true, force: true });
}
