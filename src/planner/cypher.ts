/**
 * A plan tree to one Cypher query. Every relation page is a CALL subquery with its own
 * filter, the tie lists' keyset order (undated first, then since, then id: the ties' page
 * keys, read in order from their index) and LIMIT first + 1 inside it; totalCount is a COUNT
 * only where selected; each entity projects only the properties its position needs. The text
 * is made of the fixed fragments below and of names that pass the model's whitelist
 * (`whitelisted`); every value is a parameter.
 */
import type { Caller } from '../context';
import type { SortKey } from '../domain/model';
import type { EntityPlan, RelationPlan, TiePlan } from './selection';
import { EntityType, seesPersonal, whitelisted } from './model';

/** Tie lists page within their first 1000 ties, on both paths (TIES_PER_ENTITY_CAP). */
const TIE_CAP = 1000;

export class CypherText {
  readonly params: Record<string, unknown> = {};
  private n = 0;
  constructor(readonly caller: Caller) {}

  /** A parameter a fixed fragment names itself ($prefix in planner/_list-filter). */
  named(name: string, value: unknown): void {
    this.params[name] = value;
  }

  param(value: unknown): string {
    const name = `p${this.n++}`;
    this.params[name] = value;
    return `$${name}`;
  }

  variable(prefix: string): string {
    return `${prefix}${this.n++}`;
  }
}

const TYPE_OF = (v: string) => `head([l IN labels(${v}) WHERE l <> 'Entity'])`;

/**
 * The properties of an entity or a tie, in the order the decoder reads them (`propOrder`): a
 * list `[v.id, v.name, ...]`, or the whole map `v {.*}` when the plan is full. A list costs
 * Bolt no key strings: a three-level page returns thousands of these.
 */
function properties(v: string, props: readonly string[], full: boolean): string {
  if (full) return `${v} {.*}`;
  return `[${props.map((p) => `${v}.${whitelisted(p)}`).join(', ')}]`;
}

/** The order of a plan's properties in its row: the decoder (planner.ts) reads them so. */
export function propOrder(plan: { props: Set<string> }): string[] {
  return [...plan.props];
}

/**
 * The CALL clauses an entity variable needs and the expression that returns it, a tuple
 * `[type, properties, identifiers, [one page per relation plan, in order]]` (planner.ts
 * EntityRow). `type` is null where the pattern already fixes it (`known`): the root's label, a
 * relation's owner or its labelled other end.
 */
export function entityProjection(
  t: CypherText,
  v: string,
  plan: EntityPlan,
  indent: string,
  known: EntityType | null,
): { calls: string[]; expr: string } {
  const calls: string[] = [];
  const pages: string[] = [];
  for (const rp of plan.relations) {
    const out = t.variable('page');
    calls.push(relationCall(t, v, rp, out, indent));
    pages.push(out);
  }
  const identifiers = plan.identifiers
    ? `[(${v})-[:IDENTIFIED_BY]->(idf:Identifier) | [idf.scheme, idf.value]]`
    : 'null';
  const type = known ? 'null' : TYPE_OF(v);
  // Entities list their properties even for an unknown field (plan.full): contact details never come along unasked.
  const expr = `CASE WHEN ${v} IS NULL THEN null ELSE [${type}, ${properties(v, propOrder(plan), false)}, ${identifiers}, [${pages.join(', ')}]] END`;
  return { calls, expr };
}

function arrows(rp: RelationPlan, owner: string, rel: string, other: string): string {
  const type = whitelisted(rp.rel.tie);
  const otherLabel = whitelisted(rp.rel.otherType ?? 'Entity');
  return rp.rel.direction === 'out'
    ? `(${owner})-[${rel}:${type}]->(${other}:${otherLabel})`
    : `(${owner})<-[${rel}:${type}]-(${other}:${otherLabel})`;
}

/**
 * The owner's ties found from the page key index (V0012) instead of from the owner: the owner
 * end is left open, the key's prefix (the owner's id) fixes it. Read in the key's order, a page
 * stops after its last tie; from the owner, Neo4j would read and sort all of a hub's ties.
 */
function keyed(rp: RelationPlan, rel: string, other: string): string {
  const type = whitelisted(rp.rel.tie);
  const otherLabel = whitelisted(rp.rel.otherType ?? 'Entity');
  const hint = `USING INDEX SEEK ${rel}:${type}(${whitelisted(rp.rel.pageKey)})`;
  return rp.rel.direction === 'out'
    ? `()-[${rel}:${type}]->(${other}:${otherLabel}) ${hint}`
    : `(${other}:${otherLabel})-[${rel}:${type}]->() ${hint}`;
}

/** The page key condition: `rel` is one of `owner`'s ties at the relation's end. */
const ownKey = (rp: RelationPlan, owner: string, rel: string) =>
  `${rel}.${whitelisted(rp.rel.pageKey)} STARTS WITH ${owner}.id + ' '`;

/** The role and active-period filter of a relation page (as cypher/queries/tie/list.cypher). */
function tieFilter(t: CypherText, rp: RelationPlan, owner: string, rel: string): string {
  const parts = [`${owner}:${whitelisted(rp.rel.owner)}`];
  if (rp.role !== null) parts.push(`${rel}.role = ${t.param(rp.role)}`);
  if (rp.activeStart !== null && rp.activeEnd !== null) {
    parts.push(
      `(${rel}.sinceStart IS NULL OR ${rel}.sinceStart <= ${t.param(rp.activeEnd)}) AND (${rel}.untilEnd IS NULL OR ${rel}.untilEnd >= ${t.param(rp.activeStart)})`,
    );
  }
  return parts.join(' AND ');
}

function relationCall(
  t: CypherText,
  owner: string,
  rp: RelationPlan,
  out: string,
  indent: string,
): string {
  const i2 = `${indent}  `;
  const lines: string[] = [`CALL (${owner}) {`];
  const found = t.variable('found');
  const key = whitelisted(rp.rel.pageKey);
  // How many ties of the list come before the cursor's (its position): a page may not reach past
  // the first 1000 (TIES_PER_ENTITY_CAP), as on the fallback path.
  const before = t.variable('pos');
  let cursor: string | null = null;
  if (rp.afterKey !== null) {
    // The cursor's tie, by the relationship id constraint; it must be in this list (same end,
    // same filter) and among its first 1000, as on the fallback path. Its position is counted
    // from the page key index, and no further than the cap.
    cursor = t.variable('cur');
    const a = t.variable('ca');
    const b = t.variable('cb');
    const r2 = t.variable('r');
    const o2 = t.variable('o');
    const type = whitelisted(rp.rel.tie);
    const ownerEnd = rp.rel.direction === 'out' ? a : b;
    const otherEnd = rp.rel.direction === 'out' ? b : a;
    lines.push(
      `${i2}OPTIONAL MATCH (${a})-[${cursor}:${type} {id: ${t.param(rp.afterKey)}}]->(${b}) USING INDEX SEEK ${cursor}:${type}(id)`,
    );
    lines.push(
      `${i2}WITH ${owner}, ${cursor}, ${a}, ${b}, CASE WHEN ${cursor} IS NULL THEN null ELSE COUNT { MATCH ${keyed(rp, r2, o2)} WHERE ${ownKey(rp, owner, r2)} AND ${r2}.${key} < ${cursor}.${key} AND ${tieFilter(t, rp, owner, r2)} WITH ${r2} LIMIT ${t.param(TIE_CAP)} RETURN ${r2} } END AS ${before}`,
    );
    lines.push(
      `${i2}WITH ${owner}, ${cursor}, ${before}, ${cursor} IS NOT NULL AND ${ownerEnd} = ${owner} AND ${otherEnd}:${whitelisted(rp.rel.otherType ?? 'Entity')} AND ${tieFilter(t, rp, owner, cursor)}` +
        ` AND ${before} < ${t.param(TIE_CAP)} AS ${found}`,
    );
  } else {
    lines.push(`${i2}WITH ${owner}, null AS ${before}, true AS ${found}`);
  }
  const items = t.variable('items');
  if (rp.items) {
    const r = t.variable('r');
    const o = t.variable('o');
    const i3 = `${i2}  `;
    const imports = [owner, found, before, ...(cursor ? [cursor] : [])].join(', ');
    lines.push(`${i2}CALL (${imports}) {`);
    lines.push(`${i3}MATCH ${keyed(rp, r, o)}`);
    let where = `${found} AND ${ownKey(rp, owner, r)} AND ${tieFilter(t, rp, owner, r)}`;
    if (cursor) where += ` AND ${r}.${key} > ${cursor}.${key}`;
    lines.push(`${i3}WHERE ${where}`);
    lines.push(
      `${i3}WITH ${owner}, ${r}, ${o} ORDER BY ${r}.${key} LIMIT ${t.param(rp.limit + 1)}`,
    );
    const { calls, expr } = tieProjection(t, rp, owner, r, o, i3);
    for (const c of calls) lines.push(`${i3}${c}`);
    const raw = t.variable('raw');
    lines.push(`${i3}RETURN collect(${expr}) AS ${raw}`);
    lines.push(`${i2}}`);
    // After a cursor, only the ties up to the 1000th of the list (the cursor's is number before + 1).
    lines.push(
      `${i2}WITH ${owner}, ${found}, CASE WHEN ${before} IS NULL THEN ${raw} ELSE ${raw}[0..(${t.param(TIE_CAP - 1)} - ${before})] END AS ${items}`,
    );
  } else {
    lines.push(`${i2}WITH ${owner}, ${found}, [] AS ${items}`);
  }
  const total = t.variable('total');
  if (rp.totalCount) {
    const r = t.variable('r');
    const o = t.variable('o');
    const type = whitelisted(rp.rel.tie);
    // Unfiltered, the count is the owner's degree for the type (Neo4j keeps it: no ties read).
    const count =
      rp.role === null && rp.activeStart === null && rp.rel.countsDegree
        ? `CASE WHEN ${owner}:${whitelisted(rp.rel.owner)} THEN COUNT { (${owner})${rp.rel.direction === 'out' ? '-' : '<-'}[:${type}]${rp.rel.direction === 'out' ? '->' : '-'}() } ELSE 0 END`
        : `COUNT { MATCH ${arrows(rp, owner, r, o)} WHERE ${tieFilter(t, rp, owner, r)} }`;
    lines.push(`${i2}WITH ${owner}, ${found}, ${items}, ${count} AS ${total}`);
  } else {
    lines.push(`${i2}WITH ${owner}, ${found}, ${items}, null AS ${total}`);
  }
  lines.push(`${i2}RETURN [${items}, ${found}, ${total}] AS ${out}`);
  lines.push(`${indent}}`);
  return lines.join('\n');
}

/**
 * A tie's tuple: `[properties, otherKey, otherType, from, to, onBehalfOf]` (planner.ts TieRow).
 * The tie's type and its owner's key and type are the relation's; the other end's type is
 * read only where the pattern leaves it open (an actor: Organisation or Person).
 */
function tieProjection(
  t: CypherText,
  rp: RelationPlan,
  owner: string,
  r: string,
  o: string,
  indent: string,
): { calls: string[]; expr: string } {
  const plan: TiePlan = rp.tie;
  const out = rp.rel.direction === 'out';
  const [fromVar, toVar] = out ? [owner, o] : [o, owner];
  const [fromKnown, toKnown] = out
    ? [rp.rel.owner, rp.rel.otherType]
    : [rp.rel.otherType, rp.rel.owner];
  const calls: string[] = [];
  const ends: string[] = [];
  for (const [endPlan, v, known] of [
    [plan.from, fromVar, fromKnown],
    [plan.to, toVar, toKnown],
  ] as const) {
    if (!endPlan) {
      ends.push('null');
      continue;
    }
    const p = entityProjection(t, v, endPlan, indent, known);
    calls.push(...p.calls);
    ends.push(p.expr);
  }
  if (plan.onBehalfOf) {
    // Whom a person acted for says where the person works: fetched only for callers who may read it.
    const b = t.variable('behalf');
    const guard = seesPersonal(t.caller)
      ? ''
      : ` WHERE NOT ${fromVar}:${whitelisted(EntityType.Person)}`;
    calls.push(
      `OPTIONAL MATCH (${b}:${whitelisted(EntityType.Organisation)} {id: ${r}.onBehalfOf})${guard}`,
    );
    const p = entityProjection(t, b, plan.onBehalfOf, indent, EntityType.Organisation);
    calls.push(...p.calls);
    ends.push(p.expr);
  } else ends.push('null');
  const rel = properties(r, propOrder(plan), plan.full);
  const otherType = rp.rel.otherType ? 'null' : TYPE_OF(o);
  const expr = `[${rel}, ${o}.id, ${otherType}, ${ends.join(', ')}]`;
  return { calls, expr };
}

/** How the root finds its entity. */
export type RootMatch =
  | { kind: 'id'; type: EntityType; key: string }
  | { kind: 'slug'; type: EntityType; slug: string }
  | { kind: 'identifier'; type: EntityType; key: string };

/** One entity by id (following a merge's redirect), slug or identifier; one row per match (two for an identifier shared by duplicates). */
export function singleQuery(t: CypherText, root: RootMatch, plan: EntityPlan): string {
  const v = t.variable('n');
  const label = whitelisted(root.type);
  const lines: string[] = [];
  if (root.kind === 'id') {
    const key = t.param(root.key);
    const d = t.variable('d');
    const rd = t.variable('rd');
    const m = t.variable('m');
    lines.push(`OPTIONAL MATCH (${d}:Entity {id: ${key}})`);
    lines.push(`OPTIONAL MATCH (${rd}:Redirect {fromKey: ${key}}) WHERE ${d} IS NULL`);
    lines.push(`OPTIONAL MATCH (${m}:Entity {id: ${rd}.toKey})`);
    lines.push(`WITH coalesce(${d}, ${m}) AS ${v}`);
    lines.push(`WHERE ${v}:${label}`);
  } else if (root.kind === 'slug') {
    lines.push(`MATCH (${v}:${label} {slug: ${t.param(root.slug)}})`);
  } else {
    lines.push(`MATCH (:Identifier {key: ${t.param(root.key)}})<-[:IDENTIFIED_BY]-(${v}:${label})`);
    lines.push(`WITH ${v} ORDER BY ${v}.id LIMIT 2`);
  }
  const { calls, expr } = entityProjection(t, v, plan, '', root.type);
  lines.push(...calls);
  lines.push(`RETURN ${expr} AS row`);
  return lines.join('\n');
}

export interface ListRequest {
  type: EntityType;
  /** personal: whether affiliations count for activeOn (the caller may read who works where). */
  filter: {
    prefix: string;
    kinds: string[] | null;
    countries: string[] | null;
    forumRef: string | null;
    activeStart: string | null;
    activeEnd: string | null;
    personal: boolean;
  };
  sortKey: SortKey;
  descending: boolean;
  limit: number;
  after: { value: string; key: string } | null;
  totalCount: boolean;
  items: boolean;
}

/**
 * A page of an entity list and its count in one query. The filter is the query book's
 * fragment planner/_list-filter (the same as entity/_filter, with the forum resolved in
 * the query: a merged-away forum id reads as the forum that absorbed it).
 */
export function listQuery(
  t: CypherText,
  req: ListRequest,
  plan: EntityPlan,
  filterFragment: string,
  countQuery: string,
): string {
  const label = whitelisted(req.type);
  const f = req.filter;
  const lines: string[] = [];
  const forumRef = t.param(f.forumRef);
  // The fragment's own parameter names, filled here; every other value is a numbered parameter.
  t.named('prefix', f.prefix);
  t.named('kinds', f.kinds);
  t.named('countries', f.countries);
  t.named('activeStart', f.activeStart);
  t.named('activeEnd', f.activeEnd);
  t.named('personal', f.personal);
  const fd = t.variable('fd');
  const rd = t.variable('rd');
  const fm = t.variable('fm');
  lines.push(`OPTIONAL MATCH (${fd}:Forum {id: ${forumRef}})`);
  lines.push(`OPTIONAL MATCH (${rd}:Redirect {fromKey: ${forumRef}}) WHERE ${fd} IS NULL`);
  lines.push(`OPTIONAL MATCH (${fm}:Forum {id: ${rd}.toKey})`);
  lines.push(
    `WITH CASE WHEN ${forumRef} IS NULL THEN null ELSE coalesce(${fd}.id, ${fm}.id, ${forumRef}) END AS forumKey`,
  );
  // Without a forum filter the count is the query book's own entity/count (it returns `total`),
  // as a subquery; with one, the same count on the forum resolved above.
  // The count's column is the name entity/count returns it under (`total`).
  const returned = /\bAS\s+(\w+)\s*$/i.exec(countQuery.trim())?.[1];
  const useBook = req.totalCount && f.forumRef === null && returned !== undefined;
  const total = useBook ? returned : 'total';
  if (useBook) {
    t.named('forum', null);
    lines.push(`CALL () {`, countQuery, `}`);
  } else if (req.totalCount) {
    lines.push(
      `CALL (forumKey) {`,
      `  MATCH (n:${label})`,
      `  WHERE ${filterFragment}`,
      `  RETURN count(n) AS ${total}`,
      `}`,
    );
  } else lines.push(`WITH forumKey, null AS ${total}`);
  const items = t.variable('items');
  if (req.items) {
    // The fragment names the listed entity n.
    const v = 'n';
    const sortKey = whitelisted(req.sortKey);
    const dir = req.descending ? 'DESC' : 'ASC';
    const cmp = req.descending ? '<' : '>';
    lines.push(`CALL (forumKey) {`, `  MATCH (${v}:${label})`);
    let where = filterFragment;
    if (req.after) {
      const a = t.param(req.after.value);
      const k = t.param(req.after.key);
      where += ` AND (${v}.${sortKey} ${cmp} ${a} OR (${v}.${sortKey} = ${a} AND ${v}.id ${cmp} ${k}))`;
    }
    lines.push(`  WHERE ${where}`);
    lines.push(
      `  WITH ${v} ORDER BY ${v}.${sortKey} ${dir}, ${v}.id ${dir} LIMIT ${t.param(req.limit + 1)}`,
    );
    const { calls, expr } = entityProjection(t, v, plan, '  ', req.type);
    for (const c of calls) lines.push(`  ${c}`);
    lines.push(`  RETURN collect(${expr}) AS ${items}`, `}`);
  } else lines.push(`WITH ${total}, [] AS ${items}`);
  lines.push(`RETURN ${items} AS items, ${total} AS total`);
  return lines.join('\n');
}

export interface SearchRequest {
  query: string;
  types: string[] | null;
  limit: number;
  fetch: number;
}

/**
 * The hits of a full-text search with their entities, in one query. The hits are the query
 * book's fragment search/_hits (the same as search/fulltext), collected in their order, then
 * numbered so that the order survives the relation subqueries: each row carries its position.
 */
export function searchQuery(
  t: CypherText,
  req: SearchRequest,
  plan: EntityPlan,
  hitsFragment: string,
): string {
  // The fragment's own parameter names.
  t.named('query', req.query);
  t.named('types', req.types);
  t.named('limit', req.limit);
  t.named('fetch', req.fetch);
  const v = 'n';
  const lines: string[] = [hitsFragment];
  lines.push(`WITH collect({n: ${v}, score: score}) AS hits`);
  lines.push(`UNWIND range(0, size(hits) - 1) AS position`);
  lines.push(`WITH position, hits[position].n AS ${v}, hits[position].score AS score`);
  const { calls, expr } = entityProjection(t, v, plan, '', null);
  lines.push(...calls);
  lines.push(`RETURN position, score, ${expr} AS row`);
  return lines.join('\n');
}
