/** Access: API keys, roles on operations and on fields, and personal data kept from those who may not read it. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/paths';
import { startTestApp, TestApp } from '../helpers/app';
import { codeOf, organisation, person, tie } from '../helpers/fixtures';

describe('access control', () => {
  let app: TestApp;
  let viewer: string, editor: string, admin: string;
  beforeAll(async () => {
    app = await startTestApp();
    [viewer, editor, admin] = await Promise.all([
      app.keyFor('viewer'),
      app.keyFor('editor'),
      app.keyFor('admin'),
    ]);
  });
  afterAll(async () => {
    await app.close();
  });

  it('stores keys only as hashes', async () => {
    const rows = await app.cypher('MATCH (k:ApiKey) RETURN k.hash AS hash, keys(k) AS props');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.props).not.toContain('key');
    }
    const raw = admin.replace('Bearer ', '');
    const [found] = await app.cypher(
      'MATCH (k:ApiKey) WHERE any(p IN keys(k) WHERE k[p] = $raw) RETURN count(k) AS n',
      { raw },
    );
    expect(Number(found.n)).toBe(0);
  });

  it('tells a caller its role and key name (viewer), nulls without a key', async () => {
    const q = '{ viewer { role keyName } }';
    expect((await app.gql(q, {}, { authorization: '' })).body).toEqual({
      data: { viewer: { role: null, keyName: null } },
    });
    expect((await app.gql(q, {}, { authorization: viewer })).body).toEqual({
      data: { viewer: { role: 'VIEWER', keyName: 'test viewer' } },
    });
    expect((await app.gql(q, {}, { authorization: editor })).body).toEqual({
      data: { viewer: { role: 'EDITOR', keyName: 'test editor' } },
    });
    expect((await app.gql(q, {}, { authorization: admin })).body.data).toEqual({
      viewer: { role: 'ADMIN', keyName: 'test admin' },
    });
    const unknown = await app.gql(q, {}, { authorization: `Bearer sg_${'x'.repeat(43)}` });
    expect(unknown.status).toBe(401);
    expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
  });

  it('lets anonymous callers read public data but not write', async () => {
    const read = await app.gql('{ organisations { totalCount } }', {}, { authorization: '' });
    expect(read.body.errors).toBeUndefined();
    const write = await app.gql(
      'mutation { createOrganisation(input: {name: "Anon"}) { id } }',
      {},
      { authorization: '' },
    );
    expect(codeOf(write)).toBe('UNAUTHENTICATED');
    const [row] = await app.cypher('MATCH (n:Organisation {slug: "anon"}) RETURN count(n) AS n');
    expect(Number(row.n)).toBe(0);
  });

  it('lets viewers read but not write, editors write but not delete, admins delete', async () => {
    const asViewer = await app.gql(
      'mutation { createOrganisation(input: {name: "By Viewer"}) { id } }',
      {},
      { authorization: viewer },
    );
    expect(codeOf(asViewer)).toBe('FORBIDDEN');
    const asEditor = await app.gql(
      'mutation { createOrganisation(input: {name: "By Editor"}) { id } }',
      {},
      { authorization: editor },
    );
    expect(asEditor.body.errors).toBeUndefined();
    const id = asEditor.body.data!.createOrganisation.id;
    const editorDelete = await app.gql(
      'mutation($id: ID!) { deleteOrganisation(id: $id) { id } }',
      { id },
      { authorization: editor },
    );
    expect(codeOf(editorDelete)).toBe('FORBIDDEN');
    const adminDelete = await app.gql(
      'mutation($id: ID!) { deleteOrganisation(id: $id) { id } }',
      { id },
      { authorization: admin },
    );
    expect(adminDelete.body.errors).toBeUndefined();
    const history = await app.gql(
      'query($id: ID!) { history(id: $id) { nodes { action actor } } }',
      { id },
    );
    expect(history.body.data!.history.nodes).toEqual([
      { action: 'DELETE', actor: 'key:test admin' },
      { action: 'CREATE', actor: 'key:test editor' },
    ]);
  });

  it('keeps contact details for editors and admins, and affiliations from anonymous callers, on every path', async () => {
    const p = await person(app, 'Jorge Vega Cardenas', { contact: { phone: '+31 20 435 20 5' } });
    const org = await organisation(app, 'Wemos');
    const aff = await tie(app, 'Affiliation', { from: p.id, to: org.id, role: 'STAFF' });
    const q =
      'query($id: ID!, $aff: ID!) { node(id: $id) { ... on Person { name contact { phone } affiliations { totalCount } } } tie: node(id: $aff) { ... on Affiliation { role person { name } } } }';
    const anon = await app.gql(q, { id: p.id, aff: aff.id }, { authorization: '' });
    expect(anon.body.data!.node).toMatchObject({ name: 'Jorge Vega Cardenas', contact: null });
    expect(anon.body.errors!.map((e) => e.extensions!.code)).toEqual(
      expect.arrayContaining(['UNAUTHENTICATED']),
    );
    expect(JSON.stringify(anon.body)).not.toContain('435');
    const asViewer = await app.gql(q, { id: p.id, aff: aff.id }, { authorization: viewer });
    expect(asViewer.body.data!.node.affiliations).toEqual({ totalCount: 1 });
    expect(asViewer.body.data!.tie).toEqual({
      role: 'STAFF',
      person: { name: 'Jorge Vega Cardenas' },
    });
    expect(asViewer.body.data!.node.contact).toBeNull();
    expect(asViewer.body.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN']);
    const asEditor = await app.gql(q, { id: p.id, aff: aff.id }, { authorization: editor });
    expect(asEditor.body.errors).toBeUndefined();
    expect(asEditor.body.data!.node.contact).toEqual({ phone: '+31 20 435 20 5' });
    const anonHistory = await app.gql(
      'query($id: ID!) { history(id: $id) { nodes { action } } }',
      { id: aff.id },
      { authorization: '' },
    );
    expect(codeOf(anonHistory)).toBe('UNAUTHENTICATED');
    const search = await app.gql(
      '{ search(text: "Jorge") { entity { ... on Person { name } } } }',
      {},
      { authorization: '' },
    );
    expect(JSON.stringify(search.body)).not.toContain('435');
  });

  it('rejects a malformed or unknown key with 401 UNAUTHENTICATED, before running anything', async () => {
    for (const authorization of ['Bearer nonsense', `Bearer sg_${'A'.repeat(43)}`, 'Basic abc']) {
      const res = await app.gql('{ organisations { totalCount } }', {}, { authorization });
      expect(res.status).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps exports (which include who works where) from anonymous callers', async () => {
    const url = app.url.replace(/\/graphql$/, '/export/graph.cytoscape.json');
    const anon = await fetch(url);
    expect(anon.status).toBe(401);
    await expect(anon.json()).resolves.toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const asViewer = await fetch(url, { headers: { authorization: viewer } });
    expect(asViewer.status).toBe(200);
  });

  it('can switch anonymous reading off', async () => {
    const closed = await startTestApp({ ALLOW_ANONYMOUS_READ: 'false' });
    try {
      const res = await closed.gql('{ organisations { totalCount } }', {}, { authorization: '' });
      expect(res.status).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      const withKey = await closed.gql('{ organisations { totalCount } }');
      expect(withKey.body.errors).toBeUndefined();
    } finally {
      await closed.close();
    }
  });

  it('manages keys from the command line: create prints the key last, revoke stops it', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NEO4J_URI: process.env.NEO4J_TEST_URI!,
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD!,
      LOG_LEVEL: 'silent',
    };
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [path.join(projectRoot(), 'dist', 'src', 'cli', 'apikey.js'), ...args],
        { env, encoding: 'utf8', timeout: 60_000 },
      );
    const created = cli('create', '--role', 'editor', '--name', 'CLI test');
    expect(created.status).toBe(0);
    const key = created.stdout.trim().split('\n').pop()!;
    expect(key).toMatch(/^sg_[A-Za-z0-9_-]{43}$/);
    const ok = await app.gql(
      'mutation { createTopic(input: {name: "Fiscal space"}) { id } }',
      {},
      { authorization: `Bearer ${key}` },
    );
    expect(ok.body.errors).toBeUndefined();
    const listed = cli('list');
    expect(listed.stdout).toContain('CLI test');
    expect(listed.stdout).not.toContain(key);
    const revoked = cli('revoke', key.slice(0, 10));
    expect(revoked.status).toBe(0);
    // A fresh server has no cache of the key: the revocation holds at once there.
    const fresh = await startTestApp();
    try {
      const res = await fresh.gql(
        '{ topics { totalCount } }',
        {},
        { authorization: `Bearer ${key}` },
      );
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    } finally {
      await fresh.close();
    }
    const bad = cli('create', '--role', 'superuser', '--name', 'x');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/role must be one of viewer, editor, admin/);
  });
});
