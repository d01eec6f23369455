/**
 * Signed export links (src/auth/export-links.ts, docs/exports.md "Links for desktop tools"):
 * POST /export/links with a viewer key gives a URL that works without a header, for its file
 * and filter only, until it expires or its key is revoked; a changed link is refused.
 */
import { ExportLinks } from '../../src/auth/export-links';
import { hashKey } from '../../src/auth/api-keys';
import { toGlobalId } from '../../src/domain/ids';
import { EntityType } from '../../src/domain/model';
import { startTestApp, TestApp } from '../helpers/app';
import { engages, forum, organisation } from '../helpers/fixtures';

const SECRET = 'test-export-link-secret-0123456789abcdef';

describe('signed export links', () => {
  let app: TestApp;
  let base: string;
  let viewer: string;

  const link = async (body: Record<string, unknown>, authorization = viewer) => {
    const res = await fetch(`${base}/export/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        url?: string;
        expiresAt?: string;
        error?: { code: string; message: string };
      },
    };
  };
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { headers });
    return {
      status: res.status,
      nodes: res.headers.get('x-export-nodes'),
      type: res.headers.get('content-type'),
      text: await res.text(),
    };
  };
  const refusal = (text: string) =>
    (JSON.parse(text) as { error: { code: string; message: string } }).error;

  beforeAll(async () => {
    app = await startTestApp({ EXPORT_LINK_SECRET: SECRET, EXPORT_LINK_TTL_S: '600' });
    base = new URL(app.url).origin;
    viewer = await app.keyFor('viewer');
    const acme = await organisation(app, 'Acme');
    const coalition = await forum(app, 'Coalition');
    await forum(app, 'Other forum');
    await engages(app, acme, coalition, 'HOST');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('gives a URL that exports the same document without a header, and holds no key', async () => {
    const before = Date.now();
    const made = await link({ file: 'graph.gexf', forum: 'coalition' });
    expect(made.status).toBe(200);
    const url = made.body.url!;
    expect(url.startsWith(`${base}/export/graph.gexf?forum=coalition&token=`)).toBe(true);
    const raw = viewer.replace(/^Bearer /, '');
    expect(url).not.toContain(raw);
    expect(url).not.toContain(hashKey(raw));
    const expires = Date.parse(made.body.expiresAt!);
    expect(expires).toBeGreaterThanOrEqual(before + 599_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 600_000);

    const byLink = await get(url);
    expect(byLink.status).toBe(200);
    expect(byLink.type).toBe('application/gexf+xml; charset=utf-8');
    const byKey = await get(`${base}/export/graph.gexf?forum=coalition`, { authorization: viewer });
    expect(byLink.nodes).toBe(byKey.nodes);
    expect(byLink.text).toContain('Acme');
  });

  it('asks for a key to make a link, and for a known file and a valid filter', async () => {
    const anonymous = await link({ file: 'graph.gexf' }, '');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error!.code).toBe('UNAUTHENTICATED');
    const pdf = await link({ file: 'graph.pdf' });
    expect(pdf.status).toBe(400);
    expect(pdf.body.error!.message).toContain('"file" must be one of graph.gexf');
    const both = await link({ file: 'nodes.csv', forum: 'coalition', around: 'x' });
    expect(both.status).toBe(400);
    expect(both.body.error!.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a link on another file (format) or with another filter', async () => {
    const { url } = (await link({ file: 'graph.gexf', forum: 'coalition' })).body;
    const token = new URL(url!).searchParams.get('token')!;
    const csv = await get(`${base}/export/nodes.csv?forum=coalition&token=${token}`);
    expect(csv.status).toBe(401);
    expect(refusal(csv.text).message).toContain('This link is for /export/graph.gexf');
    const other = await get(`${base}/export/graph.gexf?forum=other-forum&token=${token}`);
    expect(other.status).toBe(401);
    expect(refusal(other.text).message).toContain('other filter parameters');
    const whole = await get(`${base}/export/graph.gexf?token=${token}`);
    expect(whole.status).toBe(401);
  });

  it("signs the explorer's view: the link exports it, and changing, adding or removing any view parameter is refused", async () => {
    const ids = await app.cypher(
      'MATCH (o:Organisation {name: "Acme"}), (f:Forum {name: "Coalition"}), (x:Forum {name: "Other forum"}) RETURN o.id AS acme, f.id AS coalition, x.id AS other',
    );
    const acme = toGlobalId(EntityType.Organisation, ids[0].acme as string);
    const coalition = toGlobalId(EntityType.Forum, ids[0].coalition as string);
    const other = toGlobalId(EntityType.Forum, ids[0].other as string);
    const view = {
      around: acme,
      depth: '2',
      activeOn: '2019',
      tieTypes: 'ENGAGES_IN,MEMBER_OF',
      entityTypes: 'Organisation,Forum',
      roles: 'HOST,MEMBER',
      expand: coalition,
      hide: other,
      edges: 'walked',
    };
    // Lists may come as JSON arrays too: the link spells them as the query string does.
    const made = await link({
      file: 'graph.cytoscape.json',
      ...view,
      depth: 2,
      tieTypes: ['ENGAGES_IN', 'MEMBER_OF'],
    });
    expect(made.status).toBe(200);
    const url = new URL(made.body.url!);
    const token = url.searchParams.get('token')!;
    expect(Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'token'))).toEqual(view);
    const byLink = await get(url.toString());
    expect(byLink.status).toBe(200);
    const byKey = await get(
      `${base}/export/graph.cytoscape.json?${new URLSearchParams(view).toString()}`,
      { authorization: viewer },
    );
    expect(byKey.status).toBe(200);
    expect(byLink.text).toBe(byKey.text);
    expect(
      JSON.parse(byLink.text)
        .elements.nodes.map((n: any) => n.data.id)
        .sort(),
    ).toEqual([acme, coalition].sort());

    const changed: Array<Record<string, string>> = [
      { ...view, activeOn: '2020' },
      { ...view, tieTypes: 'ENGAGES_IN' },
      { ...view, entityTypes: 'Organisation,Forum,Person' },
      { ...view, roles: 'HOST' },
      { ...view, expand: other },
      { ...view, hide: coalition },
      { ...view, edges: 'all' },
      { ...view, depth: '1' },
    ];
    for (const name of Object.keys(view).filter((k) => k !== 'around')) {
      const fewer: Record<string, string> = { ...view };
      delete fewer[name];
      changed.push(fewer);
    }
    for (const params of changed) {
      const res = await get(
        `${base}/export/graph.cytoscape.json?${new URLSearchParams({ ...params, token }).toString()}`,
      );
      expect([params, res.status]).toEqual([params, 401]);
      expect(refusal(res.text).message).toContain('other filter parameters');
    }
    // A view parameter needs "around" when the link is made, as on GET.
    const lone = await link({ file: 'graph.gexf', hide: other });
    expect(lone.status).toBe(400);
    expect(lone.body.error!.message).toContain('"hide" goes with "around" only');
  });

  it('signs a path export and a forum view: the link exports them, and changing any of their parameters is refused', async () => {
    const ids = await app.cypher(
      'MATCH (o:Organisation {name: "Acme"}), (f:Forum {name: "Coalition"}) RETURN o.id AS acme, f.id AS coalition',
    );
    const acme = toGlobalId(EntityType.Organisation, ids[0].acme as string);
    const coalition = toGlobalId(EntityType.Forum, ids[0].coalition as string);
    const views: Array<[Record<string, string>, Array<Record<string, string>>]> = [
      [
        { from: acme, to: coalition, maxHops: '3', first: '2', via: 'ENGAGES_IN' },
        [
          { from: coalition, to: acme, maxHops: '3', first: '2', via: 'ENGAGES_IN' },
          { from: acme, to: coalition, maxHops: '4', first: '2', via: 'ENGAGES_IN' },
          { from: acme, to: coalition, maxHops: '3', first: '3', via: 'ENGAGES_IN' },
          { from: acme, to: coalition, maxHops: '3', first: '2' },
        ],
      ],
      [
        { forum: coalition, activeOn: '2019', roles: 'HOST', edges: 'walked' },
        [
          { forum: coalition, activeOn: '2020', roles: 'HOST', edges: 'walked' },
          { forum: coalition, activeOn: '2019', roles: 'HOST' },
          {
            forum: coalition,
            activeOn: '2019',
            roles: 'HOST',
            edges: 'walked',
            entityTypes: 'Person',
          },
          { forum: coalition },
        ],
      ],
    ];
    for (const [view, changed] of views) {
      const made = await link({ file: 'graph.gexf', ...view });
      expect(made.status).toBe(200);
      const url = new URL(made.body.url!);
      const token = url.searchParams.get('token')!;
      const byLink = await get(url.toString());
      expect(byLink.status).toBe(200);
      // Acme hosts the coalition: both are on the path and in the forum view.
      expect(byLink.nodes).toBe('2');
      const byKey = await get(`${base}/export/graph.gexf?${new URLSearchParams(view).toString()}`, {
        authorization: viewer,
      });
      expect(byLink.text.replace(/lastmodifieddate="[^"]*"/, '')).toBe(
        byKey.text.replace(/lastmodifieddate="[^"]*"/, ''),
      );
      for (const params of changed) {
        const res = await get(
          `${base}/export/graph.gexf?${new URLSearchParams({ ...params, token }).toString()}`,
        );
        expect([params, res.status]).toEqual([params, 401]);
        expect(refusal(res.text).message).toContain('other filter parameters');
      }
    }
    // A link is made only for a valid path export, as GET checks one.
    const bad = await link({ file: 'graph.gexf', from: acme, to: coalition, maxHops: 9 });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.message).toContain('"maxHops" must be a whole number from 1 to 6');
  });

  it('refuses a tampered token', async () => {
    const { url } = (await link({ file: 'edges.csv' })).body;
    const token = new URL(url!).searchParams.get('token')!;
    const [payload, mac] = token.split('.');
    // The same payload with a later expiry, signed by someone without the secret.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      e: number;
    };
    claims.e += 86_400;
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
    // Spellings that decode to the same bytes (found by a tester): padding, a stray character,
    // base64 instead of base64url, the last character's spare bits.
    const last = mac.slice(-1);
    const sameBits = 'AQgw'.includes(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : 'A';
    const respelt = [
      `${payload}.${mac}=`,
      `${payload}.${mac.slice(0, 10)}*${mac.slice(10)}`,
      `${payload}.${mac.replace(/-/g, '+').replace(/_/g, '/')}`,
      `${payload}.${mac.slice(0, -1)}${sameBits}`,
    ].filter((t) => t !== token);
    for (const t of [forged, `${payload}.${mac.slice(0, -2)}AA`, 'nonsense', '', ...respelt]) {
      const res = await get(`${base}/export/edges.csv?token=${encodeURIComponent(t)}`);
      expect(res.status).toBe(401);
      expect(refusal(res.text).code).toBe('UNAUTHENTICATED');
      expect(refusal(res.text).message).toContain('Ask for a new link');
    }
  });

  it('answers bodies it cannot read in JSON, saying what to send', async () => {
    const send = async (body: string, type: string) => {
      const res = await fetch(`${base}/export/links`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: viewer },
        body,
      });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        body: (await res.json()) as { error: { code: string; message: string } },
      };
    };
    for (const [body, type, status] of [
      ['{"file":', 'application/json', 400],
      [JSON.stringify({ file: 'graph.gexf', forum: 'x'.repeat(20_000) }), 'application/json', 413],
      [JSON.stringify({ file: 'graph.gexf' }), 'text/plain', 415],
    ] as const) {
      const res = await send(body, type);
      expect(res.status).toBe(status);
      expect(res.type).toMatch(/^application\/json/);
      expect(res.body.error.code).toBe('BAD_USER_INPUT');
      expect(res.body.error.message).toContain('content-type: application/json');
    }
  });

  it('refuses an expired link', async () => {
    const [row] = await app.cypher('MATCH (k:ApiKey {hash: $h}) RETURN k.id AS id', {
      h: hashKey(viewer.replace(/^Bearer /, '')),
    });
    // A link made an hour ago with the server's secret, valid for ten minutes.
    const old = new ExportLinks(app.db, SECRET, 600).sign(
      'nodes.csv',
      {},
      row.id as string,
      Date.now() - 3_600_000,
    );
    const res = await get(`${base}/export/nodes.csv?token=${old.token}`);
    expect(res.status).toBe(401);
    expect(refusal(res.text).message).toContain('This link has expired.');
    // The same, made now, works: only the expiry differs.
    const fresh = new ExportLinks(app.db, SECRET, 600).sign('nodes.csv', {}, row.id as string);
    expect((await get(`${base}/export/nodes.csv?token=${fresh.token}`)).status).toBe(200);
  });

  it('refuses the links of a key revoked since', async () => {
    const key = await app.keyFor('viewer');
    const { url } = (await link({ file: 'graph.cytoscape.json' }, key)).body;
    expect((await get(url!)).status).toBe(200);
    await app.cypher('MATCH (k:ApiKey {hash: $h}) SET k.revokedAt = $now', {
      h: hashKey(key.replace(/^Bearer /, '')),
      now: new Date().toISOString(),
    });
    const res = await get(url!);
    expect(res.status).toBe(401);
    expect(refusal(res.text).message).toContain('has been revoked');
  });
});
