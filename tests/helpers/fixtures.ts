/** Small helpers that read like the domain: "an organisation", "that engages in a forum as host". */
import type { TestApp } from './app';

export interface Created {
  id: string;
  slug: string;
  name: string;
  version: number;
}

const CREATE: Record<string, string> = {
  Organisation: 'createOrganisation',
  Person: 'createPerson',
  Forum: 'createForum',
  Event: 'createEvent',
  Instrument: 'createInstrument',
  Topic: 'createTopic',
};

/** Creates an entity through the API and fails the test loudly if that does not work. */
export async function create(
  app: TestApp,
  type: keyof typeof CREATE,
  input: Record<string, unknown>,
): Promise<Created> {
  const m = CREATE[type];
  const res = await app.gql(
    `mutation($input: Create${type}Input!) { ${m}(input: $input) { id slug name version } }`,
    { input },
  );
  if (res.body.errors) throw new Error(`${m} failed: ${JSON.stringify(res.body.errors)}`);
  return res.body.data![m];
}

export const organisation = (app: TestApp, name: string, extra: Record<string, unknown> = {}) =>
  create(app, 'Organisation', { name, ...extra });
export const person = (app: TestApp, name: string, extra: Record<string, unknown> = {}) =>
  create(app, 'Person', { name, ...extra });
export const forum = (app: TestApp, name: string, extra: Record<string, unknown> = {}) =>
  create(app, 'Forum', { name, ...extra });
export const event = (app: TestApp, name: string, extra: Record<string, unknown> = {}) =>
  create(app, 'Event', { name, ...extra });

export interface TieCreated {
  id: string;
  version: number;
}

/** Adds a tie of the named kind (Engagement, Affiliation, ...) through the API. */
export async function tie(
  app: TestApp,
  kind: string,
  input: Record<string, unknown>,
): Promise<TieCreated> {
  const res = await app.gql(
    `mutation($input: ${kind}Input!) { add${kind}(input: $input) { id version } }`,
    { input },
  );
  if (res.body.errors) throw new Error(`add${kind} failed: ${JSON.stringify(res.body.errors)}`);
  return res.body.data![`add${kind}`];
}

export const engages = (
  app: TestApp,
  actor: Created,
  f: Created,
  role = 'MEMBER',
  extra: Record<string, unknown> = {},
) => tie(app, 'Engagement', { from: actor.id, to: f.id, role, ...extra });

/** The error code of the first error, for concise assertions. */
export function codeOf(res: {
  body: { errors?: Array<{ extensions?: Record<string, unknown> }> };
}): unknown {
  return res.body.errors?.[0]?.extensions?.code;
}
