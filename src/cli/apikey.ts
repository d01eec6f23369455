/**
 * `npm run apikey -- create --role editor --name "Secretariat laptop"` prints the new key on
 * its last line (shown once); `npm run apikey -- list`; `npm run apikey -- revoke <id or prefix>`.
 */
import 'reflect-metadata';
import { ROLES, createApiKey } from '../auth/api-keys';
import { loadConfig } from '../config';
import { apiKeyRepository } from '../graph/apikey.repository';
import { migrate } from '../graph/migrations';
import { createLogger } from '../logger';
import { openRuntime } from '../runtime';

const USAGE = `usage:
  npm run apikey -- create --role ${ROLES.join('|')} --name "who uses it"
  npm run apikey -- list
  npm run apikey -- revoke <key id or prefix>`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!['create', 'list', 'revoke'].includes(command ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const runtime = await openRuntime(
    config,
    createLogger({ ...config, log: { level: 'warn', pretty: false } }, { toStderr: true }),
  );
  try {
    await migrate(runtime.db);
    if (command === 'create') {
      const role = flag(args, 'role');
      const name = flag(args, 'name');
      if (!role || !name) throw new Error(USAGE);
      const { key, record } = await createApiKey(runtime.db, name, role);
      process.stdout.write(
        `Created ${record.role} key "${record.name}" (id ${record.id}). It is shown only now; store it safely:\n${key}\n`,
      );
    } else if (command === 'list') {
      const keys = await runtime.db.read((tx) => apiKeyRepository.list(tx));
      for (const k of keys)
        process.stdout.write(
          `${k.id}  ${k.prefix}…  ${k.role.padEnd(6)}  ${k.createdAt}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name}\n`,
        );
      if (!keys.length) process.stdout.write('No API keys yet.\n');
    } else {
      const ref = args[0];
      if (!ref) throw new Error(USAGE);
      const revoked = await runtime.db.write((tx) =>
        apiKeyRepository.revoke(tx, ref, new Date().toISOString()),
      );
      if (!revoked.length) throw new Error(`No active key has the id or prefix "${ref}".`);
      process.stdout.write(`Revoked ${revoked.map((k) => `"${k.name}" (${k.id})`).join(', ')}.\n`);
    }
  } finally {
    await runtime.close();
  }
}

void main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
