/**
 * Exports: which entities and ties an export holds (the whole graph, a forum, a neighbourhood),
 * within limits that keep one request from exhausting the service, read in one transaction.
 */
import { EntityType, withArticle } from '../../domain/model';
import { AppError, badInput, notFound } from '../../errors';
import type { Database, Tx } from '../../graph/database';
import {
  EVERY_TIE,
  ExportEntityRow,
  ExportTieRow,
  TieScope,
  exportRepository,
} from '../../graph/export.repository';
import { ExportGraph, buildExportGraph } from './graph';
import type { ExportFilter, ExportView, ForumView, PathsQuery } from './filter';
import { readEntityIn } from '../entity-ids';
import { NetworkService, PathOut } from '../network.service';
import { QueryMeter } from '../../graph/database';
import { createLoaders } from '../../loaders';
import { TieType } from '../../domain/model';

/** Entities and ties of an export before they are written as a graph. */
interface Rows {
  entities: ExportEntityRow[];
  ties: ExportTieRow[];
}

/** Most nodes one export may hold; a larger export is refused with BAD_USER_INPUT. */
export const MAX_EXPORT_NODES = 50_000;
/** Most edges one export may hold. */
export const MAX_EXPORT_EDGES = 200_000;

export interface ExportLimits {
  maxNodes: number;
  maxEdges: number;
}

const DEFAULT_LIMITS: ExportLimits = { maxNodes: MAX_EXPORT_NODES, maxEdges: MAX_EXPORT_EDGES };

// The same words for HTTP and the command line: each names both spellings of the filter.
const NARROW =
  'Narrow it to a forum (?forum=<forum id or slug>, or --forum on the command line) or to the neighbourhood of an entity (?around=<entity id>&depth=1..3, or --around and --depth).';

export class ExportService {
  private readonly limits: ExportLimits;

  constructor(
    private readonly db: Database,
    limits: Partial<ExportLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /**
   * The part of the graph the filter names, every edge between two of its nodes (a view, the
   * forum view or paths: the ties they name).
   */
  async graph(filter: ExportFilter): Promise<ExportGraph> {
    // Paths are GraphQL connections' answer itself (its own bounded read), so the two agree.
    const paths =
      filter.kind === 'paths' || (filter.kind === 'around' && filter.paths)
        ? await this.connections(filter.kind === 'paths' ? filter.paths : filter.paths!)
        : null;
    return this.db.read(async (tx): Promise<ExportGraph> => {
      switch (filter.kind) {
        case 'all':
          return this.whole(tx);
        case 'forum':
          return this.forum(tx, filter);
        case 'around':
          return this.around(tx, filter, paths);
        case 'paths': {
          const what = pathWords(filter.paths);
          const rows = await this.pathRows(tx, what, paths!);
          return buildExportGraph(what, rows.entities, rows.ties);
        }
      }
    });
  }

  /** connections as a viewer asks it (exports need a viewer key, so affiliations are walked). */
  private connections(q: PathsQuery): Promise<PathOut[]> {
    const meter = new QueryMeter();
    const network = new NetworkService(this.db, createLoaders(this.db, meter), meter, true);
    return network.connections({
      from: q.from,
      to: q.to,
      maxHops: q.maxHops,
      first: q.first,
      via: q.via,
      activeOn: q.activeOn,
    });
  }

  /** The entities and ties on the paths, read as every export reads them. */
  private async pathRows(tx: Tx, what: string, paths: PathOut[]): Promise<Rows> {
    const keys = [...new Set(paths.flatMap((p) => p.nodes.map((n) => n.key)))];
    const tieKeys = new Set(paths.flatMap((p) => p.edges.map((e) => e.key)));
    const entities = await exportRepository.entitiesByKeys(tx, keys);
    const ties = (await this.ties(tx, what, keys)).filter((t) => tieKeys.has(t.key));
    return { entities, ties };
  }

  private tooManyNodes(what: string, hint = NARROW): AppError {
    return badInput(
      `${what} holds more than ${this.limits.maxNodes} nodes, the most one export may hold. ${hint}`,
      [{ field: 'export', problem: 'too many nodes' }],
    );
  }

  private async ties(
    tx: Tx,
    what: string,
    keys: string[] | null,
    scope: TieScope = EVERY_TIE,
  ): Promise<ExportTieRow[]> {
    const limit = this.limits.maxEdges + 1;
    const ties = keys
      ? await exportRepository.tiesAmong(tx, keys, limit, scope)
      : await exportRepository.allTies(tx, limit);
    if (ties.length > this.limits.maxEdges) {
      throw badInput(
        `${what} holds more than ${this.limits.maxEdges} ties, the most one export may hold. ${NARROW}`,
        [{ field: 'export', problem: 'too many edges' }],
      );
    }
    return ties;
  }

  private async chosen(tx: Tx, description: string, keys: string[]): Promise<ExportGraph> {
    const entities: ExportEntityRow[] = await exportRepository.entitiesByKeys(tx, keys);
    return buildExportGraph(description, entities, await this.ties(tx, description, keys));
  }

  private async whole(tx: Tx): Promise<ExportGraph> {
    const what = 'The whole graph';
    // The count store answers at once, so an oversized graph is refused before anything is read.
    if ((await exportRepository.countEntities(tx)) > this.limits.maxNodes)
      throw this.tooManyNodes(what);
    const entities = await exportRepository.allEntities(tx, this.limits.maxNodes + 1);
    if (entities.length > this.limits.maxNodes) throw this.tooManyNodes(what);
    return buildExportGraph(what, entities, await this.ties(tx, what, null));
  }

  private async forum(
    tx: Tx,
    filter: Extract<ExportFilter, { kind: 'forum' }>,
  ): Promise<ExportGraph> {
    // By id, a read like any other: a merged-away forum's id exports the forum that absorbed it.
    const forum =
      'key' in filter.ref
        ? await readEntityIn(tx, { type: EntityType.Forum, key: filter.ref.key, id: filter.given })
        : await exportRepository.forumBySlug(tx, filter.ref.slug);
    if (!forum) throw notFound('Forum', filter.given);
    if (filter.view) return this.forumView(tx, forum, filter.view);
    const members = await exportRepository.forumMembers(tx, forum.key, this.limits.maxNodes + 1);
    const keys = [
      ...new Set([forum.key, ...members.actors, ...members.events, ...members.participants]),
    ];
    const what = `The forum "${forum.name}" with the actors that engage in it, its events and their participants`;
    if (keys.length > this.limits.maxNodes)
      throw this.tooManyNodes(what, 'Export a smaller part with ?around=<entity id>&depth=1.');
    return this.chosen(tx, what, keys);
  }

  private async around(
    tx: Tx,
    filter: Extract<ExportFilter, { kind: 'around' }>,
    paths: PathOut[] | null,
  ): Promise<ExportGraph> {
    // A merged-away id exports around the entity that absorbed it; an id of another type than the stored entity's names nothing.
    const centre = await readEntityIn(tx, { type: filter.type, key: filter.key, id: filter.given });
    if (!centre) throw notFound(filter.type, filter.given);
    let what = `The neighbourhood of ${withArticle(centre.type)} "${centre.name}" within ${filter.depth} tie${filter.depth > 1 ? 's' : ''}`;
    if (filter.view) what += viewWords(filter.view);
    let rows: Rows;
    if (filter.view) rows = await this.view(tx, what, centre.key, filter.depth, filter.view);
    else {
      const { keys } = await this.walk(tx, what, centre.key, filter.depth, EVERY_TIE);
      rows = {
        entities: await exportRepository.entitiesByKeys(tx, keys),
        ties: await this.ties(tx, what, keys),
      };
    }
    if (paths && filter.paths) {
      // As the explorer draws them: the paths whole, whatever the view's filters leave out.
      what += `, with ${pathWords(filter.paths).replace(/^The/, 'the')}`;
      const more = await this.pathRows(tx, what, paths);
      const held = new Set(rows.entities.map((e) => e.key));
      const tied = new Set(rows.ties.map((t) => t.key));
      rows = {
        entities: [...rows.entities, ...more.entities.filter((e) => !held.has(e.key))],
        ties: [...rows.ties, ...more.ties.filter((t) => !tied.has(t.key))],
      };
      if (rows.entities.length > this.limits.maxNodes) throw this.tooManyNodes(what);
    }
    return buildExportGraph(what, rows.entities, rows.ties);
  }

  /**
   * The forum view as the explorer shows it (web/src/main.ts, renderForum): the forum and the
   * engagements in it that pass the year and the filters, with their actors. With edges=walked
   * only those engagements; otherwise every tie in scope among those entities (roles applied).
   */
  private async forumView(
    tx: Tx,
    forum: { key: string; name: string },
    v: ForumView,
  ): Promise<ExportGraph> {
    const what = `The forum view of "${forum.name}"${viewWords({ ...v, expand: [], hide: [] })}`;
    const scope: TieScope = {
      tieTypes: v.tieTypes,
      activeStart: v.active?.start ?? null,
      activeEnd: v.active?.end ?? null,
    };
    const engagements =
      v.tieTypes && !v.tieTypes.includes(TieType.ENGAGES_IN)
        ? []
        : await exportRepository.forumEngagements(
            tx,
            forum.key,
            { ...scope, roles: v.roles, entityTypes: v.entityTypes },
            this.limits.maxEdges + 1,
          );
    if (engagements.length > this.limits.maxEdges)
      throw badInput(
        `${what} holds more than ${this.limits.maxEdges} ties, the most one export may hold. Narrow it with activeOn or roles.`,
        [{ field: 'export', problem: 'too many edges' }],
      );
    const keys = [...new Set([forum.key, ...engagements.map((t) => t.fromKey)])];
    if (keys.length > this.limits.maxNodes)
      throw this.tooManyNodes(what, 'Narrow it with activeOn or roles.');
    const ties = v.walked
      ? engagements
      : (await this.ties(tx, what, keys, scope)).filter(
          (t) => !(t.role && v.roles && !v.roles.includes(t.role)),
        );
    return buildExportGraph(what, await exportRepository.entitiesByKeys(tx, keys), ties);
  }

  /**
   * Breadth first from `start`, one query per level along the ties in scope; each level may add
   * only what the limit has room for. `last`: the entities first reached at level `depth`.
   */
  private async walk(
    tx: Tx,
    what: string,
    start: string,
    depth: number,
    scope: TieScope,
  ): Promise<{ keys: string[]; last: Set<string> }> {
    const seen = [start];
    let frontier = [start];
    let last: string[] = [];
    for (let level = 1; level <= depth && frontier.length; level++) {
      const room = this.limits.maxNodes - seen.length;
      const next = await exportRepository.neighbours(tx, frontier, seen, room + 1, scope);
      if (next.length > room) {
        throw this.tooManyNodes(
          what,
          level > 1
            ? `Use depth=${level - 1} (--depth ${level - 1} on the command line).`
            : 'Export its forum instead (?forum=<forum id or slug>, or --forum), or use the GraphQL API.',
        );
      }
      seen.push(...next);
      frontier = next;
      if (level === depth) last = next;
    }
    return { keys: seen, last: new Set(last) };
  }

  /**
   * A neighbourhood as the explorer shows it (web/src/main.ts, load and visible): the walks from
   * the centre (to its depth) and from each expanded entity (one tie out) along the ties in
   * scope; with edges=walked only the ties each walk brings (GraphQL neighbourhood leaves out
   * the ties between two entities first reached at its last level), otherwise every tie in
   * scope among them. Then hidden entities and those of types not shown go, with their ties;
   * ties whose role is not shown go; and so does every entity left without a tie, but a centre.
   */
  private async view(
    tx: Tx,
    what: string,
    centre: string,
    depth: number,
    v: ExportView,
  ): Promise<Rows> {
    const scope: TieScope = {
      tieTypes: v.tieTypes,
      activeStart: v.active?.start ?? null,
      activeEnd: v.active?.end ?? null,
    };
    // Expanded and hidden ids are read as every read is: a merged-away id means the entity that absorbed it.
    const roots = [{ key: centre, depth }];
    for (const ref of v.expand) {
      const found = await readEntityIn(tx, { type: ref.type, key: ref.key, id: ref.given });
      if (!found) throw notFound(ref.type, ref.given);
      if (!roots.some((r) => r.key === found.key)) roots.push({ key: found.key, depth: 1 });
    }
    const hidden = new Set<string>();
    for (const ref of v.hide) {
      // A hidden entity that no longer exists hides nothing; nor does one merged away since: the
      // explorer hides the entities it drew by their ids, and a merged-away id names none of
      // them, so hiding the record it was merged into would leave out what the page shows.
      const found = await readEntityIn(tx, { type: ref.type, key: ref.key, id: ref.given });
      if (!found || found.key !== ref.key) continue;
      if (roots.some((r) => r.key === found.key))
        throw badInput(
          `"${ref.given}" is in "hide" but is ${found.key === centre ? '"around"' : 'in "expand"'} (or merged into it): a centre is always exported. Leave it out of "hide".`,
          [{ field: 'hide', problem: 'a centre cannot be hidden' }],
        );
      hidden.add(found.key);
    }
    const walks: Array<{ keys: Set<string>; last: Set<string> }> = [];
    const held = new Set<string>();
    for (const root of roots) {
      const walk = await this.walk(tx, what, root.key, root.depth, scope);
      walks.push({ keys: new Set(walk.keys), last: walk.last });
      for (const k of walk.keys) held.add(k);
    }
    if (held.size > this.limits.maxNodes) throw this.tooManyNodes(what);
    const keys = [...held];
    const ties = (await this.ties(tx, what, keys, scope)).filter(
      (t) =>
        !v.walked ||
        walks.some(
          (w) =>
            w.keys.has(t.fromKey) &&
            w.keys.has(t.toKey) &&
            !(w.last.has(t.fromKey) && w.last.has(t.toKey)),
        ),
    );
    const centres = new Set(roots.map((r) => r.key));
    const entities = (await exportRepository.entitiesByKeys(tx, keys)).filter(
      (e) =>
        centres.has(e.key) ||
        !(hidden.has(e.key) || (v.entityTypes && !v.entityTypes.includes(e.type))),
    );
    const shown = new Set(entities.map((e) => e.key));
    const edges = ties.filter(
      (t) =>
        shown.has(t.fromKey) &&
        shown.has(t.toKey) &&
        !(t.role && v.roles && !v.roles.includes(t.role)),
    );
    const tied = new Set(edges.flatMap((t) => [t.fromKey, t.toKey]));
    return { entities: entities.filter((e) => centres.has(e.key) || tied.has(e.key)), ties: edges };
  }
}

/** A path export in words, for its description. */
function pathWords(q: PathsQuery): string {
  return `The ${q.first === 1 ? 'shortest connection' : `${q.first} shortest connections`} from "${q.from}" to "${q.to}" of at most ${q.maxHops} tie${q.maxHops > 1 ? 's' : ''}${q.via ? ` through ${q.via.join(', ')}` : ''}${q.activeOn ? ` active in ${q.activeOn}` : ''}, as GraphQL connections answers them`;
}

/** The view's parameters in words, for the export's description. */
function viewWords(v: ForumView & Pick<ExportView, 'expand' | 'hide'>): string {
  const parts: string[] = [];
  if (v.expand.length)
    parts.push(`with ${v.expand.length} more centre${v.expand.length > 1 ? 's' : ''} one tie out`);
  if (v.active) parts.push(`ties active in ${v.active.on}`);
  if (v.tieTypes) parts.push(`tie types: ${v.tieTypes.join(', ') || 'none'}`);
  if (v.entityTypes) parts.push(`entity types: ${v.entityTypes.join(', ') || 'none'}`);
  if (v.roles) parts.push(`roles: ${v.roles.join(', ') || 'none'}`);
  if (v.hide.length) parts.push(`${v.hide.length} left out`);
  if (v.walked) parts.push('the ties the walk follows');
  return parts.length ? `, as the explorer shows it (${parts.join('; ')})` : '';
}
