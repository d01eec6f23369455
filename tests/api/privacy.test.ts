import { GqlResponse, useTestApp } from '../helpers/app';
import { codeOf, event, forum, organisation, person, tie } from '../helpers/fixtures';

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
    // The person's own history and that of their ties.
    expect(data.history.map((c: any) => c.action)).toEqual(['TIE_ADDED', 'CREATE']);
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
  it('erasure blanks the changes of ties the person no longer had: removed, updated, imported, detached, merged in', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const [{ head }] = await app.cypher(
      "OPTIONAL MATCH (s:ChangeSequence {id: 'changes'}) RETURN s.visible AS head",
    );
    const p = await person(app, 'Quentin Erasmo-Vance', { title: 'Zeta lobbyist' });
    const twin = await person(app, 'Q. Erasmo Vance', { title: 'Omega adviser' });
    const org = await organisation(app, 'Erasure Test Clinic', { slug: 'erasure-test-clinic' });
    const gone = await organisation(app, 'Erasure Test Gone Org');
    const fo = await forum(app, 'Erasure Test Forum');
    const ev = await event(app, 'Erasure Test Meeting');
    const ok = (res: { body: { errors?: unknown } }) => expect(res.body.errors).toBeUndefined();

    // Added, updated, then removed: an affiliation, an engagement and a participation.
    const aff = await tie(app, 'Affiliation', {
      from: p.id,
      to: org.id,
      role: 'DIRECTOR',
      since: '1987-03',
      until: '1988-07',
      note: 'aff note kestrel',
    });
    ok(
      await app.gql(
        'mutation($id: ID!) { updateAffiliation(id: $id, input: {until: "1989-11", note: "aff note osprey"}) { id } }',
        { id: aff.id },
      ),
    );
    ok(await app.gql('mutation($id: ID!) { removeAffiliation(id: $id) { id } }', { id: aff.id }));
    const eng = await tie(app, 'Engagement', {
      from: p.id,
      to: fo.id,
      role: 'CHAIR',
      since: '1983-02',
      note: 'eng note heron',
    });
    ok(await app.gql('mutation($id: ID!) { removeEngagement(id: $id) { id } }', { id: eng.id }));
    const par = await tie(app, 'Participation', {
      from: p.id,
      to: ev.id,
      role: 'SPEAKER',
      since: '1981-09',
      note: 'par note plover',
    });
    ok(
      await app.gql(
        'mutation($id: ID!) { updateParticipation(id: $id, input: {role: MODERATOR}) { id } }',
        { id: par.id },
      ),
    );
    ok(await app.gql('mutation($id: ID!) { removeParticipation(id: $id) { id } }', { id: par.id }));
    // An imported affiliation, removed afterwards.
    const imported = await app.gql(
      'mutation($input: ImportInput!) { importRecords(input: $input) { failed outcomes { kind id } } }',
      {
        input: {
          files: [
            {
              name: 'affiliations.csv',
              content: `from,to,role,since,until,note\n${p.slug},erasure-test-clinic,BOARD,1979-04,1980-05,imported note wren\n`,
            },
          ],
        },
      },
    );
    ok(imported);
    expect(imported.body.data!.importRecords.failed).toBe(0);
    const importedTie = imported.body.data!.importRecords.outcomes.find(
      (o: { kind: string }) => o.kind === 'AFFILIATED_WITH',
    );
    ok(
      await app.gql('mutation($id: ID!) { removeAffiliation(id: $id) { id } }', {
        id: importedTie.id,
      }),
    );
    // A tie that went with a detached delete of its other end (no TIE_REMOVED of its own).
    await tie(app, 'Affiliation', {
      from: p.id,
      to: gone.id,
      role: 'STAFF',
      since: '1977-06',
      note: 'detached note curlew',
    });
    ok(
      await app.gql('mutation($id: ID!) { deleteOrganisation(id: $id, detach: true) { id } }', {
        id: gone.id,
      }),
    );
    // A record merged into the person, whose engagement was removed before the merge.
    const twinEng = await tie(app, 'Engagement', {
      from: twin.id,
      to: fo.id,
      role: 'OBSERVER',
      since: '1975-01',
      note: 'twin note lapwing',
    });
    ok(
      await app.gql('mutation($id: ID!) { removeEngagement(id: $id) { id } }', { id: twinEng.id }),
    );
    ok(
      await app.gql('mutation($k: ID!, $r: ID!) { mergePeople(keep: $k, remove: $r) { id } }', {
        k: p.id,
        r: twin.id,
      }),
    );
    // What the person kept at the end: one engagement.
    await tie(app, 'Engagement', { from: p.id, to: fo.id, role: 'MEMBER', since: '1990' });

    const keys = await app.cypher(
      'MATCH (x:Person) WHERE x.slug = $slug RETURN x.id AS key UNION MATCH (r:Redirect {toKey: $key}) RETURN r.fromKey AS key',
      { slug: p.slug, key: Buffer.from(p.id, 'base64url').toString('utf8').split(':')[1] },
    );
    const personKeys = keys.map((r) => r.key as string);
    expect(personKeys).toHaveLength(2);
    // Before the erasure every tie change names its ends; personalData lists the removed ties' changes too.
    const [ends] = await app.cypher(
      'MATCH (c:Change) WHERE c.fromKey IN $keys OR c.toKey IN $keys RETURN count(c) AS n',
      { keys: personKeys },
    );
    expect(Number(ends.n)).toBe(14);
    const data = await app.gql('query($id: ID!) { personalData(id: $id) }', { id: p.id });
    ok(data);
    expect(
      data.body.data!.personalData.history.filter((c: any) => c.targetKind === 'AFFILIATED_WITH'),
    ).toHaveLength(6);

    const erased = await app.gql('mutation($id: ID!) { erasePerson(id: $id) { removedTies } }', {
      id: p.id,
    });
    ok(erased);
    expect(erased.body.data!.erasePerson).toEqual({ removedTies: 1 });

    const SECRETS =
      /Erasmo|Zeta lobbyist|Omega adviser|kestrel|osprey|heron|plover|wren|curlew|lapwing|1987-03|1988-07|1989-11|1983-02|1981-09|1979-04|1980-05|1977-06|1975-01|DIRECTOR|CHAIR|SPEAKER|MODERATOR|BOARD|OBSERVER/;
    // The database: no Change holds the person's data or names the person at an end; the redirect forgot the slug.
    const [dump] = await app.cypher(
      'MATCH (c:Change) RETURN collect(coalesce(c.beforeJson, "") + coalesce(c.afterJson, "") + coalesce(c.note, "")) AS all, count(c) AS n',
    );
    expect(Number(dump.n)).toBeGreaterThan(20);
    const text = JSON.stringify(dump.all);
    expect(text).not.toMatch(SECRETS);
    for (const k of personKeys) expect(text).not.toContain(k);
    const [left] = await app.cypher(
      'MATCH (c:Change) WHERE c.fromKey IN $keys OR c.toKey IN $keys RETURN count(c) AS n',
      { keys: personKeys },
    );
    expect(Number(left.n)).toBe(0);
    const [redirect] = await app.cypher(
      'MATCH (r:Redirect) WHERE r.fromKey IN $keys RETURN r.fromSlug AS slug',
      { keys: personKeys },
    );
    expect(redirect.slug).toBeNull();
    // The tie changes stay, blanked, and keep the other end: the forum's feed still lists them.
    const [forumChanges] = await app.cypher(
      'MATCH (c:Change) WHERE c.toKey = $key AND c.targetKind = "ENGAGES_IN" RETURN count(c) AS n, collect(DISTINCT c.afterJson) + collect(DISTINCT c.beforeJson) AS snaps',
      { key: Buffer.from(fo.id, 'base64url').toString('utf8').split(':')[1] },
    );
    expect(Number(forumChanges.n)).toBe(5);
    expect(forumChanges.snaps.filter((j: string | null) => j !== null)).toEqual([
      '{"erased":true}',
      '{"erased":true}',
    ]);

    // Through GraphQL: the history of each removed tie, recentChanges and the change feed.
    for (const id of [aff.id, eng.id, par.id, importedTie.id, twinEng.id]) {
      const h = await app.gql(
        'query($id: ID!) { history(id: $id) { nodes { action before after note } } }',
        { id },
      );
      ok(h);
      const nodes = h.body.data!.history.nodes;
      expect(nodes.length).toBeGreaterThanOrEqual(2);
      for (const c of nodes) {
        expect(c.note).toBeNull();
        for (const snap of [c.before, c.after])
          expect([null, { erased: true }]).toContainEqual(snap);
      }
    }
    const recent = await app.gql(
      'query($since: DateTimeISO!) { recentChanges(since: $since, first: 100) { nodes { action target before after note } } }',
      { since: started },
    );
    ok(recent);
    expect(recent.body.data!.recentChanges.nodes.length).toBeGreaterThan(20);
    expect(JSON.stringify(recent.body.data!.recentChanges)).not.toMatch(SECRETS);
    // The feed, once the sequencer has numbered everything up to the erasure.
    const FEED =
      'query($after: String, $forum: ID) { changes(first: 100, after: $after, filter: {forum: $forum}) { nodes { action before after note } pageInfo { hasNextPage endCursor } } }';
    const readFeed = async (forumId: string | null) => {
      const seen: any[] = [];
      let after: string | null = Buffer.from(JSON.stringify(['feed', Number(head ?? 0)])).toString(
        'base64url',
      );
      for (;;) {
        const res: GqlResponse = await app.gql(FEED, { after, forum: forumId });
        ok(res);
        seen.push(...res.body.data!.changes.nodes);
        if (!res.body.data!.changes.pageInfo.hasNextPage) return seen;
        after = res.body.data!.changes.pageInfo.endCursor;
      }
    };
    let feed: any[] = [];
    for (let i = 0; i < 100 && !feed.some((c) => c.action === 'ERASE'); i++) {
      feed = await readFeed(null);
      if (!feed.some((c) => c.action === 'ERASE')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(feed.some((c) => c.action === 'ERASE')).toBe(true);
    expect(JSON.stringify(feed)).not.toMatch(SECRETS);
    const forumFeed = await readFeed(fo.id);
    expect(forumFeed.filter((c) => c.action.startsWith('TIE_'))).toHaveLength(5);
    expect(JSON.stringify(forumFeed)).not.toMatch(SECRETS);
  });
});
