import fs from 'node:fs';
import path from 'node:path';
import { readImportFiles } from '../../src/services/import/files';
import { ImportOptions, ImportService } from '../../src/services/import/import.service';
import type { ImportReport } from '../../src/services/import/types';
import type { ImportFile } from '../../src/services/import/files';
import { startTestApp, TestApp } from '../helpers/app';
import { CSV_SET, fixture } from './fixtures/files';

/** CSV and JSON imports against the real Neo4j: keyed, idempotent, batched all-or-nothing, recorded in history. */
describe('bulk import from CSV and JSON', () => {
  let app: TestApp;
  const run = (files: ImportFile[], options: Partial<ImportOptions> = {}): Promise<ImportReport> =>
    new ImportService(app.db).run(readImportFiles(files), {
      actor: 'cli:test',
      requestId: 'test-run',
      ...options,
    });
  const count = async (cypher: string) => Number((await app.cypher(cypher))[0].n);
  const snapshot = () =>
    app.cypher(`MATCH (n:Entity) WITH count(n) AS entities, sum(n.version) AS versions
      RETURN entities, versions, COUNT { ()-[r]->() WHERE NOT r:IDENTIFIED_BY } AS ties, COUNT { (c:Change) } AS changes,
             COUNT { ()-[r]->() WHERE r.version IS NOT NULL AND r.version > 1 } AS changedTies`);

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('imports the CSV set, and a second import of the same files changes nothing (no version, no history)', async () => {
    const first = await run(CSV_SET.map(fixture));
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ rows: 11, created: 11, updated: 0, unchanged: 0, failed: 0 });
    expect(Object.fromEntries(first.counts.map((c) => [c.kind, c.created]))).toEqual({
      Organisation: 3,
      Person: 2,
      Forum: 1,
      ENGAGES_IN: 3,
      AFFILIATED_WITH: 2,
    });
    const before = await snapshot();

    const second = await run(CSV_SET.map(fixture));
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 11, failed: 0 });
    expect(second.batches.every((b) => b.status === 'UNCHANGED')).toBe(true);
    await expect(snapshot()).resolves.toEqual(before);
  });

  it("a second import after a merge does not undo it: the merged-away slug is the kept record's now", async () => {
    await run(CSV_SET.map(fixture));
    const admin = { authorization: await app.keyFor('admin') };
    const ids = await app.gql(
      '{ a: organisation(slug: "nurses-union-ug") { id } b: organisation(slug: "health-alliance") { id } }',
    );
    const merged = await app.gql(
      'mutation($k: ID!, $r: ID!) { mergeOrganisations(keep: $k, remove: $r) { id } }',
      { k: ids.body.data!.a.id, r: ids.body.data!.b.id },
      admin,
    );
    expect(merged.body.errors).toBeUndefined();
    const before = await snapshot();
    const kept = await app.gql(
      '{ organisation(slug: "nurses-union-ug") { name version identifiers { scheme value } } }',
    );

    const again = await run(CSV_SET.map(fixture));
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(again.warnings).toContainEqual(
      expect.objectContaining({
        file: 'organisations.csv',
        column: 'slug',
        reason: expect.stringMatching(
          /^this Organisation was merged into "nurses-union-ug"; the row is not applied/,
        ),
      }),
    );
    await expect(snapshot()).resolves.toEqual(before);
    // The kept record keeps the identifier it took over (wikidata:Q100002), though its own row does not list it.
    await expect(
      app
        .gql(
          '{ organisation(slug: "nurses-union-ug") { name version identifiers { scheme value } } }',
        )
        .then((r) => r.body.data),
    ).resolves.toEqual(kept.body.data);
    expect(kept.body.data!.organisation.identifiers).toContainEqual({
      scheme: 'wikidata',
      value: 'Q100002',
    });
  });

  it('stores what the rows say: kinds, countries, identifiers, sources, the key-less row by identifier, onBehalfOf', async () => {
    await run(CSV_SET.map(fixture));
    const [org] =
      await app.cypher(`MATCH (o:Organisation {slug: 'nurses-union-ug'})-[:IDENTIFIED_BY]->(i)
      RETURN o.kind AS kind, o.countries AS countries, o.aliases AS aliases, o.sourcesJson AS sources, o.version AS version, collect(i.key) AS ids`);
    expect(org).toMatchObject({
      kind: 'TRADE_UNION',
      countries: ['UG'],
      aliases: ['Nurses Union', 'UNMU Uganda'],
      ids: ['wikidata:Q100001'],
    });
    expect(Number(org.version)).toBe(1);
    expect(JSON.parse(org.sources)).toEqual([
      {
        title: 'Membership list',
        url: 'https://example.org/members',
        date: '2018-05',
        quote: null,
      },
    ]);
    await expect(
      app.cypher(
        "MATCH (o:Organisation {slug: 'health-alliance'}) RETURN o.name AS name, o.countries AS c",
      ),
    ).resolves.toEqual([{ name: 'Health Alliance, International', c: ['NL', 'UG'] }]);
    await expect(
      app.cypher(
        "MATCH (o:Organisation)-[:IDENTIFIED_BY]->(:Identifier {key: 'ror:05abc'}) RETURN o.slug AS slug",
      ),
    ).resolves.toEqual([{ slug: 'unkeyed-by-slug' }]);
    const res = await app.gql(
      `{ person(slug: "jane-doe") { engagements { nodes { role since until onBehalfOf { slug } forum { slug } } } affiliations { nodes { role since organisation { slug } } } } }`,
    );
    expect(res.body.data!.person.engagements.nodes).toEqual([
      {
        role: 'CHAIR',
        since: '2019',
        until: '2021',
        onBehalfOf: { slug: 'nurses-union-ug' },
        forum: { slug: 'hw4all-test' },
      },
    ]);
    expect(res.body.data!.person.affiliations.nodes).toEqual([
      { role: 'DIRECTOR', since: '2015', organisation: { slug: 'nurses-union-ug' } },
    ]);
  });

  it('updates in place from a corrected file: only the changed record, its version and one UPDATE in history', async () => {
    await run(CSV_SET.map(fixture));
    const corrected = fixture('organisations.csv');
    corrected.content = corrected.content.replace(
      'Uganda Nurses and Midwives Union,UNMU',
      'Uganda Nurses and Midwives Union,UNMAU',
    );
    const report = await run([corrected], { importId: 'corrected-run' });
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const [org] = await app.cypher(
      "MATCH (o:Organisation {slug: 'nurses-union-ug'}) RETURN o.acronym AS acronym, o.version AS version, o.id AS key, o.searchText AS text",
    );
    expect(org.acronym).toBe('UNMAU');
    expect(Number(org.version)).toBe(2);
    expect(org.text).toContain('UNMAU');
    const changes = await app.cypher(
      "MATCH (c:Change {importId: 'corrected-run'}) RETURN c.action AS action, c.targetKind AS kind, c.targetKey AS key, c.actor AS actor, c.requestId AS requestId, c.beforeJson AS before, c.afterJson AS after ORDER BY action",
    );
    expect(changes.map((c) => c.action)).toEqual(['IMPORT', 'UPDATE']);
    const update = changes[1];
    expect(update).toMatchObject({
      kind: 'Organisation',
      key: org.key,
      actor: 'cli:test',
      requestId: 'test-run',
    });
    expect(JSON.parse(update.before).acronym).toBe('UNMU');
    expect(JSON.parse(update.after)).toMatchObject({ acronym: 'UNMAU', version: 2 });
    expect(JSON.parse(changes[0].after)).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
  });

  it('records every created entity and tie in history with the import id, without contact details', async () => {
    const report = await run(CSV_SET.map(fixture), { importId: 'history-run' });
    const rows = await app.cypher(
      "MATCH (c:Change {importId: 'history-run'}) RETURN c.action AS action, count(*) AS n ORDER BY action",
    );
    expect(Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]))).toEqual({
      CREATE: 6,
      TIE_ADDED: 5,
      IMPORT: report.batches.length,
    });
    const [jane] = await app.cypher(
      "MATCH (p:Person {slug: 'jane-doe'}) MATCH (c:Change {targetKey: p.id}) RETURN c.afterJson AS after, c.targetKind AS kind",
    );
    expect(jane.kind).toBe('Person');
    expect(jane.after).not.toContain('jane@example.org');
    expect(JSON.parse(jane.after)).toMatchObject({
      slug: 'jane-doe',
      name: 'Jane Doe',
      title: 'Director',
      version: 1,
    });
    const res = await app.gql('{ person(slug: "jane-doe") { id } }');
    const history = await app.gql(
      'query($id: ID!) { history(id: $id) { nodes { action importId actor } } }',
      { id: res.body.data!.person.id },
    );
    expect(history.body.data!.history.nodes).toEqual([
      { action: 'CREATE', importId: 'history-run', actor: 'cli:test' },
    ]);
  });

  it('a dry run reports what would happen and writes nothing, ties to new entities included', async () => {
    const report = await run(CSV_SET.map(fixture), { dryRun: true });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ dryRun: true, created: 11, updated: 0, failed: 0 });
    expect(report.batches.every((b) => b.status === 'CHECKED')).toBe(true);
    await expect(
      count('MATCH (n) WHERE n:Entity OR n:Identifier OR n:Change RETURN count(n) AS n'),
    ).resolves.toBe(0);
    await expect(count('MATCH ()-[r]->() RETURN count(r) AS n')).resolves.toBe(0);

    await run(CSV_SET.map(fixture));
    const corrected = fixture('engagements.csv');
    corrected.content = corrected.content.replace('CHAIR,2019,2021', 'CHAIR,2019,2022');
    const before = await snapshot();
    const dry = await run(
      [...CSV_SET.filter((f) => f !== 'engagements.csv').map(fixture), corrected],
      { dryRun: true },
    );
    expect(dry).toMatchObject({ created: 0, updated: 1, unchanged: 10 });
    expect(dry.outcomes.find((o) => o.action === 'UPDATE')).toMatchObject({
      file: 'engagements.csv',
      row: 4,
      kind: 'ENGAGES_IN',
    });
    await expect(snapshot()).resolves.toEqual(before);
  });

  it('a bad row fails alone: file, row, column and reason reported, the rest of its batch written', async () => {
    const orgs = {
      name: 'more-organisations.csv',
      content: [
        'slug,name,kind,website',
        'a-one,A One,NGO,',
        'a-two,A Two,NGO,',
        'b-one,B One,NGO,',
        'b-two,B Two,CLUB,not a url',
        'c-one,C One,NGO,',
      ].join('\n'),
    };
    const report = await run([orgs], { batchSize: 2 });
    expect(report.batches.map((b) => b.status)).toEqual(['WRITTEN', 'WRITTEN', 'WRITTEN']);
    expect(report.batches[1]).toMatchObject({
      firstRow: 4,
      lastRow: 5,
      rows: 2,
      created: 1,
      failed: 1,
    });
    expect(report.batches[1].reason).toMatch(
      /1 row\(s\) of this batch have problems .* the other rows were written/,
    );
    expect(report.errors).toEqual([
      {
        file: 'more-organisations.csv',
        row: 5,
        column: 'kind',
        reason: expect.stringMatching(
          /"CLUB" is not a kind of Organisation: use one of NGO, .*OTHER/,
        ),
      },
      {
        file: 'more-organisations.csv',
        row: 5,
        column: 'website',
        reason: expect.stringMatching(/not an http\(s\) address/),
      },
    ]);
    expect(report).toMatchObject({ created: 4, failed: 1 });
    expect(report.causes).toEqual([
      {
        file: 'more-organisations.csv',
        row: 5,
        column: 'kind',
        reason: report.errors[0].reason,
        rows: 1,
        dependents: 0,
      },
    ]);
    const slugs = (await app.cypher('MATCH (o:Organisation) RETURN o.slug AS s ORDER BY s')).map(
      (r) => r.s,
    );
    expect(slugs).toEqual(['a-one', 'a-two', 'b-one', 'c-one']);
    await expect(count("MATCH (c:Change {action: 'IMPORT'}) RETURN count(c) AS n")).resolves.toBe(
      3,
    );
  });

  it('refuses rows it cannot resolve or that break the model, naming the column and how to fix it', async () => {
    await run(CSV_SET.map(fixture));
    const ties = {
      name: 'engagements.csv',
      content: [
        'from,to,role,since,until',
        'nobody-here,hw4all-test,MEMBER,,',
        'organisation:nurses-union-ug,hw4all-test,SPEAKER,,',
        'organisation:nurses-union-ug,organisation:health-alliance,MEMBER,,',
        'wikidata:Q999,hw4all-test,MEMBER,2019,2018',
        'organisation:health-alliance,hw4all-test,MEMBER,2019-02-30,',
      ].join('\n'),
    };
    const report = await run([ties]);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'from'],
      [3, 'role'],
      [4, 'from'],
      [5, 'until'],
      [6, 'since'],
    ]);
    expect(report.errors[0].reason).toMatch(/no Organisation or Person has the slug "nobody-here"/);
    expect(report.errors[2].reason).toMatch(
      /ENGAGES_IN cannot go from an Organisation to an Organisation/,
    );
    expect(report.failed).toBe(5);
    await expect(count('MATCH ()-[r:ENGAGES_IN]->() RETURN count(r) AS n')).resolves.toBe(3);
  });

  it('resolves tie ends by slug, by global id and by identifier; an ambiguous slug must be typed', async () => {
    await run(CSV_SET.map(fixture));
    const res = await app.gql('{ organisation(slug: "health-alliance") { id } }');
    const id = res.body.data!.organisation.id;
    await run([
      {
        name: 'people.csv',
        content: 'slug,name\nhealth-alliance,A Person Named Like An Organisation',
      },
    ]);
    const ties = {
      name: 'engagements.csv',
      content: [
        'from,to,role,since',
        `${id},hw4all-test,OBSERVER,2020`,
        'ror:05abc,hw4all-test,MEMBER,2020',
        'health-alliance,hw4all-test,MEMBER,2021',
      ].join('\n'),
    };
    const report = await run([ties]);
    expect(report.errors).toEqual([
      {
        file: 'engagements.csv',
        row: 4,
        column: 'from',
        reason: expect.stringMatching(
          /write organisation:health-alliance or person:health-alliance/,
        ),
      },
    ]);
    ties.content = ties.content.replace(
      'health-alliance,hw4all-test',
      'person:health-alliance,hw4all-test',
    );
    const fixed = await run([ties]);
    expect(fixed).toMatchObject({ created: 1, unchanged: 2, failed: 0 });
    const actors = await app.cypher(
      "MATCH (a)-[r:ENGAGES_IN]->(:Forum {slug: 'hw4all-test'}) WHERE r.since >= '2020' RETURN [l IN labels(a) WHERE l <> 'Entity'][0] + ':' + a.slug AS a, r.role AS role ORDER BY a",
    );
    expect(actors.map((r) => `${r.a} ${r.role}`).sort()).toEqual(
      [
        'Organisation:health-alliance OBSERVER',
        'Organisation:unkeyed-by-slug MEMBER',
        'Person:health-alliance MEMBER',
      ].sort(),
    );
  });

  it('refuses a record given twice in one import, and a file it cannot read', async () => {
    const twice = { name: 'fora.csv', content: 'slug,name\nsame-forum,One\nsame-forum,Two' };
    const noKey = { name: 'topics.csv', content: 'name,description\nA topic without key,' };
    const unknown = { name: 'whatever.csv', content: 'slug,name\nx,X' };
    const badColumn = { name: 'events.csv', content: 'slug,name,colour\nx,X,red' };
    const report = await run([twice, noKey, unknown, badColumn]);
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'fora.csv',
          row: 3,
          column: 'slug',
          reason: expect.stringMatching(/already given in fora.csv, row 2/),
        }),
        expect.objectContaining({
          file: 'topics.csv',
          row: 2,
          column: 'slug',
          reason: expect.stringMatching(/no key: give a slug/),
        }),
        expect.objectContaining({
          file: 'whatever.csv',
          reason: expect.stringMatching(/name it after one of organisations, people/),
        }),
        expect.objectContaining({
          file: 'events.csv',
          row: 1,
          column: 'colour',
          reason: expect.stringMatching(
            /unknown column "colour" for events.csv: the columns are slug, name, .*start_date/,
          ),
        }),
      ]),
    );
    // The first row for same-forum is written; the files that cannot be read count: one with no rows, one whose row fails.
    expect(report).toMatchObject({ created: 1, failed: 3, failedFiles: 2 });
    await expect(app.cypher('MATCH (n:Entity) RETURN n.name AS name')).resolves.toEqual([
      { name: 'One' },
    ]);
  });

  it('imports the JSON network shape (citations, contact, typed and identifier refs, onBehalfOf) idempotently', async () => {
    const first = await run([fixture('network.json')]);
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ created: 5, failed: 0 });
    const [p] = await app.cypher(
      "MATCH (p:Person {slug: 'json-person'})-[r:PARTICIPATES_IN]->(e:Event) RETURN p.contactEmail AS email, r.role AS role, r.onBehalfOf IS NOT NULL AS behalf, r.sourcesJson AS sources, e.country AS country",
    );
    expect(p).toMatchObject({
      email: 'jay@example.org',
      role: 'SPEAKER',
      behalf: true,
      country: 'CH',
    });
    expect(JSON.parse(p.sources)).toEqual([
      { title: 'Test source', url: 'https://example.org/s1', date: '2020', quote: null },
    ]);
    const second = await run([fixture('network.json')]);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
  });

  it('loads the demo network file onto the seeded demo network without a change', async () => {
    const demo = {
      name: 'demo-network.json',
      content: fs.readFileSync(
        path.join(__dirname, '..', '..', 'data', 'demo-network.json'),
        'utf8',
      ),
    };
    const first = await run([demo]);
    expect(first.errors).toEqual([]);
    const again = await run([demo]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: first.rows });
  });
});
