/**
 * The import's own vocabulary: rows as read from a file (drafts), references to entities,
 * problems with their place (file, row, column), and the report an import returns.
 */
import type { EntityType, Identifier, Source, TieType } from '../../domain/model';

/** Where a row came from: the file (or "file.json#section") and its row (a CSV header is row 1). */
export interface RowPlace {
  file: string;
  row: number;
}

export interface ImportProblem extends RowPlace {
  /** The column (CSV) or field (JSON) at fault; null when the row or file as a whole is. */
  column: string | null;
  reason: string;
  /** The failed row of this import that this row needs (a tie naming an entity whose row failed). */
  dependsOn?: RowPlace | null;
}

/** A root cause of failed rows: a problem, how many rows had it, and how many more failed because they need those rows. */
export interface ImportCause {
  file: string;
  /** The first row with this problem; 0 for the file as a whole. */
  row: number;
  column: string | null;
  reason: string;
  rows: number;
  dependents: number;
}

/** How a row names an entity: by slug (typed or not), by global id, or by an external identifier. */
export type Ref =
  | { by: 'slug'; slug: string; type: EntityType | null; text: string }
  | { by: 'id'; key: string; type: EntityType; text: string }
  | { by: 'identifier'; key: string; text: string };

/** What an entity row sets. An absent field leaves the stored value alone; null (or []) clears it. */
export interface EntityFields {
  name?: string;
  aliases?: string[];
  sources?: Source[];
  identifiers?: Identifier[];
  /** Type-specific properties by their stored names (ENTITY_PROPS); null clears. */
  props: Record<string, unknown>;
}

export interface EntityDraft {
  record: 'entity';
  type: EntityType;
  place: RowPlace;
  /** The slug the row gives: its key, and the slug the entity gets. */
  slug: string | null;
  /** A slug to derive from when the entity is new and the row gives none (Popolo). */
  slugHint: string | null;
  /** "scheme:value" that keys the row when it gives no slug (its first identifier). */
  keyIdentifier: string | null;
  fields: EntityFields;
  /** Column names for messages about the key. */
  columns: { slug: string; identifiers: string; name: string };
}

export interface TieFields {
  until?: string | null;
  note?: string | null;
  sources?: Source[];
  onBehalfOf?: Ref | null;
}

export interface TieDraft {
  record: 'tie';
  type: TieType;
  place: RowPlace;
  /** A tie key (from the row's global id): that tie is updated in place, role and since included. */
  key: string | null;
  from: Ref;
  to: Ref;
  role: string | null;
  since: string | null;
  fields: TieFields;
  columns: {
    id: string;
    from: string;
    to: string;
    onBehalfOf: string;
    role: string;
    since: string;
  };
}

export type Draft = EntityDraft | TieDraft;

/** One row as parsed: its draft, or the problems that keep it (and its batch) from being written. */
export interface ParsedRow<D extends Draft = Draft> {
  place: RowPlace;
  draft: D | null;
  problems: ImportProblem[];
  /** Notes about the row that do not stop it (control characters removed...). */
  warnings?: ImportProblem[];
  /** Entity rows: how ties may name the record ("s:Organisation:wemos", "i:popolo:p1"), kept when the row fails so that its dependants say so. */
  keys?: string[];
}

/** One file, or one section of a JSON file: rows of one record kind, written in batches. */
export interface ImportUnit {
  name: string;
  record: 'entity' | 'tie';
  rows: ParsedRow[];
  /** Problems with the unit as a whole (unknown columns, unreadable file): nothing of it is written. */
  problems: ImportProblem[];
  /** Notes that do not stop the import (e.g. Popolo fields the model has no place for). */
  warnings?: ImportProblem[];
  /** What the rows hold ('Organisation', 'ENGAGES_IN'), for counting rows that failed before they had a draft. */
  kind?: string;
}

export type RowAction = 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'FAILED';

export interface RowOutcome extends RowPlace {
  action: RowAction;
  /** 'Organisation', 'ENGAGES_IN', ... */
  kind: string;
  /** Global id of the entity or tie (planned ids in a dry run); null for a failed row. */
  id: string | null;
  /** A slug, or "from → to" for a tie. */
  label: string;
}

export interface BatchOutcome {
  file: string;
  firstRow: number;
  lastRow: number;
  rows: number;
  /** WRITTEN (committed), UNCHANGED (nothing to write), CHECKED (dry run) or FAILED (nothing of it written). */
  status: 'WRITTEN' | 'UNCHANGED' | 'CHECKED' | 'FAILED';
  created: number;
  updated: number;
  unchanged: number;
  /** Rows of the batch that failed (each on its own; the others were written). */
  failed: number;
  /** Why rows of the batch failed, when some did. */
  reason: string | null;
}

export interface KindCount {
  kind: string;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface ImportReport {
  importId: string;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows that failed: their own problem, a record they need that failed, their file, or (rarely) their batch. */
  failed: number;
  /** Files (or sections) that could not be read at all: unrecognised, unparseable, unknown columns. */
  failedFiles: number;
  /** Why rows failed, one entry per distinct problem, most rows first. */
  causes: ImportCause[];
  counts: KindCount[];
  batches: BatchOutcome[];
  errors: ImportProblem[];
  warnings: ImportProblem[];
  /** Outcome of each row, up to `outcomeLimit` of them (see outcomesTruncated). */
  outcomes: RowOutcome[];
  outcomesTruncated: boolean;
  durationMs: number;
}
