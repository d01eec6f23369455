/**
 * Exports: which entities and ties an export holds (the whole graph, a forum, a neighbourhood),
 * within limits that keep one request from exhausting the service, read in one transaction.
 */
import { EntityType, withArticle } from '../../domain/model';
import { AppError, badInput, notFound } from '../../errors';
import type { Database, Tx } from '../../graph/database';
import { ExportEntityRow, ExportTieRow, exportRepository } from '../../graph/export.repository';
import { ExportGraph, buildExportGraph } from './graph';
import type { ExportFilter } from './filter';
import { readEntityIn } from '../entity-ids';

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

  /** The part of the graph the filter names, every edge between two of its nodes. */
  async graph(filter: ExportFilter): Promise<ExportGraph> {
    return this.db.read(async (tx) => {
      switch (filter.kind) {
        case 'all':
          return this.whole(tx);
        case 'forum':
          return this.forum(tx, filter);
        case 'around':
          return this.around(tx, filter);
      }
    });
  }

  private tooManyNodes(what: string, hint = NARROW): AppError {
    return badInput(
      `${what} holds more than ${this.limits.maxNodes} nodes, the most one export may hold. ${hint}`,
      [{ field: 'export', problem: 'too many nodes' }],
    );
  }

  private async ties(tx: Tx, what: string, keys: string[] | null): Promise<ExportTieRow[]> {
    const limit = this.limits.maxEdges + 1;
    const ties = keys
      ? await exportRepository.tiesAmong(tx, keys, limit)
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
  ): Promise<ExportGraph> {
    // A merged-away id exports around the entity that absorbed it; an id of another type than the stored entity's names nothing.
    const centre = await readEntityIn(tx, { type: filter.type, key: filter.key, id: filter.given });
    if (!centre) throw notFound(filter.type, filter.given);
    const what = `The neighbourhood of ${withArticle(centre.type)} "${centre.name}" within ${filter.depth} tie${filter.depth > 1 ? 's' : ''}`;
    const seen = [centre.key];
    let frontier = [centre.key];
    // Breadth first, one query per level; each level may add only what the limit has room for.
    for (let level = 1; level <= filter.depth && frontier.length; level++) {
      const room = this.limits.maxNodes - seen.length;
      const next = await exportRepository.neighbours(tx, frontier, seen, room + 1);
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
    }
    return this.chosen(tx, what, seen);
  }
}
