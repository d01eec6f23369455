/**
 * How many items a list or a network question may return, and what it returns when the
 * caller gives no size: ONE rule for the service that answers and for the cost estimator
 * that prices the request beforehand (src/security/cost.ts). `null` and an absent argument
 * are the same request, the rule's default; the estimator and the service both read the
 * size through `requestedPage`, so they cannot disagree about it. The rules are in the model spec (spec.ts).
 */
import { badInput } from '../errors';
import type { PageRule } from './spec';

export { PAGES } from './spec';
export type { PageRule } from './spec';

/** The size asked for: the value given, or the rule's default when it is null or absent. Not yet checked. */
export function requestedPage(rule: PageRule, value: number | null | undefined): number {
  return value ?? rule.fallback;
}

/** The size to serve: requestedPage, refused with BAD_USER_INPUT when outside the rule's bounds. */
export function pageSizeFor(rule: PageRule, value: number | null | undefined): number {
  const size = requestedPage(rule, value);
  if (!Number.isInteger(size) || size < rule.min || size > rule.max) {
    const name = rule.argument;
    throw badInput(
      `"${name}" must be a whole number from ${rule.min} to ${rule.max}${rule.hint ? `; ${rule.hint}` : '.'}`,
      [{ field: name, problem: `must be ${rule.min}..${rule.max}` }],
    );
  }
  return size;
}
