/**
 * Errors: one code enum, one base class that sets extensions.code, and one place
 * (formatError) where every thrown value is normalised and internal ones are masked.
 */
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { ValidationError } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import type { Logger } from './logger';

export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export interface FieldProblem {
  field: string;
  problem: string;
}

export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
    this.name = 'AppError';
  }
}

export const badInput = (message: string, fields: FieldProblem[] = []) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, fields.length ? { fields } : {});
export const notFound = (what: string, id: string) =>
  new AppError(
    ErrorCode.NOT_FOUND,
    `No ${what} has the id or slug "${id}". Check the id, or search for the ${what} by name.`,
  );
/**
 * A write given the id of an entity that a merge absorbed: that id is a read-only alias now.
 * NOT_FOUND, since nothing is stored under it; extensions.mergedInto carries the id to use.
 */
export const mergedAway = (what: string, id: string, into: string) =>
  new AppError(
    ErrorCode.NOT_FOUND,
    `No ${what} has the id "${id}" any more: it was merged into ${into}; use that id. Reads still follow the old id, but changes need the id of the ${what} that was kept.`,
    { mergedInto: into },
  );
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
export const unavailable = (
  message = 'The database is not reachable right now. Retry in a few seconds.',
) => new AppError(ErrorCode.SERVICE_UNAVAILABLE, message);

/** class-validator's messages, flattened to field paths (sources.0.url). */
export function fieldProblems(errors: readonly ValidationError[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  const walk = (list: readonly ValidationError[], prefix: string) => {
    for (const e of list) {
      const field = prefix ? `${prefix}.${e.property}` : e.property;
      for (const message of Object.values(e.constraints ?? {}))
        out.push({ field, problem: String(message) });
      if (e.children?.length) walk(e.children, field);
    }
  };
  walk(errors, '');
  return out;
}

/** The message of a BAD_USER_INPUT made of class-validator's problems. */
export const invalidInputMessage = (fields: readonly FieldProblem[]) =>
  `Invalid input: ${fields.map((f) => `${f.field}: ${f.problem}`).join('; ')}.`;

/** class-validator's messages, flattened to field paths, for BAD_USER_INPUT; undefined if what it carries is not validation errors (a validator that threw). */
function validationProblems(err: ArgumentValidationError): FieldProblem[] | undefined {
  const given: unknown = err.extensions.validationErrors;
  if (!Array.isArray(given)) return undefined;
  const out = fieldProblems(given as ValidationError[]);
  return out.length ? out : undefined;
}

/** graphql-js ends messages about unknown names with "Did you mean …?": in production that would spell out the schema. */
const SUGGESTION = /\s*Did you mean [\s\S]*\?$/;

const OWN_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/**
 * Codes that Apollo Server and graphql-js give to problems with the request itself, and the
 * code of ours a client gets instead (the original stays in extensions.detail). Every one is
 * the client's to fix, so BAD_USER_INPUT: a malformed or invalid document, CSRF prevention and
 * batching refusals (BAD_REQUEST), an unknown or missing operation name
 * (OPERATION_RESOLUTION_FAILURE), persisted-query problems. Any other code not in ErrorCode is
 * treated as unexpected.
 */
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Whether Apollo's extensions.http holds a 4xx status: the request's fault, not ours. */
function isClientStatus(http: unknown): boolean {
  if (typeof http !== 'object' || http === null || !('status' in http)) return false;
  const { status } = http;
  return typeof status === 'number' && status >= 400 && status < 500;
}

const MASKED =
  'Internal server error. Quote the request id (extensions.requestId, or the x-request-id response header) to find it in our logs.';

/**
 * Apollo's formatError hook, the one normaliser of everything a GraphQL client can receive:
 * - our AppErrors pass with their code and message;
 * - class-validator's errors become BAD_USER_INPUT listing each field;
 * - errors about the request (parse, validation, variables, CSRF, batching, operation name)
 *   become BAD_USER_INPUT with the original code in extensions.detail, without "Did you mean"
 *   suggestions in production;
 * - anything else (including a validator that threw, or this function failing) is logged in
 *   full with the request id and answered INTERNAL_SERVER_ERROR with that id; in production
 *   with a generic message, so no stack or Cypher reaches a client.
 * `requestId` gives the id of the request being answered (src/security/request-errors.ts).
 */
export function createErrorFormatter(opts: {
  production: boolean;
  logger: Logger;
  requestId?: () => string | undefined;
}) {
  const unexpected = (
    formatted: GraphQLFormattedError,
    original: unknown,
  ): GraphQLFormattedError => {
    const requestId = opts.requestId?.();
    opts.logger.error(
      { err: original, path: formatted.path, requestId },
      'unexpected error while resolving a request',
    );
    const extensions = {
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      ...(requestId ? { requestId } : {}),
    };
    if (opts.production)
      return { message: MASKED, ...(formatted.path ? { path: formatted.path } : {}), extensions };
    const { stacktrace, ...rest } = formatted.extensions ?? {};
    return {
      ...formatted,
      extensions: { ...rest, ...extensions, ...(stacktrace ? { stacktrace } : {}) },
    };
  };

  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof AppError) {
      // extensions.http (a status such as 401 or 429, headers) is for Apollo, not for the client.
      const { http: _http, ...extensions } = original.extensions;
      return { ...formatted, message: original.message, extensions };
    }
    if (original instanceof ArgumentValidationError) {
      const fields = validationProblems(original);
      if (!fields) return unexpected(formatted, original.extensions.validationErrors);
      const message = invalidInputMessage(fields);
      return { ...formatted, message, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
    }
    const given = formatted.extensions?.code;
    // Apollo raises a few request errors with an HTTP 4xx status and no code (a persisted query's hash that does not match).
    // (Apollo has already filled in INTERNAL_SERVER_ERROR as their code.)
    const code =
      original instanceof GraphQLError &&
      original.extensions.code === undefined &&
      isClientStatus(original.extensions.http)
        ? 'BAD_REQUEST'
        : given;
    // Errors Apollo and graphql-js raise about the request itself are safe to show.
    if (
      typeof code === 'string' &&
      (REQUEST_ERROR_CODES.has(code) ||
        (OWN_CODES.has(code) && code !== (ErrorCode.INTERNAL_SERVER_ERROR as string)))
    ) {
      const mapped = OWN_CODES.has(code) ? code : ErrorCode.BAD_USER_INPUT;
      const { stacktrace: _s, http: _h, ...rest } = formatted.extensions ?? {};
      if (!opts.production)
        return {
          ...formatted,
          extensions: { ...formatted.extensions, code: mapped, detail: code },
        };
      return {
        ...formatted,
        message: formatted.message.replace(SUGGESTION, ''),
        extensions: { ...rest, code: mapped, detail: code },
      };
    }
    return unexpected(formatted, original);
  };

  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    try {
      return format(formatted, error);
    } catch (failure) {
      return unexpected(formatted, { error, failure });
    }
  };
}

/**
 * Collects input problems: `attempt(check)` runs a check that throws a BAD_USER_INPUT error for
 * its problem and keeps that error; any other error goes on up. `problems` holds them in the
 * order the checks ran (the write paths' "every problem at once", src/resolvers/common/problems.ts).
 */
export function inputProblems(): { problems: AppError[]; attempt: (check: () => void) => void } {
  const problems: AppError[] = [];
  const attempt = (check: () => void) => {
    try {
      check();
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.BAD_USER_INPUT) problems.push(err);
      else throw err;
    }
  };
  return { problems, attempt };
}
