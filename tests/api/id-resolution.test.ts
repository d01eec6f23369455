/**
 * Every read that takes an entity id resolves it the same way (src/services/entity-ids.ts):
 * a merged-away id answers the entity that absorbed it, and an id whose type prefix is not
 * the stored entity's (`Topic:<an organisation's uuid>`) names nothing (issue #12 point 7).
 *
 *   orgA ◀─merged─ orgB          forumA ◀─merged─ forumB          personA ◀─merged─ personB
 *   orgA ─ENGAGES_IN─▶ forumA ◀─ENGAGES_IN─ orgC     personA ─AFFILIATED_WITH─▶ orgA
 *   orgA ─MEMBER_OF─▶ network
 */
import { toGlobalId } from '../../src/domain/ids';
import { EntityType } from '../../src/domain/model';
import { useTestApp } from '../helpers/app';
import { Created, codeOf, engages, forum, organisation, person, tie } from '../helpers/fixtures';

/** The stored key of `e` under another type prefix: a crafted id. */
const retyped = (type: EntityType, e: Created) =>
  toGlobalId(type, Buffer.from(e.id, 'base64url').toString('utf8').split(':')[1]);

describe('reading by id: merged ids follow the redirect, ids of the wrong type name nothing', () => {
  const app = useTestApp();
  const g: Record<string, Created> = {};

  async function exportAt(query: string): Promise<{ status: number; body: any }> {
    const res = await fetch(
      `${app.url.replace(/\/graphql$/, '')}/export/graph.cytoscape.json${query}`,
      { headers: { authorization: app.adminAuth } },
    );
    return { status: res.status, body: await res.json() };
  }
  const exportNodes = (body: any): string[] =>
    body.elements.nodes.map((n: any) => n.data.id).sort();

  beforeAll(async () => {
    await app.wipe();
    g.orgA = await organisation(app, 'Alpha Health Alliance');
    g.orgB = await organisation(app, 'Alpha Alliance (duplicate)');
    g.orgC = await organisation(app, 'Charlie Nurses Union');
    g.network = await organisation(app, 'Delta Network');
    g.forumA = await forum(app, 'Workforce Coalition', { kind: 'COALITION' });
    g.forumB = await forum(app, 'Workforce Coalition (old)', { kind: 'COALITION' });
    g.personA = await person(app, 'Ada Obi');
    g.personB = await person(app, 'A. Obi');
    await engages(app, g.orgB, g.forumB, 'MEMBER');
    await engages(app, g.orgC, g.forumA, 'MEMBER');
    await tie(app, 'Affiliation', { from: g.personB.id, to: g.orgB.id, role: 'STAFF' });
    await tie(app, 'Membership', { from: g.orgA.id, to: g.network.id, role: 'MEMBER' });
    for (const [plural, keep, remove] of [
      ['Organisations', g.orgA, g.orgB],
      ['Fora', g.forumA, g.forumB],
      ['People', g.personA, g.personB],
    ] as const) {
      const res = await app.gql(
        `mutation($k: ID!, $r: ID!) { merge${plural}(keep: $k, remove: $r) { id } }`,
        { k: keep.id, r: remove.id },
      );
      expect(res.body.errors).toBeUndefined();
    }
  });

  describe('a merged-away id reads as the entity that absorbed it', () => {
    it('node, organisation and the network questions', async () => {
      const res = await app.gql(
        `query($b: ID!, $fb: ID!) {
          node(id: $b) { id }
          organisation(id: $b) { id }
          neighbourhood(id: $b) { nodes { id } }
          allies(of: $b) { organisation { id } sharedFora { id } }
          coverage(network: $fb) { network { id } members { id } }
          brokers(forum: $fb) { entity { id } }
          organisations(where: { forum: $fb }) { nodes { id } }
          engagementMatrix(fora: [$fb]) { fora { id } cells { organisation forum } }
        }`,
        { b: g.orgB.id, fb: g.forumB.id },
      );
      expect(res.body.errors).toBeUndefined();
      const d = res.body.data!;
      expect(d.node).toEqual({ id: g.orgA.id });
      expect(d.organisation).toEqual({ id: g.orgA.id });
      expect(d.neighbourhood.nodes.map((n: { id: string }) => n.id)).toEqual(
        expect.arrayContaining([g.orgA.id, g.forumA.id, g.network.id, g.personA.id]),
      );
      expect(d.neighbourhood.nodes.map((n: { id: string }) => n.id)).not.toContain(g.orgB.id);
      expect(d.allies).toEqual([
        { organisation: { id: g.orgC.id }, sharedFora: [{ id: g.forumA.id }] },
      ]);
      expect(d.coverage.network).toEqual({ id: g.forumA.id });
      expect(d.coverage.members.map((m: { id: string }) => m.id).sort()).toEqual(
        [g.orgA.id, g.orgC.id].sort(),
      );
      expect(d.brokers.map((b: { entity: { id: string } }) => b.entity.id).sort()).toEqual(
        [g.orgA.id, g.orgC.id].sort(),
      );
      expect(d.organisations.nodes.map((n: { id: string }) => n.id).sort()).toEqual(
        [g.orgA.id, g.orgC.id].sort(),
      );
      expect(d.engagementMatrix.fora).toEqual([{ id: g.forumA.id }]);
      expect(
        d.engagementMatrix.cells.map((c: { organisation: string }) => c.organisation).sort(),
      ).toEqual([g.orgA.id, g.orgC.id].sort());
      // A path search in a request of its own (it has a time limit; the questions above run side by side).
      const paths = await app.gql(
        'query($b: ID!, $c: ID!) { connections(from: $b, to: $c, maxHops: 2) { length nodes { id } } }',
        { b: g.orgB.id, c: g.orgC.id },
      );
      expect(paths.body.errors).toBeUndefined();
      expect(paths.body.data!.connections[0]).toEqual({
        length: 2,
        nodes: [{ id: g.orgA.id }, { id: g.forumA.id }, { id: g.orgC.id }],
      });
    });

    it('personalData answers the kept person; history lists the merged record’s own changes, the MERGE first', async () => {
      const data = await app.gql('query($id: ID!) { personalData(id: $id) }', { id: g.personB.id });
      expect(data.body.errors).toBeUndefined();
      expect(data.body.data!.personalData.person).toMatchObject({
        id: g.personA.id,
        name: 'Ada Obi',
        aliases: ['A. Obi'],
      });
      expect(data.body.data!.personalData.ties).toEqual([
        expect.objectContaining({
          type: 'AFFILIATED_WITH',
          other: { type: 'Organisation', name: 'Alpha Health Alliance' },
        }),
      ]);
      const history = await app.gql(
        'query($id: ID!) { history(id: $id) { nodes { action target } } }',
        { id: g.orgB.id },
      );
      expect(history.body.errors).toBeUndefined();
      expect(history.body.data!.history.nodes.map((c: { action: string }) => c.action)).toEqual([
        'MERGE',
        'CREATE',
      ]);
      expect(
        new Set(history.body.data!.history.nodes.map((c: { target: string }) => c.target)),
      ).toEqual(new Set([g.orgB.id]));
    });

    it('exports around a merged id, and of a merged forum by id, hold the kept entity', async () => {
      const around = await exportAt(`?around=${g.orgB.id}&depth=1`);
      expect(around.status).toBe(200);
      expect(exportNodes(around.body)).toEqual(
        [g.orgA.id, g.forumA.id, g.network.id, g.personA.id].sort(),
      );
      const ofForum = await exportAt(`?forum=${g.forumB.id}`);
      expect(ofForum.status).toBe(200);
      expect(exportNodes(ofForum.body)).toEqual([g.forumA.id, g.orgA.id, g.orgC.id].sort());
    });
  });

  describe('an id whose type prefix is not the stored entity’s names nothing, on every path', () => {
    it('node and topic(id:) are null; neighbourhood, coverage, connections and brokers are NOT_FOUND', async () => {
      const crafted = retyped(EntityType.Topic, g.orgA);
      const lookups = await app.gql(
        'query($id: ID!) { node(id: $id) { id } topic(id: $id) { id } }',
        { id: crafted },
      );
      expect(lookups.body.errors).toBeUndefined();
      expect(lookups.body.data).toEqual({ node: null, topic: null });
      const questions: Array<[string, Record<string, unknown>]> = [
        ['query($id: ID!) { neighbourhood(id: $id) { nodes { id } } }', { id: crafted }],
        ['query($id: ID!) { coverage(network: $id) { network { id } } }', { id: crafted }],
        [
          'query($id: ID!, $c: ID!) { connections(from: $id, to: $c) { length } }',
          { id: crafted, c: g.orgC.id },
        ],
        [
          'query($id: ID!, $c: ID!) { connections(from: $c, to: $id) { length } }',
          { id: crafted, c: g.orgC.id },
        ],
        ['query($id: ID!) { brokers(network: $id) { betweenness } }', { id: crafted }],
      ];
      for (const [query, variables] of questions) {
        const res = await app.gql(query, variables);
        expect({ query, code: codeOf(res), message: res.body.errors?.[0]?.message }).toEqual({
          query,
          code: 'NOT_FOUND',
          message: expect.stringContaining(`No Topic has the id or slug "${crafted}"`),
        });
        expect(res.body.data).toBeNull();
      }
    });

    it('a crafted Forum id filters nothing and is no matrix column (NOT_FOUND); history of a crafted id is empty; personalData is NOT_FOUND', async () => {
      const crafted = retyped(EntityType.Forum, g.orgA);
      const res = await app.gql(
        `query($f: ID!, $t: ID!) {
          organisations(where: { forum: $f }) { totalCount }
          history(id: $t) { nodes { action } }
        }`,
        { f: crafted, t: retyped(EntityType.Topic, g.orgA) },
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data).toEqual({ organisations: { totalCount: 0 }, history: { nodes: [] } });
      // The matrix takes its columns like every network question takes an entity: one that names no forum is NOT_FOUND.
      const matrix = await app.gql(
        'query($f: ID!) { engagementMatrix(fora: [$f]) { fora { id } cells { forum } } }',
        { f: crafted },
      );
      expect({ code: codeOf(matrix), message: matrix.body.errors?.[0]?.message }).toEqual({
        code: 'NOT_FOUND',
        message: expect.stringContaining(`No Forum has the id or slug "${crafted}"`),
      });
      // The same history under the right prefix is there: only the prefix differs.
      const real = await app.gql('query($id: ID!) { history(id: $id) { nodes { action } } }', {
        id: g.orgA.id,
      });
      expect(real.body.data!.history.nodes.length).toBeGreaterThan(0);
      const data = await app.gql('query($id: ID!) { personalData(id: $id) }', {
        id: retyped(EntityType.Person, g.orgA),
      });
      expect(codeOf(data)).toBe('NOT_FOUND');
    });

    it('exports around a crafted id, or of a crafted forum id, are 404 NOT_FOUND', async () => {
      const around = await exportAt(`?around=${retyped(EntityType.Topic, g.orgA)}`);
      expect(around.status).toBe(404);
      expect(around.body.error ?? around.body).toMatchObject({ code: 'NOT_FOUND' });
      const ofForum = await exportAt(`?forum=${retyped(EntityType.Forum, g.orgA)}`);
      expect(ofForum.status).toBe(404);
    });

    it('an import row naming a crafted id is refused in the report, and nothing is written', async () => {
      const [before] = await app.cypher(
        'MATCH (n) WITH count(n) AS nodes RETURN nodes, COUNT { ()-[]->() } AS rels',
      );
      const res = await app.gql(
        'mutation($input: ImportInput!) { importRecords(input: $input) { created errors { column reason } } }',
        {
          input: {
            files: [
              {
                name: 'engagements.csv',
                content: `from,to,role\n${g.orgC.id},${retyped(EntityType.Forum, g.orgA)},OBSERVER\n`,
              },
            ],
          },
        },
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.importRecords).toEqual({
        created: 0,
        errors: [{ column: 'to', reason: expect.stringContaining('no Forum has the id') }],
      });
      const [after] = await app.cypher(
        'MATCH (n) WITH count(n) AS nodes RETURN nodes, COUNT { ()-[]->() } AS rels',
      );
      expect(after).toEqual(before);
    });
  });
});
