/**
 * Duplicates and merges: likely duplicates of a type, scored with reasons; and merging one
 * entity into another in one transaction: every tie, identifier, alias and source moves to
 * the kept entity, the removed name becomes an alias, the removed id redirects, history records it.
 */
import { unionBy } from '../collections';
import { likeness, mergeProps } from '../domain/duplicates';
import { EntityType, Source } from '../domain/model';
import { periodEnd } from '../domain/dates';
import { PAGES, pageSizeFor } from '../domain/paging';
import { ENTITY_PROPS, EntityRecord, entitySnapshot, tieSnapshot } from '../domain/records';
import { fold, searchQuery, searchText, sortName } from '../domain/text';
import { badInput } from '../errors';
import type { Database, QueryMeter, Row, Tx } from '../graph/database';
import { entityRepository } from '../graph/entity.repository';
import { ChangeInput, ChangeSource, historyRepository, tieEnds } from '../graph/history.repository';
import { mergeRepository } from '../graph/merge.repository';
import { tieRepository } from '../graph/tie.repository';
import type { Loaders } from '../loaders';
import { entityRef, lockWritable } from './entity-ids';

/** Two sources are the same when every field is. */
const sourceKey = (s: Source): string => JSON.stringify(s);

/** Entities of one type compared in one duplicates question. */
export const DUPLICATE_SCAN_CAP = 5_000;
export const MIN_LIKENESS = 0.6;

export interface Candidate {
  a: EntityRecord;
  b: EntityRecord;
  score: number;
  reasons: string[];
}

export class MergeService {
  constructor(
    private readonly db: Database,
    private readonly loaders: Loaders,
    private readonly meter: QueryMeter,
    private readonly source: ChangeSource,
  ) {}

  async candidates(type: EntityType, first: number | null | undefined): Promise<Candidate[]> {
    const limit = pageSizeFor(PAGES.duplicateCandidates, first);
    const pairs = await this.db.read(async (tx) => {
      const names = await mergeRepository.names(tx, type, DUPLICATE_SCAN_CAP);
      // Any word may match here (recall); the scoring below decides.
      const rows = names
        .map((n) => ({ id: n.id, query: (searchQuery(n.name) ?? '').split(' AND ').join(' OR ') }))
        .filter((r) => r.query);
      const near = rows.length ? await mergeRepository.candidates(tx, type, rows) : [];
      const shared = await mergeRepository.sharedIdentifiers(tx, type, DUPLICATE_SCAN_CAP);
      return [...near.map((p) => [p.a, p.b]), ...shared.map((p) => [p.a, p.b])];
    }, this.meter);
    const unique = new Map<string, [string, string]>();
    for (const [a, b] of pairs) {
      const [x, y] = a < b ? [a, b] : [b, a];
      unique.set(`${x}|${y}`, [x, y]);
    }
    const keys = [...new Set([...unique.values()].flat())];
    const records = new Map(
      (await this.loaders.entity.loadMany(keys))
        .filter((r): r is EntityRecord => !!r && !(r instanceof Error))
        .map((r) => [r.key, r]),
    );
    const out: Candidate[] = [];
    for (const [x, y] of unique.values()) {
      const a = records.get(x);
      const b = records.get(y);
      if (!a || !b || a.key === b.key) continue;
      const l = likeness(
        {
          key: a.key,
          name: a.name,
          aliases: a.aliases,
          acronym: a.acronym as string | null,
          identifiers: a.identifiers,
        },
        {
          key: b.key,
          name: b.name,
          aliases: b.aliases,
          acronym: b.acronym as string | null,
          identifiers: b.identifiers,
        },
      );
      if (l.score >= MIN_LIKENESS) out.push({ a, b, ...l });
    }
    return out
      .sort((p, q) => q.score - p.score || p.a.name.localeCompare(q.a.name))
      .slice(0, limit);
  }

  async merge(type: EntityType, keepId: string, removeId: string): Promise<EntityRecord> {
    const keepRef = entityRef(keepId, type, 'keep');
    const removeRef = entityRef(removeId, type, 'remove');
    const keepKey = keepRef.key;
    const removeKey = removeRef.key;
    if (keepKey === removeKey)
      throw badInput('keep and remove are the same entity.', [
        { field: 'remove', problem: 'same as keep' },
      ]);
    const merged = await this.db.write(async (tx) => {
      // Neither may be a merged-away id: keep: B after B was merged into A would absorb into A unseen.
      for (const ref of [keepRef, removeRef]) await lockWritable(tx, ref);
      const [keep, remove] = await Promise.all([
        entityRepository.getByKeys(tx, [keepKey]),
        entityRepository.getByKeys(tx, [removeKey]),
      ]).then(([k, r]) => [k[0], r[0]]);
      const props: Row = mergeProps(keep, remove, ENTITY_PROPS[type]);
      const taken = new Set([keep.name, ...keep.aliases].map(fold));
      props.aliases = [
        ...keep.aliases,
        ...[remove.name, ...remove.aliases].filter(
          (n) => !taken.has(fold(n)) && (taken.add(fold(n)), true),
        ),
      ];
      const sources = unionBy(keep.sources, remove.sources, sourceKey);
      props.sourcesJson = JSON.stringify(sources);
      const acronym = (props.acronym ?? keep.acronym) as string | undefined;
      props.searchText = searchText(keep.name, acronym, props.aliases as string[]);
      props.sortName = sortName(keep.name);
      props.updatedAt = new Date().toISOString();
      const folded = await this.foldTwinTies(tx, keepKey, removeKey, props.updatedAt as string);
      const moved = await mergeRepository.moveTies(tx, keepKey, removeKey);
      await mergeRepository.finish(tx, type, keepKey, removeKey, props);
      const [after] = await entityRepository.getByKeys(tx, [keepKey]);
      await historyRepository.record(tx, this.source, [
        {
          action: 'MERGE',
          targetKind: type,
          targetKey: keepKey,
          before: entitySnapshot(keep),
          after: entitySnapshot(after),
          note: `absorbed ${remove.name} (${moved} ties moved${folded ? `, ${folded} folded into the same ties here` : ''})`,
        },
        {
          action: 'MERGE',
          targetKind: type,
          targetKey: removeKey,
          before: entitySnapshot(remove),
          after: null,
          note: `merged into ${keep.name}`,
        },
      ]);
      return after;
    }, this.meter);
    this.loaders.entity.clearAll();
    this.loaders.ties.clearAll();
    return merged;
  }

  /**
   * A tie of the removed entity that records a fact the kept one already records (same type,
   * other end, direction, role and since) is not moved, which would make a duplicate: the kept
   * tie takes its sources and whatever the kept one leaves empty (until, note, onBehalfOf), and
   * the removed one goes. Each fold is in history: the kept tie's update, the other's removal.
   */
  private async foldTwinTies(
    tx: Tx,
    keepKey: string,
    removeKey: string,
    now: string,
  ): Promise<number> {
    const twins = await mergeRepository.twinTies(tx, keepKey, removeKey);
    const changes: ChangeInput[] = [];
    for (const { type, keptKey, removedKey } of twins) {
      const found = new Map(
        (await tieRepository.getByKeys(tx, type, [keptKey, removedKey])).map((t) => [t.key, t]),
      );
      const kept = found.get(keptKey);
      const removed = found.get(removedKey);
      if (!kept || !removed) continue;
      const props: Row = {};
      const sources = unionBy(kept.sources, removed.sources, sourceKey);
      if (sources.length !== kept.sources.length) props.sourcesJson = JSON.stringify(sources);
      if (kept.until === null && removed.until !== null)
        Object.assign(props, { until: removed.until, untilEnd: periodEnd(removed.until) });
      if (kept.note === null && removed.note !== null) props.note = removed.note;
      if (kept.onBehalfOfKey === null && removed.onBehalfOfKey !== null)
        props.onBehalfOf = removed.onBehalfOfKey;
      if (Object.keys(props).length) {
        const updated = await tieRepository.update(tx, type, keptKey, { ...props, updatedAt: now });
        changes.push({
          action: 'TIE_UPDATED',
          targetKind: type,
          targetKey: keptKey,
          before: tieSnapshot(kept),
          after: tieSnapshot(updated),
          note: `took what ${removed.id} added, in a merge`,
          ends: tieEnds(updated),
        });
      }
      await tieRepository.delete(tx, type, removedKey);
      changes.push({
        action: 'TIE_REMOVED',
        targetKind: type,
        targetKey: removedKey,
        before: tieSnapshot(removed),
        after: null,
        note: `the same fact as ${kept.id}, kept in a merge`,
        ends: tieEnds(removed),
      });
    }
    if (changes.length) await historyRepository.record(tx, this.source, changes);
    return twins.length;
  }
}
