/**
 * What a plan fetched, attached to the records it returned under a symbol that is not
 * enumerable (so it never shows in answers, snapshots or logs). Field resolvers ask here
 * first and go to the DataLoaders only when the plan did not fetch their field.
 */
import type { EntityRecord, Page, TieRecord } from '../domain/records';
import { encodeCursor } from '../services/paging';

const PLANNED = Symbol('planned');

/** A relation field's page as the plan read it, keyed by field and arguments. */
export interface PlannedPage {
  items: TieRecord[];
  /** null when totalCount was not selected (then it is not read). */
  totalCount: number | null;
  hasNextPage: boolean;
  /** False when the cursor given as "after" was not in the list: the fallback then says why. */
  cursorFound: boolean;
}

interface EntityAttachment {
  pages: Map<string, PlannedPage>;
}
interface TieAttachment {
  ends: Map<string, EntityRecord | null>;
}

type WithAttachment<T> = { [PLANNED]?: T };

/** The key of a relation field's result: its name and the arguments that shape the page. */
export function pageKey(
  field: string,
  args: {
    role?: string | null;
    activeOn?: string | null;
    first?: number | null;
    after?: string | null;
  },
): string {
  return JSON.stringify([
    field,
    args.role ?? null,
    args.activeOn ?? null,
    args.first ?? null,
    args.after ?? null,
  ]);
}

export function attachPage(entity: EntityRecord, key: string, page: PlannedPage): void {
  const holder = entity as WithAttachment<EntityAttachment>;
  if (!holder[PLANNED])
    Object.defineProperty(holder, PLANNED, { value: { pages: new Map() }, enumerable: false });
  holder[PLANNED]!.pages.set(key, page);
}

export function attachEnd(tie: TieRecord, field: string, entity: EntityRecord | null): void {
  const holder = tie as WithAttachment<TieAttachment>;
  if (!holder[PLANNED])
    Object.defineProperty(holder, PLANNED, { value: { ends: new Map() }, enumerable: false });
  holder[PLANNED]!.ends.set(field, entity);
}

/** The planned page of a relation field, if the plan read it (and its cursor was found). */
export function plannedPage(entity: EntityRecord, key: string): Page<TieRecord> | null {
  const page = (entity as WithAttachment<EntityAttachment>)[PLANNED]?.pages.get(key);
  if (!page || !page.cursorFound) return null;
  return {
    items: page.items,
    totalCount: page.totalCount ?? -1,
    hasNextPage: page.hasNextPage,
    cursors: page.items.map((t) => tieCursor(t.key)),
  };
}

/** The planned end of a tie: undefined when the plan did not fetch it, null when the end is gone. */
export function plannedEnd(tie: TieRecord, field: string): EntityRecord | null | undefined {
  const ends = (tie as WithAttachment<TieAttachment>)[PLANNED]?.ends;
  return ends && ends.has(field) ? ends.get(field)! : undefined;
}

/** A tie list's cursor, exactly as the fallback path writes it (src/services/tie.service.ts listAt). */
export function tieCursor(key: string): string {
  return encodeCursor([key]);
}
