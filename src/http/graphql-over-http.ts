/**
 * Status codes as the GraphQL-over-HTTP spec asks for them, for a well-formed request whose
 * document does not parse, does not validate (this service's limits included) or whose
 * variables do not coerce. Apollo answers all of these 400 with `application/json`, but the
 * spec wants 400 only with `application/graphql-response+json`; a client that asks for
 * `application/json` (a legacy client) SHOULD get 200 with the errors in the body. So:
 *
 * - Accept prefers `application/json` (over `application/graphql-response+json`): 200.
 * - Otherwise (that type preferred, `*` / `*`, or no Accept, which the spec treats as
 *   `application/graphql-response+json` since 2025): 400, sent as
 *   `application/graphql-response+json`.
 *
 * A request that is not well-formed (no query, a body that is not JSON) keeps its 400, and
 * 401, 413 and 429 are about the caller or the request's size, not its document: unchanged.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

/**
 * The codes of errors about a well-formed request's document (what graphql-js and Apollo raise
 * before execution, and this service's limits and cost check). BAD_REQUEST (no query, a query
 * that is not a string, ...) is not among them: such a request is not well-formed and keeps 400.
 */
const DOCUMENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Whether the client asks for application/json in preference to application/graphql-response+json (the spec's order). */
export function prefersLegacyJson(accept: string | undefined): boolean {
  if (!accept) return false;
  return (
    new Negotiator({ headers: { accept } }).mediaType([GRAPHQL_RESPONSE_JSON, JSON_TYPE]) ===
    JSON_TYPE
  );
}

export function specStatusCodes<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async ({ request }) => ({
      willSendResponse: async ({ response, errors }) => {
        const withoutData =
          response.body.kind === 'single' && response.body.singleResult.data === undefined;
        const aboutTheDocument =
          !!errors?.length &&
          errors.every((e) => DOCUMENT_ERROR_CODES.has(String(e.extensions.code)));
        if (response.http.status !== 400 || !withoutData || !aboutTheDocument) return;
        if (prefersLegacyJson(request.http?.headers.get('accept'))) {
          response.http.status = 200;
        } else if (!response.http.headers.get('content-type')) {
          // Apollo would pick application/json for "*/*" or no Accept; a 400 belongs with this type.
          response.http.headers.set('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
        }
      },
    }),
  };
}
