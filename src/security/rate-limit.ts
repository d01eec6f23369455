/**
 * A rate limit on the expensive operations (the network questions, search and exports),
 * in memory per process (rate-limiter-flexible): each use of one costs a point from the
 * caller's bucket, one per API key, or one per address for callers without a key. An
 * empty bucket answers SERVICE_UNAVAILABLE with HTTP 429, a Retry-After header and
 * extensions.retryAfter (seconds); other operations are never limited here.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import { OperationTypeNode } from 'graphql';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { hashKey } from '../auth/api-keys';
import type { Config } from '../config';
import type { Context } from '../context';
import { AppError, ErrorCode } from '../errors';
import { measureOperation, operationVariables } from './analysis';

/** Root fields that run a graph algorithm or a full-text search. */
export const EXPENSIVE_FIELDS: ReadonlySet<string> = new Set([
  'allies',
  'connections',
  'neighbourhood',
  'brokers',
  'coverage',
  'engagementMatrix',
  'search',
]);

/** Whose bucket a request draws from. */
export interface Client {
  kind: 'key' | 'address';
  id: string;
}

/** The per-request Context, with the client the rate limit counts against. */
export interface LimitedContext extends Context {
  client: Client;
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** A key's bucket is named by a hash of the key (never the key); otherwise the socket's address. */
export function clientOf(req: express.Request): Client {
  const token = BEARER.exec(req.header('authorization')?.trim() ?? '')?.[1];
  if (token) return { kind: 'key', id: hashKey(token).slice(0, 32) };
  return { kind: 'address', id: req.ip ?? req.socket.remoteAddress ?? 'unknown' };
}

/**
 * How many expensive root fields a query asks for, through fragments too (aliases count
 * each; a field skipped by @skip/@include does not run and does not count). One memoised
 * walk (analysis.ts): a fragment spread many times is counted once and multiplied, so the
 * count is linear in the document's size.
 */
export function expensiveFieldCount(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  if (operation.operation !== OperationTypeNode.QUERY) return 0;
  const root = schema.getQueryType();
  return measureOperation({
    schema,
    document,
    operation,
    variables,
    measure: ({ parentType, field, childMeasure }) =>
      (parentType === root && EXPENSIVE_FIELDS.has(field.name) ? 1 : 0) + childMeasure,
  }).value;
}

export class ExpensiveOperationLimiter {
  private readonly buckets: Record<Client['kind'], RateLimiterMemory | null>;

  constructor(private readonly config: Config['rateLimit']) {
    const make = (points: number, prefix: string) =>
      points > 0
        ? new RateLimiterMemory({ points, duration: config.windowSeconds, keyPrefix: prefix })
        : null;
    this.buckets = { key: make(config.perKey, 'key'), address: make(config.perAddress, 'address') };
  }

  /** Takes `points` from the client's bucket, or throws the 429 error when it is empty. */
  async take(client: Client, points: number, what: string): Promise<void> {
    const bucket = this.buckets[client.kind];
    if (!bucket || points <= 0) return;
    try {
      await bucket.consume(client.id, points);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      const limit = client.kind === 'key' ? this.config.perKey : this.config.perAddress;
      const who =
        client.kind === 'key'
          ? 'this API key'
          : 'your address (send an API key for a limit of your own)';
      throw new AppError(
        ErrorCode.SERVICE_UNAVAILABLE,
        `Too many ${what} from ${who}: at most ${limit} every ${this.config.windowSeconds}s. Retry in ${retryAfter}s.`,
        {
          retryAfter,
          http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
        },
      );
    }
  }

  /** Counts the expensive root fields of each GraphQL query once it is parsed and validated. */
  graphqlPlugin(): ApolloServerPlugin<LimitedContext> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ operation, document, schema, request, contextValue }) => {
          if (!operation) return;
          let variables: Record<string, unknown>;
          try {
            variables = operationVariables(schema, operation, request.variables);
          } catch {
            return; // invalid variables: refused by the cost check and by execution, nothing runs
          }
          const points = expensiveFieldCount(schema, document, operation, variables);
          await this.take(
            contextValue.client,
            points,
            `expensive queries (${[...EXPENSIVE_FIELDS].join(', ')})`,
          );
        },
      }),
    };
  }

  /** For /export: one point per export, 429 with JSON {error: {code, message, retryAfter}} when the bucket is empty. */
  exportMiddleware(): express.RequestHandler {
    return async (req, res, next) => {
      try {
        await this.take(clientOf(req), 1, 'exports');
        next();
      } catch (err) {
        if (!(err instanceof AppError)) return next(err);
        const retryAfter = Number(err.extensions.retryAfter);
        res.status(429).setHeader('retry-after', String(retryAfter));
        res.json({ error: { code: err.code, message: err.message, retryAfter } });
      }
    };
  }
}
