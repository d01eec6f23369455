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
  it('V0011 gives tie changes recorded before it their ends, and finishes erasures made before it', async () => {
    const snap = (from: string, to: string, note: string) =>
      JSON.stringify({ type: 'AFFILIATED_WITH', fromKey: from, toKey: to, note, role: 'STAFF' });
    await app.cypher(
      `CREATE (:Change:V11Probe {id: 'v11-kept', at: '2020-01-01T00:00:00Z', action: 'TIE_ADDED', targetKind: 'AFFILIATED_WITH', targetKey: 't1', actor: 'x', requestId: 'r', afterJson: $kept})
       CREATE (:Change:V11Probe {id: 'v11-erased', at: '2020-01-02T00:00:00Z', action: 'TIE_REMOVED', targetKind: 'AFFILIATED_WITH', targetKey: 't2', actor: 'x', requestId: 'r', beforeJson: $erased, note: 'a note about v11-person'})
       CREATE (:Change:V11Probe {id: 'v11-merged', at: '2020-01-03T00:00:00Z', action: 'TIE_ADDED', targetKind: 'AFFILIATED_WITH', targetKey: 't3', actor: 'x', requestId: 'r', afterJson: $merged})
       CREATE (:Change:V11Probe {id: 'v11-erase', at: '2020-01-04T00:00:00Z', action: 'ERASE', targetKind: 'Person', targetKey: 'v11-person', actor: 'x', requestId: 'r', beforeJson: '{"erased":true,"version":1}'})
       CREATE (:Redirect:V11Probe {fromKey: 'v11-old-person', toKey: 'v11-person', type: 'Person'})`,
      {
        kept: snap('v11-alive', 'v11-org', 'stays'),
        erased: snap('v11-person', 'v11-org', 'Secret "quoted" note'),
        merged: snap('v11-old-person', 'v11-org', 'Secret too'),
      },
    );
    try {
      await app.cypher('MATCH (m:Migration {version: 11}) DELETE m');
      await expect(migrate(app.db)).resolves.toEqual([11]);
      const rows = await app.cypher(
        "MATCH (c:Change:V11Probe) WHERE c.action <> 'ERASE' RETURN c.id AS id, c.fromKey AS fromKey, c.toKey AS toKey, c.beforeJson AS before, c.afterJson AS after, c.note AS note ORDER BY id",
      );
      expect(rows).toEqual([
        {
          id: 'v11-erased',
          fromKey: null,
          toKey: 'v11-org',
          before: '{"erased":true}',
          after: null,
          note: null,
        },
        {
          id: 'v11-kept',
          fromKey: 'v11-alive',
          toKey: 'v11-org',
          before: null,
          after: snap('v11-alive', 'v11-org', 'stays'),
          note: null,
        },
        {
          id: 'v11-merged',
          fromKey: null,
          toKey: 'v11-org',
          before: null,
          after: '{"erased":true}',
          note: null,
        },
      ]);
      const indexes = await app.cypher(
        "SHOW INDEXES YIELD name WHERE name IN ['change_from_key', 'change_to_key'] RETURN collect(name) AS names",
      );
      expect([...indexes[0].names].sort()).toEqual(['change_from_key', 'change_to_key']);
    } finally {
      await app.cypher('MATCH (n:V11Probe) DETACH DELETE n');
    }
  });
});
