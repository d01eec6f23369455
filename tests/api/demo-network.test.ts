import { loadNetwork, prepareNetwork, readNetworkFile } from '../../src/services/demo-network';
import { seedIfEmpty } from '../../src/seed';
import { createLogger } from '../../src/logger';
import { startTestApp, TestApp } from '../helpers/app';

/** The demo network built from its two source texts (see data/README.md), loaded as on a first start, and checked against what the texts say. */
describe('the demo network', () => {
  let app: TestApp;
  const file = readNetworkFile();
  beforeAll(async () => {
    app = await startTestApp();
    await expect(
      seedIfEmpty(app.db, createLogger({ log: { level: 'silent', pretty: false }, env: 'test' })),
    ).resolves.toBe(true);
  });
  afterAll(async () => {
    await app.close();
  });

  it('loads every entity and tie of the data file, each citing a source', async () => {
    const sections = ['organisations', 'people', 'fora', 'events', 'instruments', 'topics'];
    const expected = sections.reduce((n, s) => n + (file[s] as unknown[]).length, 0);
    const [row] = await app.cypher(
      "MATCH (n:Entity) WITH count(n) AS entities, sum(CASE WHEN n.sourcesJson = '[]' THEN 1 ELSE 0 END) AS unsourced RETURN entities, unsourced, COUNT { ()-[r]->() WHERE NOT r:IDENTIFIED_BY } AS ties",
    );
    expect(Number(row.entities)).toBe(expected);
    expect(Number(row.unsourced)).toBe(0);
    expect(Number(row.ties)).toBe(file.ties.length);
  });

  it('is not loaded again into a database that has entities', async () => {
    await expect(
      seedIfEmpty(app.db, createLogger({ log: { level: 'silent', pretty: false }, env: 'test' })),
    ).resolves.toBe(false);
  });

  it('changes nothing when loaded a second time (npm run seed is idempotent)', async () => {
    const before = await app.cypher(
      'MATCH (n:Entity) RETURN sum(n.version) AS v, max(n.updatedAt) AS u',
    );
    const result = await loadNetwork(app.db, prepareNetwork(file));
    expect(result.entities.changed).toBe(0);
    expect(result.ties.changed).toBe(0);
    const after = await app.cypher(
      'MATCH (n:Entity) RETURN sum(n.version) AS v, max(n.updatedAt) AS u',
    );
    expect(after).toEqual(before);
  });

  it('says that ACHEST, MMI, MSF and Wemos organised the civil society session at the 4th Global Forum in Dublin, November 2017', async () => {
    const res = await app.gql(`{ event(slug: "cso-session-dublin-2017") { name startDate
      participants(role: ORGANISER) { nodes { participant { ... on Organisation { acronym name } } } }
      partOf { nodes { whole { ... on Event { name city startDate } } } } } }`);
    const session = res.body.data!.event;
    expect(session.name).toBe(
      'How can civil society spur action on ensuring health workers for all?',
    );
    expect(
      session.participants.nodes
        .map((n: any) => n.participant.acronym ?? n.participant.name)
        .sort(),
    ).toEqual(['ACHEST', 'MMI', 'MSF', 'Wemos'].sort());
    expect(session.partOf.nodes[0].whole).toMatchObject({ city: 'Dublin', startDate: '2017-11' });
  });

  it('says that Francis Omaswa and Mariëlle Bemelmans moderated the Geneva meeting where Jorge Vega Cardenas and Linda Mans spoke', async () => {
    const res = await app.gql(
      '{ event(slug: "geneva-cso-meeting-2018") { city participants { nodes { role participant { ... on Person { name } } } } } }',
    );
    const ev = res.body.data!.event;
    expect(ev.city).toBe('Geneva');
    const byRole = (role: string) =>
      ev.participants.nodes
        .filter((n: any) => n.role === role)
        .map((n: any) => n.participant.name)
        .sort();
    expect(byRole('MODERATOR')).toEqual(['Francis Omaswa', 'Mariëlle Bemelmans']);
    expect(byRole('SPEAKER')).toEqual(['Jorge Vega Cardenas', 'Linda Mans']);
  });

  it('says that the Health Workers for All Coalition is hosted by Wemos, with MMI among its founders since 20 May 2018', async () => {
    const res = await app.gql(
      '{ forum(slug: "hw4all-coalition") { kind engagements { nodes { role since actor { ... on Organisation { name } } } } } }',
    );
    const f = res.body.data!.forum;
    expect(f.kind).toBe('COALITION');
    expect(f.engagements.nodes).toEqual(
      expect.arrayContaining([
        { role: 'HOST', since: null, actor: { name: 'Wemos' } },
        { role: 'FOUNDER', since: '2018-05-20', actor: { name: 'Medicus Mundi International' } },
      ]),
    );
  });

  it('says that the MMI working group on HRH was set up in 2006 within the MMI Network and works for the Code adopted by the WHA in 2010', async () => {
    const res =
      await app.gql(`{ forum(slug: "mmi-hrh") { partOf { nodes { since whole { ... on Organisation { acronym } } } }
      worksOn { nodes { role subject { ... on Instrument { slug adoptedBy { nodes { since forum { name } } } } } } } } }`);
    const wg = res.body.data!.forum;
    expect(wg.partOf.nodes).toEqual([{ since: '2006', whole: { acronym: 'MMI' } }]);
    const code = wg.worksOn.nodes.find(
      (n: any) => n.subject?.slug === 'who-global-code-of-practice',
    );
    expect(code.subject.adoptedBy.nodes).toEqual([
      { since: '2010', forum: { name: 'World Health Assembly' } },
    ]);
  });

  it('shows no contact detail of the demo people in any public field', async () => {
    const phone = (file.people as Array<{ contact?: { phone?: string } }>)
      .map((p) => p.contact?.phone)
      .find(Boolean)!;
    expect(phone).toBeTruthy();
    const res = await app.gql(
      '{ people(first: 100) { nodes { id name aliases title sources { title quote } } } }',
      {},
      { authorization: '' },
    );
    const jorge = res.body.data!.people.nodes.find((p: any) => p.name === 'Jorge Vega Cardenas');
    const around = await app.gql(
      'query($id: ID!) { neighbourhood(id: $id, depth: 2) { nodes { properties } } }',
      { id: jorge.id },
      { authorization: '' },
    );
    const history = await app.cypher('MATCH (c:Change) RETURN collect(c.afterJson) AS all');
    for (const text of [
      JSON.stringify(res.body),
      JSON.stringify(around.body),
      JSON.stringify(history),
    ]) {
      expect(text).not.toContain(phone);
      expect(text).not.toContain(phone.replace(/\s/g, ''));
    }
  });

  it('rejects a data file that breaks the model, listing every problem', () => {
    const broken = JSON.parse(JSON.stringify(file));
    broken.ties.push({
      type: 'ENGAGES_IN',
      from: 'forum:mmi-hrh',
      to: 'organisation:wemos',
      sources: [{ source: 'nowhere' }],
    });
    broken.organisations[0].kind = 'CLUB';
    expect(() => prepareNetwork(broken)).toThrow(
      /ENGAGES_IN cannot join these types[\s\S]*unknown source "nowhere"|unknown kind CLUB/,
    );
  });
});
