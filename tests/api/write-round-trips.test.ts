/**
 * Writes in one round trip: every mutation of an entity or a tie sends one query, which checks,
 * writes and records history, and its payload's own fields come from that query's answer, not
 * from a second read (the x-db-queries header counts every query sent). A failed check costs
 * the same one query and writes nothing.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { codeOf, engages, forum, organisation } from '../helpers/fixtures';

const queriesOf = (res: { headers: Headers }) => Number(res.headers.get('x-db-queries'));

describe('write round trips', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('create, update and delete an entity: one query each, the payload from the write', async () => {
    const created = await app.gql(
      'mutation { createOrganisation(input: {name: "One Trip", acronym: "OT", aliases: ["Single Trip"], identifiers: [{scheme: "wikidata", value: "Q1"}]}) { id slug name acronym aliases version identifiers { scheme value } } }',
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data!.createOrganisation).toMatchObject({
      slug: 'one-trip',
      acronym: 'OT',
      aliases: ['Single Trip'],
      version: 1,
      identifiers: [{ scheme: 'wikidata', value: 'Q1' }],
    });
    expect(queriesOf(created)).toBe(1);
    const { id } = created.body.data!.createOrganisation;

    const updated = await app.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: {aliases: ["one trip", "Another Trip"]}) { id name aliases version } }',
      { id },
    );
    expect(updated.body.errors).toBeUndefined();
    // "one trip" is the name itself (aliases never repeat it), although the input left the name out.
    expect(updated.body.data!.updateOrganisation).toEqual({
      id,
      name: 'One Trip',
      aliases: ['Another Trip'],
      version: 2,
    });
    expect(queriesOf(updated)).toBe(1);
    const [stored] = await app.cypher(
      'MATCH (o:Organisation {slug: "one-trip"}) RETURN o.searchText AS searchText, o.version AS version',
    );
    expect(stored.searchText).toBe('One Trip | OT | Another Trip');
    expect(Number(stored.version)).toBe(2);

    const stale = await app.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: {name: "Stale"}) { id } }',
      { id },
    );
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.body.errors![0].extensions).toMatchObject({ currentVersion: 2 });
    expect(queriesOf(stale)).toBe(1);

    const history = await app.gql(
      'query($id: ID!) { history(id: $id) { nodes { action before after } } }',
      { id },
    );
    expect(history.body.errors).toBeUndefined();
    const [update, create] = history.body.data!.history.nodes;
    expect(create.action).toBe('CREATE');
    expect(update.action).toBe('UPDATE');
    expect(update.before).toMatchObject({
      id,
      aliases: ['Single Trip'],
      version: 1,
      identifiers: [{ scheme: 'wikidata', value: 'Q1' }],
    });
    expect(update.after).toMatchObject({
      id,
      aliases: ['Another Trip'],
      version: 2,
      identifiers: [{ scheme: 'wikidata', value: 'Q1' }],
    });

    const deleted = await app.gql(
      'mutation($id: ID!) { deleteOrganisation(id: $id) { id removedTies } }',
      { id },
    );
    expect(deleted.body.data).toEqual({ deleteOrganisation: { id, removedTies: 0 } });
    expect(queriesOf(deleted)).toBe(1);
    expect(await app.cypher('MATCH (o:Organisation {slug: "one-trip"}) RETURN o')).toHaveLength(0);
  });

  it('add, update and remove a tie: one query each, the payload from the write', async () => {
    const [org, f] = [await organisation(app, 'Tripper'), await forum(app, 'Trip Forum')];
    const added = await app.gql(
      'mutation($input: EngagementInput!) { addEngagement(input: $input) { id role since version } }',
      { input: { from: org.id, to: f.id, role: 'MEMBER', since: '2020' } },
    );
    expect(added.body.errors).toBeUndefined();
    expect(added.body.data!.addEngagement).toMatchObject({
      role: 'MEMBER',
      since: '2020',
      version: 1,
    });
    expect(queriesOf(added)).toBe(1);
    const { id } = added.body.data!.addEngagement;

    const twice = await app.gql(
      'mutation($input: EngagementInput!) { addEngagement(input: $input) { id } }',
      { input: { from: org.id, to: f.id, role: 'MEMBER', since: '2020' } },
    );
    expect(codeOf(twice)).toBe('CONFLICT');
    expect(queriesOf(twice)).toBe(1);

    const updated = await app.gql(
      'mutation($id: ID!) { updateEngagement(id: $id, expectedVersion: 1, input: {until: "2021", note: "two years"}) { id until note version } }',
      { id },
    );
    expect(updated.body.data).toEqual({
      updateEngagement: { id, until: '2021', note: 'two years', version: 2 },
    });
    expect(queriesOf(updated)).toBe(1);

    const backwards = await app.gql(
      'mutation($id: ID!) { updateEngagement(id: $id, input: {until: "2019"}) { id } }',
      { id },
    );
    expect(codeOf(backwards)).toBe('BAD_USER_INPUT');
    expect(backwards.body.errors![0].message).toBe(
      'until (2019) is before since (2020). A tie cannot end before it starts.',
    );
    expect(queriesOf(backwards)).toBe(1);

    const removed = await app.gql('mutation($id: ID!) { removeEngagement(id: $id) { id } }', {
      id,
    });
    expect(removed.body.data).toEqual({ removeEngagement: { id } });
    expect(queriesOf(removed)).toBe(1);

    const history = await app.gql(
      'query($id: ID!) { history(id: $id) { nodes { action before after } } }',
      { id },
    );
    const actions = history.body.data!.history.nodes.map((c: { action: string }) => c.action);
    expect(actions).toEqual(['TIE_REMOVED', 'TIE_UPDATED', 'TIE_ADDED']);
    const [remove, update] = history.body.data!.history.nodes;
    expect(update.before).toMatchObject({
      id,
      until: null,
      note: null,
      version: 1,
      role: 'MEMBER',
    });
    expect(update.after).toMatchObject({ id, until: '2021', note: 'two years', version: 2 });
    expect(remove.before).toMatchObject({ id, until: '2021', version: 2, sources: [] });
    expect(remove.after).toBeNull();
    const left = await app.cypher('MATCH ()-[t:ENGAGES_IN]->() RETURN count(t) AS n');
    expect(Number(left[0].n)).toBe(0);
    expect((await engages(app, org, f, 'MEMBER')).version).toBe(1);
  });
});
