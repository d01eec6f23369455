/**
 * Cypher for exports: the whole graph, or chosen entities and the ties among them, read as
 * plain records. Only the public properties named in cypher/queries/export/_node.cypher
 * ever leave the database here; contact details are never read.
 */
import type { EntityType, TieType } from '../domain/model';
import type { Row, Tx } from './database';

/** An entity as exported: its stable key, its type and its public properties (null when absent). */
export interface ExportEntityRow {
  key: string;
  type: EntityType;
  props: Record<string, unknown>;
}

/** A tie as exported, with the stable keys of its ends. */
export interface ExportTieRow {
  key: string;
  type: TieType;
  fromKey: string;
  toKey: string;
  role: string | null;
  since: string | null;
  until: string | null;
  onBehalfOfKey: string | null;
  note: string | null;
}

/**
 * Which ties a neighbourhood walk follows and a view exports: null everywhere lets every tie
 * through. The period is the API's activeOn as network/_active reads it (first and last day).
 */
export interface TieScope {
  tieTypes: TieType[] | null;
  activeStart: string | null;
  activeEnd: string | null;
}

export const EVERY_TIE: TieScope = { tieTypes: null, activeStart: null, activeEnd: null };

/** What a forum export holds besides the forum itself, as stable keys. */
export interface ForumMembers {
  actors: string[];
  events: string[];
  participants: string[];
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toEntityRow(row: Row): ExportEntityRow {
  return {
    key: row.key as string,
    type: row.type as EntityType,
    props: (row.props as Record<string, unknown>) ?? {},
  };
}

function toTieRow(row: Row): ExportTieRow {
  return {
    key: row.key as string,
    type: row.type as TieType,
    fromKey: row.fromKey as string,
    toKey: row.toKey as string,
    role: text(row.role),
    since: text(row.since),
    until: text(row.until),
    onBehalfOfKey: text(row.onBehalfOf),
    note: text(row.note),
  };
}

export const exportRepository = {
  async countEntities(tx: Tx): Promise<number> {
    const [row] = await tx.run('export/count-entities');
    return row.total as number;
  },

  /** At most `limit` entities; the caller asks for one more than it allows to detect an overflow. */
  async allEntities(tx: Tx, limit: number): Promise<ExportEntityRow[]> {
    return (await tx.run('export/all-entities', { limit })).map(toEntityRow);
  },

  async allTies(tx: Tx, limit: number): Promise<ExportTieRow[]> {
    return (await tx.run('export/all-ties', { limit })).map(toTieRow);
  },

  async entitiesByKeys(tx: Tx, keys: readonly string[]): Promise<ExportEntityRow[]> {
    if (!keys.length) return [];
    return (await tx.run('export/entities-by-keys', { keys })).map(toEntityRow);
  },

  /** The ties (in scope) whose two ends are both among `keys`, at most `limit`. */
  async tiesAmong(
    tx: Tx,
    keys: readonly string[],
    limit: number,
    scope: TieScope = EVERY_TIE,
  ): Promise<ExportTieRow[]> {
    if (!keys.length) return [];
    return (await tx.run('export/ties-among', { keys, limit, ...scope })).map(toTieRow);
  },

  /** A forum by slug (by id, the export resolves it as every read does: src/services/entity-ids.ts). */
  async forumBySlug(tx: Tx, slug: string): Promise<{ key: string; name: string } | null> {
    const [row] = await tx.run('export/forum-by-slug', { slug });
    return row ? { key: row.key as string, name: row.name as string } : null;
  },

  /**
   * The forum view's engagements: ENGAGES_IN ties into the forum active in the period, with a
   * role among `roles` (or none) and an actor of `entityTypes` (null: any), at most `limit`.
   */
  async forumEngagements(
    tx: Tx,
    key: string,
    q: {
      activeStart: string | null;
      activeEnd: string | null;
      roles: readonly string[] | null;
      entityTypes: readonly EntityType[] | null;
    },
    limit: number,
  ): Promise<ExportTieRow[]> {
    return (await tx.run('export/forum-engagements', { key, limit, ...q })).map(toTieRow);
  },

  /** Each list holds at most `limit` keys. */
  async forumMembers(tx: Tx, key: string, limit: number): Promise<ForumMembers> {
    const [row] = await tx.run('export/forum-members', { key, limit });
    if (!row) return { actors: [], events: [], participants: [] };
    return {
      actors: row.actors as string[],
      events: row.events as string[],
      participants: row.participants as string[],
    };
  },

  /** One breadth-first step: entities tied (in scope) to the frontier that are not in `seen`, at most `limit`. */
  async neighbours(
    tx: Tx,
    frontier: readonly string[],
    seen: readonly string[],
    limit: number,
    scope: TieScope = EVERY_TIE,
  ): Promise<string[]> {
    if (!frontier.length) return [];
    return (await tx.run('export/neighbours', { frontier, seen, limit, ...scope })).map(
      (r) => r.key as string,
    );
  },
};
