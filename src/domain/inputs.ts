/** What services accept: plain input shapes the GraphQL layer (or an importer) hands in. */
import type { Identifier, Source } from './model';

/** undefined leaves a field as it is on update; null clears it. */
export interface EntityInput {
  name?: string;
  slug?: string;
  aliases?: string[] | null;
  sources?: Source[] | null;
  identifiers?: Identifier[] | null;
  /** Type-specific properties, by the names in ENTITY_PROPS. */
  props: Record<string, unknown>;
}

export interface EntityWhere {
  namePrefix?: string | null;
  kinds?: string[] | null;
  countries?: string[] | null;
  forum?: string | null;
  activeOn?: string | null;
}

export interface EntityOrder {
  field: 'NAME' | 'CREATED_AT' | 'UPDATED_AT';
  direction: 'ASC' | 'DESC';
}

export interface TieInput {
  from?: string;
  to?: string;
  role?: string | null;
  since?: string | null;
  until?: string | null;
  onBehalfOf?: string | null;
  note?: string | null;
  sources?: Source[] | null;
}

export interface TieListArgs {
  role?: string | null;
  activeOn?: string | null;
  first?: number | null;
  after?: string | null;
}
