/**
 * Network questions on small graphs whose right answers are known by hand, through GraphQL
 * against the real Neo4j.
 */
import {
  ENGAGEMENT_ROLE_WEIGHT,
  EVENT_FACTOR,
  PARTICIPATION_ROLE_WEIGHT,
} from '../../src/domain/network';
import { useTestApp } from '../helpers/app';
import {
  Created,
  codeOf,
  engages,
  event,
  forum,
  organisation,
  person,
  tie,
} from '../helpers/fixtures';

describe('network questions', () => {
  const app = useTestApp({ wipe: 'each' });

  describe('allies', () => {
    let us: Created,
      hostAlly: Created,
      observerAlly: Created,
      bigForumAlly: Created,
      eventAlly: Created,
      small: Created,
      big: Created;
    beforeEach(async () => {
      [us, hostAlly, observerAlly, bigForumAlly, eventAlly] = await Promise.all(
        ['Us', 'Host Ally', 'Observer Ally', 'Big Forum Ally', 'Event Ally'].map((n) =>
          organisation(app, n),
        ),
      );
      small = await forum(app, 'Small Forum');
      big = await forum(app, 'Big Forum');
      await engages(app, us, small, 'MEMBER');
      await engages(app, hostAlly, small, 'HOST', { since: '2019' });
      await engages(app, observerAlly, small, 'OBSERVER');
      await engages(app, us, big, 'MEMBER');
      await engages(app, bigForumAlly, big, 'MEMBER');
      for (let i = 0; i < 6; i += 1)
        await engages(
          app,
          await organisation(app, `Crowd ${i}`, { kind: 'TRADE_UNION' }),
          big,
          'OBSERVER',
        );
      const meeting = await event(app, 'A meeting');
      await tie(app, 'Participation', { from: us.id, to: meeting.id, role: 'ORGANISER' });
      await tie(app, 'Participation', { from: eventAlly.id, to: meeting.id, role: 'SPEAKER' });
    });

    const allies = async (vars: Record<string, unknown>) => {
      const res = await app.gql(
        'query($of: ID!, $forum: ID, $on: PartialDate, $kinds: [String!], $first: Int) { allies(of: $of, forum: $forum, activeOn: $on, kinds: $kinds, first: $first) { score organisation { name } sharedFora { name } sharedEvents { name } } }',
        vars,
      );
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.allies as Array<{
        score: number;
        organisation: { name: string };
        sharedFora: Array<{ name: string }>;
        sharedEvents: Array<{ name: string }>;
      }>;
    };

    it('ranks by the documented score: role weights, damped by forum size, events at half weight', async () => {
      const result = await allies({ of: us.id, first: 20 });
      const w = ENGAGEMENT_ROLE_WEIGHT;
      const expected: Record<string, number> = {
        'Host Ally': (w.MEMBER * w.HOST) / Math.log(1 + 3),
        'Observer Ally': (w.MEMBER * w.OBSERVER) / Math.log(1 + 3),
        'Big Forum Ally': (w.MEMBER * w.MEMBER) / Math.log(1 + 8),
        'Event Ally':
          (EVENT_FACTOR * PARTICIPATION_ROLE_WEIGHT.ORGANISER * PARTICIPATION_ROLE_WEIGHT.SPEAKER) /
          Math.log(1 + 2),
      };
      // 3.246 (host in a small forum) > 1.365 (a shared meeting) > 1.024 (member of a big forum) > 0.541 (observer in a small forum)
      expect(result.map((a) => a.organisation.name).slice(0, 4)).toEqual([
        'Host Ally',
        'Event Ally',
        'Big Forum Ally',
        'Observer Ally',
      ]);
      for (const a of result)
        if (expected[a.organisation.name] !== undefined)
          expect(a.score).toBeCloseTo(expected[a.organisation.name], 5);
      expect(result.some((a) => a.organisation.name === 'Us')).toBe(false);
      expect(result.find((a) => a.organisation.name === 'Host Ally')!.sharedFora).toEqual([
        { name: 'Small Forum' },
      ]);
      expect(result.find((a) => a.organisation.name === 'Event Ally')!.sharedEvents).toEqual([
        { name: 'A meeting' },
      ]);
    });

    it('narrows to one forum, to kinds, to a date, and to first', async () => {
      expect(
        (await allies({ of: us.id, forum: big.id, first: 20 })).every((a) =>
          a.sharedFora.every((f) => f.name === 'Big Forum'),
        ),
      ).toBe(true);
      expect(
        (await allies({ of: us.id, kinds: ['TRADE_UNION'], first: 20 }))
          .map((a) => a.organisation.name)
          .every((n) => n.startsWith('Crowd')),
      ).toBe(true);
      const in2018 = await allies({ of: us.id, on: '2018', first: 20 });
      expect(in2018.some((a) => a.organisation.name === 'Host Ally')).toBe(false);
      expect(await allies({ of: us.id, first: 2 })).toHaveLength(2);
    });

    it('refuses an id that is not an organisation', async () => {
      const res = await app.gql('query($of: ID!) { allies(of: $of) { score } }', { of: small.id });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    });
  });

  describe('connections', () => {
    it('finds the exact shortest path, in either direction of the ties, and only through allowed types', async () => {
      // Linda -> meeting <- Francis -> ACHEST (3 ties); a longer way Linda -> X -> F <- Y -> ACHEST (4 ties)
      const linda = await person(app, 'Linda');
      const francis = await person(app, 'Francis');
      const achest = await organisation(app, 'ACHEST');
      const meeting = await event(app, 'Geneva meeting');
      const x = await organisation(app, 'X');
      const f = await forum(app, 'F');
      await tie(app, 'Participation', { from: linda.id, to: meeting.id, role: 'SPEAKER' });
      await tie(app, 'Participation', { from: francis.id, to: meeting.id, role: 'MODERATOR' });
      await tie(app, 'Affiliation', { from: francis.id, to: achest.id, role: 'DIRECTOR' });
      await tie(app, 'Affiliation', { from: linda.id, to: x.id, role: 'STAFF' });
      const y = await organisation(app, 'Y');
      await engages(app, x, f);
      await engages(app, y, f);
      await tie(app, 'Membership', { from: y.id, to: achest.id });
      const q =
        'query($a: ID!, $b: ID!, $via: [RelationType!], $hops: Int) { connections(from: $a, to: $b, via: $via, maxHops: $hops) { length nodes { name } edges { type source target } } }';
      const res = await app.gql(q, { a: linda.id, b: achest.id });
      expect(res.body.errors).toBeUndefined();
      const paths = res.body.data!.connections;
      expect(paths[0].length).toBe(3);
      expect(paths[0].nodes.map((n: any) => n.name)).toEqual([
        'Linda',
        'Geneva meeting',
        'Francis',
        'ACHEST',
      ]);
      expect(paths.map((p: any) => p.length)).toEqual([3, 4]);
      expect(paths[1].nodes.map((n: any) => n.name)).toEqual(['Linda', 'X', 'F', 'Y', 'ACHEST']);
      const ids = new Set([
        linda.id,
        francis.id,
        achest.id,
        (await app.gql('{ events { nodes { id } } }')).body.data!.events.nodes[0].id,
      ]);
      expect(paths[0].edges.every((e: any) => ids.has(e.source) && ids.has(e.target))).toBe(true);
      const viaEngagement = await app.gql(q, {
        a: linda.id,
        b: achest.id,
        via: ['AFFILIATED_WITH', 'ENGAGES_IN', 'MEMBER_OF'],
      });
      expect(
        viaEngagement.body.data!.connections.map((p: any) => p.nodes.map((n: any) => n.name)),
      ).toEqual([['Linda', 'X', 'F', 'Y', 'ACHEST']]);
      const tooShort = await app.gql(q, { a: linda.id, b: achest.id, hops: 2 });
      expect(tooShort.body.data!.connections).toEqual([]);
      const capped = await app.gql(q, { a: linda.id, b: achest.id, hops: 7 });
      expect(codeOf(capped)).toBe('BAD_USER_INPUT');
    });

    it('with activeOn goes only through ties active in that period, open ends included', async () => {
      // Ana -STAFF 2010..2012-> Old Org -MEMBER-> Net (2 ties, until 2012); Ana -> Summit 2018 <- Ben -> Net (3 ties, no dates on the last two).
      const ana = await person(app, 'Ana');
      const ben = await person(app, 'Ben');
      const old = await organisation(app, 'Old Org');
      const net = await organisation(app, 'Net');
      const summit = await event(app, 'Summit 2018');
      await tie(app, 'Affiliation', {
        from: ana.id,
        to: old.id,
        role: 'STAFF',
        since: '2010',
        until: '2012',
      });
      await tie(app, 'Membership', { from: old.id, to: net.id });
      await tie(app, 'Participation', {
        from: ana.id,
        to: summit.id,
        role: 'SPEAKER',
        since: '2018',
        until: '2018',
      });
      await tie(app, 'Participation', { from: ben.id, to: summit.id, role: 'SPEAKER' });
      await tie(app, 'Affiliation', { from: ben.id, to: net.id, role: 'DIRECTOR' });
      const q =
        'query($a: ID!, $b: ID!, $on: PartialDate) { connections(from: $a, to: $b, activeOn: $on) { nodes { ... on Entity { name } } } }';
      const names = async (on: string | null) => {
        const res = await app.gql(q, { a: ana.id, b: net.id, on });
        expect(res.body.errors).toBeUndefined();
        return res.body.data!.connections.map((p: any) => p.nodes.map((n: any) => n.name));
      };
      await expect(names(null)).resolves.toEqual([
        ['Ana', 'Old Org', 'Net'],
        ['Ana', 'Summit 2018', 'Ben', 'Net'],
      ]);
      await expect(names('2011')).resolves.toEqual([['Ana', 'Old Org', 'Net']]);
      await expect(names('2018-06')).resolves.toEqual([['Ana', 'Summit 2018', 'Ben', 'Net']]);
      await expect(names('2015')).resolves.toEqual([]);
      const bad = await app.gql(q, { a: ana.id, b: net.id, on: '2018-13' });
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    });
  });

  describe('neighbourhood', () => {
    it('is self-contained, respects depth, and says when the limit truncated it', async () => {
      const centre = await organisation(app, 'Centre');
      const f1 = await forum(app, 'F1');
      const f2 = await forum(app, 'F2');
      await engages(app, centre, f1);
      await engages(app, centre, f2, 'HOST', { since: '2010', until: '2012' });
      for (let i = 0; i < 4; i += 1) await engages(app, await organisation(app, `Peer ${i}`), f1);
      const q =
        'query($id: ID!, $depth: Int, $limit: Int, $on: PartialDate, $types: [RelationType!]) { neighbourhood(id: $id, depth: $depth, limit: $limit, activeOn: $on, relationTypes: $types) { truncated nodes { id label type properties } edges { id type source target role since until } } }';
      const one = (await app.gql(q, { id: centre.id })).body.data!.neighbourhood;
      expect(one.nodes.map((n: any) => n.label).sort()).toEqual(['Centre', 'F1', 'F2']);
      expect(one.edges).toHaveLength(2);
      expect(one.truncated).toBe(false);
      expect(one.nodes.find((n: any) => n.label === 'Centre').properties.slug).toBe('centre');
      const two = (await app.gql(q, { id: centre.id, depth: 2 })).body.data!.neighbourhood;
      expect(two.nodes).toHaveLength(7);
      expect(two.edges).toHaveLength(6);
      const ids = new Set(two.nodes.map((n: any) => n.id));
      expect(two.edges.every((e: any) => ids.has(e.source) && ids.has(e.target))).toBe(true);
      const cut = (await app.gql(q, { id: centre.id, depth: 2, limit: 4 })).body.data!
        .neighbourhood;
      expect(cut.truncated).toBe(true);
      expect(cut.nodes).toHaveLength(4);
      const cutIds = new Set(cut.nodes.map((n: any) => n.id));
      expect(cut.edges.every((e: any) => cutIds.has(e.source) && cutIds.has(e.target))).toBe(true);
      const dated = (await app.gql(q, { id: centre.id, on: '2015' })).body.data!.neighbourhood;
      expect(dated.nodes.map((n: any) => n.label).sort()).toEqual(['Centre', 'F1']);
      const tooDeep = await app.gql(q, { id: centre.id, depth: 4 });
      expect(codeOf(tooDeep)).toBe('BAD_USER_INPUT');
    });

    it('keeps a tie between two entities of the same hop once, from the hop that walks it', async () => {
      const f = await forum(app, 'Hub');
      const [c, a, b] = [
        await organisation(app, 'C'),
        await organisation(app, 'A'),
        await organisation(app, 'B'),
      ];
      for (const o of [c, a, b]) await engages(app, o, f);
      const member = await tie(app, 'Membership', { from: a.id, to: b.id, role: 'MEMBER' });
      const q =
        'query($id: ID!, $depth: Int) { neighbourhood(id: $id, depth: $depth) { truncated nodes { id } edges { id type source target } } }';
      const one = (await app.gql(q, { id: f.id, depth: 1 })).body.data!.neighbourhood;
      expect(one.nodes).toHaveLength(4);
      expect(one.edges.map((e: any) => e.type).sort()).toEqual([
        'ENGAGES_IN',
        'ENGAGES_IN',
        'ENGAGES_IN',
      ]);
      const two = (await app.gql(q, { id: f.id, depth: 2 })).body.data!.neighbourhood;
      expect(two.nodes).toHaveLength(4);
      expect(two.edges).toHaveLength(4);
      expect(two.edges.filter((e: any) => e.id === member.id)).toEqual([
        { id: member.id, type: 'MEMBER_OF', source: a.id, target: b.id },
      ]);
      expect(two.truncated).toBe(false);
    });

    it('leaves affiliations (who works where) out for anonymous callers', async () => {
      const p = await person(app, 'Staff Member');
      const org = await organisation(app, 'Employer');
      await tie(app, 'Affiliation', { from: p.id, to: org.id, role: 'STAFF' });
      const q =
        'query($id: ID!, $to: ID!) { neighbourhood(id: $id) { edges { type } } connections(from: $id, to: $to) { length } }';
      const anon = await app.gql(q, { id: p.id, to: org.id }, { authorization: '' });
      expect(anon.body.data).toEqual({ neighbourhood: { edges: [] }, connections: [] });
      const viewer = await app.gql(
        q,
        { id: p.id, to: org.id },
        { authorization: await app.keyFor('viewer') },
      );
      expect(viewer.body.data!.neighbourhood.edges).toEqual([{ type: 'AFFILIATED_WITH' }]);
      expect(viewer.body.data!.connections).toEqual([{ length: 1 }]);
    });

    it('never puts contact details into node properties', async () => {
      const p = await person(app, 'Private Person', {
        contact: { email: 'p@example.org', phone: '+41 1' },
      });
      const res = await app.gql(
        'query($id: ID!) { neighbourhood(id: $id) { nodes { properties } } }',
        { id: p.id },
      );
      expect(JSON.stringify(res.body)).not.toMatch(/example\.org|\+41 1|contact/);
    });
  });

  describe('coverage, brokers and the matrix', () => {
    let network: Created,
      a: Created,
      b: Created,
      outsider: Created,
      f1: Created,
      f2: Created,
      f3: Created;
    beforeEach(async () => {
      network = await organisation(app, 'MMI Network');
      [a, b, outsider] = await Promise.all(
        ['Member A', 'Member B', 'Outsider'].map((n) => organisation(app, n)),
      );
      await tie(app, 'Membership', { from: a.id, to: network.id, role: 'MEMBER' });
      await tie(app, 'Membership', { from: b.id, to: network.id, role: 'MEMBER' });
      [f1, f2, f3] = await Promise.all(['Forum 1', 'Forum 2', 'Forum 3'].map((n) => forum(app, n)));
      await engages(app, a, f1);
      await engages(app, b, f1);
      await engages(app, b, f2, 'CHAIR');
      await engages(app, outsider, f2);
      await engages(app, outsider, f3);
    });

    it('coverage lists the fora no member engages in and the single points of contact', async () => {
      const res = await app.gql(
        'query($n: ID!) { coverage(network: $n) { members { name } uncovered { name } singlePoints { count forum { name } via { name } } reached { count forum { name } } } }',
        { n: network.id },
      );
      expect(res.body.errors).toBeUndefined();
      const c = res.body.data!.coverage;
      expect(c.members.map((m: any) => m.name).sort()).toEqual(['Member A', 'Member B']);
      expect(c.uncovered).toEqual([{ name: 'Forum 3' }]);
      expect(c.singlePoints).toEqual([
        { count: 1, forum: { name: 'Forum 2' }, via: [{ name: 'Member B' }] },
      ]);
      expect(c.reached).toEqual([
        { count: 2, forum: { name: 'Forum 1' } },
        { count: 1, forum: { name: 'Forum 2' } },
      ]);
    });

    it('brokers puts the only bridge first', async () => {
      // Forum 1 {A, B} - B - Forum 2 {B, Outsider} - Outsider - Forum 3: B and Outsider bridge; B is central.
      const res = await app.gql('{ brokers(first: 3) { betweenness degree entity { name } } }');
      expect(res.body.errors).toBeUndefined();
      const brokers = res.body.data!.brokers;
      expect(brokers[0].entity.name).toBe('Member B');
      expect(brokers[0].degree).toBe(2);
      expect(brokers[0].betweenness).toBeGreaterThan(brokers[1].betweenness);
      expect(brokers.find((x: any) => x.entity.name === 'Member A').betweenness).toBe(0);
      const scoped = await app.gql('query($n: ID) { brokers(network: $n) { entity { name } } }', {
        n: network.id,
      });
      expect(scoped.body.data!.brokers.map((x: any) => x.entity.name).sort()).toEqual([
        'Member A',
        'Member B',
      ]);
    });

    it('the matrix crosses organisations with fora', async () => {
      const res = await app.gql(
        'query($f: [ID!]) { engagementMatrix(organisations: {namePrefix: "member"}, fora: $f) { organisations { name } fora { name } cells { organisation forum role } } }',
        { f: [f1.id, f2.id] },
      );
      expect(res.body.errors).toBeUndefined();
      const m = res.body.data!.engagementMatrix;
      expect(m.organisations.map((o: any) => o.name)).toEqual(['Member A', 'Member B']);
      expect(m.fora.map((f: any) => f.name)).toEqual(['Forum 1', 'Forum 2']);
      expect(m.cells).toHaveLength(3);
      expect(m.cells).toContainEqual({ organisation: b.id, forum: f2.id, role: 'CHAIR' });
    });
  });
});
