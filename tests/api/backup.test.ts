import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/logger';
import { projectRoot } from '../../src/paths';
import { seedIfEmpty } from '../../src/seed';
import { Dump, dumpGraph, restoreGraph } from '../../src/services/backup.service';
import { startTestApp, TestApp } from '../helpers/app';
import { organisation, person } from '../helpers/fixtures';

/** A dump without its own timestamp, for comparing two dumps of the same graph. */
const comparable = (d: Dump) => ({ ...d, createdAt: undefined });

describe('backup and restore', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await seedIfEmpty(
      app.db,
      createLogger({ log: { level: 'silent', pretty: false }, env: 'test' }),
    );
    const a = await organisation(app, 'Merged Away', {
      identifiers: [{ scheme: 'wikidata', value: 'Q42' }],
    });
    const b = await organisation(app, 'Kept');
    await app.gql(
      'mutation($k: ID!, $r: ID!) { mergeOrganisations(keep: $k, remove: $r) { id } }',
      { k: b.id, r: a.id },
    );
    await person(app, 'With Contact', { contact: { email: 'someone@example.org' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('gives back the same graph: every entity, tie, identifier, redirect and history record', async () => {
    const before = await dumpGraph(app.db);
    expect(before.entities.Organisation!.length).toBeGreaterThan(5);
    expect(before.support.Change!.length).toBeGreaterThan(3);
    expect(before.support.Redirect).toHaveLength(1);
    expect(JSON.stringify(before)).toContain('someone@example.org');
    const refused = restoreGraph(app.db, before);
    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT' });

    await app.wipe();
    await expect(restoreGraph(app.db, JSON.parse(JSON.stringify(before)))).resolves.toMatchObject({
      ties: expect.any(Number),
    });
    const after = await dumpGraph(app.db);
    // The same graph, plus one history record saying it was restored.
    const restoreRecord = after.support.Change!.find((c) => c.action === 'RESTORE');
    expect(restoreRecord).toBeDefined();
    after.support.Change = after.support.Change!.filter((c) => c !== restoreRecord);
    expect(comparable(after)).toEqual(comparable(before));
    const res = await app.gql(
      '{ search(text: "Merged Away") { entity { name } } organisations(where: {namePrefix: "kept"}) { nodes { name aliases identifiers { value } } } }',
    );
    expect(res.body.data!.organisations.nodes).toEqual([
      { name: 'Kept', aliases: ['Merged Away'], identifiers: [{ value: 'Q42' }] },
    ]);
  });

  it('dumps from the command line, and restore refuses a file that is not a dump', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NEO4J_URI: process.env.NEO4J_TEST_URI!,
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD!,
      LOG_LEVEL: 'silent',
    };
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sg-dump-')), 'graph.dump.json');
    // An existing file readable by all is replaced by one only its owner may read (a dump holds contact details).
    fs.writeFileSync(out, 'old', { mode: 0o644 });
    const r = spawnSync(
      process.execPath,
      [
        path.join(projectRoot(), 'dist', 'src', 'cli', 'export.js'),
        '--format',
        'dump',
        '--out',
        out,
      ],
      { env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const dump = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(dump.format).toBe('stakeholder-graph-dump');
    expect(comparable(dump)).toEqual(comparable(await dumpGraph(app.db)));
    await expect(
      restoreGraph(app.db, { format: 'something else' } as unknown as Dump),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
