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
  new AppError(ErrorCode.NOT_FOUND, `No ${what} has the id or slug "${id}". Check the id, or search for the ${what} by name.`);
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
export const unavailable = (message = 'The database is not reachable right now. Retry in a few seconds.') =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, message);

/** class-validator's messages, flattened to field paths, for BAD_USER_INPUT. */
function validationProblems(err: ArgumentValidationError): FieldProblem[] {
  const out: FieldProblem[] = [];
  const walk = (errors: ValidationError[], prefix: string) => {
    for (const e of errors) {
      const field = prefix ? `${prefix}.${e.property}` : e.property;
      for (const message of Object.values(e.constraints ?? {})) out.push({ field, problem: String(message) });
      if (e.children?.length) walk(e.children, field);
    }
  };
  walk(err.extensions.validationErrors, '');
  return out;
}

/** graphql-js ends messages about unknown names with "Did you mean …?": in production that would spell out the schema. */
const SUGGESTION = /\s*Did you mean [\s\S]*\?$/;

/**
 * Apollo's formatError hook: known errors pass with their code; validation errors
 * become BAD_USER_INPUT listing each field; anything else is logged in full and, in
 * production, replaced by a generic message so no stack or Cypher reaches a client.
 */
export function createErrorFormatter(opts: { production: boolean; logger: Logger }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof AppError) {
      // extensions.http (a status such as 401 or 429, headers) is for Apollo, not for the client.
      const { http: _http, ...extensions } = original.extensions;
      return { ...formatted, message: original.message, extensions };
    }
    if (original instanceof ArgumentValidationError) {
      const fields = validationProblems(original);
      const message = `Invalid input: ${fields.map((f) => `${f.field}: ${f.problem}`).join('; ')}.`;
      return { ...formatted, message, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
    }
    const code = formatted.extensions?.code;
    // Errors Apollo and graphql-js raise about the request itself (parse, validation, variables) are safe to show.
    if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const mapped = code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' ? ErrorCode.BAD_USER_INPUT : code;
      const { stacktrace: _s, ...rest } = formatted.extensions ?? {};
      if (!opts.production) return { ...formatted, extensions: { ...formatted.extensions, code: mapped, detail: code } };
      return { ...formatted, message: formatted.message.replace(SUGGESTION, ''), extensions: { ...rest, code: mapped, detail: code } };
    }
    // The request id is stamped by a plugin (src/security/request-errors.ts) where there is a request.
    const requestId = formatted.extensions?.requestId;
    opts.logger.error({ err: original, path: formatted.path, requestId }, 'unexpected error while resolving a request');
    if (opts.production) {
      return {
        message: 'Internal server error. Quote the request id (extensions.requestId, or the x-request-id response header) to find it in our logs.',
        path: formatted.path,
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId ? { requestId } : {}) },
      };
    }
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
