/**
 * One answer with every problem of a write's input (issue #14: a form fixed one problem only
 * to be told the next). type-graphql would run class-validator first and the resolver never,
 * so the checks a write makes without the database (dates, ends, roles) came one request
 * later. An argument validated by `allProblems` runs class-validator as type-graphql does and
 * then those checks, and answers:
 * - only class-validator's problems: its error, as without this (Invalid input: …); a check of
 *   the write's own on a field class-validator refused already is not said twice;
 * - one problem of the write's own: that error, with today's message and fields;
 * - more than one in all: one BAD_USER_INPUT whose message says each, in the order the write
 *   checks them, whose `extensions.fields` lists every field with its problem, and whose
 *   `extensions.problems` holds each problem's own message and fields.
 */
import { validate } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import {
  AppError,
  ErrorCode,
  FieldProblem,
  fieldProblems,
  invalidInputMessage,
} from '../../errors';

/** What type-graphql gives class-validator here (src/schema.ts and its own defaults). */
const VALIDATOR_OPTIONS = {
  forbidUnknownValues: false,
  stopAtFirstError: false,
  skipMissingProperties: true,
};

export interface InputProblem {
  message: string;
  fields: FieldProblem[];
}

/** The problems of one input as one error (see the file's comment); nothing when there are none. */
export function allProblemsError(
  validation: InputProblem | null,
  own: readonly AppError[],
): AppError | null {
  const problems: InputProblem[] = [
    ...(validation ? [validation] : []),
    ...own.map((e) => ({
      message: e.message,
      fields: (e.extensions.fields as FieldProblem[] | undefined) ?? [],
    })),
  ];
  if (problems.length === 0) return null;
  if (!validation && own.length === 1) return own[0];
  return new AppError(
    ErrorCode.BAD_USER_INPUT,
    `This input has ${problems.length} problems; fix them all and send it again. ${problems
      .map((p, i) => `(${i + 1}) ${p.message}`)
      .join(' ')}`,
    { fields: problems.flatMap((p) => p.fields), problems },
  );
}

/**
 * A validateFn for an @Arg: class-validator's checks and then `own` (the write's checks that
 * need no database, each problem as the error the write would give for it), reported at once.
 */
export function allProblems(own: (value: Record<string, unknown>) => AppError[]) {
  return async (value: unknown): Promise<void> => {
    const errors =
      value !== null && typeof value === 'object' ? await validate(value, VALIDATOR_OPTIONS) : [];
    const fields = fieldProblems(errors);
    // A field class-validator already refused (a malformed slug) is not reported twice.
    const refused = new Set(fields.map((f) => f.field));
    const mine = (
      value !== null && typeof value === 'object' ? own(value as Record<string, unknown>) : []
    ).filter((e) => {
      const at = (e.extensions.fields as FieldProblem[] | undefined) ?? [];
      return !(at.length && at.every((f) => refused.has(f.field)));
    });
    if (errors.length && !mine.length) throw new ArgumentValidationError(errors);
    const error = allProblemsError(
      fields.length ? { message: invalidInputMessage(fields), fields } : null,
      mine,
    );
    if (error) throw error;
  };
}
