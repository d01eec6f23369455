/**
 * What a GraphQL operation may cost, estimated before it runs (graphql-query-complexity):
 * roughly the number of records it could make the service load. Leaf fields are free;
 * an object field costs 1 plus what is below it; a field taking `first` or `limit` costs
 * its base plus that many times what is below it, so costs multiply down nested lists.
 * The bound is GRAPHQL_MAX_COST; docs/security.md explains the numbers.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, getNullableType, isLeafType, isListType } from 'graphql';
import { ComplexityEstimator, ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { AppError, ErrorCode } from '../errors';

/** Base cost of fields that run a graph algorithm or a full-text search, not a plain lookup. */
export const BASE_COST: Readonly<Record<string, number>> = {
  'Query.allies': 10,
  'Query.connections': 50,
  'Query.neighbourhood': 10,
  'Query.engagementMatrix': 20,
  'Query.coverage': 50,
  'Query.brokers': 50,
  'Query.search': 5,
};

/** Assumed length of lists of records that take no `first`/`limit` (their caps are in docs/network.md). */
export const DEFAULT_LIST_SIZE = 10;
export const LIST_SIZE: Readonly<Record<string, number>> = {
  // Sized by the parent's `limit` or `first`, which is already counted.
  'GraphResult.nodes': 1,
  'GraphResult.edges': 1,
  'EngagementMatrix.organisations': 1,
  'EngagementMatrix.fora': 1,
  // Up to 5,000 fora; a network reaches far fewer.
  'Coverage.uncovered': 100,
  'Coverage.reached': 50,
  'Coverage.singlePoints': 50,
};

/** The page size a field asks for, if it takes one; never negative, so no field lowers the total. */
function requested(args: Record<string, unknown>): number | undefined {
  for (const name of ['first', 'limit']) {
    const v = args[name];
    if (typeof v === 'number' && Number.isFinite(v)) return Math.max(0, v);
  }
  return undefined;
}

export const fieldCost: ComplexityEstimator = ({ type, field, args, childComplexity }: ComplexityEstimatorArgs) => {
  if (isLeafType(getNamedType(field.type))) return 0;
  const key = `${type.name}.${field.name}`;
  const base = BASE_COST[key] ?? 1;
  const page = requested(args);
  if (page !== undefined) return base + page * childComplexity;
  if (!isListType(getNullableType(field.type))) return base + childComplexity;
  // Lists inside a connection are sized by the connection's `first`; introspection lists
  // are bounded by graphql-js's MaxIntrospectionDepthRule and need no multiplier here.
  const inherited = type.name.endsWith('Connection') || type.name.startsWith('__');
  return base + (LIST_SIZE[key] ?? (inherited ? 1 : DEFAULT_LIST_SIZE)) * childComplexity;
};

/**
 * Rejects an operation whose estimated cost is above maxCost, with BAD_USER_INPUT and
 * HTTP 400, before any resolver runs. Only the operation being executed is costed, by
 * its fields: its name (even "__schema") changes nothing.
 */
export function costLimitPlugin<TContext extends object>(maxCost: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: operationName ?? undefined,
              estimators: [fieldCost],
            });
          } catch (err) {
            // Invalid variables, or more than 10,000 selections once fragments are expanded. Not an
            // AppError: the formatter treats it like graphql-js's own request errors (suggestions removed in production).
            const message = err instanceof GraphQLError ? err.message : 'The cost of this request could not be estimated.';
            throw new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
          }
          if (cost > maxCost) {
            throw new AppError(
              ErrorCode.BAD_USER_INPUT,
              `This request would cost ${cost}, more than the limit of ${maxCost}. Ask for fewer items (smaller first or limit) or fewer nested lists, or split it into several requests.`,
              { cost, maxCost, http: { status: 400 } },
            );
          }
        },
      };
    },
  };
}
