/**
 * `npm run export:popolo -- [--out FILE] [--include-contact]`: the graph's people,
 * organisations, events, affiliations and memberships as Popolo JSON, on stdout or in FILE.
 * Contact details are personal data and stay out unless --include-contact is given.
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { migrate } from '../graph/migrations';
import { createLogger } from '../logger';
import { openRuntime } from '../runtime';
import { exportPopolo } from '../services/popolo/popolo-export';
import { writePrivateFile } from './private-file';

const USAGE = 'Usage: npm run export:popolo -- [--out FILE] [--include-contact]';

async function main() {
  const argv = process.argv.slice(2);
  let out: string | null = null;
  let includeContact = false;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out' && argv[i + 1]) out = argv[++i];
    else if (argv[i] === '--include-contact') includeContact = true;
    else {
      process.stderr.write(`${USAGE}\n`);
      process.exit(2);
    }
  }
  const config = loadConfig();
  const logger = createLogger(config, { toStderr: true });
  const runtime = await openRuntime(config, logger);
  try {
    await migrate(runtime.db, logger);
    const doc = await exportPopolo(runtime.db, { includeContact });
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (out) {
      writePrivateFile(out, text);
      process.stderr.write(
        `wrote ${out}: ${doc.persons!.length} persons, ${doc.organizations!.length} organizations, ${doc.memberships!.length} memberships, ${doc.events!.length} events\n`,
      );
    } else process.stdout.write(text);
  } finally {
    await runtime.close();
  }
}

void main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
