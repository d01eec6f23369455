/**
 * The drawing: Cytoscape.js on a canvas, fed the neighbourhood answer as it comes
 * (nodes {id, type, label}, edges {id, type, source, target, role}); see docs/network.md.
 * Labels go to the canvas as text, so names are never parsed as HTML.
 */
import cytoscape from 'cytoscape';
import { EDGE_LOOK, NODE_LOOK, UNKNOWN_LOOK, leadingRole, words } from './model';

export interface GNode {
  id: string;
  type: string;
  label: string;
  properties?: Record<string, unknown>;
}
export interface GEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  role: string | null;
  since: string | null;
  until: string | null;
}

function style(): cytoscape.StylesheetJson {
  const rules: cytoscape.StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': '140px',
        'text-outline-color': '#ffffff',
        'text-outline-width': 2,
        color: '#212529',
        width: 22,
        height: 22,
        'background-color': UNKNOWN_LOOK.colour,
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        label: 'data(label)',
        'font-size': 9,
        color: '#495057',
        'text-rotation': 'autorotate',
        'text-outline-color': '#ffffff',
        'text-outline-width': 2,
      },
    },
    { selector: 'edge[?leading]', style: { width: 3.5 } },
    { selector: 'node[?focus]', style: { width: 34, height: 34, 'font-weight': 'bold' } },
    {
      selector: ':selected',
      style: { 'border-color': '#f59f00', 'border-width': 5, 'line-color': '#f59f00' },
    },
    {
      selector: 'node.path',
      style: { 'border-color': '#f08c00', 'border-width': 4, 'z-index': 10 },
    },
    {
      selector: 'edge.path',
      style: { 'line-color': '#f08c00', 'target-arrow-color': '#f08c00', width: 5, 'z-index': 10 },
    },
    { selector: '.faded', style: { opacity: 0.25 } },
  ];
  for (const [type, look] of Object.entries(NODE_LOOK))
    rules.push({
      selector: `node[type = "${type}"]`,
      style: { 'background-color': look.colour, shape: look.shape as cytoscape.Css.NodeShape },
    });
  for (const [type, look] of Object.entries(EDGE_LOOK))
    rules.push({
      selector: `edge[type = "${type}"]`,
      style: {
        'line-color': look.colour,
        'target-arrow-color': look.colour,
        'line-style': look.line,
      },
    });
  return rules;
}

export class Drawing {
  readonly cy: cytoscape.Core;

  constructor(
    container: HTMLElement,
    handlers: { onNode(id: string): void; onEdge(id: string): void; onBackground(): void },
  ) {
    this.cy = cytoscape({
      container,
      style: style(),
      minZoom: 0.1,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    this.cy.on('tap', 'node', (e) => handlers.onNode((e.target as cytoscape.NodeSingular).id()));
    this.cy.on('tap', 'edge', (e) => handlers.onEdge((e.target as cytoscape.EdgeSingular).id()));
    this.cy.on('tap', (e) => {
      if (e.target === this.cy) handlers.onBackground();
    });
  }

  /** Shows exactly these nodes and edges, keeping the place of those already drawn. */
  show(nodes: GNode[], edges: GEdge[], focus: string | null): void {
    const cy = this.cy;
    const keepN = new Set(nodes.map((n) => n.id));
    const keepE = new Set(edges.map((e) => e.id));
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!(el.isNode() ? keepN : keepE).has(el.id())) el.remove();
      });
      // A new entity starts beside a drawn neighbour, so the layout moves it only a little.
      const near = new Map<string, string>();
      for (const e of edges) {
        near.set(e.source, near.get(e.source) ?? e.target);
        near.set(e.target, near.get(e.target) ?? e.source);
      }
      for (const n of nodes) {
        const data = { id: n.id, type: n.type, label: n.label, focus: n.id === focus };
        const el = cy.getElementById(n.id);
        if (el.nonempty()) {
          el.data(data);
          continue;
        }
        const anchor = cy.getElementById(near.get(n.id) ?? '');
        const at = anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
        cy.add({
          group: 'nodes',
          data,
          position: { x: at.x + (Math.random() - 0.5) * 80, y: at.y + (Math.random() - 0.5) * 80 },
        });
      }
      for (const e of edges) {
        if (cy.getElementById(e.id).nonempty()) continue;
        cy.add({
          group: 'edges',
          data: {
            id: e.id,
            source: e.source,
            target: e.target,
            type: e.type,
            label: e.role ? words(e.role) : words(e.type),
            leading: leadingRole(e.role),
          },
        });
      }
    });
  }

  /** Arranges the drawing; `fresh` starts from scratch (a new entity), otherwise from where nodes are. */
  layout(fresh = false): void {
    if (!this.cy.nodes().length) return;
    this.cy
      .layout({
        name: 'cose',
        animate: false,
        randomize: fresh,
        nodeRepulsion: () => 20000,
        idealEdgeLength: () => 120,
        padding: 30,
      })
      .run();
  }

  select(id: string | null): void {
    this.cy.elements().unselect();
    if (id) this.cy.getElementById(id).select();
  }

  highlight(ids: Set<string>): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('path faded');
      if (!ids.size) return;
      this.cy.elements().forEach((el) => {
        el.addClass(ids.has(el.id()) ? 'path' : 'faded');
      });
    });
  }

  fit(): void {
    this.cy.fit(undefined, 30);
  }

  zoom(factor: number): void {
    const cy = this.cy;
    cy.zoom({
      level: cy.zoom() * factor,
      renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
    });
  }

  png(): Blob {
    return this.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
  }
}
