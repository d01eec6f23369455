/**
 * GEXF 1.3 (Gephi), valid against the published schema (gephi/gexf, specs/1.3; the tests keep a
 * copy in tests/fixtures/gexf-1.3). The graph is dynamic with dates as time: a tie lives from
 * the first day of its `since` to the last day of its `until` (open ends stay open), an event
 * from its start to its end date, and a tie's role is a dynamic attribute over the same span,
 * so Gephi's timeline shows who engaged where when.
 */
import {
  EDGE_ATTRIBUTES,
  ExportEdge,
  ExportGraph,
  ExportNode,
  NODE_ATTRIBUTES,
  listText,
} from './graph';
import { XmlElement, xmlDocument } from './xml';

export const GEXF_NAMESPACE = 'http://gexf.net/1.3';

/** Edge attributes whose value holds over the tie's span (mode "dynamic"); the others are static. */
const DYNAMIC_EDGE_ATTRIBUTES = new Set<string>(['role']);

function span(start: string | null, end: string | null): Record<string, string> {
  return { ...(start ? { '@_start': start } : {}), ...(end ? { '@_end': end } : {}) };
}

function declarations(
  kind: 'node' | 'edge',
  mode: 'static' | 'dynamic',
  attributes: Array<{ id: string; type: string }>,
): XmlElement {
  return {
    '@_class': kind,
    '@_mode': mode,
    attribute: attributes.map((a) => ({ '@_id': a.id, '@_title': a.id, '@_type': a.type })),
  };
}

function node(n: ExportNode): XmlElement {
  const values: XmlElement[] = [{ '@_for': 'type', '@_value': n.type }];
  for (const { name, kind } of NODE_ATTRIBUTES) {
    const value = n.attributes[name];
    if (value === undefined) continue;
    values.push({
      '@_for': name,
      '@_value': kind === 'list' ? listText(value as string[]) : (value as string),
    });
  }
  return {
    '@_id': n.id,
    '@_label': n.label,
    ...span(n.start, n.end),
    attvalues: { attvalue: values },
  };
}

function edge(e: ExportEdge): XmlElement {
  const values: XmlElement[] = [{ '@_for': 'type', '@_value': e.type }];
  for (const name of EDGE_ATTRIBUTES) {
    const value = e[name];
    if (value === null) continue;
    values.push({
      '@_for': name,
      '@_value': value,
      ...(DYNAMIC_EDGE_ATTRIBUTES.has(name) ? span(e.start, e.end) : {}),
    });
  }
  return {
    '@_id': e.id,
    '@_source': e.source,
    '@_target': e.target,
    '@_label': e.type,
    // GEXF 1.3's edge kind tells parallel edges of different types apart (Gephi's multigraph).
    '@_kind': e.type,
    ...span(e.start, e.end),
    attvalues: { attvalue: values },
  };
}

export function writeGexf(graph: ExportGraph, today = new Date()): string {
  const nodeAttributes = [
    { id: 'type', type: 'string' },
    ...NODE_ATTRIBUTES.map((a) => ({
      id: a.name,
      type: a.kind === 'list' ? 'liststring' : 'string',
    })),
  ];
  const edgeAttributes = [
    { id: 'type', type: 'string' },
    ...EDGE_ATTRIBUTES.map((id) => ({ id, type: 'string' })),
  ];
  return xmlDocument('gexf', {
    '@_xmlns': GEXF_NAMESPACE,
    '@_version': '1.3',
    meta: {
      '@_lastmodifieddate': today.toISOString().slice(0, 10),
      creator: { '#text': 'stakeholder-graph' },
      description: { '#text': graph.description },
    },
    graph: {
      '@_mode': 'dynamic',
      '@_timeformat': 'date',
      '@_timerepresentation': 'interval',
      '@_defaultedgetype': 'directed',
      '@_idtype': 'string',
      attributes: [
        declarations('node', 'static', nodeAttributes),
        declarations(
          'edge',
          'static',
          edgeAttributes.filter((a) => !DYNAMIC_EDGE_ATTRIBUTES.has(a.id)),
        ),
        declarations(
          'edge',
          'dynamic',
          edgeAttributes.filter((a) => DYNAMIC_EDGE_ATTRIBUTES.has(a.id)),
        ),
      ],
      nodes: { '@_count': String(graph.nodes.length), node: graph.nodes.map(node) },
      edges: { '@_count': String(graph.edges.length), edge: graph.edges.map(edge) },
    },
  });
}
