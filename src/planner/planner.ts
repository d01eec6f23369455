/**
 * The read planner: a root field's whole selection becomes one Cypher query (one round
 * trip). The root resolvers call it; it answers the records, with what it fetched for the
 * nested fields attached (attach.ts). `undefined` means "not planned": the resolver then
 * takes the fallback path (services and DataLoaders), which also gives every error.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Caller } from '../context';
import { fromGlobalId, isEntityType } from '../domain/ids';
import type { EntityOrder, EntityWhere } from '../domain/inputs';
import type { Identifier, SortKey } from '../domain/model';
import type { EntityRecord, Page, TieRecord } from '../domain/records';
import { periodEnd, periodStart } from '../domain/dates';
import { sortName } from '../domain/text';
import { redacted } from '../graph/database';
import type { Database, PlannedQuery, QueryMeter } from '../graph/database';
import { entityOf, toTie } from '../graph/rows';
import { fromNeo4j } from '../graph/convert';
import { tupleReader } from '../graph/tuples';
import type { Logger } from '../logger';
import { decodeCursor, encodeCursor, pageSize } from '../services/paging';
import { attachEnd, attachPage } from './attach';
import {
  CypherText,
  ListRequest,
  RootMatch,
  listQuery,
  propOrder,
  searchQuery,
  singleQuery,
} from './cypher';
import { EntityType, seesPersonal, tieEnds } from './model';
import { ENTITY_TYPES } from '../domain/model';
import { PAGES, pageSizeFor } from '../domain/paging';
import { searchQuery as fullTextQuery } from '../domain/text';
import { searchFetch } from '../graph/search.repository';
import {
  EntityPlan,
  RelationPlan,
  collectFields,
  onlyRootField,
  planEntity,
  walkOf,
} from './selection';

/**
 * The rows a planned query returns are tuples (cypher.ts says why), checked and turned into
 * records in one pass by the decoders at the end of this file: an entity is
 * `[type | null, [properties...], [[scheme, value]...] | null, [page...]]`, a page
 * `[[tie...], found, total | null]`, a tie `[[properties...] | {map}, otherKey, otherType | null,
 * from, to, onBehalfOf]`. Their shape depends on the plan, so the plan is the schema each row is
 * read against; anything else is refused as an internal error (RowShapeError, src/graph/tuples.ts).
 */
const SORT_FIELDS: Record<EntityOrder['field'], SortKey> = {
  NAME: 'sortName',
  CREATED_AT: 'createdAt',
  UPDATED_AT: 'updatedAt',
};

export interface ListArgs {
  where?: EntityWhere | null;
  orderBy?: EntityOrder | null;
  first?: number | null;
  after?: string | null;
}

/**
 * The most relation subqueries one planned query may hold. Each one is a CALL Neo4j must plan
 * and run; a 1.7 KB request that selects every relation of every union member through spread
 * fragments made several hundred and ran into the transaction timeout, where the DataLoaders
 * answer it in a few batched queries. Past this size the request is not planned.
 */
export const MAX_PLANNED_RELATIONS = 16;

/** How many relation subqueries a plan holds, with those of its ties' ends, at any depth. */
export function relationCount(plan: EntityPlan | null): number {
  if (!plan) return 0;
  let n = 0;
  for (const r of plan.relations)
    n += 1 + relationCount(r.tie.from) + relationCount(r.tie.to) + relationCount(r.tie.onBehalfOf);
  return n;
}

export class ReadPlanner {
  constructor(
    private readonly db: Database,
    private readonly meter: QueryMeter,
    private readonly caller: Caller,
    private readonly logger?: Logger,
  ) {}

  /** `alone`: the request's only read (onlyRootField, nothing left to resolvers): no BEGIN and ROLLBACK for it. */
  private async run(name: PlannedQuery['name'], text: CypherText, body: string, alone: boolean) {
    const plan: PlannedQuery = { name, text: body, params: text.params };
    this.logger?.debug(
      { plan: plan.name, cypher: plan.text, params: redacted(plan.params) },
      'planned read',
    );
    return this.db.readPlanned(plan, this.meter, alone);
  }

  /** organisation(id | slug | identifier) and the like: the record, null, or undefined when not planned. */
  async one(
    type: EntityType,
    args: { id?: string | null; slug?: string | null; identifier?: Identifier | null },
    info: GraphQLResolveInfo,
  ): Promise<EntityRecord | null | undefined> {
    const given = [args.id, args.slug, args.identifier].filter(
      (v) => v !== null && v !== undefined && v !== '',
    );
    if (given.length !== 1) return undefined;
    let root: RootMatch;
    if (args.id) {
      const parsed = fromGlobalId(args.id);
      if (!parsed || parsed.kind !== type) return undefined;
      root = { kind: 'id', type, key: parsed.key };
    } else if (args.slug) root = { kind: 'slug', type, slug: args.slug };
    else {
      const i = args.identifier!;
      root = {
        kind: 'identifier',
        type,
        key: `${i.scheme.trim().toLowerCase()}:${i.value.trim()}`,
      };
    }
    return this.single(info.fieldName, root, info);
  }

  /** node(id) for an entity id; ties are not planned. */
  async node(id: string, info: GraphQLResolveInfo): Promise<EntityRecord | null | undefined> {
    const parsed = fromGlobalId(id);
    if (!parsed) return null;
    if (!isEntityType(parsed.kind)) return undefined;
    return this.single('node', { kind: 'id', type: parsed.kind, key: parsed.key }, info);
  }

  /**
   * search(text, types, first): the hits and their entities, with every relation field the
   * selection asks for below `entity`, in one query; undefined when not planned (arguments the
   * service refuses, text that makes no query, a selection too wide), and the search service
   * answers.
   */
  async search(
    args: { text: string; types?: EntityType[] | null; first?: number | null },
    info: GraphQLResolveInfo,
  ): Promise<Array<{ score: number; entity: EntityRecord }> | undefined> {
    let limit: number;
    try {
      limit = pageSizeFor(PAGES.search, args.first);
    } catch {
      return undefined;
    }
    if (args.text.length > 200) return undefined;
    const query = fullTextQuery(args.text);
    if (!query) return undefined;
    const types = args.types?.length ? [...new Set(args.types)] : null;
    const w = walkOf(info, this.caller);
    const hitType = info.returnType.toString().replace(/[[\]!]/g, '');
    const entitySets = collectFields(
      w,
      hitType,
      info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])),
    ).flatMap((f) => (f.name.value === 'entity' && f.selectionSet ? [f.selectionSet] : []));
    const plan = planEntity(w, types ?? ENTITY_TYPES, entitySets);
    if (relationCount(plan) > MAX_PLANNED_RELATIONS) return undefined;
    const text = new CypherText(this.caller);
    const body = searchQuery(
      text,
      { query, types, limit, fetch: searchFetch(limit, types) },
      plan,
      this.db.fragment('search/_hits'),
    );
    const rows = (
      await this.run('planner/search', text, body, !w.leftover && onlyRootField(info, w))
    ).map((r) => ({
      position: check.count(r.position, 'search position'),
      score: typeof r.score === 'number' ? r.score : check.fail('search score'),
      row: r.row,
    }));
    return rows
      .sort((a, b) => a.position - b.position)
      .map((r) => ({ score: r.score, entity: decodeEntity(r.row, plan, this.caller, null) }));
  }

  private async single(
    field: string,
    root: RootMatch,
    info: GraphQLResolveInfo,
  ): Promise<EntityRecord | null | undefined> {
    const w = walkOf(info, this.caller);
    const plan = planEntity(
      w,
      [root.type],
      info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])),
    );
    if (relationCount(plan) > MAX_PLANNED_RELATIONS) return undefined;
    const text = new CypherText(this.caller);
    const body = singleQuery(text, root, plan);
    const rows = await this.run(
      `planner/${field}`,
      text,
      body,
      !w.leftover && onlyRootField(info, w),
    );
    // Two owners of one identifier are duplicates: the fallback path reports the CONFLICT.
    if (rows.length > 1) return undefined;
    return rows.length ? decodeEntity(rows[0].row, plan, this.caller, root.type) : null;
  }

  /** organisations(where, orderBy, first, after) and the like, as a connection; undefined when not planned. */
  async list(
    type: EntityType,
    args: ListArgs,
    info: GraphQLResolveInfo,
  ): Promise<Page<EntityRecord> | undefined> {
    let limit: number;
    let after: { value: string; key: string } | null = null;
    let forumRef: string | null = null;
    try {
      limit = pageSize(args.first);
      if (args.after) {
        const [value, key] = decodeCursor(args.after, 2);
        if (typeof value !== 'string' || typeof key !== 'string') return undefined;
        after = { value, key };
      }
      const w = args.where ?? {};
      if (w.forum) {
        const parsed = fromGlobalId(w.forum);
        if (!parsed || parsed.kind !== EntityType.Forum) return undefined;
        forumRef = parsed.key;
      }
      if (w.activeOn) periodStart(w.activeOn);
    } catch {
      return undefined;
    }
    const w = args.where ?? {};
    const sortKey = SORT_FIELDS[args.orderBy?.field ?? 'NAME'];
    const walk = walkOf(info, this.caller);
    const connection = info.returnType.toString().replace(/!$/, '');
    const fields = collectFields(
      walk,
      connection,
      info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])),
    );
    const nodeSets = [];
    let totalCount = false;
    let items = false;
    for (const f of fields) {
      if (f.name.value === 'totalCount') totalCount = true;
      else if (f.name.value === 'pageInfo') items = true;
      else if (f.name.value === 'nodes') {
        items = true;
        if (f.selectionSet) nodeSets.push(f.selectionSet);
      } else if (f.name.value === 'edges') {
        items = true;
        for (const e of collectFields(
          walk,
          connection.replace(/Connection$/, 'Edge'),
          f.selectionSet ? [f.selectionSet] : [],
        ))
          if (e.name.value === 'node' && e.selectionSet) nodeSets.push(e.selectionSet);
      }
    }
    const plan = planEntity(walk, [type], nodeSets);
    if (relationCount(plan) > MAX_PLANNED_RELATIONS) return undefined;
    // The cursor and the page's order need the sort value.
    plan.props.add(sortKey === 'sortName' ? 'name' : sortKey);
    const req: ListRequest = {
      type,
      filter: {
        prefix: w.namePrefix ? sortName(w.namePrefix) : '',
        kinds: w.kinds?.length ? w.kinds : null,
        countries: w.countries?.length ? w.countries.map((c) => c.toUpperCase()) : null,
        forumRef,
        activeStart: w.activeOn ? periodStart(w.activeOn) : null,
        activeEnd: w.activeOn ? periodEnd(w.activeOn) : null,
        personal: seesPersonal(this.caller),
      },
      sortKey,
      descending: args.orderBy?.direction === 'DESC',
      limit,
      after,
      totalCount,
      items,
    };
    const text = new CypherText(this.caller);
    const body = listQuery(
      text,
      req,
      plan,
      this.db.fragment('planner/_list-filter'),
      this.db.namedText('entity/count', { label: type }),
    );
    const [row] = await this.run(
      `planner/${info.fieldName}`,
      text,
      body,
      !walk.leftover && onlyRootField(info, walk),
    );
    if (!row) return check.fail('list row');
    const total = countOrNull(row.total, 'list total');
    const all = list(row.items, 'list items').map((r) => decodeEntity(r, plan, this.caller, type));
    const page = all.slice(0, limit);
    const sortValue = (e: EntityRecord) =>
      sortKey === 'sortName' ? sortName(e.name) : String(e[sortKey]);
    return {
      items: page,
      totalCount: total ?? -1,
      hasNextPage: all.length > limit,
      cursors: page.map((e) => encodeCursor([sortValue(e), e.key])),
    };
  }
}

const check = tupleReader('A planned query');
const { list, tuple, text } = check;
const countOrNull = (v: unknown, what: string): number | null =>
  v === null || v === undefined ? null : check.count(v, what);

/** The property names of a plan in row order, computed once per plan (a page repeats one plan thousands of times). */
const ORDERS = new WeakMap<object, string[]>();
function orderOf(plan: { props: Set<string> }): string[] {
  let order = ORDERS.get(plan);
  if (!order) ORDERS.set(plan, (order = propOrder(plan)));
  return order;
}

/** A properties list back to the map the row converters take, with Neo4j values made plain. */
function propsMap(v: unknown, plan: { props: Set<string> }, what: string): Record<string, unknown> {
  const names = orderOf(plan);
  const values = tuple(v, names.length, what);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const x = values[i];
    // As the map projection gave them: a property the node lacks is there as null.
    out[names[i]] = x === null || x === undefined ? null : typeof x === 'object' ? fromNeo4j(x) : x;
  }
  return out;
}

function identifiersOf(v: unknown): Identifier[] {
  if (v === null || v === undefined) return [];
  return list(v, 'identifiers').map((i) => {
    const [scheme, value] = tuple(i, 2, 'identifier');
    return { scheme: text(scheme, 'identifier scheme'), value: text(value, 'identifier value') };
  });
}

function decodeEntity(
  row: unknown,
  plan: EntityPlan,
  caller: Caller,
  known: EntityType | null,
): EntityRecord {
  const [typeV, propsV, identifiersV, pagesV] = tuple(row, 4, 'entity');
  const type = known ?? text(typeV, 'entity type');
  if (!isEntityType(type)) return check.fail('entity type');
  const entity = entityOf(
    type,
    propsMap(propsV, plan, 'entity properties'),
    identifiersOf(identifiersV),
  );
  const pages = list(pagesV, 'entity pages');
  plan.relations.forEach((rp, i) => {
    if (rp.rel.owner !== entity.type) return;
    if (pages[i] === null || pages[i] === undefined) return;
    const [itemsV, foundV, totalV] = tuple(pages[i], 3, 'page');
    const found = check.bool(foundV, 'page cursor flag');
    const ties = list(itemsV, 'page items').map((t) => decodeTie(t, rp, entity, caller));
    attachPage(entity, rp.key, {
      items: ties.slice(0, rp.limit),
      totalCount: countOrNull(totalV, 'page total'),
      hasNextPage: ties.length > rp.limit,
      cursorFound: found,
    });
  });
  return entity;
}

function decodeTie(row: unknown, rp: RelationPlan, owner: EntityRecord, caller: Caller): TieRecord {
  const [propsV, otherKeyV, otherTypeV, fromV, toV, behalfV] = tuple(row, 6, 'tie');
  let rel: Record<string, unknown>;
  if (rp.tie.full) {
    const map = fromNeo4j(propsV);
    if (!map || typeof map !== 'object' || Array.isArray(map)) return check.fail('tie properties');
    rel = map as Record<string, unknown>;
  } else rel = propsMap(propsV, rp.tie, 'tie properties');
  const otherKey = text(otherKeyV, 'tie end');
  const otherType = rp.rel.otherType ?? text(otherTypeV, 'tie end type');
  if (!isEntityType(otherType)) return check.fail('tie end type');
  const out = rp.rel.direction === 'out';
  const tie = toTie({
    rel,
    type: rp.rel.tie,
    fromKey: out ? owner.key : otherKey,
    fromType: out ? owner.type : otherType,
    toKey: out ? otherKey : owner.key,
    toType: out ? otherType : owner.type,
  });
  const ends = tieEnds(rp.tie.type);
  const [fromKnown, toKnown] = out
    ? [rp.rel.owner, rp.rel.otherType]
    : [rp.rel.otherType, rp.rel.owner];
  if (rp.tie.from && fromV)
    attachEnd(tie, ends.from, decodeEntity(fromV, rp.tie.from, caller, fromKnown));
  if (rp.tie.to && toV) attachEnd(tie, ends.to, decodeEntity(toV, rp.tie.to, caller, toKnown));
  if (rp.tie.onBehalfOf) {
    // Found, or none named: attached. Named but not found (a merged-away organisation): the fallback follows the redirect.
    if (behalfV)
      attachEnd(
        tie,
        'onBehalfOf',
        decodeEntity(behalfV, rp.tie.onBehalfOf, caller, EntityType.Organisation),
      );
    else if (tie.onBehalfOfKey === null) attachEnd(tie, 'onBehalfOf', null);
  }
  return tie;
}
