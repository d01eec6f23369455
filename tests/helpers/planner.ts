/**
 * Two services on one test Neo4j: one answers with the read planner (one query per root
 * field), the other with READ_PLANNER=false (every field through the DataLoaders). A request
 * sent to both must get the same answer.
 */
import { GqlResponse, TestApp, startTestApp } from './app';

export interface Twins {
  planned: TestApp;
  fallback: TestApp;
  /** A key of each role, valid for both (they share the database). */
  auth: Record<'anonymous' | 'viewer' | 'editor' | 'admin', string>;
  close(): Promise<void>;
}

export async function startTwins(options: { logTo?: (line: string) => void } = {}): Promise<Twins> {
  // Each app wipes the graph (and its keys) as it starts: the fallback first, then the planned
  // one, whose keys then serve both.
  const fallback = await startTestApp({ READ_PLANNER: 'false' });
  const planned = await startTestApp(
    {},
    options.logTo ? { logTo: options.logTo, logLevel: 'debug' } : {},
  );
  const auth = {
    anonymous: '',
    viewer: await planned.keyFor('viewer'),
    editor: await planned.keyFor('editor'),
    admin: planned.adminAuth,
  };
  // The fallback app's own admin key went with the second wipe: both send the planned app's keys.
  const withKeys = (app: TestApp): TestApp => ({
    ...app,
    adminAuth: auth.admin,
    gql: (query, variables = {}, headers = {}) =>
      app.gql(query, variables, { authorization: auth.admin, ...headers }),
  });
  return {
    planned: withKeys(planned),
    fallback: withKeys(fallback),
    auth,
    async close() {
      await planned.close();
      await fallback.close();
    },
  };
}

/** What two answers must share: the data, and each error's path, code and message (not stack traces or request ids, nor the errors' order). */
export function comparable(res: GqlResponse): unknown {
  return {
    data: res.body.data ?? null,
    // In the order of their paths: root fields resolve side by side, so errors arrive in either order on either path.
    errors: (res.body.errors ?? [])
      .map((e) => ({ message: e.message, path: e.path ?? null, code: e.extensions?.code ?? null }))
      .sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))),
  };
}

export const roundTrips = (res: GqlResponse): number => Number(res.headers.get('x-db-queries'));
