/**
 * A deterministic, realistically skewed engagement network for benchmarks: a few huge
 * fora and many small ones (Zipf), organisations engaging in a Pareto-distributed number
 * of fora with roles and dates, people affiliated to organisations (popular ones more
 * often), networks with members, events that are PART_OF fora and whose participants come
 * mostly from the forum's own organisations. The same size and seed always give the same
 * graph: every entity and tie draws from a PRNG stream of its own, keyed by seed and index.
 *
 * The structure (who is tied to whom) is planned at once in typed arrays; the stored rows
 * are made lazily, batch by batch, so a million ties never sit in memory as objects.
 * Rows have exactly the properties the service writes (src/services/entity.service.ts,
 * src/services/tie.service.ts): entities carry id, slug, name, sortName, searchText,
 * aliases, sourcesJson, createdAt, updatedAt, version; ties id, role, since/sinceStart,
 * until/untilEnd, sourcesJson, createdAt, updatedAt, version.
 */
import { periodEnd, periodStart } from '../domain/dates';
import {
  EventKind,
  ForumKind,
  ForumLevel,
  OrganisationKind,
  TIE_ROLES,
  TieType,
} from '../domain/model';
import { searchText, slugify, sortName } from '../domain/text';
import type { Row } from '../graph/database';
import { stableUuid } from '../services/demo-network';
import { Random, ZipfSampler } from './random';
import * as words from './vocabulary';

export interface NetworkSize {
  organisations: number;
  people: number;
  fora: number;
  /** Default: three per forum. */
  events?: number;
  seed: string;
}

/** One kind of row, written by one named query in cypher/queries/generate. */
export interface Section {
  /** Label or relationship type, as counted afterwards. */
  name: string;
  query: string;
  total: number;
  rows(): Iterable<Row>;
}

export interface SampleEntity {
  key: string;
  slug: string;
  name: string;
}

/** Ids and names the benchmark rotates through, taken from the plan (no query needed). */
export interface NetworkSample {
  /** Every forum, most engaged first, with its number of engagements. */
  fora: Array<SampleEntity & { engagements: number }>;
  organisations: SampleEntity[];
  people: SampleEntity[];
  /** Organisation engagements: tie key and its two ends. */
  engagements: Array<{ key: string; from: string; to: string }>;
}

export interface GeneratedNetwork {
  size: Required<NetworkSize>;
  sections: Section[];
  /** What the database holds afterwards, by label and relationship type. */
  counts: Record<string, number>;
  sample: NetworkSample;
}

/** Pairs of indices (from, to) in two typed arrays, grown as needed. */
class Pairs {
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  length = 0;

  push(a: number, b: number): void {
    if (this.length === this.from.length) {
      const grow = (x: Int32Array) => {
        const y = new Int32Array(x.length * 2);
        y.set(x);
        return y;
      };
      this.from = grow(this.from);
      this.to = grow(this.to);
    }
    this.from[this.length] = a;
    this.to[this.length] = b;
    this.length += 1;
  }
}

const NETWORK_EVERY = 20;
const ORG_KINDS = Object.values(OrganisationKind).filter((k) => k !== OrganisationKind.CSO_NETWORK);
const FORUM_KINDS = Object.values(ForumKind);
const EVENT_KINDS = Object.values(EventKind);
const LEVELS = Object.values(ForumLevel);

const pad = (n: number) => String(n).padStart(2, '0');

function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => /^[A-Z]/.test(w))
    .map((w) => w[0])
    .join('');
}

/** A partial date of random precision in [from, to]: "2009", "2009-04" or "2009-04-17". */
function partialDate(r: Random, from: number, to: number): string {
  const year = r.between(from, to);
  const p = r.next();
  if (p < 0.5) return String(year);
  if (p < 0.8) return `${year}-${pad(r.between(1, 12))}`;
  return `${year}-${pad(r.between(1, 12))}-${pad(r.between(1, 28))}`;
}

function sources(r: Random, what: string): string {
  if (!r.chance(0.3)) return '[]';
  const year = r.between(2005, 2024);
  return JSON.stringify([
    {
      title: `${what}: annual report ${year}`,
      url: `https://example.org/reports/${year}`,
      date: String(year),
      quote: null,
    },
  ]);
}

/** The properties every entity has, as the service stores them. */
function entityBase(
  key: string,
  slug: string,
  name: string,
  acronym: string | null,
  aliases: string[],
  sourcesJson: string,
  now: string,
): Row {
  return {
    id: key,
    slug,
    name,
    sortName: sortName(name),
    searchText: searchText(name, acronym, aliases),
    aliases,
    sourcesJson,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** Role and dates of a tie, as the service stores them (sinceStart/untilEnd for activeOn filters). */
function tieProps(r: Random, key: string, roles: readonly string[], now: string): Row {
  const props: Row = {
    id: key,
    sourcesJson: sources(r, 'Membership list'),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  if (roles.length) props.role = r.pick(roles);
  if (r.chance(0.6)) {
    const since = partialDate(r, 1995, 2024);
    props.since = since;
    props.sinceStart = periodStart(since);
    if (r.chance(0.25)) {
      const until = partialDate(
        r,
        Number(since.slice(0, 4)) + 1,
        Math.max(Number(since.slice(0, 4)) + 1, 2025),
      );
      props.until = until;
      props.untilEnd = periodEnd(until);
    }
  }
  return props;
}

/** Engagement roles, most often plain membership or participation, rarely hosting or chairing. */
const ENGAGEMENT_ROLES = [
  ...'MEMBER MEMBER MEMBER MEMBER PARTICIPANT PARTICIPANT PARTICIPANT OBSERVER CONTRIBUTOR CONTRIBUTOR FOUNDER COORDINATOR HOST SECRETARIAT CHAIR CO_CHAIR OTHER'.split(
    ' ',
  ),
];
const PARTICIPATION_ROLES = [
  ...'PARTICIPANT PARTICIPANT PARTICIPANT PARTICIPANT SPEAKER SPEAKER PANELLIST MODERATOR ORGANISER CO_ORGANISER SPONSOR HOST OTHER'.split(
    ' ',
  ),
];

export function planNetwork(input: NetworkSize, now = new Date().toISOString()): GeneratedNetwork {
  const size: Required<NetworkSize> = { ...input, events: input.events ?? input.fora * 3 };
  const { organisations: nOrg, people: nPeople, fora: nFora, events: nEvents, seed } = size;
  for (const [k, v] of Object.entries({
    organisations: nOrg,
    people: nPeople,
    fora: nFora,
    events: nEvents,
  })) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`${k} must be a whole number of at least 1 (got ${v}).`);
  }
  const key = (type: string, i: number) => stableUuid(`bench:${seed}:${type}:${i}`);
  const structure = new Random(seed, 'structure');
  const foraByPopularity = new ZipfSampler(nFora, 1.1);
  const orgsByPopularity = new ZipfSampler(nOrg, 0.6);
  const peopleByActivity = new ZipfSampler(nPeople, 0.5);
  const networks = Math.max(1, Math.floor(nOrg / NETWORK_EVERY));
  const networksByPopularity = new ZipfSampler(networks, 0.8);

  // Organisations engage in 1 to 40 fora (mean about 4), popular fora far more often.
  const orgEngagements = new Pairs();
  const forumOrgs: number[][] = Array.from({ length: nFora }, () => []);
  for (let o = 0; o < nOrg; o += 1) {
    for (const f of foraByPopularity.distinct(structure, structure.pareto(1.5, 1.6, 40))) {
      orgEngagements.push(o, f);
      forumOrgs[f].push(o);
    }
  }
  // One organisation in NETWORK_EVERY is a network; half of the others are members of one.
  const memberships = new Pairs();
  for (let o = 0; o < nOrg; o += 1) {
    if (o % NETWORK_EVERY !== 0 && structure.chance(0.5)) {
      const n = networksByPopularity.draw(structure) * NETWORK_EVERY;
      if (n < nOrg) memberships.push(o, n);
    }
  }
  // People work for one organisation, some for two; three in ten also engage in a forum or two themselves.
  const affiliations = new Pairs();
  const personEngagements = new Pairs();
  const firstEmployer = new Int32Array(nPeople).fill(-1);
  for (let p = 0; p < nPeople; p += 1) {
    for (const o of orgsByPopularity.distinct(structure, structure.chance(0.2) ? 2 : 1)) {
      affiliations.push(p, o);
      if (firstEmployer[p] < 0) firstEmployer[p] = o;
    }
    if (structure.chance(0.3))
      for (const f of foraByPopularity.distinct(structure, structure.between(1, 2)))
        personEngagements.push(p, f);
  }
  // Events belong to fora (big fora hold many); participants are mostly the forum's own organisations and people at large.
  const eventForum = new Int32Array(nEvents);
  const orgParticipations = new Pairs();
  const personParticipations = new Pairs();
  for (let e = 0; e < nEvents; e += 1) {
    const f = foraByPopularity.draw(structure);
    eventForum[e] = f;
    const wanted = structure.pareto(3, 1.6, 300);
    const orgs = new Set<number>();
    const people = new Set<number>();
    for (let i = 0; i < wanted; i += 1) {
      if (structure.chance(0.4))
        orgs.add(
          forumOrgs[f].length && structure.chance(0.8)
            ? structure.pick(forumOrgs[f])
            : orgsByPopularity.draw(structure),
        );
      else people.add(peopleByActivity.draw(structure));
    }
    for (const o of orgs) orgParticipations.push(o, e);
    for (const p of people) personParticipations.push(p, e);
  }

  // Entities: every property is a pure function of (seed, type, index).
  const organisation = (i: number): Row => {
    const r = new Random(seed, `Organisation:${i}`);
    const isNetwork = i % NETWORK_EVERY === 0;
    const country = r.pick(words.COUNTRIES);
    let name = `${r.pick(words.ORG_QUALIFIERS)} ${r.pick(words.ORG_SUBJECTS)} ${isNetwork ? 'Network' : r.pick(words.ORG_FORMS)}`;
    if (r.chance(0.5)) name += ` of ${words.CITIES[country]}`;
    const acronym = r.chance(0.6) ? initials(name) : null;
    const slug = `${slugify(name)}-${i}`;
    const props = entityBase(
      key('Organisation', i),
      slug,
      name,
      acronym,
      r.chance(0.1) ? [`${name} (former)`] : [],
      sources(r, name),
      now,
    );
    props.kind = isNetwork ? OrganisationKind.CSO_NETWORK : r.pick(ORG_KINDS);
    props.countries = r.chance(0.2)
      ? [country, r.pick(words.COUNTRIES)].filter((c, j, a) => a.indexOf(c) === j)
      : [country];
    if (acronym) props.acronym = acronym;
    if (r.chance(0.5)) props.website = `https://${slug}.example.org`;
    return props;
  };
  const forum = (i: number): Row => {
    const r = new Random(seed, `Forum:${i}`);
    const kind = r.pick(FORUM_KINDS);
    const name = `${r.pick(words.ORG_QUALIFIERS)} ${r.pick(words.FORUM_FORMS[kind])} ${r.pick(words.FORUM_TOPICS)}`;
    const acronym = initials(name);
    const props = entityBase(
      key('Forum', i),
      `${slugify(name)}-${i}`,
      name,
      acronym,
      [],
      sources(r, name),
      now,
    );
    Object.assign(props, { kind, level: r.pick(LEVELS), acronym });
    if (r.chance(0.5)) props.website = `https://${props.slug as string}.example.org`;
    return props;
  };
  const person = (i: number): Row => {
    const r = new Random(seed, `Person:${i}`);
    const name = `${r.pick(words.FIRST_NAMES)} ${r.pick(words.LAST_NAMES)}`;
    const props = entityBase(
      key('Person', i),
      `${slugify(name)}-${i}`,
      name,
      null,
      [],
      sources(r, name),
      now,
    );
    if (r.chance(0.7)) props.title = r.pick(words.TITLES);
    return props;
  };
  const event = (i: number): Row => {
    const r = new Random(seed, `Event:${i}`);
    const kind = r.pick(EVENT_KINDS);
    const year = r.between(2005, 2025);
    const month = r.between(1, 12);
    const day = r.between(1, 25);
    const country = r.pick(words.COUNTRIES);
    const forumName = forum(eventForum[i]).acronym as string;
    const name = `${forumName} ${kind.toLowerCase().replace('_', ' ')} ${words.CITIES[country]} ${year}`;
    const props = entityBase(
      key('Event', i),
      `${slugify(name)}-${i}`,
      name,
      null,
      [],
      sources(r, name),
      now,
    );
    Object.assign(props, {
      kind,
      startDate: `${year}-${pad(month)}-${pad(day)}`,
      endDate: `${year}-${pad(month)}-${pad(day + r.between(0, 3))}`,
      city: words.CITIES[country],
      country,
    });
    return props;
  };

  const entitySection = (
    name: string,
    query: string,
    total: number,
    make: (i: number) => Row,
  ): Section => ({
    name,
    query,
    total,
    *rows() {
      for (let i = 0; i < total; i += 1) yield make(i);
    },
  });
  const tieSection = (
    name: TieType,
    query: string,
    pairs: Pairs,
    fromType: string,
    toType: string,
    extra?: (props: Row, from: number, r: Random) => void,
  ): Section => {
    const section = `${name}:${fromType}`;
    return {
      name,
      query,
      total: pairs.length,
      *rows() {
        for (let i = 0; i < pairs.length; i += 1) {
          const r = new Random(seed, `${section}:${i}`);
          const props = tieProps(
            r,
            key(section, i),
            name === TieType.ENGAGES_IN
              ? ENGAGEMENT_ROLES
              : name === TieType.PARTICIPATES_IN
                ? PARTICIPATION_ROLES
                : TIE_ROLES[name],
            now,
          );
          extra?.(props, pairs.from[i], r);
          yield { from: key(fromType, pairs.from[i]), to: key(toType, pairs.to[i]), props };
        }
      },
    };
  };
  const partOf = new Pairs();
  for (let e = 0; e < nEvents; e += 1) partOf.push(e, eventForum[e]);

  const sections: Section[] = [
    entitySection('Organisation', 'generate/organisations', nOrg, organisation),
    entitySection('Forum', 'generate/fora', nFora, forum),
    entitySection('Person', 'generate/people', nPeople, person),
    entitySection('Event', 'generate/events', nEvents, event),
    tieSection(TieType.ENGAGES_IN, 'generate/engagements', orgEngagements, 'Organisation', 'Forum'),
    tieSection(
      TieType.ENGAGES_IN,
      'generate/engagements',
      personEngagements,
      'Person',
      'Forum',
      (props, p, r) => {
        if (r.chance(0.5) && firstEmployer[p] >= 0)
          props.onBehalfOf = key('Organisation', firstEmployer[p]);
      },
    ),
    tieSection(
      TieType.MEMBER_OF,
      'generate/memberships',
      memberships,
      'Organisation',
      'Organisation',
    ),
    tieSection(
      TieType.AFFILIATED_WITH,
      'generate/affiliations',
      affiliations,
      'Person',
      'Organisation',
    ),
    tieSection(TieType.PART_OF, 'generate/parts', partOf, 'Event', 'Forum'),
    tieSection(
      TieType.PARTICIPATES_IN,
      'generate/participations',
      orgParticipations,
      'Organisation',
      'Event',
    ),
    tieSection(
      TieType.PARTICIPATES_IN,
      'generate/participations',
      personParticipations,
      'Person',
      'Event',
    ),
  ];
  const counts: Record<string, number> = {};
  for (const s of sections) counts[s.name] = (counts[s.name] ?? 0) + s.total;

  const engagementsPerForum = new Int32Array(nFora);
  for (let i = 0; i < orgEngagements.length; i += 1) engagementsPerForum[orgEngagements.to[i]] += 1;
  for (let i = 0; i < personEngagements.length; i += 1)
    engagementsPerForum[personEngagements.to[i]] += 1;
  const brief = (make: (i: number) => Row) => (i: number) => {
    const p = make(i);
    return { key: p.id as string, slug: p.slug as string, name: p.name as string };
  };
  const spread = (n: number, max: number) =>
    Array.from({ length: Math.min(n, max) }, (_v, j) => Math.floor((j * n) / Math.min(n, max)));
  const orgSection = `${TieType.ENGAGES_IN}:Organisation`;
  const sample: NetworkSample = {
    fora: Array.from({ length: nFora }, (_v, i) => ({
      ...brief(forum)(i),
      engagements: engagementsPerForum[i],
    })).sort((a, b) => b.engagements - a.engagements),
    organisations: spread(nOrg, 1000).map(brief(organisation)),
    people: spread(nPeople, 500).map(brief(person)),
    engagements: spread(orgEngagements.length, 2000).map((i) => ({
      key: key(orgSection, i),
      from: key('Organisation', orgEngagements.from[i]),
      to: key('Forum', orgEngagements.to[i]),
    })),
  };
  return { size, sections, counts, sample };
}
