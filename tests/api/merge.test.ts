import { likeness } from '../../src/domain/duplicates';
import { useTestApp } from '../helpers/app';
import { codeOf, engages, event, forum, organisation, person, tie } from '../helpers/fixtures';

describe('likeness (pure rules)', () => {
  const e = (
    name: string,
    extra: Partial<{
      aliases: string[];
      acronym: string;
      identifiers: Array<{ scheme: string; value: string }>;
    }> = {},
  ) => ({
    key: name,
    name,
    aliases: extra.aliases ?? [],
    acronym: extra.acronym ?? null,
    identifiers: extra.identifiers ?? [],
  });
  it('ranks a shared identifier over a folded name over an alias over an acronym', () => {
    expect(
      likeness(
        e('A', { identifiers: [{ scheme: 'wikidata', value: 'Q1' }] }),
        e('B', { identifiers: [{ scheme: 'wikidata', value: 'Q1' }] }),
      ).score,
    ).toBe(1);
    expect(likeness(e('Médecins Sans Frontières'), e('Medecins sans frontieres')).score).toBe(0.95);
    expect(likeness(e('Wemos'), e('Wemos Foundation', { aliases: ['Wemos'] })).score).toBe(0.9);
    expect(
      likeness(e('Medicus Mundi International', { acronym: 'MMI' }), e('MMI')).reasons,
    ).toContain('acronym matches');
    expect(
      likeness(e('Health Workers for All Coalition'), e('Health Worker for All Coalition')).score,
    ).toBeGreaterThan(0.8);
    expect(likeness(e('Wemos'), e('World Health Organization')).score).toBe(0);
  });
});

describe('duplicates and merge through GraphQL', () => {
  const app = useTestApp({ wipe: 'each' });

  it('finds likely duplicates with a score and the reason', async () => {
    await organisation(app, 'Médecins Sans Frontières', { acronym: 'MSF' });
    await organisation(app, 'Medecins Sans Frontieres', { slug: 'msf-2' });
    await organisation(app, 'MSF');
    await organisation(app, 'Wemos');
    const res = await app.gql(
      '{ duplicateCandidates(type: Organisation) { score reasons a { name } b { name } } }',
    );
    expect(res.body.errors).toBeUndefined();
    const found = res.body.data!.duplicateCandidates;
    expect(found[0]).toMatchObject({ score: 0.95, reasons: expect.arrayContaining(['same name']) });
    expect(found.map((c: any) => [c.a.name, c.b.name].sort().join(' ~ '))).toEqual(
      expect.arrayContaining(['MSF ~ Médecins Sans Frontières']),
    );
    expect(found.some((c: any) => c.a.name === 'Wemos' || c.b.name === 'Wemos')).toBe(false);
    const anon = await app.gql(
      '{ duplicateCandidates(type: Organisation) { score } }',
      {},
      { authorization: '' },
    );
    expect(codeOf(anon)).toBe('UNAUTHENTICATED');
  });

  it('merges in one transaction: every tie, identifier, alias and source moves, the old id redirects, history records it', async () => {
    const keep = await organisation(app, 'Medicus Mundi International', {
      acronym: 'MMI',
      identifiers: [{ scheme: 'wikidata', value: 'Q1' }],
      sources: [{ title: 'A' }],
    });
    const remove = await organisation(app, 'MMI Network', {
      aliases: ['Network Medicus Mundi'],
      countries: ['CH'],
      website: 'https://www.medicusmundi.org',
      identifiers: [{ scheme: 'org-id', value: 'CH-1' }],
      sources: [{ title: 'B' }],
    });
    const f = await forum(app, 'Coalition');
    const wemos = await organisation(app, 'Wemos');
    const p = await person(app, 'Someone');
    const ev = await event(app, 'Meeting');
    await engages(app, keep, f, 'MEMBER');
    await engages(app, remove, f, 'FOUNDER', { since: '2018-05-20' });
    await tie(app, 'Membership', { from: wemos.id, to: remove.id, role: 'MEMBER' });
    await tie(app, 'Membership', { from: keep.id, to: remove.id, role: 'MEMBER' });
    await tie(app, 'Affiliation', { from: p.id, to: remove.id, role: 'STAFF' });
    await tie(app, 'Participation', {
      from: p.id,
      to: ev.id,
      role: 'SPEAKER',
      onBehalfOf: remove.id,
    });
    const [before] = await app.cypher(
      'MATCH (n:Entity) RETURN count(n) AS entities, COUNT { ()-[r]->() WHERE NOT r:IDENTIFIED_BY } AS ties',
    );

    const res = await app.gql(
      'mutation($k: ID!, $r: ID!) { mergeOrganisations(keep: $k, remove: $r) { id name aliases countries website version identifiers { scheme value } sources { title } } }',
      { k: keep.id, r: remove.id },
    );
    expect(res.body.errors).toBeUndefined();
    const merged = res.body.data!.mergeOrganisations;
    expect(merged).toMatchObject({
      id: keep.id,
      name: 'Medicus Mundi International',
      countries: ['CH'],
      website: 'https://www.medicusmundi.org',
      version: 2,
    });
    expect(merged.aliases).toEqual(
      expect.arrayContaining(['MMI Network', 'Network Medicus Mundi']),
    );
    expect(merged.identifiers).toEqual([
      { scheme: 'org-id', value: 'CH-1' },
      { scheme: 'wikidata', value: 'Q1' },
    ]);
    expect(merged.sources.map((s: any) => s.title).sort()).toEqual(['A', 'B']);

    const [after] = await app.cypher(
      'MATCH (n:Entity) RETURN count(n) AS entities, COUNT { ()-[r]->() WHERE NOT r:IDENTIFIED_BY } AS ties',
    );
    expect(Number(after.entities)).toBe(Number(before.entities) - 1);
    // Every tie survives except the one between the two merged organisations.
    expect(Number(after.ties)).toBe(Number(before.ties) - 1);
    const [refs] = await app.cypher(
      'MATCH (k:Organisation {slug: $s}) RETURN COUNT { (k)-[:ENGAGES_IN]->() } AS eng, COUNT { (k)<-[:MEMBER_OF]-() } AS members, COUNT { (k)<-[:AFFILIATED_WITH]-() } AS staff, COUNT { ()-[x:PARTICIPATES_IN]->() WHERE x.onBehalfOf = k.id } AS behalf',
      { s: keep.slug },
    );
    expect([refs.eng, refs.members, refs.staff, refs.behalf].map(Number)).toEqual([2, 1, 1, 1]);

    const old = await app.gql(
      'query($id: ID!) { node(id: $id) { id ... on Organisation { name } } organisation(id: $id) { name } }',
      { id: remove.id },
    );
    expect(old.body.data!.node).toEqual({ id: keep.id, name: 'Medicus Mundi International' });
    expect(old.body.data!.organisation).toEqual({ name: 'Medicus Mundi International' });

    // The old id is a read-only alias: a write through it is refused, naming the id to use (tests/api/merged-ids.test.ts covers every mutation).
    const renamed = await app.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, input: {acronym: "MMI"}) { id acronym } }',
      { id: remove.id },
    );
    expect(codeOf(renamed)).toBe('NOT_FOUND');
    expect(renamed.body.errors![0].extensions!.mergedInto).toBe(keep.id);
    const history = await app.gql(
      'query($id: ID!) { history(id: $id) { nodes { action note after } } }',
      { id: remove.id },
    );
    expect(history.body.data!.history.nodes[0]).toMatchObject({
      action: 'MERGE',
      after: null,
      note: 'merged into Medicus Mundi International',
    });
  });

  it('folds a tie that records a fact the kept entity already records, instead of making a duplicate', async () => {
    const keep = await organisation(app, 'Nurses Union');
    const remove = await organisation(app, 'Nurses Union (duplicate)');
    const f = await forum(app, 'Coalition');
    const g = await forum(app, 'Platform');
    const kept = await tie(app, 'Engagement', {
      from: keep.id,
      to: f.id,
      role: 'MEMBER',
      since: '2018-05',
      sources: [{ title: 'Register 2018' }],
    });
    const twin = await tie(app, 'Engagement', {
      from: remove.id,
      to: f.id,
      role: 'MEMBER',
      since: '2018-05',
      until: '2022',
      note: 'Left in 2022',
      sources: [{ title: 'Register 2018' }, { title: 'Annual report 2022' }],
    });
    // Another role, and another since: other facts, which move as they are.
    const chair = await tie(app, 'Engagement', {
      from: remove.id,
      to: f.id,
      role: 'CHAIR',
      since: '2018-05',
    });
    const later = await tie(app, 'Engagement', {
      from: remove.id,
      to: g.id,
      role: 'MEMBER',
      since: '2020',
    });
    await tie(app, 'Engagement', { from: keep.id, to: g.id, role: 'MEMBER', since: '2019' });

    const res = await app.gql(
      'mutation($k: ID!, $r: ID!) { mergeOrganisations(keep: $k, remove: $r) { id engagements { totalCount nodes { id role since until note sources { title } forum { name } } } } }',
      { k: keep.id, r: remove.id },
    );
    expect(res.body.errors).toBeUndefined();
    const engagements = res.body.data!.mergeOrganisations.engagements;
    expect(engagements.totalCount).toBe(4);
    const byId = new Map(engagements.nodes.map((e: any) => [e.id, e]));
    expect(byId.get(kept.id)).toMatchObject({
      role: 'MEMBER',
      since: '2018-05',
      until: '2022',
      note: 'Left in 2022',
      forum: { name: 'Coalition' },
    });
    expect((byId.get(kept.id) as any).sources.map((s: any) => s.title)).toEqual([
      'Register 2018',
      'Annual report 2022',
    ]);
    expect(byId.has(twin.id)).toBe(false);
    expect([...byId.keys()]).toEqual(expect.arrayContaining([chair.id, later.id]));
    const [db] = await app.cypher(
      'MATCH (k:Organisation {slug: $s})-[r:ENGAGES_IN]->(:Forum {slug: $f}) WHERE r.role = "MEMBER" RETURN count(r) AS n, collect(r.untilEnd)[0] AS untilEnd',
      { s: keep.slug, f: f.slug },
    );
    expect(Number(db.n)).toBe(1);
    expect(db.untilEnd).toBeTruthy();

    const folded = await app.gql('query($id: ID!) { history(id: $id) { nodes { action note } } }', {
      id: twin.id,
    });
    expect(folded.body.data!.history.nodes[0]).toEqual({
      action: 'TIE_REMOVED',
      note: `the same fact as ${kept.id}, kept in a merge`,
    });
    const took = await app.gql('query($id: ID!) { history(id: $id) { nodes { action note } } }', {
      id: kept.id,
    });
    expect(took.body.data!.history.nodes[0]).toEqual({
      action: 'TIE_UPDATED',
      note: `took what ${twin.id} added, in a merge`,
    });
    const merge = await app.gql('query($id: ID!) { history(id: $id) { nodes { action note } } }', {
      id: keep.id,
    });
    expect(merge.body.data!.history.nodes[0]).toEqual({
      action: 'MERGE',
      note: 'absorbed Nurses Union (duplicate) (2 ties moved, 1 folded into the same ties here)',
    });
  });

  it('is for admins only, refuses merging an entity with itself, and changes nothing on failure', async () => {
    const a = await organisation(app, 'A');
    const b = await organisation(app, 'B');
    const editor = await app.keyFor('editor');
    expect(
      codeOf(
        await app.gql(
          'mutation($a: ID!, $b: ID!) { mergeOrganisations(keep: $a, remove: $b) { id } }',
          { a: a.id, b: b.id },
          { authorization: editor },
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await app.gql('mutation($a: ID!) { mergeOrganisations(keep: $a, remove: $a) { id } }', {
          a: a.id,
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    await app.cypher('MATCH (n:Organisation {slug: "b"}) DETACH DELETE n');
    expect(
      codeOf(
        await app.gql(
          'mutation($a: ID!, $b: ID!) { mergeOrganisations(keep: $a, remove: $b) { id } }',
          { a: a.id, b: b.id },
        ),
      ),
    ).toBe('NOT_FOUND');
    const [row] = await app.cypher('MATCH (n:Organisation {slug: "a"}) RETURN n.version AS v');
    expect(Number(row.v)).toBe(1);
  });
});
