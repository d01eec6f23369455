/**
 * CORS_ORIGINS: browser clients on a listed origin may call /graphql and /export (the
 * preflight is answered, the response carries Access-Control-Allow-Origin); any other
 * origin gets no CORS header, and with the variable unset no response carries one.
 */
import { ConfigError, parseConfig } from '../../src/config';
import { startTestApp, TestApp } from '../helpers/app';

const ALLOWED = 'https://viz.example.org';
const OTHER = 'https://elsewhere.example.com';

describe('CORS', () => {
  let app: TestApp;
  let plain: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ CORS_ORIGINS: `${ALLOWED}, http://localhost:5173` });
    plain = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
    await plain?.close();
  });

  const post = (url: string, origin: string) =>
    fetch(url, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('answers a listed origin with Access-Control-Allow-Origin and the headers a client reads', async () => {
    const res = await post(app.url, ALLOWED);
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual({ data: { __typename: 'Query' } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('vary')).toMatch(/origin/i);
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives another origin no CORS header (the browser then withholds the answer)', async () => {
    const res = await post(app.url, OTHER);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the preflight of a listed origin, for the Authorization and content-type headers', async () => {
    const res = await fetch(app.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toEqual(
      expect.stringContaining('authorization'),
    );
    expect(res.headers.get('access-control-allow-headers')).toEqual(
      expect.stringContaining('content-type'),
    );
    expect(res.headers.get('access-control-max-age')).toBe('600');
  });

  it('answers the preflight of another origin without allowing it', async () => {
    const res = await fetch(app.url, {
      method: 'OPTIONS',
      headers: { origin: OTHER, 'access-control-request-method': 'POST' },
    });
    // (cors still lists its methods; without Access-Control-Allow-Origin the browser refuses the request.)
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('covers /export: its preflight needs no key, and its answers carry the header', async () => {
    const exportUrl = app.url.replace('/graphql', '/export/nodes.csv');
    const pre = await fetch(exportUrl, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    // (The second app's start wiped the first one's admin key: a fresh key.)
    const ok = await fetch(exportUrl, {
      headers: { origin: ALLOWED, authorization: await app.keyFor('viewer') },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(ok.headers.get('access-control-expose-headers')).toContain('content-disposition');
    const refused = await fetch(exportUrl, { headers: { origin: ALLOWED } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('sends no CORS header at all when CORS_ORIGINS is unset', async () => {
    const res = await post(plain.url, ALLOWED);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await fetch(plain.url, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('validates CORS_ORIGINS: origins only, "*" refused, every problem named', () => {
    expect(
      parseConfig({
        CORS_ORIGINS: 'https://a.example.org, http://localhost:5173,https://a.example.org:443',
      }).corsOrigins,
    ).toEqual(['https://a.example.org', 'http://localhost:5173']);
    expect(parseConfig({}).corsOrigins).toEqual([]);
    let caught: unknown;
    try {
      parseConfig({
        CORS_ORIGINS:
          '*,https://a.example.org/app,ftp://files.example.org,https://b.example.org/,localhost:3000',
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/CORS_ORIGINS may not be "\*"/);
    expect(problems).toContain('"https://a.example.org/app", which is not an origin');
    expect(problems).toContain('"ftp://files.example.org", which is not an origin');
    expect(problems).toContain('"https://b.example.org/", which is not an origin');
    expect(problems).toContain('"localhost:3000", which is not an origin');
  });
});
