/**
 * The exported graph every format is written from: nodes and edges with the global ids the
 * GraphQL API uses, their public attributes only, and the time spans (YYYY-MM-DD) that the
 * dynamic formats draw from partial dates.
 */
import { parsePartialDate, periodEnd, periodStart } from '../../domain/dates';
import { toGlobalId } from '../../domain/ids';
import { EntityType, TieType } from '../../domain/model';
import { CONTACT_PROPS } from '../../domain/records';
import { exportColumns } from '../../domain/spec';
import type { ExportEntityRow, ExportTieRow } from '../../graph/export.repository';

export type AttributeKind = 'string' | 'list';

export interface AttributeSpec {
  name: string;
  kind: AttributeKind;
}

/**
 * Node attributes besides id, type and label (the name), in column order: the model spec's
 * export columns (src/domain/spec.ts exportColumns). This list is the allowlist: a property
 * not named here is not exported, whatever the database holds.
 */
export const NODE_ATTRIBUTES: readonly AttributeSpec[] = exportColumns().map((c) => ({
  name: c.name,
  kind: c.list ? 'list' : 'string',
}));

/** Edge attributes besides id, source, target and type, in column order. */
export const EDGE_ATTRIBUTES = ['role', 'since', 'until', 'onBehalfOf', 'note'] as const;

const INTERNAL = new Set(['sortName', 'searchText', 'sourcesJson']);
for (const a of NODE_ATTRIBUTES) {
  // Exports are public: personal contact data and internal keys must never be listed.
  if (CONTACT_PROPS.has(a.name) || INTERNAL.has(a.name))
    throw new Error(`"${a.name}" may not be exported`);
}

export interface ExportNode {
  /** The global id, as the GraphQL API shows it. */
  id: string;
  type: EntityType;
  label: string;
  /** Present attributes only: absent and empty values are left out. */
  attributes: Record<string, string | string[]>;
  /** When the node exists in time (events: their dates), as YYYY-MM-DD; null when unbounded. */
  start: string | null;
  end: string | null;
}

export interface ExportEdge {
  id: string;
  type: TieType;
  source: string;
  target: string;
  role: string | null;
  since: string | null;
  until: string | null;
  /** Global id of the organisation the actor acted for (engagements and participations). */
  onBehalfOf: string | null;
  note: string | null;
  /** First and last day of since and until; null for an open end. */
  start: string | null;
  end: string | null;
}

export interface ExportGraph {
  /** A sentence saying what the export holds, for metadata and logs. */
  description: string;
  nodes: ExportNode[];
  edges: ExportEdge[];
}

const dayOrNull = (text: string | null | undefined, bound: typeof periodStart): string | null =>
  typeof text === 'string' && parsePartialDate(text) ? bound(text) : null;

export function toExportNode(row: ExportEntityRow): ExportNode {
  const attributes: Record<string, string | string[]> = {};
  for (const { name, kind } of NODE_ATTRIBUTES) {
    const value = row.props[name];
    if (kind === 'list' && Array.isArray(value)) {
      const items = value.filter((v): v is string => typeof v === 'string' && v !== '');
      if (items.length) attributes[name] = items;
    } else if (kind === 'string' && typeof value === 'string' && value !== '') {
      attributes[name] = value;
    }
  }
  const isEvent = row.type === EntityType.Event;
  const startDate = isEvent ? (row.props.startDate as string | undefined) : undefined;
  const endDate = isEvent ? ((row.props.endDate as string | undefined) ?? startDate) : undefined;
  return {
    id: toGlobalId(row.type, row.key),
    type: row.type,
    label: typeof row.props.name === 'string' ? row.props.name : '',
    attributes,
    start: dayOrNull(startDate, periodStart),
    end: dayOrNull(endDate, periodEnd),
  };
}

export function toExportEdge(row: ExportTieRow, nodeIds: ReadonlyMap<string, string>): ExportEdge {
  return {
    id: toGlobalId(row.type, row.key),
    type: row.type,
    source: nodeIds.get(row.fromKey)!,
    target: nodeIds.get(row.toKey)!,
    role: row.role,
    since: row.since,
    until: row.until,
    onBehalfOf: row.onBehalfOfKey ? toGlobalId(EntityType.Organisation, row.onBehalfOfKey) : null,
    note: row.note,
    start: dayOrNull(row.since, periodStart),
    end: dayOrNull(row.until, periodEnd),
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The graph from rows, sorted for stable output (nodes by type, name, id; edges by type,
 * start, id). Edges whose ends are not both exported are dropped, so that every format can
 * promise that each edge's source and target are among its nodes.
 */
export function buildExportGraph(
  description: string,
  entities: ExportEntityRow[],
  ties: ExportTieRow[],
): ExportGraph {
  const keyToId = new Map<string, string>();
  const nodes = entities.map((row) => {
    const node = toExportNode(row);
    keyToId.set(row.key, node.id);
    return node;
  });
  const edges = ties
    .filter((t) => keyToId.has(t.fromKey) && keyToId.has(t.toKey))
    .map((t) => toExportEdge(t, keyToId));
  nodes.sort((a, b) => byText(a.type, b.type) || byText(a.label, b.label) || byText(a.id, b.id));
  edges.sort(
    (a, b) => byText(a.type, b.type) || byText(a.start ?? '', b.start ?? '') || byText(a.id, b.id),
  );
  return { description, nodes, edges };
}

/** A list as one text value: a JSON array, which Gephi also reads as a GEXF 1.3 list. */
export function listText(items: readonly string[]): string {
  return JSON.stringify(items);
}
