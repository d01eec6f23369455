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

/**
 * At most this many expanded and hidden entities in a view: the export endpoint's limits
 * (MAX_EXPORT_EXPAND, MAX_EXPORT_HIDE in the service; tests/web/budget.test.ts compares them), so
 * every view can be exported, and a hand-made link cannot make the page ask hundreds of questions.
 */
export const MAX_EXPAND = 20;
export const MAX_HIDE = 100;

/** The parameters a view has; any other in a link is said and ignored. */
const KNOWN = [
  'entity',
  'depth',
  'year',
  'noties',
  'notypes',
  'noroles',
  'expand',
  'hide',
  'tab',
  'selected',
  'forum',
  'allies',
  'from',
  'to',
];

/**
 * The kind ("Organisation", "ENGAGES_IN", ...) a global id names (base64url of "Kind:uuid", as
 * src/domain/ids.ts makes them), or null when the text is not such an id.
 */
export function idKind(id: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
  let text: string;
  try {
    text = atob(id.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const m = /^([A-Za-z_]+):[0-9a-f-]{36}$/.exec(text);
  return m ? m[1] : null;
}

/** What the page knows of the model, to check a link's names and ids against. */
export interface ViewVocabulary {
  entityTypes: readonly string[];
  tieTypes: readonly string[];
  roles: readonly string[];
}

/**
 * A link's view, and what was wrong with it: each problem names the part of the link and what
 * the page did instead (ignored it, used the default, kept the first so many). The rest of the
 * view is kept.
 */
export function readViewChecked(
  search: string,
  vocabulary: ViewVocabulary,
): { view: View; problems: string[] } {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  // A part of the link as the message quotes it: short, and without control or bidi characters,
  // which could reorder the sentence around it.
  const shown = (v: string) => {
    const plain = v.replace(
      /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
      '\ufffd',
    );
    return plain.length > 40 ? `${plain.slice(0, 40)}…` : plain;
  };
  const unknown = [...new Set([...q.keys()].filter((k) => !KNOWN.includes(k)))];
  if (unknown.length)
    problems.push(
      `${unknown.map((k) => `“${shown(k)}”`).join(', ')} ${unknown.length === 1 ? 'is not a part' : 'are not parts'} of an explorer link: ignored.`,
    );
  const isEntity = (id: string) => vocabulary.entityTypes.includes(idKind(id) ?? '');
  /** One id of the allowed kinds, or null (said) when it is not one. */
  const oneId = (
    name: string,
    what: string,
    ok: (kind: string) => boolean = (k) => vocabulary.entityTypes.includes(k),
  ): string | null => {
    const v = q.get(name);
    if (v === null || v === '') return null;
    if (ok(idKind(v) ?? '')) return v;
    problems.push(`${name}=${shown(v)} is not ${what}: ignored.`);
    return null;
  };
  /** A list of ids, each once, at most `max`; the ones that are not entity ids are said and left out. */
  const ids = (name: string, max: number, what: string): string[] => {
    const v = q.get(name);
    if (!v) return [];
    const items = [...new Set(v.split(',').filter(Boolean))];
    const bad = items.filter((x) => !isEntity(x));
    if (bad.length)
      problems.push(
        `${name}= holds ${bad.length === 1 ? `“${shown(bad[0])}”, which is not an entity id` : `${bad.length} items that are not entity ids`}: ${bad.length === 1 ? 'it was' : 'they were'} left out.`,
      );
    const good = items.filter(isEntity);
    if (good.length > max)
      problems.push(
        `${name}= names ${good.length} entities; a view ${what} at most ${max}: the first ${max} were kept.`,
      );
    return good.slice(0, max);
  };
  /** A list of the model's names; the others are said and left out. */
  const names = (name: string, allowed: readonly string[], what: string): string[] => {
    const v = q.get(name);
    if (!v) return [];
    const items = [...new Set(v.split(',').filter(Boolean))];
    const bad = items.filter((x) => !allowed.includes(x));
    if (bad.length)
      problems.push(
        `${name}= holds ${bad.map((b) => `“${shown(b)}”`).join(', ')}, ${bad.length === 1 ? 'which is not one of the' : 'which are not'} ${what}: left out.`,
      );
    return items.filter((x) => allowed.includes(x));
  };

  const depthText = q.get('depth');
  let depth = 1;
  if (depthText !== null) {
    if (/^[123]$/.test(depthText)) depth = Number(depthText);
    else problems.push(`depth=${shown(depthText)} is not 1, 2 or 3: depth 1 is shown.`);
  }
  const yearText = q.get('year');
  let year: number | null = null;
  if (yearText !== null && yearText !== '') {
    if (/^\d{4}$/.test(yearText) && Number(yearText) >= 1900 && Number(yearText) <= 2100)
      year = Number(yearText);
    else
      problems.push(
        `year=${shown(yearText)} is not a year from 1900 to 2100: all years are shown.`,
      );
  }
  const tabText = q.get('tab');
  let tab: Tab = 'details';
  if (tabText !== null) {
    if ((TABS as readonly string[]).includes(tabText)) tab = tabText as Tab;
    else problems.push(`tab=${shown(tabText)} is not one of ${TABS.join(', ')}: Details is shown.`);
  }
  const view: View = {
    entity: oneId('entity', 'an entity id'),
    depth,
    year,
    offTies: names('noties', vocabulary.tieTypes, 'tie types'),
    offTypes: names('notypes', vocabulary.entityTypes, 'entity types'),
    offRoles: names('noroles', vocabulary.roles, 'roles'),
    expand: ids('expand', MAX_EXPAND, 'expands'),
    hide: ids('hide', MAX_HIDE, 'hides'),
    tab,
    selected: oneId(
      'selected',
      'the id of an entity or a tie',
      (k) => vocabulary.entityTypes.includes(k) || vocabulary.tieTypes.includes(k),
    ),
    forum: oneId('forum', 'a forum’s id', (k) => k === 'Forum'),
    alliesOf: oneId('allies', 'an organisation’s id', (k) => k === 'Organisation'),
    from: oneId('from', 'an entity id'),
    to: oneId('to', 'an entity id'),
  };
  return { view, problems };
}

/** A link's view, its wrong parts left out (readViewChecked says which). */
export function readView(search: string, vocabulary: ViewVocabulary): View {
  return readViewChecked(search, vocabulary).view;
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
