import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isPartialDate } from '../../domain/dates';

function check(value: unknown): string {
  if (typeof value !== 'string' || !isPartialDate(value)) {
    throw new GraphQLError(
      `"${String(value)}" is not a date. Write YYYY, YYYY-MM or YYYY-MM-DD (for example 2006, 2017-11 or 2018-05-20).`,
      {
        extensions: { code: 'BAD_USER_INPUT' },
      },
    );
  }
  return value;
}

/** A partial date as in Popolo: a year, a month or a day; it stands for that whole period. */
export const PartialDate = new GraphQLScalarType({
  name: 'PartialDate',
  description:
    'A date known to the year, month or day: "2006", "2017-11" or "2018-05-20". It stands for that whole period.',
  serialize: (v) => check(v),
  parseValue: (v) => check(v),
  parseLiteral: (ast) => check(ast.kind === Kind.STRING ? ast.value : undefined),
});
