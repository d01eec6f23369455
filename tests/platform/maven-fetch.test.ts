/**
 * The first start's fetch of Neo4j: neo4j/mvnw runs quietly, and the log gets a line saying
 * what is fetched and one with the result instead of Maven's hundreds of [INFO] lines; when
 * Maven fails, the error carries Maven's own error output. A stand-in mvnw in a temporary
 * folder prints what Maven would (no network involved); the real wrapper gets the same flags.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureNeo4jFetched, LocalNeo4jError } from '../../src/graph/local-neo4j';
import { projectRoot } from '../../src/paths';

const NOISE = Array.from(
  { length: 300 },
  (_, i) => `echo "[INFO] Downloading from central: https://repo.example/artifact-${i}.jar"`,
).join('\n');

function fakeNeo4jDir(script: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-mvnw-'));
  fs.copyFileSync(path.join(projectRoot(), 'neo4j', 'pom.xml'), path.join(dir, 'pom.xml'));
  fs.writeFileSync(
    path.join(dir, 'mvnw'),
    `#!/bin/sh\necho "$@" > "$(dirname "$0")/args.txt"\n${NOISE}\n${script}\n`,
    { mode: 0o755 },
  );
  return dir;
}

const describeUnix = process.platform === 'win32' ? describe.skip : describe;

describeUnix('fetching Neo4j with neo4j/mvnw', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('runs Maven quietly and logs one line before and one with the result', async () => {
    const dir = fakeNeo4jDir(
      'mkdir -p "$(dirname "$0")/lib" && head -c 2000000 /dev/zero > "$(dirname "$0")/lib/neo4j-kernel.jar" && touch "$(dirname "$0")/lib/other.jar"',
    );
    dirs.push(dir);
    const lines: string[] = [];
    const version = await ensureNeo4jFetched((l) => lines.push(l), dir, 600_000);
    expect(version).toMatch(/^5\.26\.\d+$/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^Fetching Neo4j Community ${version.replace(/\./g, '\\.')} .*first run only`),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^Fetched Neo4j ${version.replace(/\./g, '\\.')} into neo4j/lib: 2 jars, 2 MB, in \\d+ s\\.$`,
      ),
    );
    expect(lines.join('\n')).not.toContain('[INFO]');
    const args = fs.readFileSync(path.join(dir, 'args.txt'), 'utf8').trim().split(' ');
    expect(args).toEqual(
      expect.arrayContaining([
        '-B',
        '-q',
        '--no-transfer-progress',
        'dependency:copy-dependencies',
      ]),
    );

    // Fetched once: the next call finds the marker and neither runs Maven nor logs.
    fs.rmSync(path.join(dir, 'args.txt'));
    const again: string[] = [];
    await expect(ensureNeo4jFetched((l) => again.push(l), dir, 600_000)).resolves.toBe(version);
    expect(again).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'args.txt'))).toBe(false);
  });

  it("on failure shows the end of Maven's output in the error, and marks nothing as fetched", async () => {
    const dir = fakeNeo4jDir(
      'echo "[ERROR] Failed to execute goal: Could not resolve dependencies for org.neo4j:neo4j" >&2\nexit 1',
    );
    dirs.push(dir);
    const lines: string[] = [];
    const fetching = ensureNeo4jFetched((l) => lines.push(l), dir, 600_000);
    await expect(fetching).rejects.toThrow(LocalNeo4jError);
    await expect(fetching).rejects.toThrow(
      /failed \(exit 1\).*Maven said:\n[\s\S]*\[ERROR\] Failed to execute goal: Could not resolve dependencies[\s\S]*Maven Central is reachable/,
    );
    expect(lines).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'lib', '.complete'))).toBe(false);
  });

  it('refuses a run that left no jars behind', async () => {
    const dir = fakeNeo4jDir('exit 0');
    dirs.push(dir);
    await expect(ensureNeo4jFetched(() => undefined, dir, 600_000)).rejects.toThrow(
      /holds no jars/,
    );
    expect(fs.existsSync(path.join(dir, 'lib', '.complete'))).toBe(false);
  });
});
