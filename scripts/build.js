#!/usr/bin/env node
/**
 * `npm run build` (and, with --if-stale, the step before every tool script): compiles src/
 * to dist/ with tsc's incremental mode and then writes dist/.build-stamp, holding the time
 * the build started. With --if-stale it compiles only when dist/ is missing or older than
 * a source: a file or folder under src/ (a deleted file changes its folder's time), the
 * tsconfig files, package.json or package-lock.json modified after that time. The check
 * takes a few tens of milliseconds; tsc itself takes over a second even when nothing changed.
 * A full build (not --if-stale, which the command-line tools use) also bundles the explorer's
 * front end into dist/web (scripts/build-web.js).
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.build-stamp');
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** The newest modification time under a folder, folders included; stops early once past `limit`. */
function newestUnder(dir, limit) {
  let newest = fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (newest > limit) break;
    const full = path.join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestUnder(full, limit) : fs.statSync(full).mtimeMs,
    );
  }
  return newest;
}

/** Why dist/ is stale, or undefined when it is current. */
function staleBecause() {
  let stamp;
  try {
    stamp = Number(fs.readFileSync(stampFile, 'utf8').trim());
  } catch {
    return 'dist/ has no build stamp';
  }
  if (!(stamp > 0) || !fs.existsSync(path.join(dist, 'src', 'main.js')))
    return 'dist/ is incomplete';
  for (const f of INPUTS) {
    const file = path.join(root, f);
    if (fs.existsSync(file) && fs.statSync(file).mtimeMs > stamp) return `${f} changed`;
  }
  if (newestUnder(path.join(root, 'src'), stamp) > stamp) return 'src/ changed';
  return undefined;
}

function build() {
  const started = Date.now();
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(
    process.execPath,
    [
      tsc,
      '-p',
      'tsconfig.build.json',
      '--incremental',
      '--tsBuildInfoFile',
      path.join('dist', '.tsbuildinfo'),
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) {
    process.stderr.write(
      `The TypeScript build failed${r.error ? ` (${r.error.message})` : ''}; dist/ was not marked current.\n`,
    );
    process.exit(r.status || 1);
  }
  fs.writeFileSync(stampFile, `${started}\n`);
}

function buildFrontEnd() {
  try {
    require('./build-web').buildWeb();
  } catch (err) {
    process.stderr.write(`The explorer's front end did not build: ${err.message}\n`);
    process.exit(1);
  }
}

if (process.argv.includes('--if-stale')) {
  const why = staleBecause();
  if (why) {
    process.stderr.write(`Compiling TypeScript (${why})...\n`);
    build();
  }
} else {
  build();
  buildFrontEnd();
}
