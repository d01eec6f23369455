/**
 * `node dist/bench/harness/cpu-profile.js <file.cpuprofile> [top]`: the functions with the
 * most self time in a V8 CPU profile (node --cpu-prof, as `npm run bench -- --profile`
 * writes them), grouped by function and file, as a share of all samples.
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function main(): void {
  const [file, topText] = process.argv.slice(2);
  if (!file)
    throw new Error('Usage: node dist/bench/harness/cpu-profile.js <file.cpuprofile> [top]');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
  };
  const hits = new Map<number, number>();
  for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  for (const n of profile.nodes) {
    const where = n.callFrame.url
      ? `${path.basename(path.dirname(n.callFrame.url))}/${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`
      : '';
    const name = `${n.callFrame.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + (hits.get(n.id) ?? 0));
  }
  const total = profile.samples.length || 1;
  const top = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topText ?? 25));
  for (const [name, n] of top)
    process.stdout.write(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}\n`);
}

main();
