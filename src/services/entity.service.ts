/**
 * Entities: the rules of reading and writing organisations, people, fora, events,
 * instruments and topics (slugs, identifiers, versions, deletion with ties). One
 * mutation is one write transaction.
 */
import crypto from 'node:crypto';
import { periodEnd, periodStart, untilBeforeSince } from '../domain/dates';
import { fromGlobalId, isEntityType } from '../domain/ids';
import { entityRef, lockWritable, readEntity } from './entity-ids';
import type { EntityInput, EntityOrder, EntityWhere } from '../domain/inputs';
import { EntityType, Identifier, SortKey, withArticle } from '../domain/model';
import { ENTITY_PROPS, EntityRecord, Page, entitySnapshot } from '../domain/records';
import { SLUG, distinctAliases, fold, searchText, slugify, sortName } from '../domain/text';
import { AppError, ErrorCode, badInput, conflict } from '../errors';
import type { Database, QueryMeter, Row, Tx } from '../graph/database';
import { EntityFilter, IdentifierWrite, entityRepository } from '../graph/entity.repository';
import { ChangeSource, historyRepository } from '../graph/history.repository';
import type { Loaders } from '../loaders';
import { decodeCursor, encodeCursor, pageSize } from './paging';

const SORT_FIELDS: Record<EntityOrder['field'], SortKey> = { NAME: 'sortName', CREATED_AT: 'createdAt', UPDATED_AT: 'updatedAt' };

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
  async get(type: EntityType, ref: { id?: string | null; slug?: string | null; identifier?: Identifier | null }): Promise<EntityRecord | null> {
    const given = [ref.id ? 'id' : null, ref.slug ? 'slug' : null, ref.identifier ? 'identifier' : null].filter((g): g is string => g !== null);
    if (given.length !== 1) {
      throw badInput(
        `Give exactly one of "id", "slug" or "identifier" to look up ${withArticle(type)}; you gave ${given.length ? given.join(' and ') : 'none'}.`,
        (given.length ? given : ['id', 'slug', 'identifier']).map((field) => ({ field, problem: 'give exactly one of id, slug, identifier' })),
      );
    }
    if (ref.id) return readEntity(this.loaders, entityRef(ref.id, type));
    if (ref.identifier) return this.byIdentifier(type, ref.identifier);
    const [found] = await this.db.read((tx) => entityRepository.getBySlugs(tx, type, [ref.slug!]), this.meter);
    return found ?? null;
  }

  private async byIdentifier(type: EntityType, identifier: Identifier): Promise<EntityRecord | null> {
    const { key } = normalIdentifier(identifier);
    const owners = await this.db.read((tx) => entityRepository.getByIdentifier(tx, type, key), this.meter);
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

  async list(type: EntityType, where: EntityWhere | null | undefined, order: EntityOrder | null | undefined, first?: number | null, after?: string | null): Promise<Page<EntityRecord>> {
    const limit = pageSize(first);
    const sortKey = SORT_FIELDS[order?.field ?? 'NAME'];
    const descending = order?.direction === 'DESC';
    const filter = await this.filter(where);
    let cursor: { value: string; key: string } | null = null;
    if (after) {
      const [value, key] = decodeCursor(after, 2);
      if (typeof value !== 'string' || typeof key !== 'string') throw badInput('"after" is not a cursor of this list.');
      cursor = { value, key };
    }
    const { items, total } = await this.db.read(async (tx) => {
      const items = await entityRepository.list(tx, type, filter, { sortKey, descending, limit: limit + 1, after: cursor });
      const total = await entityRepository.count(tx, type, filter);
      return { items, total };
    }, this.meter);
    const page = items.slice(0, limit);
    for (const e of page) this.loaders.entity.prime(e.key, e);
    const sortValue = (e: EntityRecord) => (sortKey === 'sortName' ? sortName(e.name) : (e[sortKey]));
    return { items: page, totalCount: total, hasNextPage: items.length > limit, cursors: page.map((e) => encodeCursor([sortValue(e), e.key])) };
  }

  private props(type: EntityType, input: EntityInput, current: EntityRecord | null, now: string): Row {
    const out: Row = { updatedAt: now };
    const allowed = ENTITY_PROPS[type];
    for (const [k, v] of Object.entries(input.props)) {
      if (v === undefined) continue;
      if (!allowed.includes(k)) throw badInput(`${withArticle(type, true)} has no property "${k}".`);
      out[k] = Array.isArray(v) ? cleanList(v as string[]) : typeof v === 'string' ? v.trim() || null : v;
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
    const start = ('startDate' in out ? out.startDate : current?.startDate) as string | null | undefined;
    const end = ('endDate' in out ? out.endDate : current?.endDate) as string | null | undefined;
    if (untilBeforeSince(start, end)) {
      throw badInput(`endDate (${end}) is before startDate (${start}). Swap them or correct one.`, [{ field: 'endDate', problem: 'before startDate' }]);
    }
    return out;
  }

  /**
   * Refuses identifiers that another entity carries. The identifiers are write-locked first, so
   * under concurrency the check sees what a writer that got there first committed (the database
   * cannot hold this rule as a constraint: imports may share an identifier, with a warning).
   */
  private async checkIdentifiers(tx: Tx, writes: IdentifierWrite[], self: string | null): Promise<void> {
    await entityRepository.lockIdentifiers(tx, writes);
    const owners = await entityRepository.identifierOwners(tx, writes.map((w) => w.key));
    const taken = writes.filter((w) => owners.has(w.key) && owners.get(w.key) !== self);
    if (taken.length) {
      throw conflict(`Identifier ${taken.map((t) => t.key).join(', ')} already belongs to another entity. If they are the same, merge them; otherwise correct the identifier.`);
    }
  }

  async create(type: EntityType, input: EntityInput): Promise<EntityRecord> {
    const name = (input.name ?? '').trim();
    const slug = input.slug ?? slugify(name);
    if (!SLUG.test(slug)) {
      throw badInput(`Cannot derive a slug from "${name}". Give a slug of lower-case letters, digits and hyphens.`, [{ field: 'slug', problem: 'required: no letters or digits in the name' }]);
    }
    const now = new Date().toISOString();
    const props: Row = {
      ...this.props(type, { ...input, slug, aliases: input.aliases ?? [], sources: input.sources ?? [] }, null, now),
      id: crypto.randomUUID(),
      createdAt: now,
      version: 1,
    };
    const identifiers = identifierWrites(input.identifiers ?? []);
    const created = await this.db.write(async (tx) => {
      const [existing] = await entityRepository.getBySlugs(tx, type, [slug]);
      if (existing) throw conflict(`${withArticle(type, true)} with slug "${slug}" already exists (${existing.name}). Choose another slug, or update that one.`);
      await this.checkIdentifiers(tx, identifiers, null);
      const created = await entityRepository.create(tx, type, props, identifiers);
      await historyRepository.record(tx, this.source, [{ action: 'CREATE', targetKind: type, targetKey: created.key, before: null, after: entitySnapshot(created) }]);
      return created;
    }, this.meter);
    this.loaders.entity.prime(created.key, created);
    return created;
  }

  async update(type: EntityType, id: string, expectedVersion: number | null | undefined, input: EntityInput): Promise<EntityRecord> {
    const ref = entityRef(id, type);
    const { key } = ref;
    // A name and a slug can change but not go: slug: null stored an entity without one (SLUG.test(null) tests "null"), name: null crashed.
    if (input.name === null) throw badInput('An entity always has a name: give a new one, or leave name out to keep the current one.', [{ field: 'name', problem: 'cannot be null' }]);
    if (input.slug === null) throw badInput('An entity always has a slug: give a new one, or leave slug out to keep the current one.', [{ field: 'slug', problem: 'cannot be null' }]);
    if (input.slug !== undefined && !SLUG.test(input.slug)) throw badInput('A slug is lower-case letters, digits and hyphens.', [{ field: 'slug', problem: 'invalid' }]);
    const identifiers = input.identifiers === undefined ? null : identifierWrites(input.identifiers ?? []);
    const updated = await this.db.write(async (tx) => {
      const version = await lockWritable(tx, ref);
      if (expectedVersion !== null && expectedVersion !== undefined && version !== expectedVersion) {
        throw new AppError(ErrorCode.CONFLICT, `This ${type} changed since you read it (version ${version}, you sent ${expectedVersion}). Read it again and re-apply your change.`, { currentVersion: version });
      }
      const [current] = await entityRepository.getByKeys(tx, [key]);
      if (input.slug !== undefined && input.slug !== current.slug) {
        const [clash] = await entityRepository.getBySlugs(tx, type, [input.slug]);
        if (clash) throw conflict(`${withArticle(type, true)} with slug "${input.slug}" already exists (${clash.name}).`);
      }
      if (identifiers) await this.checkIdentifiers(tx, identifiers, key);
      const updated = await entityRepository.update(tx, type, key, this.props(type, input, current, new Date().toISOString()), identifiers);
      await historyRepository.record(tx, this.source, [{ action: 'UPDATE', targetKind: type, targetKey: key, before: entitySnapshot(current), after: entitySnapshot(updated) }]);
      return updated;
    }, this.meter);
    this.loaders.entity.clear(key).prime(key, updated);
    return updated;
  }

  /** Deletes an entity; one that still has ties is kept unless detach is true. */
  async delete(type: EntityType, id: string, detach: boolean): Promise<{ id: string; removedTies: number }> {
    const ref = entityRef(id, type);
    const { key } = ref;
    const removedTies = await this.db.write(async (tx) => {
      await lockWritable(tx, ref);
      const ties = await entityRepository.tieCount(tx, key);
      if (ties > 0 && !detach) {
        throw conflict(`This ${type} still has ${ties} tie(s). Remove them first, or pass detach: true to delete them with it.`);
      }
      const [current] = await entityRepository.getByKeys(tx, [key]);
      await entityRepository.delete(tx, type, key);
      await historyRepository.record(tx, this.source, [
        { action: 'DELETE', targetKind: type, targetKey: key, before: entitySnapshot(current), after: null, note: ties ? `deleted with ${ties} tie(s)` : null },
      ]);
      return ties;
    }, this.meter);
    this.loaders.entity.clear(key);
    return { id, removedTies };
  }
}
