/**
 * The five exports of the demo network over real HTTP, read back with real parsers: GEXF valid
 * against the published GEXF 1.3 schema, node and edge counts equal to the database's, ids equal
 * to the GraphQL API's, every edge's ends among the nodes, and no contact details anywhere.
 * The CLI (dist/src/cli/export.js, built by the test setup) gives the same documents.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { periodEnd, periodStart } from '../../src/domain/dates';
import { toGlobalId } from '../../src/domain/ids';
import { EntityType } from '../../src/domain/model';
import { createLogger } from '../../src/logger';
import { projectRoot } from '../../src/paths';
import { seedIfEmpty } from '../../src/seed';
import { cliEnv, startTestApp, TestApp } from '../helpers/app';
import { person } from '../helpers/fixtures';

const GEXF_SCHEMA_DIR = path.join(projectRoot(), 'tests', 'fixtures', 'gexf-1.3');
const LISTS = ['attributes', 'attribute', 'node', 'edge', 'attvalue', 'key', 'data'];
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && LISTS.includes(name),
});

interface Fetched {
  status: number;
  type: string | null;
  disposition: string | null;
  text: string;
}

async function fetchExport(app: TestApp, file: string, query = ''): Promise<Fetched> {
  const res = await fetch(app.url.replace(/\/graphql$/, `/export/${file}${query}`), {
    headers: { authorization: app.adminAuth },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    text: await res.text(),
  };
}

async function validateGexf(text: string) {
  const schema = (name: string) => ({
    fileName: name,
    contents: fs.readFileSync(path.join(GEXF_SCHEMA_DIR, name), 'utf8'),
  });
  return validateXML({
    xml: [{ fileName: 'graph.gexf', contents: text }],
    schema: [schema('gexf.xsd')],
    preload: [schema('dynamics.xsd'), schema('viz.xsd')],
  });
}

/** GEXF attribute values of a node or edge, by attribute id. */
function attvalues(element: any): Record<string, any> {
  return Object.fromEntries((element.attvalues?.attvalue ?? []).map((v: any) => [v.for, v]));
}

describe('exports of the demo network', () => {
  let app: TestApp;
  let counts: { nodes: number; edges: number };
  const email = 'private.person@example.org';
  const phone = '+41 79 555 01 02';

  beforeAll(async () => {
    app = await startTestApp();
    await expect(
      seedIfEmpty(app.db, createLogger({ log: { level: 'silent', pretty: false }, env: 'test' })),
    ).resolves.toBe(true);
    await person(app, 'Private Person', { contact: { email, phone } });
    const [row] = await app.cypher(
      'MATCH (n:Entity) WITH count(n) AS nodes RETURN nodes, COUNT { (:Entity)-[r]->(:Entity) } AS edges',
    );
    counts = { nodes: Number(row.nodes), edges: Number(row.edges) };
  });
  afterAll(async () => {
    await app.close();
  });

  it('holds contact details in the database that no export may show', async () => {
    const rows = await app.cypher(
      'MATCH (p:Person) WHERE p.contactEmail IS NOT NULL OR p.contactPhone IS NOT NULL RETURN p.contactEmail AS email, p.contactPhone AS phone',
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows).toEqual(expect.arrayContaining([{ email, phone }]));
    expect(counts.nodes).toBeGreaterThan(40);
    expect(counts.edges).toBeGreaterThan(40);
  });

  it('writes GEXF 1.3 that the published schema accepts, with every entity and tie and dynamic spans from since/until', async () => {
    const res = await fetchExport(app, 'graph.gexf');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/gexf+xml; charset=utf-8');
    expect(res.disposition).toBe('attachment; filename="graph.gexf"');
    const validation = await validateGexf(res.text);
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);

    const doc = xml.parse(res.text);
    expect(doc.gexf).toMatchObject({ xmlns: 'http://gexf.net/1.3', version: '1.3' });
    const graph = doc.gexf.graph;
    expect(graph).toMatchObject({
      mode: 'dynamic',
      timeformat: 'date',
      defaultedgetype: 'directed',
    });
    const nodes = graph.nodes.node as any[];
    const edges = graph.edges.edge as any[];
    expect(nodes).toHaveLength(counts.nodes);
    expect(edges).toHaveLength(counts.edges);
    expect(graph.nodes.count).toBe(String(counts.nodes));
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) {
      expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
      expect(e.label).toBe(e.kind);
      const values = attvalues(e);
      expect(values.type.value).toBe(e.label);
      // A tie lives from the first day of since to the last day of until; its role over the same span.
      expect(e.start).toBe(values.since ? periodStart(values.since.value) : undefined);
      expect(e.end).toBe(values.until ? periodEnd(values.until.value) : undefined);
      if (values.role) expect([values.role.start, values.role.end]).toEqual([e.start, e.end]);
    }
    const dated = edges.filter((e) => e.start);
    expect(dated.length).toBeGreaterThan(3);
    const declared = (graph.attributes as any[]).flatMap((a) =>
      a.attribute.map((x: any) => `${a.class}:${a.mode}:${x.id}:${x.type}`),
    );
    expect(declared).toEqual(
      expect.arrayContaining([
        'node:static:type:string',
        'node:static:countries:liststring',
        'edge:dynamic:role:string',
        'edge:static:since:string',
      ]),
    );
  });

  it('uses the GraphQL API global ids for nodes and edges', async () => {
    const api = await app.gql(
      '{ forum(slug: "hw4all-coalition") { id engagements { nodes { id actor { ... on Organisation { id } } } } } }',
    );
    const forum = api.body.data!.forum;
    const doc = xml.parse((await fetchExport(app, 'graph.gexf')).text);
    const edges = new Map((doc.gexf.graph.edges.edge as any[]).map((e) => [e.id, e]));
    expect((doc.gexf.graph.nodes.node as any[]).some((n) => n.id === forum.id)).toBe(true);
    expect(forum.engagements.nodes.length).toBe(2);
    for (const e of forum.engagements.nodes) {
      expect(edges.get(e.id)).toMatchObject({
        source: e.actor.id,
        target: forum.id,
        label: 'ENGAGES_IN',
      });
    }
  });

  it('writes GraphML with declared, typed keys and the same nodes and edges', async () => {
    const res = await fetchExport(app, 'graph.graphml');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/graphml+xml; charset=utf-8');
    const doc = xml.parse(res.text).graphml;
    expect(doc.xmlns).toBe('http://graphml.graphdrawing.org/xmlns');
    const keys = new Map((doc.key as any[]).map((k) => [k.id, k]));
    for (const k of keys.values()) expect(k['attr.type']).toBe('string');
    const graph = doc.graph;
    expect(graph.edgedefault).toBe('directed');
    expect(graph.node).toHaveLength(counts.nodes);
    expect(graph.edge).toHaveLength(counts.edges);
    const ids = new Set((graph.node as any[]).map((n) => n.id));
    for (const n of graph.node as any[])
      for (const d of n.data) expect(keys.get(d.key)?.for).toBe('node');
    for (const e of graph.edge as any[]) {
      expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
      for (const d of e.data) expect(keys.get(d.key)?.for).toBe('edge');
    }
    const mmi = (graph.node as any[]).find((n) =>
      n.data.some((d: any) => d.key === 'node_slug' && d['#text'] === 'mmi'),
    );
    expect(Object.fromEntries(mmi.data.map((d: any) => [d.key, d['#text']]))).toMatchObject({
      node_label: 'Medicus Mundi International',
      node_type: 'Organisation',
      node_acronym: 'MMI',
    });
  });

  it('writes Cytoscape.js JSON whose every edge joins two of its nodes', async () => {
    const res = await fetchExport(app, 'graph.cytoscape.json');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json; charset=utf-8');
    const json = JSON.parse(res.text);
    const { nodes, edges } = json.elements;
    expect(nodes).toHaveLength(counts.nodes);
    expect(edges).toHaveLength(counts.edges);
    const ids = new Set(nodes.map((n: any) => n.data.id));
    expect(ids.size).toBe(counts.nodes);
    for (const n of nodes)
      expect(n.data).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          label: expect.any(String),
          type: expect.any(String),
        }),
      );
    for (const e of edges) {
      expect(Object.keys(e.data).sort()).toEqual([
        'id',
        'note',
        'onBehalfOf',
        'role',
        'since',
        'source',
        'target',
        'type',
        'until',
      ]);
      expect(ids.has(e.data.source) && ids.has(e.data.target)).toBe(true);
    }
    const coalitionFounder = edges.find(
      (e: any) =>
        e.data.type === 'ENGAGES_IN' && e.data.role === 'FOUNDER' && e.data.since === '2018-05-20',
    );
    expect(coalitionFounder).toBeDefined();
  });

  it('writes CSV node and edge lists with a header and one row per node and edge', async () => {
    const nodesRes = await fetchExport(app, 'nodes.csv');
    const edgesRes = await fetchExport(app, 'edges.csv');
    expect([nodesRes.status, edgesRes.status]).toEqual([200, 200]);
    expect(nodesRes.type).toBe('text/csv; charset=utf-8; header=present');
    const nodes = parseCsv<Record<string, string>>(nodesRes.text, { columns: true });
    const edges = parseCsv<Record<string, string>>(edgesRes.text, { columns: true });
    expect(nodesRes.text.split('\n', 1)[0]).toMatch(/^id,type,label,slug,/);
    expect(edgesRes.text.split('\n', 1)[0]).toBe(
      'id,source,target,type,role,since,until,onBehalfOf,note',
    );
    expect(nodes).toHaveLength(counts.nodes);
    expect(edges).toHaveLength(counts.edges);
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    const msf = nodes.find((n) => n.slug === 'msf')!;
    expect(msf).toMatchObject({
      type: 'Organisation',
      label: 'Médecins Sans Frontières',
      acronym: 'MSF',
    });
    const types = new Set(edges.map((e) => e.type));
    expect([...types].sort()).toEqual([
      'ADOPTED',
      'AFFILIATED_WITH',
      'ENGAGES_IN',
      'MEMBER_OF',
      'PARTICIPATES_IN',
      'PART_OF',
      'WORKS_ON',
    ]);
  });

  it('never shows contact details in any format', async () => {
    for (const file of [
      'graph.gexf',
      'graph.graphml',
      'graph.cytoscape.json',
      'nodes.csv',
      'edges.csv',
    ]) {
      const { status, text } = await fetchExport(app, file);
      expect(status).toBe(200);
      if (file !== 'edges.csv') expect(text).toContain('Private Person');
      for (const secret of [
        email,
        phone,
        '+31 20 435 20 5',
        'contactEmail',
        'contactPhone',
        'sortName',
        'searchText',
        'sourcesJson',
      ]) {
        expect({ file, found: text.includes(secret) ? secret : null }).toEqual({
          file,
          found: null,
        });
      }
    }
  });

  describe('the CLI', () => {
    const cli = path.join(projectRoot(), 'dist', 'src', 'cli', 'export.js');
    const env = cliEnv;
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [cli, ...args],
          { env: env(), maxBuffer: 64 * 1024 * 1024 },
          (err, stdout, stderr) => {
            resolve({
              code: err ? Number((err as { code?: number }).code ?? 1) : 0,
              stdout,
              stderr,
            });
          },
        );
      });

    it('writes the same document as HTTP to a file', async () => {
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sg-export-')), 'nodes.csv');
      const result = await run(['--format', 'nodes-csv', '--out', out]);
      expect(result.stderr).toMatch(/nodes, \d+ edges \(nodes-csv\) written to/);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      // Exports say who works where: the file is its owner's only.
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(out, 'utf8')).toBe((await fetchExport(app, 'nodes.csv')).text);
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    });

    it('writes to standard output with a filter, and the GEXF is valid', async () => {
      const result = await run(['--format', 'gexf', '--forum', 'hw4all-coalition']);
      expect(result.code).toBe(0);
      await expect(validateGexf(result.stdout)).resolves.toMatchObject({ valid: true });
      const http = xml.parse(
        (await fetchExport(app, 'graph.gexf', '?forum=hw4all-coalition')).text,
      );
      const fromCli = xml.parse(result.stdout);
      expect((fromCli.gexf.graph.nodes.node as any[]).map((n) => n.id)).toEqual(
        (http.gexf.graph.nodes.node as any[]).map((n) => n.id),
      );
      expect((fromCli.gexf.graph.edges.edge as any[]).length).toBe(
        (http.gexf.graph.edges.edge as any[]).length,
      );
    });

    it("takes the explorer's view as HTTP does", async () => {
      const [mmi] = await app.cypher('MATCH (o:Organisation {slug: "mmi"}) RETURN o.id AS key');
      const query = `?around=${toGlobalId(EntityType.Organisation, mmi.key as string)}&activeOn=2019&entityTypes=Organisation,Forum&edges=walked`;
      const args = ['--format', 'edges-csv'];
      for (const [k, v] of new URLSearchParams(query.slice(1))) args.push(`--${k}`, v);
      const result = await run(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe((await fetchExport(app, 'edges.csv', query)).text);
      const bad = await run([...args, '--roles', 'BOSS']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/"BOSS" is not one of them/);
    });

    it('takes paths and the forum view as HTTP does, under the same names', async () => {
      const [ends] = await app.cypher(
        'MATCH (p:Person {slug: "linda-mans"}), (o:Organisation {slug: "mmi"}) RETURN p.id AS linda, o.id AS mmi',
      );
      const queries = [
        `?from=${toGlobalId(EntityType.Person, ends.linda as string)}&to=${toGlobalId(EntityType.Organisation, ends.mmi as string)}&maxHops=5&first=4&via=PARTICIPATES_IN,AFFILIATED_WITH,MEMBER_OF`,
        '?forum=hw4all-coalition&activeOn=2019&roles=HOST,FOUNDER,MEMBER&edges=walked',
      ];
      for (const query of queries) {
        const args = ['--format', 'edges-csv'];
        for (const [k, v] of new URLSearchParams(query.slice(1))) args.push(`--${k}`, v);
        const result = await run(args);
        expect(result.code).toBe(0);
        const http = (await fetchExport(app, 'edges.csv', query)).text;
        expect(http.trim().split('\n').length).toBeGreaterThan(1);
        expect(result.stdout).toBe(http);
      }
      const bad = await run(['--format', 'gexf', '--from', 'mmi']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/A path export needs both ends: add "to"/);
    });

    it('refuses bad arguments with a usage message, and says when an id is unknown', async () => {
      const badFormat = await run(['--format', 'svg']);
      expect(badFormat.code).toBe(2);
      expect(badFormat.stderr).toMatch(
        /Unknown format "svg".*gexf, graphml, cytoscape, nodes-csv, edges-csv/,
      );
      const badDepth = await run(['--format', 'gexf', '--depth', '2']);
      expect(badDepth.code).toBe(2);
      expect(badDepth.stderr).toMatch(/"depth" needs "around"/);
      const missing = await run(['--format', 'gexf', '--forum', 'no-such-forum']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/NOT_FOUND: No Forum has the id or slug "no-such-forum"/);
      expect(missing.stdout).toBe('');
    });
  });
});
