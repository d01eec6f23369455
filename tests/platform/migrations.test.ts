import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  migrate,
  migrationsApplied,
  readMigrations,
  splitStatements,
} from '../../src/graph/migrations';
import { useTestApp } from '../helpers/app';

describe('migrations', () => {
  const app = useTestApp();

  it('are recorded once each, and a second run applies nothing', async () => {
    await app.cypher('MATCH (m:Migration) DELETE m');
    const first = await migrate(app.db);
    const files = readMigrations();
    expect(first).toEqual(files.map((m) => m.version));
    const second = await migrate(app.db);
    expect(second).toEqual([]);
    const rows = await app.cypher(
      'MATCH (m:Migration) RETURN m.version AS v, m.checksum AS c, m.appliedAt IS NOT NULL AS at ORDER BY v',
    );
    expect(rows.map((r) => Number(r.v))).toEqual(files.map((m) => m.version));
    expect(rows.map((r) => r.c)).toEqual(files.map((m) => m.checksum));
    expect(rows.every((r) => r.at === true)).toBe(true);
    await expect(migrationsApplied(app.db)).resolves.toBe(true);
  });

  it('create the constraints and the full-text index they declare', async () => {
    const constraints = await app.cypher(
      'SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names',
    );
    expect(constraints[0].names).toEqual(
      expect.arrayContaining(['organisation_slug', 'person_id', 'engages_in_id', 'identifier_key']),
    );
    const indexes = await app.cypher(
      "SHOW INDEXES YIELD name, type WHERE type = 'FULLTEXT' RETURN collect(name) AS names",
    );
    expect(indexes[0].names).toContain('entity_search');
  });

  it('reports a pending migration until it is applied', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-mig-'));
    fs.writeFileSync(
      path.join(dir, 'V9001__test_index.cypher'),
      '// a test index\nCREATE INDEX test_probe IF NOT EXISTS FOR (n:TestProbe) ON (n.x);\n',
    );
    const extra = [...readMigrations(), ...readMigrations(dir)];
    await expect(migrationsApplied(app.db, extra)).resolves.toBe(false);
    await expect(migrate(app.db, undefined, extra)).resolves.toEqual([9001]);
    await expect(migrationsApplied(app.db, extra)).resolves.toBe(true);
    await app.cypher('DROP INDEX test_probe IF EXISTS');
    await app.cypher('MATCH (m:Migration {version: 9001}) DELETE m');
  });

  it('split files into statements, ignoring comment lines', () => {
    expect(splitStatements('// c\nCREATE A;\nCREATE B\n  X;\n')).toEqual([
      'CREATE A',
      'CREATE B\n  X',
    ]);
  });
});
