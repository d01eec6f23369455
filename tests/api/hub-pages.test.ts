/**
 * A page of a hub's ties reads the page, not the hub (issue 13, scale): relation pages are read
 * in order from the ties' page key index (cypher/queries/tie/_page-keys.cypher, V0012), so a
 * forum's first engagements cost the same whether it has ten ties or sixty thousand. Checked
 * by counting what Neo4j does (PROFILE database hits and rows of the planned query), not by
 * timing it, and by the answers: the order, cursors, filters and totals stay what they were,
 * also after writes that change a tie's start and after merges that move ties to another end.
 */
import neo4j from 'neo4j-driver';
import { toNeo4j } from '../../src/graph/convert';
import { TestApp, startTestApp } from '../helpers/app';
import { Created, engages, forum, organisation } from '../helpers/fixtures';

interface Plan {
  operatorType: string;
  rows: number;
  dbHits: number;
  children: Plan[];
}
const flat = (p: Plan): Plan[] => [p, ...p.children.flatMap(flat)];

const PAGE = `query ($id: ID!, $first: Int!, $after: String, $role: EngagementRole) {
  forum(id: $id) { engagements(first: $first, after: $after, role: $role) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id role since actor { ... on Organisation { name } } } } } }`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{ id: string; role: string; since: string | null; actor: { name: string } }>;
}

describe('pages of a hub forum', () => {
  const lines: string[] = [];
  let app: TestApp;
  let hub: Created;
  let orgs: Created[];
  const HUB_TIES = 120;

  const page = async (vars: Record<string, unknown>): Promise<Page> => {
    const res = await app.gql(PAGE, { id: hub.id, ...vars });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.forum.engagements as Page;
  };

  /** Every page, followed by its cursors (a page holds at most 100). */
  const allPages = async (vars: Record<string, unknown> = {}) => {
    const nodes: Page['nodes'] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const p: Page = await page({ first: 25, after, ...vars });
      nodes.push(...p.nodes);
      pages += 1;
      if (!p.pageInfo.hasNextPage) return { nodes, pages, total: p.totalCount };
      after = p.pageInfo.endCursor;
    }
  };

  /** The engagements of the hub in the documented order, read from the ties themselves. */
  const expected = async (role: string | null = null) =>
    (
      await app.cypher(
        `MATCH (f:Forum {id: $key})<-[r:ENGAGES_IN]-(o)
         WHERE $role IS NULL OR r.role = $role
         RETURN o.name AS name, r.role AS role ORDER BY coalesce(r.sinceStart, ''), r.id`,
        { key: Buffer.from(hub.id, 'base64url').toString('utf8').split(':')[1], role },
      )
    ).map((r) => `${String(r.name)}/${String(r.role)}`);

  beforeAll(async () => {
    app = await startTestApp({}, { logTo: (line) => lines.push(line), logLevel: 'debug' });
    hub = await forum(app, 'Hub Forum on Health Worker Mobility');
    orgs = [];
    for (let i = 0; i < HUB_TIES; i += 8) {
      orgs.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(8, HUB_TIES - i) }, (_, j) =>
            organisation(app, `Hub member ${String(i + j).padStart(3, '0')}`),
          ),
        )),
      );
    }
    // Dated, undated and same-day starts, so the order's every rule is used.
    for (let i = 0; i < orgs.length; i += 8) {
      await Promise.all(
        orgs.slice(i, i + 8).map((o, j) =>
          engages(app, o, hub, (i + j) % 3 === 0 ? 'OBSERVER' : 'MEMBER', {
            ...((i + j) % 5 === 0
              ? {}
              : { since: `${2010 + ((i + j) % 7)}-0${1 + ((i + j) % 9)}` }),
          }),
        ),
      );
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('walks every page in the documented order, with the total, and a role filter', async () => {
    const { nodes, pages, total } = await allPages();
    expect(total).toBe(HUB_TIES);
    expect(pages).toBe(5);
    expect(nodes.map((n) => `${n.actor.name}/${n.role}`)).toEqual(await expected());

    const observers: Page = await page({ first: 100, role: 'OBSERVER' });
    expect(observers.totalCount).toBe(HUB_TIES / 3);
    expect(observers.nodes.map((n) => `${n.actor.name}/${n.role}`)).toEqual(
      await expected('OBSERVER'),
    );
  });

  it('reads a first page of 5 from the page key index, not the hub', async () => {
    lines.length = 0;
    const first = await page({ first: 5 });
    expect(first.nodes).toHaveLength(5);
    const planned = lines
      .map((l) => JSON.parse(l) as { msg?: string; cypher?: string; params?: object })
      .filter((l) => l.msg === 'planned read');
    expect(planned).toHaveLength(1);
    const session = app.db.driver.session({
      database: 'neo4j',
      defaultAccessMode: neo4j.session.READ,
    });
    try {
      const res = await session.run(
        `PROFILE ${planned[0].cypher!}`,
        toNeo4j(planned[0].params ?? {}),
      );
      const ops = flat(res.summary.profile as unknown as Plan);
      expect(ops.map((o) => o.operatorType.replace(/@.*/, ''))).toContain(
        'DirectedRelationshipIndexSeekByRange',
      );
      // The page of 5 (+1 to know there is more) is all that is read of the hub's 120 ties:
      // no operator sees more rows than that, and the total is the forum's degree.
      expect(Math.max(...ops.map((o) => o.rows))).toBeLessThanOrEqual(6);
      const hits = ops.reduce((n, o) => n + o.dbHits, 0);
      expect(hits).toBeLessThan(HUB_TIES);
    } finally {
      await session.close();
    }
  });

  it('keeps the order after a start changes and after a merge moves ties to the kept forum', async () => {
    const before = await page({ first: 3 });
    // Give the first tie a late start: it moves to the end of the order.
    const moved = before.nodes[0];
    const upd = await app.gql(
      `mutation ($id: ID!) { updateEngagement(id: $id, input: { since: "2099" }) { id since } }`,
      { id: moved.id },
    );
    expect(upd.body.errors).toBeUndefined();
    const all = await allPages();
    expect(all.nodes[all.nodes.length - 1].id).toBe(moved.id);
    expect(all.nodes.map((n) => `${n.actor.name}/${n.role}`)).toEqual(await expected());

    // A second forum with two members of its own is merged into the hub: their ties move in.
    const other = await forum(app, 'Forum merged into the hub');
    const a = await organisation(app, 'Joined by merge A');
    const b = await organisation(app, 'Joined by merge B');
    await engages(app, a, other, 'MEMBER', { since: '2000' });
    await engages(app, b, other, 'MEMBER');
    const merged = await app.gql(
      `mutation ($keep: ID!, $remove: ID!) { mergeFora(keep: $keep, remove: $remove) { id } }`,
      { keep: hub.id, remove: other.id },
    );
    expect(merged.body.errors).toBeUndefined();
    const after = await allPages();
    expect(after.total).toBe(HUB_TIES + 2);
    const names = after.nodes.map((n) => n.actor.name);
    expect(names).toContain('Joined by merge A');
    expect(names).toContain('Joined by merge B');
    expect(after.nodes.map((n) => `${n.actor.name}/${n.role}`)).toEqual(await expected());
  });
});
