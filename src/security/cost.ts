/**
 * What a GraphQL operation may cost, estimated before it runs (one memoised walk, analysis.ts):
 * roughly the number of records it could make the service load. Leaf fields are free;
 * an object field costs 1 plus what is below it; a field taking `first` or `limit` costs
 * its base plus that many times what is below it, so costs multiply down nested lists.
 * The bound is GRAPHQL_MAX_COST; docs/security.md explains the numbers.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, getNullableType, isLeafType, isListType } from 'graphql';
import { PAGES, PageRule, requestedPage } from '../domain/paging';
import { LIST_SIZES, QUERY_FIELD_COSTS } from '../domain/spec';
import { AppError, ErrorCode } from '../errors';
import { FieldMeasure, measureOperation, operationVariables } from './analysis';

/** Base cost of fields that run a graph algorithm or a full-text search, not a plain lookup (the model spec's QUERY_FIELD_COSTS). */
export const BASE_COST: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(QUERY_FIELD_COSTS).flatMap(([field, c]) =>
    c.base === undefined ? [] : [[`Query.${field}`, c.base]],
  ),
);

/** Assumed length of lists of records that take no `first`/`limit` (the model spec's LIST_SIZES; their caps are in docs/network.md). */
export const DEFAULT_LIST_SIZE = LIST_SIZES.default;
export const LIST_SIZE: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(LIST_SIZES.fields).flatMap(([type, fields]) =>
    Object.entries(fields).map(([field, size]) => [`${type}.${field}`, size]),
  ),
);

/** The page rule of each field that takes a page size other than a connection's `first` (the model spec's PAGES). */
export const PAGE_RULES: Readonly<Record<string, PageRule>> = Object.fromEntries(
  Object.entries(QUERY_FIELD_COSTS).flatMap(([field, c]) =>
    c.page === undefined ? [] : [[`Query.${field}`, PAGES[c.page]]],
  ),
);

/**
 * The page size a field asks for, if it takes one, read by the same rule the service applies
 * (null or absent is the rule's default); never negative, so no field lowers the total.
 */
function requested(
  key: string,
  field: { args: ReadonlyArray<{ name: string }> },
  args: Record<string, unknown>,
): number | undefined {
  const rule = PAGE_RULES[key] ?? PAGES.list;
  if (!field.args.some((a) => a.name === rule.argument)) return undefined;
  const v = args[rule.argument];
  const size = requestedPage(rule, typeof v === 'number' && Number.isFinite(v) ? v : null);
  return Math.max(0, size);
}

export const fieldCost: FieldMeasure = ({ parentType, field, args, childMeasure }) => {
  if (isLeafType(getNamedType(field.type))) return 0;
  const key = `${parentType.name}.${field.name}`;
  const base = BASE_COST[key] ?? 1;
  const page = requested(key, field, args);
  if (page !== undefined) return base + page * childMeasure;
  if (!isListType(getNullableType(field.type))) return base + childMeasure;
  // Lists inside a connection are sized by the connection's `first`; introspection lists
  // are bounded by graphql-js's MaxIntrospectionDepthRule and need no multiplier here.
  const inherited = parentType.name.endsWith('Connection') || parentType.name.startsWith('__');
  return base + (LIST_SIZE[key] ?? (inherited ? 1 : DEFAULT_LIST_SIZE)) * childMeasure;
};

/** Selections an operation may have once its fragments are expanded (what execution walks). */
export const MAX_SELECTIONS = 10_000;

/** Fragments that multiply each other can price a request beyond any exact number. */
const shown = (cost: number): number => Math.min(cost, Number.MAX_SAFE_INTEGER);

/**
 * Rejects an operation whose estimated cost is above maxCost, with BAD_USER_INPUT and
 * HTTP 400, before any resolver runs. Only the operation being executed is costed, by
 * its fields: its name (even "__schema") changes nothing.
 */
export function costLimitPlugin<TContext extends object>(
  maxCost: number,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          if (!operation) return;
          let cost: number;
          let selections: number;
          try {
            const variables = operationVariables(schema, operation, request.variables);
            ({ value: cost, selections } = measureOperation({
              schema,
              document,
              operation,
              variables,
              measure: fieldCost,
            }));
          } catch (err) {
            // Invalid variables or arguments. Not an AppError: the formatter treats it like
            // graphql-js's own request errors (suggestions removed in production).
            const message =
              err instanceof GraphQLError
                ? err.message
                : 'The cost of this request could not be estimated.';
            throw new GraphQLError(message, {
              extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
            });
          }
          if (selections > MAX_SELECTIONS) {
            throw new AppError(
              ErrorCode.BAD_USER_INPUT,
              `This request's fragments expand to ${shown(selections)} selections, more than the limit of ${MAX_SELECTIONS}. Spread each fragment fewer times, or split the request.`,
              {
                selections: shown(selections),
                maxSelections: MAX_SELECTIONS,
                http: { status: 400 },
              },
            );
          }
          if (cost > maxCost) {
            throw new AppError(
              ErrorCode.BAD_USER_INPUT,
              `This request would cost ${shown(cost)}, more than the limit of ${maxCost}. Ask for fewer items (smaller first or limit) or fewer nested lists, or split it into several requests.`,
              { cost: shown(cost), maxCost, http: { status: 400 } },
            );
          }
        },
      };
    },
  };
}
