/** Builds the executable GraphQL schema from the type-graphql resolvers, with class-validator on every input. */
import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { resolvers } from './resolvers';
import { Event, Forum, Instrument, Organisation, Person, Topic } from './resolvers/entities/entity.types';
import { TIE_CLASSES } from './resolvers/ties/tie.specs';

export async function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    // Every entity and tie type, also those only reachable through an interface (node, search).
    orphanedTypes: [Organisation, Person, Forum, Event, Instrument, Topic, ...[...TIE_CLASSES.values()].map((c) => c.object)],
    validate: { forbidUnknownValues: false, stopAtFirstError: false },
  });
}

/** The SDL committed as schema/schema.graphql, sorted so that diffs show only real changes. */
export function schemaSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
