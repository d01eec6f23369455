/**
 * CSV node and edge lists (UTF-8, a header row, RFC 4180 quoting through csv-stringify). Lists
 * are JSON arrays in one cell. Cells that a spreadsheet would run as a formula (starting with
 * =, +, -, @, tab or carriage return) get a leading apostrophe, since these files are public.
 */
import { stringify } from 'csv-stringify/sync';
import { EDGE_ATTRIBUTES, ExportGraph, NODE_ATTRIBUTES, listText } from './graph';

export const NODE_COLUMNS = ['id', 'type', 'label', ...NODE_ATTRIBUTES.map((a) => a.name)];
export const EDGE_COLUMNS = ['id', 'source', 'target', 'type', ...EDGE_ATTRIBUTES];

const options = { header: true, escape_formulas: true } as const;

export function writeNodesCsv(graph: ExportGraph): string {
  const rows = graph.nodes.map((n) => {
    const row: Record<string, string> = { id: n.id, type: n.type, label: n.label };
    for (const { name } of NODE_ATTRIBUTES) {
      const value = n.attributes[name];
      row[name] = value === undefined ? '' : Array.isArray(value) ? listText(value) : value;
    }
    return row;
  });
  return stringify(rows, { ...options, columns: NODE_COLUMNS });
}

export function writeEdgesCsv(graph: ExportGraph): string {
  const rows = graph.edges.map((e) => {
    const row: Record<string, string> = {
      id: e.id,
      source: e.source,
      target: e.target,
      type: e.type,
    };
    for (const name of EDGE_ATTRIBUTES) row[name] = e[name] ?? '';
    return row;
  });
  return stringify(rows, { ...options, columns: EDGE_COLUMNS });
}
