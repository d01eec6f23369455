/**
 * Text that XML, JSON and CSV must escape: markup characters, quotes, text that looks like an
 * entity already (&amp; &nbsp;), non-Latin scripts, an emoji, line breaks, a control character
 * XML cannot hold, and a spreadsheet formula. Each export is read back with a real parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { projectRoot } from '../../src/paths';
import { startTestApp, TestApp } from '../helpers/app';
import { Created, organisation } from '../helpers/fixtures';

const GEXF_SCHEMA_DIR = path.join(projectRoot(), 'tests', 'fixtures', 'gexf-1.3');
const LISTS = ['attributes', 'attribute', 'node', 'edge', 'attvalue', 'key', 'data'];
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name, _p, _l, isAttribute) => !isAttribute && LISTS.includes(name),
});

const NAME = `Ärzte <für> & "Gesundheit" — 医生 · Врачи · صحة · 😀 &amp; &nbsp; 'x'`;
const ALIASES = ['Alias, with "quotes" and a \\ backslash', '<b>bold</b> & co'];
const DESCRIPTION = 'Line one & <two>\nLine "three"\u0001 end\r\n\ttabbed';
/** What XML can carry of DESCRIPTION: the control character becomes U+FFFD. */
const DESCRIPTION_IN_XML = DESCRIPTION.replace('\u0001', '\uFFFD');
const FORMULA = '=HYPERLINK("http://example.org","click")';

async function text(app: TestApp, file: string): Promise<string> {
  const res = await fetch(app.url.replace(/\/graphql$/, `/export/${file}`), {
    headers: { authorization: app.adminAuth },
  });
  expect(res.status).toBe(200);
  return res.text();
}

/** Every "&" in a document must begin one of XML's predefined entities. */
function strayAmpersands(doc: string): string[] {
  return doc.match(/&(?!(?:amp|lt|gt|quot|apos);)[^\s]{0,8}/g) ?? [];
}

describe('escaping in exports', () => {
  let app: TestApp;
  let org: Created;
  let formula: Created;

  beforeAll(async () => {
    app = await startTestApp();
    org = await organisation(app, NAME, {
      slug: 'tricky-names',
      acronym: 'R&D',
      aliases: ALIASES,
      description: DESCRIPTION,
    });
    formula = await organisation(app, FORMULA, { slug: 'formula' });
    const [row] = await app.cypher(
      'MATCH (o:Organisation {slug: "tricky-names"}) RETURN o.name AS name, o.description AS description, o.aliases AS aliases',
    );
    expect(row).toEqual({ name: NAME, description: DESCRIPTION, aliases: ALIASES });
  });
  afterAll(async () => {
    await app.close();
  });

  it('GEXF: valid against the schema, every character escaped, names and lists read back exactly', async () => {
    const doc = await text(app, 'graph.gexf');
    const schema = (name: string) => ({
      fileName: name,
      contents: fs.readFileSync(path.join(GEXF_SCHEMA_DIR, name), 'utf8'),
    });
    const validation = await validateXML({
      xml: [{ fileName: 'graph.gexf', contents: doc }],
      schema: [schema('gexf.xsd')],
      preload: [schema('dynamics.xsd'), schema('viz.xsd')],
    });
    expect(validation.errors).toEqual([]);
    expect(strayAmpersands(doc)).toEqual([]);
    expect(doc).toContain('&amp;amp; &amp;nbsp;');
    expect(doc).not.toContain('\u0001');
    const node = (xml.parse(doc).gexf.graph.nodes.node as any[]).find((n) => n.id === org.id);
    expect(node.label).toBe(NAME);
    const values = Object.fromEntries(
      (node.attvalues.attvalue as any[]).map((v) => [v.for, v.value]),
    );
    expect(values.acronym).toBe('R&D');
    expect(JSON.parse(values.aliases)).toEqual(ALIASES);
    // XML parsers read CR LF as LF, and in an attribute may turn line breaks and tabs into spaces.
    expect(values.description.replace(/\s/g, ' ')).toBe(
      DESCRIPTION_IN_XML.replace(/\r\n/g, '\n').replace(/\s/g, ' '),
    );
  });

  it('GraphML: element text keeps line breaks; names and lists read back exactly', async () => {
    const doc = await text(app, 'graph.graphml');
    expect(strayAmpersands(doc)).toEqual([]);
    const node = (xml.parse(doc).graphml.graph.node as any[]).find((n) => n.id === org.id);
    const data = Object.fromEntries((node.data as any[]).map((d) => [d.key, d['#text']]));
    expect(data.node_label).toBe(NAME);
    expect(data.node_acronym).toBe('R&D');
    expect(JSON.parse(data.node_aliases)).toEqual(ALIASES);
    expect(data.node_description).toBe(DESCRIPTION_IN_XML.replace(/\r\n?/g, '\n'));
  });

  it('Cytoscape.js JSON: every value exactly as stored', async () => {
    const json = JSON.parse(await text(app, 'graph.cytoscape.json'));
    const node = json.elements.nodes.find((n: any) => n.data.id === org.id);
    expect(node.data).toEqual({
      id: org.id,
      label: NAME,
      type: 'Organisation',
      slug: 'tricky-names',
      acronym: 'R&D',
      aliases: ALIASES,
      description: DESCRIPTION,
    });
  });

  it('CSV: quoted cells read back exactly, and a formula is defused for spreadsheets', async () => {
    const rows = parseCsv<Record<string, string>>(await text(app, 'nodes.csv'), { columns: true });
    const row = rows.find((r) => r.id === org.id)!;
    expect(row).toMatchObject({ label: NAME, acronym: 'R&D', description: DESCRIPTION });
    expect(JSON.parse(row.aliases)).toEqual(ALIASES);
    expect(rows.find((r) => r.id === formula.id)!.label).toBe(`'${FORMULA}`);
  });
});
