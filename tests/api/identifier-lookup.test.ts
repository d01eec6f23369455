/**
 * organisation(identifier: {scheme, value}) and the same on every entity type: the lookup by
 * an external identifier (Wikidata, org-id.guide, Popolo ids) through the identifier index,
 * exactly one of id, slug and identifier, and merges.
 */
import { useTestApp } from '../helpers/app';
import { codeOf, create, organisation } from '../helpers/fixtures';

const ROOT: Record<string, string> = {
  Organisation: 'organisation',
  Person: 'person',
  Forum: 'forum',
  Event: 'event',
  Instrument: 'instrument',
  Topic: 'topic',
};

describe('lookup by external identifier', () => {
  const app = useTestApp({ wipe: 'each' });

  const byIdentifier = (
    type: string,
    scheme: string,
    value: string,
    headers: Record<string, string> = {},
  ) =>
    app.gql(
      `query($i: IdentifierInput!) { found: ${ROOT[type]}(identifier: $i) { __typename id slug } }`,
      { i: { scheme, value } },
      headers,
    );

  it.each(Object.keys(ROOT))(
    'finds %s by identifier, ignoring the case of the scheme and spaces around the value',
    async (type) => {
      const created = await create(app, type, {
        name: `${type} with a Wikidata id`,
        identifiers: [
          { scheme: 'wikidata', value: `Q-${type}` },
          { scheme: 'popolo', value: `p-${type}` },
        ],
      });
      const res = await byIdentifier(type, 'WikiData', ` Q-${type} `, { authorization: '' });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.found).toEqual({
        __typename: type,
        id: created.id,
        slug: created.slug,
      });
      const other = await byIdentifier(type, 'popolo', `p-${type}`);
      expect(other.body.data!.found).toMatchObject({ id: created.id });
    },
  );

  it('answers null for an unknown identifier and for one that belongs to another type', async () => {
    await organisation(app, 'Wemos', { identifiers: [{ scheme: 'wikidata', value: 'Q1' }] });
    const unknown = await byIdentifier('Organisation', 'wikidata', 'Q2');
    expect(unknown.body).toEqual({ data: { found: null } });
    const otherType = await byIdentifier('Forum', 'wikidata', 'Q1');
    expect(otherType.body).toEqual({ data: { found: null } });
    const otherScheme = await byIdentifier('Organisation', 'org-id', 'Q1');
    expect(otherScheme.body).toEqual({ data: { found: null } });
  });

  it('needs exactly one of id, slug and identifier', async () => {
    const o = await organisation(app, 'Wemos', {
      identifiers: [{ scheme: 'wikidata', value: 'Q1' }],
    });
    const i = { scheme: 'wikidata', value: 'Q1' };
    const none = await app.gql('{ organisation { id } }');
    expect(codeOf(none)).toBe('BAD_USER_INPUT');
    expect(none.body.errors![0].message).toBe(
      'Give exactly one of "id", "slug" or "identifier" to look up an Organisation; you gave none.',
    );
    const two = await app.gql(
      'query($id: ID!, $i: IdentifierInput!) { organisation(id: $id, identifier: $i) { id } }',
      { id: o.id, i },
    );
    expect(codeOf(two)).toBe('BAD_USER_INPUT');
    expect(two.body.errors![0].message).toMatch(/you gave id and identifier\.$/);
    expect(two.body.errors![0].extensions!.fields).toEqual([
      { field: 'id', problem: 'give exactly one of id, slug, identifier' },
      { field: 'identifier', problem: 'give exactly one of id, slug, identifier' },
    ]);
    const three = await app.gql(
      'query($id: ID!, $i: IdentifierInput!) { organisation(id: $id, slug: "wemos", identifier: $i) { id } }',
      { id: o.id, i },
    );
    expect(codeOf(three)).toBe('BAD_USER_INPUT');
    expect(two.body.data).toEqual({ organisation: null });
  });

  it('refuses a malformed scheme or an empty value with BAD_USER_INPUT naming the field', async () => {
    const badScheme = await byIdentifier('Organisation', 'wiki data!', 'Q1');
    expect(codeOf(badScheme)).toBe('BAD_USER_INPUT');
    expect(badScheme.body.errors![0].extensions!.fields).toEqual([
      { field: 'scheme', problem: expect.stringMatching(/scheme must be a short code/) },
    ]);
    const emptyValue = await byIdentifier('Organisation', 'wikidata', '');
    expect(codeOf(emptyValue)).toBe('BAD_USER_INPUT');
    expect(emptyValue.body.errors![0].extensions!.fields).toEqual([
      { field: 'value', problem: expect.any(String) },
    ]);
  });

  it('finds the kept record by an identifier that moved with a merge, as the old id does', async () => {
    const keep = await organisation(app, 'Medicus Mundi International', {
      identifiers: [{ scheme: 'wikidata', value: 'Q1' }],
    });
    const remove = await organisation(app, 'MMI Network', {
      identifiers: [{ scheme: 'org-id', value: 'CH-1' }],
    });
    const merged = await app.gql(
      'mutation($k: ID!, $r: ID!) { mergeOrganisations(keep: $k, remove: $r) { id } }',
      { k: keep.id, r: remove.id },
    );
    expect(merged.body.errors).toBeUndefined();
    const moved = await byIdentifier('Organisation', 'org-id', 'CH-1', { authorization: '' });
    expect(moved.body.data!.found).toEqual({
      __typename: 'Organisation',
      id: keep.id,
      slug: keep.slug,
    });
    const oldId = await app.gql('query($id: ID!) { organisation(id: $id) { id } }', {
      id: remove.id,
    });
    expect(oldId.body.data!.organisation).toEqual({ id: keep.id });
    const [row] = await app.cypher(
      'MATCH (:Identifier {key: "org-id:CH-1"})<-[:IDENTIFIED_BY]-(n:Organisation) RETURN collect(n.slug) AS owners',
    );
    expect(row.owners).toEqual([keep.slug]);
  });

  it('reports an identifier carried by two records of the type (an unmerged duplicate) as CONFLICT, naming both', async () => {
    const a = await organisation(app, 'Wemos', {
      identifiers: [{ scheme: 'wikidata', value: 'Q1' }],
    });
    const b = await organisation(app, 'Wemos Foundation');
    // The API refuses a second owner; an import of older data may still leave one.
    await app.cypher(
      'MATCH (i:Identifier {key: "wikidata:Q1"}), (n:Organisation {slug: $slug}) CREATE (n)-[:IDENTIFIED_BY]->(i)',
      { slug: b.slug },
    );
    const res = await byIdentifier('Organisation', 'wikidata', 'Q1');
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.body.errors![0].message).toContain(`"${a.slug}"`);
    expect(res.body.errors![0].message).toContain(`"${b.slug}"`);
    expect(res.body.errors![0].message).toMatch(/merge them/);
  });
});
