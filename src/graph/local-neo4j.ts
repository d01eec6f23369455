/**
 * The project's own Neo4j Community 5.26: fetched from Maven Central by neo4j/mvnw into
 * neo4j/lib, started through its real entry point (org.neo4j.server.CommunityEntryPoint)
 * with a generated neo4j.conf, and stopped again. No Docker involved.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Neo4jError } from 'neo4j-driver';
import type { LocalNeo4jConfig } from '../config';
import { projectRoot } from '../paths';
import { createDriver } from './database';
import { QueryBook } from './queries';

export class LocalNeo4jError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalNeo4jError';
  }
}

const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  // JDK 17 closes these packages; Neo4j's page cache and Netty need them (Neo4j's own pom passes the same).
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
  '-Dfile.encoding=UTF-8',
];

const JAVA_MISSING =
  'Java 17 (or newer) is needed to run the local Neo4j, and no `java` was found on PATH. ' +
  'Install a JDK or JRE 17, for example `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) ' +
  'or Temurin 17 from adoptium.net, or set NEO4J_URI (with NEO4J_USER and NEO4J_PASSWORD) to use any Neo4j 5 you already run.';

function neo4jDir(): string {
  return path.join(projectRoot(), 'neo4j');
}

export function libDir(): string {
  return path.join(neo4jDir(), 'lib');
}

function pinnedVersion(dir = neo4jDir()): string {
  const pom = fs.readFileSync(path.join(dir, 'pom.xml'), 'utf8');
  const m = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(pom);
  if (!m) throw new LocalNeo4jError('neo4j/pom.xml has no <neo4j.version> property');
  return m[1];
}

/** Fails with an actionable message unless a Java 17+ runtime is on PATH. */
export function checkJava(): number {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error) throw new LocalNeo4jError(JAVA_MISSING);
  const text = `${r.stderr}${r.stdout}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
  if (!(major >= 17)) {
    throw new LocalNeo4jError(
      `Found Java ${Number.isNaN(major) ? '(unknown version)' : major}, but Neo4j 5.26 needs 17 or newer. ${JAVA_MISSING}`,
    );
  }
  return major;
}

/** How much of Maven's output an error shows: its last lines, where Maven puts the cause. */
const MAVEN_ERROR_LINES = 40;

/**
 * Resolves Neo4j's jars with the Maven Wrapper unless a complete copy of the pinned
 * version is already there. Maven runs quietly (-q, no transfer progress): the log gets a
 * line saying what is fetched, a "still fetching" line every `heartbeatMs`, and a line with
 * the result; when Maven fails, the error holds the end of Maven's own output.
 * `dir` is the folder holding pom.xml, mvnw and lib/ (neo4j/ of the project).
 */
export async function ensureNeo4jFetched(
  log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  dir = neo4jDir(),
  heartbeatMs = 20_000,
): Promise<string> {
  checkJava();
  const version = pinnedVersion(dir);
  const lib = path.join(dir, 'lib');
  const marker = path.join(lib, '.complete');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === version) return version;
  log(
    `Fetching Neo4j Community ${version} and its dependencies (about 125 MB) from Maven Central into neo4j/lib with neo4j/mvnw (first run only; a minute or more)...`,
  );
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const windows = process.platform === 'win32';
  const child = spawn(
    path.join(dir, windows ? 'mvnw.cmd' : 'mvnw'),
    [
      '-B',
      '-q',
      '--no-transfer-progress',
      '-f',
      path.join(dir, 'pom.xml'),
      'dependency:copy-dependencies',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], shell: windows },
  );
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const heartbeat = setInterval(
    () => log(`Still fetching Neo4j (${seconds()} s so far)...`),
    heartbeatMs,
  );
  const result = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  }).finally(() => clearInterval(heartbeat));
  if (result.error || result.code !== 0) {
    const said = output.trim().split(/\r?\n/).slice(-MAVEN_ERROR_LINES).join('\n');
    throw new LocalNeo4jError(
      `Fetching Neo4j with neo4j/mvnw failed (${result.error?.message ?? `exit ${result.code}`}) after ${seconds()} s.` +
        (said ? ` Maven said:\n${said}\n` : ' Maven printed nothing. ') +
        'Check that Maven Central is reachable, or set NEO4J_URI to use a Neo4j you run yourself.',
    );
  }
  const jars = fs.existsSync(lib) ? fs.readdirSync(lib).filter((f) => f.endsWith('.jar')) : [];
  const bytes = jars.reduce((n, f) => n + fs.statSync(path.join(lib, f)).size, 0);
  if (!jars.length) {
    throw new LocalNeo4jError(
      `neo4j/mvnw finished, but ${lib} holds no jars. Delete ${lib} and start again; Maven said:\n${output.trim().split(/\r?\n/).slice(-MAVEN_ERROR_LINES).join('\n')}`,
    );
  }
  fs.writeFileSync(marker, version + '\n');
  log(
    `Fetched Neo4j ${version} into neo4j/lib: ${jars.length} jars, ${Math.round(bytes / 1e6)} MB, in ${seconds()} s.`,
  );
  return version;
}

export interface LocalNeo4jOptions extends LocalNeo4jConfig {
  password: string;
  /** The user the password is for (NEO4J_USER); the local Neo4j's only user is `neo4j`. */
  user?: string;
  /**
   * Run Java in a process group of its own, so that a terminal's Ctrl-C reaches only the
   * service, which drains its requests and then stops Neo4j itself (npm start). Tools that do
   * not handle signals leave it off: Ctrl-C then stops Neo4j with them.
   */
  ownProcessGroup?: boolean;
  /**
   * More neo4j.conf lines (`setting=value`), after the generated ones: a test or benchmark that
   * needs Neo4j in a particular state (for example with index sampling off) says so here.
   */
  settings?: readonly string[];
}

/** What a running Neo4j says about itself over Bolt (cypher/queries/local/server-identity.cypher). */
export interface ServerIdentity {
  dataDir: string;
  listenAddress: string;
}

/** Why a server on the Bolt port is not taken for this home's Neo4j. */
type Proof = { ok: true; identity: ServerIdentity } | { ok: false; why: string };

function sameFolder(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(path.resolve(p));
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/**
 * Asks the server on 127.0.0.1:port which data folder it serves, signed in with this
 * checkout's credentials, and says whether that is `home`'s. A server still opening its
 * databases is retried for up to `timeoutMs`; a refused password is an answer (not ours).
 */
export async function proveServesHome(
  home: string,
  port: number,
  user: string,
  password: string,
  timeoutMs = 20_000,
): Promise<Proof> {
  const text = QueryBook.load().get('local/server-identity');
  const driver = createDriver({
    uri: `bolt://127.0.0.1:${port}`,
    user,
    password,
    database: 'system',
    txTimeoutMs: 5000,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const session = driver.session({ database: 'system', defaultAccessMode: 'READ' });
      try {
        const result = await session.run(text);
        const setting = (name: string) =>
          String(result.records.find((r) => r.get('name') === name)?.get('value') ?? '');
        const identity = {
          dataDir: setting('server.directories.data'),
          listenAddress: setting('server.bolt.listen_address'),
        };
        const expected = path.join(home, 'data');
        if (identity.dataDir && sameFolder(identity.dataDir, expected))
          return { ok: true, identity };
        return {
          ok: false,
          why: `it keeps its data in ${identity.dataDir || '(a folder it did not name)'}, not in ${expected}`,
        };
      } catch (err) {
        const code = err instanceof Neo4jError ? err.code : '';
        if (code.startsWith('Neo.ClientError.Security')) {
          return {
            ok: false,
            why:
              `it refused this checkout's credentials (user "${user}" with NEO4J_PASSWORD, or the development default) with ${code}; ` +
              `if it is this home's own server, NEO4J_PASSWORD differs from the one ${home} was first started with, which the local Neo4j keeps`,
          };
        }
        const transient =
          code === 'ServiceUnavailable' ||
          code === 'SessionExpired' ||
          code.startsWith('Neo.TransientError');
        if (!transient || Date.now() > deadline) {
          return {
            ok: false,
            why: `it did not answer as a Neo4j 5 (${code || (err instanceof Error ? err.message : String(err))})`,
          };
        }
        await new Promise((r) => setTimeout(r, 250));
      } finally {
        await session.close();
      }
    }
  } finally {
    await driver.close();
  }
}

function confText(o: LocalNeo4jOptions): string {
  const dir = (d: string) => path.join(o.home, d).replace(/\\/g, '/');
  const generated = [
    '# Generated by stakeholder-graph (src/graph/local-neo4j.ts) at every start; edits are overwritten.',
    'server.bolt.enabled=true',
    `server.bolt.listen_address=127.0.0.1:${o.boltPort}`,
    'server.bolt.tls_level=DISABLED',
    'server.http.enabled=false',
    'server.https.enabled=false',
    'dbms.security.auth_enabled=true',
    'dbms.usage_report.enabled=false',
    `server.memory.heap.initial_size=${o.heap}`,
    `server.memory.heap.max_size=${o.heap}`,
    `server.memory.pagecache.size=${o.pageCache}`,
    'db.tx_log.rotation.retention_policy=100M size',
    `server.directories.data=${dir('data')}`,
    `server.directories.logs=${dir('logs')}`,
    `server.directories.run=${dir('run')}`,
    `server.directories.import=${dir('import')}`,
    `server.directories.plugins=${dir('plugins')}`,
  ];
  // The generated lines hold the service's own guarantees (auth on, bound to 127.0.0.1, its
  // directories): a setting may add to them, never override one.
  const taken = new Set(generated.filter((l) => l.includes('=')).map((l) => l.split('=')[0]));
  const extra = (o.settings ?? []).map((line) => {
    if (!/^[a-z][a-z0-9_.]*=[A-Za-z0-9_.:, -]+$/.test(line))
      throw new LocalNeo4jError(`not a neo4j.conf setting line: ${JSON.stringify(line)}`);
    const key = line.split('=')[0];
    // Addresses and connectors (any name, 5.x or the 4.x ones Neo4j still reads) and security
    // stay the generated ones: the service's Neo4j listens on 127.0.0.1 with auth, only.
    if (
      taken.has(key) ||
      /listen_address|advertised_address|^dbms\.connector\.|^dbms\.security\./.test(key)
    )
      throw new LocalNeo4jError(
        `${key} is the generated neo4j.conf's (addresses, connectors, security, memory and directories) and cannot be overridden; use the option for it (heap, pageCache, boltPort) instead`,
      );
    return line;
  });
  return [...generated, ...extra, ''].join('\n');
}

function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A running local Neo4j: either one this process started (and so must stop), or one it reuses. */
export class LocalNeo4j {
  private exited: Promise<void>;

  private constructor(
    readonly options: LocalNeo4jOptions,
    readonly pid: number,
    readonly startedHere: boolean,
    private readonly child?: ChildProcess,
  ) {
    this.exited = child
      ? new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve();
          else child.once('exit', () => resolve());
        })
      : Promise.resolve();
  }

  get boltUri(): string {
    return `bolt://127.0.0.1:${this.options.boltPort}`;
  }

  private static pidFile(home: string): string {
    return path.join(home, 'stakeholder-graph.pid');
  }

  /** The Bolt port the running server of a home was started on, recorded next to its pid. */
  private static portFile(home: string): string {
    return path.join(home, 'stakeholder-graph.port');
  }

  /**
   * The server of `home` that the pid file names, when it can be proven to be that home's:
   * it answers on the configured port (or the port it was started on) and reports `home`'s
   * data folder over Bolt. A live pid with an open port that cannot be proven is refused,
   * with what was found; a dead pid (or one whose port is closed) means nothing runs.
   */
  private static async reusable(
    options: LocalNeo4jOptions,
    pidFile: string,
    log: (line: string) => void,
  ): Promise<LocalNeo4j | undefined> {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    if (!(pid > 0 && pidAlive(pid))) return undefined;
    const recorded = Number(
      fs.existsSync(LocalNeo4j.portFile(options.home))
        ? fs.readFileSync(LocalNeo4j.portFile(options.home), 'utf8').trim()
        : NaN,
    );
    const ports = [
      options.boltPort,
      ...(recorded > 0 && recorded !== options.boltPort ? [recorded] : []),
    ];
    for (const port of ports) {
      if (!(await portOpen(port))) continue;
      const proof = await proveServesHome(
        options.home,
        port,
        options.user ?? 'neo4j',
        options.password,
      );
      if (!proof.ok) {
        throw new LocalNeo4jError(
          `Refusing to use the Neo4j on bolt://127.0.0.1:${port}: ${pidFile} names pid ${pid}, which is running, ` +
            `but the server on port ${port} is not the one started from ${options.home}: ${proof.why}. ` +
            `It is probably another checkout's (or another home's) Neo4j. Either stop pid ${pid} if it is this home's server and start again, ` +
            `set LOCAL_NEO4J_BOLT_PORT to the port this home's Neo4j was started on, ` +
            `delete ${pidFile} if pid ${pid} is not a Neo4j (then a fresh server is started, on a free LOCAL_NEO4J_BOLT_PORT), ` +
            'or set NEO4J_URI (and NEO4J_PASSWORD) to use that server on purpose.',
        );
      }
      const note =
        port === options.boltPort
          ? ''
          : ` (it was started on port ${port}; LOCAL_NEO4J_BOLT_PORT says ${options.boltPort})`;
      log(
        `Reusing the local Neo4j already running from ${options.home} (pid ${pid}, bolt://127.0.0.1:${port})${note}: it reports this home's data folder.`,
      );
      return new LocalNeo4j({ ...options, boltPort: port }, pid, false);
    }
    return undefined;
  }

  /**
   * Starts Neo4j with its data under options.home, or reuses the one already running
   * from that home (for example under `npm start` while a CLI command runs).
   */
  static async start(
    options: LocalNeo4jOptions,
    log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
    startTimeoutMs = 120_000,
  ): Promise<LocalNeo4j> {
    const pidFile = LocalNeo4j.pidFile(options.home);
    if (fs.existsSync(pidFile)) {
      const running = await LocalNeo4j.reusable(options, pidFile, log);
      if (running) return running;
      fs.rmSync(pidFile, { force: true });
      fs.rmSync(LocalNeo4j.portFile(options.home), { force: true });
    }
    if (await portOpen(options.boltPort)) {
      throw new LocalNeo4jError(
        `Port ${options.boltPort} on 127.0.0.1 is taken by another program, and no Neo4j runs from ${options.home} (no live pid in ${pidFile}). ` +
          "If it is another checkout's Neo4j, it is not used. Stop it, choose another port with LOCAL_NEO4J_BOLT_PORT, " +
          'or point NEO4J_URI at that server if it is a Neo4j you want to use.',
      );
    }
    await ensureNeo4jFetched(log);
    for (const d of ['conf', 'data', 'logs', 'run', 'import', 'plugins']) {
      fs.mkdirSync(path.join(options.home, d), { recursive: true });
    }
    fs.writeFileSync(path.join(options.home, 'conf', 'neo4j.conf'), confText(options));
    const classpath = [path.join(options.home, 'plugins', '*'), path.join(libDir(), '*')].join(
      path.delimiter,
    );
    const firstStart = !fs.existsSync(path.join(options.home, 'data', 'dbms'));
    if (firstStart) {
      // The password must be set before the very first start; afterwards it lives in the system database.
      const r = spawnSync(
        'java',
        [
          ...JVM_FLAGS,
          '-cp',
          classpath,
          'org.neo4j.server.startup.Neo4jAdminCommand',
          'dbms',
          'set-initial-password',
          options.password,
        ],
        {
          env: {
            ...process.env,
            NEO4J_HOME: options.home,
            NEO4J_CONF: path.join(options.home, 'conf'),
          },
          encoding: 'utf8',
        },
      );
      if (r.status !== 0) {
        throw new LocalNeo4jError(
          `Could not set the local Neo4j's initial password: ${r.stderr || r.stdout}`,
        );
      }
    }
    log(
      `Starting local Neo4j on bolt://127.0.0.1:${options.boltPort} (data in ${path.join(options.home, 'data')})...`,
    );
    const out = fs.openSync(path.join(options.home, 'logs', 'console.log'), 'a');
    const child = spawn(
      'java',
      [
        ...JVM_FLAGS,
        `-Xms${options.heap}`,
        `-Xmx${options.heap}`,
        '-cp',
        classpath,
        'org.neo4j.server.CommunityEntryPoint',
        `--home-dir=${options.home}`,
        `--config-dir=${path.join(options.home, 'conf')}`,
        '--console-mode',
      ],
      {
        stdio: ['ignore', out, out],
        env: { ...process.env, NEO4J_HOME: options.home },
        detached: options.ownProcessGroup === true,
      },
    );
    fs.closeSync(out);
    if (!child.pid) throw new LocalNeo4jError('Could not start java for the local Neo4j.');
    fs.writeFileSync(pidFile, String(child.pid));
    const neo4j = new LocalNeo4j(options, child.pid, true, child);
    const deadline = Date.now() + startTimeoutMs;
    while (!(await portOpen(options.boltPort))) {
      if (child.exitCode !== null || child.signalCode !== null) {
        fs.rmSync(pidFile, { force: true });
        throw new LocalNeo4jError(
          `The local Neo4j stopped during start-up (exit ${child.exitCode ?? child.signalCode}). ` +
            `See ${path.join(options.home, 'logs', 'console.log')}.`,
        );
      }
      if (Date.now() > deadline) {
        await neo4j.stop();
        throw new LocalNeo4jError(
          `The local Neo4j did not open Bolt within ${startTimeoutMs / 1000}s; see its logs in ${path.join(options.home, 'logs')}.`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // Something else could have taken the port between the check above and Java binding it.
    const proof = await proveServesHome(
      options.home,
      options.boltPort,
      options.user ?? 'neo4j',
      options.password,
      startTimeoutMs,
    );
    if (!proof.ok) {
      await neo4j.stop();
      throw new LocalNeo4jError(
        `The server that answered on port ${options.boltPort} after starting Neo4j from ${options.home} is not that Neo4j: ${proof.why}. ` +
          `Choose another LOCAL_NEO4J_BOLT_PORT; see ${path.join(options.home, 'logs', 'console.log')}.`,
      );
    }
    fs.writeFileSync(LocalNeo4j.portFile(options.home), String(options.boltPort));
    log(`Local Neo4j is up (pid ${child.pid}).`);
    return neo4j;
  }

  /** Stops Neo4j if this process started it: SIGTERM for a clean checkpoint, SIGKILL after the grace period. */
  async stop(graceMs = 60_000): Promise<void> {
    if (!this.startedHere || !this.child) return;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    fs.rmSync(LocalNeo4j.pidFile(this.options.home), { force: true });
    fs.rmSync(LocalNeo4j.portFile(this.options.home), { force: true });
  }
}
