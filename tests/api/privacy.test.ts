import { useTestApp } from '../helpers/app';
import { codeOf, event, organisation, person, tie } from '../helpers/fixtures';

describe("people's data: export and erasure", () => {
  const app = useTestApp();

  it('exports everything held about a person to an admin, and to nobody else', async () => {
    const p = await person(app, 'Jorge Vega Cardenas', {
      aliases: ['Jorge Cardenas'],
      contact: { phone: '+31 20 435 20 5' },
      identifiers: [{ scheme: 'orcid', value: '0000-0001' }],
    });
    const org = await organisation(app, 'Wemos');
    await tie(app, 'Affiliation', { from: p.id, to: org.id, role: 'STAFF' });
    const res = await app.gql('query($id: ID!) { personalData(id: $id) }', { id: p.id });
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data!.personalData;
    expect(data.person).toMatchObject({
      name: 'Jorge Vega Cardenas',
      aliases: ['Jorge Cardenas'],
      contact: { phone: '+31 20 435 20 5', email: null },
      identifiers: [{ scheme: 'orcid', value: '0000-0001' }],
    });
    expect(data.ties).toEqual([
      expect.objectContaining({
        type: 'AFFILIATED_WITH',
        direction: 'out',
        role: 'STAFF',
        other: { type: 'Organisation', name: 'Wemos' },
      }),
    ]);
    expect(data.history.map((c: any) => c.action)).toEqual(['CREATE']);
    const editor = await app.keyFor('editor');
    expect(
      codeOf(
        await app.gql(
          'query($id: ID!) { personalData(id: $id) }',
          { id: p.id },
          { authorization: editor },
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('erases a person, their ties and identifiers, and what history kept of them', async () => {
    const p = await person(app, 'Linda Mans', {
      contact: { email: 'linda@example.org' },
      identifiers: [{ scheme: 'orcid', value: '0000-0002' }],
    });
    const ev = await event(app, 'Geneva meeting');
    const org = await organisation(app, 'Wemos NL', { slug: 'wemos-nl' });
    await tie(app, 'Participation', { from: p.id, to: ev.id, role: 'SPEAKER', onBehalfOf: org.id });
    await app.gql(
      'mutation($id: ID!) { updatePerson(id: $id, input: {title: "Policy adviser"}) { id } }',
      { id: p.id },
    );
    const res = await app.gql('mutation($id: ID!) { erasePerson(id: $id) { id removedTies } }', {
      id: p.id,
    });
    expect(res.body.data!.erasePerson).toEqual({ id: p.id, removedTies: 1 });
    const [row] = await app.cypher(
      "RETURN COUNT { (:Person {slug: 'linda-mans'}) } AS people, COUNT { (:Identifier {key: 'orcid:0000-0002'}) } AS idents, COUNT { ()-[:PARTICIPATES_IN]->() } AS ties",
    );
    expect([row.people, row.idents, row.ties].map(Number)).toEqual([0, 0, 0]);
    const [dump] = await app.cypher(
      'MATCH (c:Change) RETURN collect(coalesce(c.beforeJson, "") + coalesce(c.afterJson, "") + coalesce(c.note, "")) AS all',
    );
    expect(JSON.stringify(dump.all)).not.toMatch(/Linda|Policy adviser|linda@example/);
    // Nor do the snapshots of their ties keep the person's key or role.
    expect(JSON.stringify(dump.all)).not.toContain(p.id);
    const [tieChanges] = await app.cypher(
      "MATCH (c:Change {action: 'TIE_ADDED'}) RETURN collect(c.afterJson) AS after",
    );
    expect(JSON.stringify(tieChanges.after)).not.toMatch(/SPEAKER/);
    const history = await app.gql(
      'query($id: ID!) { history(id: $id) { nodes { action before actor } } }',
      { id: p.id },
    );
    expect(history.body.data!.history.nodes[0]).toMatchObject({
      action: 'ERASE',
      actor: 'key:test admin',
    });
    expect(
      history.body.data!.history.nodes.every(
        (c: any) => c.before === null || c.before.erased === true,
      ),
    ).toBe(true);
    const gone = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id: p.id });
    expect(gone.body.data!.node).toBeNull();
  });

  it('after a merge, the kept person holds the merged record: personalData shows its history, erasure blanks it', async () => {
    const keep = await person(app, 'Grace Achieng');
    const old = await person(app, 'G. Achieng Otieno', {
      contact: { email: 'grace.old@example.org' },
    });
    await app.gql(
      'mutation($id: ID!) { updatePerson(id: $id, input: {title: "Nurse tutor"}) { id } }',
      { id: old.id },
    );
    const merged = await app.gql(
      'mutation($k: ID!, $r: ID!) { mergePeople(keep: $k, remove: $r) { id } }',
      { k: keep.id, r: old.id },
    );
    expect(merged.body.errors).toBeUndefined();

    // A read by either id answers the kept person, with the merged record's history too.
    for (const id of [keep.id, old.id]) {
      const res = await app.gql('query($id: ID!) { personalData(id: $id) }', { id });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.personalData.person).toMatchObject({
        id: keep.id,
        name: 'Grace Achieng',
        aliases: ['G. Achieng Otieno'],
      });
      expect(res.body.data!.personalData.history.map((c: any) => c.action).sort()).toEqual([
        'CREATE',
        'CREATE',
        'MERGE',
        'MERGE',
        'UPDATE',
      ]);
    }

    // Erasing goes through the kept id only (the old one is a read-only alias), and blanks both records' history.
    const refused = await app.gql('mutation($id: ID!) { erasePerson(id: $id) { id } }', {
      id: old.id,
    });
    expect(refused.body.errors![0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      mergedInto: keep.id,
    });
    const res = await app.gql('mutation($id: ID!) { erasePerson(id: $id) { id } }', {
      id: keep.id,
    });
    expect(res.body.errors).toBeUndefined();
    const [dump] = await app.cypher(
      'MATCH (c:Change) RETURN collect(coalesce(c.beforeJson, "") + coalesce(c.afterJson, "") + coalesce(c.note, "")) AS all',
    );
    expect(JSON.stringify(dump.all)).not.toMatch(/Achieng|Nurse tutor|grace\.old/);
    const history = await app.gql(
      'query($id: ID!) { history(id: $id) { nodes { action before after note } } }',
      { id: old.id },
    );
    expect(history.body.data!.history.nodes.map((c: any) => c.action)).toEqual([
      'MERGE',
      'UPDATE',
      'CREATE',
    ]);
    expect(
      history.body.data!.history.nodes.every(
        (c: any) =>
          c.note === null &&
          (c.before === null || c.before.erased === true) &&
          (c.after === null || c.after.erased === true),
      ),
    ).toBe(true);
    const gone = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id: old.id });
    expect(gone.body.data!.node).toBeNull();
  });
});
