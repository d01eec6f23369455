#!/usr/bin/env node
/**
 * The explorer's front end (web/, docs/explorer.md): bundles web/src/main.ts with esbuild
 * into dist/web/assets/explorer.js, beside web/index.html and web/explorer.css. Everything
 * comes from npm packages, so the page works offline. Run by `npm run build` (and so by
 * `npm start`) through scripts/build.js, or alone: `node scripts/build-web.js`.
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'web');

/** The bundles: the explorer, and GraphiQL for developers (its own file, outside the explorer's budget). */
const ENTRIES = [{ in: path.join(root, 'web', 'src', 'main.ts'), out: 'explorer' }];

function buildWeb() {
  const esbuild = require('esbuild');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'assets'), { recursive: true });
  const result = esbuild.buildSync({
    entryPoints: ENTRIES,
    outdir: path.join(out, 'assets'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022'],
    platform: 'browser',
    legalComments: 'linked',
    sourcemap: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    metafile: true,
  });
  fs.copyFileSync(path.join(root, 'web', 'index.html'), path.join(out, 'index.html'));
  for (const file of ['explorer.css', 'icon.svg'])
    fs.copyFileSync(path.join(root, 'web', file), path.join(out, 'assets', file));
  return result.metafile;
}

module.exports = { buildWeb };

if (require.main === module) {
  const meta = buildWeb();
  for (const [file, info] of Object.entries(meta.outputs))
    if (file.endsWith('.js'))
      process.stderr.write(`${path.relative(root, file)}: ${Math.round(info.bytes / 1024)} KB\n`);
}
