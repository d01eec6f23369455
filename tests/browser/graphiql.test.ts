/**
 * GraphiQL at /graphiql, bundled (no CDN): it loads in headless Chromium under its
 * Content-Security-Policy, introspects the schema and runs a query against the real service.
 */
import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { buildWeb, launchBrowser, origin } from '../helpers/browser';

jest.setTimeout(240_000);

describe('GraphiQL', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    buildWeb({ graphiql: true });
    app = await startTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('runs a query from the bundled page, with no request to another origin', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(origin(app.url)) && !r.url().startsWith('data:'))
        elsewhere.push(r.url());
    });
    const res = await page.goto(`${origin(app.url)}/graphiql`);
    expect(res!.status()).toBe(200);
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.graphiql-container').waitFor({ timeout: 60_000 });
    await page.locator('.graphiql-execute-button').click();
    await page
      .locator('.graphiql-response')
      .getByText('stakeholder-graph')
      .first()
      .waitFor({ timeout: 60_000 });
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
