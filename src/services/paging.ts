/** Page sizes and opaque cursors shared by every list. */
import { badInput } from '../errors';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw badInput(`"first" must be a whole number from 0 to ${MAX_PAGE}; ask for the next page with "after".`, [{ field: 'first', problem: `must be 0..${MAX_PAGE}` }]);
  }
  return first;
}

export function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity) return parts;
  } catch {
    // fall through
  }
  throw badInput('"after" is not a cursor this list gave out. Pass the endCursor of the previous page, or leave it out for the first page.', [
    { field: 'after', problem: 'unknown cursor' },
  ]);
}
