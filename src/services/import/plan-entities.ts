/**
 * Plans a batch of entity rows: finds each row's entity (by slug, else by its key
 * identifier), and decides whether to create it, change it (only what differs) or leave
 * it alone. Reads only; the import service writes the plan in the same transaction.
 */
import crypto from 'node:crypto';
import { groupBy, unionBy } from '../../collections';
import { untilBeforeSince } from '../../domain/dates';
import { toGlobalId } from '../../domain/ids';
import { EntityType, Identifier, Source, withArticle } from '../../domain/model';
import type { EntityRecord } from '../../domain/records';
import { searchText, slugify, sortName } from '../../domain/text';
import type { Row, Tx } from '../../graph/database';
import { IdentifierWrite, entityRepository } from '../../graph/entity.repository';
import { importRepository } from '../../graph/import.repository';
import type { RunState } from './state';
import type { EntityDraft, ImportProblem } from './types';

export interface EntityPlan {
  draft: EntityDraft;
  action: 'CREATE' | 'UPDATE' | 'UNCHANGED';
  key: string;
  before: EntityRecord | null;
  after: EntityRecord;
  /** Create: every stored property. Update: the changed ones (null removes). */
  props: Row;
  /** The identifiers to carry from now on; null leaves them as they are. */
  identifiers: IdentifierWrite[] | null;
}

export interface Planned<P> {
  items: P[];
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

const identKey = (i: Identifier) => `${i.scheme}:${i.value}`;
const normSources = (s: Source[]) =>
  s.map((x) => ({
    title: x.title,
    url: x.url ?? null,
    date: x.date ?? null,
    quote: x.quote ?? null,
  }));
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Slugs to try for a new entity without one: the derived slug, then -2 ... -9. */
function candidates(base: string): string[] {
  const b = base.slice(0, 76).replace(/-+$/, '');
  return b ? [b, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${b}-${n}`)] : [];
}

function baseSlug(d: EntityDraft): string {
  return slugify(d.slugHint ?? d.fields.name ?? '');
}

/** Every identifier a batch of entity rows names, once each. */
export function batchIdentifiers(drafts: EntityDraft[]): IdentifierWrite[] {
  const out = new Map<string, IdentifierWrite>();
  for (const d of drafts)
    for (const i of d.fields.identifiers ?? [])
      out.set(identKey(i), { key: identKey(i), scheme: i.scheme, value: i.value });
  return [...out.values()];
}

/**
 * Plans a batch of entity rows. With `lock` (a batch that will be written), the batch's
 * identifiers are write-locked before their owners are read, as the API's create and update do:
 * a parallel createOrganisation with one of them runs before or after this batch, and the one
 * that comes second sees the first's owner. Locking creates identifiers that are new: a batch
 * that is then not written must drop them (importRepository.dropUnusedIdentifiers).
 */
export async function planEntities(
  tx: Tx,
  drafts: EntityDraft[],
  state: RunState,
  now: string,
  lock = false,
): Promise<Planned<EntityPlan>> {
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const bad = (d: EntityDraft, column: string | null, reason: string) =>
    problems.push({ ...d.place, column, reason });

  // 1. Everything the batch may need from the database, in a few queries.
  const slugsByType = new Map<EntityType, Set<string>>();
  for (const d of drafts) {
    const set = slugsByType.get(d.type) ?? new Set<string>();
    if (d.slug) set.add(d.slug);
    else for (const c of candidates(baseSlug(d))) set.add(c);
    slugsByType.set(d.type, set);
  }
  const dbBySlug = new Map<string, EntityRecord>();
  for (const [type, slugs] of slugsByType) {
    for (const e of await entityRepository.getBySlugs(tx, type, [...slugs]))
      dbBySlug.set(`${type}:${e.slug}`, e);
  }
  const idents = [...new Set(drafts.flatMap((d) => (d.fields.identifiers ?? []).map(identKey)))];
  if (lock) await entityRepository.lockIdentifiers(tx, batchIdentifiers(drafts));
  const owners = groupBy(await importRepository.identifierOwners(tx, idents), (o) => o.key);
  const known = new Map<string, EntityRecord>([...dbBySlug.values()].map((e) => [e.key, e]));
  // Rows naming a record a merge absorbed (by its old slug, or by an identifier the merge moved):
  // they are the kept record's now, and must not bring the merged-away record back.
  const absorbedSlugs = new Map<string, string>();
  const unknownSlugs = groupBy(
    drafts.filter((d) => d.slug && !dbBySlug.has(`${d.type}:${d.slug}`)),
    (d) => d.type,
  );
  for (const [type, group] of unknownSlugs) {
    for (const [slug, keep] of await importRepository.mergedSlugs(tx, type, [
      ...new Set(group.map((d) => d.slug!)),
    ]))
      absorbedSlugs.set(`${type}:${slug}`, keep);
  }
  const missing = [
    ...new Set([...[...owners.values()].flat().map((o) => o.owner), ...absorbedSlugs.values()]),
  ].filter((k) => !known.has(k) && !state.entities.has(k));
  for (const e of missing.length ? await entityRepository.getByKeys(tx, missing) : [])
    known.set(e.key, e);
  const absorbers = await importRepository.absorbers(tx, [...known.keys()]);
  const record = (key: string) => state.entities.get(key) ?? known.get(key) ?? null;
  const findSlug = (type: EntityType, slug: string) =>
    state.bySlug(type, slug) ??
    (dbBySlug.has(`${type}:${slug}`) ? record(dbBySlug.get(`${type}:${slug}`)!.key) : null);
  const claimedIdents = new Map<string, Set<string>>();
  const ownersOf = (k: string): EntityRecord[] => {
    const keys = new Set([
      ...(owners.get(k) ?? []).map((o) => o.owner),
      ...state.byIdentifier(k).map((e) => e.key),
      ...(claimedIdents.get(k) ?? []),
    ]);
    return [...keys]
      .map(record)
      .filter((e): e is EntityRecord => e !== null && e.identifiers.some((i) => identKey(i) === k));
  };
  const absorbedInto = (d: EntityDraft): EntityRecord | null => {
    if (d.slug) {
      if (findSlug(d.type, d.slug)) return null;
      const keep = absorbedSlugs.get(`${d.type}:${d.slug}`);
      return keep ? record(keep) : null;
    }
    if (!d.keyIdentifier) return null;
    const moved = (owners.get(d.keyIdentifier) ?? []).find(
      (o) => o.type === d.type && o.mergedFrom,
    );
    return moved ? record(moved.owner) : null;
  };
  const claimedSlugs = new Set<string>();
  const batchSeen = new Map<string, EntityDraft>();
  const items: EntityPlan[] = [];

  for (const d of drafts) {
    // 2. A record may be given once per import.
    const rowKey = d.slug ? `${d.type}:slug:${d.slug}` : `ident:${d.keyIdentifier}`;
    const earlier = state.seen.get(rowKey) ?? batchSeen.get(rowKey)?.place;
    if (earlier) {
      bad(
        d,
        d.slug ? d.columns.slug : d.columns.identifiers,
        `this record was already given in ${earlier.file}, row ${earlier.row}; give each record once per import`,
      );
      continue;
    }
    batchSeen.set(rowKey, d);

    // 3. A record a merge absorbed: the row is the kept record's now, and is not applied.
    const absorbedBy = absorbedInto(d);
    if (absorbedBy) {
      warnings.push({
        ...d.place,
        column: d.slug ? d.columns.slug : d.columns.identifiers,
        reason: `this ${d.type} was merged into "${absorbedBy.slug}"; the row is not applied, so the merge is not undone: change "${absorbedBy.slug}" instead, or leave the row out`,
      });
      items.push({
        draft: d,
        action: 'UNCHANGED',
        key: absorbedBy.key,
        before: absorbedBy,
        after: absorbedBy,
        props: {},
        identifiers: null,
      });
      continue;
    }

    // 4. Find it: by slug, else by its first identifier.
    let existing = d.slug ? findSlug(d.type, d.slug) : null;
    if (!existing && d.keyIdentifier) {
      const all = ownersOf(d.keyIdentifier);
      const mine = all.filter((e) => e.type === d.type);
      if (all.length && !mine.length) {
        bad(
          d,
          d.columns.identifiers,
          `${d.keyIdentifier} identifies ${withArticle(all[0].type)} ("${all[0].slug}"), not ${withArticle(d.type)}; correct the identifier or the file`,
        );
        continue;
      }
      if (mine.length > 1) {
        bad(
          d,
          d.columns.identifiers,
          `${d.keyIdentifier} is carried by ${mine.length} ${d.type} records (${mine.map((e) => e.slug).join(', ')}); give a slug to say which one this row is`,
        );
        continue;
      }
      existing = mine[0] ?? null;
    }
    if (existing && claimedSlugs.has(`${d.type}:${existing.slug}`)) {
      bad(
        d,
        d.slug ? d.columns.slug : d.columns.identifiers,
        `another row of this batch already gives this ${d.type} ("${existing.slug}"); give each record once`,
      );
      continue;
    }
    if (d.slug && existing && existing.slug !== d.slug && findSlug(d.type, d.slug)) {
      bad(
        d,
        d.columns.slug,
        `the slug "${d.slug}" belongs to another ${d.type}; choose another slug`,
      );
      continue;
    }
    if (!existing && !d.fields.name) {
      bad(d, d.columns.name, `no ${d.type} has this key yet, and a new one needs a name`);
      continue;
    }

    // 5. New: pick its slug. Existing: keep only what differs.
    const key = existing?.key ?? crypto.randomUUID();
    let slug = d.slug ?? existing?.slug ?? null;
    if (!slug) {
      const free = candidates(baseSlug(d)).find(
        (c) => !findSlug(d.type, c) && !claimedSlugs.has(`${d.type}:${c}`),
      );
      slug = free ?? `${d.type.toLowerCase()}-${key.slice(0, 8)}`;
    }
    claimedSlugs.add(`${d.type}:${slug}`);
    const plan = existing
      ? diff(absorbers.has(existing.key) ? keepingTakenOver(d, existing) : d, existing, slug, now)
      : create(d, key, slug, now);
    const start = plan.after.startDate as string | null | undefined;
    const end = plan.after.endDate as string | null | undefined;
    if (untilBeforeSince(start, end)) {
      bad(
        d,
        'endDate',
        `endDate (${end}) would be before startDate (${start}); swap them or correct one`,
      );
      continue;
    }
    for (const i of d.fields.identifiers ?? []) {
      const k = identKey(i);
      for (const other of ownersOf(k).filter((e) => e.key !== key)) {
        warnings.push({
          ...d.place,
          column: d.columns.identifiers,
          reason: `${k} also identifies ${withArticle(other.type)} ("${other.slug}"): if they are the same, merge them`,
        });
      }
      claimedIdents.set(k, new Set([...(claimedIdents.get(k) ?? []), key]));
    }
    known.set(key, plan.after);
    items.push(plan);
  }
  return { items, problems, warnings };
}

/**
 * A row's values replace the record's; but a record that absorbed others in merges keeps what it
 * took over (the register lists those under the merged-away records, and dropping them would undo
 * the merge): for it, a row adds to its lists (names, sources, identifiers, countries) and sets
 * values, but removes and clears nothing.
 */
function keepingTakenOver(d: EntityDraft, before: EntityRecord): EntityDraft {
  const f = d.fields;
  const union = <T>(mine: T[], given: T[] | undefined, key: (x: T) => string): T[] | undefined =>
    given === undefined ? undefined : unionBy(mine, given, key);
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f.props)) {
    const had = before[k];
    if (Array.isArray(had) && (Array.isArray(v) || v === null))
      props[k] = union(had as unknown[], (v as unknown[] | null) ?? [], (x) => JSON.stringify(x));
    else if ((v === null || v === '') && had !== null && had !== undefined && had !== '') continue;
    else props[k] = v;
  }
  return {
    ...d,
    fields: {
      ...f,
      props,
      aliases: union(before.aliases, f.aliases, (a) => a),
      sources: union(
        normSources(before.sources),
        f.sources === undefined ? undefined : normSources(f.sources),
        (s) => JSON.stringify(s),
      ),
      identifiers: union(before.identifiers, f.identifiers ?? undefined, identKey),
    },
  };
}

/** The stored form of a row's type-specific properties (lists cleaned, empty text cleared). */
function storedProps(d: EntityDraft): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(d.fields.props)) {
    if (v === undefined) continue;
    out[k] = k === 'countries' ? (v ?? []) : v;
  }
  return out;
}

function create(d: EntityDraft, key: string, slug: string, now: string): EntityPlan {
  const f = d.fields;
  const name = f.name!;
  const aliases = f.aliases ?? [];
  const sources = normSources(f.sources ?? []);
  const own = Object.fromEntries(Object.entries(storedProps(d)).filter(([, v]) => v !== null));
  const props: Row = {
    ...own,
    id: key,
    slug,
    name,
    aliases,
    sourcesJson: JSON.stringify(sources),
    sortName: sortName(name),
    searchText: searchText(name, own.acronym, aliases),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const identifiers = (f.identifiers ?? []).map((i) => ({ key: identKey(i), ...i }));
  const after: EntityRecord = {
    ...(d.type === EntityType.Organisation ? { countries: [] } : {}),
    ...own,
    type: d.type,
    key,
    id: toGlobalId(d.type, key),
    slug,
    name,
    aliases,
    sources,
    identifiers: sortIdentifiers(f.identifiers ?? []),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return { draft: d, action: 'CREATE', key, before: null, after, props, identifiers };
}

function sortIdentifiers(list: Identifier[]): Identifier[] {
  return list
    .map((i) => ({ scheme: i.scheme, value: i.value }))
    .sort((a, b) => identKey(a).localeCompare(identKey(b)));
}

function diff(d: EntityDraft, before: EntityRecord, slug: string, now: string): EntityPlan {
  const f = d.fields;
  const props: Row = {};
  const after: EntityRecord = { ...before };
  if (slug !== before.slug) props.slug = after.slug = slug;
  if (f.name !== undefined && f.name !== before.name) props.name = after.name = f.name;
  if (f.aliases !== undefined && !same(f.aliases, before.aliases))
    props.aliases = after.aliases = f.aliases;
  if (f.sources !== undefined && !same(normSources(f.sources), normSources(before.sources))) {
    after.sources = normSources(f.sources);
    props.sourcesJson = JSON.stringify(after.sources);
  }
  for (const [k, v] of Object.entries(storedProps(d))) {
    const current = k === 'countries' ? (before[k] ?? []) : (before[k] ?? null);
    if (same(v, current)) continue;
    props[k] = v;
    if (v === null) delete after[k];
    else after[k] = v;
  }
  let identifiers: IdentifierWrite[] | null = null;
  if (
    f.identifiers !== undefined &&
    !same(sortIdentifiers(f.identifiers), sortIdentifiers(before.identifiers))
  ) {
    identifiers = f.identifiers.map((i) => ({ key: identKey(i), ...i }));
    after.identifiers = sortIdentifiers(f.identifiers);
  }
  const changed = Object.keys(props).length > 0 || identifiers !== null;
  if (!changed)
    return {
      draft: d,
      action: 'UNCHANGED',
      key: before.key,
      before,
      after: before,
      props: {},
      identifiers: null,
    };
  if ('name' in props || 'aliases' in props || 'acronym' in props) {
    props.sortName = sortName(after.name);
    props.searchText = searchText(after.name, after.acronym, after.aliases);
  }
  props.updatedAt = after.updatedAt = now;
  after.version = before.version + 1;
  return { draft: d, action: 'UPDATE', key: before.key, before, after, props, identifiers };
}
