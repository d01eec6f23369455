/**
 * What part of the graph an export holds, from the parameters of an HTTP request or the CLI:
 * the whole graph, a forum (?forum=<id or slug>), or a neighbourhood (?around=<id>&depth=1..3).
 * Every malformed parameter is a BAD_USER_INPUT that says how to fix the request.
 */
import { fromGlobalId, isEntityType } from '../../domain/ids';
import { EntityType, withArticle } from '../../domain/model';
import { SLUG } from '../../domain/text';
import { badInput } from '../../errors';

/** Neighbourhoods go at most this many ties out from their centre. */
export const MAX_EXPORT_DEPTH = 3;

export type ExportFilter =
  | { kind: 'all' }
  | { kind: 'forum'; ref: { key: string } | { slug: string }; given: string }
  /** `type` is the type the id names: the centre must be of it. */
  | { kind: 'around'; key: string; type: EntityType; depth: number; given: string };

export const FILTER_PARAMETERS = ['forum', 'around', 'depth'] as const;

const USAGE =
  'Use ?forum=<forum id or slug>, or ?around=<entity id>&depth=1..3, or no parameter for the whole graph.';

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
  if (forum !== undefined) {
    if (depth !== undefined)
      throw badInput(
        '"depth" goes with "around" only: a forum export always holds the forum, its engagements, events and participants.',
        [{ field: 'depth', problem: 'only with around' }],
      );
    return { kind: 'forum', ref: forumRef(forum), given: forum };
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
    };
  }
  if (depth !== undefined)
    throw badInput(`"depth" needs "around" (the entity to start from). ${USAGE}`, [
      { field: 'depth', problem: 'needs around' },
    ]);
  return { kind: 'all' };
}
