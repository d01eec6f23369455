/**
 * The demo network (data/demo-network.json, built from two source texts: an announcement of a
 * civil society meeting on human resources for health, and the launch of the Health Workers for
 * All Coalition; see data/README.md):
 * checked against the domain's rules, then loaded whole in one transaction, keyed by
 * slug and stable ids, so loading it twice changes nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isPartialDate, periodEnd, periodStart, untilBeforeSince } from '../domain/dates';
import {
  ENTITY_TYPES,
  EntityType,
  NETWORK_SECTIONS,
  Source,
  TIE_ROLES,
  TieType,
  tieEndsAllowed,
} from '../domain/model';
import { entitySpec } from '../domain/spec';
import { SLUG, searchText, sortName } from '../domain/text';
import type { Database, Row } from '../graph/database';
import { historyRepository } from '../graph/history.repository';
import { EntityRow, TieRow, UpsertCount, seedRepository } from '../graph/seed.repository';
import { projectRoot } from '../paths';

const SECTIONS = NETWORK_SECTIONS;
const REF_TYPES: Record<string, EntityType> = Object.fromEntries(
  ENTITY_TYPES.map((t) => [t.toLowerCase(), t]),
);

interface DataSource {
  id: string;
  title: string;
  url?: string;
  date?: string;
}
interface Cite {
  source: string;
  quote?: string;
}
type Item = Record<string, unknown> & {
  slug: string;
  name: string;
  aliases?: string[];
  sources?: Cite[];
};
interface DataTie {
  type: TieType;
  from: string;
  to: string;
  role?: string;
  since?: string;
  until?: string;
  onBehalfOf?: string;
  note?: string;
  sources?: Cite[];
}
export interface NetworkFile {
  version: number;
  sources: DataSource[];
  ties: DataTie[];
  [section: string]: unknown;
}

export function demoNetworkPath(): string {
  return path.join(projectRoot(), 'data', 'demo-network.json');
}

/** A UUID derived from a name, so the demo network has the same ids on every machine. */
export function stableUuid(name: string): string {
  const h = crypto.createHash('sha256').update(`stakeholder-graph:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface PreparedNetwork {
  entities: Map<EntityType, EntityRow[]>;
  ties: Map<
    string,
    {
      type: TieType;
      fromLabel: EntityType;
      toLabel: EntityType;
      rows: Array<TieRow & { onBehalfOf: string | null }>;
    }
  >;
}

/** Checks the file against the model's rules and turns it into rows; every problem is reported at once. */
export function prepareNetwork(file: NetworkFile): PreparedNetwork {
  const problems: string[] = [];
  const sources = new Map(file.sources.map((s) => [s.id, s]));
  const cite = (where: string, cites: Cite[] | undefined): Source[] =>
    (cites ?? []).map((c) => {
      const s = sources.get(c.source);
      if (!s) problems.push(`${where}: unknown source "${c.source}"`);
      return {
        title: s?.title ?? c.source,
        url: s?.url ?? null,
        date: s?.date ?? null,
        quote: c.quote ?? null,
      };
    });
  const entities = new Map<EntityType, EntityRow[]>();
  const known = new Set<string>();
  for (const [section, type] of Object.entries(SECTIONS)) {
    const rows: EntityRow[] = [];
    for (const item of (file[section] as Item[] | undefined) ?? []) {
      const where = `${section}/${item.slug}`;
      if (!SLUG.test(item.slug ?? '')) problems.push(`${where}: bad slug`);
      if (known.has(`${type}:${item.slug}`)) problems.push(`${where}: duplicate slug`);
      known.add(`${type}:${item.slug}`);
      const props: Row = {
        name: item.name,
        aliases: item.aliases ?? [],
        sortName: sortName(item.name),
        searchText: searchText(item.name, item.acronym, item.aliases ?? []),
        sourcesJson: JSON.stringify(cite(where, item.sources)),
      };
      // The type's properties as the model spec has them; contact details sit in `contact` in the file.
      const contact: Record<string, unknown> =
        item.contact && typeof item.contact === 'object' ? { ...item.contact } : {};
      for (const p of entitySpec(type).properties) {
        const value: unknown = p.contact ? contact[p.contact] : item[p.name];
        if (value === undefined || value === null || (p.contact && !value)) continue;
        props[p.name] = value;
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        if (p.enum && !Object.values(p.enum.values).includes(text))
          problems.push(`${where}: unknown ${p.name === 'kind' ? `kind ${text}` : p.name}`);
        if (p.value === 'partialDate' && !isPartialDate(text))
          problems.push(`${where}: ${p.name} is not a date`);
      }
      rows.push({ slug: item.slug, id: stableUuid(`${type}:${item.slug}`), props });
    }
    entities.set(type, rows);
  }
  const ties: PreparedNetwork['ties'] = new Map();
  file.ties.forEach((t, i) => {
    const where = `ties[${i}] ${t.type} ${t.from} -> ${t.to}`;
    const [fromSection, fromSlug] = t.from.split(':');
    const [toSection, toSlug] = t.to.split(':');
    const fromLabel = REF_TYPES[fromSection];
    const toLabel = REF_TYPES[toSection];
    if (!fromLabel || !known.has(`${fromLabel}:${fromSlug}`))
      problems.push(`${where}: unknown from`);
    if (!toLabel || !known.has(`${toLabel}:${toSlug}`)) problems.push(`${where}: unknown to`);
    if (fromLabel && toLabel && !tieEndsAllowed(t.type, fromLabel, toLabel))
      problems.push(`${where}: ${t.type} cannot join these types`);
    if (t.role && !TIE_ROLES[t.type]?.includes(t.role))
      problems.push(`${where}: unknown role ${t.role}`);
    for (const d of [t.since, t.until])
      if (d && !isPartialDate(d)) problems.push(`${where}: ${d} is not a date`);
    if (
      t.since &&
      t.until &&
      isPartialDate(t.since) &&
      isPartialDate(t.until) &&
      untilBeforeSince(t.since, t.until)
    )
      problems.push(`${where}: until before since`);
    const behalf = t.onBehalfOf ? t.onBehalfOf.replace(/^organisation:/, '') : null;
    if (behalf && !known.has(`Organisation:${behalf}`))
      problems.push(`${where}: unknown onBehalfOf`);
    const props: Row = { sourcesJson: JSON.stringify(cite(where, t.sources)) };
    if (t.role) props.role = t.role;
    if (t.since && isPartialDate(t.since))
      Object.assign(props, { since: t.since, sinceStart: periodStart(t.since) });
    if (t.until && isPartialDate(t.until))
      Object.assign(props, { until: t.until, untilEnd: periodEnd(t.until) });
    if (t.note) props.note = t.note;
    const key = `${t.type}|${fromLabel}|${toLabel}`;
    const group = ties.get(key) ?? { type: t.type, fromLabel, toLabel, rows: [] };
    group.rows.push({
      id: stableUuid(`${t.type}|${t.from}|${t.to}|${t.role ?? ''}|${t.since ?? ''}`),
      from: fromSlug,
      to: toSlug,
      onBehalfOf: behalf,
      props,
    });
    ties.set(key, group);
  });
  if (problems.length)
    throw new Error(
      `The network file has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
    );
  return { entities, ties };
}

export function readNetworkFile(file = demoNetworkPath()): NetworkFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as NetworkFile;
}

/** Loads a prepared network in one write transaction; returns how many rows and changes there were. */
export async function loadNetwork(
  db: Database,
  network: PreparedNetwork,
): Promise<{ entities: UpsertCount; ties: UpsertCount }> {
  const now = new Date().toISOString();
  return db.write(async (tx) => {
    const entities = { rows: 0, changed: 0 };
    for (const [type, rows] of network.entities) {
      if (!rows.length) continue;
      const c = await seedRepository.upsertEntities(tx, type, rows, now);
      entities.rows += c.rows;
      entities.changed += c.changed;
    }
    const ties = { rows: 0, changed: 0 };
    for (const g of network.ties.values()) {
      const c = await seedRepository.upsertTies(tx, g.type, g.fromLabel, g.toLabel, g.rows, now);
      ties.rows += c.rows;
      ties.changed += c.changed;
    }
    if (entities.changed || ties.changed) {
      const run = crypto.randomUUID();
      await historyRepository.record(tx, { actor: 'seed', requestId: run, importId: run }, [
        {
          action: 'IMPORT',
          targetKind: 'Import',
          targetKey: run,
          before: null,
          after: { file: 'data/demo-network.json', entities, ties },
          note: 'demo network',
        },
      ]);
    }
    return { entities, ties };
  });
}

export async function graphIsEmpty(db: Database): Promise<boolean> {
  return (await db.read((tx) => seedRepository.entityCount(tx))) === 0;
}
