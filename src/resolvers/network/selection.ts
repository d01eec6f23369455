/**
 * What a GraphQL selection asks for, read from the resolve info: whether a path of fields
 * (e.g. nodes → properties) is selected anywhere below the current field, through aliases,
 * fragment spreads and inline fragments, honouring @skip and @include. Used to choose among
 * fixed, whitelisted query texts, never to build Cypher.
 */
import { FieldNode, GraphQLResolveInfo, Kind, SelectionNode, SelectionSetNode } from 'graphql';
import { included as isIncluded } from '../../directives';

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
