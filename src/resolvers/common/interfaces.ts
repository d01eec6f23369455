/** The Relay Node interface, and the Entity and Tie interfaces every entity and tie type implements. */
import { GraphQLISODateTime } from 'type-graphql';
import { Field, ID, InterfaceType, Int } from 'type-graphql';
import { TIES } from '../../domain/spec';
import { PartialDate } from './scalars';
import { Identifier, Source } from './types';

/** The GraphQL type of a record: an entity's type is its name; a tie's is the spec's name for its type. */
const TIE_NAMES: ReadonlyMap<string, string> = new Map(TIES.map((t) => [t.type, t.name]));
const byType = (value: { type: string }) => TIE_NAMES.get(value.type) ?? value.type;

@InterfaceType({
  description: 'Anything with a global id that node(id) resolves.',
  resolveType: byType,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id.' }) id!: string;
}

@InterfaceType({
  implements: Node,
  description: 'An organisation, person, forum, event, instrument or topic.',
  resolveType: byType,
})
export abstract class Entity extends Node {
  @Field(() => String, { description: 'Readable key, unique per type (lower-case, hyphens).' })
  slug!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: 'Other names: spellings, translations, former names.' })
  aliases!: string[];
  @Field(() => [Identifier]) identifiers!: Identifier[];
  @Field(() => [Source]) sources!: Source[];
  @Field(() => GraphQLISODateTime) createdAt!: string;
  @Field(() => GraphQLISODateTime) updatedAt!: string;
  @Field(() => Int, {
    description: 'Increases with every change; send it as expectedVersion to update safely.',
  })
  version!: number;
}

@InterfaceType({
  implements: Node,
  description: 'A tie between two entities, with dates and evidence.',
  resolveType: byType,
})
export abstract class Tie extends Node {
  @Field(() => PartialDate, { nullable: true }) since!: string | null;
  @Field(() => PartialDate, { nullable: true, description: 'Absent while the tie still holds.' })
  until!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => [Source]) sources!: Source[];
  @Field(() => GraphQLISODateTime) createdAt!: string;
  @Field(() => GraphQLISODateTime) updatedAt!: string;
  @Field(() => Int) version!: number;
}
