/**
 * Ties: which entities a tie may join, roles, dates (until never before since),
 * duplicates, versions; and the paged lists of ties at an entity.
 */
import crypto from 'node:crypto';
import { periodEnd, periodStart, untilBeforeSince } from '../domain/dates';
import { fromGlobalId } from '../domain/ids';
import type { TieInput, TieListArgs } from '../domain/inputs';
import { EntityType, TIE_ROLES, TieType, tieEndsAllowed, withArticle } from '../domain/model';
import { Page, TieRecord, tieSnapshot } from '../domain/records';
import { TIES } from '../domain/spec';
import { AppError, ErrorCode, badInput, conflict, notFound } from '../errors';
import type { Database, QueryMeter, Row, Tx } from '../graph/database';
import { entityRepository } from '../graph/entity.repository';
import { ChangeSource, historyRepository } from '../graph/history.repository';
import { Direction, TIES_PER_ENTITY_CAP, tieRepository } from '../graph/tie.repository';
import type { Loaders } from '../loaders';
import { EntityRef, entityRef, writableEntities } from './entity-ids';
import { decodeCursor, encodeCursor, pageSize } from './paging';

/** Tie types that may say on whose behalf an actor took part (the model spec's, in its order). */
export const ON_BEHALF: ReadonlySet<TieType> = new Set(TIES.filter((t) => t.onBehalfOf).map((t) => t.type));
/** "engagements, participations and affiliations": the onBehalfOf ties by their plural (their import file names). */
const ON_BEHALF_NAMES = ((names: string[]) => `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`)(TIES.filter((t) => t.onBehalfOf).map((t) => t.importFile));

export function tieKey(id: string, type: TieType): string {
  const parsed = fromGlobalId(id);
  if (!parsed || parsed.kind !== type) {
    throw badInput(`"${id}" is not the id of ${withArticle(type)} tie. Use the id returned when the tie was added.`, [{ field: 'id', problem: `must be ${withArticle(type)} id` }]);
  }
  return parsed.key;
}

export class TieService {
  constructor(
    private readonly db: Database,
    private readonly loaders: Loaders,
    private readonly meter: QueryMeter,
    private readonly source: ChangeSource,
  ) {}

  /** A page of the ties of one type at an entity, through the per-request loader. */
  async listAt(entityKeyValue: string, type: TieType, direction: Direction, args: TieListArgs, otherType?: EntityType): Promise<Page<TieRecord>> {
    const limit = pageSize(args.first);
    this.checkRole(type, args.role);
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
    const all = otherType ? loaded.ties.filter((t) => (direction === 'out' ? t.toType : t.fromType) === otherType) : loaded.ties;
    const totalCount = otherType ? all.length : loaded.total;
    let start = 0;
    if (args.after) {
      const [key] = decodeCursor(args.after, 1);
      const i = all.findIndex((t) => t.key === key);
      if (i < 0) throw badInput('"after" does not point at a tie of this list (it may have been removed). Start again without "after".');
      start = i + 1;
    }
    const items = all.slice(start, start + limit);
    return { items, totalCount, hasNextPage: start + limit < totalCount, cursors: items.map((t) => encodeCursor([t.key])) };
  }

  async get(type: TieType, id: string): Promise<TieRecord | null> {
    return this.loaders.tie.load({ type, key: tieKey(id, type) });
  }

  private checkRole(type: TieType, role: string | null | undefined): void {
    if (role && !TIE_ROLES[type].includes(role)) {
      throw badInput(`"${role}" is not a role of ${type}. Use one of: ${TIE_ROLES[type].join(', ') || '(none)'}.`, [{ field: 'role', problem: 'unknown role' }]);
    }
  }

  /**
   * The two ends as given, checked against the model by the types their ids name (a write
   * later requires the stored entities to be of exactly those types, see `writable`).
   */
  private endsOf(type: TieType, from: string, to: string): { from: EntityRef; to: EntityRef } {
    const a = entityRef(from, undefined, 'from');
    const b = entityRef(to, undefined, 'to');
    if (a.key === b.key) throw badInput(`${withArticle(type, true)} tie cannot join an entity to itself.`, [{ field: 'to', problem: 'same as from' }]);
    if (!tieEndsAllowed(type, a.type, b.type)) {
      throw badInput(`${type} cannot go from ${withArticle(a.type)} to ${withArticle(b.type)}. See the README's model section for which ends each tie joins.`, [
        { field: 'from', problem: a.type },
        { field: 'to', problem: b.type },
      ]);
    }
    return { from: a, to: b };
  }

  /** onBehalfOf as given: undefined leaves it as it is, null clears it, an id must be an organisation's. */
  private onBehalfOf(type: TieType, id: string | null | undefined): EntityRef | null | undefined {
    if (id === undefined) return undefined;
    if (id === null) return null;
    if (!ON_BEHALF.has(type)) throw badInput(`onBehalfOf applies only to ${ON_BEHALF_NAMES}.`, [{ field: 'onBehalfOf', problem: 'not applicable' }]);
    return entityRef(id, EntityType.Organisation, 'onBehalfOf');
  }

  /** Inside the write: every entity the tie names exists under exactly that id (not merged away, not of another type). */
  private async writable(tx: Tx, refs: Array<EntityRef | null | undefined>): Promise<void> {
    const given = refs.filter((r): r is EntityRef => !!r);
    if (given.length) await writableEntities(tx, given);
  }

  /** The stored properties for an input; `current` holds values the input leaves unchanged. */
  private props(type: TieType, input: TieInput, current: TieRecord | null, onBehalfOfKey: string | null | undefined, now: string): Row {
    this.checkRole(type, input.role);
    const since = input.since !== undefined ? input.since : (current?.since ?? null);
    const until = input.until !== undefined ? input.until : (current?.until ?? null);
    if (untilBeforeSince(since, until)) {
      throw badInput(`until (${until}) is before since (${since}). A tie cannot end before it starts.`, [{ field: 'until', problem: 'before since' }]);
    }
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

  async add(type: TieType, input: TieInput): Promise<TieRecord> {
    if (!input.from || !input.to) throw badInput('A tie needs both "from" and "to".');
    const ends = this.endsOf(type, input.from, input.to);
    const behalf = this.onBehalfOf(type, input.onBehalfOf ?? null);
    const fromKey = ends.from.key;
    const toKey = ends.to.key;
    const now = new Date().toISOString();
    const props: Row = {
      role: null,
      since: null,
      until: null,
      note: null,
      sourcesJson: '[]',
      ...this.props(type, { ...input, since: input.since ?? null, until: input.until ?? null }, null, behalf?.key ?? null, now),
      id: crypto.randomUUID(),
      createdAt: now,
      version: 1,
    };
    const created = await this.db.write(async (tx) => {
      // The from end's lock first: a parallel writer of the same fact waits here, then sees it.
      // Then the ends must be writable (not merged away, of their stated types), which names a merged id.
      await entityRepository.lock(tx, [fromKey]);
      await this.writable(tx, [ends.from, ends.to, behalf]);
      const same = await tieRepository.findSame(tx, type, fromKey, toKey, (props.role as string | null) ?? null, (props.since as string | null) ?? null);
      if (same) throw conflict(`This ${type} tie already exists with the same role and start. Update it instead.`);
      const created = await tieRepository.create(tx, type, fromKey, toKey, props);
      if (!created) throw notFound('entity', input.to!);
      await historyRepository.record(tx, this.source, [{ action: 'TIE_ADDED', targetKind: type, targetKey: created.key, before: null, after: tieSnapshot(created) }]);
      return created;
    }, this.meter);
    this.loaders.ties.clearAll();
    return created;
  }

  async update(type: TieType, id: string, expectedVersion: number | null | undefined, input: TieInput): Promise<TieRecord> {
    const key = tieKey(id, type);
    const behalf = this.onBehalfOf(type, input.onBehalfOf);
    const updated = await this.db.write(async (tx) => {
      await this.writable(tx, [behalf]);
      const version = await tieRepository.lockVersion(tx, type, key);
      if (version === null) throw notFound(`${type} tie`, id);
      if (expectedVersion !== null && expectedVersion !== undefined && version !== expectedVersion) {
        throw new AppError(ErrorCode.CONFLICT, `This tie changed since you read it (version ${version}, you sent ${expectedVersion}). Read it again and re-apply your change.`, { currentVersion: version });
      }
      const [current] = await tieRepository.getByKeys(tx, type, [key]);
      const props = this.props(type, input, current, behalf === undefined ? undefined : (behalf?.key ?? null), new Date().toISOString());
      if ('role' in props || 'since' in props) {
        const role = 'role' in props ? (props.role as string | null) : current.role;
        const since = 'since' in props ? (props.since as string | null) : current.since;
        // Lock the from end, then look: an update making this tie equal to another waits for a parallel writer of that fact.
        await entityRepository.lock(tx, [current.fromKey]);
        const same = await tieRepository.findSame(tx, type, current.fromKey, current.toKey, role, since);
        if (same && same !== key) throw conflict(`Another ${type} tie between these two already has this role and start. Update or remove that one instead.`);
      }
      const updated = await tieRepository.update(tx, type, key, props);
      await historyRepository.record(tx, this.source, [{ action: 'TIE_UPDATED', targetKind: type, targetKey: key, before: tieSnapshot(current), after: tieSnapshot(updated) }]);
      return updated;
    }, this.meter);
    this.loaders.ties.clearAll();
    this.loaders.tie.clear({ type, key });
    return updated;
  }

  async remove(type: TieType, id: string): Promise<{ id: string }> {
    const key = tieKey(id, type);
    await this.db.write(async (tx) => {
      const [current] = await tieRepository.getByKeys(tx, type, [key]);
      if (!current) throw notFound(`${type} tie`, id);
      await tieRepository.delete(tx, type, key);
      await historyRepository.record(tx, this.source, [{ action: 'TIE_REMOVED', targetKind: type, targetKey: key, before: tieSnapshot(current), after: null }]);
    }, this.meter);
    this.loaders.ties.clearAll();
    this.loaders.tie.clear({ type, key });
    return { id };
  }
}
