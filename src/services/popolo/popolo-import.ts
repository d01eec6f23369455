/**
 * Popolo JSON into import rows: persons → people, organizations → organisations, events →
 * events, memberships → affiliations (person → organisation) or memberships (organisation
 * → organisation), and an event's organization → that organisation hosting the event.
 * Every record is keyed by its Popolo id, kept as the identifier popolo:<id>; the rows then
 * go through the same checks and batches as any other import.
 */
import path from 'node:path';
import { isEmail } from 'class-validator';
import { EntityType, TieType } from '../../domain/model';
import { popoloColumns } from '../../domain/spec';
import { RowCheck, RowReader, readEntity, readTie } from '../import/fields';
import type { Draft, ImportProblem, ImportUnit, ParsedRow, RowPlace } from '../import/types';
import { eventKind, organisationKind, popoloDate, tieRole } from './mapping';
import type {
  PopoloDocument,
  PopoloEvent,
  PopoloLink,
  PopoloMembership,
  PopoloOrganization,
  PopoloPerson,
  PopoloThing,
} from './popolo.types';

export const POPOLO_SCHEME = 'popolo';

/** Fields each Popolo record may have that the model keeps; the others are counted in a warning. */
const KEPT: Record<string, Set<string>> = {
  persons: new Set([
    'id',
    'name',
    'other_names',
    'identifiers',
    'links',
    'sources',
    'email',
    'contact_details',
  ]),
  organizations: new Set([
    'id',
    'name',
    'other_names',
    'identifiers',
    'links',
    'sources',
    'classification',
    'description',
  ]),
  events: new Set([
    'id',
    'name',
    'other_names',
    'identifiers',
    'links',
    'sources',
    'classification',
    'description',
    'start_date',
    'end_date',
    'organization_id',
  ]),
  memberships: new Set([
    'id',
    'person_id',
    'member',
    'organization_id',
    'on_behalf_of_id',
    'legislative_period_id',
    'role',
    'label',
    'post_id',
    'start_date',
    'end_date',
    'sources',
  ]),
};

export function isPopolo(doc: unknown): doc is PopoloDocument {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return Array.isArray(d.persons) || Array.isArray(d.memberships) || Array.isArray(d.organizations);
}

/** A mapped record; problems name the Popolo field a model field came from (`columns`), else the model field. */
const objectReader = (
  item: Record<string, unknown>,
  columns: Record<string, string> = {},
): RowReader => ({
  has: (f) => item[f] !== undefined,
  get: (f) => item[f],
  column: (f) => columns[f] ?? f,
});

/** Model field → Popolo field, from the model spec. */
const ENTITY_COLUMNS: Record<string, string> = popoloColumns();

const ref = (id: string | undefined) => (id ? `${POPOLO_SCHEME}:${id}` : undefined);

function sourcesOf(...lists: Array<PopoloLink[] | undefined>) {
  return lists.flatMap((l) => l ?? []).map((l) => ({ title: l.note?.trim() || l.url, url: l.url }));
}

/** What every Popolo person, organisation and event carries over the same way. */
function shared(thing: PopoloThing) {
  const aliases = (thing.other_names ?? []).map((n) => (n && typeof n === 'object' ? n.name : n));
  return {
    name: thing.name,
    aliases,
    identifiers: identifiersOf(thing),
    sources: sourcesOf(thing.links, thing.sources),
  };
}

/** A person's name; published files sometimes give only given_name and family_name. */
function personName(p: PopoloPerson): string | undefined {
  if (typeof p.name === 'string' && p.name.trim()) return p.name;
  const parts = [p.given_name, p.family_name].filter(
    (x): x is string => typeof x === 'string' && x.trim() !== '',
  );
  return parts.length ? parts.join(' ') : p.name;
}

function identifiersOf(thing: {
  id: string;
  identifiers?: Array<{ scheme?: string; identifier: string }>;
}) {
  return [
    { scheme: POPOLO_SCHEME, value: String(thing.id) },
    ...(thing.identifiers ?? []).map((i) => ({
      scheme: i.scheme ?? 'unknown',
      value: String(i.identifier),
    })),
  ];
}

/** One row from the mapped fields, through the model's rules; `column` in problems is the Popolo field. */
function row<D extends Draft>(
  place: RowPlace,
  fields: Record<string, unknown>,
  read: (check: RowCheck, r: RowReader) => D | null,
  columns: Record<string, string> = ENTITY_COLUMNS,
): ParsedRow {
  const r = objectReader(fields, columns);
  const check = new RowCheck(place, r);
  const draft = read(check, r);
  return check.outcome(draft);
}

/**
 * An e-mail address as the model takes it. Published data has typos such as a trailing full
 * stop: those are dropped (and said so); an address still invalid is left out rather than
 * keeping the person out. Messages never repeat the address (personal data).
 */
function email(
  value: string | undefined,
  place: RowPlace,
  warnings: ImportProblem[],
): string | undefined {
  const v = value?.trim();
  if (!v || isEmail(v)) return v || undefined;
  const fixed = v.replace(/[\s.,;:]+$/, '');
  if (isEmail(fixed)) {
    warnings.push({
      ...place,
      column: 'email',
      reason: 'the e-mail address ended in punctuation; kept without it',
    });
    return fixed;
  }
  warnings.push({
    ...place,
    column: 'email',
    reason: 'not an e-mail address; contact e-mail not kept',
  });
  return undefined;
}

function dropped(
  file: string,
  section: string,
  items: Array<Record<string, unknown>>,
): ImportProblem[] {
  const counts = new Map<string, number>();
  for (const item of items)
    for (const k of Object.keys(item))
      if (!KEPT[section].has(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
  if (!counts.size) return [];
  const list = [...counts].map(([k, n]) => `${k} (${n})`).join(', ');
  return [
    {
      file: `${file}#${section}`,
      row: 0,
      column: null,
      reason: `not kept, the model has no place for them: ${list}`,
    },
  ];
}

export function readPopolo(fileName: string, doc: PopoloDocument): ImportUnit[] {
  const file = path.basename(fileName);
  const warnings: ImportProblem[] = [];
  const persons = doc.persons ?? [];
  const organizations = doc.organizations ?? [];
  const events = doc.events ?? [];
  const memberships = doc.memberships ?? [];
  for (const [section, items] of Object.entries({ persons, organizations, events, memberships }))
    warnings.push(...dropped(file, section, items));
  for (const section of ['posts', 'areas']) {
    const items = doc[section];
    if (Array.isArray(items) && items.length)
      warnings.push({
        file,
        row: 0,
        column: section,
        reason: `${items.length} ${section} not imported: the model has no place for them`,
      });
  }
  const place = (section: string, i: number) => ({ file: `${file}#${section}`, row: i + 1 });

  const orgRows = organizations.map((o: PopoloOrganization, i) => {
    const { kind, note } = organisationKind(o.classification);
    const website = (o.links ?? []).find((l) => /website|homepage/i.test(l.note ?? ''))?.url;
    return row(
      place('organizations', i),
      {
        ...shared(o),
        kind,
        description: o.description ?? note ?? undefined,
        website,
      },
      (c, r) => readEntity(EntityType.Organisation, c, r),
    );
  });

  let twitter = 0;
  const personRows = persons.map((p: PopoloPerson, i) => {
    const contacts = p.contact_details ?? [];
    twitter += contacts.filter((c) => !/^(email|phone|voice|cell|mobile)$/i.test(c.type)).length;
    return row(
      place('persons', i),
      {
        ...shared(p),
        name: personName(p),
        contactEmail: email(
          p.email ?? contacts.find((c) => /^email$/i.test(c.type))?.value,
          place('persons', i),
          warnings,
        ),
        contactPhone: contacts.find((c) => /^(phone|voice|cell|mobile)$/i.test(c.type))?.value,
      },
      (c, r) => readEntity(EntityType.Person, c, r),
    );
  });
  if (twitter)
    warnings.push({
      file: `${file}#persons`,
      row: 0,
      column: 'contact_details',
      reason: `${twitter} contact detail(s) other than e-mail and phone not kept`,
    });

  const eventRows = events.map((e: PopoloEvent, i) => {
    const { kind, note } = eventKind(e.classification);
    return row(
      place('events', i),
      {
        ...shared(e),
        kind,
        startDate: popoloDate(e.start_date),
        endDate: popoloDate(e.end_date),
        description: e.description ?? note ?? undefined,
      },
      (c, r) => readEntity(EntityType.Event, c, r),
    );
  });

  const periods = new Map(events.map((e) => [e.id, e]));
  const membershipRows = memberships.map((m: PopoloMembership, i) => {
    const here = place('memberships', i);
    const period = m.legislative_period_id ? periods.get(m.legislative_period_id) : undefined;
    if (m.legislative_period_id && !period)
      warnings.push({
        ...here,
        column: 'legislative_period_id',
        reason: `no event has the id ${m.legislative_period_id}; the membership keeps only its own dates`,
      });
    const memberIsOrganisation = !m.person_id && /organi[sz]ation/i.test(m.member?.['@type'] ?? '');
    const { role, note } = tieRole(m.role, memberIsOrganisation);
    const type = memberIsOrganisation ? TieType.MEMBER_OF : TieType.AFFILIATED_WITH;
    if (memberIsOrganisation && m.on_behalf_of_id)
      warnings.push({
        ...here,
        column: 'on_behalf_of_id',
        reason: 'an organisation membership cannot say on whose behalf; not kept',
      });
    return row(
      here,
      {
        from: ref(m.person_id ?? m.member?.id),
        to: ref(m.organization_id),
        role,
        since: popoloDate(m.start_date ?? period?.start_date),
        until: popoloDate(m.end_date ?? period?.end_date),
        onBehalfOf: memberIsOrganisation ? undefined : ref(m.on_behalf_of_id),
        note:
          [m.label, note, m.post_id ? `Popolo post: ${m.post_id}` : null]
            .filter(Boolean)
            .join('; ') || undefined,
        sources: sourcesOf(m.sources),
      },
      (c, r) => readTie(type, c, r),
      {
        from: m.person_id ? 'person_id' : 'member.id',
        to: 'organization_id',
        onBehalfOf: 'on_behalf_of_id',
        since: 'start_date',
        until: 'end_date',
        note: 'label',
      },
    );
  });

  const hostRows = events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.organization_id)
    .map(({ e, i }) =>
      row(
        place('events', i),
        {
          from: ref(e.organization_id),
          to: ref(e.id),
          role: 'HOST',
          note: 'The organization of the Popolo event',
        },
        (c, r) => readTie(TieType.PARTICIPATES_IN, c, r),
        { from: 'organization_id', to: 'id' },
      ),
    );

  const all: ImportUnit[] = [
    {
      name: `${file}#organizations`,
      record: 'entity',
      kind: EntityType.Organisation,
      rows: orgRows,
      problems: [],
    },
    {
      name: `${file}#persons`,
      record: 'entity',
      kind: EntityType.Person,
      rows: personRows,
      problems: [],
    },
    {
      name: `${file}#events`,
      record: 'entity',
      kind: EntityType.Event,
      rows: eventRows,
      problems: [],
    },
    { name: `${file}#memberships`, record: 'tie', rows: membershipRows, problems: [] },
    {
      name: `${file}#event-organizations`,
      record: 'tie',
      kind: TieType.PARTICIPATES_IN,
      rows: hostRows,
      problems: [],
    },
  ];
  const units = all.filter((u) => u.rows.length);
  if (units.length) units[0].warnings = warnings;
  else units.push({ name: file, record: 'entity', rows: [], problems: [], warnings });
  return units;
}
