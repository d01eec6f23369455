/**
 * The drawing: Cytoscape.js on a canvas, fed the neighbourhood answer as it comes
 * (nodes {id, type, label}, edges {id, type, source, target, role}); see docs/network.md.
 * Labels go to the canvas as text, so names are never parsed as HTML.
 *
 * Layout: d3-force (Barnes–Hut many-body, O(n log n) a step) rather than Cytoscape's built-in
 * `cose` (every pair of nodes every step, in one synchronous task): `cose` froze the page for
 * about 11 s on a 500-entity hub and again on every change of year (docs/benchmarks.md,
 * "Explorer"). The simulation runs in slices of a few milliseconds, one per animation frame,
 * so the page never freezes; only entities new to the drawing move, the others keep their
 * places (and an entity taken out and put back, by a year or a filter, returns to its place).
 */
import cytoscape from 'cytoscape';
import {
  SimulationNodeDatum,
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
} from 'd3-force';
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

/**
 * Marks the moment a drawing is complete: the layout done and a frame with it rendered (the
 * second animation frame after it: Cytoscape paints in the first), as
 * `performance.mark('explorer:drawn')`, which `npm run bench:explorer` reads.
 */
function drawn(): void {
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('explorer:drawn')));
}

/** How a layout starts: from scratch, from where every node is, or moving only new nodes. */
export type LayoutMode = 'fresh' | 'all' | 'new';

interface Body extends SimulationNodeDatum {
  id: string;
}

/** Milliseconds of simulation per animation frame: short enough never to be a long task. */
const SLICE_MS = 12;

export class Drawing {
  readonly cy: cytoscape.Core;
  /** Nodes added since the last layout, placed beside a neighbour only. */
  private readonly unplaced = new Set<string>();
  /** Where nodes taken out of the drawing were, so that one coming back returns there. */
  private readonly remembered = new Map<string, cytoscape.Position>();
  /** Counts layouts, so a newer one stops an older one still running. */
  private layouts = 0;

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
        if ((el.isNode() ? keepN : keepE).has(el.id())) return;
        if (el.isNode()) {
          if (this.remembered.size > 10_000) this.remembered.clear();
          if (!this.unplaced.has(el.id())) this.remembered.set(el.id(), { ...el.position() });
          this.unplaced.delete(el.id());
        }
        el.remove();
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
        const known = this.remembered.get(n.id);
        if (known) {
          cy.add({ group: 'nodes', data, position: { ...known } });
          continue;
        }
        const anchor = cy.getElementById(near.get(n.id) ?? '');
        const at = anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
        this.unplaced.add(n.id);
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

  /**
   * Arranges the drawing: `fresh` from scratch (a new centre), `all` every node from where it
   * is (Re-arrange), `new` only the nodes added since the last layout, the others fixed. Runs
   * in slices over animation frames; then fits the view if asked and marks the drawing done.
   */
  layout(mode: LayoutMode = 'all', options: { fit?: boolean } = {}): void {
    const cy = this.cy;
    const mine = ++this.layouts;
    const done = () => {
      if (options.fit) this.fit();
      drawn();
    };
    const ns = cy.nodes();
    // Until this layout ends, every node it moves counts as unplaced: a newer layout that
    // stops it moves them too.
    if (mode !== 'new') ns.forEach((n) => void this.unplaced.add(n.id()));
    const moving = (id: string) => this.unplaced.has(id);
    if (!ns.length || (mode === 'new' && !ns.toArray().some((n) => this.unplaced.has(n.id())))) {
      done();
      return;
    }
    const bodies: Body[] = ns.map((n) => {
      const id = n.id();
      if (mode === 'fresh') return { id };
      const { x, y } = n.position();
      return moving(id) ? { id, x, y } : { id, x, y, fx: x, fy: y };
    });
    const index = new Map(bodies.map((b, i) => [b.id, i]));
    const links = cy.edges().map((e: cytoscape.EdgeSingular) => ({
      source: index.get(e.data('source') as string)!,
      target: index.get(e.data('target') as string)!,
    }));
    const sim = forceSimulation(bodies)
      .force('charge', forceManyBody<Body>().strength(-300).distanceMax(800))
      .force('link', forceLink<Body, { source: number; target: number }>(links).distance(90))
      .force('collide', forceCollide<Body>(20))
      .force('x', forceX<Body>(0).strength(0.03))
      .force('y', forceY<Body>(0).strength(0.03))
      .alpha(mode === 'fresh' ? 1 : 0.5)
      // About 170 steps rather than d3's 300: the drawing settles as well for a neighbourhood.
      .alphaDecay(0.04)
      .stop();
    const started = performance.now();
    const step = () => {
      if (mine !== this.layouts) return;
      const until = performance.now() + SLICE_MS;
      while (sim.alpha() > sim.alphaMin() && performance.now() < until) sim.tick();
      if (sim.alpha() > sim.alphaMin()) {
        requestAnimationFrame(step);
        return;
      }
      cy.batch(() => {
        for (const b of bodies)
          if (moving(b.id)) cy.getElementById(b.id).position({ x: b.x ?? 0, y: b.y ?? 0 });
      });
      this.unplaced.clear();
      performance.measure('explorer:layout', { start: started, end: performance.now() });
      done();
    };
    step();
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
