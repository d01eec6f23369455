/** Page sizes and opaque cursors shared by every list. */
import { PAGES, pageSizeFor } from '../domain/paging';
import { badInput } from '../errors';

export const DEFAULT_PAGE = PAGES.list.fallback;
export const MAX_PAGE = PAGES.list.max;

/** The page size of a Relay connection (src/domain/paging.ts: null and absent are both the default). */
export function pageSize(first: number | null | undefined): number {
  return pageSizeFor(PAGES.list, first);
}

export function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity) return parts;
  } catch {
    // fall through
  }
  throw badInput(
    '"after" is not a cursor this list gave out. Pass the endCursor of the previous page, or leave it out for the first page.',
    [{ field: 'after', problem: 'unknown cursor' }],
  );
}
