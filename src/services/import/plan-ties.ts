/**
 * Plans a batch of tie rows: resolves both ends (and onBehalfOf) by slug, id or identifier,
 * checks that the tie may join them, finds the tie already recording the same fact (same
 * type, ends, role and since; or the tie the row names by id) and decides: create, change
 * what differs, or leave alone. Reads only.
 */
import crypto from 'node:crypto';
import { groupBy } from '../../collections';
import { periodEnd, periodStart, untilBeforeSince } from '../../domain/dates';
import { toGlobalId } from '../../domain/ids';
import {
  EntityType,
  Source,
  TIE_ENDPOINTS,
  TieType,
  tieEndsAllowed,
  withArticle,
} from '../../domain/model';
import type { TieRecord } from '../../domain/records';
import type { Row, Tx } from '../../graph/database';
import { entityRepository } from '../../graph/entity.repository';
import { importRepository } from '../../graph/import.repository';
import { mergeRepository } from '../../graph/merge.repository';
import { tieRepository } from '../../graph/tie.repository';
import type { Planned } from './plan-entities';
import { Failure, Found, RunState, tieNaturalKey } from './state';
import type { ImportProblem, Ref, TieDraft } from './types';

export interface TiePlan {
  draft: TieDraft;
  action: 'CREATE' | 'UPDATE' | 'UNCHANGED';
  key: string;
  naturalKey: string;
  before: TieRecord | null;
  after: TieRecord;
  /** Create: every stored property. Update: the changed ones. */
  props: Row;
}

const normSources = (s: Source[]) =>
  s.map((x) => ({
    title: x.title,
    url: x.url ?? null,
    date: x.date ?? null,
    quote: x.quote ?? null,
  }));
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const cacheKey = (ref: Ref, type: EntityType | null) =>
  ref.by === 'slug' ? `s:${type}:${ref.slug}` : ref.by === 'id' ? `k:${ref.key}` : `i:${ref.key}`;

/** Looks up every reference of the batch that the run has not resolved yet (a few queries per batch). */
async function lookUp(tx: Tx, drafts: TieDraft[], state: RunState): Promise<void> {
  const slugs = new Map<EntityType, Set<string>>();
  const keys = new Set<string>();
  const idents = new Set<string>();
  const need = (ref: Ref | null | undefined, types: readonly EntityType[]) => {
    if (!ref) return;
    if (ref.by === 'slug') {
      for (const t of ref.type ? [ref.type] : types)
        if (!state.refs.has(cacheKey(ref, t)))
          slugs.set(t, (slugs.get(t) ?? new Set()).add(ref.slug));
    } else if (!state.refs.has(cacheKey(ref, null))) (ref.by === 'id' ? keys : idents).add(ref.key);
  };
  for (const d of drafts) {
    need(d.from, TIE_ENDPOINTS[d.type].from);
    need(d.to, TIE_ENDPOINTS[d.type].to);
    need(d.fields.onBehalfOf, [EntityType.Organisation]);
  }
  for (const [type, set] of slugs) {
    const found = await entityRepository.getBySlugs(tx, type, [...set]);
    for (const s of set) state.refs.set(`s:${type}:${s}`, []);
    for (const e of found)
      state.refs.set(`s:${type}:${e.slug}`, [{ key: e.key, type: e.type, slug: e.slug }]);
  }
  if (keys.size) {
    for (const k of keys) state.refs.set(`k:${k}`, []);
    for (const e of await entityRepository.getByKeys(tx, [...keys]))
      state.refs.set(`k:${e.key}`, [{ key: e.key, type: e.type, slug: e.slug }]);
    // Ids a merge absorbed are read-only aliases: a row may not write through them (resolve says which id to use).
    const missing = [...keys].filter((k) => !state.refs.get(`k:${k}`)!.length);
    if (missing.length)
      for (const [from, e] of await mergeRepository.redirects(tx, missing))
        state.merged.set(from, e.id);
  }
  if (idents.size) {
    for (const k of idents) state.refs.set(`i:${k}`, []);
    for (const o of await importRepository.identifierOwners(tx, [...idents]))
      state.refs.get(`i:${o.key}`)!.push({ key: o.owner, type: o.type, slug: o.slug });
  }
}

/** What a reference names: the run's own entities first, then what the database holds. */
function resolve(ref: Ref, types: readonly EntityType[], state: RunState): Found[] | string {
  const found = new Map<string, Found>();
  const add = (f: Found) => found.set(f.key, f);
  if (ref.by === 'slug') {
    for (const t of ref.type ? [ref.type] : types) {
      const mine = state.bySlug(t, ref.slug);
      if (mine) add({ key: mine.key, type: t, slug: mine.slug });
      else (state.refs.get(cacheKey(ref, t)) ?? []).forEach(add);
    }
    if (!found.size)
      return `no ${(ref.type ? [ref.type] : types).join(' or ')} has the slug "${ref.slug}"; import it first, or check the spelling`;
    if (found.size > 1)
      return `"${ref.slug}" is the slug of ${[...found.values()].map((f) => withArticle(f.type)).join(' and of ')}: write ${[...found.values()].map((f) => `${f.type.toLowerCase()}:${ref.slug}`).join(' or ')}`;
    return [...found.values()];
  }
  if (ref.by === 'id') {
    // The id's type must be the stored entity's (as everywhere: src/services/entity-ids.ts).
    const mine = state.entities.get(ref.key);
    if (mine && mine.type === ref.type)
      return [{ key: mine.key, type: mine.type, slug: mine.slug }];
    const hit = (state.refs.get(cacheKey(ref, null)) ?? []).filter((f) => f.type === ref.type);
    const into = state.merged.get(ref.key);
    if (!hit.length && into) return `"${ref.text}" was merged into ${into}; use that id`;
    return hit.length ? hit : `no ${ref.type} has the id "${ref.text}"; it may have been deleted`;
  }
  state.byIdentifier(ref.key).forEach((e) => add({ key: e.key, type: e.type, slug: e.slug }));
  (state.refs.get(cacheKey(ref, null)) ?? []).forEach(add);
  const fitting = [...found.values()].filter((f) => types.includes(f.type));
  if (!found.size && ref.key.startsWith('popolo:')) {
    return `nothing in this import or the graph has the Popolo id "${ref.key.slice(7)}" (identifier ${ref.key}); add that record to the file, or correct the id`;
  }
  if (!found.size)
    return `no entity carries the identifier ${ref.key}; import it first, or check the identifier`;
  if (fitting.length > 1)
    return `${ref.key} is carried by ${fitting.map((f) => `${f.type.toLowerCase()}:${f.slug}`).join(' and ')}; refer to one of them by slug`;
  return fitting.length ? fitting : [...found.values()];
}

/** The failed row of this run that a reference names, if any: the tie then fails because of it, and says so once. */
function failedRecord(ref: Ref, types: readonly EntityType[], state: RunState): Failure | null {
  if (ref.by === 'slug') {
    for (const t of ref.type ? [ref.type] : types) {
      const f = state.failed.get(`s:${t}:${ref.slug}`);
      if (f) return f;
    }
    return null;
  }
  return ref.by === 'identifier' ? (state.failed.get(`i:${ref.key}`) ?? null) : null;
}

/** A reference nothing resolves: said with the files that could not be read, which may hold it. */
function unresolved(reason: string, state: RunState): string {
  return state.unread.length
    ? `${reason} (${state.unread.join(', ')} could not be read and may hold it)`
    : reason;
}

/**
 * Plans a batch of tie rows. With `lock` (a batch that will be written), the from end of every
 * resolved row is write-locked before the ties already there are read, as every writer of ties
 * does: a parallel addEngagement (or another import) of the same fact then runs before or after
 * this batch, never beside it, and the one that comes second sees the first's tie.
 */
export async function planTies(
  tx: Tx,
  drafts: TieDraft[],
  state: RunState,
  now: string,
  lock = false,
): Promise<Planned<TiePlan>> {
  const problems: ImportProblem[] = [];
  const bad = (d: TieDraft, column: string | null, reason: string) =>
    problems.push({ ...d.place, column, reason });
  await lookUp(tx, drafts, state);

  // 1. Ends, checked against the model.
  const resolved: Array<{
    d: TieDraft;
    from: Found;
    to: Found;
    behalf: string | null | undefined;
  }> = [];
  for (const d of drafts) {
    const from = resolve(d.from, TIE_ENDPOINTS[d.type].from, state);
    const to = resolve(d.to, TIE_ENDPOINTS[d.type].to, state);
    const behalfRef = d.fields.onBehalfOf;
    const behalf = behalfRef ? resolve(behalfRef, [EntityType.Organisation], state) : behalfRef;
    // A row that names a failed record of this import fails because of it: one problem, saying which row and why.
    const ends: Array<[Ref | null | undefined, readonly EntityType[], string, unknown]> = [
      [d.from, TIE_ENDPOINTS[d.type].from, d.columns.from, from],
      [d.to, TIE_ENDPOINTS[d.type].to, d.columns.to, to],
      [behalfRef, [EntityType.Organisation], d.columns.onBehalfOf, behalf],
    ];
    const dependency = ends
      .map(([ref, types, column, found]) =>
        ref && typeof found === 'string'
          ? { column, failure: failedRecord(ref, types, state) }
          : null,
      )
      .find((x) => x?.failure);
    if (dependency?.failure) {
      const { place, reason } = dependency.failure;
      problems.push({
        ...d.place,
        column: dependency.column,
        reason: `depends on ${place.file} row ${place.row}, which failed: ${reason}`,
        dependsOn: place,
      });
      continue;
    }
    if (typeof from === 'string') bad(d, d.columns.from, unresolved(from, state));
    if (typeof to === 'string') bad(d, d.columns.to, unresolved(to, state));
    if (typeof behalf === 'string') bad(d, d.columns.onBehalfOf, unresolved(behalf, state));
    else if (behalf && behalf[0].type !== EntityType.Organisation)
      bad(
        d,
        d.columns.onBehalfOf,
        `${behalfRef!.text} is ${withArticle(behalf[0].type)}; onBehalfOf names an organisation`,
      );
    if (typeof from === 'string' || typeof to === 'string' || typeof behalf === 'string') continue;
    if (!tieEndsAllowed(d.type, from[0].type, to[0].type)) {
      bad(
        d,
        d.columns.from,
        `${d.type} cannot go from ${withArticle(from[0].type)} to ${withArticle(to[0].type)}; see docs/import.md for which ends each tie joins`,
      );
      continue;
    }
    if (from[0].key === to[0].key) {
      bad(d, d.columns.to, 'a tie cannot join an entity to itself');
      continue;
    }
    resolved.push({
      d,
      from: from[0],
      to: to[0],
      behalf: behalf === undefined ? undefined : (behalf?.[0].key ?? null),
    });
  }

  // 2. The ties already there: between the same ends, and those rows name by id.
  if (lock)
    await entityRepository.lock(
      tx,
      resolved.map((r) => r.from.key),
    );
  const pairs = new Map<string, { type: TieType; from: string; to: string }>();
  for (const r of resolved)
    pairs.set(`${r.d.type}|${r.from.key}|${r.to.key}`, {
      type: r.d.type,
      from: r.from.key,
      to: r.to.key,
    });
  const between = new Map<string, TieRecord>();
  for (const t of await importRepository.tiesBetween(tx, [...pairs.values()]))
    between.set(tieNaturalKey(t.type, t.fromKey, t.toKey, t.role, t.since), t);
  for (const [nk, t] of state.ties)
    if (pairs.has(`${t.type}|${t.fromKey}|${t.toKey}`)) between.set(nk, t);
  const byKey = new Map<string, TieRecord>([...between.values()].map((t) => [t.key, t]));
  const keyed = groupBy(
    resolved.filter((r) => r.d.key && !byKey.has(r.d.key)),
    (r) => r.d.type,
  );
  for (const [type, named] of keyed)
    for (const t of await tieRepository.getByKeys(
      tx,
      type,
      named.map((r) => r.d.key!),
    ))
      byKey.set(t.key, t);
  for (const t of state.tiesByKey.values()) byKey.set(t.key, t);

  // 3. One decision per row.
  const items: TiePlan[] = [];
  const batchSeen = new Map<string, TieDraft>();
  for (const { d, from, to, behalf } of resolved) {
    const nk = tieNaturalKey(d.type, from.key, to.key, d.role, d.since);
    const earlier = state.seen.get(nk) ?? batchSeen.get(nk)?.place;
    if (earlier) {
      bad(
        d,
        null,
        `the same ${d.type} tie (same ends, role and since) was already given in ${earlier.file}, row ${earlier.row}; give each tie once`,
      );
      continue;
    }
    batchSeen.set(nk, d);
    let existing: TieRecord | null;
    if (d.key) {
      existing = byKey.get(d.key) ?? null;
      if (!existing) {
        bad(
          d,
          d.columns.id,
          `no ${d.type} tie has this id (it may have been removed); leave id empty to add the tie`,
        );
        continue;
      }
      if (existing.fromKey !== from.key || existing.toKey !== to.key) {
        bad(
          d,
          d.columns.id,
          'this id belongs to a tie between other entities; a tie cannot move: remove it and add a new one',
        );
        continue;
      }
      const clash = between.get(nk);
      if (clash && clash.key !== existing.key) {
        bad(
          d,
          d.columns.role,
          'another tie between these two already has this role and since; change that one instead',
        );
        continue;
      }
    } else {
      existing = between.get(nk) ?? null;
    }
    const plan = existing
      ? diff(d, existing, behalf, nk, now)
      : create(d, from, to, behalf ?? null, nk, now);
    if (untilBeforeSince(plan.after.since, plan.after.until)) {
      bad(
        d,
        'until',
        `until (${plan.after.until}) would be before since (${plan.after.since}); a tie cannot end before it starts`,
      );
      continue;
    }
    items.push(plan);
  }
  return { items, problems, warnings: [] };
}

function dated(prefix: 'since' | 'until', value: string | null): Row {
  if (prefix === 'since') return { since: value, sinceStart: value ? periodStart(value) : null };
  return { until: value, untilEnd: value ? periodEnd(value) : null };
}

function create(
  d: TieDraft,
  from: Found,
  to: Found,
  behalf: string | null,
  naturalKey: string,
  now: string,
): TiePlan {
  const key = crypto.randomUUID();
  const f = d.fields;
  const sources = normSources(f.sources ?? []);
  const until = f.until ?? null;
  const note = f.note ?? null;
  const props: Row = {
    id: key,
    role: d.role,
    ...dated('since', d.since),
    ...dated('until', until),
    note,
    sourcesJson: JSON.stringify(sources),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  if (behalf) props.onBehalfOf = behalf;
  const after: TieRecord = {
    type: d.type,
    key,
    id: toGlobalId(d.type, key),
    fromKey: from.key,
    fromType: from.type,
    toKey: to.key,
    toType: to.type,
    role: d.role,
    since: d.since,
    until,
    onBehalfOfKey: behalf,
    note,
    sources,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return { draft: d, action: 'CREATE', key, naturalKey, before: null, after, props };
}

function diff(
  d: TieDraft,
  before: TieRecord,
  behalf: string | null | undefined,
  naturalKey: string,
  now: string,
): TiePlan {
  const f = d.fields;
  const props: Row = {};
  const after: TieRecord = { ...before };
  if (d.key && d.role !== before.role) props.role = after.role = d.role;
  if (d.key && d.since !== before.since)
    Object.assign(props, dated('since', (after.since = d.since)));
  if (f.until !== undefined && f.until !== before.until)
    Object.assign(props, dated('until', (after.until = f.until)));
  if (f.note !== undefined && f.note !== before.note) props.note = after.note = f.note;
  if (f.sources !== undefined && !same(normSources(f.sources), normSources(before.sources))) {
    after.sources = normSources(f.sources);
    props.sourcesJson = JSON.stringify(after.sources);
  }
  if (behalf !== undefined && behalf !== before.onBehalfOfKey)
    props.onBehalfOf = after.onBehalfOfKey = behalf;
  if (!Object.keys(props).length)
    return {
      draft: d,
      action: 'UNCHANGED',
      key: before.key,
      naturalKey,
      before,
      after: before,
      props: {},
    };
  props.updatedAt = after.updatedAt = now;
  after.version = before.version + 1;
  return { draft: d, action: 'UPDATE', key: before.key, naturalKey, before, after, props };
}
