/**
 * Failures a client sees outside the resolvers' own errors: a body too large or not JSON
 * (answered as GraphQL-shaped JSON, never Express's HTML page with a stack), unknown paths
 * (JSON 404), strings that are not text, messages that would name internal input types, and
 * the request id for the error formatter, so that a masked message can be found in the logs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import { ASTNode, DocumentNode, GraphQLError, Kind, ValueNode, visit } from 'graphql';
import { AppError, ErrorCode } from '../errors';

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

/** The request being answered, for code that has no request at hand (the error formatter). */
const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Runs the rest of the request inside its scope. Mount it right before Apollo's middleware:
 * after the body parser, whose stream callbacks would lose the scope.
 */
export function requestScopeMiddleware(): express.RequestHandler {
  return (_req, res, next) => requestScope.run({ requestId: String(res.locals.requestId) }, next);
}

/** The id of the request being answered, if any. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

/** Half of a UTF-16 surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where in a JSON value the first string that is not well-formed UTF-16 (a lone surrogate) is, as a path; undefined if none. */
export function illFormedStringAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = illFormedStringAt(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = illFormedStringAt(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Every string input, once for the whole request: a lone surrogate (half of a UTF-16 pair, such as
 * JSON's "\ud800") cannot be stored or compared as text, so the request is refused with
 * BAD_USER_INPUT naming the variable path, before any resolver or validator runs. Strings written
 * in the document itself are checked by graphql-js's lexer, which refuses them the same way.
 */
export function wellFormedStrings<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ request }) => {
        for (const [name, value] of Object.entries(request.variables ?? {})) {
          const at = illFormedStringAt(value, `$${name}`);
          if (!at) continue;
          throw new AppError(ErrorCode.BAD_USER_INPUT, `${at} holds a lone surrogate (half of a UTF-16 pair, such as "\\ud800"), which is not text. Send well-formed Unicode.`, {
            fields: [{ field: at.slice(1), problem: 'not well-formed Unicode' }],
            http: { status: 400 },
          });
        }
      },
    }),
  };
}

const REQUIRED_INPUT_FIELD = /^Field "[A-Za-z0-9_]+\.([A-Za-z0-9_]+)" of required type "[^"]+" was not provided\.$/;
const REQUIRED_ARGUMENT = /^Field "([A-Za-z0-9_]+)" argument "([A-Za-z0-9_]+)" of type "[^"]+" is required, but it was not provided\.$/;

/** The path the user wrote to an input object in the document, e.g. "createPerson(input.contact)". */
function writtenPath(document: DocumentNode, target: ASTNode): string | undefined {
  let found: string | undefined;
  const walkValue = (node: ValueNode, field: string, path: string[]) => {
    if (found) return;
    if (node === target) found = `${field}(${path.join('.')})`;
    else if (node.kind === Kind.OBJECT) for (const f of node.fields) walkValue(f.value, field, [...path, f.name.value]);
    else if (node.kind === Kind.LIST) node.values.forEach((v, i) => walkValue(v, field, [...path.slice(0, -1), `${path[path.length - 1]}[${i}]`]));
  };
  visit(document, {
    Field(node) {
      for (const a of node.arguments ?? []) walkValue(a.value, node.name.value, [a.name.value]);
    },
  });
  return found;
}

/**
 * graphql-js names a missing required input field by its input type ("CreatePersonInput.name"),
 * a name the client never wrote and, with introspection off, should not learn. These messages are
 * rewritten to the argument path in the document ("createPerson(input): "name" is required").
 */
export function requiredFieldsByPath<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async () => ({
      validationDidStart: async ({ document }) => async (errors) => {
        for (const e of errors ?? []) {
          if (!(e instanceof GraphQLError)) continue;
          const field = REQUIRED_INPUT_FIELD.exec(e.message);
          if (field && e.nodes?.[0]) {
            const where = writtenPath(document, e.nodes[0]);
            e.message = where ? `${where}: "${field[1]}" is required; add it.` : `The input field "${field[1]}" is required; add it.`;
            continue;
          }
          const argument = REQUIRED_ARGUMENT.exec(e.message);
          if (argument) e.message = `${argument[1]} needs the argument "${argument[2]}"; add it.`;
        }
      },
    }),
  };
}

/** Any path the service does not serve: JSON 404 in the GraphQL error shape, never Express's HTML page. */
export function notFoundHandler(): express.RequestHandler {
  return (req, res) => {
    res.status(404).json({
      errors: [{ message: `Nothing is served at ${req.method} ${req.path}. GraphQL is at POST /graphql; see also /health, /ready and /export.`, extensions: { code: ErrorCode.NOT_FOUND } }],
    });
  };
}
