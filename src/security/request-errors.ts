/**
 * Failures a client sees outside the resolvers' own errors: a body too large or not JSON
 * (answered as GraphQL-shaped JSON, never Express's HTML page with a stack), and the
 * request id on unexpected errors, so that a masked message can be found in the logs.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import { AppError, ErrorCode } from '../errors';
import type { Context } from '../context';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Error middleware for express.json(): 413 over the size limit, 400 for a body that is not JSON. */
export function bodyErrorHandler(bodyLimit: string): express.ErrorRequestHandler {
  return (err: BodyParserError, _req, res, next) => {
    if (err?.type === 'entity.too.large') {
      res.status(413).json({ errors: [{ message: `The request body is larger than ${bodyLimit}. Send a smaller query or fewer variables.`, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
    } else if (err?.type === 'entity.parse.failed' || err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON. Send {"query": "...", "variables": {...}} as application/json.', extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
    } else {
      next(err);
    }
  };
}

/**
 * Stamps the request id on every error that carries no code of ours (an unexpected one),
 * before the formatter masks it: the client can quote it, the log line carries it.
 */
export function requestIdOnUnexpectedErrors<TContext extends Context>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async () => ({
      didEncounterErrors: async ({ errors, contextValue }) => {
        for (const e of errors) {
          if (e.originalError instanceof AppError || e instanceof AppError || e.extensions.code !== undefined) continue;
          (e.extensions as Record<string, unknown>).requestId = contextValue.requestId;
        }
      },
    }),
  };
}
