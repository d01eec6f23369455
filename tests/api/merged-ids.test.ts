/**
 * Merged ids are read-only aliases. After mergeX(keep: A, remove: B), reads given B answer A;
 * every write given B answers NOT_FOUND naming A's id, and changes nothing.
 *
 * The mutations are enumerated from the schema (introspection), and so is every argument that
 * takes an ID, inputs included: a new mutation, or a new ID field, without a case here fails
 * the first test. Each case then sends one merged id (or, for types that cannot be merged, an
 * id whose type prefix is not the stored entity's) and re-checks the database.
 *
 * The world (built once; every case must leave it as it was):
 *
 *   orgA ◀─merged─ orgB      personA ◀─merged─ personB      forumA ◀─merged─ forumB
 *   eventA ◀─merged─ eventB  orgC, network (organisations)   instrument, topic
 *   orgA ─ENGAGES_IN─▶ forumA   personA ─AFFILIATED_WITH─▶ orgA   personA ─PARTICIPATES_IN─▶ eventA
 *   orgA ─MEMBER_OF─▶ network   eventA ─PART_OF─▶ forumA   forumA ─ADOPTED─▶ instrument
 *   orgA ─WORKS_ON─▶ topic
 */
import { toGlobalId } from '../../src/domain/ids';
import { EntityType } from '../../src/domain/model';
import { useTestApp } from '../helpers/app';
import {
  Created,
  create,
  engages,
  event,
  forum,
  organisation,
  person,
  tie,
} from '../helpers/fixtures';

interface World {
  orgA: Created;
  orgB: Created;
  orgC: Created;
  network: Created;
  personA: Created;
  personB: Created;
  forumA: Created;
  forumB: Created;
  eventA: Created;
  eventB: Created;
  instrument: Created;
  topic: Created;
  ties: Record<string, string>;
}

type EntityName = Exclude<keyof World, 'ties'>;
const ent = (w: World, name: EntityName): Created => w[name];

/** The global id of `e`'s stored key under another type prefix (a crafted id). */
const retyped = (type: EntityType, e: Created) =>
  toGlobalId(type, Buffer.from(e.id, 'base64url').toString('utf8').split(':')[1]);

/** What a case expects: a write refused because an id was merged into `into`, or another refusal. */
type Expect = { merged: EntityName } | { code: string; message: RegExp } | { importRefused: true };

interface Case {
  /** The ID arguments this case sends a merged (or crafted) id in, as paths: "id", "input.onBehalfOf". */
  covers: string[];
  query: string;
  variables: (w: World) => Record<string, unknown>;
  expect: Expect;
}

const TIES = [
  'Engagement',
  'Affiliation',
  'Membership',
  'Participation',
  'PartOf',
  'Adoption',
  'WorkOn',
] as const;
const ON_BEHALF = new Set(['Engagement', 'Affiliation', 'Participation']);
const MERGEABLE: Record<
  string,
  { plural: string; a: EntityName; b: EntityName; other: EntityName | null }
> = {
  Organisation: { plural: 'Organisations', a: 'orgA', b: 'orgB', other: 'orgC' },
  Person: { plural: 'People', a: 'personA', b: 'personB', other: null },
  Forum: { plural: 'Fora', a: 'forumA', b: 'forumB', other: null },
  Event: { plural: 'Events', a: 'eventA', b: 'eventB', other: null },
};
/** Types with no merge mutation: their ids cannot be merged away, so their cases send a crafted id instead. */
const UNMERGEABLE = [EntityType.Instrument, EntityType.Topic];

const addTie = (
  kind: string,
  input: (w: World) => Record<string, unknown>,
  covers: string,
  merged: EntityName,
): Case => ({
  covers: [covers],
  query: `mutation($input: ${kind}Input!) { add${kind}(input: $input) { id } }`,
  variables: (w) => ({ input: input(w) }),
  expect: { merged },
});

/** Every mutation: its cases, or why it takes no entity id at all. */
/** Mutations whose ID arguments name something other than an entity (a webhook): nothing to merge. */
type OtherIds = { notEntityIds: string[]; why: string };
const CASES: Record<string, Case[] | { noIdArgument: string } | OtherIds> = {
  addEngagement: [
    addTie(
      'Engagement',
      (w) => ({ from: w.orgB.id, to: w.forumA.id, role: 'CHAIR' }),
      'input.from',
      'orgA',
    ),
    addTie(
      'Engagement',
      (w) => ({ from: w.orgC.id, to: w.forumB.id, role: 'CHAIR' }),
      'input.to',
      'forumA',
    ),
    addTie(
      'Engagement',
      (w) => ({ from: w.personA.id, to: w.forumA.id, role: 'CHAIR', onBehalfOf: w.orgB.id }),
      'input.onBehalfOf',
      'orgA',
    ),
  ],
  addAffiliation: [
    addTie(
      'Affiliation',
      (w) => ({ from: w.personB.id, to: w.orgC.id, role: 'STAFF' }),
      'input.from',
      'personA',
    ),
    addTie(
      'Affiliation',
      (w) => ({ from: w.personA.id, to: w.orgB.id, role: 'STAFF' }),
      'input.to',
      'orgA',
    ),
    addTie(
      'Affiliation',
      (w) => ({ from: w.personA.id, to: w.orgC.id, role: 'STAFF', onBehalfOf: w.orgB.id }),
      'input.onBehalfOf',
      'orgA',
    ),
  ],
  addMembership: [
    addTie(
      'Membership',
      (w) => ({ from: w.orgB.id, to: w.network.id, role: 'FOUNDER' }),
      'input.from',
      'orgA',
    ),
    addTie(
      'Membership',
      (w) => ({ from: w.orgC.id, to: w.orgB.id, role: 'MEMBER' }),
      'input.to',
      'orgA',
    ),
  ],
  addParticipation: [
    addTie(
      'Participation',
      (w) => ({ from: w.personB.id, to: w.eventA.id, role: 'HOST' }),
      'input.from',
      'personA',
    ),
    addTie(
      'Participation',
      (w) => ({ from: w.personA.id, to: w.eventB.id, role: 'HOST' }),
      'input.to',
      'eventA',
    ),
    addTie(
      'Participation',
      (w) => ({ from: w.orgC.id, to: w.eventA.id, role: 'HOST', onBehalfOf: w.orgB.id }),
      'input.onBehalfOf',
      'orgA',
    ),
  ],
  addPartOf: [
    addTie(
      'PartOf',
      (w) => ({ from: w.eventB.id, to: w.forumA.id, since: '2020' }),
      'input.from',
      'eventA',
    ),
    addTie(
      'PartOf',
      (w) => ({ from: w.eventA.id, to: w.forumB.id, since: '2020' }),
      'input.to',
      'forumA',
    ),
  ],
  addAdoption: [
    addTie(
      'Adoption',
      (w) => ({ from: w.forumB.id, to: w.instrument.id, since: '2020' }),
      'input.from',
      'forumA',
    ),
    {
      covers: ['input.to'],
      query: 'mutation($input: AdoptionInput!) { addAdoption(input: $input) { id } }',
      variables: (w) => ({
        input: { from: w.forumA.id, to: retyped(EntityType.Instrument, w.orgC), since: '2020' },
      }),
      expect: { code: 'NOT_FOUND', message: /No Instrument has the id/ },
    },
  ],
  addWorkOn: [
    addTie(
      'WorkOn',
      (w) => ({ from: w.orgB.id, to: w.topic.id, role: 'PROMOTES' }),
      'input.from',
      'orgA',
    ),
    {
      covers: ['input.to'],
      query: 'mutation($input: WorkOnInput!) { addWorkOn(input: $input) { id } }',
      variables: (w) => ({
        input: { from: w.orgA.id, to: retyped(EntityType.Topic, w.orgC), role: 'PROMOTES' },
      }),
      expect: { code: 'NOT_FOUND', message: /No Topic has the id/ },
    },
  ],
  erasePerson: [
    {
      covers: ['id'],
      query: 'mutation($id: ID!) { erasePerson(id: $id) { id } }',
      variables: (w) => ({ id: w.personB.id }),
      expect: { merged: 'personA' },
    },
  ],
  createWebhook: [
    {
      covers: ['input.filter.forum'],
      query:
        'mutation($f: ID!) { createWebhook(input: {url: "https://hooks.example.org/in", filter: {forum: $f}}) { webhook { id } } }',
      variables: (w) => ({ f: w.forumB.id }),
      expect: { merged: 'forumA' },
    },
    {
      covers: ['input.filter.target'],
      query:
        'mutation($t: ID!) { createWebhook(input: {url: "https://hooks.example.org/in", filter: {target: $t}}) { webhook { id } } }',
      variables: (w) => ({ t: w.orgB.id }),
      expect: { merged: 'orgA' },
    },
  ],
  importRecords: [
    {
      // The ids sit in the file, not in an ID argument: the row is refused in the report (not a GraphQL error).
      covers: [],
      query:
        'mutation($input: ImportInput!) { importRecords(input: $input) { created failed errors { column reason } } }',
      variables: (w) => ({
        input: {
          files: [
            {
              name: 'engagements.csv',
              content: `from,to,role,onBehalfOf\n${w.orgB.id},${w.forumA.id},OBSERVER,\n${w.personA.id},${w.forumB.id},OBSERVER,\n${w.personA.id},${w.forumA.id},OBSERVER,${w.orgB.id}\n`,
            },
          ],
        },
      }),
      expect: { importRefused: true },
    },
  ],
};

for (const name of [
  'deleteWebhook',
  'pauseWebhook',
  'resumeWebhook',
  'replayWebhook',
  'rotateWebhookSecret',
])
  CASES[name] = { notEntityIds: ['id'], why: "a webhook's id: webhooks are not merged" };
for (const type of [...Object.keys(MERGEABLE), ...UNMERGEABLE]) {
  CASES[`create${type}`] = {
    noIdArgument: 'creates a new entity from names, slugs, identifiers and sources',
  };
}
for (const [type, m] of Object.entries(MERGEABLE)) {
  CASES[`update${type}`] = [
    {
      covers: ['id'],
      query: `mutation($id: ID!) { update${type}(id: $id, input: { name: "Changed" }) { id } }`,
      variables: (w) => ({ id: ent(w, m.b).id }),
      expect: { merged: m.a },
    },
  ];
  CASES[`delete${type}`] = [
    {
      covers: ['id'],
      query: `mutation($id: ID!) { delete${type}(id: $id, detach: true) { id } }`,
      variables: (w) => ({ id: ent(w, m.b).id }),
      expect: { merged: m.a },
    },
  ];
  const other = m.other ?? m.a;
  CASES[`merge${m.plural}`] = [
    {
      covers: ['keep'],
      query: `mutation($k: ID!, $r: ID!) { merge${m.plural}(keep: $k, remove: $r) { id } }`,
      variables: (w) => ({ k: ent(w, m.b).id, r: ent(w, other).id }),
      expect: { merged: m.a },
    },
    {
      covers: ['remove'],
      query: `mutation($k: ID!, $r: ID!) { merge${m.plural}(keep: $k, remove: $r) { id } }`,
      variables: (w) => ({ k: ent(w, other).id, r: ent(w, m.b).id }),
      expect: { merged: m.a },
    },
  ];
}
for (const type of UNMERGEABLE) {
  // An Instrument or Topic id cannot be merged away; a crafted one that names the merged
  // organisation's key (a redirect exists for it) is not found, and is not followed either.
  const crafted = (w: World) => retyped(type, w.orgB);
  const wrongType = (w: World) => retyped(type, w.orgA);
  const notFound = { code: 'NOT_FOUND', message: new RegExp(`No ${type} has the id`) };
  CASES[`update${type}`] = [
    {
      covers: ['id'],
      query: `mutation($id: ID!) { update${type}(id: $id, input: { name: "Changed" }) { id } }`,
      variables: (w) => ({ id: crafted(w) }),
      expect: notFound,
    },
    {
      covers: ['id'],
      query: `mutation($id: ID!) { update${type}(id: $id, input: { name: "Changed" }) { id } }`,
      variables: (w) => ({ id: wrongType(w) }),
      expect: notFound,
    },
  ];
  CASES[`delete${type}`] = [
    {
      covers: ['id'],
      query: `mutation($id: ID!) { delete${type}(id: $id, detach: true) { id } }`,
      variables: (w) => ({ id: crafted(w) }),
      expect: notFound,
    },
    {
      covers: ['id'],
      query: `mutation($id: ID!) { delete${type}(id: $id, detach: true) { id } }`,
      variables: (w) => ({ id: wrongType(w) }),
      expect: notFound,
    },
  ];
}
for (const kind of TIES) {
  // A tie's id is never merged (ties move with their ids); a merged entity's id is not a tie id.
  const notATie = {
    code: 'BAD_USER_INPUT',
    message: new RegExp(
      `is not the id of an? ${{ Engagement: 'ENGAGES_IN', Affiliation: 'AFFILIATED_WITH', Membership: 'MEMBER_OF', Participation: 'PARTICIPATES_IN', PartOf: 'PART_OF', Adoption: 'ADOPTED', WorkOn: 'WORKS_ON' }[kind]} tie`,
    ),
  };
  CASES[`remove${kind}`] = [
    {
      covers: ['id'],
      query: `mutation($id: ID!) { remove${kind}(id: $id) { id } }`,
      variables: (w) => ({ id: w.orgB.id }),
      expect: notATie,
    },
  ];
  const update: Case[] = [
    {
      covers: ['id'],
      query: `mutation($id: ID!) { update${kind}(id: $id, input: { note: "x" }) { id } }`,
      variables: (w) => ({ id: w.orgB.id }),
      expect: notATie,
    },
  ];
  if (ON_BEHALF.has(kind)) {
    update.push({
      covers: ['input.onBehalfOf'],
      query: `mutation($id: ID!, $b: ID) { update${kind}(id: $id, input: { onBehalfOf: $b }) { id } }`,
      variables: (w) => ({ id: w.ties[kind], b: w.orgB.id }),
      expect: { merged: 'orgA' },
    });
  }
  CASES[`update${kind}`] = update;
}

/** Every path to an argument or input field of type ID (lists unwrapped), e.g. "input.onBehalfOf". */
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
const TYPE_REF =
  'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
function named(t: TypeRef): TypeRef {
  return t.ofType ? named(t.ofType) : t;
}

describe('merged ids are read-only aliases', () => {
  const app = useTestApp();
  let w: World;

  /** Everything a write could change: node and relationship counts, and every entity's and tie's version. */
  async function snapshot() {
    const [counts] = await app.cypher(
      'MATCH (n) WHERE NOT n:ApiKey WITH count(n) AS nodes RETURN nodes, COUNT { ()-[]->() } AS rels',
    );
    const entities = await app.cypher(
      'MATCH (n:Entity) RETURN n.id AS id, n.version AS version, n.name AS name ORDER BY id',
    );
    const ties = await app.cypher(
      'MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN r.id AS id, r.version AS version, r.onBehalfOf AS behalf ORDER BY id',
    );
    const redirects = await app.cypher(
      'MATCH (r:Redirect) RETURN r.fromKey AS fromKey, r.toKey AS toKey ORDER BY fromKey',
    );
    return { nodes: Number(counts.nodes), rels: Number(counts.rels), entities, ties, redirects };
  }

  async function mergeAway(plural: string, keep: Created, remove: Created) {
    const res = await app.gql(
      `mutation($k: ID!, $r: ID!) { merge${plural}(keep: $k, remove: $r) { id } }`,
      { k: keep.id, r: remove.id },
    );
    expect(res.body.errors).toBeUndefined();
  }

  beforeAll(async () => {
    await app.wipe();
    const orgA = await organisation(app, 'Alpha Health Alliance');
    const orgB = await organisation(app, 'Alpha Alliance (duplicate)');
    const personA = await person(app, 'Ada Obi');
    const personB = await person(app, 'A. Obi');
    const forumA = await forum(app, 'Workforce Coalition');
    const forumB = await forum(app, 'Workforce Coalition (old)');
    const eventA = await event(app, 'Summit 2024');
    const eventB = await event(app, 'Summit 2024 (copy)');
    w = {
      orgA,
      orgB,
      orgC: await organisation(app, 'Charlie Nurses Union'),
      network: await organisation(app, 'Delta Network'),
      personA,
      personB,
      forumA,
      forumB,
      eventA,
      eventB,
      instrument: await create(app, 'Instrument', { name: 'Code of Practice' }),
      topic: await create(app, 'Topic', { name: 'Migration' }),
      ties: {},
    };
    // Ties on the records that will be merged away, so that the kept ones carry something to lose.
    w.ties.Engagement = (await engages(app, orgB, forumB, 'MEMBER')).id;
    w.ties.Affiliation = (
      await tie(app, 'Affiliation', { from: personB.id, to: orgB.id, role: 'STAFF' })
    ).id;
    w.ties.Participation = (
      await tie(app, 'Participation', {
        from: personB.id,
        to: eventB.id,
        role: 'SPEAKER',
        onBehalfOf: orgA.id,
      })
    ).id;
    w.ties.Membership = (
      await tie(app, 'Membership', { from: orgB.id, to: w.network.id, role: 'MEMBER' })
    ).id;
    w.ties.PartOf = (await tie(app, 'PartOf', { from: eventB.id, to: forumA.id })).id;
    w.ties.Adoption = (await tie(app, 'Adoption', { from: forumB.id, to: w.instrument.id })).id;
    w.ties.WorkOn = (
      await tie(app, 'WorkOn', { from: orgB.id, to: w.topic.id, role: 'ADVOCATES' })
    ).id;
    await mergeAway('Organisations', orgA, orgB);
    await mergeAway('People', personA, personB);
    await mergeAway('Fora', forumA, forumB);
    await mergeAway('Events', eventA, eventB);
  });

  it('has a case for every mutation, and for every ID argument of it (from the schema)', async () => {
    const res = await app.gql(`{
      __schema { mutationType { fields { name args { name type { ${TYPE_REF} } } } }
        types { name kind inputFields { name type { ${TYPE_REF} } } } }
    }`);
    expect(res.body.errors).toBeUndefined();
    const schema = res.body.data!.__schema;
    const inputs = new Map<string, Array<{ name: string; type: TypeRef }>>(
      schema.types
        .filter((t: any) => t.kind === 'INPUT_OBJECT')
        .map((t: any) => [t.name, t.inputFields]),
    );
    const idPaths = (prefix: string, t: TypeRef, seen: Set<string>): string[] => {
      const n = named(t);
      if (n.kind === 'SCALAR') return n.name === 'ID' ? [prefix] : [];
      if (n.kind !== 'INPUT_OBJECT' || seen.has(n.name!)) return [];
      return inputs
        .get(n.name!)!
        .flatMap((f) => idPaths(`${prefix}.${f.name}`, f.type, new Set([...seen, n.name!])));
    };
    const mutations: Array<{ name: string; args: Array<{ name: string; type: TypeRef }> }> =
      schema.mutationType.fields;
    expect(mutations.map((m) => m.name).sort()).toEqual(Object.keys(CASES).sort());
    for (const m of mutations) {
      const paths = m.args.flatMap((a) => idPaths(a.name, a.type, new Set()));
      const cases = CASES[m.name];
      const covered =
        'noIdArgument' in cases
          ? []
          : 'notEntityIds' in cases
            ? cases.notEntityIds
            : [...new Set(cases.flatMap((c) => c.covers))];
      expect({ mutation: m.name, idArguments: paths.sort() }).toEqual({
        mutation: m.name,
        idArguments: covered.sort(),
      });
    }
  });

  const rows = Object.entries(CASES).flatMap(([name, cases]) =>
    'noIdArgument' in cases || 'notEntityIds' in cases
      ? []
      : cases.map(
          (c, i) => [`${name} #${i + 1} (${c.covers.join(', ') || 'ids in the file'})`, c] as const,
        ),
  );

  it.each(rows)('%s: refused, naming the id to use, and nothing changes', async (_label, c) => {
    const before = await snapshot();
    const res = await app.gql(c.query, c.variables(w));
    if ('merged' in c.expect) {
      const into = ent(w, c.expect.merged).id;
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', mergedInto: into });
      expect(res.body.errors![0].message).toContain(`was merged into ${into}; use that id`);
    } else if ('importRefused' in c.expect) {
      // Every row names a merged id (from, to, onBehalfOf): each is refused with the id to use.
      expect(res.body.errors).toBeUndefined();
      const report = res.body.data!.importRecords;
      expect(report.created).toBe(0);
      expect(report.errors.map((e: { column: string }) => e.column).sort()).toEqual([
        'from',
        'onBehalfOf',
        'to',
      ]);
      const reasons = report.errors
        .map((e: { column: string; reason: string }) => `${e.column}: ${e.reason}`)
        .sort();
      expect(reasons).toEqual([
        `from: "${w.orgB.id}" was merged into ${w.orgA.id}; use that id`,
        `onBehalfOf: "${w.orgB.id}" was merged into ${w.orgA.id}; use that id`,
        `to: "${w.forumB.id}" was merged into ${w.forumA.id}; use that id`,
      ]);
    } else {
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0].extensions?.code).toBe(c.expect.code);
      expect(res.body.errors![0].message).toMatch(c.expect.message);
      expect(res.body.errors![0].extensions?.mergedInto).toBeUndefined();
    }
    expect(await snapshot()).toEqual(before);
  });

  it('the same writes with the kept ids succeed (the refusals above are about the merged id, not the request)', async () => {
    const res = await app.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, input: { acronym: "AHA" }) { id acronym version } }',
      { id: w.orgA.id },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.updateOrganisation).toMatchObject({ id: w.orgA.id, acronym: 'AHA' });
    const added = await app.gql(
      'mutation($input: EngagementInput!) { addEngagement(input: $input) { id actor { ... on Organisation { id } } forum { id } } }',
      {
        input: { from: w.orgC.id, to: w.forumA.id, role: 'OBSERVER' },
      },
    );
    expect(added.body.errors).toBeUndefined();
    expect(added.body.data!.addEngagement).toMatchObject({
      actor: { id: w.orgC.id },
      forum: { id: w.forumA.id },
    });
  });
});
