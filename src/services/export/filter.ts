/**
 * What part of the graph an export holds, from the parameters of an HTTP request or the CLI:
 * the whole graph, a forum (?forum=<id or slug>), a neighbourhood (?around=<id>&depth=1..3),
 * which the explorer's view narrows further (activeOn, tieTypes, entityTypes, roles, expand,
 * hide, edges: docs/exports.md "The explorer's view"), the forum view (forum with activeOn,
 * tieTypes, entityTypes, roles, edges), or the shortest connections between two entities
 * (?from=…&to=…, with maxHops, first and via as GraphQL connections takes them; with around,
 * added to the view as the explorer draws them). Every malformed parameter is a BAD_USER_INPUT
 * that says how to fix the request.
 */
import { isPartialDate, periodEnd, periodStart } from '../../domain/dates';
import { fromGlobalId, isEntityType } from '../../domain/ids';
import {
  ENTITY_TYPES,
  EntityType,
  TIE_ROLES,
  TIE_TYPES,
  TieType,
  withArticle,
} from '../../domain/model';
import { PAGES } from '../../domain/spec';
import { SLUG } from '../../domain/text';
import { badInput } from '../../errors';
import { LIMITS } from '../network.service';

/** Neighbourhoods go at most this many ties out from their centre. */
export const MAX_EXPORT_DEPTH = 3;
/** Most further centres (`expand`) and left-out entities (`hide`) one export may name: each is an id in the URL. */
export const MAX_EXPORT_EXPAND = 20;
export const MAX_EXPORT_HIDE = 100;

/** Every role a tie of the model may carry, once (MEMBER is an engagement's and a membership's). */
export const EXPORT_ROLES: readonly string[] = [...new Set(Object.values(TIE_ROLES).flat())].sort();

/** An entity id as given, parsed: `type` is the type the id names. */
export interface ExportRef {
  key: string;
  type: EntityType;
  given: string;
}

/**
 * What the explorer shows of a neighbourhood, besides its centre and depth: null lists let
 * everything through. The walk follows only `tieTypes` ties active in `active`, from the
 * centre and (one tie out) from each of `expand`; then entities of other types than
 * `entityTypes` and those in `hide` are left out with their ties, ties whose role is not among
 * `roles` are left out, and so is any entity this leaves without a tie (the centres stay).
 */
export interface ExportView {
  active: { on: string; start: string; end: string } | null;
  tieTypes: TieType[] | null;
  entityTypes: EntityType[] | null;
  roles: string[] | null;
  expand: ExportRef[];
  hide: ExportRef[];
  /** `edges=walked`: only the ties the walk follows (as GraphQL neighbourhood); otherwise every tie among the entities. */
  walked: boolean;
}

/**
 * The forum view of the explorer: the forum and the engagements in it (ENGAGES_IN ties to the
 * forum) that are active in `active`, have one of `roles` and whose actor is of `entityTypes`
 * (none when `tieTypes` leaves out ENGAGES_IN), with their actors. `walked`: only those
 * engagements; otherwise every tie in scope (tieTypes, active, roles) among those entities.
 */
export type ForumView = Pick<
  ExportView,
  'active' | 'tieTypes' | 'entityTypes' | 'roles' | 'walked'
>;

/** The arguments of GraphQL connections (network.service.ts), checked as far as they can be without the database. */
export interface PathsQuery {
  /** An entity's id or slug, as connections takes them. */
  from: string;
  to: string;
  maxHops: number;
  first: number;
  /** connections' via: null for every tie type. */
  via: TieType[] | null;
  /** connections' activeOn (the export's activeOn, which with around the view shares): null for ties of any date. */
  activeOn: string | null;
}

export type ExportFilter =
  | { kind: 'all' }
  /** `view` is null when no view parameter is given: the forum's whole export, as it always was. */
  | {
      kind: 'forum';
      ref: { key: string } | { slug: string };
      given: string;
      view: ForumView | null;
    }
  /** `type` is the type the id names: the centre must be of it. `view` is null when no view parameter is given; `paths`, those added to the view. */
  | {
      kind: 'around';
      key: string;
      type: EntityType;
      depth: number;
      given: string;
      view: ExportView | null;
      paths: PathsQuery | null;
    }
  /** The paths GraphQL connections answers for the same arguments, alone. */
  | { kind: 'paths'; paths: PathsQuery };

/** The parameters of the explorer's view, which go with `around` only. */
export const VIEW_PARAMETERS = [
  'activeOn',
  'tieTypes',
  'entityTypes',
  'roles',
  'expand',
  'hide',
  'edges',
] as const;

/** The view parameters a forum export takes (the forum view: docs/exports.md "The forum view"). */
export const FORUM_VIEW_PARAMETERS = [
  'activeOn',
  'tieTypes',
  'entityTypes',
  'roles',
  'edges',
] as const;

/** The parameters of a path export, named as GraphQL connections names its arguments. */
export const PATH_PARAMETERS = ['from', 'to', 'maxHops', 'first', 'via'] as const;

/** Every filter parameter, in the order a signed link signs them (src/auth/export-links.ts). */
export const FILTER_PARAMETERS = [
  'forum',
  'around',
  'depth',
  ...VIEW_PARAMETERS,
  ...PATH_PARAMETERS,
] as const;

/** Most paths and ties per path a path export asks for: GraphQL connections' own bounds. */
export const MAX_EXPORT_PATHS = PAGES.connections.max;
export const MAX_EXPORT_HOPS = LIMITS.maxHops;

const USAGE =
  'Use ?forum=<forum id or slug> (narrowed to the forum view with activeOn, tieTypes, entityTypes, roles and edges), ?around=<entity id>&depth=1..3 (narrowed with activeOn, tieTypes, entityTypes, roles, expand, hide and edges), ?from=<entity>&to=<entity> for the shortest connections (with maxHops, first and via), or no parameter for the whole graph; see docs/exports.md.';

function single(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw badInput(`Give "${name}" once, as plain text. ${USAGE}`, [
      { field: name, problem: 'must be given once' },
    ]);
  }
  const trimmed = value.trim();
  if (!trimmed) throw badInput(`"${name}" is empty. ${USAGE}`, [{ field: name, problem: 'empty' }]);
  return trimmed;
}

function forumRef(value: string): { key: string } | { slug: string } {
  const parsed = fromGlobalId(value);
  if (parsed) {
    if (parsed.kind !== EntityType.Forum) {
      throw badInput(
        `"${value}" is the id of ${withArticle(parsed.kind)}, but "forum" needs a Forum's id or slug.`,
        [{ field: 'forum', problem: 'not a forum id' }],
      );
    }
    return { key: parsed.key };
  }
  if (value.length > 100 || !SLUG.test(value)) {
    throw badInput(
      `"forum" must be a Forum's id or its slug (lower-case letters and digits joined by hyphens, e.g. hw4all-coalition).`,
      [{ field: 'forum', problem: 'neither an id nor a slug' }],
    );
  }
  return { slug: value };
}

/** A comma list of the model's names (or "none"), each once, in the model's order. */
function namesOf<T extends string>(
  params: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
  what: string,
): T[] | null {
  const value = single(params, name);
  if (value === undefined) return null;
  if (value === 'none') return [];
  const items = value.split(',').map((v) => v.trim());
  const wrong = items.filter((v) => !(allowed as readonly string[]).includes(v));
  if (wrong.length) {
    throw badInput(
      `"${name}" is a comma-separated list of ${what}, from: ${allowed.join(', ')} (or "none"); ${wrong
        .map((w) => (w ? `"${w}"` : 'an empty item'))
        .join(', ')} ${wrong.length > 1 ? 'are' : 'is'} not one of them.`,
      [{ field: name, problem: `not ${what}` }],
    );
  }
  return allowed.filter((a) => items.includes(a));
}

/** A comma list of entity ids, each once, at most `max`. */
function idsOf(
  params: Record<string, unknown>,
  name: string,
  max: number,
  what: string,
): ExportRef[] {
  const value = single(params, name);
  if (value === undefined) return [];
  const items = [...new Set(value.split(',').map((v) => v.trim()))];
  if (items.length > max) {
    throw badInput(
      `"${name}" names ${items.length} entities; an export takes at most ${max} (${what}).`,
      [{ field: name, problem: `at most ${max} ids` }],
    );
  }
  return items.map((given) => {
    const parsed = given ? fromGlobalId(given) : null;
    if (!parsed || !isEntityType(parsed.kind)) {
      throw badInput(
        `"${name}" is a comma-separated list of entity ids as the API returns them (${what}); ${given ? `"${given}" is not one` : 'it has an empty item'}.`,
        [{ field: name, problem: 'not an entity id' }],
      );
    }
    return { key: parsed.key, type: parsed.kind, given };
  });
}

/** What the view parameters both views take say: the period, the three lists of names and the edges. */
function filtersOf(params: Record<string, unknown>): ForumView {
  const activeOn = single(params, 'activeOn');
  if (activeOn !== undefined && !isPartialDate(activeOn)) {
    throw badInput(
      `"activeOn" must be a date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019): the ties active at some time in that period, as the API's activeOn; got "${activeOn}".`,
      [{ field: 'activeOn', problem: 'not a partial date' }],
    );
  }
  const edges = single(params, 'edges');
  if (edges !== undefined && edges !== 'all' && edges !== 'walked') {
    throw badInput(
      `"edges" is "all" (every tie among the exported entities, the default) or "walked" (only the ties the walk from the centres follows, as GraphQL neighbourhood and the explorer draw them); got "${edges}".`,
      [{ field: 'edges', problem: 'must be all or walked' }],
    );
  }
  return {
    active: activeOn
      ? { on: activeOn, start: periodStart(activeOn), end: periodEnd(activeOn) }
      : null,
    tieTypes: namesOf(params, 'tieTypes', TIE_TYPES, 'tie types'),
    entityTypes: namesOf(params, 'entityTypes', ENTITY_TYPES, 'entity types'),
    roles: namesOf(params, 'roles', EXPORT_ROLES, 'roles'),
    walked: edges === 'walked',
  };
}

/** The view parameters, or null when none is given (the export is then as it always was). */
function viewOf(params: Record<string, unknown>, centre: string): ExportView | null {
  // `centre` is the key of around's id: an id given twice in another spelling is still the same entity.
  if (!VIEW_PARAMETERS.some((p) => params[p] !== undefined)) return null;
  const filters = filtersOf(params);
  const expand = idsOf(
    params,
    'expand',
    MAX_EXPORT_EXPAND,
    'further centres, each with its neighbours one tie out',
  ).filter((r) => r.key !== centre);
  const hide = idsOf(params, 'hide', MAX_EXPORT_HIDE, 'entities left out with their ties');
  for (const h of hide) {
    if (h.key === centre || expand.some((e) => e.key === h.key)) {
      throw badInput(
        `"${h.given}" is ${h.key === centre ? '"around"' : 'in "expand"'} and in "hide": a centre is always exported. Leave it out of one of them.`,
        [{ field: 'hide', problem: 'a centre cannot be hidden' }],
      );
    }
  }
  return { ...filters, expand, hide };
}

/** The forum view's parameters, or null when none is given (the forum's whole export). */
function forumViewOf(params: Record<string, unknown>): ForumView | null {
  const wrong = VIEW_PARAMETERS.filter(
    (p) => params[p] !== undefined && !(FORUM_VIEW_PARAMETERS as readonly string[]).includes(p),
  );
  if (wrong.length) {
    throw badInput(
      `${wrong.map((p) => `"${p}"`).join(', ')} ${wrong.length > 1 ? 'go' : 'goes'} with "around" only; a forum export (the forum view) takes ${FORUM_VIEW_PARAMETERS.map((p) => `"${p}"`).join(', ')}. Leave ${wrong.length > 1 ? 'them' : 'it'} out, or export ?around=<entity id>.`,
      wrong.map((field) => ({ field, problem: 'not with forum' })),
    );
  }
  if (!FORUM_VIEW_PARAMETERS.some((p) => params[p] !== undefined)) return null;
  return filtersOf(params);
}

/** An end of a path: an entity's id or slug, as GraphQL connections takes it. */
function pathEnd(params: Record<string, unknown>, name: 'from' | 'to'): string {
  const value = single(params, name)!;
  const parsed = fromGlobalId(value);
  if (parsed ? !isEntityType(parsed.kind) : value.length > 100 || !SLUG.test(value)) {
    throw badInput(
      `"${name}" must be an entity's id as the API returns it, or its slug (lower-case letters and digits joined by hyphens); got "${value}".`,
      [{ field: name, problem: 'not an entity id or slug' }],
    );
  }
  return value;
}

function wholeIn(
  params: Record<string, unknown>,
  name: string,
  fallback: number,
  max: number,
  what: string,
): number {
  const value = single(params, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw badInput(
      `"${name}" must be a whole number from 1 to ${max} (${what}, as GraphQL connections takes it); got "${value}".`,
      [{ field: name, problem: `must be 1..${max}` }],
    );
  }
  return Number(value);
}

/** The path parameters, or null when none is given. */
function pathsOf(params: Record<string, unknown>): PathsQuery | null {
  const given = PATH_PARAMETERS.filter((p) => params[p] !== undefined);
  if (!given.length) return null;
  const missing = (['from', 'to'] as const).filter((p) => params[p] === undefined);
  if (missing.length) {
    throw badInput(
      `A path export needs both ends: add ${missing.map((p) => `"${p}"`).join(' and ')} (an entity's id or slug), as GraphQL connections(from, to) takes them.`,
      missing.map((field) => ({ field, problem: 'needed for paths' })),
    );
  }
  const via = namesOf(params, 'via', TIE_TYPES, 'tie types');
  const activeOn = single(params, 'activeOn');
  if (activeOn !== undefined && !isPartialDate(activeOn)) {
    throw badInput(
      `"activeOn" must be a date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019): the paths go only through ties active at some time in that period, as connections' activeOn; got "${activeOn}".`,
      [{ field: 'activeOn', problem: 'not a partial date' }],
    );
  }
  if (via && !via.length) {
    throw badInput(
      '"via" names the tie types a path may go through: give at least one (leave "via" out for every type).',
      [{ field: 'via', problem: 'at least one tie type' }],
    );
  }
  return {
    from: pathEnd(params, 'from'),
    to: pathEnd(params, 'to'),
    maxHops: wholeIn(params, 'maxHops', 4, MAX_EXPORT_HOPS, 'the most ties a path may have'),
    first: wholeIn(
      params,
      'first',
      PAGES.connections.fallback,
      MAX_EXPORT_PATHS,
      'how many paths, shortest first',
    ),
    via,
    activeOn: activeOn ?? null,
  };
}

function depthOf(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > MAX_EXPORT_DEPTH) {
    throw badInput(
      `"depth" must be a whole number from 1 to ${MAX_EXPORT_DEPTH} (how many ties out from "around"); got "${value}".`,
      [{ field: 'depth', problem: `must be 1..${MAX_EXPORT_DEPTH}` }],
    );
  }
  return Number(value);
}

/** The filter from request parameters; unknown parameters are refused rather than ignored. */
export function parseExportFilter(params: Record<string, unknown>): ExportFilter {
  const unknown = Object.keys(params).filter(
    (k) => !(FILTER_PARAMETERS as readonly string[]).includes(k),
  );
  if (unknown.length) {
    throw badInput(
      `Unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}. ${USAGE}`,
      unknown.map((field) => ({ field, problem: 'unknown parameter' })),
    );
  }
  const forum = single(params, 'forum');
  const around = single(params, 'around');
  const depth = single(params, 'depth');
  if (forum !== undefined && around !== undefined) {
    throw badInput(`Give either "forum" or "around", not both. ${USAGE}`, [
      { field: 'around', problem: 'not with forum' },
    ]);
  }
  const paths = pathsOf(params);
  // activeOn is also connections' own, so paths alone take it.
  const viewGiven = VIEW_PARAMETERS.filter(
    (p) => params[p] !== undefined && !(paths && p === 'activeOn'),
  );
  if (forum !== undefined) {
    if (depth !== undefined)
      throw badInput(
        '"depth" goes with "around" only: a forum export always holds the forum, its engagements, events and participants.',
        [{ field: 'depth', problem: 'only with around' }],
      );
    if (paths)
      throw badInput(
        'Paths ("from", "to") go alone or with "around", not with "forum": export the forum, or the paths.',
        [{ field: 'from', problem: 'not with forum' }],
      );
    return { kind: 'forum', ref: forumRef(forum), given: forum, view: forumViewOf(params) };
  }
  if (around !== undefined) {
    const parsed = fromGlobalId(around);
    if (!parsed || !isEntityType(parsed.kind)) {
      throw badInput(
        `"around" must be the id of an entity (an organisation, person, forum, event, instrument or topic) as the API returns it; got "${around}".`,
        [{ field: 'around', problem: 'not an entity id' }],
      );
    }
    return {
      kind: 'around',
      key: parsed.key,
      type: parsed.kind,
      depth: depthOf(depth),
      given: around,
      view: viewOf(params, parsed.key),
      paths,
    };
  }
  if (viewGiven.length) {
    const names = (ps: readonly string[]) =>
      `${ps.map((p) => `"${p}"`).join(', ')} ${ps.length > 1 ? 'go' : 'goes'}`;
    const aroundOnly = viewGiven.filter(
      (p) => !(FORUM_VIEW_PARAMETERS as readonly string[]).includes(p),
    );
    const either = viewGiven.filter((p) => !aroundOnly.includes(p));
    const said = [
      aroundOnly.length ? `${names(aroundOnly)} with "around" only` : null,
      either.length ? `${names(either)} with "around" or "forum" (the forum view)` : null,
    ].filter(Boolean);
    throw badInput(
      `${said.join('; ')}: they narrow a neighbourhood as the explorer shows it. Add ?around=<entity id>&depth=1..3${either.length && !aroundOnly.length ? ' or ?forum=<forum id or slug>' : ''}.${paths ? ' A path export alone takes from, to, maxHops, first, via (the tie types a path may go through) and activeOn, as GraphQL connections does.' : ''}`,
      viewGiven.map((field) => ({ field, problem: 'only with around or forum' })),
    );
  }
  if (depth !== undefined)
    throw badInput(`"depth" needs "around" (the entity to start from). ${USAGE}`, [
      { field: 'depth', problem: 'needs around' },
    ]);
  if (paths) return { kind: 'paths', paths };
  return { kind: 'all' };
}
