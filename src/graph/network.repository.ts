/** Cypher for the network questions: allies, paths, neighbourhoods, coverage, brokers, the matrix. */
import { z } from 'zod';
import { EntityType, TieType } from '../domain/model';
import type { Row, Tx } from './database';
import { tupleReader } from './tuples';

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

export interface AllyFilter extends Period {
  of: string;
  forum: string | null;
  kinds: string[] | null;
  countries: string[] | null;
  cap: number;
}

/**
 * Row schemas of the one-query network questions (network/allies, network/connections,
 * network/neighbourhood*, network/coverage-one, network/brokers, network/engagement-matrix,
 * network/resolve): every row is parsed, never cast.
 */
const recordRow = z.object({
  node: z.record(z.string(), z.unknown()),
  type: z.nativeEnum(EntityType),
  identifiers: z.array(z.object({ scheme: z.string(), value: z.string() })),
});
/** An entity as network/_record projects it (the shape of entity/_return): toEntity reads it. */
export type RecordRow = z.infer<typeof recordRow>;

const resolvedRow = z.object({
  types: z.array(z.nativeEnum(EntityType)),
  record: recordRow.nullable(),
});
/** One start entity as network/_resolve found it: the types of every match, and the record of the one chosen (null when none). */
export type ResolvedRow = z.infer<typeof resolvedRow>;

const text = z.string().nullable().optional();
const edgeRow = z.object({
  rel: z.object({ id: z.string(), role: text, since: text, until: text }),
  type: z.nativeEnum(TieType),
  source: z.string(),
  target: z.string(),
});
const sharedRow = z.object({
  ally: z.string(),
  shared: z.string(),
  ownRoles: z.array(z.string()),
  allyRoles: z.array(z.string()),
  size: z.number(),
  event: z.boolean(),
});

const alliesRow = z.object({
  resolved: z.array(resolvedRow),
  /** True when the page was shown exact without walking the hub fora for allies. */
  exact: z.boolean(),
  top: z.array(z.object({ ally: z.string(), rows: z.array(sharedRow) })),
  records: z.array(recordRow),
});
export type AlliesRow = z.infer<typeof alliesRow>;

const connectionsRow = z.object({
  resolved: z.array(resolvedRow),
  paths: z.array(
    z.object({ nodes: z.array(z.string()), edges: z.array(edgeRow), length: z.number() }),
  ),
  records: z.array(recordRow),
});
export type ConnectionsRow = z.infer<typeof connectionsRow>;

/**
 * A tie of a neighbourhood hop and a light node come as tuples (network/_hop, network/neighbourhood):
 * a walk returns up to a thousand ties, and as maps every one of them carried eight key strings
 * for Bolt to decode.
 */
const hop = tupleReader('network/neighbourhood');
const TIE_TYPES = Object.values(TieType);
const ENTITY_TYPES = Object.values(EntityType);
function hopEdges(v: unknown): EdgeRow[] {
  return hop.list(v, 'hop ties').map((e) => {
    const [id, type, source, target, role, since, until] = hop.tuple(e, 7, 'hop tie');
    return {
      rel: {
        id: hop.text(id, 'tie id'),
        role: hop.textOrNull(role, 'tie role'),
        since: hop.textOrNull(since, 'tie since'),
        until: hop.textOrNull(until, 'tie until'),
      },
      type: hop.member(TIE_TYPES, type, 'tie type'),
      source: hop.text(source, 'tie source'),
      target: hop.text(target, 'tie target'),
    };
  });
}
const hopRow = z.object({
  fresh: z.array(z.string()),
  more: z.boolean(),
  edges: z.unknown().transform(hopEdges),
});
const lightNodes = z.unknown().transform((v) =>
  hop.list(v, 'nodes').map((n) => {
    const [key, type, name] = hop.tuple(n, 3, 'node');
    return {
      key: hop.text(key, 'node key'),
      type: hop.member(ENTITY_TYPES, type, 'node type'),
      name: hop.text(name, 'node name'),
    };
  }),
);
const neighbourhoodRow = z.object({
  resolved: z.array(resolvedRow),
  nodes: lightNodes,
  hops: z.array(hopRow),
});
const neighbourhoodRecordsRow = z.object({
  resolved: z.array(resolvedRow),
  nodes: z.array(recordRow),
  hops: z.array(hopRow),
});
export type NeighbourhoodRow = z.output<typeof neighbourhoodRow>;
export type NeighbourhoodRecordsRow = z.output<typeof neighbourhoodRecordsRow>;

const coverageRow = z.object({
  resolved: z.array(resolvedRow),
  members: z.array(z.string()),
  memberRecords: z.array(recordRow),
  rows: z.array(z.object({ forum: z.string(), via: z.array(z.string()), record: recordRow })),
});
export type CoverageRow = z.infer<typeof coverageRow>;

/** An entity with the properties a selection asks for: their values in the order of the names sent ($props), and its identifiers when asked. */
const fieldsRow = z.object({
  values: z.array(z.unknown()),
  identifiers: z.array(z.object({ scheme: z.string(), value: z.string() })),
});
export type FieldsRow = z.infer<typeof fieldsRow>;

const brokersRow = z.object({
  resolved: z.array(resolvedRow),
  scoped: z.number(),
  organisations: z.array(fieldsRow.extend({ fora: z.array(z.string()) })),
});
export type BrokersRow = z.infer<typeof brokersRow>;

const matrixRow = z.object({
  resolved: z.array(resolvedRow),
  organisations: z.array(fieldsRow),
  fora: z.array(fieldsRow),
  cells: z.array(
    z.object({
      organisation: z.string(),
      forum: z.string(),
      id: z.string(),
      role: text,
      since: text,
      until: text,
    }),
  ),
});
export type MatrixRow = z.infer<typeof matrixRow>;

/** A start entity for network/_resolve: an id ({key, type}) or a slug looked up among `types`. */
export interface StartRef {
  key: string | null;
  type: EntityType | null;
  slug: string | null;
  types: EntityType[];
}

/** The one row of a one-query question (aggregations always yield it). */
function one<T>(rows: Row[], schema: z.ZodType<T, z.ZodTypeDef, unknown>, name: string): T {
  if (rows.length !== 1) throw new Error(`${name} returned ${rows.length} rows, not 1`);
  return schema.parse(rows[0]);
}

export const networkRepository = {
  /** The start entities alone (network/resolve). */
  async resolve(tx: Tx, refs: StartRef[]): Promise<ResolvedRow[]> {
    return one(
      await tx.run('network/resolve', { refs }),
      z.object({ resolved: z.array(resolvedRow) }),
      'network/resolve',
    ).resolved;
  },

  /** allies in one query: start entities, the rows of the best `first` allies, their records and those of what they share. */
  async allies(
    tx: Tx,
    q: Omit<AllyFilter, 'of' | 'forum'> & {
      refs: StartRef[];
      first: number;
      hub: number;
      forumWeights: Readonly<Record<string, number>>;
      eventWeights: Readonly<Record<string, number>>;
      eventFactor: number;
    },
  ): Promise<AlliesRow> {
    return one(await tx.run('network/allies', { ...q }), alliesRow, 'network/allies');
  },

  /** connections in one query: start entities, the paths, the records of every entity on them. */
  async connections(
    tx: Tx,
    refs: StartRef[],
    types: TieType[],
    maxHops: number,
    k: number,
    period: Period = { activeStart: null, activeEnd: null },
  ): Promise<ConnectionsRow> {
    const rows = await tx.run(
      'network/connections',
      { refs, ...period },
      { types: types.join('|'), maxHops: String(maxHops), k: String(k) },
    );
    return one(rows, connectionsRow, 'network/connections');
  },

  /** coverage in one query: the network resolved, its members, every other forum with the members in it, and their records. */
  async coverageOne(tx: Tx, q: Period & { refs: StartRef[]; cap: number }): Promise<CoverageRow> {
    return one(await tx.run('network/coverage-one', { ...q }), coverageRow, 'network/coverage-one');
  },

  /** neighbourhood in one query, reading each entity's key, type and name only. */
  async neighbourhood(
    tx: Tx,
    q: Period & { refs: StartRef[]; depth: number; limit: number; edgeCap: number },
    types: TieType[],
  ): Promise<NeighbourhoodRow> {
    return one(
      await tx.run('network/neighbourhood', { ...q }, { types: types.join('|') }),
      neighbourhoodRow,
      'network/neighbourhood',
    );
  },

  /** neighbourhood in one query, reading each entity's whole record. */
  async neighbourhoodRecords(
    tx: Tx,
    q: Period & { refs: StartRef[]; depth: number; limit: number; edgeCap: number },
    types: TieType[],
  ): Promise<NeighbourhoodRecordsRow> {
    return one(
      await tx.run('network/neighbourhood-records', { ...q }, { types: types.join('|') }),
      neighbourhoodRecordsRow,
      'network/neighbourhood-records',
    );
  },

  /** brokers in one query: the scope resolved, how many organisations it holds, and the engagement graph grouped by organisation, with their selected properties. */
  async brokers(
    tx: Tx,
    q: Period & { refs: StartRef[]; cap: number; props: string[]; identifiers: boolean },
  ): Promise<BrokersRow> {
    return one(await tx.run('network/brokers', { ...q }), brokersRow, 'network/brokers');
  },

  /** engagementMatrix in one query: its entity arguments resolved, the rows, the columns, the cells, with the selected properties of rows and columns. */
  async engagementMatrix(
    tx: Tx,
    q: {
      refs: StartRef[];
      rowForum: boolean;
      prefix: string;
      kinds: string[] | null;
      countries: string[] | null;
      activeStart: string | null;
      activeEnd: string | null;
      personal: boolean;
      first: number;
      cellsStart: string | null;
      cellsEnd: string | null;
      cap: number;
      maxFora: number;
      orgProps: string[];
      orgIdentifiers: boolean;
      forumProps: string[];
      forumIdentifiers: boolean;
    },
  ): Promise<MatrixRow> {
    return one(
      await tx.run('network/engagement-matrix', { ...q }),
      matrixRow,
      'network/engagement-matrix',
    );
  },
};
