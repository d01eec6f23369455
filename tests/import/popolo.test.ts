import fs from 'node:fs';
import path from 'node:path';
import { distinctAliases } from '../../src/domain/text';
import { projectRoot } from '../../src/paths';
import { readImportFiles } from '../../src/services/import/files';
import { ImportService } from '../../src/services/import/import.service';
import type { ImportReport } from '../../src/services/import/types';
import { exportPopolo } from '../../src/services/popolo/popolo-export';
import type { PopoloDocument } from '../../src/services/popolo/popolo.types';
import { useTestApp } from '../helpers/app';
import { fixture } from './fixtures/files';

const ALAND = path.join(projectRoot(), 'tests', 'fixtures', 'popolo', 'aland-lagting.popolo.json');

/** Popolo in and out: the published Åland Lagting file imports without loss, again without change, and exports back. */
describe('Popolo import and export', () => {
  const app = useTestApp();
  const text = fs.readFileSync(ALAND, 'utf8');
  const source = JSON.parse(text) as Required<PopoloDocument>;
  const importText = (name: string, content: string, importId?: string): Promise<ImportReport> =>
    new ImportService(app.db).run(readImportFiles([{ name, content }]), {
      actor: 'cli:test',
      requestId: 'popolo-test',
      importId,
    });

  describe('the Åland Lagting file', () => {
    let first: ImportReport;
    beforeAll(async () => {
      await app.wipe();
      first = await importText('aland-lagting.popolo.json', text, 'aland-1');
    });

    it('imports every person, organisation, event and membership', async () => {
      expect(first.errors).toEqual([]);
      expect(first.failed).toBe(0);
      const kinds = Object.fromEntries(first.counts.map((c) => [c.kind, c.created]));
      expect(kinds).toEqual({
        Person: 60,
        Organisation: 13,
        Event: 13,
        AFFILIATED_WITH: 90,
        PARTICIPATES_IN: 3,
      });
      const [row] =
        await app.cypher(`RETURN COUNT { (:Person) } AS persons, COUNT { (:Organisation) } AS orgs, COUNT { (:Event) } AS events,
        COUNT { (:Person)-[:AFFILIATED_WITH]->(:Organisation) } AS memberships,
        COUNT { ()-[r:AFFILIATED_WITH]->() WHERE r.onBehalfOf IS NOT NULL } AS onBehalf`);
      expect(row).toEqual({
        persons: expect.anything(),
        orgs: expect.anything(),
        events: expect.anything(),
        memberships: expect.anything(),
        onBehalf: expect.anything(),
      });
      expect(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]))).toEqual({
        persons: 60,
        orgs: 13,
        events: 13,
        memberships: 90,
        onBehalf: 90,
      });
    });

    it('keeps every identifier, other name and source (links and sources)', async () => {
      const popoloIds = [...source.persons, ...source.organizations, ...source.events].map(
        (p) => `popolo:${p.id}`,
      );
      const theirIds = [...source.persons, ...source.organizations, ...source.events].flatMap((p) =>
        (p.identifiers ?? []).map((i) => `${i.scheme}:${i.identifier}`),
      );
      const stored = (
        await app.cypher('MATCH (e:Entity)-[:IDENTIFIED_BY]->(i:Identifier) RETURN i.key AS key')
      ).map((r) => r.key as string);
      expect(new Set(stored)).toEqual(new Set([...popoloIds, ...theirIds]));
      // Entity by entity: its aliases hold every distinct other name; its sources every link and source.
      const entities = await app.cypher(
        "MATCH (e:Entity)-[:IDENTIFIED_BY]->(i:Identifier) WHERE i.key STARTS WITH 'popolo:' RETURN substring(i.key, 7) AS id, e.aliases AS aliases, e.sourcesJson AS sources, e.contactEmail AS email",
      );
      const byId = new Map(entities.map((e) => [e.id as string, e]));
      for (const p of [...source.persons, ...source.organizations]) {
        const e = byId.get(p.id)!;
        // Spellings that differ only by case or spacing, and the name itself, are kept once (the first written).
        expect(e.aliases).toEqual(
          distinctAliases(
            (p.other_names ?? []).map((n) => n.name),
            p.name,
          ),
        );
        const urls = JSON.parse(e.sources).map((s: { url: string }) => s.url);
        expect(urls.sort()).toEqual(
          [...new Set([...(p.links ?? []), ...(p.sources ?? [])].map((l) => l.url))].sort(),
        );
      }
      // One published address ends in a full stop: kept without it, and the report says so.
      const emails = source.persons.filter(
        (p) => byId.get(p.id)!.email === p.email!.replace(/\.$/, ''),
      );
      expect(emails).toHaveLength(60);
      expect(first.warnings).toContainEqual({
        file: 'aland-lagting.popolo.json#persons',
        row: 35,
        column: 'email',
        reason: 'the e-mail address ended in punctuation; kept without it',
      });
      const membershipSources = await app.cypher(
        "MATCH ()-[r:AFFILIATED_WITH]->() WHERE r.sourcesJson <> '[]' RETURN count(r) AS n",
      );
      expect(Number(membershipSources[0].n)).toBe(
        source.memberships.filter((m) => m.sources?.length).length,
      );
    });

    it('dates memberships from their legislative period and keeps the party as onBehalfOf', async () => {
      const m = source.memberships[0];
      const [row] = await app.cypher(
        `MATCH (:Identifier {key: $person})<-[:IDENTIFIED_BY]-(p:Person)-[r:AFFILIATED_WITH]->(o:Organisation)-[:IDENTIFIED_BY]->(:Identifier {key: $org})
         WHERE r.since = '2007' MATCH (party:Organisation {id: r.onBehalfOf})-[:IDENTIFIED_BY]->(pi:Identifier) WHERE pi.key STARTS WITH 'popolo:'
         RETURN r.role AS role, r.since AS since, r.until AS until, pi.key AS party, o.kind AS kind`,
        { person: `popolo:${m.person_id}`, org: `popolo:${m.organization_id}` },
      );
      expect(row).toEqual({
        role: 'MEMBER',
        since: '2007',
        until: '2011',
        party: `popolo:${m.on_behalf_of_id}`,
        kind: 'GOVERNMENT',
      });
      const [party] = await app.cypher(
        "MATCH (o:Organisation)-[:IDENTIFIED_BY]->(:Identifier {key: 'popolo:party/liberalerna'}) RETURN o.kind AS kind, o.description AS d, o.website AS w",
      );
      expect(party).toEqual({
        kind: 'OTHER',
        d: 'Popolo classification: party',
        w: 'http://www.liberalerna.ax/',
      });
    });

    it('warns about what the model cannot hold and about identifiers shared by several organisations', () => {
      expect(first.warnings.map((w) => w.reason)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/not kept.*birth_date \(60\)/),
          expect.stringMatching(/wikidata:Q923843 also identifies an Organisation/),
        ]),
      );
    });

    it('imports again without any change: 0 created, 0 updated, versions and history as they were', async () => {
      const before = await app.cypher(
        'MATCH (n:Entity) RETURN sum(n.version) AS v, max(n.updatedAt) AS u, COUNT { (:Change) } AS changes',
      );
      const again = await importText('aland-lagting.popolo.json', text, 'aland-2');
      expect(again).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: first.rows });
      await expect(
        app.cypher(
          'MATCH (n:Entity) RETURN sum(n.version) AS v, max(n.updatedAt) AS u, COUNT { (:Change) } AS changes',
        ),
      ).resolves.toEqual(before);
    });

    it('exports back with the same persons, organizations, memberships and events, ids and identifiers kept, contact left out', async () => {
      const doc = await exportPopolo(app.db);
      expect(doc.persons).toHaveLength(source.persons.length);
      expect(doc.organizations).toHaveLength(source.organizations.length);
      expect(doc.memberships).toHaveLength(source.memberships.length);
      expect(doc.events).toHaveLength(source.events.length);
      expect(new Set(doc.persons!.map((p) => p.id))).toEqual(
        new Set(source.persons.map((p) => p.id)),
      );
      const ids = (d: PopoloDocument) =>
        [...d.persons!, ...d.organizations!, ...d.events!]
          .flatMap((p) => (p.identifiers ?? []).map((i) => `${p.id} ${i.scheme}:${i.identifier}`))
          .sort();
      expect(ids(doc)).toEqual(ids(source));
      const names = (d: PopoloDocument) =>
        new Set(
          [...d.persons!, ...d.organizations!].flatMap((p) =>
            distinctAliases(
              (p.other_names ?? []).map((n) => n.name),
              p.name,
            ).map((n) => `${p.id} ${n}`),
          ),
        );
      expect(names(doc)).toEqual(names(source));
      const key = (m: { person_id?: string; organization_id?: string; on_behalf_of_id?: string }) =>
        `${m.person_id} ${m.organization_id} ${m.on_behalf_of_id}`;
      expect(doc.memberships!.map(key).sort()).toEqual(source.memberships.map(key).sort());
      expect(doc.events!.find((e) => e.id === 'term/2015')).toMatchObject({
        start_date: '2015-11-02',
        end_date: '2019-10-31',
        organization_id: source.organizations[0].id,
        classification: 'legislative period',
      });
      expect(JSON.stringify(doc)).not.toContain('@lagtinget.ax');
      const withContact = await exportPopolo(app.db, { includeContact: true });
      expect(withContact.persons!.filter((p) => p.email)).toHaveLength(60);
    });

    it('re-imports its own export into an empty graph with the same counts, and then without change', async () => {
      const doc = await exportPopolo(app.db, { includeContact: true });
      await app.wipe();
      const report = await importText('export.popolo.json', JSON.stringify(doc));
      expect(report.errors).toEqual([]);
      expect(Object.fromEntries(report.counts.map((c) => [c.kind, c.created]))).toEqual({
        Person: 60,
        Organisation: 13,
        Event: 13,
        AFFILIATED_WITH: 90,
        PARTICIPATES_IN: 3,
      });
      const again = await importText(
        'export.popolo.json',
        JSON.stringify(await exportPopolo(app.db, { includeContact: true })),
      );
      expect(again).toMatchObject({ created: 0, updated: 0 });
    });
  });

  describe('a small file of our own', () => {
    beforeAll(async () => {
      await app.wipe();
    });

    it('maps classifications, roles, organisation members, dates with times and contact details', async () => {
      const report = await importText('small.popolo.json', fixture('small.popolo.json').content);
      expect(report.errors).toEqual([]);
      expect(Object.fromEntries(report.counts.map((c) => [c.kind, c.created]))).toEqual({
        Organisation: 3,
        Person: 2,
        Event: 1,
        AFFILIATED_WITH: 2,
        MEMBER_OF: 1,
        PARTICIPATES_IN: 1,
      });
      const orgs = await app.cypher(
        'MATCH (o:Organisation) RETURN o.name AS name, o.kind AS kind ORDER BY name',
      );
      expect(orgs).toEqual([
        { name: 'Example Parliament', kind: 'GOVERNMENT' },
        { name: 'Example Party', kind: 'OTHER' },
        { name: 'Example Union', kind: 'TRADE_UNION' },
      ]);
      const ties = await app.cypher(
        'MATCH (a)-[r:AFFILIATED_WITH|MEMBER_OF]->(b) RETURN a.name AS a, type(r) AS t, r.role AS role, r.since AS since, r.until AS until, r.note AS note ORDER BY a',
      );
      expect(ties).toEqual([
        {
          a: 'Ada Example',
          t: 'AFFILIATED_WITH',
          role: 'MEMBER',
          since: '2015-11-02',
          until: '2019',
          note: null,
        },
        {
          a: 'Bo Example',
          t: 'AFFILIATED_WITH',
          role: 'BOARD',
          since: '2017-01-01',
          until: null,
          note: null,
        },
        {
          a: 'Example Union',
          t: 'MEMBER_OF',
          role: 'FOUNDER',
          since: null,
          until: null,
          note: null,
        },
      ]);
      await expect(
        app.cypher("MATCH (p:Person {name: 'Bo Example'}) RETURN p.contactPhone AS phone"),
      ).resolves.toEqual([{ phone: '+41 22 000 00 00' }]);
      expect(report.warnings.map((w) => w.reason)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/gender \(1\)/),
          expect.stringMatching(/1 contact detail\(s\) other than e-mail and phone/),
        ]),
      );
    });

    it('exports organisation members as Popolo member objects and classifications back', async () => {
      const doc = await exportPopolo(app.db);
      expect(doc.memberships!.find((m) => m.member)).toMatchObject({
        member: { '@type': 'Organization', id: 'org/union' },
        organization_id: 'org/party',
        role: 'founder',
      });
      expect(doc.organizations!.map((o) => [o.id, o.classification]).sort()).toEqual([
        ['org/parliament', 'government'],
        ['org/party', 'party'],
        ['org/union', 'trade union'],
      ]);
      expect(doc.persons!.find((p) => p.id === 'p2')).not.toHaveProperty('contact_details');
    });

    it('refuses a membership whose person is unknown, naming the Popolo field', async () => {
      const doc = {
        persons: [],
        organizations: [{ id: 'o', name: 'O' }],
        memberships: [{ person_id: 'ghost', organization_id: 'o' }],
      };
      const report = await importText('bad.popolo.json', JSON.stringify(doc));
      expect(report.errors).toEqual([
        {
          file: 'bad.popolo.json#memberships',
          row: 1,
          column: 'person_id',
          reason: expect.stringMatching(
            /nothing in this import or the graph has the Popolo id "ghost"/,
          ),
        },
      ]);
    });
  });

  describe('after merging the duplicates the file holds', () => {
    // The import warns that three records share wikidata:Q2113965 and advises merging them; the
    // register still lists all three, so importing it again must not bring them back.
    const orgBy = async (popoloId: string) => {
      const res = await app.gql(
        'query($s: String!, $v: String!) { organisation(identifier: {scheme: $s, value: $v}) { id slug name version identifiers { scheme value } } }',
        { s: 'popolo', v: popoloId },
      );
      return res.body.data!.organisation;
    };
    const counts = () =>
      app.cypher(
        'MATCH (o:Organisation) RETURN count(o) AS orgs, COUNT { ()-[:AFFILIATED_WITH]->(:Organisation) } AS affiliations, COUNT { (:Identifier) } AS identifiers',
      );

    it('imports again without undoing the merges: no record comes back, none is renamed, no identifier moves', async () => {
      await app.wipe();
      await importText('aland-lagting.popolo.json', text, 'aland-m1');
      const keep = await orgBy('party/moderaterna_på_Åland');
      const removed = [
        await orgBy('party/moderat_samling'),
        await orgBy('party/moderat_samling_på_Åland_r.f.'),
      ];
      const admin = { authorization: await app.keyFor('admin') };
      for (const r of removed) {
        const merged = await app.gql(
          'mutation($k: ID!, $r: ID!) { mergeOrganisations(keep: $k, remove: $r) { id } }',
          { k: keep.id, r: r.id },
          admin,
        );
        expect(merged.body.errors).toBeUndefined();
      }
      const afterMerge = await orgBy('party/moderaterna_på_Åland');
      const before = await counts();

      // The dry run says what the import then does.
      const dry = await new ImportService(app.db).run(
        readImportFiles([{ name: 'aland-lagting.popolo.json', content: text }]),
        { actor: 'cli:test', requestId: 'popolo-test', dryRun: true },
      );
      expect(dry).toMatchObject({ created: 0, updated: 0, failed: 0 });
      const again = await importText('aland-lagting.popolo.json', text, 'aland-m3');
      expect(again).toMatchObject({ created: 0, updated: 0, failed: 0 });
      expect(
        again.warnings.filter((w) =>
          /was merged into "moderaterna-pa-aland"; the row is not applied/.test(w.reason),
        ),
      ).toHaveLength(2);
      await expect(counts()).resolves.toEqual(before);
      // The old Popolo ids still name the kept record, which keeps its name, identifiers and version.
      for (const id of [
        'party/moderat_samling',
        'party/moderat_samling_på_Åland_r.f.',
        'party/moderaterna_på_Åland',
      ])
        await expect(orgBy(id)).resolves.toEqual(afterMerge);
    });
  });
});
