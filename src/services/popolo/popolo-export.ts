/**
 * The graph as Popolo JSON: people → persons, organisations → organizations, events →
 * events (an organisation hosting one becomes its organization_id), affiliations and
 * organisation memberships → memberships. Records keep their Popolo id when they came
 * from Popolo (the popolo:<id> identifier), else carry their global id. Contact details
 * are personal data: exported only when the caller says it may see them.
 */
import { EntityType, Identifier, Source, TieType } from '../../domain/model';
import type { EntityRecord, TieRecord } from '../../domain/records';
import type { Database } from '../../graph/database';
import { importRepository } from '../../graph/import.repository';
import { classificationOf } from './mapping';
import { POPOLO_SCHEME } from './popolo-import';
import type {
  PopoloDocument,
  PopoloEvent,
  PopoloLink,
  PopoloMembership,
  PopoloOrganization,
  PopoloPerson,
} from './popolo.types';

export interface PopoloExportOptions {
  /** Include e-mail and phone (personal data). Only for callers allowed to read contact details. */
  includeContact?: boolean;
  /** Rows per read; the export pages through the graph in key order. */
  pageSize?: number;
}

const PAGE = 1000;

function popoloId(e: { identifiers: Identifier[]; id: string }): string {
  return e.identifiers.find((i) => i.scheme === POPOLO_SCHEME)?.value ?? e.id;
}

/** Drops empty lists and undefined fields, so the document holds only what is known. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(
    Object.entries(o).filter(
      ([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && !v.length),
    ),
  ) as T;
}

const links = (sources: Source[]): PopoloLink[] =>
  sources
    .filter((s) => s.url)
    .map((s) => compact({ url: s.url!, note: s.title !== s.url ? s.title : undefined }));
const others = (e: EntityRecord) => e.aliases.map((name) => ({ name }));
const identifiers = (e: EntityRecord) =>
  e.identifiers
    .filter((i) => i.scheme !== POPOLO_SCHEME)
    .map((i) => ({ scheme: i.scheme, identifier: i.value }));

function person(e: EntityRecord, includeContact: boolean): PopoloPerson {
  const email = includeContact && typeof e.contactEmail === 'string' ? e.contactEmail : undefined;
  const phone = includeContact && typeof e.contactPhone === 'string' ? e.contactPhone : undefined;
  const contacts = [
    ...(email ? [{ type: 'email', value: email }] : []),
    ...(phone ? [{ type: 'phone', value: phone }] : []),
  ];
  return compact({
    id: popoloId(e),
    name: e.name,
    other_names: others(e),
    identifiers: identifiers(e),
    sources: links(e.sources),
    email,
    contact_details: contacts,
  });
}

function organization(e: EntityRecord): PopoloOrganization {
  const { classification, description } = classificationOf(e.kind, e.description);
  const website = typeof e.website === 'string' ? [{ url: e.website, note: 'website' }] : [];
  return compact({
    id: popoloId(e),
    name: e.name,
    classification,
    description,
    other_names: others(e),
    identifiers: identifiers(e),
    links: website,
    sources: links(e.sources),
  });
}

function event(e: EntityRecord, organizationId: string | undefined): PopoloEvent {
  const { classification, description } = classificationOf(e.kind, e.description);
  return compact({
    id: popoloId(e),
    name: e.name,
    classification,
    description,
    start_date: e.startDate as string | undefined,
    end_date: e.endDate as string | undefined,
    organization_id: organizationId,
    other_names: others(e),
    identifiers: identifiers(e),
    sources: links(e.sources),
  });
}

function membership(t: TieRecord, idOf: Map<string, string>): PopoloMembership {
  const member = idOf.get(t.fromKey)!;
  return compact({
    id: t.id,
    ...(t.type === TieType.AFFILIATED_WITH
      ? { person_id: member }
      : { member: { '@type': 'Organization', id: member } }),
    organization_id: idOf.get(t.toKey),
    on_behalf_of_id: t.onBehalfOfKey ? idOf.get(t.onBehalfOfKey) : undefined,
    role: t.role ? t.role.toLowerCase().replace(/_/g, ' ') : undefined,
    label: t.note ?? undefined,
    start_date: t.since ?? undefined,
    end_date: t.until ?? undefined,
    sources: links(t.sources),
  });
}

export async function exportPopolo(
  db: Database,
  options: PopoloExportOptions = {},
): Promise<PopoloDocument> {
  const size = options.pageSize ?? PAGE;
  const entities: EntityRecord[] = [];
  for (let after = ''; ;) {
    const page = await db.read((tx) => importRepository.popoloEntities(tx, after, size));
    entities.push(...page);
    if (page.length < size) break;
    after = page[page.length - 1].key;
  }
  const idOf = new Map(entities.map((e) => [e.key, popoloId(e)]));
  const starts = entities.filter((e) => e.type !== EntityType.Event).map((e) => e.key);
  const ties: TieRecord[] = [];
  for (let i = 0; i < starts.length; i += size) {
    const keys = starts.slice(i, i + size);
    ties.push(...(await db.read((tx) => importRepository.popoloTies(tx, keys))));
  }
  const hosts = new Map<string, string>();
  for (const t of ties)
    if (t.type === TieType.PARTICIPATES_IN && !hosts.has(t.toKey))
      hosts.set(t.toKey, idOf.get(t.fromKey)!);
  const of = (type: EntityType) => entities.filter((e) => e.type === type);
  return {
    persons: of(EntityType.Person).map((e) => person(e, options.includeContact ?? false)),
    organizations: of(EntityType.Organisation).map(organization),
    // A tie whose end is outside the export (e.g. an affiliation with an organisation that is not exported) cannot occur: both ends are people or organisations.
    memberships: ties
      .filter((t) => t.type !== TieType.PARTICIPATES_IN && idOf.has(t.toKey))
      .map((t) => membership(t, idOf)),
    events: of(EntityType.Event).map((e) => event(e, hosts.get(e.key))),
  };
}
