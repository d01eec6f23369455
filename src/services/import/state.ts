/**
 * What an import run has done so far, for the batches after it: which rows gave which
 * keys (so a record given twice is an error), and, in a dry run, the entities and ties
 * earlier batches would have written (so later rows resolve as they would for real).
 */
import type { EntityType } from '../../domain/model';
import type { EntityRecord, TieRecord } from '../../domain/records';
import type { RowPlace } from './types';

/** A failed row of this run, as its dependants name it. */
export interface Failure {
  place: RowPlace;
  reason: string;
}

export interface Found {
  key: string;
  type: EntityType;
  slug: string;
}

export class RunState {
  /** The latest state of each entity this run created or changed, by key. */
  readonly entities = new Map<string, EntityRecord>();
  private readonly slugs = new Map<string, string>();
  private readonly identifiers = new Map<string, Set<string>>();
  /** Rows already seen, by record key ("Organisation:slug:x", "ident:wikidata:Q1", a tie's natural key). */
  readonly seen = new Map<string, RowPlace>();
  /** Dry run only: ties earlier batches would have written, by natural key and by key. */
  readonly ties = new Map<string, TieRecord>();
  readonly tiesByKey = new Map<string, TieRecord>();
  /** Entity lookups from the database by tie rows (slug, key or identifier → what was found), reused across batches. */
  readonly refs = new Map<string, Found[]>();
  /** Keys tie rows named that a merge absorbed, with the global id of the entity that absorbed each (writes may not use them). */
  readonly merged = new Map<string, string>();
  /** Records of this run that failed, by the keys ties name them with ("s:Organisation:x", "i:popolo:p1"): their dependants say so. */
  readonly failed = new Map<string, Failure>();
  /** Files (or sections) that could not be read at all: they may hold what a tie names. */
  readonly unread: string[] = [];

  constructor(readonly dryRun: boolean) {}

  rememberEntity(e: EntityRecord): void {
    const old = this.entities.get(e.key);
    if (old && old.slug !== e.slug) this.slugs.delete(`${old.type}:${old.slug}`);
    this.entities.set(e.key, e);
    this.slugs.set(`${e.type}:${e.slug}`, e.key);
    for (const i of e.identifiers) {
      const k = `${i.scheme}:${i.value}`;
      const owners = this.identifiers.get(k) ?? new Set<string>();
      owners.add(e.key);
      this.identifiers.set(k, owners);
    }
  }

  bySlug(type: EntityType, slug: string): EntityRecord | null {
    const key = this.slugs.get(`${type}:${slug}`);
    return key ? this.entities.get(key)! : null;
  }

  byIdentifier(identKey: string): EntityRecord[] {
    const owners = this.identifiers.get(identKey);
    if (!owners) return [];
    return [...owners]
      .map((k) => this.entities.get(k)!)
      .filter((e) => e.identifiers.some((i) => `${i.scheme}:${i.value}` === identKey));
  }

  rememberTie(naturalKey: string, t: TieRecord): void {
    if (!this.dryRun) return;
    this.ties.set(naturalKey, t);
    this.tiesByKey.set(t.key, t);
  }
}

export function tieNaturalKey(
  type: string,
  fromKey: string,
  toKey: string,
  role: string | null,
  since: string | null,
): string {
  return `${type}|${fromKey}|${toKey}|${role ?? ''}|${since ?? ''}`;
}
