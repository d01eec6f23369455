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
      res.status(413).json({
        errors: [
          {
            message: `The request body is larger than ${bodyLimit}. Send a smaller query or fewer variables.`,
            extensions: { code: ErrorCode.BAD_USER_INPUT },
          },
        ],
      });
    } else if (
      err?.type === 'entity.parse.failed' ||
      err?.type === 'charset.unsupported' ||
      err?.type === 'encoding.unsupported'
    ) {
      res.status(400).json({
        errors: [
          {
            message:
              'The request body is not valid JSON. Send {"query": "...", "variables": {...}} as application/json.',
            extensions: { code: ErrorCode.BAD_USER_INPUT },
          },
        ],
      });
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

/**
 * How deep a variable's value may nest. The deepest input of the schema is a few levels (an
 * input's list of sources); JSON nested thousands deep is an attack on recursive code.
 */
export const MAX_VARIABLE_DEPTH = 32;

interface Visit {
  value: unknown;
  depth: number;
  parent: Visit | null;
  step: string;
}

const pathOf = (v: Visit): string => {
  const steps: string[] = [];
  for (let at: Visit | null = v; at; at = at.parent) steps.push(at.step);
  return steps.reverse().join('');
};

/**
 * The first problem in a JSON value: a string that is not well-formed UTF-16 (a lone surrogate),
 * or nesting deeper than `maxDepth`, with its path; undefined if none. Iterative, so that no
 * depth of nesting can exhaust the stack, and paths are built only for the one found.
 */
export function inputProblemAt(
  value: unknown,
  path: string,
  maxDepth = MAX_VARIABLE_DEPTH,
): { path: string; problem: 'lone surrogate' | 'too deep' } | undefined {
  const stack: Visit[] = [{ value, depth: 0, parent: null, step: path }];
  while (stack.length) {
    const v = stack.pop()!;
    if (typeof v.value === 'string') {
      if (LONE_SURROGATE.test(v.value)) return { path: pathOf(v), problem: 'lone surrogate' };
      continue;
    }
    if (!v.value || typeof v.value !== 'object') continue;
    if (v.depth >= maxDepth) return { path: pathOf(v), problem: 'too deep' };
    const children = Array.isArray(v.value)
      ? v.value.map((c, i) => [`[${i}]`, c] as const)
      : Object.entries(v.value).map(([k, c]) => [`.${k}`, c] as const);
    // Pushed in reverse, so the first problem in document order is found first.
    for (let i = children.length - 1; i >= 0; i -= 1)
      stack.push({ value: children[i][1], depth: v.depth + 1, parent: v, step: children[i][0] });
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
          const found = inputProblemAt(value, `$${name}`);
          if (!found) continue;
          const at = found.path;
          if (found.problem === 'too deep') {
            throw new AppError(
              ErrorCode.BAD_USER_INPUT,
              `${at} nests deeper than ${MAX_VARIABLE_DEPTH} levels, deeper than any input of this API. Send the value the argument's type describes.`,
              {
                fields: [{ field: at.slice(1), problem: 'nested too deep' }],
                http: { status: 400 },
              },
            );
          }
          throw new AppError(
            ErrorCode.BAD_USER_INPUT,
            `${at} holds a lone surrogate (half of a UTF-16 pair, such as "\\ud800"), which is not text. Send well-formed Unicode.`,
            {
              fields: [{ field: at.slice(1), problem: 'not well-formed Unicode' }],
              http: { status: 400 },
            },
          );
        }
      },
    }),
  };
}

const REQUIRED_INPUT_FIELD =
  /^Field "[A-Za-z0-9_]+\.([A-Za-z0-9_]+)" of required type "[^"]+" was not provided\.$/;
const REQUIRED_ARGUMENT =
  /^Field "([A-Za-z0-9_]+)" argument "([A-Za-z0-9_]+)" of type "[^"]+" is required, but it was not provided\.$/;

/** The path the user wrote to an input object in the document, e.g. "createPerson(input.contact)". */
function writtenPath(document: DocumentNode, target: ASTNode): string | undefined {
  let found: string | undefined;
  const walkValue = (node: ValueNode, field: string, path: string[]) => {
    if (found) return;
    if (node === target) found = `${field}(${path.join('.')})`;
    else if (node.kind === Kind.OBJECT)
      for (const f of node.fields) walkValue(f.value, field, [...path, f.name.value]);
    else if (node.kind === Kind.LIST)
      node.values.forEach((v, i) =>
        walkValue(v, field, [...path.slice(0, -1), `${path[path.length - 1]}[${i}]`]),
      );
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
      validationDidStart:
        async ({ document }) =>
        async (errors) => {
          for (const e of errors ?? []) {
            if (!(e instanceof GraphQLError)) continue;
            const field = REQUIRED_INPUT_FIELD.exec(e.message);
            if (field && e.nodes?.[0]) {
              const where = writtenPath(document, e.nodes[0]);
              e.message = where
                ? `${where}: "${field[1]}" is required; add it.`
                : `The input field "${field[1]}" is required; add it.`;
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
      errors: [
        {
          message: `Nothing is served at ${req.method} ${req.path}. GraphQL is at POST /graphql; see also /health, /ready and /export.`,
          extensions: { code: ErrorCode.NOT_FOUND },
        },
      ],
    });
  };
}
