/**
 * The document analysis and the error normaliser, without a server: each fragment is measured
 * once (the work is counted, not timed), cost reads null page sizes by the service's rule, and
 * every thrown value leaves the formatter coded, and logged with the request id when unexpected.
 */
import {
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  parse,
} from 'graphql';
import pino from 'pino';
import { ArgumentValidationError } from 'type-graphql';
import { PAGES, pageSizeFor, requestedPage } from '../../src/domain/paging';
import { AppError, createErrorFormatter, ErrorCode } from '../../src/errors';
import { createSchema } from '../../src/schema';
import { measureOperation } from '../../src/security/analysis';
import { fieldCost } from '../../src/security/cost';
import { expensiveFieldCount } from '../../src/security/rate-limit';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

function analyse(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const measured = measureOperation({ schema, document, operation, variables, measure: fieldCost });
  return { ...measured, expensive: expensiveFieldCount(schema, document, operation, variables) };
}

/** `{ ...F0 }` and fragments that each spread the next one twice, ending in `leaf`. */
const bomb = (levels: number, leaf: string) =>
  `query($id: ID!) { ...F0 } ${Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F${levels} on Query { ${leaf} }`;

describe('document analysis', () => {
  it('measures each fragment once: the work is linear in the document, the result exact', () => {
    const a = analyse(bomb(40, 'allies(of: $id) { score }'), { id: 'x' });
    // The root spread, two spreads per level and the leaf's two fields, each visited once.
    expect(a.visits).toBe(1 + 2 * 40 + 2);
    // …while what they stand for is counted in full: 2^40 allies, each costing 10 + 10 × 0.
    expect(a.expensive).toBe(2 ** 40);
    expect(a.value).toBe(2 ** 40 * 10);
    expect(a.selections).toBe(2 ** 41 - 1 + 2 ** 40 * 2);
  });

  it('counts a cycle (refused by validation anyway) as nothing, without looping', () => {
    const a = analyse(
      'query($id: ID!) { ...A } fragment A on Query { allies(of: $id) { score } ...B } fragment B on Query { ...A }',
      { id: 'x' },
    );
    expect(a.expensive).toBe(1);
    expect(a.visits).toBeLessThan(10);
  });

  it('honours @skip and @include, and counts expensive fields through inline fragments and aliases', () => {
    const a = analyse(
      'query($id: ID!, $no: Boolean!) { x: allies(of: $id) { score } y: allies(of: $id) @include(if: $no) { score } ... on Query { brokers { degree } } }',
      { id: 'x', no: false },
    );
    expect(a.expensive).toBe(2);
  });

  it('prices null and absent page sizes as the default the service serves', () => {
    const shape = (arg: string) =>
      `{ fora(first: 100) { nodes { engagements${arg} { nodes { id } } } } }`;
    const absent = analyse(shape('')).value;
    expect(analyse(shape('(first: null)')).value).toBe(absent);
    expect(analyse(shape(`(first: ${PAGES.list.fallback})`)).value).toBe(absent);
    expect(
      analyse(
        'query($n: Int) { fora(first: 100) { nodes { engagements(first: $n) { nodes { id } } } } }',
        { n: null },
      ).value,
    ).toBe(absent);
    const hood = (arg: string) =>
      analyse(`query($id: ID!) { neighbourhood(id: $id${arg}) { nodes { id } edges { id } } }`, {
        id: 'x',
      }).value;
    expect(hood(', limit: null')).toBe(hood(''));
    expect(hood('')).toBe(10 + PAGES.neighbourhood.fallback * 2);
    // The same rule serves: null is the default, out of bounds is refused.
    expect(requestedPage(PAGES.neighbourhood, null)).toBe(
      pageSizeFor(PAGES.neighbourhood, undefined),
    );
    expect(() => pageSizeFor(PAGES.search, 51)).toThrow(
      /"first" must be a whole number from 1 to 50/,
    );
  });
});

describe('the error normaliser', () => {
  const lines: Array<Record<string, any>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const format = createErrorFormatter({ production: true, logger, requestId: () => 'req-1' });
  const formatted = (e: GraphQLError): GraphQLFormattedError => format(e.toJSON(), e);

  it('gives a validator that threw (a URIError inside ArgumentValidationError) a code, a request id and a log line', () => {
    const before = lines.length;
    // What type-graphql does when class-validator itself throws (validator's encodeURI on a lone surrogate): the thrown value, not a list.
    const out = formatted(new ArgumentValidationError(new URIError('URI malformed') as never));
    expect(out.extensions).toEqual({ code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: 'req-1' });
    expect(lines.slice(before).map((l) => [l.msg, l.requestId])).toEqual([
      ['unexpected error while resolving a request', 'req-1'],
    ]);
  });

  it('maps the request errors of Apollo and graphql-js to BAD_USER_INPUT, keeping the original code in detail', () => {
    for (const code of [
      'BAD_REQUEST',
      'OPERATION_RESOLUTION_FAILURE',
      'GRAPHQL_VALIDATION_FAILED',
      'GRAPHQL_PARSE_FAILED',
      'PERSISTED_QUERY_NOT_FOUND',
    ]) {
      expect(formatted(new GraphQLError('x', { extensions: { code } })).extensions).toEqual({
        code: ErrorCode.BAD_USER_INPUT,
        detail: code,
      });
    }
    // Apollo raises some with an HTTP 4xx status and no code, and fills in INTERNAL_SERVER_ERROR before the formatter sees them.
    const codeless = new GraphQLError('provided sha does not match query', {
      extensions: { http: { status: 400 } },
    });
    expect(
      format({ message: codeless.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, codeless)
        .extensions,
    ).toEqual({ code: ErrorCode.BAD_USER_INPUT, detail: 'BAD_REQUEST' });
  });

  it('treats every code outside the enum, and every plain value, as unexpected', () => {
    const before = lines.length;
    expect(
      formatted(new GraphQLError('x', { extensions: { code: 'SOMETHING_ELSE' } })).extensions!.code,
    ).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(format({ message: 'boom' }, 'a thrown string').extensions!.code).toBe(
      ErrorCode.INTERNAL_SERVER_ERROR,
    );
    expect(lines.length - before).toBe(2);
    // Known errors keep their message and code, never the request id or the HTTP details.
    expect(
      formatted(new AppError(ErrorCode.CONFLICT, 'taken', { http: { status: 409 } })),
    ).toMatchObject({ message: 'taken', extensions: { code: 'CONFLICT' } });
  });
});
