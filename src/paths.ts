/** Where the project's own files are, whether running from src/ (ts-jest) or dist/src/ (node). */
import fs from 'node:fs';
import path from 'node:path';

let root: string | undefined;
export function projectRoot(): string {
  if (!root) {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, 'package.json'))) {
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error('package.json not found above ' + __dirname);
      dir = parent;
    }
    root = dir;
  }
  return root;
}
