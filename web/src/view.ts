/**
 * The view in the URL: what is open, how deep, which year, which filters, which tab. A link
 * reproduces it. The API key is never part of it (it stays in sessionStorage).
 */
export type Tab = 'details' | 'list' | 'forum' | 'path' | 'key';
export const TABS: readonly Tab[] = ['details', 'list', 'forum', 'path', 'key'];

export interface View {
  entity: string | null;
  depth: number;
  year: number | null;
  /** Tie types, entity types and roles switched off by the filters. */
  offTies: string[];
  offTypes: string[];
  offRoles: string[];
  expand: string[];
  hide: string[];
  tab: Tab;
  selected: string | null;
  forum: string | null;
  alliesOf: string | null;
  from: string | null;
  to: string | null;
}

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);

/**
 * At most this many expanded and hidden entities in a view: the export endpoint's limits
 * (MAX_EXPORT_EXPAND, MAX_EXPORT_HIDE in the service; tests/web/budget.test.ts compares them), so
 * every view can be exported, and a hand-made link cannot make the page ask hundreds of questions.
 */
export const MAX_EXPAND = 20;
export const MAX_HIDE = 100;
const capped = (v: string | null, max: number) => [...new Set(list(v))].slice(0, max);

export function readView(search: string): View {
  const q = new URLSearchParams(search);
  const depth = Number(q.get('depth'));
  const year = Number(q.get('year'));
  const tab = q.get('tab') as Tab | null;
  return {
    entity: q.get('entity'),
    depth: depth >= 1 && depth <= 3 ? Math.floor(depth) : 1,
    year: Number.isInteger(year) && year >= 1900 && year <= 2100 ? year : null,
    offTies: list(q.get('noties')),
    offTypes: list(q.get('notypes')),
    offRoles: list(q.get('noroles')),
    expand: capped(q.get('expand'), MAX_EXPAND),
    hide: capped(q.get('hide'), MAX_HIDE),
    tab: tab && TABS.includes(tab) ? tab : 'details',
    selected: q.get('selected'),
    forum: q.get('forum'),
    alliesOf: q.get('allies'),
    from: q.get('from'),
    to: q.get('to'),
  };
}

export function writeView(v: View): string {
  const q = new URLSearchParams();
  const put = (k: string, value: string | number | null | string[]) => {
    if (Array.isArray(value)) {
      if (value.length) q.set(k, value.join(','));
    } else if (value !== null && value !== '') q.set(k, String(value));
  };
  put('entity', v.entity);
  if (v.depth !== 1) put('depth', v.depth);
  put('year', v.year);
  put('noties', v.offTies);
  put('notypes', v.offTypes);
  put('noroles', v.offRoles);
  put('expand', v.expand);
  put('hide', v.hide);
  if (v.tab !== 'details') put('tab', v.tab);
  put('selected', v.selected);
  put('forum', v.forum);
  put('allies', v.alliesOf);
  put('from', v.from);
  put('to', v.to);
  const s = q.toString();
  return s ? `?${s}` : '';
}
