/**
 * From a GraphQL selection set to a plan tree: which properties, relation pages and tie ends
 * each position of the answer needs. Aliases, named and inline fragments (on the unions and
 * the Entity/Node interfaces), @include/@skip and variables are resolved here, the way
 * graphql-js itself collects fields. What the tree does not cover is simply left out: the
 * field resolvers then read it through the DataLoaders, as before.
 */
import {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSchema,
  Kind,
  OperationTypeNode,
  SelectionNode,
  SelectionSetNode,
  getArgumentValues,
  isAbstractType,
} from 'graphql';
import { included as isIncluded } from '../directives';
import type { Caller } from '../context';
import { periodEnd, periodStart } from '../domain/dates';
import { TIE_ENDPOINTS } from '../domain/model';
import { decodeCursor, pageSize } from '../services/paging';
import { pageKey } from './attach';
import {
  CONTACT_FIELD,
  EntityType,
  allEntityProps,
  PlannerRelation,
  TieType,
  entityPropOf,
  mayReadContact,
  mayReadTie,
  relationOf,
  tieEnds,
  tiePropOf,
} from './model';

/** What one position of the answer (an entity of one of several types) needs. */
export interface EntityPlan {
  /** Stored properties to project; `id` always. */
  props: Set<string>;
  /** A field the planner does not know was selected: every stored property (never contact details the caller may not read) is projected. */
  full: boolean;
  identifiers: boolean;
  /** Relation pages, in the order their results come back. */
  relations: RelationPlan[];
}

export interface RelationPlan {
  rel: PlannerRelation;
  /** pageKey(field, args): where the field resolver finds the page. */
  key: string;
  role: string | null;
  activeStart: string | null;
  activeEnd: string | null;
  limit: number;
  /** The key of the tie the "after" cursor names. */
  afterKey: string | null;
  totalCount: boolean;
  items: boolean;
  tie: TiePlan;
}

export interface TiePlan {
  type: TieType;
  props: Set<string>;
  full: boolean;
  from: EntityPlan | null;
  to: EntityPlan | null;
  onBehalfOf: EntityPlan | null;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  caller: Caller;
  /** Set when the plan leaves a field to its resolver (unknown to the planner, arguments it refuses): it may read. */
  leftover: boolean;
}

/**
 * Whether a root field is its operation's only one (a query, after fragments and directives;
 * `__typename` aside): then, if its plan leaves nothing to the resolvers, the planned query is
 * the request's only read.
 */
export function onlyRootField(info: GraphQLResolveInfo, w: Walk): boolean {
  if (info.operation.operation !== OperationTypeNode.QUERY) return false;
  const roots = collectFields(w, info.parentType.name, [info.operation.selectionSet]).filter(
    (f) => f.name.value !== '__typename',
  );
  return roots.length > 0 && roots.every((f) => info.fieldNodes.includes(f));
}

export function walkOf(info: GraphQLResolveInfo, caller: Caller): Walk {
  return {
    schema: info.schema,
    fragments: info.fragments,
    variables: info.variableValues,
    caller,
    leftover: false,
  };
}

const included = (w: Walk, node: SelectionNode): boolean => isIncluded(node, w.variables);

function applies(w: Walk, condition: string | undefined, typeName: string): boolean {
  if (!condition || condition === typeName) return true;
  const t = w.schema.getType(condition);
  const object = w.schema.getType(typeName);
  return (
    !!t &&
    !!object &&
    isAbstractType(t) &&
    object instanceof GraphQLObjectType &&
    w.schema.isSubType(t, object)
  );
}

/** The field nodes selected on a value of `typeName`, in document order (as graphql-js collects them). */
export function collectFields(
  w: Walk,
  typeName: string,
  sets: readonly SelectionSetNode[],
  out: FieldNode[] = [],
  seen = new Set<string>(),
): FieldNode[] {
  for (const set of sets) {
    for (const s of set.selections) {
      if (!included(w, s)) continue;
      if (s.kind === Kind.FIELD) out.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (applies(w, s.typeCondition?.name.value, typeName))
          collectFields(w, typeName, [s.selectionSet], out, seen);
      } else {
        const name = s.name.value;
        const f = w.fragments[name];
        if (!f || seen.has(name) || !applies(w, f.typeCondition.name.value, typeName)) continue;
        seen.add(name);
        collectFields(w, typeName, [f.selectionSet], out, seen);
        seen.delete(name);
      }
    }
  }
  return out;
}

function subSets(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
}

function group(nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  for (const n of nodes) {
    const list = out.get(n.name.value) ?? [];
    list.push(n);
    out.set(n.name.value, list);
  }
  return out;
}

function newEntityPlan(): EntityPlan {
  return { props: new Set(['id']), full: false, identifiers: false, relations: [] };
}

/**
 * The plan of an entity position that may hold any of `types`, from the selection sets of
 * every field node that reaches it (aliases and repeated fields merge here).
 */
export function planEntity(
  w: Walk,
  types: readonly EntityType[],
  sets: readonly SelectionSetNode[],
  depth = 0,
): EntityPlan {
  const plan = newEntityPlan();
  if (depth > 12) {
    for (const type of types) for (const p of allEntityProps(type)) plan.props.add(p);
    plan.full = true;
    w.leftover = true;
    return plan;
  }
  for (const type of types) {
    const objectType = w.schema.getType(type);
    if (!(objectType instanceof GraphQLObjectType)) continue;
    const fields = objectType.getFields();
    const byRelationKey = new Map<
      string,
      { rel: PlannerRelation; args: RelationArgs; nodes: FieldNode[] }
    >();
    for (const [name, nodes] of group(collectFields(w, type, sets))) {
      if (name === '__typename') continue;
      if (name === 'identifiers') {
        plan.identifiers = true;
        continue;
      }
      if (type === CONTACT_FIELD.owner && name === CONTACT_FIELD.field) {
        // Behind @Authorized: fetched only for callers who may read it.
        if (mayReadContact(w.caller)) for (const p of CONTACT_FIELD.props) plan.props.add(p);
        continue;
      }
      const prop = entityPropOf(type, name);
      if (prop) {
        plan.props.add(prop);
        continue;
      }
      const rel = relationOf(type, name);
      if (rel && fields[name]) {
        if (!mayReadTie(w.caller, rel.tie)) continue; // behind @Authorized: not fetched at all
        for (const node of nodes) {
          const args = relationArgs(fields[name], node, w.variables);
          if (!args) {
            w.leftover = true;
            continue; // arguments the fallback refuses: it says why
          }
          const key = pageKey(name, args.raw);
          const entry = byRelationKey.get(key) ?? { rel, args, nodes: [] };
          entry.nodes.push(node);
          byRelationKey.set(key, entry);
        }
        continue;
      }
      // A field the planner does not know: its resolver gets the whole record (contact details only for who may read them).
      plan.full = true;
      w.leftover = true;
      for (const p of allEntityProps(type)) plan.props.add(p);
      if (mayReadContact(w.caller) && type === CONTACT_FIELD.owner)
        for (const p of CONTACT_FIELD.props) plan.props.add(p);
      plan.identifiers = true;
    }
    for (const [key, { rel, args, nodes }] of byRelationKey)
      plan.relations.push(planRelation(w, rel, key, args, nodes, depth));
  }
  return plan;
}

interface RelationArgs {
  raw: { role: string | null; activeOn: string | null; first: number | null; after: string | null };
  limit: number;
  afterKey: string | null;
}

function relationArgs(
  field: Parameters<typeof getArgumentValues>[0],
  node: FieldNode,
  variables: Record<string, unknown>,
): RelationArgs | null {
  let values: Record<string, unknown>;
  try {
    values = getArgumentValues(field, node, variables);
  } catch {
    return null;
  }
  const role = typeof values.role === 'string' ? values.role : null;
  const activeOn = typeof values.activeOn === 'string' ? values.activeOn : null;
  const first = typeof values.first === 'number' ? values.first : null;
  const after = typeof values.after === 'string' ? values.after : null;
  try {
    const limit = pageSize(first);
    let afterKey: string | null = null;
    if (after) {
      const [key] = decodeCursor(after, 1);
      if (typeof key !== 'string') return null;
      afterKey = key;
    }
    if (activeOn) periodStart(activeOn);
    // `first` as the resolver will see it (null when the request sends null), so that the keys match.
    return { raw: { role, activeOn, first, after }, limit, afterKey };
  } catch {
    return null;
  }
}

function planRelation(
  w: Walk,
  rel: PlannerRelation,
  key: string,
  args: RelationArgs,
  nodes: FieldNode[],
  depth: number,
): RelationPlan {
  const tie: TiePlan = {
    type: rel.tie,
    props: new Set(['id']),
    full: false,
    from: null,
    to: null,
    onBehalfOf: null,
  };
  const out: RelationPlan = {
    rel,
    key,
    role: args.raw.role,
    activeStart: args.raw.activeOn ? periodStart(args.raw.activeOn) : null,
    activeEnd: args.raw.activeOn ? periodEnd(args.raw.activeOn) : null,
    limit: args.limit,
    afterKey: args.afterKey,
    totalCount: false,
    items: false,
    tie,
  };
  const tieName = w.schema.getType(`${connectionName(w, rel, nodes[0])}`);
  const tieSets: SelectionSetNode[] = [];
  const connection = tieName instanceof GraphQLObjectType ? tieName.name : '';
  for (const [name, fieldNodes] of group(collectFields(w, connection, subSets(nodes)))) {
    if (name === 'totalCount') out.totalCount = true;
    else if (name === 'pageInfo') out.items = true;
    else if (name === 'nodes') {
      out.items = true;
      tieSets.push(...subSets(fieldNodes));
    } else if (name === 'edges') {
      out.items = true;
      const edgeType = edgeName(connection);
      for (const [edgeField, edgeNodes] of group(collectFields(w, edgeType, subSets(fieldNodes))))
        if (edgeField === 'node') tieSets.push(...subSets(edgeNodes));
    }
  }
  const ends = tieEnds(rel.tie);
  const tieObject = tieObjectName(connection);
  const endTypes = TIE_ENDPOINTS[rel.tie];
  const fromSets: SelectionSetNode[] = [];
  const toSets: SelectionSetNode[] = [];
  const behalfSets: SelectionSetNode[] = [];
  let from = false;
  let to = false;
  let behalf = false;
  for (const [name, fieldNodes] of group(collectFields(w, tieObject, tieSets))) {
    if (name === '__typename') continue;
    if (name === ends.from) {
      from = true;
      fromSets.push(...subSets(fieldNodes));
    } else if (name === ends.to) {
      to = true;
      toSets.push(...subSets(fieldNodes));
    } else if (name === 'onBehalfOf' && ends.onBehalf) {
      behalf = true;
      behalfSets.push(...subSets(fieldNodes));
      tie.props.add('onBehalfOf');
    } else {
      const prop = tiePropOf(name);
      if (prop) tie.props.add(prop);
      else {
        tie.full = true;
        w.leftover = true;
      }
    }
  }
  const fromTypes =
    rel.direction === 'in' && rel.otherType
      ? [rel.otherType]
      : rel.direction === 'out'
        ? [rel.owner]
        : endTypes.from;
  const toTypes =
    rel.direction === 'out' && rel.otherType
      ? [rel.otherType]
      : rel.direction === 'in'
        ? [rel.owner]
        : endTypes.to;
  if (from) tie.from = planEntity(w, fromTypes, fromSets, depth + 1);
  if (to) tie.to = planEntity(w, toTypes, toSets, depth + 1);
  if (behalf) tie.onBehalfOf = planEntity(w, [EntityType.Organisation], behalfSets, depth + 1);
  return out;
}

/** The connection type a relation field returns (EngagementConnection, ...), read from the schema. */
function connectionName(w: Walk, rel: PlannerRelation, node: FieldNode): string {
  const owner = w.schema.getType(rel.owner);
  if (!(owner instanceof GraphQLObjectType)) return '';
  const field = owner.getFields()[node.name.value];
  const type = field?.type;
  // Relation fields are `XConnection!` (or nullable when restricted).
  const named = type && 'ofType' in type && type.ofType ? type.ofType : type;
  return named && 'name' in named ? String(named.name) : '';
}

function edgeName(connection: string): string {
  return connection.replace(/Connection$/, 'Edge');
}

function tieObjectName(connection: string): string {
  return connection.replace(/Connection$/, '');
}
