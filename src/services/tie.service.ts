/**
 * Ties: which entities a tie may join, roles, dates (until never before since),
 * duplicates, versions; and the paged lists of ties at an entity.
 */
import crypto from 'node:crypto';
import { periodEnd, periodStart, untilBeforeSince } from '../domain/dates';
import { fromGlobalId, toGlobalId } from '../domain/ids';
import type { TieInput, TieListArgs } from '../domain/inputs';
import { EntityType, TIE_ROLES, TieType, tieEndsAllowed, withArticle } from '../domain/model';
import { Page, TieRecord, tieSnapshot } from '../domain/records';
import { TIES } from '../domain/spec';
import {
  AppError,
  ErrorCode,
  badInput,
  conflict,
  inputProblems,
  mergedAway,
  notFound,
} from '../errors';
import type { Database, QueryMeter, Row } from '../graph/database';
import { ChangeSource, changeProps } from '../graph/history.repository';
import { toTie } from '../graph/rows';
import { Direction, TIES_PER_ENTITY_CAP, tieRepository } from '../graph/tie.repository';
import type { BadEnd } from '../graph/writable';
import type { Loaders } from '../loaders';
import { EntityRef, entityRef } from './entity-ids';
import { decodeCursor, encodeCursor, pageSize } from './paging';

/** Tie types that may say on whose behalf an actor took part (the model spec's, in its order). */
export const ON_BEHALF: ReadonlySet<TieType> = new Set(
  TIES.filter((t) => t.onBehalfOf).map((t) => t.type),
);
/** "engagements, participations and affiliations": the onBehalfOf ties by their plural (their import file names). */
const ON_BEHALF_NAMES = ((names: string[]) =>
  `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`)(
  TIES.filter((t) => t.onBehalfOf).map((t) => t.importFile),
);

export function tieKey(id: string, type: TieType): string {
  const parsed = fromGlobalId(id);
  if (!parsed || parsed.kind !== type) {
    throw badInput(
      `"${id}" is not the id of ${withArticle(type)} tie. Use the id returned when the tie was added.`,
      [{ field: 'id', problem: `must be ${withArticle(type)} id` }],
    );
  }
  return parsed.key;
}

/** The error a write gives for a tie's dates, or none: until never before since. */
function checkDates(since: string | null, until: string | null): void {
  if (untilBeforeSince(since, until)) {
    throw badInput(
      `until (${until}) is before since (${since}). A tie cannot end before it starts.`,
      [{ field: 'until', problem: 'before since' }],
    );
  }
}

/**
 * Every problem of a tie's input that the database is not needed to see, each as the error
 * the write gives for it alone (same message, same fields), in the order the write checks
 * them: the ends (each, then whether they may be joined), onBehalfOf, the role, the dates.
 * `adding`: an add's input (both ends, dates as given); otherwise a patch, whose dates are
 * checked here only when it gives both (one alone is compared with the stored one by the write).
 * The resolvers report these with class-validator's in one error (src/resolvers/common/problems.ts).
 */
export function tieInputProblems(type: TieType, input: TieInput, adding: boolean): AppError[] {
  const { problems, attempt } = inputProblems();
  if (adding) {
    if (!input.from || !input.to)
      attempt(() => {
        throw badInput('A tie needs both "from" and "to".');
      });
    else {
      const before = problems.length;
      attempt(() => entityRef(input.from!, undefined, 'from'));
      attempt(() => entityRef(input.to!, undefined, 'to'));
      if (problems.length === before) attempt(() => endsOf(type, input.from!, input.to!));
    }
  }
  attempt(() => onBehalfOfRef(type, input.onBehalfOf));
  attempt(() => checkRole(type, input.role));
  if (adding || (input.since !== undefined && input.until !== undefined))
    attempt(() => checkDates(input.since ?? null, input.until ?? null));
  return problems;
}

function checkRole(type: TieType, role: string | null | undefined): void {
  if (role && !TIE_ROLES[type].includes(role)) {
    throw badInput(
      `"${role}" is not a role of ${type}. Use one of: ${TIE_ROLES[type].join(', ') || '(none)'}.`,
      [{ field: 'role', problem: 'unknown role' }],
    );
  }
}

/**
 * The two ends as given, checked against the model by the types their ids name (a write
 * later requires the stored entities to be of exactly those types, see `writable`).
 */
function endsOf(type: TieType, from: string, to: string): { from: EntityRef; to: EntityRef } {
  const a = entityRef(from, undefined, 'from');
  const b = entityRef(to, undefined, 'to');
  if (a.key === b.key)
    throw badInput(`${withArticle(type, true)} tie cannot join an entity to itself.`, [
      { field: 'to', problem: 'same as from' },
    ]);
  if (!tieEndsAllowed(type, a.type, b.type)) {
    throw badInput(
      `${type} cannot go from ${withArticle(a.type)} to ${withArticle(b.type)}. See the README's model section for which ends each tie joins.`,
      [
        { field: 'from', problem: a.type },
        { field: 'to', problem: b.type },
      ],
    );
  }
  return { from: a, to: b };
}

/** onBehalfOf as given: undefined leaves it as it is, null clears it, an id must be an organisation's. */
function onBehalfOfRef(type: TieType, id: string | null | undefined): EntityRef | null | undefined {
  if (id === undefined) return undefined;
  if (id === null) return null;
  if (!ON_BEHALF.has(type))
    throw badInput(`onBehalfOf applies only to ${ON_BEHALF_NAMES}.`, [
      { field: 'onBehalfOf', problem: 'not applicable' },
    ]);
  return entityRef(id, EntityType.Organisation, 'onBehalfOf');
}

export class TieService {
  constructor(
    private readonly db: Database,
    private readonly loaders: Loaders,
    private readonly meter: QueryMeter,
    private readonly source: ChangeSource,
  ) {}

  /** A page of the ties of one type at an entity, through the per-request loader. */
  async listAt(
    entityKeyValue: string,
    type: TieType,
    direction: Direction,
    args: TieListArgs,
    otherType?: EntityType,
  ): Promise<Page<TieRecord>> {
    const limit = pageSize(args.first);
    checkRole(type, args.role);
    // Without a cursor only the first page (and one more, to know if there is a next) is read;
    // a cursor, or a filter on the other end's type, needs the capped list to find its place.
    const cap = args.after || otherType ? TIES_PER_ENTITY_CAP : limit + 1;
    const loaded = await this.loaders.ties.load({
      key: entityKeyValue,
      type,
      direction,
      role: args.role ?? null,
      activeStart: args.activeOn ? periodStart(args.activeOn) : null,
      activeEnd: args.activeOn ? periodEnd(args.activeOn) : null,
      cap,
    });
    const all = otherType
      ? loaded.ties.filter((t) => (direction === 'out' ? t.toType : t.fromType) === otherType)
      : loaded.ties;
    const totalCount = otherType ? all.length : loaded.total;
    let start = 0;
    if (args.after) {
      const [key] = decodeCursor(args.after, 1);
      const i = all.findIndex((t) => t.key === key);
      if (i < 0)
        throw badInput(
          '"after" does not point at a tie of this list (it may have been removed). Start again without "after".',
        );
      start = i + 1;
    }
    const items = all.slice(start, start + limit);
    return {
      items,
      totalCount,
      // Within the capped list: past its 1000th tie a list has no next page a cursor could reach.
      hasNextPage: start + limit < Math.min(totalCount, all.length),
      cursors: items.map((t) => encodeCursor([t.key])),
    };
  }

  async get(type: TieType, id: string): Promise<TieRecord | null> {
    return this.loaders.tie.load({ type, key: tieKey(id, type) });
  }

  /** The stored properties for an input; `current` holds values the input leaves unchanged. */
  private props(
    type: TieType,
    input: TieInput,
    current: TieRecord | null,
    onBehalfOfKey: string | null | undefined,
    now: string,
  ): Row {
    checkRole(type, input.role);
    const since = input.since !== undefined ? input.since : (current?.since ?? null);
    const until = input.until !== undefined ? input.until : (current?.until ?? null);
    checkDates(since, until);
    const out: Row = { updatedAt: now };
    if (input.role !== undefined) out.role = input.role;
    if (input.since !== undefined) {
      out.since = since;
      out.sinceStart = since ? periodStart(since) : null;
    }
    if (input.until !== undefined) {
      out.until = until;
      out.untilEnd = until ? periodEnd(until) : null;
    }
    if (onBehalfOfKey !== undefined) out.onBehalfOf = onBehalfOfKey;
    if (input.note !== undefined) out.note = input.note?.trim() || null;
    if (input.sources !== undefined) out.sourcesJson = JSON.stringify(input.sources ?? []);
    return out;
  }

  /** The error for the first end a write may not use (entity/_writable), as writableEntities gives it. */
  private endError(refs: EntityRef[], bad: NonNullable<BadEnd>): AppError {
    const ref = refs[bad.i];
    if (bad.problem === 'merged' && bad.into)
      return mergedAway(ref.type, ref.id, toGlobalId(ref.type, bad.into));
    return notFound(ref.type, ref.id);
  }

  /**
   * One round trip (tie/add): the from end's lock, the ends (merged ids refused), duplicates,
   * the tie and its history, in that order; a failed check writes nothing.
   */
  async add(type: TieType, input: TieInput): Promise<TieRecord> {
    if (!input.from || !input.to) throw badInput('A tie needs both "from" and "to".');
    const ends = endsOf(type, input.from, input.to);
    const behalf = onBehalfOfRef(type, input.onBehalfOf ?? null);
    const fromKey = ends.from.key;
    const toKey = ends.to.key;
    const now = new Date().toISOString();
    const props: Row = {
      role: null,
      since: null,
      until: null,
      note: null,
      sourcesJson: '[]',
      ...this.props(
        type,
        { ...input, since: input.since ?? null, until: input.until ?? null },
        null,
        behalf?.key ?? null,
        now,
      ),
      id: crypto.randomUUID(),
      createdAt: now,
      version: 1,
    };
    // The tie as the write stores it (null properties are not stored), for its history: the query
    // writes it only when both ends are stored under exactly these keys and types.
    const stored: Row = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null));
    const expected = toTie({
      rel: stored,
      type,
      fromKey,
      fromType: ends.from.type,
      toKey,
      toType: ends.to.type,
    });
    const refs = [ends.from, ends.to, ...(behalf ? [behalf] : [])];
    // tie/add writes only when every check passes, so it can go as one auto-commit round trip.
    const created = await this.db.writeAlone(async (tx) => {
      const change = changeProps(
        this.source,
        {
          action: 'TIE_ADDED',
          targetKind: type,
          targetKey: expected.key,
          before: null,
          after: tieSnapshot(expected),
        },
        now,
      );
      const result = await tieRepository.add(tx, type, {
        from: fromKey,
        to: toKey,
        ends: refs.map((r) => ({ key: r.key, type: r.type })),
        props,
        change,
      });
      if (result.bad) throw this.endError(refs, result.bad);
      if (result.status === 'duplicate')
        throw conflict(
          `This ${type} tie already exists with the same role and start. Update it instead.`,
        );
      if (!result.tie) throw notFound('entity', input.to!);
      return result.tie;
    }, this.meter);
    this.loaders.ties.clearAll();
    return created;
  }

  /**
   * One round trip (tie/change): onBehalfOf, the tie's lock and version, the input, the dates,
   * duplicates (with the from end locked), the new properties and the history, in that order.
   */
  async update(
    type: TieType,
    id: string,
    expectedVersion: number | null | undefined,
    input: TieInput,
  ): Promise<TieRecord> {
    const key = tieKey(id, type);
    const behalf = onBehalfOfRef(type, input.onBehalfOf);
    const refs = behalf ? [behalf] : [];
    const now = new Date().toISOString();
    // What the input says on its own; the dates are checked by the query against what is stored.
    let inputError: AppError | null = null;
    try {
      checkRole(type, input.role);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      inputError = err;
    }
    const props = this.writtenProps(
      input,
      behalf === undefined ? undefined : (behalf?.key ?? null),
      now,
    );
    // tie/change writes only when every check passes, so it can go as one auto-commit round trip.
    const updated = await this.db.writeAlone(async (tx) => {
      const change = changeProps(
        this.source,
        { action: 'TIE_UPDATED', targetKind: type, targetKey: key, before: null, after: null },
        now,
      );
      const result = await tieRepository.change(tx, type, {
        key,
        tieId: toGlobalId(type, key),
        ends: refs.map((r) => ({ key: r.key, type: r.type })),
        expectedVersion: expectedVersion ?? null,
        inputError: inputError !== null,
        props,
        change,
      });
      if (result.bad) throw this.endError(refs, result.bad);
      switch (result.status) {
        case 'not-found':
          throw notFound(`${type} tie`, id);
        case 'version':
          throw new AppError(
            ErrorCode.CONFLICT,
            `This tie changed since you read it (version ${result.currentVersion}, you sent ${expectedVersion}). Read it again and re-apply your change.`,
            {
              currentVersion: result.currentVersion,
            },
          );
        case 'input':
          throw inputError!;
        case 'dates':
          throw badInput(
            `until (${result.until}) is before since (${result.since}). A tie cannot end before it starts.`,
            [{ field: 'until', problem: 'before since' }],
          );
        case 'duplicate':
          throw conflict(
            `Another ${type} tie between these two already has this role and start. Update or remove that one instead.`,
          );
        default:
          if (!result.tie) throw notFound(`${type} tie`, id);
          return result.tie;
      }
    }, this.meter);
    this.loaders.ties.clearAll();
    this.loaders.tie.clear({ type, key });
    return updated;
  }

  /** The properties an update writes (as `props` gives them, without the checks that need the stored tie). */
  private writtenProps(
    input: TieInput,
    onBehalfOfKey: string | null | undefined,
    now: string,
  ): Row {
    const out: Row = { updatedAt: now };
    if (input.role !== undefined) out.role = input.role;
    if (input.since !== undefined) {
      out.since = input.since;
      out.sinceStart = input.since ? periodStart(input.since) : null;
    }
    if (input.until !== undefined) {
      out.until = input.until;
      out.untilEnd = input.until ? periodEnd(input.until) : null;
    }
    if (onBehalfOfKey !== undefined) out.onBehalfOf = onBehalfOfKey;
    if (input.note !== undefined) out.note = input.note?.trim() || null;
    if (input.sources !== undefined) out.sourcesJson = JSON.stringify(input.sources ?? []);
    return out;
  }

  /** One round trip (tie/remove): the history of the tie as it was, and the tie gone. */
  async remove(type: TieType, id: string): Promise<{ id: string }> {
    const key = tieKey(id, type);
    await this.db.write(async (tx) => {
      const change = changeProps(this.source, {
        action: 'TIE_REMOVED',
        targetKind: type,
        targetKey: key,
        before: null,
        after: null,
      });
      if (!(await tieRepository.remove(tx, type, { key, tieId: toGlobalId(type, key), change })))
        throw notFound(`${type} tie`, id);
    }, this.meter);
    this.loaders.ties.clearAll();
    this.loaders.tie.clear({ type, key });
    return { id };
  }
}
