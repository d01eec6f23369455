/** Shared by the tests of the change feed and subscriptions. */
import { startTestApp, TestApp } from '../helpers/app';

// First runs of the write queries are planned while 20 writers wait, on a small shared machine.
jest.setTimeout(180_000);

/**
 * The app with a longer transaction timeout than the shared helper's: 20 writers' first runs of
 * the write queries are planned in parallel on a small, shared machine.
 */
export function useLiveApp(env: Record<string, string> = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(env, { connection: { txTimeoutMs: 60_000 } });
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(async () => {
    await current!.wipe();
  });
  return new Proxy({} as TestApp, {
    get: (_t, prop) => {
      const value = (current as unknown as Record<string | symbol, unknown>)[prop];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/** Waits until every change in the database is numbered and visible to readers. */
export async function settled(app: TestApp): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await app.cypher(
      `OPTIONAL MATCH (s:ChangeSequence {id: 'changes'})
       RETURN COUNT { (:Unsequenced) } AS pending, s.visible = s.next AS shown`,
    );
    if (Number(row.pending) === 0 && row.shown === true) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the sequencer did not number the changes within 10 s');
}
