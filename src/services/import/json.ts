/**
 * JSON files in the shape of data/demo-network.json: a list of sources, one array per
 * entity type (organisations, people, fora, events, instruments, topics) and one array of
 * ties. Items cite sources by id ({source, quote}) or give them whole ({title, url, ...}).
 */
import path from 'node:path';
import { TIE_TYPES, TieType, NETWORK_SECTIONS } from '../../domain/model';
import { CONTACT, ENTITIES, entitySpec } from '../../domain/spec';
import { RowCheck, RowReader, readEntity, readTie } from './fields';
import type { ImportProblem, ImportUnit, ParsedRow } from './types';
import { TIE_COLUMNS } from './csv';

export const JSON_SECTIONS = NETWORK_SECTIONS;
const TOP_LEVEL = new Set(['version', 'sources', 'ties', ...Object.keys(JSON_SECTIONS)]);
const ENTITY_FIELDS = ['slug', 'name', 'aliases', 'identifiers', 'sources'];
const TIE_FIELDS = new Set([
  'type',
  'sources',
  ...TIE_COLUMNS.filter((c) => !c.startsWith('source')),
]);

interface Citation {
  source?: string;
  title?: string;
  url?: string;
  date?: string;
  quote?: string;
}
type Item = Record<string, unknown>;

/** Contact details: stored name → their key inside an item's `contact` object (the model spec's). */
const CONTACT_KEYS: ReadonlyMap<string, string> = new Map(
  ENTITIES.flatMap((e) =>
    e.properties.flatMap((p) => (p.contact ? [[p.name, p.contact] as const] : [])),
  ),
);

function itemReader(item: Item): RowReader {
  const contact: Item = item.contact && typeof item.contact === 'object' ? { ...item.contact } : {};
  const inContact = (f: string) =>
    !(f in item) && CONTACT_KEYS.has(f) && CONTACT_KEYS.get(f)! in contact;
  return {
    has: (f) => f in item || inContact(f),
    get: (f) => (f in item ? item[f] : inContact(f) ? contact[CONTACT_KEYS.get(f)!] : undefined),
    column: (f) =>
      !(f in item) && CONTACT_KEYS.has(f) ? `${CONTACT.field}.${CONTACT_KEYS.get(f)}` : f,
  };
}

/** Turns citations of the file's sources ({source: id, quote}) into whole sources. */
function resolveCitations(item: Item, sources: Map<string, Citation>, problems: string[]): Item {
  if (!Array.isArray(item.sources)) return item;
  const resolved = (item.sources as Citation[]).map((c) => {
    if (!c || typeof c !== 'object' || c.source === undefined) return c;
    const s = sources.get(String(c.source));
    if (!s)
      problems.push(`cites source "${c.source}", which the file's sources list does not have`);
    return {
      title: s?.title ?? String(c.source),
      url: s?.url ?? null,
      date: s?.date ?? null,
      quote: c.quote ?? null,
    };
  });
  return { ...item, sources: resolved };
}

/** A row check that reads the item with its citations resolved. */
function checked(place: { file: string; row: number }, item: Item, sources: Map<string, Citation>) {
  const missing: string[] = [];
  const reader = itemReader(resolveCitations(item, sources, missing));
  const check = new RowCheck(place, reader);
  for (const m of missing) check.bad('sources', m);
  return { check, reader };
}

/** Parses a network JSON document into one unit per section present. */
export function readNetworkJson(fileName: string, doc: unknown): ImportUnit[] {
  const file = path.basename(fileName);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return [
      {
        name: file,
        record: 'entity',
        rows: [],
        problems: [
          {
            file,
            row: 0,
            column: null,
            reason:
              'the file must hold one JSON object with arrays such as organisations, people and ties',
          },
        ],
      },
    ];
  }
  const d = doc as Record<string, unknown>;
  const problems: ImportProblem[] = Object.keys(d)
    .filter((k) => !TOP_LEVEL.has(k))
    .map((k) => ({
      file,
      row: 0,
      column: k,
      reason: `unknown section: use ${[...TOP_LEVEL].join(', ')}`,
    }));
  const sources = new Map<string, Citation>();
  for (const s of Array.isArray(d.sources) ? (d.sources as Citation[]) : [])
    if (s && typeof s === 'object' && (s as { id?: string }).id)
      sources.set(String((s as { id: string }).id), s);
  const units: ImportUnit[] = [];
  const arrayOf = (section: string): Item[] | null => {
    if (d[section] === undefined) return null;
    if (Array.isArray(d[section])) return d[section] as Item[];
    problems.push({ file, row: 0, column: section, reason: 'must be an array' });
    return null;
  };
  for (const [section, type] of Object.entries(JSON_SECTIONS)) {
    const items = arrayOf(section);
    if (!items) continue;
    const own = entitySpec(type).properties;
    const known = new Set([
      ...ENTITY_FIELDS,
      ...own.filter((p) => !p.contact).map((p) => p.name),
      ...(own.some((p) => p.contact) ? [CONTACT.field] : []),
    ]);
    const name = `${file}#${section}`;
    const rows: ParsedRow[] = items.map((raw, i) => {
      const place = { file: name, row: i + 1 };
      const item = raw && typeof raw === 'object' ? raw : {};
      const { check, reader } = checked(place, item, sources);
      for (const k of Object.keys(item))
        if (!known.has(k))
          check.bad(k, `unknown field for ${section}: use ${[...known].join(', ')}`);
      const draft = readEntity(type, check, reader);
      return check.outcome(draft);
    });
    units.push({ name, record: 'entity', kind: type, rows, problems: [] });
  }
  const ties = arrayOf('ties');
  if (ties) {
    const name = `${file}#ties`;
    const rows: ParsedRow[] = ties.map((raw, i) => {
      const place = { file: name, row: i + 1 };
      const item = raw && typeof raw === 'object' ? raw : {};
      const { check, reader } = checked(place, item, sources);
      for (const k of Object.keys(item))
        if (!TIE_FIELDS.has(k))
          check.bad(k, `unknown field for a tie: use ${[...TIE_FIELDS].join(', ')}`);
      const given = typeof item.type === 'string' ? item.type : JSON.stringify(item.type ?? '');
      const type = given.toUpperCase() as TieType;
      if (!TIE_TYPES.includes(type)) {
        check.bad('type', `"${given}" is not a tie type: use one of ${TIE_TYPES.join(', ')}`);
        return { place, draft: null, problems: check.problems };
      }
      const draft = readTie(type, check, reader);
      return check.outcome(draft);
    });
    units.push({ name, record: 'tie', rows, problems: [] });
  }
  if (problems.length) units.unshift({ name: file, record: 'entity', rows: [], problems });
  return units;
}
