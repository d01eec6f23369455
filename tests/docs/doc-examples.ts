/**
 * Executable documentation: finds the examples marked in README.md and docs/*.md and
 * compares their documented answers with what the service answers. The convention is
 * written up in docs/doc-tests.md; in short:
 *
 *   <!-- doc-test
 *   as: viewer
 *   variables: {"id": "$organisation:mmi"}
 *   -->
 *   ```graphql            the query
 *   ```json               its answer (placeholders allowed, see `matches`)
 *
 * A marker's body is lines of `key: value`. Keys: `as` (anonymous, viewer, editor, admin:
 * required), `variables` (JSON; "$type:slug" becomes that entity's id, "$name" a value
 * captured earlier in the same file), `variables-block` (the json block after the query
 * holds the variables, or with a name the value of that one variable), `query` (the query
 * inline, when the page shows only the answer), `select` (compare only this dotted path
 * of the answer, e.g. data.history.nodes), `reset` (wipe the database and load the demo
 * network again first), `file` (the next block is a file the commands below use),
 * `files` (the next block holds several files, each after a `# name` line), `skip`
 * (the reason an example cannot run here: it is listed, and counted, but not run),
 * `status` (the HTTP status of the answer), `operation-name` and `extensions` (sent in the
 * request body as operationName and extensions; `query: -` sends no query at all).
 * A marker before a sh/console block runs its `$ curl ...` and `$ npm run ...` lines.
 */
import fs from 'node:fs';
import path from 'node:path';

export type Role = 'anonymous' | 'viewer' | 'editor' | 'admin';

export interface Block {
  lang: string;
  body: string;
  line: number;
}

export interface Marker {
  line: number;
  attrs: Record<string, string>;
}

export type Item = { kind: 'block'; block: Block } | { kind: 'marker'; marker: Marker };

export interface GraphqlExample {
  kind: 'graphql';
  file: string;
  line: number;
  as: Role;
  query: string;
  variables: unknown;
  variablesBlock?: string;
  answer: unknown;
  select?: string;
  /** The HTTP status the answer comes with, when the page states it. */
  status?: number;
  operationName?: string;
  extensions?: unknown;
  reset: boolean;
  skip?: string;
}

export interface ShellExample {
  kind: 'shell';
  file: string;
  line: number;
  as: Role;
  body: string;
  reset: boolean;
  skip?: string;
}

export interface FileExample {
  kind: 'files';
  file: string;
  line: number;
  files: Record<string, string>;
}

export type Example = GraphqlExample | ShellExample | FileExample;

const ROLES: Role[] = ['anonymous', 'viewer', 'editor', 'admin'];
const MARKER_START = /^\s*<!--\s*doc-test\b:?(.*)$/;

/** Splits Markdown into fenced blocks and doc-test markers, in order (markers inside fences are text). */
export function tokenize(text: string): Item[] {
  const lines = text.split('\n');
  const items: Item[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const fence = /^(\s*)(```+)\s*([\w-]*)/.exec(lines[i]);
    if (fence) {
      const [, indent, ticks, lang] = fence;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !new RegExp(`^\\s*${ticks}\\s*$`).test(lines[j]); j += 1) {
        body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
      }
      items.push({
        kind: 'block',
        block: { lang: lang.toLowerCase(), body: body.join('\n'), line: i + 1 },
      });
      i = j;
      continue;
    }
    const start = MARKER_START.exec(lines[i]);
    if (start) {
      const content: string[] = [];
      let rest = start[1];
      let j = i;
      for (;;) {
        const end = rest.indexOf('-->');
        if (end >= 0) {
          content.push(rest.slice(0, end));
          break;
        }
        content.push(rest);
        j += 1;
        if (j >= lines.length)
          throw new Error(`line ${i + 1}: a doc-test marker without its closing -->`);
        rest = lines[j];
      }
      const attrs: Record<string, string> = {};
      for (const raw of content) {
        const l = raw.trim();
        if (!l) continue;
        const m = /^([a-z-]+)(?::\s*(.*))?$/.exec(l);
        if (!m)
          throw new Error(
            `line ${i + 1}: a doc-test marker line must read "key: value", not "${l}"`,
          );
        attrs[m[1]] = (m[2] ?? 'true').trim();
      }
      items.push({ kind: 'marker', marker: { line: i + 1, attrs } });
      i = j;
    }
  }
  return items;
}

const KNOWN = new Set([
  'as',
  'variables',
  'variables-block',
  'query',
  'select',
  'reset',
  'file',
  'files',
  'skip',
  'status',
  'operation-name',
  'extensions',
]);

/** Blocks of shown answers or commands that carry no marker: each must be marked, so none drifts untested. */
export function unmarked(items: Item[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < items.length; i += 1) {
    const it = items[i];
    if (it.kind !== 'block' || it.block.lang !== 'graphql') continue;
    const prev = items[i - 1];
    const next = items[i + 1];
    if (next?.kind === 'block' && next.block.lang === 'json' && prev?.kind !== 'marker')
      out.push(it.block);
  }
  return out;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
}

/** Turns the markers of one file into examples, failing loudly on a marker that does not fit its blocks. */
export function examples(file: string, items: Item[]): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < items.length; i += 1) {
    const it = items[i];
    if (it.kind !== 'marker') continue;
    const { attrs, line } = it.marker;
    const where = `${file}:${line}`;
    for (const k of Object.keys(attrs))
      if (!KNOWN.has(k)) throw new Error(`${where}: unknown doc-test key "${k}"`);
    const blockAt = (k: number): Block => {
      const b = items[k];
      if (b?.kind !== 'block')
        throw new Error(`${where}: the doc-test marker must be followed by its fenced blocks`);
      return b.block;
    };
    if (attrs.file || attrs.files) {
      const b = blockAt(i + 1);
      const files: Record<string, string> = {};
      if (attrs.file) files[attrs.file] = `${b.body}\n`;
      else {
        let current: string | undefined;
        for (const l of b.body.split('\n')) {
          const name = /^# (\S+)$/.exec(l);
          if (name) current = name[1];
          else if (current) files[current] = `${files[current] ?? ''}${l}\n`;
        }
      }
      out.push({ kind: 'files', file, line, files });
      continue;
    }
    const next = items[i + 1];
    const shellBlock =
      next?.kind === 'block' &&
      ['sh', 'console', 'shell', ''].includes(next.block.lang) &&
      !attrs.query
        ? next.block
        : undefined;
    // Commands other than curl talk to the database, not to the API: they need no key.
    const as = (attrs.as ??
      (shellBlock && !/^\$ curl/m.test(shellBlock.body) ? 'anonymous' : undefined)) as Role;
    if (!ROLES.includes(as))
      throw new Error(`${where}: say which key the example uses: "as: ${ROLES.join(' | ')}"`);
    const reset = attrs.reset === 'true';
    const first = blockAt(i + 1);
    if (['sh', 'console', 'shell', ''].includes(first.lang) && !attrs.query) {
      out.push({ kind: 'shell', file, line, as, body: first.body, reset, skip: attrs.skip });
      continue;
    }
    let k = i + 1;
    let query = attrs.query;
    if (!query) {
      if (first.lang !== 'graphql')
        throw new Error(
          `${where}: expected a graphql block (or a query: line) after the marker, found "${first.lang}"`,
        );
      query = first.body;
      k += 1;
    }
    let variables: unknown = attrs.variables
      ? parseJson(attrs.variables, `${where} variables`)
      : {};
    if (attrs['variables-block']) {
      const vb = blockAt(k);
      const value = parseJson(vb.body, `${file}:${vb.line}`);
      variables =
        attrs['variables-block'] === 'true'
          ? value
          : { ...(variables as object), [attrs['variables-block']]: value };
      k += 1;
    }
    const answerBlock = blockAt(k);
    if (answerBlock.lang !== 'json')
      throw new Error(
        `${where}: the answer must be a json block, found "${answerBlock.lang}" at line ${answerBlock.line}`,
      );
    out.push({
      kind: 'graphql',
      file,
      line,
      as,
      query,
      variables,
      answer: parseJson(answerBlock.body, `${file}:${answerBlock.line}`),
      select: attrs.select,
      status: attrs.status ? Number(attrs.status) : undefined,
      operationName: attrs['operation-name'],
      extensions: attrs.extensions ? parseJson(attrs.extensions, `${where} extensions`) : undefined,
      reset,
      skip: attrs.skip,
    });
  }
  return out;
}

export function markdownFiles(root: string): string[] {
  const docs = fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f));
  return ['README.md', ...docs.sort(), path.join('data', 'README.md')];
}

// ---------------------------------------------------------------------------------------
// Comparing answers

const TRIM = new Set(['...', '…', '<any>']);
/** As the first element of a documented array: the service does not order this list, so neither does the comparison. */
const ANY_ORDER = '<any order>';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ID = /^[A-Za-z0-9_-]{8,}$/;
const PLACEHOLDER = /^<(id|uuid|timestamp)(?::([\w-]+))?>$/;

export type Captures = Map<string, unknown>;

/**
 * Compares a documented answer with the real one. Exact JSON equality (key order aside),
 * except for these placeholders in the documented answer:
 * - "..." (or "…", "<any>") as a value matches any value;
 * - a key "..." in an object: the real object may have keys the documented one leaves out;
 * - "..." as the last element of an array: the real array may go on;
 * - "<any order>" as the first element of an array: its elements may come in any order;
 * - a string ending in "..." matches any string that starts with what comes before;
 * - "<id>", "<uuid>", "<timestamp>" match a global id, a UUID, an ISO date-time;
 *   "<id:name>" (likewise uuid, timestamp) also captures the value as `name`: a later
 *   "<id:name>" must be the same value, and "$name" in later variables sends it.
 * Returns the problems found, each with its JSON path; empty when the answer matches.
 */
export function matches(
  expected: unknown,
  actual: unknown,
  captures: Captures,
  at = '$',
): string[] {
  if (typeof expected === 'string') {
    if (TRIM.has(expected)) return [];
    const ph = PLACEHOLDER.exec(expected);
    if (ph) {
      const [, kind, name] = ph;
      const pattern = kind === 'uuid' ? UUID : kind === 'timestamp' ? TIMESTAMP : ID;
      if (typeof actual !== 'string' || !pattern.test(actual))
        return [`${at}: expected ${expected}, got ${JSON.stringify(actual)}`];
      if (name) {
        if (captures.has(name) && captures.get(name) !== actual)
          return [
            `${at}: expected ${expected} = ${JSON.stringify(captures.get(name))}, got ${JSON.stringify(actual)}`,
          ];
        captures.set(name, actual);
      }
      return [];
    }
    if (expected.length > 3 && (expected.endsWith('...') || expected.endsWith('…'))) {
      const prefix = expected.replace(/(\.\.\.|…)$/, '').trimEnd();
      if (typeof actual === 'string' && actual.startsWith(prefix)) return [];
      return [
        `${at}: expected a string starting ${JSON.stringify(prefix)}, got ${JSON.stringify(actual)}`,
      ];
    }
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${JSON.stringify(actual)}`];
    if (expected[0] === ANY_ORDER) return unordered(expected.slice(1), actual, captures, at);
    const open = expected.length > 0 && TRIM.has(expected[expected.length - 1] as string);
    const listed = open ? expected.slice(0, -1) : expected;
    const problems: string[] = [];
    if (open ? actual.length < listed.length : actual.length !== listed.length) {
      problems.push(
        `${at}: expected ${open ? 'at least ' : ''}${listed.length} element(s), got ${actual.length}`,
      );
    }
    listed.forEach((e, i) => {
      if (i < actual.length) problems.push(...matches(e, actual[i], captures, `${at}[${i}]`));
    });
    return problems;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    const open = '...' in exp || '…' in exp;
    const problems: string[] = [];
    for (const [k, v] of Object.entries(exp)) {
      if (k === '...' || k === '…') continue;
      if (!(k in act)) problems.push(`${at}.${k}: documented but missing from the answer`);
      else problems.push(...matches(v, act[k], captures, `${at}.${k}`));
    }
    if (!open)
      for (const k of Object.keys(act))
        if (!(k in exp))
          problems.push(
            `${at}.${k}: in the answer but not documented (${JSON.stringify(act[k])}); add it, or a "...": "..." key`,
          );
    return problems;
  }
  return Object.is(expected, actual)
    ? []
    : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Each documented element matches a different real one, in any order (for lists the service does not sort). */
function unordered(
  expected: unknown[],
  actual: unknown[],
  captures: Captures,
  at: string,
): string[] {
  const open = expected.length > 0 && TRIM.has(expected[expected.length - 1] as string);
  const listed = open ? expected.slice(0, -1) : expected;
  if (open ? actual.length < listed.length : actual.length !== listed.length) {
    return [
      `${at}: expected ${open ? 'at least ' : ''}${listed.length} element(s) in any order, got ${actual.length}`,
    ];
  }
  const used = new Set<number>();
  const problems: string[] = [];
  listed.forEach((e, i) => {
    const k = actual.findIndex(
      (a, j) => !used.has(j) && matches(e, a, new Map(captures), `${at}[${j}]`).length === 0,
    );
    if (k < 0)
      problems.push(
        `${at}: no element of the answer matches the documented element ${i + 1}, ${JSON.stringify(e)}`,
      );
    else {
      used.add(k);
      matches(e, actual[k], captures, `${at}[${k}]`); // records its captures
    }
  });
  return problems;
}

/** One line of documented command output against a real one: "<any>", "<uuid>", "<n>" and "<id>" are wildcards. */
export function lineMatches(expected: string, actual: string): boolean {
  const pattern = expected
    .split(/(<any>|<uuid>|<n>|<id>)/)
    .map((part) => {
      if (part === '<any>') return '.*';
      if (part === '<uuid>') return '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
      if (part === '<n>') return '[0-9][0-9.,]*';
      if (part === '<id>') return '[A-Za-z0-9_-]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${pattern}$`).test(actual);
}

/**
 * Documented output lines against real ones, in order. A line "..." stands for any
 * number of lines (none included). Returns the first problem, or null.
 */
export function outputMatches(expected: string[], actual: string[]): string | null {
  const go = (e: number, a: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (expected[e].trim() === '...') {
      for (let k = a; k <= actual.length; k += 1) if (go(e + 1, k)) return true;
      return false;
    }
    return a < actual.length && lineMatches(expected[e], actual[a]) && go(e + 1, a + 1);
  };
  if (go(0, 0)) return null;
  return `documented:\n${expected.join('\n')}\nactual:\n${actual.join('\n')}`;
}

/** The value at a dotted path (data.history.nodes, or data.x.0.y). */
export function select(value: unknown, dotted: string | undefined): unknown {
  if (!dotted) return value;
  return dotted
    .split('.')
    .reduce<unknown>(
      (v, k) =>
        v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined,
      value,
    );
}

/** Shell words, with '…' and "…" quoting and $VAR left as written. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let started = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === '#' && !started && !cur) {
      break;
    } else if (/\s/.test(c)) {
      if (started || cur) words.push(cur);
      cur = '';
      started = false;
    } else {
      cur += c;
      started = true;
    }
  }
  if (started || cur) words.push(cur);
  return words;
}

/** JSON in the pages' style: whatever fits in `width` characters on one line stays on one line. */
export function compact(value: unknown, indent = '', width = 140): string {
  const flat = JSON.stringify(value, null, 1)
    .replace(/\n\s*/g, ' ')
    .replace(/\[ /g, '[ ')
    .replace(/ \]/g, ' ]');
  if (flat.length + indent.length <= width || value === null || typeof value !== 'object')
    return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value))
    return `[\n${value.map((v) => inner + compact(v, inner, width)).join(',\n')} ]`;
  return `{\n${Object.entries(value)
    .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compact(v, inner, width)}`)
    .join(',\n')} }`;
}
