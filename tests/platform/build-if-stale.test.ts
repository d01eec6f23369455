/**
 * scripts/build.js --if-stale, the step before every tool script: it compiles only when
 * dist/ is missing or a source is newer than the stamp the last build wrote. Run on a
 * tiny copy of the project layout in a temporary folder (never on this checkout's dist/).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/paths';

jest.setTimeout(120_000);

function run(dir: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(dir, 'scripts', 'build.js'), ...args],
      { cwd: dir },
      (err, _stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr }),
    );
  });
}

/** Sets a file's (or folder's) modification time a few seconds into the past, as if edited long before the build. */
function age(file: string, seconds = 60): void {
  const t = new Date(Date.now() - seconds * 1000);
  fs.utimesSync(file, t, t);
}

describe('scripts/build.js --if-stale', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-build-'));

  beforeAll(() => {
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.copyFileSync(
      path.join(projectRoot(), 'scripts', 'build.js'),
      path.join(dir, 'scripts', 'build.js'),
    );
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(
      path.join(projectRoot(), 'node_modules', 'typescript'),
      path.join(dir, 'node_modules', 'typescript'),
      'dir',
    );
    fs.mkdirSync(path.join(dir, 'src', 'cli'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'main.ts'), 'export const answer: number = 42;\n');
    fs.writeFileSync(
      path.join(dir, 'src', 'cli', 'tool.ts'),
      "import { answer } from '../main';\nexport const doubled = answer * 2;\n",
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          strict: true,
          outDir: 'dist',
          rootDir: '.',
          types: [],
        },
      }),
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.build.json'),
      JSON.stringify({ extends: './tsconfig.json', include: ['src'] }),
    );
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    for (const f of [
      'src/main.ts',
      'src/cli/tool.ts',
      'src/cli',
      'src',
      'tsconfig.json',
      'tsconfig.build.json',
      'package.json',
    ])
      age(path.join(dir, f));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('compiles when dist/ is missing, then not again until a source changes', async () => {
    const first = await run(dir, ['--if-stale']);
    expect(first).toEqual({
      code: 0,
      stderr: 'Compiling TypeScript (dist/ has no build stamp)...\n',
    });
    expect(fs.existsSync(path.join(dir, 'dist', 'src', 'main.js'))).toBe(true);

    const second = await run(dir, ['--if-stale']);
    expect(second).toEqual({ code: 0, stderr: '' });

    fs.writeFileSync(path.join(dir, 'src', 'main.ts'), 'export const answer: number = 43;\n');
    const afterEdit = await run(dir, ['--if-stale']);
    expect(afterEdit).toEqual({ code: 0, stderr: 'Compiling TypeScript (src/ changed)...\n' });
    expect(fs.readFileSync(path.join(dir, 'dist', 'src', 'main.js'), 'utf8')).toContain('43');
  });

  it('counts a deleted source (its folder changes) and a changed tsconfig as stale', async () => {
    await run(dir, ['--if-stale']);
    age(path.join(dir, 'src', 'cli'));
    fs.rmSync(path.join(dir, 'src', 'cli', 'tool.ts'));
    await expect(run(dir, ['--if-stale'])).resolves.toEqual({
      code: 0,
      stderr: 'Compiling TypeScript (src/ changed)...\n',
    });
    fs.writeFileSync(
      path.join(dir, 'tsconfig.build.json'),
      JSON.stringify({ extends: './tsconfig.json', include: ['src'], exclude: [] }),
    );
    await expect(run(dir, ['--if-stale'])).resolves.toEqual({
      code: 0,
      stderr: 'Compiling TypeScript (tsconfig.build.json changed)...\n',
    });
    await expect(run(dir, ['--if-stale'])).resolves.toEqual({ code: 0, stderr: '' });
  });

  it('a failed compile exits non-zero and leaves dist/ marked stale', async () => {
    fs.writeFileSync(
      path.join(dir, 'src', 'main.ts'),
      'export const answer: number = "not a number";\n',
    );
    const failed = await run(dir, ['--if-stale']);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/dist\/ was not marked current/);
    const again = await run(dir, ['--if-stale']);
    expect(again.code).not.toBe(0);
  });
});
