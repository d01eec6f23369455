/** Builds the executable GraphQL schema from the type-graphql resolvers, with class-validator on every input. */
import 'reflect-metadata';
import { GraphQLSchema, assertObjectType, lexicographicSortSchema, printSchema } from 'graphql';
import { PubSub, buildSchema } from 'type-graphql';
import { PERSONAL_TIES, authChecker, requirePersonalTieReader } from './auth/auth-checker';
import type { Context } from './context';
import { resolvers } from './resolvers';
import {
  Event,
  Forum,
  Instrument,
  Organisation,
  Person,
  Topic,
} from './resolvers/entities/entity.types';
import { TIE_CLASSES, TIE_SPECS } from './resolvers/ties/tie.specs';

/**
 * Guards each personal tie type (Affiliation) as a whole. graphql-js asks a type's isTypeOf
 * before it resolves any field of a value of that type, on every path (node(id), a list, a
 * mutation's answer), so a caller without the role gets the guard's error where the value
 * would be, nulled up to the nearest nullable field, as for a field behind @Authorized.
 * type-graphql has no option for isTypeOf, hence it is set on the built type.
 */
function guardPersonalTies(schema: GraphQLSchema): GraphQLSchema {
  for (const spec of TIE_SPECS.filter((s) => PERSONAL_TIES.has(s.type))) {
    assertObjectType(schema.getType(spec.name)).isTypeOf = (_value: unknown, context: Context) => {
      requirePersonalTieReader(context.caller);
      return true;
    };
  }
  return schema;
}

/**
 * type-graphql refuses to build subscriptions without a PubSub, even when each one brings its own
 * `subscribe` as ours do (they read the change feed through src/live/hub.ts, which works across
 * replicas); this one only says so if anything ever asks it.
 */
const NO_PUBSUB: PubSub = {
  publish() {
    throw new Error('Subscriptions read the change feed (src/live/hub.ts); there is no PubSub.');
  },
  subscribe() {
    throw new Error('Subscriptions read the change feed (src/live/hub.ts); there is no PubSub.');
  },
};

export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    pubSub: NO_PUBSUB,
    // Every entity and tie type, also those only reachable through an interface (node, search).
    orphanedTypes: [
      Organisation,
      Person,
      Forum,
      Event,
      Instrument,
      Topic,
      ...[...TIE_CLASSES.values()].map((c) => c.object),
    ],
    validate: { forbidUnknownValues: false, stopAtFirstError: false },
  });
  return guardPersonalTies(schema);
}

/** The SDL committed as schema/schema.graphql, sorted so that diffs show only real changes. */
export function schemaSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
