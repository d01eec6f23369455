import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { projectRoot } from '../../src/paths';
import { buildWeb } from '../helpers/browser';
import { MAX_EXPORT_EXPAND, MAX_EXPORT_HIDE } from '../../src/services/export/filter';

/** The explorer's JavaScript budget, as docs/explorer.md states it ("JavaScript budget: N KB"). */
function budgetKb(): number {
  const doc = fs.readFileSync(path.join(projectRoot(), 'docs', 'explorer.md'), 'utf8');
  const m = /JavaScript budget: \*\*(\d+) KB\*\*/.exec(doc);
  if (!m) throw new Error('docs/explorer.md states no "JavaScript budget: **N KB**"');
  return Number(m[1]);
}

describe('the explorer bundle', () => {
  const assets = path.join(projectRoot(), 'dist', 'web', 'assets');
  beforeAll(() => buildWeb());

  it('stays within the JavaScript budget of docs/explorer.md, gzipped', () => {
    const js = fs.readFileSync(path.join(assets, 'explorer.js'));
    const gzipped = zlib.gzipSync(js, { level: 9 }).length;
    expect(gzipped).toBeGreaterThan(10_000);
    expect(gzipped).toBeLessThanOrEqual(budgetKb() * 1024);
  });

  it('holds no eval, no new Function and no reference to another origin', () => {
    const js = fs.readFileSync(path.join(assets, 'explorer.js'), 'utf8');
    expect(js).not.toMatch(/\beval\(/);
    expect(js).not.toMatch(/new Function\(/);
    expect(js).not.toMatch(/https?:\/\/(cdn|unpkg|fonts)\./);
    const html = fs.readFileSync(path.join(projectRoot(), 'dist', 'web', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('never writes data as HTML: no innerHTML, outerHTML or insertAdjacentHTML in web/', () => {
    const dir = path.join(projectRoot(), 'web', 'src');
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      expect({
        file,
        html: /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML\(|document\.write\(/.test(text),
      }).toEqual({
        file,
        html: false,
      });
    }
  });

  it("caps a view's expanded and hidden entities at the export's limits, so every view the page shows can be exported", () => {
    const view = fs.readFileSync(path.join(projectRoot(), 'web', 'src', 'view.ts'), 'utf8');
    expect(Number(/export const MAX_EXPAND = (\d+);/.exec(view)?.[1])).toBe(MAX_EXPORT_EXPAND);
    expect(Number(/export const MAX_HIDE = (\d+);/.exec(view)?.[1])).toBe(MAX_EXPORT_HIDE);
  });
});
