/**
 * The change feed: the `changes` query (a page from a cursor) and the subscriptions `changes` and
 * `forumEngagementChanged` (catch up from a cursor, then live), over graphql-ws (src/live/ws.ts).
 * The same role as history: viewer (tie changes name both ends, people's ties among them).
 */
import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  GraphQLISODateTime,
  ID,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  registerEnumType,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { requireRole } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { EntityType, TieType } from '../../domain/model';
import { COMMON, PAGES } from '../../domain/spec';
import type { FeedFilter } from '../../graph/feed.repository';
import { badInput, unavailable } from '../../errors';
import { CHANGE_ACTIONS, ChangeAction } from '../../graph/history.repository';
import {
  FeedChange,
  FeedFilterInput,
  feedCursor,
  parseFeedCursor,
  toFeedFilter,
} from '../../services/feed.service';
import { Connection } from '../common/types';
import { Change } from '../history/history.resolver';

/** The GraphQL enum of what a change did, made from the history's one list of actions. */
export const ChangeKind = Object.fromEntries(CHANGE_ACTIONS.map((a) => [a, a])) as {
  [A in ChangeAction]: A;
};
export type ChangeKind = ChangeAction;
registerEnumType(ChangeKind, { name: 'ChangeKind', description: 'What a change did.' });

const MAX_LIST = 20;

@InputType({ description: 'Which changes of the feed to get; every field left out means any.' })
export class ChangeFilter implements FeedFilterInput {
  @Field(() => [ChangeKind], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_LIST)
  kinds?: ChangeKind[];
  @Field(() => [EntityType], {
    nullable: true,
    description: 'Changes of entities of these types.',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_LIST)
  entityTypes?: EntityType[];
  @Field(() => [TieType], { nullable: true, description: 'Changes of ties of these types.' })
  @IsOptional()
  @ArrayMaxSize(MAX_LIST)
  tieTypes?: TieType[];
  @Field(() => ID, {
    nullable: true,
    description: 'A forum id: changes of the forum and of ties with the forum at either end.',
  })
  @IsOptional()
  @MaxLength(COMMON.cursorLength)
  forum?: string;
  @Field(() => ID, { nullable: true, description: 'An entity or tie id: its changes only.' })
  @IsOptional()
  @MaxLength(COMMON.cursorLength)
  target?: string;
  @Field(() => String, {
    nullable: true,
    description: 'Who made them, as Change.actor shows it ("key:Secretariat laptop").',
  })
  @IsOptional()
  @MaxLength(200)
  actor?: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Recorded at or after.' })
  @IsOptional()
  since?: Date;
}

@ObjectType('FeedChange', {
  description:
    'A change in the feed, with its cursor: pass the cursor as "after" to continue after it.',
})
export class FeedChangeType extends Change {
  @Field(() => String, { description: 'Where the feed continues after this change.' })
  cursor!: string;
}

const ChangeFeedConnection = Connection('ChangeFeed', FeedChangeType);

@ArgsType()
class FeedArgs {
  @Field(() => Int, { nullable: true, defaultValue: PAGES.list.fallback })
  @Min(PAGES.list.min)
  @Max(PAGES.list.max)
  first?: number;
  @Field(() => String, {
    nullable: true,
    description: 'A cursor from this feed; left out, the feed starts at the oldest change kept.',
  })
  @IsOptional()
  @MaxLength(COMMON.cursorLength)
  after?: string | null;
  @Field(() => ChangeFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: ChangeFilter | null;
}

@ArgsType()
class LiveArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'A cursor from the feed: the changes after it first, then live. Left out: live from now.',
  })
  @IsOptional()
  @MaxLength(COMMON.cursorLength)
  after?: string | null;
}

@ArgsType()
class LiveChangesArgs extends LiveArgs {
  @Field(() => ChangeFilter, { nullable: true }) filter?: ChangeFilter | null;
}

@ArgsType()
class ForumLiveArgs extends LiveArgs {
  @Field(() => ID) forum!: string;
}

interface SubscribeData<A> {
  args: A;
  context: Context;
  info: GraphQLResolveInfo;
}

/** The raw arguments of a subscription skip class-validator: the same bounds, checked here. */
function checkLengths(args: { after?: string | null; filter?: ChangeFilter | null }): void {
  const f = args.filter ?? {};
  const long = (v: unknown, max: number) => typeof v === 'string' && v.length > max;
  if (
    long(args.after, COMMON.cursorLength) ||
    long(f.forum, COMMON.cursorLength) ||
    long(f.target, COMMON.cursorLength) ||
    long(f.actor, 200) ||
    [f.kinds, f.entityTypes, f.tieTypes].some((l) => (l?.length ?? 0) > MAX_LIST)
  )
    throw badInput(
      `Too long: a cursor or id has at most ${COMMON.cursorLength} characters, actor 200, each list ${MAX_LIST} values.`,
    );
}

/** The same role as the `changes` query, checked when the subscription starts. */
const mayFollow = (context: Context) =>
  requireRole(context.caller, ['viewer'], 'follow the change feed');

async function follow(context: Context, filter: FeedFilter, after: string | null | undefined) {
  const hub = context.live;
  if (!hub) throw unavailable('Subscriptions are served over WebSocket at /graphql (graphql-ws).');
  const start = parseFeedCursor(after);
  // Checks the cursor now, so an expired one is refused before the stream starts.
  if (start !== null) await hub.feed.read(start, 0, filter);
  // Then the tailer (started again if nobody subscribed) and the subscription, with nothing between.
  await hub.start();
  return hub.subscribe(filter, start);
}

@Resolver()
export class FeedResolver {
  @Authorized('viewer')
  @Query(() => ChangeFeedConnection, {
    name: 'changes',
    description:
      'The change feed: every change once, in commit order, from a cursor (docs/live.md). A page may hold fewer than `first` changes while more follow (a filter skips many): go on while hasNextPage, always from pageInfo.endCursor. totalCount is -1. Needs the viewer role.',
  })
  async changesPage(@Args(() => FeedArgs) args: FeedArgs, @Ctx() ctx: Context) {
    const page = await ctx.services.feed.page(args.first, args.after, toFeedFilter(args.filter));
    return {
      edges: page.changes.map((node) => ({ cursor: node.cursor, node })),
      nodes: page.changes,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: feedCursor(page.end) },
      totalCount: -1,
    };
  }

  @Subscription(() => FeedChangeType, {
    name: 'changes',
    description:
      'The change feed, live: the changes after `after` first, then each new one as it commits, with no gap or duplicate between the two. Needs the viewer role.',
    subscribe: ({ args, context }: SubscribeData<LiveChangesArgs>) => {
      mayFollow(context);
      checkLengths(args);
      return follow(context, toFeedFilter(args.filter), args.after);
    },
  })
  changesLive(@Root() change: FeedChange, @Args(() => LiveChangesArgs) _args: LiveChangesArgs) {
    return change;
  }

  @Subscription(() => FeedChangeType, {
    description:
      "Engagements added, changed or removed in one forum (the forum's ENGAGES_IN changes), live, as `changes` with that filter. Needs the viewer role.",
    subscribe: ({ args, context }: SubscribeData<ForumLiveArgs>) => {
      mayFollow(context);
      checkLengths({ after: args.after, filter: { forum: args.forum } });
      return follow(
        context,
        toFeedFilter({ forum: args.forum, tieTypes: [TieType.ENGAGES_IN] }),
        args.after,
      );
    },
  })
  forumEngagementChanged(
    @Root() change: FeedChange,
    @Args(() => ForumLiveArgs) _args: ForumLiveArgs,
  ) {
    return change;
  }
}
