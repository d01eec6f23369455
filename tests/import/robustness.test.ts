import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/paths';
import { ImportFile, readImportFiles } from '../../src/services/import/files';
import {
  CLI_BATCH_TIMEOUT_MS,
  ImportOptions,
  ImportService,
} from '../../src/services/import/import.service';
import type { ImportReport } from '../../src/services/import/types';
import type { PopoloDocument } from '../../src/services/popolo/popolo.types';
import { useTestApp } from '../helpers/app';

/**
 * Imports on files shaped like real ones (tests/fixtures/import, written by generate.js there):
 * parties with hundreds of names in many scripts, areas, posts, terms, duplicate ids, shared
 * identifiers, missing organisations, very long cells, control characters, a BOM, CRLF, and a
 * 5,000-person file. A bad record fails alone; what needs it fails once, naming it.
 */
const FIXTURES = path.join(projectRoot(), 'tests', 'fixtures', 'import');
const file = (name: string): ImportFile => ({
  name,
  content: fs.readFileSync(path.join(FIXTURES, name), 'utf8'),
});

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The real command (compiled by the global setup) against the test database. */
function cli(args: string[]): Promise<CliRun> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEO4J_URI: process.env.NEO4J_TEST_URI!,
    NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD!,
    LOG_LEVEL: 'silent',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(projectRoot(), 'dist', 'src', 'cli', 'import.js'), ...args],
      { env },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('imports of real-shaped files', () => {
  const app = useTestApp({ wipe: 'each' });
  const run = (files: ImportFile[], options: Partial<ImportOptions> = {}): Promise<ImportReport> =>
    new ImportService(app.db).run(readImportFiles(files), {
      actor: 'cli:test',
      requestId: 'robustness',
      // As the command line runs it: batches of thousands of rows may take longer than a request.
      batchTimeoutMs: CLI_BATCH_TIMEOUT_MS,
      ...options,
    });
  const byPopolo = async (id: string) => {
    const [row] = await app.cypher(
      'MATCH (e:Entity)-[:IDENTIFIED_BY]->(:Identifier {key: $key}) RETURN e.name AS name, e.aliases AS aliases, e.description AS description',
      { key: `popolo:${id}` },
    );
    return row;
  };
  const state = () =>
    app.cypher(
      'MATCH (n:Entity) RETURN count(n) AS n, sum(n.version) AS versions, COUNT { (:Change) } AS changes, COUNT { ()-[r]->() WHERE NOT r:IDENTIFIED_BY } AS ties',
    );

  describe('a Popolo file as published, with a party carrying 300 other names', () => {
    const source = JSON.parse(file('real-shaped.popolo.json').content) as Required<PopoloDocument>;

    it('imports with no failed row, and again with no change', async () => {
      const first = await run([file('real-shaped.popolo.json')]);
      expect(first.errors).toEqual([]);
      expect(first).toMatchObject({ failed: 0, failedFiles: 0, causes: [] });
      expect(Object.fromEntries(first.counts.map((c) => [c.kind, c.created]))).toEqual({
        Organisation: 4,
        Person: 6,
        Event: 2,
        AFFILIATED_WITH: 7,
        PARTICIPATES_IN: 2,
      });
      const before = await state();

      const again = await run([file('real-shaped.popolo.json')]);
      expect(again).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: first.rows });
      await expect(state()).resolves.toEqual(before);
    });

    it('keeps each spelling once: 300 names, 240 distinct (case, lang, Unicode form, spacing and the name folded)', async () => {
      await run([file('real-shaped.popolo.json')]);
      const party = await byPopolo('party/independent');
      expect(source.organizations[1].other_names).toHaveLength(300);
      expect(party.aliases).toHaveLength(240);
      expect(party.aliases).toEqual(
        expect.arrayContaining([
          'Independent 1',
          'Независимый 1',
          'Indépendant 1',
          '無所属 12',
          'مستقل 3',
          'Unabhängig 4',
        ]),
      );
      expect(party.aliases).not.toContain('Independent');
      expect(party.aliases).not.toContain('INDEPENDENT 1');
      // Stored composed (NFC), whatever form the file used.
      expect(
        party.aliases.every(
          (a: string) => a === a.normalize('NFC') && a === a.trim() && !/\s{2}/.test(a),
        ),
      ).toBe(true);
      expect(party.description).toBe(source.organizations[1].description!.trim());
    });

    it('finds the party by a name in any script', async () => {
      await run([file('real-shaped.popolo.json')]);
      for (const text of ['Независимый 3', 'Sitoutumaton', 'indépendant 7']) {
        const res = await app.gql(
          'query($text: String!) { search(text: $text, first: 3) { entity { name } } }',
          { text },
        );
        expect(res.body.errors).toBeUndefined();
        expect(
          res.body.data!.search.map((h: { entity: { name: string } }) => h.entity.name),
        ).toContain('Independent');
      }
    });

    it('maps what published files hold: given and family names, terms, posts, control characters; warns about areas and shared identifiers', async () => {
      const report = await run([file('real-shaped.popolo.json')]);
      await expect(byPopolo('p-2')).resolves.toMatchObject({ name: 'Bertil Berg' });
      await expect(byPopolo('p-3')).resolves.toMatchObject({ name: 'Carlsson' });
      await expect(byPopolo('p-4')).resolves.toMatchObject({ name: 'Dag Dahl' });
      const terms = await app.cypher(
        "MATCH (:Identifier {key: 'popolo:p-1'})<-[:IDENTIFIED_BY]-(:Person)-[r:AFFILIATED_WITH]->(o:Organisation) RETURN r.since AS since, r.until AS until ORDER BY since",
      );
      expect(terms).toEqual([
        { since: '2011-11-01', until: '2015-10-31' },
        { since: '2015-11-02', until: '2019-10-31' },
      ]);
      const [speaker] = await app.cypher(
        "MATCH (:Identifier {key: 'popolo:p-3'})<-[:IDENTIFIED_BY]-(:Person)-[r:AFFILIATED_WITH]->() RETURN r.role AS role, r.note AS note, r.since AS since",
      );
      expect(speaker).toEqual({
        role: 'OTHER',
        note: 'Popolo role: Speaker; Popolo post: post/speaker',
        since: null,
      });
      const reasons = report.warnings.map((w) => `${w.file} ${w.column}: ${w.reason}`);
      expect(reasons).toEqual(
        expect.arrayContaining([
          'real-shaped.popolo.json areas: 2 areas not imported: the model has no place for them',
          'real-shaped.popolo.json posts: 1 posts not imported: the model has no place for them',
          expect.stringMatching(
            /#memberships null: not kept, the model has no place for them: .*area_id \(4\)/,
          ),
          'real-shaped.popolo.json#persons name: 2 control character(s) removed',
          expect.stringMatching(/wikidata:Q7000005 also identifies a Person/),
          expect.stringMatching(/wikidata:Q7100003 also identifies an Organisation/),
        ]),
      );
    });
  });

  describe('a Popolo file with broken records', () => {
    let report: ImportReport;
    beforeEach(async () => {
      report = await run([file('broken.popolo.json')]);
    });

    it('fails each bad record alone and writes the rest', async () => {
      const own = report.errors
        .filter((e) => !e.dependsOn)
        .map((e) => [e.file, e.row, e.column, e.reason]);
      expect(own).toEqual([
        [
          'broken.popolo.json#organizations',
          2,
          'other_names',
          expect.stringMatching(/^has 1200 distinct aliases; at most 1000 are allowed/),
        ],
        [
          'broken.popolo.json#persons',
          2,
          'identifiers',
          'this record was already given in broken.popolo.json#persons, row 1; give each record once per import',
        ],
        [
          'broken.popolo.json#persons',
          33,
          'name',
          'is 400 characters long; at most 300 are allowed',
        ],
        [
          'broken.popolo.json#memberships',
          1,
          'organization_id',
          expect.stringMatching(/Popolo id "party\/nowhere"/),
        ],
      ]);
      const [counts] = await app.cypher(
        'RETURN COUNT { (:Person) } AS people, COUNT { (:Organisation) } AS orgs, COUNT { ()-[:AFFILIATED_WITH]->() } AS ties',
      );
      expect(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)]))).toEqual({
        people: 31,
        orgs: 1,
        ties: 0,
      });
    });

    it('a membership whose organisation is missing is one clear error', () => {
      const row1 = report.errors.filter(
        (e) => e.file === 'broken.popolo.json#memberships' && e.row === 1,
      );
      expect(row1).toEqual([
        {
          file: 'broken.popolo.json#memberships',
          row: 1,
          column: 'organization_id',
          reason:
            'nothing in this import or the graph has the Popolo id "party/nowhere" (identifier popolo:party/nowhere); add that record to the file, or correct the id',
        },
      ]);
    });

    it('reports each membership that needs a failed record once, naming that record, and counts it under its root cause', () => {
      const dependants = report.errors.filter((e) => e.dependsOn);
      expect(dependants).toHaveLength(31);
      expect(new Set(dependants.map((e) => e.row)).size).toBe(31);
      expect(dependants[0]).toEqual({
        file: 'broken.popolo.json#memberships',
        row: 2,
        column: 'on_behalf_of_id',
        reason: expect.stringMatching(
          /^depends on broken.popolo.json#organizations row 2, which failed: has 1200 distinct aliases/,
        ),
        dependsOn: { file: 'broken.popolo.json#organizations', row: 2 },
      });
      expect(dependants[30]).toMatchObject({
        row: 32,
        column: 'person_id',
        dependsOn: { file: 'broken.popolo.json#persons', row: 33 },
      });
      expect(report.failed).toBe(35);
      expect(report.causes.map((c) => [c.file, c.row, c.rows, c.dependents])).toEqual([
        ['broken.popolo.json#organizations', 2, 1, 30],
        ['broken.popolo.json#persons', 33, 1, 1],
        ['broken.popolo.json#memberships', 1, 1, 0],
        ['broken.popolo.json#persons', 2, 1, 0],
      ]);
    });
  });

  it('a spreadsheet saved with a BOM and CRLF, with line breaks, very long cells and control characters', async () => {
    const report = await run([
      file('excel.organisations.csv'),
      file('robust.fora.csv'),
      file('excel.engagements.csv'),
    ]);
    const orgs = await app.cypher(
      'MATCH (o:Organisation) RETURN o.slug AS slug, o.name AS name, o.aliases AS aliases, size(o.description) AS description ORDER BY slug',
    );
    expect(orgs).toEqual([
      { slug: 'bom-first', name: 'First After The BOM', aliases: ['First'], description: null },
      { slug: 'control-chars', name: 'Control Chars Org', aliases: [], description: null },
      { slug: 'line-break', name: 'Line Break Org', aliases: [], description: expect.anything() },
      { slug: 'long-text', name: 'Long Text Org', aliases: [], description: expect.anything() },
    ]);
    expect(Number(orgs[3].description)).toBe(4799);
    const tooLong = report.errors.find((e) => e.file === 'excel.organisations.csv')!;
    expect(tooLong).toEqual({
      file: 'excel.organisations.csv',
      row: tooLong.row,
      column: 'Name',
      reason: 'is 301 characters long; at most 300 are allowed',
    });
    expect(report.errors.filter((e) => e.file === 'excel.engagements.csv')).toEqual([
      {
        file: 'excel.engagements.csv',
        row: 3,
        column: 'from',
        reason: `depends on excel.organisations.csv row ${tooLong.row}, which failed: is 301 characters long; at most 300 are allowed`,
        dependsOn: { file: 'excel.organisations.csv', row: tooLong.row },
      },
    ]);
    expect(report.warnings).toContainEqual(
      expect.objectContaining({
        file: 'excel.organisations.csv',
        column: 'Name',
        reason: '2 control character(s) removed',
      }),
    );
    expect(report).toMatchObject({ failed: 2, failedFiles: 0 });
    await expect(app.cypher('MATCH ()-[r:ENGAGES_IN]->() RETURN count(r) AS n')).resolves.toEqual([
      { n: expect.anything() },
    ]);
    expect(
      Number((await app.cypher('MATCH ()-[r:ENGAGES_IN]->() RETURN count(r) AS n'))[0].n),
    ).toBe(2);
  });

  it('a network file with a BOM: the failed organisation fails alone, and each tie that needs it says so once', async () => {
    const report = await run([file('bom.network.json')]);
    expect(report.errors).toEqual([
      {
        file: 'bom.network.json#organisations',
        row: 2,
        column: 'kind',
        reason: expect.stringMatching(/^"CLUB" is not a kind of Organisation/),
      },
      {
        file: 'bom.network.json#ties',
        row: 2,
        column: 'from',
        reason: expect.stringMatching(
          /^depends on bom.network.json#organisations row 2, which failed: "CLUB" is not a kind/,
        ),
        dependsOn: { file: 'bom.network.json#organisations', row: 2 },
      },
      {
        file: 'bom.network.json#ties',
        row: 3,
        column: 'from',
        reason: expect.stringMatching(/^depends on bom.network.json#organisations row 2/),
        dependsOn: { file: 'bom.network.json#organisations', row: 2 },
      },
    ]);
    expect(report.causes).toEqual([
      {
        file: 'bom.network.json#organisations',
        row: 2,
        column: 'kind',
        reason: report.errors[0].reason,
        rows: 1,
        dependents: 2,
      },
    ]);
    await expect(
      app.cypher(
        "MATCH (o:Organisation {slug: 'net-ok'})-[r:ENGAGES_IN]->(:Forum) RETURN o.aliases AS aliases, r.role AS role",
      ),
    ).resolves.toEqual([{ aliases: ['Net OK'], role: 'MEMBER' }]);
  });

  it('a 5,000-person Popolo file imports in batches, and again without change', async () => {
    const doc: PopoloDocument = {
      persons: Array.from({ length: 5000 }, (_, i) => ({
        id: `person/${i}`,
        name: `Person ${i}`,
        other_names: [{ name: `P. ${i}` }],
        identifiers: [{ scheme: 'wikidata', identifier: `Q9${i}` }],
      })),
      organizations: [{ id: 'big-house', name: 'Big House', classification: 'legislature' }],
      memberships: Array.from({ length: 5000 }, (_, i) => ({
        person_id: `person/${i}`,
        organization_id: 'big-house',
        start_date: '2020',
      })),
    };
    const content = JSON.stringify(doc);
    const first = await run([{ name: 'big.popolo.json', content }], { batchSize: 2000 });
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ rows: 10001, created: 10001, failed: 0 });
    expect(
      first.batches
        .filter((b) => b.file === 'big.popolo.json#persons')
        .map((b) => [b.firstRow, b.lastRow, b.status]),
    ).toEqual([
      [1, 2000, 'WRITTEN'],
      [2001, 4000, 'WRITTEN'],
      [4001, 5000, 'WRITTEN'],
    ]);
    const again = await run([{ name: 'big.popolo.json', content }], { batchSize: 2000 });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 10001, failed: 0 });
  }, 240_000);

  it('importRecords counts the rows of a file with a misspelt column as failed, and the file itself', async () => {
    const res = await app.gql(
      'mutation($input: ImportInput!) { importRecords(input: $input) { failed failedFiles errors { row column reason } causes { file rows reason } } }',
      {
        input: { files: [file('misspelt.people.csv')] },
      },
    );
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data!.importRecords;
    expect(report).toMatchObject({ failed: 1, failedFiles: 1 });
    expect(report.errors).toEqual([
      {
        row: 1,
        column: 'nmae',
        reason: expect.stringMatching(
          /^unknown column "nmae" for misspelt.people.csv: did you mean "name"\? the columns are slug, name, /,
        ),
      },
    ]);
    expect(report.causes).toEqual([
      { file: 'misspelt.people.csv', rows: 1, reason: report.errors[0].reason },
    ]);
  });

  it('the API takes the same 1,000 aliases, folded the same way, and refuses more', async () => {
    const names = JSON.parse(
      file('real-shaped.popolo.json').content,
    ).organizations[1].other_names.map((n: { name: string }) => n.name);
    const create =
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { aliases } }';
    const ok = await app.gql(create, { input: { name: 'Independent', aliases: names } });
    expect(ok.body.errors).toBeUndefined();
    await run([file('real-shaped.popolo.json')]);
    expect(ok.body.data!.createOrganisation.aliases).toEqual(
      (await byPopolo('party/independent')).aliases,
    );
    const tooMany = await app.gql(create, {
      input: { name: 'Too Many', aliases: Array.from({ length: 1001 }, (_, i) => `Name ${i}`) },
    });
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ problem: expect.stringMatching(/1000/) })],
    });
  });

  describe('the command line', () => {
    it('exits 2 on a misspelt CSV column, naming it and the column meant, and writes nothing', async () => {
      const r = await cli([path.join(FIXTURES, 'misspelt.people.csv')]);
      expect(r.status).toBe(2);
      const lines = r.stdout.split('\n');
      expect(lines[1]).toBe(
        'FAILED: 1 file(s) could not be imported; 1 row(s) failed, from 1 root cause(s):',
      );
      expect(lines[2]).toMatch(
        /^ {2}1 row\(s\): misspelt.people.csv, row 1, column nmae: unknown column "nmae" for misspelt.people.csv: did you mean "name"\?/,
      );
      await expect(app.cypher('MATCH (n:Entity) RETURN count(n) AS n')).resolves.toEqual([
        { n: expect.anything() },
      ]);
      expect(Number((await app.cypher('MATCH (n:Entity) RETURN count(n) AS n'))[0].n)).toBe(0);
    });

    it('exits 2 for a file whose name says nothing it knows, and for a missing file', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-import-'));
      fs.writeFileSync(path.join(dir, 'whatever.csv'), 'slug,name\nx,X\n');
      const unknown = await cli([path.join(dir, 'whatever.csv')]);
      expect(unknown.status).toBe(2);
      expect(unknown.stdout).toMatch(
        /FAILED: 1 file\(s\) could not be imported; 0 row\(s\) failed/,
      );
      const missing = await cli([path.join(dir, 'nothing-here.csv')]);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/no such file: .*nothing-here.csv/);
    });

    it('exits 1 when rows fail, with the root causes first, counted; and 0 for a file that imports whole', async () => {
      const broken = await cli([path.join(FIXTURES, 'broken.popolo.json')]);
      expect(broken.status).toBe(1);
      const lines = broken.stdout.split('\n');
      expect(lines[1]).toBe('FAILED: 35 row(s) failed, from 4 root cause(s):');
      expect(lines[2]).toMatch(
        /^ {2}31 row\(s\) \(1 with the problem, 30 needing them\): broken.popolo.json#organizations, row 2, column other_names: has 1200 distinct aliases/,
      );
      const good = await cli([path.join(FIXTURES, 'real-shaped.popolo.json')]);
      expect(good.stderr).toBe('');
      expect(good.status).toBe(0);
      expect(good.stdout).not.toMatch(/FAILED/);
    });
  });
});
