/**
 * One walk over an operation for every measure that sums over its fields (the cost estimate,
 * the count of expensive fields the rate limit charges). A named fragment is measured ONCE per
 * walk and its measure reused at every spread (it does not depend on where it is spread: its
 * fields are those of its type condition, with the same variables), so the work is linear in
 * the document's size however often fragments spread each other: `{ ...F0 } fragment F0 on
 * Query { ...F1 ...F1 } …` costs one visit per fragment, not 2^n. A fragment met again while it
 * is being measured (a cycle, which validation refuses anyway) counts 0. The document itself
 * is bounded by GRAPHQL_MAX_TOKENS, which bounds the total work.
 *
 * The measure of a selection set follows graphql-query-complexity's: on an abstract type it is
 * the largest over the possible types; @skip and @include are honoured.
 */
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  FragmentSpreadNode,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLField,
  GraphQLSchema,
  InlineFragmentNode,
  Kind,
  OperationDefinitionNode,
  OperationTypeNode,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { included as isIncluded } from '../directives';

/** What a measure sees of one field: where it is, its arguments (with variables) and the measure of its selection. */
export interface FieldVisit {
  parentType: GraphQLCompositeType;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  args: Record<string, unknown>;
  childMeasure: number;
}

export type FieldMeasure = (visit: FieldVisit) => number;

/** The operation's variables, coerced as execution will; invalid ones throw a GraphQLError. */
export function operationVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  given: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], given ?? {}, {
    maxErrors: 1,
  });
  if (result.errors) throw result.errors[0];
  return result.coerced;
}

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const out = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) out.set(d.name.value, d);
  return out;
}

/**
 * The measure of an operation: each field's measure (given its selection's), summed per
 * possible type, the largest type taken. `visits` counts the selections looked at (for tests).
 */
export function measureOperation(opts: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  measure: FieldMeasure;
}): { value: number; selections: number; visits: number } {
  const { schema, operation, variables, measure } = opts;
  const fragments = fragmentsOf(opts.document);
  const memo = new Map<string, { value: number; selections: number }>();
  const active = new Set<string>();
  let visits = 0;
  /** Selections of the operation once every fragment is expanded, counted without expanding any. */
  let selections = 0;

  const included = (node: FieldNode | InlineFragmentNode | FragmentSpreadNode): boolean =>
    isIncluded(node, variables);

  const possible = (type: GraphQLCompositeType): string[] =>
    isAbstractType(type) ? schema.getPossibleTypes(type).map((t) => t.name) : [type.name];

  const fieldDef = (
    type: GraphQLCompositeType,
    name: string,
  ): GraphQLField<unknown, unknown> | undefined => {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
  };

  const fragmentMeasure = (
    name: string,
  ): { value: number; type: GraphQLCompositeType } | undefined => {
    const fragment = fragments.get(name);
    const type = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
    if (!fragment || !type || !isCompositeType(type)) return undefined;
    let known = memo.get(name);
    if (!known) {
      if (active.has(name)) return { value: 0, type };
      active.add(name);
      const before = selections;
      const value = selectionMeasure(fragment.selectionSet, type);
      active.delete(name);
      known = { value, selections: selections - before };
      memo.set(name, known);
      // The first spread counted the fragment's selections while measuring it.
      return { value, type };
    }
    selections += known.selections;
    return { value: known.value, type };
  };

  const selectionMeasure = (set: SelectionSetNode, type: GraphQLCompositeType): number => {
    const own = possible(type);
    const perType = new Map<string, number>();
    const add = (value: number, types: string[]) => {
      for (const t of types) perType.set(t, (perType.get(t) ?? 0) + value);
    };
    for (const s of set.selections) {
      visits += 1;
      if (!included(s)) continue;
      selections += 1;
      if (s.kind === Kind.FIELD) {
        const field = fieldDef(type, s.name.value);
        if (!field) continue; // unknown fields are refused by validation
        const named = getNamedType(field.type);
        const childMeasure =
          s.selectionSet && isCompositeType(named) ? selectionMeasure(s.selectionSet, named) : 0;
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(field, s, variables);
        } catch (err) {
          throw err instanceof GraphQLError
            ? err
            : new GraphQLError(`Invalid arguments for field "${s.name.value}".`);
        }
        add(measure({ parentType: type, field, node: s, args, childMeasure }), own);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const condition = s.typeCondition ? schema.getType(s.typeCondition.name.value) : type;
        if (!condition || !isCompositeType(condition)) continue;
        add(selectionMeasure(s.selectionSet, condition), possible(condition));
      } else {
        const found = fragmentMeasure(s.name.value);
        if (found) add(found.value, possible(found.type));
      }
    }
    return Math.max(0, ...perType.values());
  };

  const root =
    operation.operation === OperationTypeNode.QUERY
      ? schema.getQueryType()
      : operation.operation === OperationTypeNode.MUTATION
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return { value: 0, selections, visits };
  const value = selectionMeasure(operation.selectionSet, root);
  return { value, selections, visits };
}
