/** `npm run schema`: writes the SDL the code defines to schema/schema.graphql (committed; a test checks it is current). */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths';
import { createSchema, schemaSdl } from '../schema';

async function main() {
  const file = path.join(projectRoot(), 'schema', 'schema.graphql');
  fs.writeFileSync(file, schemaSdl(await createSchema()));
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

void main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
