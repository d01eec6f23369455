/**
 * Network questions: allies, connections (shortest paths), neighbourhoods, coverage of a
 * network, brokers and the engagement matrix. Every one is bounded (hops, depth, limits,
 * row caps). Each is one query: the start entities are resolved inside it (network/_resolve)
 * and the entities of the answer come back with it. allies, connections, neighbourhood and
 * coverage prime their records into the per-request loader, which the field resolvers read;
 * brokers and the matrix read only the properties the selection asks for and hand those
 * records to the answer itself (partial records never go into the loader).
 */
import Graph from 'graphology';
import { PERSONAL_TIES } from '../auth/auth-checker';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import { periodEnd, periodStart } from '../domain/dates';
import type { EntityWhere } from '../domain/inputs';
import { fromGlobalId, toGlobalId } from '../domain/ids';
import { ENTITY_TYPES, EntityType, TIE_TYPES, TieType, withArticle } from '../domain/model';
import { SLUG, sortName } from '../domain/text';
import { allEntityProps } from '../planner/model';
import type { RecordFields } from '../resolvers/network/selection';
import {
  AllyScore,
  ENGAGEMENT_ROLE_WEIGHT,
  EVENT_FACTOR,
  PARTICIPATION_ROLE_WEIGHT,
  scoreAllies,
} from '../domain/network';
import { PAGES, pageSizeFor } from '../domain/paging';
import type { EntityRecord } from '../domain/records';
import { AppError, ErrorCode, badInput, notFound } from '../errors';
import type { Database, QueryMeter } from '../graph/database';
import {
  EdgeRow,
  FieldsRow,
  Period,
  RecordRow,
  ResolvedRow,
  StartRef,
  networkRepository,
} from '../graph/network.repository';
import { toEntity } from '../graph/rows';
import type { Loaders } from '../loaders';
import { entityRef } from './entity-ids';

/** What coverage and brokers accept as a network: an organisation with members, or a coalition forum. */
const NETWORK_TYPES: readonly EntityType[] = [EntityType.Organisation, EntityType.Forum];

export const LIMITS = {
  /** Rows of (ally, shared forum or event) read for one allies question. */
  allyRows: 20_000,
  /**
   * A forum with more organisations than this is a hub to allies: it is not walked for allies
   * unless the page cannot be shown exact without it (network/allies).
   */
  allyHub: 300,
  maxAllies: PAGES.allies.max,
  maxHops: 6,
  maxPaths: PAGES.connections.max,
  maxDepth: 3,
  maxNeighbourhood: PAGES.neighbourhood.max,
  /** Fora listed in one coverage answer. */
  coverageFora: 5_000,
  /** Engagement edges read for one centrality projection. */
  projectionEdges: 50_000,
  maxBrokers: PAGES.brokers.max,
  matrixFora: 100,
  /** Stop a path search that has not finished in this time; ask for fewer hops. */
  pathTimeoutMs: 5_000,
} as const;

export interface GraphEdgeOut {
  /** Global ids of the tie and of its two ends. */
  id: string;
  source: string;
  target: string;
  key: string;
  type: TieType;
  sourceKey: string;
  targetKey: string;
  role: string | null;
  since: string | null;
  until: string | null;
}

export interface PathOut {
  length: number;
  nodes: EntityRecord[];
  edges: GraphEdgeOut[];
}

/** A node of a neighbourhood: what `{ id label type }` needs, and the whole record when the selection asks for properties. */
export interface GraphNodeOut {
  key: string;
  id: string;
  type: EntityType;
  name: string;
  record: EntityRecord | null;
}

export interface GraphOut {
  nodes: GraphNodeOut[];
  edges: GraphEdgeOut[];
  truncated: boolean;
}

export interface CoverageOut {
  network: EntityRecord;
  members: string[];
  reached: Array<{ forum: string; via: string[] }>;
  uncovered: string[];
  singlePoints: Array<{ forum: string; via: string[] }>;
}

export interface BrokerOut {
  key: string;
  betweenness: number;
  degree: number;
  /** The organisation, with the properties the selection asked for. */
  entity: EntityRecord;
}

export interface MatrixOut {
  organisations: EntityRecord[];
  fora: EntityRecord[];
  cells: Array<{
    organisation: string;
    forum: string;
    engagement: string;
    role: string | null;
    since: string | null;
    until: string | null;
  }>;
}

/** Every stored property anyone may read, and the identifiers: what a caller without a selection gets. */
function allFields(type: EntityType): RecordFields {
  return { props: allEntityProps(type), identifiers: true };
}

/** An entity read with the properties `fields` names (network/brokers, network/engagement-matrix) as a record. */
function withFields(row: FieldsRow, fields: RecordFields, type: EntityType): EntityRecord {
  const node = Object.fromEntries(fields.props.map((p, i) => [p, row.values[i] ?? null]));
  return toEntity({ node, type, identifiers: row.identifiers });
}

function period(activeOn: string | null | undefined): Period {
  return activeOn
    ? { activeStart: periodStart(activeOn), activeEnd: periodEnd(activeOn) }
    : { activeStart: null, activeEnd: null };
}

function bounded(
  name: string,
  value: number | null | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw badInput(`"${name}" must be a whole number from ${min} to ${max}.`, [
      { field: name, problem: `must be ${min}..${max}` },
    ]);
  }
  return v;
}

/** A tie as a graph edge; `ids` maps entity keys to the global ids clients see. */
function toEdge(e: EdgeRow, ids: ReadonlyMap<string, string>): GraphEdgeOut {
  return {
    id: toGlobalId(e.type, e.rel.id as string),
    source: ids.get(e.source) ?? '',
    target: ids.get(e.target) ?? '',
    key: e.rel.id as string,
    type: e.type,
    sourceKey: e.source,
    targetKey: e.target,
    role: (e.rel.role as string | undefined) ?? null,
    since: (e.rel.since as string | undefined) ?? null,
    until: (e.rel.until as string | undefined) ?? null,
  };
}

export class NetworkService {
  constructor(
    private readonly db: Database,
    private readonly loaders: Loaders,
    private readonly meter: QueryMeter,
    /** Callers below viewer may not see who works where: affiliations are left out of paths and graphs for them. */
    private readonly seesAffiliations: boolean,
  ) {}

  /**
   * The tie types a walk may follow. No list, null and [] are the same request: every type the
   * caller may see. Callers who may not see who works where never follow AFFILIATED_WITH, also
   * when they name it (docs/security.md); what is left may be no type at all, which the walks
   * answer without a query (the centre alone, no path).
   */
  private allowedTypes(asked: TieType[] | null | undefined): TieType[] {
    const types = asked?.length ? [...new Set(asked)] : [...TIE_TYPES];
    return this.seesAffiliations ? types : types.filter((t) => !PERSONAL_TIES.has(t));
  }

  /** Hands records read in a question's own transaction to the request's loader (prime keeps what it holds), so field resolvers reuse them. */
  private primed(records: Map<string, EntityRecord>): Map<string, EntityRecord> {
    for (const e of records.values()) this.loaders.entity.prime(e.key, e);
    return records;
  }

  /**
   * An entity argument (id or slug) as network/_resolve takes it, checked without the
   * database: neither an id nor a slug, a tie's id, or an id of another type than the one
   * `types` allows, are BAD_USER_INPUT here (`typed` false: only the first check, for a list
   * whose every entry is an id or a slug before any is checked for its type).
   */
  private startRef(
    ref: string,
    field: string,
    types: readonly EntityType[] = ENTITY_TYPES,
    typed = true,
  ): StartRef {
    if (!fromGlobalId(ref) && !SLUG.test(ref)) {
      throw badInput(
        `"${ref}" is neither an entity id nor a slug. Pass the id field of an entity returned by this API, or its slug (lower-case letters, digits and hyphens).`,
        [{ field, problem: 'not an id or slug' }],
      );
    }
    if (fromGlobalId(ref) && typed) {
      const parsed = entityRef(ref, types.length === 1 ? types[0] : undefined, field);
      return { key: parsed.key, type: parsed.type, slug: null, types: [...types] };
    }
    return { key: null, type: null, slug: ref, types: [...types] };
  }

  /**
   * What network/_resolve found, with the errors every network question gives: a slug naming
   * entities of several types is BAD_USER_INPUT, nothing found NOT_FOUND (an id names its own
   * type, a slug the types asked for). Records come back in the order of `refs`.
   */
  private started(
    refs: readonly string[],
    resolved: readonly ResolvedRow[],
    field: readonly string[],
    types: readonly (readonly EntityType[])[],
  ): EntityRecord[] {
    refs.forEach((ref, i) => {
      if (!fromGlobalId(ref) && resolved[i].types.length > 1) {
        throw badInput(
          `The slug "${ref}" names ${resolved[i].types.map((t) => withArticle(t)).join(' and ')}. Pass the id of the one you mean.`,
          [{ field: field[i], problem: 'slug of several types' }],
        );
      }
    });
    return refs.map((ref, i) => {
      const row = resolved[i].record;
      if (!row) {
        const kind = fromGlobalId(ref)?.kind;
        const what = types[i].length === 1 ? types[i][0] : 'entity';
        throw notFound(
          kind && (ENTITY_TYPES as readonly string[]).includes(kind) ? kind : what,
          ref,
        );
      }
      return toEntity(row);
    });
  }

  /** The start entities alone, one query: for a question with nothing to walk, or to report a missing one before a later argument's error. */
  private async startsOnly(
    refs: readonly string[],
    starts: StartRef[],
    field: readonly string[],
    types: readonly (readonly EntityType[])[],
  ): Promise<EntityRecord[]> {
    const resolved = await this.db.read((tx) => networkRepository.resolve(tx, starts), this.meter);
    const found = this.started(refs, resolved, field, types);
    this.primed(new Map(found.map((e) => [e.key, e])));
    return found;
  }

  /** Records read in a question's own query, as entity records keyed by key. */
  private recordsOf(rows: readonly RecordRow[]): Map<string, EntityRecord> {
    return new Map(rows.map((r) => toEntity(r)).map((e) => [e.key, e]));
  }

  /**
   * One query (network/allies): the organisation (and forum) resolved, the shared fora and
   * events of the best `first` allies, ranked in Cypher by the score of src/domain/network.ts,
   * and the records of those allies and of what they share, which the field resolvers then
   * read from the request's loader. The score is recomputed here from the rows, so it is the
   * one scoreAllies gives.
   */
  async allies(args: {
    of: string;
    forum?: string | null;
    activeOn?: string | null;
    kinds?: string[] | null;
    countries?: string[] | null;
    first?: number | null;
  }): Promise<AllyScore[]> {
    const first = pageSizeFor(PAGES.allies, args.first);
    const refs = [args.of];
    const starts = [this.startRef(args.of, 'of', [EntityType.Organisation])];
    if (args.forum) {
      try {
        starts.push(this.startRef(args.forum, 'forum', [EntityType.Forum]));
      } catch (err) {
        // As before: an organisation that is not found is reported before a malformed forum.
        await this.startsOnly(refs, starts, ['of'], [[EntityType.Organisation]]);
        throw err;
      }
      refs.push(args.forum);
    }
    const row = await this.db.read(
      (tx) =>
        networkRepository.allies(tx, {
          refs: starts,
          kinds: args.kinds?.length ? args.kinds : null,
          countries: args.countries?.length ? args.countries.map((c) => c.toUpperCase()) : null,
          cap: LIMITS.allyRows,
          hub: LIMITS.allyHub,
          first,
          forumWeights: ENGAGEMENT_ROLE_WEIGHT,
          eventWeights: PARTICIPATION_ROLE_WEIGHT,
          eventFactor: EVENT_FACTOR,
          ...period(args.activeOn),
        }),
      this.meter,
    );
    const [of] = this.started(
      refs,
      row.resolved,
      ['of', 'forum'],
      [[EntityType.Organisation], [EntityType.Forum]],
    );
    this.primed(this.recordsOf(row.records));
    const rows = row.top.flatMap((t) => t.rows);
    return scoreAllies(
      of.key,
      rows.filter((r) => !r.event),
      rows.filter((r) => r.event),
    ).slice(0, first);
  }

  /** One query (network/connections): both ends resolved, the shortest paths, and the records of every entity on them. */
  async connections(args: {
    from: string;
    to: string;
    maxHops?: number | null;
    first?: number | null;
    via?: TieType[] | null;
    activeOn?: string | null;
  }): Promise<PathOut[]> {
    const maxHops = bounded('maxHops', args.maxHops, 4, 1, LIMITS.maxHops);
    const first = pageSizeFor(PAGES.connections, args.first);
    const types = this.allowedTypes(args.via);
    const refs = [args.from, args.to];
    const starts = [this.startRef(args.from, 'from'), this.startRef(args.to, 'to')];
    const fields = ['from', 'to'];
    const anyType = [ENTITY_TYPES, ENTITY_TYPES];
    if (!types.length) {
      const [from, to] = await this.startsOnly(refs, starts, fields, anyType);
      return from.key === to.key ? [{ length: 0, nodes: [from], edges: [] }] : [];
    }
    let row;
    try {
      row = await this.db.read(
        (tx) =>
          networkRepository.connections(tx, starts, types, maxHops, first, period(args.activeOn)),
        this.meter,
        LIMITS.pathTimeoutMs,
      );
    } catch (err) {
      if (
        err instanceof AppError &&
        err.code === ErrorCode.SERVICE_UNAVAILABLE &&
        /too long/.test(err.message)
      ) {
        throw badInput(
          `No answer within ${LIMITS.pathTimeoutMs / 1000}s for paths of up to ${maxHops} ties. Ask for fewer hops (maxHops) or fewer tie types (via).`,
        );
      }
      throw err;
    }
    const [from, to] = this.started(refs, row.resolved, fields, anyType);
    const records = this.primed(this.recordsOf(row.records));
    this.primed(new Map([from, to].map((e) => [e.key, e])));
    if (from.key === to.key) return [{ length: 0, nodes: [from], edges: [] }];
    const ids = new Map([...records.values()].map((e) => [e.key, e.id]));
    return row.paths.map((r) => ({
      length: r.length,
      nodes: r.nodes.map((k) => records.get(k)!).filter(Boolean),
      edges: r.edges.map((e) => toEdge(e, ids)),
    }));
  }

  /**
   * Breadth-first, in one query (network/neighbourhood or network/neighbourhood-records): the
   * centre, then its neighbours, then theirs, up to `depth`. Each hop adds new entities in the
   * order found until `limit`, and brings the ties from the frontier to the entities the graph
   * holds, so the graph is self-contained; truncated says whether anything was left out.
   * `records`: read each entity's whole record (the selection asks for `properties`); otherwise
   * only its key, type and name.
   */
  async neighbourhood(
    args: {
      id: string;
      depth?: number | null;
      relationTypes?: TieType[] | null;
      activeOn?: string | null;
      limit?: number | null;
    },
    options: { records: boolean } = { records: true },
  ): Promise<GraphOut> {
    const depth = bounded('depth', args.depth, 1, 0, LIMITS.maxDepth);
    const limit = pageSizeFor(PAGES.neighbourhood, args.limit);
    const types = this.allowedTypes(args.relationTypes);
    const refs = [args.id];
    const starts = [this.startRef(args.id, 'id')];
    const light = (e: EntityRecord): GraphNodeOut => ({
      key: e.key,
      id: e.id,
      type: e.type,
      name: e.name,
      record: e,
    });
    // Nothing to follow (an anonymous caller asking only for AFFILIATED_WITH): the centre alone.
    if (!types.length) {
      const [centre] = await this.startsOnly(refs, starts, ['id'], [ENTITY_TYPES]);
      return { nodes: [light(centre)], edges: [], truncated: false };
    }
    const edgeCap = limit * 10;
    const q = { refs: starts, depth, limit, edgeCap: edgeCap + 1, ...period(args.activeOn) };
    let nodes: GraphNodeOut[];
    let row: {
      resolved: ResolvedRow[];
      hops: Array<{ fresh: string[]; more: boolean; edges: EdgeRow[] }>;
    };
    if (options.records) {
      const found = await this.db.read(
        (tx) => networkRepository.neighbourhoodRecords(tx, q, types),
        this.meter,
      );
      nodes = [...this.primed(this.recordsOf(found.nodes)).values()].map(light);
      row = found;
    } else {
      const found = await this.db.read(
        (tx) => networkRepository.neighbourhood(tx, q, types),
        this.meter,
      );
      nodes = found.nodes.map((n) => ({
        key: n.key,
        id: toGlobalId(n.type, n.key),
        type: n.type,
        name: n.name,
        record: null,
      }));
      row = found;
    }
    this.started(refs, row.resolved, ['id'], [ENTITY_TYPES]);
    let truncated = false;
    const edges = new Map<string, EdgeRow>();
    for (const hop of row.hops) {
      if (hop.more || hop.edges.length > edgeCap) truncated = true;
      for (const edge of hop.edges.slice(0, edgeCap)) edges.set(edge.rel.id as string, edge);
    }
    const ids = new Map(nodes.map((n) => [n.key, n.id]));
    const kept = [...edges.values()]
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => toEdge(e, ids));
    return { nodes, edges: kept, truncated };
  }

  /** One query (network/coverage-one): the network resolved, its members, the fora with the members in each, and their records. */
  async coverage(args: { network: string; activeOn?: string | null }): Promise<CoverageOut> {
    const starts = [this.startRef(args.network, 'network', NETWORK_TYPES)];
    const row = await this.db.read(
      (tx) =>
        networkRepository.coverageOne(tx, {
          refs: starts,
          cap: LIMITS.coverageFora,
          ...period(args.activeOn),
        }),
      this.meter,
    );
    const [network] = this.started([args.network], row.resolved, ['network'], [NETWORK_TYPES]);
    if (network.type !== EntityType.Organisation && network.type !== EntityType.Forum) {
      throw badInput(
        'coverage needs a network organisation (members by MEMBER_OF) or a coalition forum (members by ENGAGES_IN).',
        [{ field: 'network', problem: `is a ${network.type}` }],
      );
    }
    this.primed(new Map([[network.key, network]]));
    this.primed(this.recordsOf([...row.memberRecords, ...row.rows.map((r) => r.record)]));
    const rows = row.rows.map((r) => ({ forum: r.forum, via: r.via }));
    return {
      network,
      members: row.members,
      reached: rows.filter((r) => r.via.length > 0),
      uncovered: rows.filter((r) => r.via.length === 0).map((r) => r.forum),
      singlePoints: rows.filter((r) => r.via.length === 1),
    };
  }

  /**
   * Betweenness centrality (graphology-metrics, normalised) on the organisation–forum
   * engagement graph: all of it, the organisations of one forum with all their fora, or a
   * network's members with all their fora. Organisations are returned, best brokers first.
   * One query (network/brokers): the scope resolved, the graph grouped by organisation, and
   * each organisation with the properties `fields` names (the selection's), so the answer's
   * entities need no other query.
   */
  async brokers(
    args: {
      forum?: string | null;
      network?: string | null;
      activeOn?: string | null;
      first?: number | null;
    },
    fields: RecordFields = allFields(EntityType.Organisation),
  ): Promise<BrokerOut[]> {
    const first = pageSizeFor(PAGES.brokers, args.first);
    if (args.forum && args.network) throw badInput('Give forum or network, not both.');
    const refs: string[] = [];
    const starts: StartRef[] = [];
    const field: string[] = [];
    const types: EntityType[][] = [];
    if (args.forum) {
      starts.push(this.startRef(args.forum, 'forum', [EntityType.Forum]));
      refs.push(args.forum);
      field.push('forum');
      types.push([EntityType.Forum]);
    } else if (args.network) {
      starts.push(this.startRef(args.network, 'network', NETWORK_TYPES));
      refs.push(args.network);
      field.push('network');
      types.push([...NETWORK_TYPES]);
    }
    const row = await this.db.read(
      (tx) =>
        networkRepository.brokers(tx, {
          refs: starts,
          cap: LIMITS.projectionEdges + 1,
          props: fields.props,
          identifiers: fields.identifiers,
          ...period(args.activeOn),
        }),
      this.meter,
    );
    this.started(refs, row.resolved, field, types);
    if (refs.length && row.scoped === 0) return [];
    const edges = row.organisations.reduce((n, o) => n + o.fora.length, 0);
    if (edges > LIMITS.projectionEdges) {
      throw badInput(
        `The engagement graph in scope has more than ${LIMITS.projectionEdges} engagements. Narrow it with forum, network or activeOn.`,
      );
    }
    // No engagement in scope: nobody brokers (graphology's betweenness cannot run on an empty graph).
    if (!edges) return [];
    const graph = new Graph({ type: 'undirected', multi: false });
    const records = new Map<string, EntityRecord>();
    for (const o of row.organisations) {
      const record = withFields(o, fields, EntityType.Organisation);
      records.set(record.key, record);
      for (const forum of o.fora) {
        graph.mergeNode(record.key, { organisation: true });
        graph.mergeNode(forum);
        graph.mergeEdge(record.key, forum);
      }
    }
    const centrality = betweennessCentrality(graph, { normalized: true });
    return graph
      .filterNodes((_n, attrs) => attrs.organisation === true)
      .map((key) => ({
        key,
        betweenness: Math.round(centrality[key] * 1e6) / 1e6,
        degree: graph.degree(key),
        entity: records.get(key)!,
      }))
      .sort(
        (a, b) =>
          b.betweenness - a.betweenness || b.degree - a.degree || a.key.localeCompare(b.key),
      )
      .slice(0, first);
  }

  /**
   * One query (network/engagement-matrix): the rows' forum and the columns resolved, the rows
   * (the filter of organisations(where:)), the columns, the cells, and the rows' and columns'
   * properties that `fields` names (the selection's).
   */
  async matrix(
    args: {
      organisations?: EntityWhere | null;
      fora?: string[] | null;
      activeOn?: string | null;
      first?: number | null;
    },
    fields: { organisations: RecordFields; fora: RecordFields } = {
      organisations: allFields(EntityType.Organisation),
      fora: allFields(EntityType.Forum),
    },
  ): Promise<MatrixOut> {
    if (args.fora && args.fora.length > LIMITS.matrixFora)
      throw badInput(`At most ${LIMITS.matrixFora} fora in one matrix.`);
    const first = pageSizeFor(PAGES.engagementMatrix, args.first);
    const w = args.organisations ?? {};
    // The rows' forum filter and the columns take ids or slugs, like every other network question.
    const refs: string[] = [];
    const starts: StartRef[] = [];
    const field: string[] = [];
    if (w.forum) {
      starts.push(this.startRef(w.forum, 'organisations.forum', [EntityType.Forum]));
      refs.push(w.forum);
      field.push('organisations.forum');
    }
    const columns = args.fora ?? [];
    try {
      // As before: every column is an id or a slug before any is checked for its type.
      for (const ref of columns) this.startRef(ref, 'fora', [EntityType.Forum], false);
      for (const ref of columns) starts.push(this.startRef(ref, 'fora', [EntityType.Forum]));
    } catch (err) {
      // As before: a rows' forum that is not found is reported before a malformed column.
      if (refs.length) await this.startsOnly(refs, starts.slice(0, 1), field, [[EntityType.Forum]]);
      throw err;
    }
    refs.push(...columns);
    field.push(...columns.map(() => 'fora'));
    const p = period(args.activeOn);
    const row = await this.db.read(
      (tx) =>
        networkRepository.engagementMatrix(tx, {
          refs: starts,
          rowForum: !!w.forum,
          prefix: w.namePrefix ? sortName(w.namePrefix) : '',
          kinds: w.kinds?.length ? w.kinds : null,
          countries: w.countries?.length ? w.countries.map((c) => c.toUpperCase()) : null,
          activeStart: w.activeOn ? periodStart(w.activeOn) : null,
          activeEnd: w.activeOn ? periodEnd(w.activeOn) : null,
          personal: this.seesAffiliations,
          first,
          cellsStart: p.activeStart,
          cellsEnd: p.activeEnd,
          cap: LIMITS.projectionEdges,
          maxFora: LIMITS.matrixFora,
          orgProps: fields.organisations.props,
          orgIdentifiers: fields.organisations.identifiers,
          forumProps: fields.fora.props,
          forumIdentifiers: fields.fora.identifiers,
        }),
      this.meter,
    );
    this.started(
      refs,
      row.resolved,
      field,
      refs.map(() => [EntityType.Forum]),
    );
    return {
      organisations: row.organisations.map((o) =>
        withFields(o, fields.organisations, EntityType.Organisation),
      ),
      fora: row.fora.map((f) => withFields(f, fields.fora, EntityType.Forum)),
      cells: row.cells.map((c) => ({
        organisation: c.organisation,
        forum: c.forum,
        engagement: c.id,
        role: c.role ?? null,
        since: c.since ?? null,
        until: c.until ?? null,
      })),
    };
  }
}
