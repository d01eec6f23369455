/** history(id) and recentChanges(since): the record of who changed what. */
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  GraphQLISODateTime,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import type { Context } from '../../context';
import { Connection, toConnection } from '../common/types';
import { COMMON, PAGES } from '../../domain/spec';

@ObjectType({
  description:
    'One recorded change: who, when, what, before and after, through which request or import.',
})
export class Change {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLISODateTime) at!: string;
  @Field(() => String, {
    description:
      'CREATE, UPDATE, DELETE, TIE_ADDED, TIE_UPDATED, TIE_REMOVED, MERGE, IMPORT, ERASE, RESTORE.',
  })
  action!: string;
  @Field(() => String, { description: 'Organisation, ENGAGES_IN, Import...' }) targetKind!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Global id of the entity or tie that changed (it may no longer exist).',
  })
  target!: string | null;
  @Field(() => String, { description: 'Who: an API key name, cli:<user>, or anonymous.' })
  actor!: string;
  @Field(() => String) requestId!: string;
  @Field(() => String, { nullable: true }) importId!: string | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Public state before (null for a creation). Never contact details.',
  })
  before!: object | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Public state after (null for a deletion).',
  })
  after!: object | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

const ChangeConnection = Connection('Change', Change);

@ArgsType()
class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: PAGES.list.fallback })
  @Min(PAGES.list.min)
  @Max(PAGES.list.max)
  first?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(COMMON.cursorLength) after?:
    string | null;
}

@ArgsType()
class HistoryArgs extends PageArgs {
  @Field(() => ID, { description: 'An entity or tie id, also of one since deleted.' }) id!: string;
}

@ArgsType()
class RecentArgs extends PageArgs {
  @Field(() => GraphQLISODateTime) since!: Date;
}

@Resolver()
export class HistoryResolver {
  @Authorized('viewer')
  @Query(() => ChangeConnection, {
    description:
      "The changes of one entity or tie, newest first. totalCount is -1 (not counted). Needs the viewer role: history names who changed what, and people's ties.",
  })
  async history(@Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: Context) {
    return toConnection(await ctx.services.history.of(args.id, args.first, args.after));
  }

  @Authorized('viewer')
  @Query(() => ChangeConnection, {
    description:
      'Changes to the whole graph since a time, newest first. totalCount is -1 (not counted). Needs the viewer role.',
  })
  async recentChanges(@Args(() => RecentArgs) args: RecentArgs, @Ctx() ctx: Context) {
    return toConnection(
      await ctx.services.history.recent(args.since.toISOString(), args.first, args.after),
    );
  }
}
