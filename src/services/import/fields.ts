/**
 * The model's rules for one imported row, whatever file it came from: slugs, names,
 * kinds, roles, partial dates, ISO country codes, URLs, e-mail, identifiers, sources and
 * references to entities. CSV, JSON and Popolo readers hand rows in through a RowReader.
 */
import { isEmail, isISO31661Alpha2, isURL } from 'class-validator';
import { isPartialDate, untilBeforeSince } from '../../domain/dates';
import { fromGlobalId, isEntityType } from '../../domain/ids';
import {
  ENTITY_TYPES,
  EntityType,
  Identifier,
  Source,
  TIE_ROLES,
  TieType,
} from '../../domain/model';
import { COMMON, MODEL, ModelSpec, PHONE, entitySpec, importColumns } from '../../domain/spec';
import {
  MAX_ALIASES,
  MAX_ALIAS_LENGTH,
  SLUG,
  URL_UNSAFE_CHARS,
  distinctAliases,
} from '../../domain/text';
import { ON_BEHALF } from '../tie.service';
import type {
  Draft,
  EntityDraft,
  EntityFields,
  ImportProblem,
  ParsedRow,
  Ref,
  RowPlace,
  TieDraft,
  TieFields,
} from './types';

/** A row seen as fields: present or not, its raw value ('' or null is empty), and the column to name. */
export interface RowReader {
  has(field: string): boolean;
  get(field: string): unknown;
  column(field: string): string;
}

const SCHEME = /^[a-z0-9][a-z0-9._-]{0,39}$/i;
const TYPED_SLUG = new RegExp(`^(${ENTITY_TYPES.join('|')}):(.*)$`, 'i');
const LIST_SEPARATOR = ';';
export const MAX_LIST: number = COMMON.maxSources;

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const clean = (s: string) => s.trim().replace(/\s+/g, ' ');
/** Control characters other than tab and line breaks: never meant (copy-paste and encoding debris), and XML exports cannot hold them. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function isUrl(text: string): boolean {
  return (
    text.length <= 2000 &&
    !URL_UNSAFE_CHARS.test(text) &&
    isURL(text, { protocols: ['http', 'https'], require_protocol: true })
  );
}

/** A list cell: a JSON array, or text with items separated by ";". */
function listOf(value: unknown): unknown[] {
  if (isEmpty(value)) return [];
  if (Array.isArray(value)) return value;
  return String(value)
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The canonical upper-case code of an enum value written loosely ("trade union", "Trade-Union"). */
export function enumCode(text: string): string {
  return text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
}

export function entityTypeOf(text: string): EntityType | null {
  const t = ENTITY_TYPES.find((e) => e.toLowerCase() === text.trim().toLowerCase());
  return t ?? null;
}

/** Parses a reference: "organisation:wemos" or "wemos" (slug), a global id, or "wikidata:Q123" (identifier). */
export function parseRef(text: string): Ref | string {
  const t = text.trim();
  const typed = TYPED_SLUG.exec(t);
  if (typed) {
    const slug = typed[2].trim();
    if (!SLUG.test(slug))
      return `"${slug}" after "${typed[1]}:" is not a slug (lower-case letters, digits and single hyphens)`;
    return { by: 'slug', slug, type: entityTypeOf(typed[1]), text: t };
  }
  const global = fromGlobalId(t);
  if (global) {
    if (!isEntityType(global.kind))
      return `"${t}" is the id of a ${global.kind} tie, not of an entity`;
    return { by: 'id', key: global.key, type: global.kind, text: t };
  }
  const colon = t.indexOf(':');
  if (colon > 0) {
    const scheme = t.slice(0, colon).trim().toLowerCase();
    const value = t.slice(colon + 1).trim();
    if (!SCHEME.test(scheme) || !value)
      return `"${t}" is not an identifier: write scheme:value, e.g. wikidata:Q12345`;
    return { by: 'identifier', key: `${scheme}:${value}`, text: t };
  }
  if (SLUG.test(t)) return { by: 'slug', slug: t, type: null, text: t };
  return `"${t}" is neither a slug (e.g. wemos or organisation:wemos), an id returned by the API, nor an identifier (scheme:value)`;
}

/** Collects the problems of one row, each naming its column. */
export class RowCheck {
  readonly problems: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];
  /** How ties may name the record this row gives ("s:Organisation:wemos", "i:popolo:p1"), even when the row fails: its dependants are then told why. */
  keys: string[] = [];
  constructor(
    readonly place: RowPlace,
    private readonly r: RowReader,
  ) {}

  /** The row as parsed: its draft only when no check failed, with what the checks found. */
  outcome<D extends Draft>(draft: D | null): ParsedRow<D> {
    return {
      place: this.place,
      draft: this.problems.length ? null : draft,
      problems: this.problems,
      warnings: this.warnings,
      keys: this.keys,
    };
  }

  bad(field: string | null, reason: string): void {
    this.problems.push({
      ...this.place,
      column: field === null ? null : this.r.column(field),
      reason,
    });
  }

  warn(field: string | null, reason: string): void {
    this.warnings.push({
      ...this.place,
      column: field === null ? null : this.r.column(field),
      reason,
    });
  }

  /** Text without control characters (said so in a warning, once per field). */
  private printable(field: string, s: string): string {
    const out = s.replace(CONTROL, '');
    if (out.length !== s.length)
      this.warn(field, `${s.length - out.length} control character(s) removed`);
    return out;
  }

  /** Text, trimmed; `collapse` also joins runs of white space (names), as the API does. */
  text(field: string, max: number, collapse = false): string | null | undefined {
    if (!this.r.has(field)) return undefined;
    const v = this.r.get(field);
    if (isEmpty(v)) return null;
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.bad(field, 'must be text');
      return undefined;
    }
    const text = this.printable(field, String(v));
    const s = collapse ? clean(text) : text.trim();
    if (s.length > max)
      this.bad(field, `is ${s.length} characters long; at most ${max} are allowed`);
    return s;
  }

  date(field: string): string | null | undefined {
    const d = this.text(field, 10);
    if (d && !isPartialDate(d)) {
      this.bad(
        field,
        `"${d}" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2006, 2017-11, 2018-05-20)`,
      );
      return undefined;
    }
    return d;
  }

  /**
   * Other names: every distinct spelling once (case, spacing and Unicode form folded; the name
   * itself left out), at most MAX_ALIASES of at most MAX_ALIAS_LENGTH characters.
   */
  aliases(field: string, name: string | null | undefined): string[] | undefined {
    const items = this.list(field, MAX_ALIAS_LENGTH, Number.MAX_SAFE_INTEGER);
    if (items === undefined) return undefined;
    const out = distinctAliases(
      items.map((a) => this.printable(field, a)),
      name,
    );
    if (out.length > MAX_ALIASES) {
      this.bad(
        field,
        `has ${out.length} distinct aliases; at most ${MAX_ALIASES} are allowed (spellings that differ only by case, spacing or Unicode form count once): keep the ones people search for`,
      );
    }
    return out;
  }

  list(field: string, max = 300, maxItems = MAX_LIST): string[] | undefined {
    if (!this.r.has(field)) return undefined;
    const items = listOf(this.r.get(field));
    const seen = new Set<string>();
    const out: string[] = [];
    for (const item of items) {
      if (typeof item !== 'string') {
        this.bad(field, 'must be a list of texts');
        return undefined;
      }
      const s = clean(item);
      if (s.length > max)
        this.bad(
          field,
          `"${s.slice(0, 40)}…" is ${s.length} characters long; at most ${max} are allowed`,
        );
      if (s && !seen.has(s)) {
        seen.add(s);
        out.push(s);
      }
    }
    if (out.length > maxItems)
      this.bad(field, `has ${out.length} items; at most ${maxItems} are allowed`);
    return out;
  }

  identifiers(field: string): Identifier[] | undefined {
    if (!this.r.has(field)) return undefined;
    const out = new Map<string, Identifier>();
    for (const item of listOf(this.r.get(field))) {
      let scheme: string;
      let value: string;
      if (typeof item === 'string') {
        const i = item.indexOf(':');
        scheme = i > 0 ? item.slice(0, i) : '';
        value = i > 0 ? item.slice(i + 1) : item;
      } else if (item && typeof item === 'object') {
        scheme = String((item as Identifier).scheme ?? '');
        value = String((item as Identifier).value ?? '');
      } else {
        this.bad(field, 'must list identifiers as scheme:value');
        continue;
      }
      scheme = scheme.trim().toLowerCase();
      value = value.trim();
      if (!SCHEME.test(scheme))
        this.bad(
          field,
          `"${scheme || (typeof item === 'string' ? item : JSON.stringify(item))}" is not an identifier scheme: write scheme:value with a short scheme such as wikidata or org-id`,
        );
      else if (!value || value.length > 200)
        this.bad(field, `the value of ${scheme} must be 1 to 200 characters`);
      else out.set(`${scheme}:${value}`, { scheme, value });
    }
    if (out.size > MAX_LIST)
      this.bad(field, `has ${out.size} identifiers; at most ${MAX_LIST} are allowed`);
    return [...out.values()];
  }

  sources(field: string): Source[] | undefined {
    if (!this.r.has(field)) return undefined;
    const v = this.r.get(field);
    if (isEmpty(v)) return [];
    if (!Array.isArray(v)) {
      this.bad(field, 'must be a list of sources {title, url, date, quote}');
      return undefined;
    }
    const out: Source[] = [];
    const seen = new Set<string>();
    for (const s of v as Array<Record<string, unknown>>) {
      const str = (k: string) => (isEmpty(s?.[k]) ? null : clean(String(s[k])));
      const url = str('url');
      const title = str('title') ?? url;
      const date = str('date');
      const quote = s && typeof s.quote === 'string' && s.quote.trim() ? s.quote.trim() : null;
      if (!title) {
        this.bad(field, 'a source needs a title or a url');
        continue;
      }
      if (title.length > 500) this.bad(field, 'a source title is at most 500 characters');
      if (url && !isUrl(url))
        this.bad(field, `"${url}" is not an http(s) address such as https://example.org/page`);
      if (date && !isPartialDate(date))
        this.bad(field, `source date "${date}" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD`);
      if (quote && quote.length > 5000) this.bad(field, 'a quote is at most 5000 characters');
      const source = { title, url, date, quote };
      const key = JSON.stringify(source);
      if (!seen.has(key)) out.push(source);
      seen.add(key);
    }
    if (out.length > MAX_LIST)
      this.bad(field, `has ${out.length} sources; at most ${MAX_LIST} are allowed`);
    return out;
  }

  /** A reference to an entity; null when the cell is empty. */
  ref(field: string, typeField?: string): Ref | null | undefined {
    if (!this.r.has(field)) return undefined;
    const v = this.r.get(field);
    if (isEmpty(v)) return null;
    const ref = parseRef(String(v));
    if (typeof ref === 'string') {
      this.bad(field, ref);
      return undefined;
    }
    if (typeField && this.r.has(typeField) && !isEmpty(this.r.get(typeField))) {
      const type = entityTypeOf(String(this.r.get(typeField)));
      if (!type)
        this.bad(
          typeField,
          `"${String(this.r.get(typeField))}" is not an entity type: use one of ${ENTITY_TYPES.join(', ')}`,
        );
      else if (ref.by === 'slug' && ref.type && ref.type !== type)
        this.bad(typeField, `says ${type}, but ${field} says ${ref.type}`);
      else if (ref.by === 'slug') return { ...ref, type };
    }
    return ref;
  }

  /** One type-specific property, checked by what the model spec says it holds (src/domain/spec.ts). */
  prop(type: EntityType, prop: string, spec: ModelSpec = MODEL): unknown {
    const p = entitySpec(type, spec).properties.find((x) => x.name === prop);
    if (!p) {
      this.bad(prop, `${type} has no property ${prop}`);
      return undefined;
    }
    if (p.value === 'countryList') {
      const list = this.list(prop, 2, p.maxItems);
      return list?.map((c) => {
        const code = c.toUpperCase();
        if (!isISO31661Alpha2(code))
          this.bad(prop, `"${c}" is not an ISO 3166-1 alpha-2 country code such as NL or UG`);
        return code;
      });
    }
    if (p.value === 'partialDate') return this.date(prop);
    const value = this.text(prop, p.maxLength ?? COMMON.importTextLength);
    if (!value) return value;
    switch (p.value) {
      case 'enum': {
        const values = p.enum!.values;
        const code = enumCode(value);
        if (!(code in values))
          this.bad(
            prop,
            `"${value}" is not ${p.enum!.noun(type)}: use one of ${Object.keys(values).join(', ')}`,
          );
        return code;
      }
      case 'country':
        if (!isISO31661Alpha2(value.toUpperCase()))
          this.bad(prop, `"${value}" is not an ISO 3166-1 alpha-2 country code such as CH`);
        return value.toUpperCase();
      case 'url':
        if (!isUrl(value))
          this.bad(prop, `"${value}" is not an http(s) address such as https://example.org`);
        return value;
      // Contact details are personal data: problems never repeat them (reports end up in logs).
      case 'email':
        if (!isEmail(value)) this.bad(prop, 'is not an e-mail address (name@example.org)');
        return value;
      case 'phone':
        if (!PHONE.test(value))
          this.bad(
            prop,
            'a phone number may hold digits, spaces, +, -, . and brackets (3 to 40 characters)',
          );
        return value;
      default:
        return value;
    }
  }
}

/** The draft of an entity row, or null when the row has problems (listed in `check`). */
export function readEntity(
  type: EntityType,
  check: RowCheck,
  r: RowReader,
  slugHint: string | null = null,
  spec: ModelSpec = MODEL,
): EntityDraft | null {
  const slug = check.text('slug', COMMON.slugLength);
  if (slug && !SLUG.test(slug))
    check.bad(
      'slug',
      `"${slug}" is not a slug: use lower-case letters and digits joined by single hyphens, e.g. health-workers-for-all`,
    );
  const fields: EntityFields = { props: {} };
  const name = check.text('name', COMMON.nameLength, true);
  if (name === null) check.bad('name', 'a name cannot be empty');
  else if (name !== undefined) fields.name = name;
  fields.aliases = check.aliases('aliases', name);
  fields.identifiers = check.identifiers('identifiers');
  fields.sources = check.sources('sources');
  for (const prop of importColumns(type, spec)) {
    if (!r.has(prop)) continue;
    fields.props[prop] = check.prop(type, prop, spec);
  }
  for (const k of ['aliases', 'identifiers', 'sources'] as const)
    if (fields[k] === undefined) delete fields[k];
  const keyIdentifier = fields.identifiers?.[0]
    ? `${fields.identifiers[0].scheme}:${fields.identifiers[0].value}`
    : null;
  check.keys = [
    ...(slug && SLUG.test(slug) ? [`s:${type}:${slug}`] : []),
    ...(fields.identifiers ?? []).map((i) => `i:${i.scheme}:${i.value}`),
  ];
  if (!slug && !keyIdentifier) {
    check.bad(
      'slug',
      'the row has no key: give a slug (e.g. medecins-sans-frontieres) or an identifier (e.g. wikidata:Q1), so that importing it again updates it instead of adding a copy',
    );
  }
  const start = fields.props.startDate as string | null | undefined;
  const end = fields.props.endDate as string | null | undefined;
  if (start && end && isPartialDate(start) && isPartialDate(end) && untilBeforeSince(start, end))
    check.bad(
      'endDate',
      `endDate (${end}) is before startDate (${start}); swap them or correct one`,
    );
  if (check.problems.length) return null;
  return {
    record: 'entity',
    type,
    place: check.place,
    slug: slug ?? null,
    slugHint,
    keyIdentifier: slug ? (keyIdentifier ?? null) : keyIdentifier,
    fields,
    columns: {
      slug: r.column('slug'),
      identifiers: r.column('identifiers'),
      name: r.column('name'),
    },
  };
}

/** The draft of a tie row, or null when the row has problems. */
export function readTie(type: TieType, check: RowCheck, r: RowReader): TieDraft | null {
  let key: string | null = null;
  const id = check.text('id', 200);
  if (id) {
    const parsed = fromGlobalId(id);
    if (!parsed || parsed.kind !== type)
      check.bad(
        'id',
        `"${id}" is not the id of ${type === TieType.AFFILIATED_WITH ? 'an' : 'a'} ${type} tie; leave it empty to key the row by its ends, role and since`,
      );
    else key = parsed.key;
  }
  const from = check.ref('from', 'fromType');
  const to = check.ref('to', 'toType');
  if (from === null || (from === undefined && !r.has('from')))
    check.bad('from', 'a tie needs its from end (a slug, id or scheme:value identifier)');
  if (to === null || (to === undefined && !r.has('to')))
    check.bad('to', 'a tie needs its to end (a slug, id or scheme:value identifier)');
  let role = check.text('role', 40) ?? null;
  if (role) {
    role = enumCode(role);
    const roles = TIE_ROLES[type];
    if (!roles.length) check.bad('role', `${type} ties have no role; leave it empty`);
    else if (!roles.includes(role))
      check.bad('role', `"${role}" is not a role of ${type}: use one of ${roles.join(', ')}`);
  }
  const since = check.date('since') ?? null;
  const fields: TieFields = {};
  const until = check.date('until');
  if (until !== undefined) fields.until = until;
  if (
    since &&
    until &&
    isPartialDate(since) &&
    isPartialDate(until) &&
    untilBeforeSince(since, until)
  )
    check.bad(
      'until',
      `until (${until}) is before since (${since}); a tie cannot end before it starts`,
    );
  const note = check.text('note', COMMON.noteLength);
  if (note !== undefined) fields.note = note;
  const sources = check.sources('sources');
  if (sources !== undefined) fields.sources = sources;
  const behalf = check.ref('onBehalfOf');
  if (behalf !== undefined) {
    if (behalf && !ON_BEHALF.has(type))
      check.bad(
        'onBehalfOf',
        `${type} ties cannot say on whose behalf; only ${[...ON_BEHALF].join(', ')} can`,
      );
    else if (
      behalf &&
      behalf.by === 'slug' &&
      behalf.type &&
      behalf.type !== EntityType.Organisation
    )
      check.bad('onBehalfOf', 'must name an organisation');
    fields.onBehalfOf =
      behalf && behalf.by === 'slug' ? { ...behalf, type: EntityType.Organisation } : behalf;
  }
  if (check.problems.length || !from || !to) return null;
  return {
    record: 'tie',
    type,
    place: check.place,
    key,
    from,
    to,
    role,
    since,
    fields,
    columns: {
      id: r.column('id'),
      from: r.column('from'),
      to: r.column('to'),
      onBehalfOf: r.column('onBehalfOf'),
      role: r.column('role'),
      since: r.column('since'),
    },
  };
}
