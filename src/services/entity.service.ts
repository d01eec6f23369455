/**
 * Entities: the rules of reading and writing organisations, people, fora, events,
 * instruments and topics (slugs, identifiers, versions, deletion with ties). One
 * mutation is one write transaction.
 */
import crypto from 'node:crypto';
import { periodEnd, periodStart, untilBeforeSince } from '../domain/dates';
import { fromGlobalId, isEntityType, toGlobalId } from '../domain/ids';
import { EntityRef, entityRef, readEntity } from './entity-ids';
import type { EntityInput, EntityOrder, EntityWhere } from '../domain/inputs';
import { EntityType, Identifier, SortKey, withArticle } from '../domain/model';
import { ENTITY_PROPS, EntityRecord, Page, entitySnapshot } from '../domain/records';
import {
  SLUG,
  aliasKey,
  distinctAliases,
  fold,
  searchText,
  slugify,
  sortName,
} from '../domain/text';
import {
  AppError,
  ErrorCode,
  badInput,
  conflict,
  inputProblems,
  mergedAway,
  notFound,
} from '../errors';
import type { Database, QueryMeter, Row, Tx } from '../graph/database';
import { EntityFilter, IdentifierWrite, entityRepository } from '../graph/entity.repository';
import { ChangeSource, changeProps } from '../graph/history.repository';
import { toEntity } from '../graph/rows';
import type { BadEnd } from '../graph/writable';
import type { Loaders } from '../loaders';
import { decodeCursor, encodeCursor, pageSize } from './paging';

const SORT_FIELDS: Record<EntityOrder['field'], SortKey> = {
  NAME: 'sortName',
  CREATED_AT: 'createdAt',
  UPDATED_AT: 'updatedAt',
};

// Id parsing and resolution live in entity-ids.ts; entityKey stays importable from here.
export { entityKey } from './entity-ids';

function cleanList(values: string[] | null | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values ?? []) {
    const t = v.trim().replace(/\s+/g, ' ');
    if (t && !seen.has(fold(t))) {
      seen.add(fold(t));
      out.push(t);
    }
  }
  return out;
}

/** An identifier as stored: scheme trimmed and lower-case, value trimmed, keyed "scheme:value". */
export function normalIdentifier(i: Identifier): IdentifierWrite {
  const scheme = i.scheme.trim().toLowerCase();
  const value = i.value.trim();
  return { key: `${scheme}:${value}`, scheme, value };
}

/** An event's dates: endDate never before startDate. */
function checkEventDates(start: string | null | undefined, end: string | null | undefined): void {
  if (untilBeforeSince(start, end)) {
    throw badInput(`endDate (${end}) is before startDate (${start}). Swap them or correct one.`, [
      { field: 'endDate', problem: 'before startDate' },
    ]);
  }
}

/** A new entity's slug: the one given, or one derived from the name. */
function slugOfNew(input: EntityInput): string {
  const name = (input.name ?? '').trim();
  const slug = input.slug ?? slugify(name);
  if (!SLUG.test(slug)) {
    throw badInput(
      `Cannot derive a slug from "${name}". Give a slug of lower-case letters, digits and hyphens.`,
      [{ field: 'slug', problem: 'required: no letters or digits in the name' }],
    );
  }
  return slug;
}

/** A name and a slug can change but not go: slug: null stored an entity without one (SLUG.test(null) tests "null"), name: null crashed. */
function checkNameAndSlug(input: EntityInput): void {
  if (input.name === null)
    throw badInput(
      'An entity always has a name: give a new one, or leave name out to keep the current one.',
      [{ field: 'name', problem: 'cannot be null' }],
    );
  if (input.slug === null)
    throw badInput(
      'An entity always has a slug: give a new one, or leave slug out to keep the current one.',
      [{ field: 'slug', problem: 'cannot be null' }],
    );
  if (input.slug !== undefined && !SLUG.test(input.slug))
    throw badInput('A slug is lower-case letters, digits and hyphens.', [
      { field: 'slug', problem: 'invalid' },
    ]);
}

/**
 * Every problem of an entity's input that the database is not needed to see, each as the
 * error the write gives for it alone, in the order the write checks them: on create the slug
 * (given or derived from the name), on update a name or slug taken away or a malformed slug;
 * an event's dates when the input gives both (one alone is compared with the stored one by the
 * write). The resolvers report these with class-validator's in one error (src/resolvers/common/problems.ts).
 */
export function entityInputProblems(input: EntityInput, adding: boolean): AppError[] {
  const { problems, attempt } = inputProblems();
  if (adding) attempt(() => slugOfNew(input));
  else attempt(() => checkNameAndSlug(input));
  const { startDate, endDate } = input.props as {
    startDate?: string | null;
    endDate?: string | null;
  };
  if (startDate !== undefined && endDate !== undefined)
    attempt(() => checkEventDates(startDate, endDate));
  return problems;
}

/** Sorted by key: the order identifiers are locked in, so two writers never wait on each other in a cycle. */
function sortedIdentifiers(writes: IdentifierWrite[]): IdentifierWrite[] {
  return [...writes].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function identifierWrites(identifiers: Identifier[]): IdentifierWrite[] {
  const seen = new Map<string, IdentifierWrite>();
  for (const i of identifiers) {
    const w = normalIdentifier(i);
    seen.set(w.key, w);
  }
  return [...seen.values()];
}

export class EntityService {
  constructor(
    private readonly db: Database,
    private readonly loaders: Loaders,
    private readonly meter: QueryMeter,
    private readonly source: ChangeSource,
    /** Whether the caller may read who works where: only then do affiliations count for activeOn. */
    private readonly personal = false,
  ) {}

  /**
   * By global id (of the expected type), by slug, or by external identifier; null when there
   * is none. An id merged away, and an identifier that moved with a merge, find the kept record.
   */
  async get(
    type: EntityType,
    ref: { id?: string | null; slug?: string | null; identifier?: Identifier | null },
  ): Promise<EntityRecord | null> {
    const given = [
      ref.id ? 'id' : null,
      ref.slug ? 'slug' : null,
      ref.identifier ? 'identifier' : null,
    ].filter((g): g is string => g !== null);
    if (given.length !== 1) {
      throw badInput(
        `Give exactly one of "id", "slug" or "identifier" to look up ${withArticle(type)}; you gave ${given.length ? given.join(' and ') : 'none'}.`,
        (given.length ? given : ['id', 'slug', 'identifier']).map((field) => ({
          field,
          problem: 'give exactly one of id, slug, identifier',
        })),
      );
    }
    if (ref.id) return readEntity(this.loaders, entityRef(ref.id, type));
    if (ref.identifier) return this.byIdentifier(type, ref.identifier);
    const [found] = await this.db.read(
      (tx) => entityRepository.getBySlugs(tx, type, [ref.slug!]),
      this.meter,
    );
    return found ?? null;
  }

  private async byIdentifier(
    type: EntityType,
    identifier: Identifier,
  ): Promise<EntityRecord | null> {
    const { key } = normalIdentifier(identifier);
    const owners = await this.db.read(
      (tx) => entityRepository.getByIdentifier(tx, type, key),
      this.meter,
    );
    if (owners.length > 1) {
      throw conflict(
        `Identifier ${key} belongs to more than one ${type} (${owners.map((o) => `"${o.slug}"`).join(', ')}). They are probably duplicates: merge them, or correct the identifier of one; until then look them up by slug.`,
      );
    }
    const [found] = owners;
    if (found) this.loaders.entity.prime(found.key, found);
    return found ?? null;
  }

  /** Any entity by global id (node(id)); null for an unknown or deleted one. */
  async byGlobalId(id: string): Promise<EntityRecord | null> {
    const parsed = fromGlobalId(id);
    if (!parsed || !isEntityType(parsed.kind)) return null;
    return readEntity(this.loaders, { type: parsed.kind, key: parsed.key, id });
  }

  private async filter(where: EntityWhere | null | undefined): Promise<EntityFilter> {
    const w = where ?? {};
    // A forum's merged-away id reads as the forum that absorbed it; an unknown one matches nothing.
    const forum = w.forum ? entityRef(w.forum, EntityType.Forum, 'where.forum') : null;
    const forumKey = forum ? ((await readEntity(this.loaders, forum))?.key ?? forum.key) : null;
    return {
      prefix: w.namePrefix ? sortName(w.namePrefix) : '',
      kinds: w.kinds?.length ? w.kinds : null,
      countries: w.countries?.length ? w.countries.map((c) => c.toUpperCase()) : null,
      forum: forumKey,
      activeStart: w.activeOn ? periodStart(w.activeOn) : null,
      activeEnd: w.activeOn ? periodEnd(w.activeOn) : null,
      personal: this.personal,
    };
  }

  async list(
    type: EntityType,
    where: EntityWhere | null | undefined,
    order: EntityOrder | null | undefined,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<EntityRecord>> {
    const limit = pageSize(first);
    const sortKey = SORT_FIELDS[order?.field ?? 'NAME'];
    const descending = order?.direction === 'DESC';
    const filter = await this.filter(where);
    let cursor: { value: string; key: string } | null = null;
    if (after) {
      const [value, key] = decodeCursor(after, 2);
      if (typeof value !== 'string' || typeof key !== 'string')
        throw badInput('"after" is not a cursor of this list.');
      cursor = { value, key };
    }
    const { items, total } = await this.db.read(async (tx) => {
      const items = await entityRepository.list(tx, type, filter, {
        sortKey,
        descending,
        limit: limit + 1,
        after: cursor,
      });
      const total = await entityRepository.count(tx, type, filter);
      return { items, total };
    }, this.meter);
    const page = items.slice(0, limit);
    for (const e of page) this.loaders.entity.prime(e.key, e);
    const sortValue = (e: EntityRecord) => (sortKey === 'sortName' ? sortName(e.name) : e[sortKey]);
    return {
      items: page,
      totalCount: total,
      hasNextPage: items.length > limit,
      cursors: page.map((e) => encodeCursor([sortValue(e), e.key])),
    };
  }

  private props(
    type: EntityType,
    input: EntityInput,
    current: EntityRecord | null,
    now: string,
  ): Row {
    const out: Row = { updatedAt: now };
    const allowed = ENTITY_PROPS[type];
    for (const [k, v] of Object.entries(input.props)) {
      if (v === undefined) continue;
      if (!allowed.includes(k))
        throw badInput(`${withArticle(type, true)} has no property "${k}".`);
      out[k] = Array.isArray(v)
        ? cleanList(v as string[])
        : typeof v === 'string'
          ? v.trim() || null
          : v;
    }
    if (input.name !== undefined) out.name = input.name.trim().replace(/\s+/g, ' ');
    if (input.sources !== undefined) out.sourcesJson = JSON.stringify(input.sources ?? []);
    if (input.slug !== undefined) out.slug = input.slug;
    const name = (out.name as string | undefined) ?? current?.name ?? '';
    // One spelling once, and never the name itself (the import stores aliases the same way).
    if (input.aliases !== undefined) out.aliases = distinctAliases(input.aliases ?? [], name);
    const aliases = (out.aliases as string[] | undefined) ?? current?.aliases ?? [];
    const acronym = 'acronym' in out ? out.acronym : current?.acronym;
    out.sortName = sortName(name);
    out.searchText = searchText(name, acronym, aliases);
    const start = ('startDate' in out ? out.startDate : current?.startDate) as
      string | null | undefined;
    const end = ('endDate' in out ? out.endDate : current?.endDate) as string | null | undefined;
    checkEventDates(start, end);
    return out;
  }

  /** The CONFLICT for identifiers another entity carries, in the order the input gave them. */
  /**
   * How entity/add and entity/change go out. Both write only when every check passes, except
   * that locking given identifiers creates the new ones before the checks (entity/_identifiers-taken):
   * without identifiers the query is one auto-commit round trip (Database.writeAlone); with them a
   * transaction, so that a failed check rolls those back.
   */
  private oneWrite(withIdentifiers: boolean): <T>(work: (tx: Tx) => Promise<T>) => Promise<T> {
    return withIdentifiers
      ? (work) => this.db.write(work, this.meter)
      : (work) => this.db.writeAlone(work, this.meter);
  }

  private identifiersTaken(writes: IdentifierWrite[], taken: readonly string[]): AppError {
    const keys = new Set(taken);
    const named = writes.filter((w) => keys.has(w.key));
    return conflict(
      `Identifier ${named.map((t) => t.key).join(', ')} already belongs to another entity. If they are the same, merge them; otherwise correct the identifier.`,
    );
  }

  /** The error for an entity a write may not use (entity/_writable), as lockWritable gives it. */
  private unwritable(ref: EntityRef, bad: BadEnd): AppError {
    if (bad?.problem === 'merged' && bad.into)
      return mergedAway(ref.type, ref.id, toGlobalId(ref.type, bad.into));
    return notFound(ref.type, ref.id);
  }

  /**
   * One round trip (entity/add): the slug, the identifiers (locked, then checked: the database
   * cannot hold this rule as a constraint, since imports may share an identifier with a
   * warning), the entity and its history; a failed check writes nothing.
   */
  async create(type: EntityType, input: EntityInput): Promise<EntityRecord> {
    const slug = slugOfNew(input);
    const now = new Date().toISOString();
    const props: Row = {
      ...this.props(
        type,
        { ...input, slug, aliases: input.aliases ?? [], sources: input.sources ?? [] },
        null,
        now,
      ),
      id: crypto.randomUUID(),
      createdAt: now,
      version: 1,
    };
    const identifiers = sortedIdentifiers(identifierWrites(input.identifiers ?? []));
    // The entity as the write stores it (null properties are not stored), for its history.
    const stored: Row = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null));
    const expected = toEntity({
      node: stored,
      type,
      identifiers: identifiers.map(({ scheme, value }) => ({ scheme, value })),
    });
    const created = await this.oneWrite(identifiers.length > 0)(async (tx) => {
      const change = changeProps(
        this.source,
        {
          action: 'CREATE',
          targetKind: type,
          targetKey: expected.key,
          before: null,
          after: entitySnapshot(expected),
        },
        now,
      );
      const result = await entityRepository.add(tx, type, { props, identifiers, change });
      if (result.status === 'slug')
        throw conflict(
          `${withArticle(type, true)} with slug "${slug}" already exists (${result.clash}). Choose another slug, or update that one.`,
        );
      if (result.status === 'identifier') throw this.identifiersTaken(identifiers, result.taken);
      if (!result.entity) throw new Error('entity/add answered ok without the entity');
      return result.entity;
    });
    this.loaders.entity.prime(created.key, created);
    return created;
  }

  /**
   * One round trip (entity/change): the lock (a merged id is refused), the version, the slug,
   * the identifiers, the input, the dates, then the write and its history.
   */
  async update(
    type: EntityType,
    id: string,
    expectedVersion: number | null | undefined,
    input: EntityInput,
  ): Promise<EntityRecord> {
    const ref = entityRef(id, type);
    const { key } = ref;
    checkNameAndSlug(input);
    const identifiers =
      input.identifiers === undefined
        ? null
        : sortedIdentifiers(identifierWrites(input.identifiers ?? []));
    const now = new Date().toISOString();
    const written = this.writtenProps(type, input, now);
    const updated = await this.oneWrite(identifiers !== null && identifiers.length > 0)(
      async (tx) => {
        const change = changeProps(
          this.source,
          { action: 'UPDATE', targetKind: type, targetKey: key, before: null, after: null },
          now,
        );
        const result = await entityRepository.change(tx, type, {
          key,
          globalId: toGlobalId(type, key),
          ends: [{ key, type }],
          expectedVersion: expectedVersion ?? null,
          inputError: written.inputError !== null,
          props: written.props,
          aliasesByKey: written.aliasesByKey,
          identifiers,
          change,
        });
        switch (result.status) {
          case 'missing':
          case 'merged':
            throw this.unwritable(ref, result.bad);
          case 'version':
            throw new AppError(
              ErrorCode.CONFLICT,
              `This ${type} changed since you read it (version ${result.currentVersion}, you sent ${expectedVersion}). Read it again and re-apply your change.`,
              {
                currentVersion: result.currentVersion,
              },
            );
          case 'slug':
            throw conflict(
              `${withArticle(type, true)} with slug "${input.slug}" already exists (${result.clash}).`,
            );
          case 'identifier':
            throw this.identifiersTaken(identifiers ?? [], result.taken);
          case 'input':
            throw written.inputError!;
          case 'dates':
            throw badInput(
              `endDate (${result.endDate}) is before startDate (${result.startDate}). Swap them or correct one.`,
              [{ field: 'endDate', problem: 'before startDate' }],
            );
          default:
            if (!result.entity) throw new Error('entity/change answered ok without the entity');
            return result.entity;
        }
      },
    );
    this.loaders.entity.clear(key).prime(key, updated);
    return updated;
  }

  /**
   * What an update writes, as `props` works it out but without the stored entity: the sort name
   * when the name changes; aliases against the new name, or (when the name stays) each with its
   * aliasKey so the query drops the one that is the stored name; the search text and the date
   * check are the query's, from what is stored. An invalid property is the error to give once
   * the entity is known to exist.
   */
  private writtenProps(
    type: EntityType,
    input: EntityInput,
    now: string,
  ): { props: Row; aliasesByKey: Array<[string, string]> | null; inputError: AppError | null } {
    const out: Row = { updatedAt: now };
    let inputError: AppError | null = null;
    const allowed = ENTITY_PROPS[type];
    for (const [k, v] of Object.entries(input.props)) {
      if (v === undefined) continue;
      if (!allowed.includes(k)) {
        inputError ??= badInput(`${withArticle(type, true)} has no property "${k}".`);
        continue;
      }
      out[k] = Array.isArray(v)
        ? cleanList(v as string[])
        : typeof v === 'string'
          ? v.trim() || null
          : v;
    }
    if (input.name !== undefined) {
      out.name = input.name.trim().replace(/\s+/g, ' ');
      out.sortName = sortName(out.name as string);
    }
    if (input.sources !== undefined) out.sourcesJson = JSON.stringify(input.sources ?? []);
    if (input.slug !== undefined) out.slug = input.slug;
    let aliasesByKey: Array<[string, string]> | null = null;
    if (input.aliases !== undefined) {
      if (out.name !== undefined)
        out.aliases = distinctAliases(input.aliases ?? [], out.name as string);
      else aliasesByKey = distinctAliases(input.aliases ?? []).map((a) => [a, aliasKey(a)]);
    }
    return { props: out, aliasesByKey, inputError };
  }

  /**
   * Deletes an entity; one that still has ties is kept unless detach is true. One round trip
   * (entity/remove): the lock, the ties, the history and the delete.
   */
  async delete(
    type: EntityType,
    id: string,
    detach: boolean,
  ): Promise<{ id: string; removedTies: number }> {
    const ref = entityRef(id, type);
    const { key } = ref;
    const removedTies = await this.db.write(async (tx) => {
      const change = changeProps(this.source, {
        action: 'DELETE',
        targetKind: type,
        targetKey: key,
        before: null,
        after: null,
      });
      const result = await entityRepository.remove(tx, type, {
        key,
        globalId: toGlobalId(type, key),
        ends: [{ key, type }],
        detach,
        change,
      });
      if (result.status === 'missing' || result.status === 'merged')
        throw this.unwritable(ref, result.bad);
      if (result.status === 'ties')
        throw conflict(
          `This ${type} still has ${result.ties} tie(s). Remove them first, or pass detach: true to delete them with it.`,
        );
      return result.ties;
    }, this.meter);
    this.loaders.entity.clear(key);
    return { id, removedTies };
  }
}
