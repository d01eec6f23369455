/**
 * The network explorer (docs/explorer.md): search, open an entity, see its neighbourhood
 * drawn and listed, select an entity or tie for its properties and sources, scrub through
 * the years, look into a forum and an organisation's allies, find paths, filter, export,
 * and, with a key, edit. It talks to /graphql (and /export) only.
 */
import { ApiError, apiKey, exportFile, exportLink, gql, setApiKey } from './api';
import { Child, byId, dataLink, download, fill, h, iso } from './dom';
import { Drawing, GEdge, GNode } from './graph';
import {
  ENGAGEMENT_ROLES,
  ENTITY_TYPES,
  PERSONAL_TIES,
  ROLES,
  TIE_NAMES,
  TIE_SPECS,
  TIE_TYPES,
  period,
  words,
} from './model';
import { line, swatch } from './look';
import { Hit, searchBox } from './search';
import { MAX_EXPAND, MAX_HIDE, TABS, Tab, View, readViewChecked, writeView } from './view';

const NEIGHBOURHOOD = `query Neighbourhood($id: ID!, $depth: Int, $activeOn: PartialDate, $types: [RelationType!]) {
  neighbourhood(id: $id, depth: $depth, activeOn: $activeOn, relationTypes: $types, limit: 500) {
    truncated
    nodes { id type label properties }
    edges { id type source target role since until }
  }
}`;
/** The entity an id names now: a merged-away id answers the kept entity. */
const CURRENT = `query Current($id: ID!) { node(id: $id) { ... on Entity { id name } } }`;
const TIE = `query Tie($id: ID!) {
  node(id: $id) { __typename ... on Tie { id note sources { title url date quote } } }
}`;
/** Engagements per page of the forum view; "More" asks for the next page (`after`). */
const FORUM_PAGE = 100;
const FORUM = `query ForumView($id: ID!, $activeOn: PartialDate, $after: String) {
  forum(id: $id) {
    id name
    engagements(first: ${FORUM_PAGE}, activeOn: $activeOn, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id role since until actor { __typename ... on Organisation { id name } ... on Person { id name } } }
    }
  }
}`;
const ALLIES = `query Allies($of: ID!, $forum: ID, $activeOn: PartialDate) {
  allies(of: $of, forum: $forum, activeOn: $activeOn, first: 20) {
    score
    organisation { id name }
    sharedFora { id name }
    sharedEvents { id name }
  }
}`;
/** What the Path tab asks connections for; its export asks /export the same (first, maxHops). */
const PATH_FIRST = 3;
const PATH_HOPS = 4;
const PATHS = `query Paths($from: ID!, $to: ID!, $activeOn: PartialDate, $via: [RelationType!]) {
  connections(from: $from, to: $to, first: ${PATH_FIRST}, maxHops: ${PATH_HOPS}, activeOn: $activeOn, via: $via) {
    length
    nodes { __typename ... on Entity { id name } }
    edges { id type source target role since until }
  }
}`;
const WHO = `query Who { viewer { role keyName } }`;

interface Ref {
  id: string;
  name: string;
}
interface Source {
  title: string;
  url?: string | null;
  date?: string | null;
  quote?: string | null;
}
interface Path {
  length: number;
  nodes: Array<{ __typename: string; id: string; name: string }>;
  edges: GEdge[];
}

/** What the page checks a link's names against: the model's. */
const VOCABULARY = { entityTypes: ENTITY_TYPES, tieTypes: TIE_TYPES, roles: ROLES };
/** The view of the URL, its wrong parts left out (said by linkProblems at start). */
function viewOfLink(): View {
  const read = readViewChecked(location.search, VOCABULARY);
  linkProblems(read.problems);
  // The address bar then holds the view that is shown, without the parts left out.
  if (read.problems.length)
    history.replaceState(null, '', `${location.pathname}${writeView(read.view)}`);
  return read.view;
}
let view: View = viewOfLink();
const nodes = new Map<string, GNode>();
const edges = new Map<string, GEdge>();
/** What the Path tab asks connections: the two ends, the year and the tie types the filters let through. */
interface PathQuestion {
  from: string;
  to: string;
  /** null: ties of any date. */
  activeOn: string | null;
  /** null: every tie type; [] would mean every type to connections too, so none is asked then. */
  via: string[] | null;
  /** Whether a key was sent: with one, paths may go through who works where. */
  keyed: boolean;
}
/** The question whose paths are drawn (the export asks /export the same), or null. */
let pathsShown: PathQuestion | null = null;
/** The Path tab's last question, answered with paths or not: asked again when the page's year, tie types or key change. */
let pathsAsked: PathQuestion | null = null;
/** Nodes and edges added by a path, drawn with the neighbourhood. */
let pathNodes = new Map<string, GNode>();
let pathEdges = new Map<string, GEdge>();
let highlighted = new Set<string>();
let truncated = false;
let shownNodes: GNode[] = [];
let shownEdges: GEdge[] = [];
/** The centre of what is drawn, to tell a new centre (arranged afresh) from a change around it. */
let drawnFocus: string | null = null;
let playing: number | undefined;
/** The role of the tab's key, from `viewer` (null: no key, or not asked yet). */
let role: 'VIEWER' | 'EDITOR' | 'ADMIN' | null = null;
let keyName: string | null = null;
const mayEdit = () => role === 'EDITOR' || role === 'ADMIN';
let yearBounds = { min: 2000, max: new Date().getFullYear() };

const drawing = new Drawing(byId('graph'), {
  onNode: (id) => select(id),
  onEdge: (id) => select(id),
  onBackground: () => select(null),
});

// ------------------------------------------------------------------------------------------
// Messages

/** Takes away an error the page showed (a later request of the same kind answered). */
function clearError(): void {
  if (byId('message').classList.contains('error')) say('');
}

function say(text: string, kind: 'info' | 'error' = 'info'): void {
  const box = byId('message');
  box.className = `message ${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.textContent = text;
  box.hidden = !text;
}

/**
 * Says which parts of the link the page could not use and what it did instead, above the
 * view it draws from the rest; it stays until dismissed or another link is read. Called with
 * more later (an id that names nothing), it adds to the list.
 */
function linkProblems(problems: string[], add = false): void {
  const box = document.getElementById('link-problems');
  if (!box) return;
  const had = add ? [...box.querySelectorAll('li')].map((li) => li.textContent ?? '') : [];
  const all = [...new Set([...had, ...problems])];
  box.hidden = !all.length;
  if (!all.length) {
    fill(box);
    return;
  }
  const dismiss = h(
    'button',
    { type: 'button', class: 'small', id: 'link-problems-dismiss' },
    'Dismiss',
  );
  dismiss.addEventListener('click', () => linkProblems([]));
  fill(
    box,
    h(
      'p',
      {},
      `${all.length === 1 ? 'A part' : 'Parts'} of this link could not be used; the rest of the view is shown.`,
    ),
    h('ul', {}, ...all.map((p) => h('li', {}, p))),
    dismiss,
  );
}

/**
 * The service refused the tab's key (revoked since, or unknown): it is forgotten, the page
 * says so and carries on as a visitor.
 */
function keyRefused(): void {
  setApiKey(null);
  role = null;
  keyName = null;
  renderKey();
  askForKey(
    'The service no longer accepts this tab’s API key (it may have been revoked), so it was forgotten. Paste another, or read as a visitor.',
  );
}

function failed(err: unknown): void {
  if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') {
    if (apiKey()) keyRefused();
    else askForKey('This service needs an API key to read: paste one below.');
    return;
  }
  say(err instanceof Error ? err.message : String(err), 'error');
}

// ------------------------------------------------------------------------------------------
// The view in the URL

function commit(change: Partial<View>, options: { reload?: boolean; push?: boolean } = {}): void {
  view = { ...view, ...change };
  // Opening another entity is a step Back returns from; a slider tick or a filter is not.
  const url = `${location.pathname}${writeView(view)}`;
  if (options.push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  if (options.reload) void load();
}

// ------------------------------------------------------------------------------------------
// Loading and drawing

/** Expanded entities' neighbourhoods asked for at once. */
const EXPAND_AT_ONCE = 4;

/** Counts loads, so an answer that arrives after a newer request was sent is dropped. */
let loads = 0;

async function load(): Promise<void> {
  const mine = ++loads;
  forumPages = null;
  if (byId('message').classList.contains('error')) say('');
  if (!view.entity) {
    nodes.clear();
    edges.clear();
    truncated = false;
    render();
    return;
  }
  const types = TIE_TYPES.filter((t) => !view.offTies.includes(t));
  const roots = [view.entity, ...view.expand.filter((id) => id !== view.entity)];
  byId('graph-summary').textContent = 'Loading…';
  const ask = (id: string, depth: number) =>
    gql<{ neighbourhood: { truncated: boolean; nodes: GNode[]; edges: GEdge[] } }>(NEIGHBOURHOOD, {
      id,
      depth,
      activeOn: view.year === null ? null : String(view.year),
      types: types.length === TIE_TYPES.length ? null : types,
    });
  try {
    // The centre first: without it there is nothing to draw, so its failure is the page's error.
    const centre = await ask(roots[0], view.depth);
    // Each expanded entity on its own, a few at a time: one that is gone (deleted since the link
    // was made) or refused costs only itself, and a long list does not spend the visitor's rate
    // limit in one burst.
    const expanded: Array<PromiseSettledResult<typeof centre>> = [];
    for (let i = 1; i < roots.length; i += EXPAND_AT_ONCE) {
      expanded.push(
        ...(await Promise.allSettled(roots.slice(i, i + EXPAND_AT_ONCE).map((id) => ask(id, 1)))),
      );
      if (mine !== loads) return;
    }
    if (mine !== loads) return;
    const lost = roots.slice(1).filter((_, i) => expanded[i].status === 'rejected');
    const answers = [
      centre,
      ...expanded.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    ];
    nodes.clear();
    edges.clear();
    truncated = false;
    for (const { neighbourhood: g } of answers) {
      truncated ||= g.truncated;
      for (const n of g.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
      for (const e of g.edges) edges.set(e.id, e);
    }
    if (!nodes.has(roots[0])) {
      // A link made before the open entity was merged away: the walk began at the kept one.
      const { node } = await gql<{ node: { id: string; name: string } | null }>(CURRENT, {
        id: roots[0],
      });
      if (mine !== loads) return;
      if (node && node.id !== roots[0] && nodes.has(node.id)) {
        const old = roots[0];
        commit({
          entity: node.id,
          selected: view.selected === old ? node.id : view.selected,
          from: view.from === old ? node.id : view.from,
          to: view.to === old ? node.id : view.to,
          alliesOf: view.alliesOf === old ? node.id : view.alliesOf,
        });
        say(`The entity of this link was merged into ${node.name}: showing that one.`);
      }
    }
    if (lost.length) {
      view.expand = view.expand.filter((id) => !lost.includes(id));
      commit({});
      say(
        `${lost.length} expanded ${lost.length === 1 ? 'entity' : 'entities'} could not be loaded (deleted, merged or refused) and ${lost.length === 1 ? 'is' : 'are'} no longer expanded.`,
        'error',
      );
    }
    if (view.year === null) {
      const years = [...edges.values()]
        .flatMap((e) => [e.since, e.until])
        .map((d) => Number(d?.slice(0, 4)))
        .filter((y) => y > 1900);
      if (years.length) yearBounds = { min: Math.min(...years), max: new Date().getFullYear() };
    }
    if (truncated)
      say(
        'This neighbourhood is larger than 500 entities: only part of it is drawn. Lower the depth or filter the ties.',
      );
  } catch (err) {
    if (mine !== loads) return;
    nodes.clear();
    edges.clear();
    failed(err);
  }
  render({ layout: true });
  // The paths drawn follow the year, the tie types and the key: asked again when those changed.
  if (mine === loads && pathsStale()) await findPaths();
}

/** What the filters let through, from what was loaded and any path shown. */
function visible(): { ns: GNode[]; es: GEdge[] } {
  const roots = new Set([view.entity, ...view.expand]);
  const all = new Map([...nodes, ...pathNodes]);
  const keepNode = (n: GNode) =>
    roots.has(n.id) ||
    pathNodes.has(n.id) ||
    !(view.offTypes.includes(n.type) || view.hide.includes(n.id));
  const ns = [...all.values()].filter(keepNode);
  const ids = new Set(ns.map((n) => n.id));
  const es = [...new Map([...edges, ...pathEdges]).values()].filter(
    (e) =>
      ids.has(e.source) &&
      ids.has(e.target) &&
      (pathEdges.has(e.id) ||
        (!view.offTies.includes(e.type) && !(e.role && view.offRoles.includes(e.role)))),
  );
  // An entity the filters cut off from everything drawn is left out (the roots stay).
  const touched = new Set(es.flatMap((e) => [e.source, e.target]));
  return { ns: ns.filter((n) => roots.has(n.id) || touched.has(n.id)), es };
}

/** Times a step of drawing as a performance measure (`npm run bench:explorer` reports them). */
function timed<T>(name: string, step: () => T): T {
  const start = performance.now();
  try {
    return step();
  } finally {
    performance.measure(`explorer:${name}`, { start, end: performance.now() });
  }
}

function render(options: { layout?: boolean } = {}): void {
  timed('render', () => renderNow(options));
}

function renderNow(options: { layout?: boolean }): void {
  const { ns, es } = visible();
  const before = new Set(shownNodes.map((n) => n.id));
  shownNodes = ns;
  shownEdges = es;
  timed('show', () => drawing.show(ns, es, view.entity));
  const added = ns.filter((n) => !before.has(n.id)).length;
  if (options.layout || added) {
    // A new centre is arranged afresh; otherwise only entities new to the drawing move.
    const fresh = before.size === 0 || drawnFocus !== view.entity;
    drawnFocus = view.entity;
    drawing.layout(fresh ? 'fresh' : 'new', { fit: fresh || added > 0 });
  }
  timed('select', () => {
    drawing.select(view.selected);
    drawing.highlight(highlighted);
  });
  byId('graph-empty').hidden = ns.length > 0;
  byId('graph-summary').textContent = view.entity
    ? `${ns.length} entities, ${es.length} ties${view.year === null ? '' : ` active in ${view.year}`}${truncated ? ' (truncated)' : ''}`
    : '';
  renderToolbar();
  timed('list', renderList);
  timed('tab', renderTab);
}

// ------------------------------------------------------------------------------------------
// Names

function nameOf(id: string): string {
  return nodes.get(id)?.label ?? pathNodes.get(id)?.label ?? 'an entity not drawn';
}

function entityButton(ref: Ref, type?: string): HTMLElement {
  const b = h(
    'button',
    { type: 'button', class: 'link', 'data-id': ref.id },
    type ? swatch(type) : null,
    ref.name,
  );
  b.addEventListener('click', () => open(ref.id));
  return b;
}

function selectButton(id: string, text: string): HTMLElement {
  const b = h('button', { type: 'button', class: 'link', 'data-id': id }, text);
  b.addEventListener('click', () => select(id));
  return b;
}

function tieText(e: GEdge): string {
  return [e.role ? words(e.role) : words(e.type), period(e.since, e.until)]
    .filter(Boolean)
    .join(' ');
}

// ------------------------------------------------------------------------------------------
// Actions

function open(id: string): void {
  stop();
  pathsShown = null;
  pathsAsked = null;
  pathNodes = new Map();
  pathEdges = new Map();
  highlighted = new Set();
  commit(
    { entity: id, selected: id, expand: [], hide: [], tab: 'details' },
    { push: id !== view.entity },
  );
  // The button that opened it (in the List tab, say) is gone once redrawn: the focus goes to
  // the new details' heading rather than dropping to the page's body.
  void load().then(focusDetails);
}

/**
 * When the control that had the focus is gone or hidden (a List button, once the Details tab
 * shows), the focus goes to the details' heading rather than dropping to the page's body.
 */
function focusDetails(): void {
  const active = document.activeElement;
  if (
    active instanceof HTMLElement &&
    active !== document.body &&
    document.contains(active) &&
    active.offsetParent !== null
  )
    return;
  const heading = document.querySelector<HTMLElement>('#panel-details h2');
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

function select(id: string | null): void {
  commit({ selected: id, tab: id ? 'details' : view.tab });
  drawing.select(id);
  renderTabs();
  renderTab();
  if (id) focusDetails();
}

function expand(id: string): void {
  if (view.expand.includes(id) || id === view.entity) return;
  if (view.expand.length >= MAX_EXPAND) {
    say(
      `At most ${MAX_EXPAND} entities can be expanded at once: open this one instead, or hide some.`,
      'error',
    );
    return;
  }
  commit({ expand: [...view.expand, id] }, { reload: true });
}

function hide(id: string): void {
  if (id === view.entity) return;
  if (view.hide.length >= MAX_HIDE) {
    say(
      `At most ${MAX_HIDE} entities can be hidden at once: filter by type or role instead.`,
      'error',
    );
    return;
  }
  commit({
    hide: [...view.hide, id],
    expand: view.expand.filter((x) => x !== id),
    selected: view.selected === id ? null : view.selected,
  });
  render();
}

function setYear(year: number | null): void {
  commit({ year }, { reload: true });
}

function stop(): void {
  if (playing !== undefined) window.clearInterval(playing);
  playing = undefined;
  byId('play').textContent = 'Play';
  byId('play').setAttribute('aria-pressed', 'false');
}

function play(): void {
  if (playing !== undefined) {
    stop();
    return;
  }
  let year = view.year === null || view.year >= yearBounds.max ? yearBounds.min : view.year + 1;
  setYear(year);
  byId('play').textContent = 'Pause';
  byId('play').setAttribute('aria-pressed', 'true');
  playing = window.setInterval(() => {
    year += 1;
    if (year > yearBounds.max) {
      stop();
      return;
    }
    setYear(year);
  }, 1500);
}

// ------------------------------------------------------------------------------------------
// Toolbar: depth, year, filters, export

function renderToolbar(): void {
  const depth = byId<HTMLSelectElement>('depth');
  depth.value = String(view.depth);
  const slider = byId<HTMLInputElement>('year');
  slider.min = String(Math.min(yearBounds.min, view.year ?? yearBounds.min));
  slider.max = String(yearBounds.max);
  slider.value = String(view.year ?? yearBounds.max);
  slider.setAttribute('aria-valuetext', view.year === null ? 'all years' : String(view.year));
  byId('year-label').textContent = view.year === null ? 'all years' : String(view.year);
  byId<HTMLInputElement>('all-years').checked = view.year === null;
}

function filterGroup(
  legend: string,
  values: readonly string[],
  off: () => string[],
  change: (off: string[]) => void,
  look?: (v: string) => HTMLElement,
): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, legend),
    ...values.map((v) => {
      const box = h('input', { type: 'checkbox', value: v, checked: !off().includes(v) });
      box.addEventListener('change', () => {
        const now = off().filter((x) => x !== v);
        change(box.checked ? now : [...now, v]);
      });
      return h('label', { class: 'check' }, box, look ? look(v) : null, words(v));
    }),
  );
}

function buildFilters(): void {
  fill(
    byId('filters-body'),
    filterGroup(
      'Tie types',
      TIE_TYPES,
      () => view.offTies,
      (offTies) => commit({ offTies }, { reload: true }),
      (t) => line(t),
    ),
    filterGroup(
      'Entity types',
      ENTITY_TYPES,
      () => view.offTypes,
      (offTypes) => {
        commit({ offTypes });
        render();
      },
      (t) => swatch(t),
    ),
    filterGroup(
      'Roles',
      ROLES,
      () => view.offRoles,
      (offRoles) => {
        commit({ offRoles });
        render();
      },
    ),
  );
}

function buildLegend(): void {
  fill(
    byId('legend'),
    h('h2', {}, 'Legend'),
    h('ul', {}, ...ENTITY_TYPES.map((t) => h('li', {}, swatch(t), words(t)))),
    h(
      'ul',
      {},
      ...TIE_TYPES.map((t) => h('li', {}, line(t), `${TIE_NAMES[t] ?? t} (${words(t)})`)),
      h('li', {}, line(null), 'leading role (host, chair, organiser…)'),
    ),
  );
}

/** Names shown by a filter, for /export ("none" for none); null when none is switched off. */
function shownNames(all: readonly string[], off: string[]): string | null {
  const on = all.filter((v) => !off.includes(v));
  return on.length === all.length ? null : on.join(',') || 'none';
}

/** The year and the filters as /export names them (docs/exports.md). */
function filterParams(): Record<string, string> {
  const params: Record<string, string> = {};
  if (view.year !== null) params.activeOn = String(view.year);
  const tieTypes = shownNames(TIE_TYPES, view.offTies);
  if (tieTypes) params.tieTypes = tieTypes;
  const entityTypes = shownNames(ENTITY_TYPES, view.offTypes);
  if (entityTypes) params.entityTypes = entityTypes;
  const roles = shownNames(ROLES, view.offRoles);
  if (roles) params.roles = roles;
  return params;
}

/** The paths drawn, as /export asks connections for them (the Path tab's own arguments). */
function pathParams(): Record<string, string> {
  if (!pathsShown) return {};
  const params: Record<string, string> = {
    from: pathsShown.from,
    to: pathsShown.to,
    first: String(PATH_FIRST),
    maxHops: String(PATH_HOPS),
  };
  if (pathsShown.activeOn) params.activeOn = pathsShown.activeOn;
  if (pathsShown.via) params.via = pathsShown.via.join(',');
  return params;
}

/**
 * What the export buttons ask /export for, so the file holds what the page shows
 * (docs/exports.md): while the forum view is open, the forum view (the forum and the
 * engagements it lists, in the year and the filters, edges=walked); while the Path tab shows
 * paths, those paths (from, to, first, maxHops, as connections answers them); otherwise the
 * whole view drawn: the centre and depth, the expanded entities, the year, the filters and
 * the hidden entities, with only the ties the neighbourhoods bring (edges=walked), and the
 * paths drawn with it, if any.
 */
function exportParams(): Record<string, string> | null {
  if (view.tab === 'forum' && view.forum)
    return { forum: view.forum, ...filterParams(), edges: 'walked' };
  if (view.tab === 'path' && pathsShown) return pathParams();
  if (!view.entity) return null;
  const params: Record<string, string> = {
    around: view.entity,
    depth: String(view.depth),
    edges: 'walked',
  };
  const expand = [...new Set(view.expand.filter((id) => id !== view.entity))];
  if (expand.length) params.expand = expand.join(',');
  Object.assign(params, filterParams());
  // A centre is always drawn, whatever the URL says; the export refuses hiding one.
  const roots = new Set([view.entity, ...expand]);
  const hide = [...new Set(view.hide.filter((id) => !roots.has(id)))];
  if (hide.length) params.hide = hide.join(',');
  return { ...params, ...pathParams() };
}

/** Said after an export: what the file holds. */
function exportNote(params: Record<string, string>): string {
  if (params.forum) return ' It holds the forum view: the forum and the engagements listed.';
  if (params.from && !params.around) return ' It holds the paths the Path tab lists.';
  return params.from ? ' It holds the drawing, the paths found included.' : '';
}

async function exportAs(file: string): Promise<void> {
  const params = exportParams();
  if (!params) {
    say('Open an entity first: the export holds what is shown around it.', 'error');
    return;
  }
  if (!apiKey()) {
    askForKey('Exports hold who works where, so they need a viewer key: paste one below.');
    return;
  }
  try {
    const { blob, filename } = await exportFile(file, params);
    download(blob, filename);
    say(`Exported ${filename}.${exportNote(params)}`);
  } catch (err) {
    failed(err);
  }
}

/** Makes a signed link to the export (POST /export/links), shows it and copies it if the browser lets it. */
async function copyExportLink(): Promise<void> {
  const params = exportParams();
  if (!params) {
    say('Open an entity first: the export holds what is shown around it.', 'error');
    return;
  }
  if (!apiKey()) {
    askForKey('Export links are made for a viewer key: paste one below.');
    return;
  }
  try {
    const file = byId<HTMLSelectElement>('export-link-file').value;
    const { url, expiresAt } = await exportLink(file, params);
    const box = byId<HTMLInputElement>('export-link-url');
    box.value = url;
    box.hidden = false;
    box.focus();
    box.select();
    const until = new Date(expiresAt).toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit',
    });
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // no clipboard permission (or not a secure context): the link is selected in the box
    }
    byId('export-link-hint').textContent = copied
      ? `Link copied. It works until ${until}, without a key; paste it into the tool's "import from URL".`
      : `Copy the link above (it is selected). It works until ${until}, without a key.`;
  } catch (err) {
    failed(err);
  }
}

// ------------------------------------------------------------------------------------------
// The list view of the neighbourhood (the drawing as text)

function renderList(): void {
  const box = byId('list-body');
  if (!view.entity) {
    fill(box, h('p', {}, 'Open an entity to list its neighbourhood.'));
    return;
  }
  const byType = new Map<string, GNode[]>();
  for (const n of shownNodes) byType.set(n.type, [...(byType.get(n.type) ?? []), n]);
  fill(
    box,
    h('h3', {}, `Entities (${shownNodes.length})`),
    ...[...byType].map(([type, ns]) =>
      h(
        'section',
        {},
        h('h4', {}, words(type)),
        h(
          'ul',
          { class: 'entities' },
          ...ns
            .sort((a, b) => a.label.localeCompare(b.label))
            .map((n) => h('li', {}, selectButton(n.id, n.label))),
        ),
      ),
    ),
    h('h3', {}, `Ties (${shownEdges.length})`),
    h(
      'ul',
      { class: 'ties' },
      ...shownEdges.map((e) =>
        h(
          'li',
          {},
          iso(nameOf(e.source)),
          ' → ',
          selectButton(e.id, tieText(e)),
          ' → ',
          iso(nameOf(e.target)),
        ),
      ),
    ),
  );
}

// ------------------------------------------------------------------------------------------
// Tabs

function renderTabs(): void {
  for (const t of TABS) {
    const tab = byId(`tab-${t}`);
    const on = t === view.tab;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    byId(`panel-${t}`).hidden = !on;
  }
}

function showTab(tab: Tab, focus = false): void {
  commit({ tab });
  renderTabs();
  renderTab();
  if (focus) byId(`tab-${tab}`).focus();
}

function renderTab(): void {
  switch (view.tab) {
    case 'details':
      renderDetails();
      break;
    case 'forum':
      void renderForum();
      break;
    case 'path':
      renderPath();
      break;
    case 'key':
      renderKey();
      break;
    case 'list':
      break;
  }
}

// ------------------------------------------------------------------------------------------
// Details of the selected entity or tie

const SHOWN_PROPS = [
  'acronym',
  'kind',
  'level',
  'title',
  'countries',
  'aliases',
  'startDate',
  'endDate',
  'venue',
  'city',
  'country',
  'adoptedOn',
  'slug',
];

function sourcesList(sources: Source[]): HTMLElement {
  if (!sources.length) return h('p', {}, 'No sources recorded.');
  return h(
    'ol',
    { class: 'sources' },
    ...sources.map((s) =>
      h(
        'li',
        {},
        dataLink(s.url, s.title),
        s.date ? ` (${s.date})` : null,
        s.quote ? h('blockquote', {}, s.quote) : null,
      ),
    ),
  );
}

function actionButton(
  text: string,
  run: () => void,
  attrs: Record<string, string> = {},
): HTMLElement {
  const b = h('button', { type: 'button', ...attrs }, text);
  b.addEventListener('click', run);
  return b;
}

function renderDetails(): void {
  const box = byId('panel-details');
  const id = view.selected ?? view.entity;
  if (!id) {
    fill(
      box,
      h('h2', {}, 'Explore the network'),
      h(
        'p',
        {},
        'Search for an organisation, person, forum, event, instrument or topic above, then open it to see who it is tied to, since when, and on what evidence.',
      ),
    );
    return;
  }
  const node = nodes.get(id) ?? pathNodes.get(id);
  if (node) {
    renderEntity(box, node);
    return;
  }
  const edge = edges.get(id) ?? pathEdges.get(id);
  if (edge) {
    void renderTie(box, edge);
    return;
  }
  fill(box, h('p', {}, 'Nothing selected.'));
}

function renderEntity(box: HTMLElement, n: GNode): void {
  const p = n.properties ?? {};
  const rows: Child[] = [];
  for (const key of SHOWN_PROPS) {
    const v = p[key];
    if (v === undefined || v === null || (Array.isArray(v) && !v.length)) continue;
    rows.push(h('dt', {}, key), h('dd', {}, Array.isArray(v) ? v.join(', ') : String(v as string)));
  }
  for (const key of ['website', 'url']) {
    const v = p[key];
    if (typeof v === 'string') rows.push(h('dt', {}, key), h('dd', {}, dataLink(v, v)));
  }
  // The ties drawn (what the filters let through) and any path shown, each once.
  const ties = [
    ...new Map([...shownEdges, ...pathEdges.values()].map((e) => [e.id, e])).values(),
  ].filter((e) => e.source === n.id || e.target === n.id);
  const actions: Child[] = [];
  if (n.id !== view.entity) actions.push(actionButton('Open', () => open(n.id)));
  if (n.id !== view.entity && !view.expand.includes(n.id))
    actions.push(actionButton('Expand', () => expand(n.id)));
  if (n.id !== view.entity) actions.push(actionButton('Hide', () => hide(n.id)));
  if (n.type === 'Forum')
    actions.push(actionButton('Forum view', () => openForum({ id: n.id, name: n.label })));
  if (n.type === 'Organisation')
    actions.push(
      actionButton('Allies', () => {
        commit({ alliesOf: n.id, forum: view.forum });
        showTab('forum');
      }),
    );
  if (n.type !== 'Forum')
    actions.push(actionButton('Path from here', () => pathFrom({ id: n.id, name: n.label })));
  fill(
    box,
    h('h2', {}, swatch(n.type), iso(n.label)),
    h('p', { class: 'kind' }, words(n.type)),
    h('div', { class: 'actions' }, ...actions),
    typeof p.description === 'string' ? h('p', { class: 'description' }, p.description) : null,
    rows.length ? h('dl', {}, ...rows) : null,
    h('h3', {}, `Ties (${ties.length} drawn)`),
    ties.length
      ? h(
          'ul',
          { class: 'ties' },
          ...ties.map((e) => {
            const other = e.source === n.id ? e.target : e.source;
            return h(
              'li',
              {},
              selectButton(e.id, tieText(e)),
              e.source === n.id ? ' in ' : ' from ',
              selectButton(other, nameOf(other)),
            );
          }),
        )
      : h('p', {}, 'No ties drawn with the current filters.'),
    h('h3', {}, 'Sources'),
    sourcesList(Array.isArray(p.sources) ? (p.sources as Source[]) : []),
    mayEdit() ? editorForms(n) : null,
  );
}

async function renderTie(box: HTMLElement, e: GEdge): Promise<void> {
  const head = [
    h('h2', {}, iso(nameOf(e.source)), ` — ${tieText(e)} — `, iso(nameOf(e.target))),
    h(
      'p',
      { class: 'kind' },
      `${TIE_NAMES[e.type] ?? e.type} (${words(e.type)})${PERSONAL_TIES.has(e.type) ? ', visible with a viewer key' : ''}`,
    ),
    h(
      'dl',
      {},
      h('dt', {}, 'from'),
      h('dd', {}, selectButton(e.source, nameOf(e.source))),
      h('dt', {}, 'to'),
      h('dd', {}, selectButton(e.target, nameOf(e.target))),
      e.role ? h('dt', {}, 'role') : null,
      e.role ? h('dd', {}, words(e.role)) : null,
      h('dt', {}, 'since'),
      h('dd', {}, e.since ?? 'not recorded'),
      h('dt', {}, 'until'),
      h('dd', {}, e.until ?? (e.since ? 'still holds' : 'not recorded')),
    ),
  ];
  fill(box, ...head, h('p', {}, 'Loading sources…'));
  try {
    const { node } = await gql<{
      node: { note: string | null; sources: Source[] } | null;
    }>(TIE, { id: e.id });
    if (view.selected !== e.id) return;
    fill(
      box,
      ...head,
      node?.note ? h('p', { class: 'description' }, node.note) : null,
      h('h3', {}, 'Sources'),
      sourcesList(node?.sources ?? []),
    );
  } catch (err) {
    failed(err);
  }
}

// ------------------------------------------------------------------------------------------
// Forum view and allies

function openForum(forum: Ref): void {
  commit({ forum: forum.id, tab: 'forum' });
  renderTabs();
  void renderForum();
}

let forumSearch: ReturnType<typeof searchBox> | null = null;

interface ForumAnswer {
  id: string;
  name: string;
  engagements: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{
      id: string;
      role: string | null;
      since: string | null;
      until: string | null;
      actor: { __typename: string; id: string; name: string } | null;
    }>;
  };
}
/** The forum view's engagements read so far, for one forum and year. */
let forumPages: { key: string; forum: ForumAnswer | null } | null = null;

/** Reads the next page of the forum's engagements (`after` the last) and shows them with the others. */
async function moreEngagements(key: string): Promise<void> {
  const had = forumPages?.key === key ? forumPages.forum : null;
  if (!had || !view.forum) return;
  try {
    const { forum } = await gql<{ forum: ForumAnswer | null }>(FORUM, {
      id: view.forum,
      activeOn: view.year === null ? null : String(view.year),
      after: had.engagements.pageInfo.endCursor,
    });
    if (!forum || forumPages?.key !== key) return;
    had.engagements.nodes.push(...forum.engagements.nodes);
    had.engagements.pageInfo = forum.engagements.pageInfo;
    had.engagements.totalCount = forum.engagements.totalCount;
    await renderForum();
    document.getElementById('forum-more')?.focus();
  } catch (err) {
    failed(err);
  }
}

async function renderForum(): Promise<void> {
  const box = byId('panel-forum-body');
  if (!forumSearch) {
    forumSearch = searchBox({
      label: 'Forum',
      placeholder: 'Find a forum…',
      types: ['Forum'],
      onPick: (hit) => openForum(hit),
      onError: failed,
      onAnswer: clearError,
    });
    byId('panel-forum-search').append(forumSearch.root);
  }
  const activeOn = view.year === null ? null : String(view.year);
  const parts: Child[] = [];
  if (view.forum) {
    try {
      const key = `${view.forum} ${activeOn}`;
      if (forumPages?.key !== key) {
        const { forum: first } = await gql<{ forum: ForumAnswer | null }>(FORUM, {
          id: view.forum,
          activeOn,
        });
        forumPages = { key, forum: first };
      }
      const forum = forumPages.forum;
      if (forum) {
        forumSearch.set({ id: forum.id, type: 'Forum', name: forum.name });
        // The filters apply here as in the drawing: no engagements with ENGAGES_IN off, no
        // actors of a type switched off, no roles switched off (a tie without a role stays).
        const listed = forum.engagements.nodes.filter(
          (e) =>
            !view.offTies.includes('ENGAGES_IN') &&
            !(e.actor && view.offTypes.includes(e.actor.__typename)) &&
            !(e.role && view.offRoles.includes(e.role)),
        );
        const filteredOut = forum.engagements.nodes.length - listed.length;
        const byRole = new Map<string, typeof forum.engagements.nodes>();
        for (const e of listed) {
          const role = e.role ?? 'OTHER';
          byRole.set(role, [...(byRole.get(role) ?? []), e]);
        }
        const order = [...ENGAGEMENT_ROLES];
        parts.push(
          h('h3', {}, 'Who engages in ', iso(forum.name), activeOn ? ` in ${activeOn}` : ''),
          h(
            'p',
            { id: 'forum-count' },
            (forum.engagements.nodes.length < forum.engagements.totalCount
              ? `The first ${forum.engagements.nodes.length} of ${forum.engagements.totalCount} engagements.`
              : `${forum.engagements.totalCount} engagements.`) +
              (filteredOut ? ` ${listed.length} shown: the filters leave out ${filteredOut}.` : ''),
          ),
          ...[...byRole]
            .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
            .map(([role, es]) =>
              h(
                'section',
                { class: 'role-group' },
                h('h4', {}, `${words(role)} (${es.length})`),
                h(
                  'ul',
                  {},
                  ...es.map((e) =>
                    h(
                      'li',
                      { 'data-tie': e.id },
                      e.actor
                        ? entityButton(e.actor, e.actor.__typename)
                        : 'someone not visible to you',
                      e.since || e.until ? ` ${period(e.since, e.until)}` : null,
                      e.actor?.__typename === 'Organisation'
                        ? actionButton(
                            'Allies',
                            () => {
                              commit({ alliesOf: e.actor!.id });
                              void renderForum();
                            },
                            { class: 'small', 'aria-label': `Allies of ${e.actor.name}` },
                          )
                        : null,
                    ),
                  ),
                ),
              ),
            ),
        );
        if (forum.engagements.pageInfo.hasNextPage)
          parts.push(
            actionButton(
              `More (next ${Math.min(FORUM_PAGE, forum.engagements.totalCount - forum.engagements.nodes.length)})`,
              () => void moreEngagements(key),
              { id: 'forum-more' },
            ),
          );
      } else parts.push(h('p', {}, 'That forum is not in the network (any more).'));
    } catch (err) {
      failed(err);
    }
  } else parts.push(h('p', {}, 'Choose a forum to see who engages in it, by role.'));

  if (view.alliesOf) {
    const onlyHere = view.forum !== null && byId<HTMLInputElement>('allies-here').checked;
    try {
      const { allies } = await gql<{
        allies: Array<{ score: number; organisation: Ref; sharedFora: Ref[]; sharedEvents: Ref[] }>;
      }>(ALLIES, { of: view.alliesOf, forum: onlyHere ? view.forum : null, activeOn });
      const name = nodes.get(view.alliesOf)?.label ?? 'this organisation';
      parts.push(
        h(
          'h3',
          { id: 'allies-heading' },
          'Allies of ',
          iso(name),
          activeOn ? ` in ${activeOn}` : '',
        ),
        allies.length
          ? h(
              'ol',
              { class: 'allies', 'aria-labelledby': 'allies-heading' },
              ...allies.map((a) =>
                h(
                  'li',
                  {},
                  entityButton(a.organisation, 'Organisation'),
                  h('span', { class: 'score' }, ` score ${a.score.toFixed(2)}`),
                  a.sharedFora.length
                    ? h(
                        'div',
                        {},
                        'shared fora: ',
                        ...joined(a.sharedFora.map((f) => entityButton(f, 'Forum'))),
                      )
                    : null,
                  a.sharedEvents.length
                    ? h(
                        'div',
                        {},
                        'shared events: ',
                        ...joined(a.sharedEvents.map((ev) => entityButton(ev, 'Event'))),
                      )
                    : null,
                ),
              ),
            )
          : h('p', {}, 'No allies: it shares no forum or event with another organisation.'),
        h(
          'p',
          { class: 'hint' },
          'The score adds, for each shared forum, both sides’ role weights (host 3 … observer 0.5) damped by the forum’s size, and half as much for each shared event.',
        ),
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NOT_FOUND') {
        // A link's allies= that names no organisation (any more): said, and left out of the view.
        linkProblems(
          [`allies=${view.alliesOf} names no organisation (any more): no allies are shown.`],
          true,
        );
        commit({ alliesOf: null });
      } else failed(err);
    }
  }
  if (view.tab === 'forum') fill(box, ...parts);
}

function joined(items: HTMLElement[]): Child[] {
  return items.flatMap((el, i) => (i ? [', ', el] : [el]));
}

// ------------------------------------------------------------------------------------------
// Path finder

let pathBoxes: { from: ReturnType<typeof searchBox>; to: ReturnType<typeof searchBox> } | null =
  null;
let pathEnds: { from: Hit | null; to: Hit | null } = { from: null, to: null };

function pathFrom(ref: Ref): void {
  pathEnds.from = { ...ref, type: nodes.get(ref.id)?.type ?? '' };
  commit({ from: ref.id });
  showTab('path');
  pathBoxes?.from.set(pathEnds.from);
  pathBoxes?.to.input.focus();
}

function renderPath(): void {
  if (!pathBoxes) {
    pathBoxes = {
      from: searchBox({
        label: 'From',
        types: undefined,
        onPick: (hit) => {
          pathEnds.from = hit;
          commit({ from: hit.id });
        },
        onError: failed,
        onAnswer: clearError,
      }),
      to: searchBox({
        label: 'To',
        onPick: (hit) => {
          pathEnds.to = hit;
          commit({ to: hit.id });
        },
        onError: failed,
        onAnswer: clearError,
      }),
    };
    const go = actionButton('Find paths', () => void findPaths(), { id: 'find-paths' });
    byId('panel-path-form').append(pathBoxes.from.root, pathBoxes.to.root, go);
  }
  for (const end of ['from', 'to'] as const) {
    const id = view[end];
    if (id && !pathEnds[end]) {
      const n = nodes.get(id) ?? pathNodes.get(id);
      if (n) pathEnds[end] = { id, type: n.type, name: n.label };
    }
    pathBoxes[end].set(pathEnds[end]);
  }
}

/** The Path tab's question now: its ends, and the year and tie types the page shows. */
function pathQuestion(): PathQuestion {
  const via = TIE_TYPES.filter((t) => !view.offTies.includes(t));
  return {
    from: view.from ?? '',
    to: view.to ?? '',
    activeOn: view.year === null ? null : String(view.year),
    via: via.length === TIE_TYPES.length ? null : via,
    keyed: apiKey() !== null,
  };
}

/** Whether the paths drawn answer another year, other tie types or another key than the page has now. */
function pathsStale(): boolean {
  if (!pathsAsked) return false;
  const now = pathQuestion();
  return (
    now.keyed !== pathsAsked.keyed ||
    now.activeOn !== pathsAsked.activeOn ||
    (now.via ?? []).join(',') !== (pathsAsked.via ?? []).join(',')
  );
}

async function findPaths(): Promise<void> {
  const box = byId('panel-path-body');
  if (!view.from || !view.to) {
    fill(box, h('p', { role: 'alert' }, 'Pick both ends from the search results first.'));
    return;
  }
  const question = pathQuestion();
  pathsAsked = question;
  const none = (text: string) => {
    // Paths drawn for an earlier question go: the drawing shows only what this one found.
    const had = pathsShown !== null;
    pathsShown = null;
    pathNodes = new Map();
    pathEdges = new Map();
    highlighted = new Set();
    if (had) render();
    fill(box, h('p', {}, text));
  };
  if (question.via && !question.via.length) {
    none('Every tie type is switched off in the filters: there is no tie to find a path along.');
    return;
  }
  try {
    const { connections } = await gql<{ connections: Path[] }>(PATHS, {
      from: question.from,
      to: question.to,
      activeOn: question.activeOn,
      via: question.via,
    });
    if (!connections.length) {
      none(
        `No connection of up to ${PATH_HOPS} ties${question.activeOn ? ` active in ${question.activeOn}` : ''}${question.via ? ' through the tie types the filters let through' : ''}.`,
      );
      return;
    }
    pathsShown = question;
    pathNodes = new Map();
    pathEdges = new Map();
    highlighted = new Set();
    for (const p of connections) {
      for (const n of p.nodes) {
        pathNodes.set(n.id, { id: n.id, type: n.__typename, label: n.name });
        highlighted.add(n.id);
      }
      for (const e of p.edges) {
        pathEdges.set(e.id, e);
        highlighted.add(e.id);
      }
    }
    if (!view.entity) commit({ entity: view.from });
    render();
    fill(
      box,
      h(
        'h3',
        {},
        `${connections.length} shortest connection${connections.length === 1 ? '' : 's'}`,
      ),
      h(
        'ol',
        { class: 'paths' },
        ...connections.map((p) =>
          h(
            'li',
            {},
            `${p.length} tie${p.length === 1 ? '' : 's'}: `,
            ...p.nodes.flatMap((n, i) => {
              const e = p.edges[i];
              return [
                selectButton(n.id, n.name),
                // The tie is a button too: its details and sources, as in the List tab.
                e ? h('span', { class: 'via' }, ' —', selectButton(e.id, tieText(e)), '— ') : null,
              ];
            }),
          ),
        ),
      ),
      actionButton('Clear highlight', () => {
        pathsShown = null;
        pathsAsked = null;
        highlighted = new Set();
        pathNodes = new Map();
        pathEdges = new Map();
        render();
      }),
    );
  } catch (err) {
    failed(err);
  }
}

// ------------------------------------------------------------------------------------------
// API key

function askForKey(why: string): void {
  showTab('key');
  byId('key-why').textContent = why;
  byId('key-why').hidden = false;
  byId<HTMLInputElement>('key-input').focus();
}

function renderKey(): void {
  const signedIn = Boolean(apiKey());
  const who = role
    ? ` Its role is ${role.toLowerCase()}${keyName ? ` (${keyName})` : ''}: ${mayEdit() ? 'you may read everything and make changes.' : 'you may read everything and export; changes need an editor key.'}`
    : '';
  byId('key-state').textContent = signedIn
    ? `A key is in use in this tab.${who} It is kept in this tab’s session storage only and forgotten when the tab closes.`
    : 'No key: you see public data. A viewer key shows who works where (affiliations) and allows exports; an editor key allows changes.';
  byId('key-forget').hidden = !signedIn;
  byId('signed-in').textContent = signedIn ? 'Signed in' : 'Sign in';
}

/** Asks the service who the tab's key is (`viewer`): its role decides which forms are shown. */
async function who(): Promise<void> {
  const { viewer } = await gql<{
    viewer: { role: 'VIEWER' | 'EDITOR' | 'ADMIN' | null; keyName: string | null };
  }>(WHO);
  role = viewer.role;
  keyName = viewer.keyName;
}

async function useKey(key: string): Promise<void> {
  setApiKey(key);
  try {
    await who();
    byId('key-why').hidden = true;
    say(
      mayEdit()
        ? 'Key accepted: affiliations and exports are available, and you may change records.'
        : 'Key accepted: affiliations and exports are available; changes need an editor key.',
    );
  } catch (err) {
    if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') {
      setApiKey(null);
      byId('key-why').textContent =
        'The service did not recognise that key. Check it and paste it again.';
      byId('key-why').hidden = false;
      renderKey();
      return;
    }
    failed(err);
  }
  renderKey();
  await load();
}

// ------------------------------------------------------------------------------------------
// Editor forms: edit the entity, add an engagement with its source

function field(
  name: string,
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
): HTMLElement {
  control.name = name;
  control.id = `f-${name}-${Math.random().toString(36).slice(2, 8)}`;
  const problem = h('span', { class: 'problem', 'data-field': name, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', (problem.id = `${control.id}-problem`));
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, problem);
}

/** Shows each field problem beside its field (sources[0].url beside the source's url, etc.). */
function showProblems(form: HTMLFormElement, err: unknown): void {
  form.querySelectorAll('.problem').forEach((p) => (p.textContent = ''));
  const general = form.querySelector('.form-error')!;
  general.textContent = '';
  if (err instanceof ApiError && err.code === 'CONFLICT' && err.currentVersion !== undefined) {
    const reload = actionButton('Reload', () => void load());
    fill(
      general,
      'Someone changed this since you opened it. Reload to see their change, then edit again. ',
      reload,
    );
    return;
  }
  if (err instanceof ApiError && err.code === 'FORBIDDEN') {
    general.textContent = 'Your key may read but not change records: changes need an editor key.';
    return;
  }
  if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') {
    keyRefused();
    return;
  }
  let placed = false;
  // The form's field for an API path: sources.0.url (or sources[0].url) is the source's link.
  const leafOf = (path: string) =>
    path.replace(/^input\./, '').replace(/^sources(?:\[\d+\]|\.\d+)\./, 'source-');
  /** Puts a problem beside its field (after one already there); false when the form has no such field. */
  const place = (path: string, problem: string): boolean => {
    const slot = form.querySelector(`.problem[data-field="${CSS.escape(leafOf(path))}"]`);
    if (!slot) return false;
    slot.textContent = slot.textContent ? `${slot.textContent}; ${problem}` : problem;
    placed = true;
    return true;
  };
  // Problems whose fields the form does not have (an end it fixes itself, say): said above the button.
  const elsewhere: string[] = [];
  if (err instanceof ApiError) {
    if (err.problems.length) {
      // Several problems of one request (extensions.problems): each beside its fields, or said.
      for (const p of err.problems) {
        const here = p.fields.map((f) => place(f.field, f.problem)).some(Boolean);
        if (!here) elsewhere.push(p.message);
      }
    } else for (const f of err.fields) place(f.field, f.problem);
    // A value GraphQL itself refuses (a malformed date) names its place in the message only:
    // 'Variable "$input" got invalid value "2018-13" at "input.since"; …'.
    const at = err.fields.length ? null : /got invalid value .* at "([^"]+)"/.exec(err.message);
    if (at) place(at[1].replace(/^[^.]+\./, ''), err.message.replace(/^.*?; /, ''));
  }
  if (!placed) general.textContent = err instanceof Error ? err.message : String(err);
  else if (elsewhere.length) general.textContent = elsewhere.join(' ');
}

function form(
  title: string,
  fields: HTMLElement[],
  submit: string,
  run: (f: HTMLFormElement) => Promise<void>,
): HTMLElement {
  const el = h(
    'form',
    { class: 'editor', novalidate: true, 'aria-label': title },
    h('h3', {}, title),
    ...fields,
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit' }, submit),
  );
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    run(el).catch((err) => showProblems(el, err));
  });
  return el;
}

function value(f: HTMLFormElement, name: string): string | null {
  const el = f.elements.namedItem(name) as HTMLInputElement | null;
  const v = el?.value.trim() ?? '';
  return v === '' ? null : v;
}

function editorForms(n: GNode): HTMLElement {
  const p = n.properties ?? {};
  const textField = n.type === 'Person' ? 'title' : 'description';
  // What the form shows and the version it edits. An entity known only by its name (reached
  // through a path) is read first: saving must neither blank what the form did not show nor
  // skip the version check.
  let version = typeof p.version === 'number' ? p.version : null;
  const text = h('textarea', { rows: 3 });
  text.value = typeof p[textField] === 'string' ? p[textField] : '';
  let shown = text.value;
  const edit = form(
    `Edit ${n.label}`,
    [
      field('name', 'Name', h('input', { type: 'text', value: n.label, required: true })),
      field(textField, textField === 'title' ? 'Title' : 'Description', text),
    ],
    'Save',
    async (f) => {
      if (version === null) throw new Error('This record is still loading; try again in a moment.');
      const input: Record<string, string | null> = { name: value(f, 'name') ?? '' };
      if (text.value !== shown) input[textField] = value(f, textField);
      await gql(
        `mutation Edit($id: ID!, $v: Int, $input: Update${n.type}Input!) { update${n.type}(id: $id, expectedVersion: $v, input: $input) { id version } }`,
        { id: n.id, v: version, input },
      );
      say(`Saved ${input.name ?? n.label}.`);
      await load();
    },
  );
  if (version === null) {
    const save = edit.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (save) save.disabled = true;
    // Not editable until the stored text is in: typing while it arrived could land after it
    // (the caret moves to the end when the value is set), saving the stored text and the typing.
    text.readOnly = true;
    text.placeholder = 'Reading the stored text…';
    const editable = () => {
      text.readOnly = false;
      text.placeholder = '';
    };
    void gql<{ node: Record<string, unknown> | null }>(
      `query Current($id: ID!) { node(id: $id) { ... on ${n.type} { version ${textField} } } }`,
      { id: n.id },
    ).then(
      (d) => {
        const current = d.node ?? {};
        if (typeof current.version === 'number') version = current.version;
        const known = typeof current[textField] === 'string' ? current[textField] : '';
        // Typed into before the answer came: keep the typing, and compare it with the stored
        // text (not with itself), so that saving sends it.
        if (text.value === shown) text.value = known;
        shown = known;
        editable();
        if (save && version !== null) save.disabled = false;
      },
      (err: unknown) => {
        editable();
        showProblems(edit as HTMLFormElement, err);
      },
    );
  }
  const adds = FORM_TIES.map((t) => addTieForm(n, t)).filter((f): f is HTMLElement => f !== null);
  return h('section', { class: 'editing' }, h('h2', {}, 'Change'), edit, ...adds);
}

/** The ties an editor can add from an entity's details: engagements and affiliations, ends and roles from the model spec. */
const FORM_TIES = TIE_SPECS.filter((t) => ['ENGAGES_IN', 'AFFILIATED_WITH'].includes(t.type));

function addTieForm(n: GNode, tie: (typeof TIE_SPECS)[number]): HTMLElement | null {
  const fromTypes: readonly string[] = tie.from.types;
  const toTypes: readonly string[] = tie.to.types;
  const isFrom = fromTypes.includes(n.type);
  if (!isFrom && !toTypes.includes(n.type)) return null;
  const otherTypes = isFrom ? toTypes : fromTypes;
  const noun = tie.name.toLowerCase();
  let other: Hit | null = null;
  const otherBox = searchBox({
    label: otherTypes
      .map((t) => words(t))
      .join(' or ')
      .replace(/^./, (c) => c.toUpperCase()),
    types: [...otherTypes],
    onPick: (hit) => (other = hit),
    onError: failed,
    onAnswer: clearError,
  });
  const role = h(
    'select',
    {},
    h('option', { value: '' }, '(none)'),
    ...(tie.roles?.values ?? []).map((r) => h('option', { value: r }, words(r))),
  );
  return form(
    `Add an ${noun}`,
    [
      h(
        'div',
        { class: 'field' },
        otherBox.root,
        h('span', { class: 'problem', 'data-field': isFrom ? 'to' : 'from' }),
      ),
      field('role', 'Role', role),
      field(
        'since',
        'Since (YYYY, YYYY-MM or YYYY-MM-DD)',
        h('input', { type: 'text', inputmode: 'numeric' }),
      ),
      field(
        'until',
        'Until (leave empty while it holds)',
        h('input', { type: 'text', inputmode: 'numeric' }),
      ),
      field('source-title', 'Source title', h('input', { type: 'text' })),
      field('source-url', 'Source link', h('input', { type: 'url' })),
      field('source-quote', 'Quote from the source', h('textarea', { rows: 2 })),
    ],
    `Add ${noun}`,
    async (f) => {
      if (!other) {
        showProblems(
          f,
          new ApiError('Pick the other end from the search results.', 'BAD_USER_INPUT', 400, [
            { field: isFrom ? 'to' : 'from', problem: 'pick one from the search results' },
          ]),
        );
        return;
      }
      const title = value(f, 'source-title');
      const input = {
        from: isFrom ? n.id : other.id,
        to: isFrom ? other.id : n.id,
        role: value(f, 'role'),
        since: value(f, 'since'),
        until: value(f, 'until'),
        sources:
          title || value(f, 'source-url') || value(f, 'source-quote')
            ? [{ title: title ?? '', url: value(f, 'source-url'), quote: value(f, 'source-quote') }]
            : [],
      };
      await gql(
        `mutation Add($input: ${tie.name}Input!) { add${tie.name}(input: $input) { id } }`,
        { input },
      );
      say(`Added the ${noun} with ${other.name}.`);
      await load();
    },
  );
}

// ------------------------------------------------------------------------------------------
// Start

function start(): void {
  const main = searchBox({
    label: 'Search the network',
    placeholder: 'An organisation, person, forum… (typos forgiven)',
    onPick: (hit) => open(hit.id),
    onError: failed,
    onAnswer: clearError,
  });
  main.root.classList.add('main-search');
  byId('search').append(main.root);

  byId<HTMLSelectElement>('depth').addEventListener('change', (e) =>
    commit({ depth: Number((e.target as HTMLSelectElement).value) }, { reload: true }),
  );
  const slider = byId<HTMLInputElement>('year');
  let sliding: number | undefined;
  slider.addEventListener('input', () => {
    stop();
    byId('year-label').textContent = slider.value;
    window.clearTimeout(sliding);
    // The year as moved to now: a redraw arriving meanwhile may set the slider back.
    const year = Number(slider.value);
    sliding = window.setTimeout(() => setYear(year), 250);
  });
  byId<HTMLInputElement>('all-years').addEventListener('change', (e) => {
    stop();
    setYear((e.target as HTMLInputElement).checked ? null : Number(slider.value));
  });
  byId('play').addEventListener('click', play);
  byId('zoom-in').addEventListener('click', () => drawing.zoom(1.25));
  byId('zoom-out').addEventListener('click', () => drawing.zoom(0.8));
  byId('fit').addEventListener('click', () => drawing.fit());
  byId('relayout').addEventListener('click', () => drawing.layout('all', { fit: true }));
  byId('export-png').addEventListener('click', () => {
    if (!shownNodes.length) {
      say('Open an entity first: the picture is of what is drawn.', 'error');
      return;
    }
    download(drawing.png(), 'network.png');
    say('Exported network.png.');
  });
  for (const [id, file] of [
    ['export-gexf', 'graph.gexf'],
    ['export-cytoscape', 'graph.cytoscape.json'],
    ['export-nodes', 'nodes.csv'],
    ['export-edges', 'edges.csv'],
  ] as const)
    byId(id).addEventListener('click', () => void exportAs(file));
  byId('export-link').addEventListener('click', () => void copyExportLink());
  // Escape closes an open Filters or Export panel and gives the focus back to its summary.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    for (const panel of document.querySelectorAll<HTMLDetailsElement>(
      'details.filters[open], details.exports[open]',
    )) {
      panel.open = false;
      panel.querySelector('summary')?.focus();
    }
  });

  const tabs = byId('tabs');
  for (const t of TABS) byId(`tab-${t}`).addEventListener('click', () => showTab(t));
  tabs.addEventListener('keydown', (e) => {
    const i = TABS.indexOf(view.tab);
    if (e.key === 'ArrowRight') showTab(TABS[(i + 1) % TABS.length], true);
    else if (e.key === 'ArrowLeft') showTab(TABS[(i - 1 + TABS.length) % TABS.length], true);
  });
  byId<HTMLInputElement>('allies-here').addEventListener('change', () => void renderForum());
  byId('signed-in').addEventListener('click', () => showTab('key', true));
  byId('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = byId<HTMLInputElement>('key-input');
    const key = input.value.trim();
    input.value = '';
    if (key) void useKey(key);
  });
  byId('key-forget').addEventListener('click', () => {
    setApiKey(null);
    role = null;
    keyName = null;
    renderKey();
    say('Key forgotten: you see public data.');
    void load();
  });

  buildFilters();
  buildLegend();
  renderTabs();
  renderKey();
  if (view.from) pathEnds = { from: null, to: null };
  // A key kept from earlier in this tab: ask its role before drawing (the forms depend on it).
  const asked = apiKey()
    ? who().then(renderKey, (err: unknown) => {
        if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') keyRefused();
      })
    : Promise.resolve();
  // A path link (from and to in the URL) draws its path once the neighbourhood is there.
  void asked.then(load).then(() => {
    if (view.from && view.to) return findPaths();
  });
  // Back and Forward: the view of that step, drawn again.
  window.addEventListener('popstate', () => {
    stop();
    view = viewOfLink();
    pathsShown = null;
    pathsAsked = null;
    pathNodes = new Map();
    pathEdges = new Map();
    highlighted = new Set();
    renderTabs();
    void load().then(() => {
      if (view.from && view.to) return findPaths();
    });
  });
}

start();
