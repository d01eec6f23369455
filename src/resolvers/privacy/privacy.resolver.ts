/** Admin-only: export everything held about a person, and erase a person. */
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import type { Context } from '../../context';

@ObjectType({ description: 'What an erasure removed.' })
export class ErasedPerson {
  @Field(() => ID) id!: string;
  @Field(() => Int) removedTies!: number;
}

@Resolver()
export class PrivacyResolver {
  @Authorized('admin')
  @Query(() => GraphQLJSONObject, {
    description:
      'Everything the service holds about one person (record, contact details, identifiers, ties, history): for a subject access request.',
  })
  personalData(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.privacy.exportPerson(id);
  }

  @Authorized('admin')
  @Mutation(() => ErasedPerson, {
    description:
      'Erases a person: the record, contact details, ties and identifiers; history keeps only that an erasure happened.',
  })
  erasePerson(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.privacy.erasePerson(id);
  }
}
