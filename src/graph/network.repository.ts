/** Cypher for the network questions: allies, paths, neighbourhoods, coverage, projections, the matrix. */
import type { SharedRow } from '../domain/network';
import type { TieType } from '../domain/model';
import type { Row, Tx } from './database';

export interface Period {
  activeStart: string | null;
  activeEnd: string | null;
}

export interface EdgeRow {
  rel: Row;
  type: TieType;
  source: string;
  target: string;
}

export interface PathRow {
  nodes: string[];
  edges: EdgeRow[];
  length: number;
}

export interface AllyFilter extends Period {
  of: string;
  forum: string | null;
  kinds: string[] | null;
  countries: string[] | null;
  cap: number;
}

export const networkRepository = {
  async alliesThroughFora(tx: Tx, f: AllyFilter): Promise<SharedRow[]> {
    return (await tx.run('network/allies-fora', { ...f })) as unknown as SharedRow[];
  },

  async alliesThroughEvents(tx: Tx, f: AllyFilter): Promise<SharedRow[]> {
    return (await tx.run('network/allies-events', { ...f })) as unknown as SharedRow[];
  },

  async shortestPaths(tx: Tx, from: string, to: string, types: TieType[], maxHops: number, k: number): Promise<PathRow[]> {
    const rows = await tx.run('network/paths', { from, to }, { types: types.join('|'), maxHops: String(maxHops), k: String(k) });
    return rows as unknown as PathRow[];
  },

  /** One hop of a neighbourhood: up to `room` new neighbours (and whether there were more), and the ties from the frontier to the graph's entities. */
  async expand(tx: Tx, hop: { keys: string[]; known: string[]; room: number; edgeCap: number }, types: TieType[], period: Period): Promise<{ fresh: string[]; more: boolean; edges: EdgeRow[] }> {
    const [row] = await tx.run('network/expand', { ...hop, ...period }, { types: types.join('|') });
    return row as unknown as { fresh: string[]; more: boolean; edges: EdgeRow[] };
  },

  async members(tx: Tx, network: string, period: Period): Promise<{ type: string; members: string[] } | null> {
    const [row] = await tx.run('network/members', { network, ...period });
    return row ? { type: row.type as string, members: row.members as string[] } : null;
  },

  async coverage(tx: Tx, network: string, members: string[], period: Period, cap: number): Promise<Array<{ forum: string; via: string[] }>> {
    return (await tx.run('network/coverage', { network, members, ...period, cap })) as unknown as Array<{ forum: string; via: string[] }>;
  },

  async forumOrganisations(tx: Tx, forum: string, period: Period): Promise<string[]> {
    const [row] = await tx.run('network/forum-organisations', { forum, ...period });
    return (row?.organisations as string[]) ?? [];
  },

  async projection(tx: Tx, scope: string[] | null, period: Period, cap: number): Promise<Array<{ organisation: string; forum: string }>> {
    return (await tx.run('network/projection', { scope, ...period, cap })) as unknown as Array<{ organisation: string; forum: string }>;
  },

  async matrix(tx: Tx, organisations: string[], fora: string[], period: Period): Promise<Row[]> {
    return tx.run('network/matrix', { organisations, fora, ...period });
  },
};
