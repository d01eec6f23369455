/**
 * Authorisation stays exact with the read planner: every field that needs a role answers
 * the same on the planned path and the fallback path (READ_PLANNER=false), for anonymous
 * callers, viewers, editors and admins, errors included; and what a caller may not read is
 * not even in the planned query (its text, logged at debug, names no affiliation and no
 * contact property).
 */
import { engages, forum, organisation, person, tie } from '../helpers/fixtures';
import { Twins, comparable, roundTrips, startTwins } from '../helpers/planner';

let twins: Twins;
const lines: string[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  twins = await startTwins({ logTo: (line) => lines.push(line) });
  const app = twins.planned;
  const ngo = await organisation(app, 'Nurses Alliance');
  const ana = await person(app, 'Ana Pereira', {
    contact: { email: 'ana@example.org', phone: '+41 22 000 00 00' },
  });
  const coalition = await forum(app, 'Health Workers Coalition');
  await engages(app, ana, coalition, 'PARTICIPANT', { onBehalfOf: ngo.id });
  await engages(app, ngo, coalition, 'MEMBER');
  ids.affiliation = (
    await tie(app, 'Affiliation', { from: ana.id, to: ngo.id, role: 'DIRECTOR', since: '2015' })
  ).id;
  Object.assign(ids, { ngo: ngo.id, ana: ana.id, coalition: coalition.id });
}, 120_000);

afterAll(async () => {
  await twins?.close();
});

const RESTRICTED: Array<{
  field: string;
  query: string;
  vars: () => Record<string, unknown>;
  hidden: RegExp;
  guard?: boolean;
}> = [
  {
    field: 'Person.affiliations',
    query: `query($p: ID!) { person(id: $p) { name affiliations { totalCount nodes { role organisation { name } } } } }`,
    vars: () => ({ p: ids.ana }),
    hidden: /\[\w+:AFFILIATED_WITH\]/,
  },
  {
    field: 'Organisation.people',
    query: `query($o: ID!) { organisation(id: $o) { name people(first: 5) { nodes { role person { name } } } } }`,
    vars: () => ({ o: ids.ngo }),
    hidden: /\[\w+:AFFILIATED_WITH\]/,
  },
  {
    field: 'Person.contact',
    query: `query($p: ID!) { person(id: $p) { name contact { email phone } } }`,
    vars: () => ({ p: ids.ana }),
    hidden: /contactEmail|contactPhone/,
  },
  {
    field: 'affiliations reached through a forum, a list and an alias',
    query: `query($f: ID!) { forum(id: $f) { engagements { nodes { actor { ... on Person { name a: affiliations { nodes { organisation { people { totalCount } } } } } ... on Organisation { name people { totalCount } } } } } }
      people { nodes { name affiliations { totalCount } } } }`,
    vars: () => ({ f: ids.coalition }),
    hidden: /\[\w+:AFFILIATED_WITH\]/,
  },
  {
    field: 'Engagement.onBehalfOf of a person',
    query: `query($f: ID!) { forum(id: $f) { engagements { nodes { actor { ... on Person { name } ... on Organisation { name } } onBehalfOf { name } } } } }`,
    vars: () => ({ f: ids.coalition }),
    // Organisations' onBehalfOf is public: it is fetched, but never a person's without the role.
    hidden: /WHERE NOT \w+:Person/,
    guard: true,
  },
  {
    field: 'Person.affiliations through search',
    query: `{ search(text: "ana pereira", types: [Person]) { score entity { name ... on Person { affiliations { totalCount nodes { organisation { name } } } } } } }`,
    vars: () => ({}),
    hidden: /\[\w+:AFFILIATED_WITH\]/,
  },
  {
    field: 'Person.contact through search',
    query: `{ search(text: "ana pereira") { entity { name ... on Person { contact { email phone } } } } }`,
    vars: () => ({}),
    hidden: /contactEmail|contactPhone/,
  },
  {
    field: 'an Affiliation by node(id)',
    query: `query($a: ID!) { node(id: $a) { id ... on Affiliation { role person { name } } } }`,
    vars: () => ({ a: ids.affiliation }),
    hidden: /$^/,
  },
];

const ROLES = ['anonymous', 'viewer', 'editor', 'admin'] as const;
const MAY: Record<string, (typeof ROLES)[number][]> = {
  'Person.contact': ['editor', 'admin'],
  'Person.contact through search': ['editor', 'admin'],
};

describe.each(RESTRICTED.map((r) => [r.field, r] as const))('%s', (_field, r) => {
  it.each(ROLES.map((role) => [role]))('answers alike on both paths for %s', async (role) => {
    const headers = { authorization: twins.auth[role] };
    lines.length = 0;
    const planned = await twins.planned.gql(r.query, r.vars(), headers);
    const fallback = await twins.fallback.gql(r.query, r.vars(), headers);
    expect(comparable(planned)).toEqual(comparable(fallback));
    const allowed = (MAY[r.field] ?? ['viewer', 'editor', 'admin']).includes(role);
    const codes = (planned.body.errors ?? []).map((e) => e.extensions?.code);
    if (allowed) expect(codes).toEqual([]);
    else expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => c === (role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'))).toBe(
      true,
    );
    const plans = lines
      .map((l) => JSON.parse(l) as { msg?: string; cypher?: string })
      .filter((l) => l.msg === 'planned read');
    if (r.field !== 'an Affiliation by node(id)') {
      // Entity roots and search are planned in one query; what the caller may not read is not in it.
      expect(roundTrips(planned)).toBe(Object.keys(planned.body.data ?? {}).length);
      expect(plans.length).toBeGreaterThan(0);
      for (const p of plans) {
        if (r.guard) expect(r.hidden.test(p.cypher ?? '')).toBe(!allowed);
        else expect(!allowed && r.hidden.test(p.cypher ?? '')).toBe(false);
      }
      // And the same text for a caller who may read it does name it.
      if (allowed && !r.guard) expect(plans.some((p) => r.hidden.test(p.cypher ?? ''))).toBe(true);
    } else {
      expect(plans).toEqual([]);
    }
  });
});
