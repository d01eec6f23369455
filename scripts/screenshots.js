#!/usr/bin/env node
/**
 * `npm run screenshots`: pictures of the explorer's main views for docs/explorer.md, taken
 * in headless Chromium (Debian's chromium on PATH, or CHROMIUM_PATH) from a running service
 * with the demo network: start `npm start` first, or pass another address as the first
 * argument (default http://localhost:4000). Writes docs/explorer/*.png.
 */
/* global document */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'docs', 'explorer');
const base = (process.argv[2] || 'http://localhost:4000').replace(/\/$/, '');

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH || '').split(path.delimiter))
    for (const name of ['chromium', 'chromium-browser'])
      if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  throw new Error('No Chromium on PATH: install Debian’s chromium package or set CHROMIUM_PATH.');
}

async function drawn(page) {
  await page.waitForFunction(
    () => /^\d+ entities/.test(document.getElementById('graph-summary').textContent),
    null,
    { timeout: 60000 },
  );
  await page.waitForTimeout(500);
}

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const shot = async (name) => {
      await page.screenshot({ path: path.join(out, `${name}.png`) });
      process.stderr.write(`docs/explorer/${name}.png\n`);
    };
    await page.goto(`${base}/`);
    const search = page.getByRole('combobox', { name: 'Search the network', exact: true });
    await search.fill('medicus mundy');
    await page.getByRole('option', { name: 'Medicus Mundi International' }).waitFor();
    await shot('search');
    await search.press('Enter');
    await drawn(page);
    await shot('neighbourhood');
    await page.getByRole('tab', { name: 'List' }).click();
    await shot('list');
    await page
      .locator('#list-body')
      .getByRole('button', { name: 'Health Workers for All Coalition', exact: true })
      .click();
    await page.getByRole('button', { name: 'Forum view' }).click();
    await page.getByRole('button', { name: 'Allies of Wemos' }).click();
    await page.locator('ol.allies > li').first().waitFor();
    await shot('forum-and-allies');
    await page.getByRole('tab', { name: 'Path' }).click();
    for (const [box, text, option] of [
      ['From', 'wemos', 'Wemos'],
      ['To', 'world health organisation', 'World Health Organization'],
    ]) {
      const input = page.getByRole('combobox', { name: box, exact: true });
      await input.fill(text);
      await page.getByRole('option', { name: option }).first().waitFor();
      await input.press('Enter');
    }
    await page.getByRole('button', { name: 'Find paths' }).click();
    await page.locator('ol.paths > li').first().waitFor();
    await page.waitForTimeout(500);
    await shot('path');
    await page.locator('#all-years').uncheck();
    await page.locator('#year').fill('2016');
    await page.waitForFunction(
      () => document.getElementById('graph-summary').textContent.includes('2016'),
      null,
      { timeout: 60000 },
    );
    await page.waitForTimeout(500);
    await shot('year-2016');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(page.url().replace(/&?year=2016/, ''));
    await drawn(phone);
    await phone.screenshot({ path: path.join(out, 'phone.png'), fullPage: false });
    process.stderr.write('docs/explorer/phone.png\n');
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
