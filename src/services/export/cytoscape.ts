/**
 * Cytoscape.js JSON: {elements: {nodes: [{data}], edges: [{data}]}}, which cy.add() and
 * cy.json() take as it is (and Cytoscape desktop imports). Lists stay JSON arrays; an edge's
 * role, since, until, onBehalfOf and note are always present, null when the tie has none.
 */
import type { ExportGraph } from './graph';

export interface CytoscapeJson {
  data: { name: string; description: string };
  elements: {
    nodes: Array<{ data: Record<string, string | string[]> }>;
    edges: Array<{ data: Record<string, string | null> }>;
  };
}

export function toCytoscape(graph: ExportGraph): CytoscapeJson {
  return {
    data: { name: 'stakeholder-graph', description: graph.description },
    elements: {
      nodes: graph.nodes.map((n) => ({
        data: { id: n.id, label: n.label, type: n.type, ...n.attributes },
      })),
      edges: graph.edges.map((e) => ({
        data: {
          id: e.id,
          source: e.source,
          target: e.target,
          type: e.type,
          role: e.role,
          since: e.since,
          until: e.until,
          onBehalfOf: e.onBehalfOf,
          note: e.note,
        },
      })),
    },
  };
}

export function writeCytoscape(graph: ExportGraph): string {
  return JSON.stringify(toCytoscape(graph));
}
