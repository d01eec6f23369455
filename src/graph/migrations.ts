/**
 * Schema migrations: cypher/migrations/V0001__name.cypher and so on, applied in order,
 * each statement idempotent (IF NOT EXISTS), each file recorded as a (:Migration) node
 * with its checksum once applied, so a second start applies nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths';
import type { Logger } from '../logger';
import type { Database } from './database';

export interface Migration {
  version: number;
  name: string;
  file: string;
  checksum: string;
  statements: string[];
}

const FILE = /^V(\d{4})__([A-Za-z0-9_-]+)\.cypher$/;

/** Splits a migration file into statements on semicolons that end a line; `//` comment lines are dropped. */
export function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !l.trim().startsWith('//'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function readMigrations(
  dir = path.join(projectRoot(), 'cypher', 'migrations'),
): Migration[] {
  const seen = new Set<number>();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .map((file) => {
      const m = FILE.exec(file);
      if (!m)
        throw new Error(`Migration file name "${file}" must look like V0001__what_it_does.cypher`);
      const version = Number(m[1]);
      if (seen.has(version)) throw new Error(`Two migrations share version ${version}`);
      seen.add(version);
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version,
        name: m[2],
        file,
        checksum: crypto.createHash('sha256').update(text).digest('hex'),
        statements: splitStatements(text),
      };
    })
    .sort((a, b) => a.version - b.version);
}

/** Applies the migrations not yet recorded; returns the versions it applied. */
export async function migrate(
  db: Database,
  logger?: Logger,
  migrations = readMigrations(),
): Promise<number[]> {
  // The bookkeeping constraint itself is the one statement run before anything is recorded.
  await db.runSchemaStatement(
    'CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (m:Migration) REQUIRE m.version IS UNIQUE',
  );
  const applied = await db.read((tx) => tx.run('migrations/applied'));
  const byVersion = new Map(applied.map((r) => [r.version as number, r.checksum as string]));
  const done: number[] = [];
  for (const m of migrations) {
    const previous = byVersion.get(m.version);
    if (previous !== undefined) {
      if (previous !== m.checksum) {
        logger?.warn(
          { version: m.version, file: m.file },
          'an applied migration was edited since; add a new migration instead of editing an applied one',
        );
      }
      continue;
    }
    for (const statement of m.statements) await db.runSchemaStatement(statement);
    await db.write((tx) =>
      tx.run('migrations/record', { version: m.version, name: m.name, checksum: m.checksum }),
    );
    logger?.info({ version: m.version, name: m.name }, 'migration applied');
    done.push(m.version);
  }
  return done;
}

/** True when every migration file is recorded as applied. */
export async function migrationsApplied(
  db: Database,
  migrations = readMigrations(),
): Promise<boolean> {
  const applied = await db.read((tx) => tx.run('migrations/applied'));
  const versions = new Set(applied.map((r) => r.version as number));
  return migrations.every((m) => versions.has(m.version));
}
