/**
 * GraphML (yEd, Cytoscape desktop, igraph, NetworkX): every attribute declared as a typed
 * <key> before the graph, values as <data> text (so line breaks survive). GraphML has no
 * list type: lists are strings holding a JSON array.
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

export const GRAPHML_NAMESPACE = 'http://graphml.graphdrawing.org/xmlns';

/** Key ids are unique across nodes and edges, so each is prefixed with what it describes. */
const nodeKey = (name: string) => `node_${name}`;
const edgeKey = (name: string) => `edge_${name}`;

const NODE_KEYS = ['label', 'type', ...NODE_ATTRIBUTES.map((a) => a.name)];
const EDGE_KEYS = ['type', ...EDGE_ATTRIBUTES];

function data(key: string, value: string): XmlElement {
  return { '@_key': key, '#text': value };
}

function node(n: ExportNode): XmlElement {
  const values = [data(nodeKey('label'), n.label), data(nodeKey('type'), n.type)];
  for (const { name, kind } of NODE_ATTRIBUTES) {
    const value = n.attributes[name];
    if (value !== undefined)
      values.push(
        data(nodeKey(name), kind === 'list' ? listText(value as string[]) : (value as string)),
      );
  }
  return { '@_id': n.id, data: values };
}

function edge(e: ExportEdge): XmlElement {
  const values = [data(edgeKey('type'), e.type)];
  for (const name of EDGE_ATTRIBUTES) {
    const value = e[name];
    if (value !== null) values.push(data(edgeKey(name), value));
  }
  return { '@_id': e.id, '@_source': e.source, '@_target': e.target, data: values };
}

export function writeGraphml(graph: ExportGraph): string {
  const key = (forWhat: 'node' | 'edge', name: string): XmlElement => ({
    '@_id': forWhat === 'node' ? nodeKey(name) : edgeKey(name),
    '@_for': forWhat,
    '@_attr.name': name,
    '@_attr.type': 'string',
  });
  return xmlDocument('graphml', {
    '@_xmlns': GRAPHML_NAMESPACE,
    '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    '@_xsi:schemaLocation': `${GRAPHML_NAMESPACE} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd`,
    desc: { '#text': graph.description },
    key: [
      ...NODE_KEYS.map((name) => key('node', name)),
      ...EDGE_KEYS.map((name) => key('edge', name)),
    ],
    graph: {
      '@_id': 'stakeholder-graph',
      '@_edgedefault': 'directed',
      node: graph.nodes.map(node),
      edge: graph.edges.map(edge),
    },
  });
}
