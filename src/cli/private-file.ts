/**
 * Files the command-line tools write hold personal data (a dump has contact details; every
 * export says who works where): they are readable by their owner only, whatever the umask,
 * also when they replace an existing file.
 */
import fs from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;

export function writePrivateFile(file: string, body: string): void {
  fs.writeFileSync(file, body, { mode: PRIVATE_FILE_MODE });
  // The mode above applies only when the file is created; an existing file keeps its own.
  fs.chmodSync(file, PRIVATE_FILE_MODE);
}
