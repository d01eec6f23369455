/**
 * What tests/security/fuzz.test.ts found, each pinned by a focused test: an update with
 * slug: null stored an entity without a slug (every later read of it was an internal error),
 * name: null crashed the update, and brokers on a graph without engagements crashed in
 * graphology's betweenness. Each now answers plainly and writes nothing it should not.
 */
import { useTestApp } from '../helpers/app';
import { codeOf, organisation, person } from '../helpers/fixtures';

describe('fuzz findings', () => {
  const app = useTestApp({ wipe: 'each' });

  it.each([
    ['slug', /always has a slug/],
    ['name', /always has a name/],
  ])('update with %s: null is BAD_USER_INPUT and changes nothing', async (field, message) => {
    const p = await person(app, 'Nullable Person');
    const res = await app.gql(
      `mutation($id: ID!) { updatePerson(id: $id, input: {${field}: null}) { id slug name } }`,
      { id: p.id },
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].message).toMatch(message);
    expect(res.body.errors![0].extensions!.fields).toEqual([{ field, problem: 'cannot be null' }]);
    const [row] = await app.cypher(
      'MATCH (n:Person) RETURN n.slug AS slug, n.name AS name, n.version AS version',
    );
    expect(row).toMatchObject({ slug: 'nullable-person', name: 'Nullable Person' });
    expect(Number(row.version)).toBe(1);
    const read = await app.gql('query($id: ID!) { person(id: $id) { slug } }', { id: p.id });
    expect(read.body).toEqual({ data: { person: { slug: 'nullable-person' } } });
  });

  it('brokers on a graph without engagements is an empty list, not an internal error', async () => {
    await organisation(app, 'Lonely Organisation');
    const res = await app.gql('{ brokers(first: 5) { betweenness degree } }');
    expect(res.body).toEqual({ data: { brokers: [] } });
  });
});
