/**
 * Network questions: allies, connections (shortest paths), neighbourhoods, coverage of a
 * network, brokers and the engagement matrix. Every one is bounded (hops, depth, limits,
 * row caps). allies, connections, neighbourhood and coverage are one query each: the start
 * entities are resolved inside it (network/_resolve) and the entities of the answer come back
 * with it and are primed into the per-request loader, which the field resolvers read. brokers
 * and the matrix still answer with keys that resolvers load through that loader.
 */
import Graph from 'graphology';
import { PERSONAL_TIES } from '../auth/auth-checker';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import { periodEnd, periodStart } from '../domain/dates';
import type { EntityWhere } from '../domain/inputs';
import { fromGlobalId, toGlobalId } from '../domain/ids';
import { ENTITY_TYPES, EntityType, TIE_TYPES, TieType, withArticle } from '../domain/model';
import { SLUG } from '../domain/text';
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
import type { Database, QueryMeter, Row } from '../graph/database';
import { entityRepository } from '../graph/entity.repository';
import {
  EdgeRow,
  Period,
  RecordRow,
  ResolvedRow,
  StartRef,
  networkRepository,
} from '../graph/network.repository';
import { toEntity } from '../graph/rows';
import type { Loaders } from '../loaders';
import type { EntityService } from './entity.service';
import { entityRef, readEntity } from './entity-ids';

/** What coverage and brokers accept as a network: an organisation with members, or a coalition forum. */
const NETWORK_TYPES: readonly EntityType[] = [EntityType.Organisation, EntityType.Forum];

export const LIMITS = {
  /** Rows of (ally, shared forum or event) read for one allies question. */
  allyRows: 20_000,
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
}

export interface MatrixOut {
  organisations: EntityRecord[];
  fora: string[];
  cells: Array<{
    organisation: string;
    forum: string;
    engagement: string;
    role: string | null;
    since: string | null;
    until: string | null;
  }>;
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
    private readonly entities: EntityService,
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
   * The one resolver of "id or slug" behind every network question: each ref is a global id
   * (of `types`, when that is one type; merged-away ids find the kept entity through the
   * loader) or a slug, looked up among `types` (default: every type, since a slug is unique
   * per type only). Unknown ones give NOT_FOUND, a slug that names entities of several of the
   * types BAD_USER_INPUT. An id of a type outside several allowed `types` is returned, for the
   * question to refuse with its own message. Records come back in the order of `refs`.
   */
  private async requireEntities(
    refs: readonly string[],
    field: string,
    types: readonly EntityType[] = ENTITY_TYPES,
  ): Promise<EntityRecord[]> {
    const what = types.length === 1 ? types[0] : 'entity';
    const isSlug = (ref: string) => !fromGlobalId(ref) && SLUG.test(ref);
    for (const ref of refs) {
      if (!fromGlobalId(ref) && !SLUG.test(ref)) {
        throw badInput(
          `"${ref}" is neither an entity id nor a slug. Pass the id field of an entity returned by this API, or its slug (lower-case letters, digits and hyphens).`,
          [{ field, problem: 'not an id or slug' }],
        );
      }
    }
    const ids = refs
      .filter((r) => !isSlug(r))
      .map((r) => [r, entityRef(r, types.length === 1 ? types[0] : undefined, field)] as const);
    const slugs = [...new Set(refs.filter(isSlug))];
    const [byId, bySlug] = await Promise.all([
      // Reads: a merged-away id answers the entity that absorbed it; an id whose type is not the stored entity's is not found.
      Promise.all(ids.map(([, ref]) => readEntity(this.loaders, ref))),
      slugs.length
        ? this.db.read((tx) => entityRepository.getBySlugsOfTypes(tx, types, slugs), this.meter)
        : Promise.resolve([]),
    ]);
    const found = new Map<string, EntityRecord>();
    ids.forEach(([ref], i) => {
      const e = byId[i];
      if (e && (types.length !== 1 || e.type === types[0])) found.set(ref, e);
    });
    for (const slug of slugs) {
      const named = bySlug.filter((e) => e.slug === slug);
      if (named.length > 1) {
        throw badInput(
          `The slug "${slug}" names ${named.map((e) => withArticle(e.type)).join(' and ')}. Pass the id of the one you mean.`,
          [{ field, problem: 'slug of several types' }],
        );
      }
      if (named.length) {
        this.loaders.entity.prime(named[0].key, named[0]);
        found.set(slug, named[0]);
      }
    }
    return refs.map((ref) => {
      const e = found.get(ref);
      if (!e) {
        // An id names its own type in the message ("No Topic has the id …"), a slug the types asked for.
        const kind = fromGlobalId(ref)?.kind;
        throw notFound(
          kind && (ENTITY_TYPES as readonly string[]).includes(kind) ? kind : what,
          ref,
        );
      }
      return e;
    });
  }

  private async requireEntity(
    ref: string,
    field: string,
    types?: readonly EntityType[],
  ): Promise<EntityRecord> {
    const [found] = await this.requireEntities([ref], field, types);
    return found;
  }

  /**
   * An entity argument (id or slug) as network/_resolve takes it, checked without the
   * database exactly as requireEntities checks it: neither an id nor a slug, a tie's id, or an
   * id of another type than the one `types` allows, are BAD_USER_INPUT here.
   */
  private startRef(
    ref: string,
    field: string,
    types: readonly EntityType[] = ENTITY_TYPES,
  ): StartRef {
    if (!fromGlobalId(ref) && !SLUG.test(ref)) {
      throw badInput(
        `"${ref}" is neither an entity id nor a slug. Pass the id field of an entity returned by this API, or its slug (lower-case letters, digits and hyphens).`,
        [{ field, problem: 'not an id or slug' }],
      );
    }
    if (fromGlobalId(ref)) {
      const parsed = entityRef(ref, types.length === 1 ? types[0] : undefined, field);
      return { key: parsed.key, type: parsed.type, slug: null, types: [...types] };
    }
    return { key: null, type: null, slug: ref, types: [...types] };
  }

  /**
   * What network/_resolve found, with the errors requireEntities gives: a slug naming
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
        (tx) => networkRepository.connections(tx, starts, types, maxHops, first),
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
   */
  async brokers(args: {
    forum?: string | null;
    network?: string | null;
    activeOn?: string | null;
    first?: number | null;
  }): Promise<BrokerOut[]> {
    const first = pageSizeFor(PAGES.brokers, args.first);
    if (args.forum && args.network) throw badInput('Give forum or network, not both.');
    const p = period(args.activeOn);
    let scope: string[] | null = null;
    if (args.forum) {
      const f = await this.requireEntity(args.forum, 'forum', [EntityType.Forum]);
      scope = await this.db.read(
        (tx) => networkRepository.forumOrganisations(tx, f.key, p),
        this.meter,
      );
    } else if (args.network) {
      const n = await this.requireEntity(args.network, 'network', NETWORK_TYPES);
      scope =
        (await this.db.read((tx) => networkRepository.members(tx, n.key, p), this.meter))
          ?.members ?? [];
    }
    if (scope && scope.length === 0) return [];
    const edges = await this.db.read(
      (tx) => networkRepository.projection(tx, scope, p, LIMITS.projectionEdges + 1),
      this.meter,
    );
    if (edges.length > LIMITS.projectionEdges) {
      throw badInput(
        `The engagement graph in scope has more than ${LIMITS.projectionEdges} engagements. Narrow it with forum, network or activeOn.`,
      );
    }
    // No engagement in scope: nobody brokers (graphology's betweenness cannot run on an empty graph).
    if (!edges.length) return [];
    const graph = new Graph({ type: 'undirected', multi: false });
    for (const e of edges) {
      graph.mergeNode(e.organisation, { organisation: true });
      graph.mergeNode(e.forum);
      graph.mergeEdge(e.organisation, e.forum);
    }
    const centrality = betweennessCentrality(graph, { normalized: true });
    return graph
      .filterNodes((_n, attrs) => attrs.organisation === true)
      .map((key) => ({
        key,
        betweenness: Math.round(centrality[key] * 1e6) / 1e6,
        degree: graph.degree(key),
      }))
      .sort(
        (a, b) =>
          b.betweenness - a.betweenness || b.degree - a.degree || a.key.localeCompare(b.key),
      )
      .slice(0, first);
  }

  async matrix(args: {
    organisations?: EntityWhere | null;
    fora?: string[] | null;
    activeOn?: string | null;
    first?: number | null;
  }): Promise<MatrixOut> {
    if (args.fora && args.fora.length > LIMITS.matrixFora)
      throw badInput(`At most ${LIMITS.matrixFora} fora in one matrix.`);
    // The rows' forum filter and the columns take ids or slugs, like every other network question.
    const rowForum = args.organisations?.forum
      ? (
          await this.requireEntity(args.organisations.forum, 'organisations.forum', [
            EntityType.Forum,
          ])
        ).id
      : null;
    const where = rowForum ? { ...args.organisations, forum: rowForum } : args.organisations;
    const columns = args.fora?.length
      ? (await this.requireEntities(args.fora, 'fora', [EntityType.Forum])).map((f) => f.key)
      : null;
    const page = await this.entities.list(
      EntityType.Organisation,
      where,
      null,
      pageSizeFor(PAGES.engagementMatrix, args.first),
      null,
    );
    const orgKeys = page.items.map((o) => o.key);
    const p = period(args.activeOn);
    let fora: string[];
    let rows: Row[];
    if (columns) {
      fora = [...new Set(columns)];
      rows = await this.db.read((tx) => networkRepository.matrix(tx, orgKeys, fora, p), this.meter);
    } else {
      // Without a list of fora: the columns are the fora these organisations engage in.
      rows = await this.db.read(async (tx) => {
        const projection = await networkRepository.projection(
          tx,
          orgKeys,
          p,
          LIMITS.projectionEdges,
        );
        fora = [...new Set(projection.map((e) => e.forum))].slice(0, LIMITS.matrixFora);
        return networkRepository.matrix(tx, orgKeys, fora, p);
      }, this.meter);
    }
    return {
      organisations: page.items,
      fora: fora!,
      cells: rows.map((r) => ({
        organisation: r.organisation as string,
        forum: r.forum as string,
        engagement: r.id as string,
        role: (r.role as string | null) ?? null,
        since: (r.since as string | null) ?? null,
        until: (r.until as string | null) ?? null,
      })),
    };
  }
}
