import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths';

export const SERVICE_NAME = 'stakeholder-graph';
export const SERVICE_VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
