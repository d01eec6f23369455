/**
 * The worked subscription example of docs/live.md (the js block after `<!-- live-example -->`),
 * run as it is written in a Node process of its own against a real server, and what it prints
 * compared with what the page says it prints.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { engages, forum, organisation } from '../helpers/fixtures';
import { useLiveApp } from './live-helpers';
import { wsUrl } from './ws-client';

const ROOT = path.join(__dirname, '..', '..');

function example(): { code: string; output: string } {
  const page = fs.readFileSync(path.join(ROOT, 'docs', 'live.md'), 'utf8');
  const m = /<!-- live-example -->\n```js\n([\s\S]*?)```[\s\S]*?```text\n([\s\S]*?)```/.exec(page);
  if (!m) throw new Error('docs/live.md has no live-example block followed by its output');
  return { code: m[1], output: m[2].trim() };
}

describe('the subscription example in docs/live.md', () => {
  const app = useLiveApp();

  it('prints the change it documents when an organisation joins the forum', async () => {
    const { code, output } = example();
    const f = await forum(app, 'Health Workers for All');
    const org = await organisation(app, 'Wemos');
    const key = (await app.keyFor('viewer')).replace(/^Bearer /, '');
    const child = spawn(process.execPath, ['-e', code], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', SG_URL: wsUrl(app.url), SG_KEY: key, FORUM_ID: f.id },
    });
    let printed = '';
    let errors = '';
    child.stdout.on('data', (d: Buffer) => (printed += d.toString()));
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    try {
      // Subscribed once the server counts it; then the organisation joins.
      for (let i = 0; i < 200 && app.server.hub.subscriberCount === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(app.server.hub.subscriberCount).toBe(1);
      await engages(app, org, f, 'MEMBER');
      for (let i = 0; i < 200 && !printed.includes('\n'); i++)
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      child.kill();
    }
    expect(errors).toBe('');
    const line = printed.trim();
    // The documented line, with the cursor's documented prefix ("WyJmZWVkIiw..." is ["feed",).
    const [documented, prefix] = /^(.*\(resume after )(\S+?)\.\.\.\)$/.exec(output)!.slice(1);
    expect(line.startsWith(documented + prefix)).toBe(true);
    expect(line).toMatch(/^TIE_ADDED MEMBER \(resume after [A-Za-z0-9_-]+\)$/);
  });
});
