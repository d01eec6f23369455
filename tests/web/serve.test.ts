import { startTestApp, TestApp } from '../helpers/app';
import { buildWeb, origin } from '../helpers/browser';

/** The explorer's page and assets over HTTP, with the headers that keep it safe; the other routes as before. */
describe('serving the explorer', () => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    buildWeb();
    app = await startTestApp();
    base = origin(app.url);
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(['/', '/explore'])(
    'serves the page at %s with a strict Content-Security-Policy',
    async (p) => {
      const res = await fetch(base + p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await res.text();
      expect(html).toContain('<script src="/assets/explorer.js" defer></script>');
    },
  );

  it('serves the bundle and the style sheet from /assets, and 404s what is not there', async () => {
    const js = await fetch(`${base}/assets/explorer.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(10_000);
    const css = await fetch(`${base}/assets/explorer.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const missing = await fetch(`${base}/assets/nothing.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('leaves /health, /ready, /graphql and /export as they were', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const res = await app.gql('{ serviceInfo { name } }');
    expect(res.body.data).toEqual({ serviceInfo: { name: 'stakeholder-graph' } });
    expect((await fetch(`${base}/export/nodes.csv`)).status).toBe(401);
  });
});

describe('GraphiQL where it is off', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ NODE_ENV: 'production', INTROSPECTION: 'false' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 404 at /graphiql and its assets in production without introspection', async () => {
    const base = origin(app.url);
    for (const p of ['/graphiql', '/assets/graphiql/graphiql.js']) {
      const res = await fetch(base + p);
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
    }
    expect((await fetch(`${base}/`)).status).toBe(200);
  });
});
