/**
 * How many items a list or a network question may return, and what it returns when the
 * caller gives no size: ONE rule for the service that answers and for the cost estimator
 * that prices the request beforehand (src/security/cost.ts). `null` and an absent argument
 * are the same request, the rule's default; the estimator and the service both read the
 * size through `requestedPage`, so they cannot disagree about it.
 */
import { badInput } from '../errors';

export interface PageRule {
  /** The argument that carries the size. */
  readonly argument: 'first' | 'limit';
  /** What null or no argument means. */
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
  /** Appended to the error message: how to get more. */
  readonly hint?: string;
}

export const PAGES = {
  /** Relay connections: entity lists, tie lists, history. */
  list: { argument: 'first', fallback: 20, min: 0, max: 100, hint: 'ask for the next page with "after".' },
  search: { argument: 'first', fallback: 10, min: 1, max: 50 },
  duplicateCandidates: { argument: 'first', fallback: 20, min: 1, max: 100 },
  allies: { argument: 'first', fallback: 10, min: 1, max: 100 },
  connections: { argument: 'first', fallback: 3, min: 1, max: 10 },
  brokers: { argument: 'first', fallback: 10, min: 1, max: 100 },
  engagementMatrix: { argument: 'first', fallback: 100, min: 0, max: 100 },
  neighbourhood: { argument: 'limit', fallback: 200, min: 1, max: 2_000 },
} as const satisfies Record<string, PageRule>;

/** The size asked for: the value given, or the rule's default when it is null or absent. Not yet checked. */
export function requestedPage(rule: PageRule, value: number | null | undefined): number {
  return value ?? rule.fallback;
}

/** The size to serve: requestedPage, refused with BAD_USER_INPUT when outside the rule's bounds. */
export function pageSizeFor(rule: PageRule, value: number | null | undefined): number {
  const size = requestedPage(rule, value);
  if (!Number.isInteger(size) || size < rule.min || size > rule.max) {
    const name = rule.argument;
    throw badInput(`"${name}" must be a whole number from ${rule.min} to ${rule.max}${rule.hint ? `; ${rule.hint}` : '.'}`, [{ field: name, problem: `must be ${rule.min}..${rule.max}` }]);
  }
  return size;
}
