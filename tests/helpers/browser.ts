/**
 * Headless Chromium for the explorer's browser tests (tests/browser): Debian's `chromium`
 * found on PATH (or CHROMIUM_PATH), driven by playwright-core, which downloads no browser.
 * The page is built once per test file (scripts/build-web.js) and served by the test app.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { projectRoot } from '../../src/paths';

export function chromiumPath(): string {
  const given = process.env.CHROMIUM_PATH;
  if (given) return given;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const full = path.join(dir, name);
      if (fs.existsSync(full)) return full;
    }
  }
  throw new Error(
    'No Chromium on PATH: install Debian’s chromium package (.ci/run does) or set CHROMIUM_PATH.',
  );
}

/** Builds the page (with GraphiQL only when asked: it takes far longer than the explorer). */
export function buildWeb(options: { graphiql?: boolean } = {}): void {
  const args = [path.join(projectRoot(), 'scripts', 'build-web.js')];
  if (!options.graphiql) args.push('--no-graphiql');
  execFileSync(process.execPath, args, {
    cwd: projectRoot(),
    stdio: 'inherit',
  });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** The origin of a test app's server, for page.goto (its url ends in /graphql). */
export function origin(graphqlUrl: string): string {
  return new URL(graphqlUrl).origin;
}
