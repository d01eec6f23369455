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

/** Monaco's workers for GraphiQL, each its own script (the page's CSP allows workers from this origin only). */
const WORKERS = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};

/**
 * Builds the explorer and, unless `graphiql: false` (tests of the explorer alone), GraphiQL
 * for developers: its own bundle under assets/graphiql, outside the explorer's budget.
 */
function buildWeb(options = {}) {
  const esbuild = require('esbuild');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'assets'), { recursive: true });
  const result = esbuild.buildSync({
    entryPoints: [{ in: path.join(root, 'web', 'src', 'main.ts'), out: 'explorer' }],
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
  if (options.graphiql !== false) {
    const dir = path.join(out, 'assets', 'graphiql');
    const common = {
      bundle: true,
      minify: true,
      platform: 'browser',
      target: ['es2022'],
      legalComments: 'linked',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'error',
    };
    const ui = esbuild.buildSync({
      ...common,
      entryPoints: [{ in: path.join(root, 'web', 'graphiql', 'main.js'), out: 'graphiql' }],
      outdir: dir,
      format: 'iife',
      loader: { '.ttf': 'file' },
      metafile: true,
    });
    Object.assign(result.metafile.outputs, ui.metafile.outputs);
    for (const [name, entry] of Object.entries(WORKERS))
      esbuild.buildSync({
        ...common,
        entryPoints: [require.resolve(entry)],
        outfile: path.join(dir, `${name}.worker.js`),
        format: 'iife',
      });
    fs.copyFileSync(path.join(root, 'web', 'graphiql.html'), path.join(out, 'graphiql.html'));
    fs.copyFileSync(
      path.join(root, 'web', 'graphiql-page.css'),
      path.join(out, 'assets', 'graphiql-page.css'),
    );
  }
  return result.metafile;
}

module.exports = { buildWeb };

if (require.main === module) {
  const meta = buildWeb({ graphiql: !process.argv.includes('--no-graphiql') });
  for (const [file, info] of Object.entries(meta.outputs))
    if (file.endsWith('.js'))
      process.stderr.write(`${path.relative(root, file)}: ${Math.round(info.bytes / 1024)} KB\n`);
}
