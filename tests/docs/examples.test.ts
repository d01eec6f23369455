/**
 * Every marked example in README.md, docs/*.md and data/README.md is run against a real
 * server with the demo network loaded, with the key it says it uses, and its documented
 * answer is compared with the real one (see tests/docs/doc-examples.ts and
 * docs/doc-tests.md for the convention). Each Markdown file starts on a freshly wiped and
 * seeded database, and its examples run in document order, so a page's mutations build
 * on each other as the page tells them.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { createApiKey } from '../../src/auth/api-keys';
import { createLogger } from '../../src/logger';
import { projectRoot } from '../../src/paths';
import { seedIfEmpty } from '../../src/seed';
import { cliEnv, startTestApp, TestApp } from '../helpers/app';
import { freePort } from '../helpers/ports';
import {
  Captures,
  compact,
  Example,
  examples,
  GraphqlExample,
  markdownFiles,
  matches,
  outputMatches,
  Role,
  select,
  ShellExample,
  shellWords,
  tokenize,
  unmarked,
} from './doc-examples';

const root = projectRoot();
const files = markdownFiles(root);
const parsed = files.map((file) => {
  const items = tokenize(fs.readFileSync(path.join(root, file), 'utf8'));
  return { file, items, examples: examples(file, items) };
});

let app: TestApp;
const auth: Partial<Record<Role, string>> = {};
const silent = createLogger({ log: { level: 'silent', pretty: false }, env: 'test' });

beforeAll(async () => {
  // Rate limits off: the pages hold more network questions than one anonymous bucket allows.
  // A long transaction timeout: reseeding the demo runs often here, on a machine that may be busy.
  app = await startTestApp(
    { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0' },
    { connection: { txTimeoutMs: 120000 } },
  );
  auth.anonymous = '';
  // Named as in the pages' history examples ("actor": "key:docs editor").
  for (const role of ['viewer', 'editor', 'admin'] as const)
    auth[role] = `Bearer ${(await createApiKey(app.db, `docs ${role}`, role)).key}`;
});
afterAll(async () => {
  await app?.close();
});

async function resetDemo(): Promise<void> {
  await app.wipe();
  await expect(seedIfEmpty(app.db, silent)).resolves.toBe(true);
}

/** "$organisation:mmi" → that organisation's id; "$name" → a value captured earlier in the page. */
async function resolveVariables(value: unknown, captures: Captures): Promise<unknown> {
  if (typeof value === 'string' && value.startsWith('$')) {
    const typed = /^\$(organisation|person|forum|event|instrument|topic):([a-z0-9-]+)$/.exec(value);
    if (typed) {
      const res = await app.gql(`{ x: ${typed[1]}(slug: "${typed[2]}") { id } }`);
      const id = res.body.data?.x?.id;
      if (!id) throw new Error(`variable ${value}: no ${typed[1]} has that slug`);
      return id;
    }
    const name = value.slice(1);
    if (!captures.has(name))
      throw new Error(
        `variable ${value}: nothing was captured as "${name}" earlier in this page (use "<id:${name}>" in an answer)`,
      );
    return captures.get(name);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveVariables(v, captures)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await resolveVariables(v, captures);
    return out;
  }
  return value;
}

/** Root fields the read planner answers in one query each (docs/planner.md), when given an entity id or none. */
const PLANNED_ROOTS = new Set([
  'organisation',
  'person',
  'forum',
  'event',
  'instrument',
  'topic',
  'organisations',
  'people',
  'fora',
  'events',
  'instruments',
  'topics',
]);

/** How many root fields a read asks, when every one is planned; null for anything else (mutations, search, network questions). */
function plannedRoots(query: string): number | null {
  let doc;
  try {
    doc = parse(query);
  } catch {
    return null;
  }
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length !== 1 || ops[0].operation !== OperationTypeNode.QUERY) return null;
  const fields = ops[0].selectionSet.selections;
  if (
    !fields.every(
      (f) =>
        f.kind === Kind.FIELD && (PLANNED_ROOTS.has(f.name.value) || f.name.value === '__typename'),
    )
  )
    return null;
  const roots = fields.filter((f) => f.kind === Kind.FIELD && f.name.value !== '__typename').length;
  return roots || null;
}

async function runGraphql(ex: GraphqlExample, captures: Captures): Promise<void> {
  const variables = (await resolveVariables(ex.variables, captures)) as Record<string, unknown>;
  const body = {
    ...(ex.query.trim() === '-' ? {} : { query: ex.query }),
    variables,
    ...(ex.operationName ? { operationName: ex.operationName } : {}),
    ...(ex.extensions ? { extensions: ex.extensions } : {}),
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(auth[ex.as] ? { authorization: auth[ex.as]! } : {}),
  };
  const res = await fetch(app.url, { method: 'POST', headers, body: JSON.stringify(body) });
  const actual = select(await res.json(), ex.select);
  const problems = matches(ex.answer, actual, captures);
  if (ex.status !== undefined && res.status !== ex.status)
    problems.push(`HTTP status: documented ${ex.status}, got ${res.status}`);
  // The read planner answers each entity root field in one database round trip (docs/planner.md).
  const roots = ex.query.trim() === '-' ? null : plannedRoots(ex.query);
  const trips = Number(res.headers.get('x-db-queries'));
  if (roots !== null && res.status === 200 && trips > roots)
    problems.push(
      `x-db-queries: ${roots} root field(s) the planner answers cost ${trips} round trips, not ${roots}`,
    );
  if (problems.length) {
    throw new Error(
      `${ex.file}:${ex.line} (as ${ex.as}) answers differently:\n  ${problems.join('\n  ')}\nThe whole answer:\n${compact(actual)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------
// Shell blocks: "$ command" lines, each followed by its documented output

interface Command {
  words: string[];
  comment: string;
  output: string[];
}

function commands(body: string): Command[] {
  const out: Command[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (!lines[i].startsWith('$ ')) {
      if (!out.length && lines[i].trim())
        throw new Error(`a shell example must start with "$ command", not "${lines[i]}"`);
      if (out.length) out[out.length - 1].output.push(lines[i]);
      continue;
    }
    let text = lines[i].slice(2);
    while (text.endsWith('\\')) text = `${text.slice(0, -1)} ${lines[++i].trim()}`;
    const hash = text.search(/\s#\s/);
    const comment = hash >= 0 ? text.slice(hash + 3) : '';
    out.push({ words: shellWords(hash >= 0 ? text.slice(0, hash) : text), comment, output: [] });
  }
  for (const c of out)
    while (c.output.length && !c.output[c.output.length - 1].trim()) c.output.pop();
  return out;
}

async function runCurl(cmd: Command, as: Role, where: string): Promise<void> {
  const headers: Record<string, string> = {};
  let url = '';
  let showHeaders = false;
  let toFile = false;
  let data: string | undefined;
  for (let i = 1; i < cmd.words.length; i += 1) {
    const w = cmd.words[i];
    if (w === '-i') showHeaders = true;
    else if (w === '-d') data = cmd.words[++i];
    else if (w === '-D') showHeaders = cmd.words[++i] === '-';
    else if (w === '-o') toFile = Boolean(cmd.words[++i]);
    else if (w === '-s') continue;
    else if (w === '-H') {
      const [name, ...value] = cmd.words[++i].split(':');
      headers[name.trim().toLowerCase()] = value.join(':').trim();
    } else if (/^https?:\/\//.test(w)) url = w;
    else throw new Error(`${where}: curl option ${w} is not understood by the doc test`);
  }
  if (!url.startsWith('http://localhost:4000/'))
    throw new Error(`${where}: curl examples call http://localhost:4000/...`);
  if (headers.authorization !== undefined) {
    if (headers.authorization !== 'Bearer $SG_KEY')
      throw new Error(`${where}: send the key as "Authorization: Bearer $SG_KEY"`);
    if (as === 'anonymous')
      throw new Error(
        `${where}: the example sends $SG_KEY, so say which key it is (as: viewer ...)`,
      );
    headers.authorization = auth[as]!;
  }
  // -d sends its text as the body of a POST, as curl does.
  const res = await fetch(new URL(url.slice('http://localhost:4000'.length), app.url).toString(), {
    headers,
    ...(data === undefined ? {} : { method: 'POST', body: data }),
  });
  const body = await res.text();
  const actual: string[] = [];
  if (showHeaders) {
    actual.push(`HTTP/1.1 ${res.status} ${res.statusText}`);
    const lower = new Map<string, string>();
    res.headers.forEach((v, k) => lower.set(k, v));
    // The documented headers are a selection: compare those, in the documented order.
    const expectedHeaders = cmd.output.slice(1).filter((l) => /^[A-Za-z-]+: /.test(l));
    for (const l of expectedHeaders) {
      const name = l.slice(0, l.indexOf(':')).toLowerCase();
      actual.push(
        lower.has(name)
          ? `${l.slice(0, l.indexOf(':'))}: ${lower.get(name)}`
          : `(no ${name} header)`,
      );
    }
  }
  if (!toFile) actual.push(...body.split('\n').filter((l, i, all) => l || i < all.length - 1));
  const problem = outputMatches(cmd.output, actual);
  if (problem) throw new Error(`${where}: curl ${url} answers differently\n${problem}`);
}

const SCRIPTS: Record<string, string> = {
  import: 'import.js',
  export: 'export.js',
  'export:popolo': 'popolo-export.js',
  restore: 'restore.js',
  apikey: 'apikey.js',
  seed: 'seed.js',
};

async function runNpm(cmd: Command, workdir: string, where: string): Promise<void> {
  const env = cliEnv();
  const words = [...cmd.words];
  const cleanup: string[] = [];
  // VAR=value before the command: a fresh LOCAL_NEO4J_HOME means the command starts a Neo4j of its own.
  while (/^[A-Z][A-Z0-9_]*=/.test(words[0])) {
    const [k, v] = words.shift()!.split(/=(.*)/s);
    if (k === 'LOCAL_NEO4J_HOME') {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-doc-neo4j-'));
      cleanup.push(home);
      env.LOCAL_NEO4J_HOME = home;
      delete env.NEO4J_URI;
      delete env.NEO4J_PASSWORD;
    } else if (k === 'LOCAL_NEO4J_BOLT_PORT') env[k] = String(await freePort());
    else env[k] = v;
  }
  if (words[0] !== 'npm' || words[1] !== 'run')
    throw new Error(`${where}: only "$ npm run ..." and "$ curl ..." commands can be run`);
  let i = 2;
  if (words[i] === '-s') i += 1;
  const script = SCRIPTS[words[i]];
  if (!script) throw new Error(`${where}: npm run ${words[i]} is not run by the doc test`);
  const args = words.slice(i + 1);
  if (args[0] === '--') args.shift();
  const status = /exit status (\d)/.exec(cmd.comment);
  const expectedCode = status ? Number(status[1]) : 0;
  const result = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'dist', 'src', 'cli', script), ...args],
      { env, cwd: workdir, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({
          code: err ? Number((err as { code?: number }).code ?? 1) : 0,
          out: `${stdout}${stderr}`,
        });
      },
    );
  });
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  const lines = result.out.split('\n').filter((l) => l.trim() && !l.startsWith('{"level"'));
  const problem = outputMatches(cmd.output, lines);
  if (problem || result.code !== expectedCode) {
    throw new Error(
      `${where}: ${cmd.words.join(' ')} exited with ${result.code} (documented: ${expectedCode})${problem ? `, and printed differently\n${problem}` : ''}`,
    );
  }
}

async function runShell(ex: ShellExample, workdir: string, captures: Captures): Promise<void> {
  // $name in a command is a value captured earlier in the page ($SG_KEY is the key, sent by runCurl).
  const body = ex.body.replace(/\$([a-z][\w]*)/g, (all, name: string) =>
    captures.has(name) ? String(captures.get(name)) : all,
  );
  const cmds = commands(body);
  if (!cmds.length)
    throw new Error(`${ex.file}:${ex.line}: a marked shell block must hold "$ command" lines`);
  for (const cmd of cmds) {
    const where = `${ex.file}:${ex.line} ($ ${cmd.words.join(' ')})`;
    if (cmd.words[0] === 'curl') await runCurl(cmd, ex.as, where);
    else await runNpm(cmd, workdir, where);
  }
}

// ---------------------------------------------------------------------------------------

describe('the documentation', () => {
  it('marks every GraphQL example that shows an answer, so none goes untested', () => {
    const missing = parsed.flatMap(({ file, items }) =>
      unmarked(items).map((b) => `${file}:${b.line}`),
    );
    expect(missing).toEqual([]);
  });

  it('has examples to run in the README and in docs/', () => {
    const counted = Object.fromEntries(
      parsed.map(({ file, examples: e }) => [file, e.filter((x) => x.kind !== 'files').length]),
    );
    expect(counted['README.md']).toBeGreaterThan(10);
    expect(Object.values(counted).reduce((a, b) => a + b, 0)).toBeGreaterThan(40);
  });

  for (const page of parsed) {
    const runnable = page.examples.filter(
      (e): e is Exclude<Example, { kind: 'files' }> => e.kind !== 'files',
    );
    if (!runnable.length) continue;
    describe(page.file, () => {
      const captures: Captures = new Map();
      let workdir = '';
      beforeAll(async () => {
        await resetDemo();
        workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-doc-files-'));
        // Commands run in a folder of their own, where the project's data/ and tests/ (fixtures) are at hand.
        for (const dir of ['data', 'tests'])
          fs.symlinkSync(path.join(root, dir), path.join(workdir, dir));
      });
      afterAll(() => {
        if (workdir) fs.rmSync(workdir, { recursive: true, force: true });
      });
      for (const ex of page.examples) {
        if (ex.kind === 'files') {
          it(`line ${ex.line}: provides ${Object.keys(ex.files).join(', ')}`, () => {
            for (const [name, content] of Object.entries(ex.files))
              fs.writeFileSync(path.join(workdir, name), content);
            expect(fs.readdirSync(workdir)).toEqual(expect.arrayContaining(Object.keys(ex.files)));
          });
          continue;
        }
        const title = `line ${ex.line} (as ${ex.as})${ex.kind === 'shell' ? ': commands' : ''}`;
        if (ex.skip) {
          it.skip(`${title}: ${ex.skip}`, () => undefined);
          continue;
        }
        it(
          title,
          async () => {
            if (ex.reset) await resetDemo();
            if (ex.kind === 'graphql') await runGraphql(ex, captures);
            else await runShell(ex, workdir, captures);
          },
          ex.kind === 'shell' ? 300_000 : 60_000,
        ); // a restore into a fresh LOCAL_NEO4J_HOME starts a Neo4j of its own
      }
    });
  }
});

describe('the answer comparison', () => {
  it('fails on a changed value, a missing or an extra field, and a wrong array length', () => {
    const c: Captures = new Map();
    expect(matches({ a: 1 }, { a: 2 }, c)).toHaveLength(1);
    expect(matches({ a: 1, b: 2 }, { a: 1 }, c)).toHaveLength(1);
    expect(matches({ a: 1 }, { a: 1, b: 2 }, c)).toHaveLength(1);
    expect(matches([1, 2], [1, 2, 3], c)).toHaveLength(1);
    expect(matches({ a: [1, 2] }, { a: [1, 2] }, c)).toEqual([]);
  });

  it('lets placeholders stand for volatile values, and captured ids must repeat', () => {
    const c: Captures = new Map();
    expect(
      matches(
        { '...': '...', id: '<id:x>', at: '<timestamp>', r: '<uuid>' },
        {
          id: 'T3JnYW5pc2F0aW9uOjE',
          at: '2026-11-23T13:34:14.694Z',
          r: '0eec7422-2429-4a2d-86ec-65aa8d07f3c2',
          more: 1,
        },
        c,
      ),
    ).toEqual([]);
    expect(c.get('x')).toBe('T3JnYW5pc2F0aW9uOjE');
    expect(matches('<id:x>', 'T3JnYW5pc2F0aW9uOjI', c)).toHaveLength(1);
    expect(matches(['a', '...'], ['a', 'b', 'c'], c)).toEqual([]);
    expect(matches(['a', '...'], [], c)).toHaveLength(1);
    expect(matches('The MMI Network ...', 'The MMI Network, one of', c)).toEqual([]);
    expect(matches('The MMI Network ...', 'Wemos', c)).toHaveLength(1);
    expect(matches('<timestamp>', 'yesterday', c)).toHaveLength(1);
  });

  it('finds an unmarked GraphQL example with an answer', () => {
    const items = tokenize(
      'text\n```graphql\n{ a }\n```\n```json\n{}\n```\n<!-- doc-test\nas: viewer\n-->\n```graphql\n{ b }\n```\n```json\n{}\n```\n',
    );
    expect(unmarked(items).map((b) => b.line)).toEqual([2]);
    expect(examples('x.md', items)).toMatchObject([
      { kind: 'graphql', as: 'viewer', query: '{ b }', answer: {} },
    ]);
  });

  it('matches command output with wildcards and "..." lines', () => {
    expect(
      outputMatches(
        ['Import <uuid>: <n> rows in <any>', '...', 'done'],
        ['Import 339e08a2-dbe8-4dfe-83c2-c75fc4bb9c08: 7 rows in 2.8 s', 'a', 'b', 'done'],
      ),
    ).toBeNull();
    expect(outputMatches(['created 7'], ['created 6'])).not.toBeNull();
  });
});
