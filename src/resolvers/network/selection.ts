/**
 * What a GraphQL selection asks for, read from the resolve info: whether a path of fields
 * (e.g. nodes → properties) is selected anywhere below the current field, through aliases,
 * fragment spreads and inline fragments, honouring @skip and @include. Used to choose among
 * fixed, whitelisted query texts, never to build Cypher; and which stored properties the
 * entities of an answer need, which travel as a parameter (a list of names), not as text.
 */
import { FieldNode, GraphQLResolveInfo, Kind, SelectionNode, SelectionSetNode } from 'graphql';
import type { Caller } from '../../context';
import { included as isIncluded } from '../../directives';
import { EntityType, whitelisted } from '../../planner/model';
import { onlyRootField, planEntity, walkOf } from '../../planner/selection';
import { RELATION_FIELDS } from '../../domain/spec';

const included = (node: SelectionNode, info: GraphQLResolveInfo): boolean =>
  isIncluded(node, info.variableValues);

/** The fields of this name in a selection set (every alias), fragments flattened. */
function fieldsNamed(
  set: SelectionSetNode | undefined,
  name: string,
  info: GraphQLResolveInfo,
  out: FieldNode[] = [],
  seen = new Set<string>(),
): FieldNode[] {
  for (const sel of set?.selections ?? []) {
    if (!included(sel, info)) continue;
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value === name) out.push(sel);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      fieldsNamed(sel.selectionSet, name, info, out, seen);
    } else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      fieldsNamed(info.fragments[sel.name.value]?.selectionSet, name, info, out, seen);
    }
  }
  return out;
}

/** True when `path` (field names, from the current field down) is selected in at least one branch. */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let level: FieldNode[] = [...info.fieldNodes];
  for (const name of path) {
    level = level.flatMap((f) => fieldsNamed(f.selectionSet, name, info));
    if (!level.length) return false;
  }
  return true;
}

/** The stored properties (by name) and whether identifiers are read, for the entities at one position of an answer. */
export interface RecordFields {
  props: string[];
  identifiers: boolean;
}

/**
 * What the entities at `path` (field names from the current field down, e.g. ['entity'])
 * need, read the way the read planner reads a selection (src/planner/selection.ts): only the
 * selected properties (`id` always), every readable one when a field the planner does not know
 * is selected, never contact details the caller may not read. Relation fields below are left
 * to their resolvers (the DataLoaders).
 */
export function recordFields(
  info: GraphQLResolveInfo,
  caller: Caller,
  path: readonly string[],
  type: EntityType,
): RecordFields {
  let level: FieldNode[] = [...info.fieldNodes];
  for (const name of path) level = level.flatMap((f) => fieldsNamed(f.selectionSet, name, info));
  const plan = planEntity(
    walkOf(info, caller),
    [type],
    level.flatMap((f) => (f.selectionSet ? [f.selectionSet] : [])),
  );
  return { props: [...plan.props].map(whitelisted), identifiers: plan.identifiers };
}

/** Names of fields that read the database below a network question's answer: the relation fields of the model spec. */
const READING_FIELDS = new Set(RELATION_FIELDS.map((r) => r.field));

/** True when some field below the current one (any alias, fragment, @include/@skip counted) is a relation field. */
function selectsReading(info: GraphQLResolveInfo): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((sel) => {
      if (!included(sel, info)) return false;
      if (sel.kind === Kind.FIELD)
        return READING_FIELDS.has(sel.name.value) || walk(sel.selectionSet);
      if (sel.kind === Kind.INLINE_FRAGMENT) return walk(sel.selectionSet);
      if (seen.has(sel.name.value)) return false;
      seen.add(sel.name.value);
      return walk(info.fragments[sel.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((n) => walk(n.selectionSet));
}

/**
 * Whether a one-query network question's query is its request's only read: the only root field
 * of a query, with no relation field below it (those go to the DataLoaders). Then it is sent as
 * an auto-commit query (RequestReads.expectSoleRead).
 */
export function soleRead(info: GraphQLResolveInfo, caller: Caller): boolean {
  return onlyRootField(info, walkOf(info, caller)) && !selectsReading(info);
}
