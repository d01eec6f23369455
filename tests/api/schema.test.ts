import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/paths';
import { createSchema, schemaSdl } from '../../src/schema';

describe('schema/schema.graphql', () => {
  it('is what the code defines (run `npm run schema` and commit the result when this fails)', async () => {
    const committed = fs.readFileSync(path.join(projectRoot(), 'schema', 'schema.graphql'), 'utf8');
    expect(schemaSdl(await createSchema())).toBe(committed);
  });
});
