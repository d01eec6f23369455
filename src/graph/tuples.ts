/**
 * Checks for rows that come back as tuples (lists) rather than maps: the read planner's rows and
 * the neighbourhood's ties. A tuple costs Bolt no key strings, and these checks read it once,
 * where a zod schema with a transform would walk and copy it twice. Each check names what it
 * expected; a row of another shape is a bug, answered as an internal error (RowShapeError).
 */
import { fromNeo4j } from './convert';

export class RowShapeError extends Error {
  constructor(query: string, what: string) {
    super(`${query} returned an unexpected ${what}.`);
    this.name = 'RowShapeError';
  }
}

/** The checks, for rows of one query (named in the error). */
export function tupleReader(query: string) {
  const fail = (what: string): never => {
    throw new RowShapeError(query, what);
  };
  const list = (v: unknown, what: string): unknown[] => (Array.isArray(v) ? v : fail(what));
  return {
    fail,
    list,
    tuple: (v: unknown, size: number, what: string): unknown[] => {
      const t = list(v, what);
      return t.length === size ? t : fail(what);
    },
    text: (v: unknown, what: string): string => (typeof v === 'string' ? v : fail(what)),
    /** A string, or null for an absent property. */
    textOrNull: (v: unknown, what: string): string | null =>
      v === null || v === undefined ? null : typeof v === 'string' ? v : fail(what),
    bool: (v: unknown, what: string): boolean => (typeof v === 'boolean' ? v : fail(what)),
    /** A count or position: a Neo4j Integer (or a number). */
    count: (v: unknown, what: string): number => {
      const n = fromNeo4j(v);
      return typeof n === 'number' ? n : fail(what);
    },
    /** One of a string enum's values. */
    member: <T extends string>(values: readonly T[], v: unknown, what: string): T =>
      typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : fail(what),
  };
}
