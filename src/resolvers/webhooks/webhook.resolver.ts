/**
 * Webhooks (admin key): register a receiver URL with a filter of the change feed, read the hooks
 * and their delivery log, pause, resume, replay from a cursor, rotate the secret, delete.
 * Delivery is src/live/webhooks.ts; docs/live.md ("Webhooks") is the user's account.
 */
import { IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  GraphQLISODateTime,
  ID,
  Info,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import type { Context } from '../../context';
import { COMMON, PAGES } from '../../domain/spec';
import { WEBHOOK_STATUSES, WebhookStatus } from '../../graph/webhook.repository';
import { feedCursor } from '../../services/feed.service';
import { DEFAULT_SECRET_OVERLAP_S } from '../../services/webhook.service';
import { selects } from '../network/selection';
import { Connection } from '../common/types';
import { ChangeFilter } from '../feed/feed.resolver';

const WebhookStatusEnum = Object.fromEntries(WEBHOOK_STATUSES.map((s) => [s, s])) as {
  [S in WebhookStatus]: S;
};
registerEnumType(WebhookStatusEnum, {
  name: 'WebhookStatus',
  description:
    'ACTIVE: delivering. PAUSED: paused by an admin. FAILING: gave up after retrying for WEBHOOK_RETRY_FOR_S; resumeWebhook goes on from where it stopped.',
});

@ObjectType('Webhook', { description: 'A receiver of the change feed over HTTPS (docs/live.md).' })
class WebhookType {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => GraphQLJSONObject, {
    description: 'The ChangeFilter it was registered with (absent fields: any).',
  })
  filter!: object;
  @Field(() => WebhookStatusEnum) status!: WebhookStatus;
  @Field(() => String, {
    description:
      'The feed cursor delivered up to: the next change delivered is the first after it that passes the filter.',
  })
  cursor!: string;
  @Field(() => Int, { description: 'Failed attempts in a row at the change it is stuck on.' })
  failures!: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) failingSince!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) nextAttemptAt!: string | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastDeliveryAt!: string | null;
  @Field(() => Int, {
    description:
      'How many times replayWebhook moved it; the delivery log marks each attempt with the replay it belongs to.',
  })
  replays!: number;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'After rotateWebhookSecret: until when the previous secret still signs next to the new one; null when only the current one signs.',
  })
  previousSecretUntil!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: string;
  @Field(() => GraphQLISODateTime) updatedAt!: string;
}

@ObjectType({
  description:
    'A hook with its signing secret: shown here once (createWebhook, rotateWebhookSecret), never again.',
})
class WebhookWithSecret {
  @Field(() => WebhookType) webhook!: WebhookType;
  @Field(() => String, {
    description:
      'The Standard Webhooks secret (whsec_...): verify the Webhook-Signature header with it.',
  })
  secret!: string;
}

@ObjectType('WebhookDelivery', { description: 'One attempt to deliver one change.' })
class WebhookDeliveryType {
  @Field(() => ID) id!: string;
  @Field(() => String, {
    description: 'The Webhook-Id header: the same for every attempt at one change.',
  })
  messageId!: string;
  @Field(() => ID, { description: 'The change (FeedChange.id).' }) changeId!: string;
  @Field(() => String, { description: "The change's feed cursor." }) changeCursor!: string;
  @Field(() => Int, {
    description:
      '1 for the first attempt at this change in this pass, then 2, 3...; a replay delivers the change again from 1, with replay telling the passes apart.',
  })
  attempt!: number;
  @Field(() => Int, {
    description:
      "The pass the attempt belongs to: 0 before any replay, n after the hook's n-th replayWebhook (Webhook.replays).",
  })
  replay!: number;
  @Field(() => GraphQLISODateTime) at!: string;
  @Field(() => Boolean, { description: 'Whether the receiver answered 2xx in time.' })
  ok!: boolean;
  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when none came.' })
  statusCode!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) durationMs!: number;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When it is tried again (failures only).',
  })
  nextAttemptAt!: string | null;
}

const WebhookDeliveryConnection = Connection('WebhookDelivery', WebhookDeliveryType);

@InputType()
class WebhookInput {
  @Field(() => String, {
    description:
      'https:// (http://localhost, 127.0.0.1 or [::1] outside production), no user name or password.',
  })
  @MaxLength(2000)
  url!: string;
  @Field(() => ChangeFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: ChangeFilter | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'A feed cursor: deliver the changes after it. Left out: from now.',
  })
  @IsOptional()
  @MaxLength(COMMON.cursorLength)
  after?: string | null;
}

@ArgsType()
class DeliveriesArgs {
  @Field(() => ID) hook!: string;
  @Field(() => Int, { nullable: true, defaultValue: PAGES.list.fallback })
  @Min(PAGES.list.min)
  @Max(PAGES.list.max)
  first?: number;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(COMMON.cursorLength)
  after?: string | null;
}

@Resolver()
export class WebhookResolver {
  @Authorized('admin')
  @Mutation(() => WebhookWithSecret, {
    description:
      'Registers a webhook: each change passing the filter is POSTed to the URL, signed, in order, at least once (docs/live.md). The secret is shown once. Needs the admin role.',
  })
  createWebhook(@Arg('input', () => WebhookInput) input: WebhookInput, @Ctx() ctx: Context) {
    return ctx.services.webhooks.create(input);
  }

  @Authorized('admin')
  @Query(() => [WebhookType], { description: 'Every webhook, newest first. Needs the admin role.' })
  webhooks(@Ctx() ctx: Context) {
    return ctx.services.webhooks.list();
  }

  @Authorized('admin')
  @Query(() => WebhookType, { nullable: true, description: 'One webhook. Needs the admin role.' })
  webhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.get(id);
  }

  @Authorized('admin')
  @Mutation(() => WebhookType, {
    description: 'Stops delivering (an attempt under way finishes). Needs the admin role.',
  })
  pauseWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.setStatus(id, 'PAUSED');
  }

  @Authorized('admin')
  @Mutation(() => WebhookType, {
    description:
      'Delivers again from where it stopped, at once (also a FAILING hook). Needs the admin role.',
  })
  resumeWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.setStatus(id, 'ACTIVE');
  }

  @Authorized('admin')
  @Mutation(() => WebhookType, {
    description:
      'Moves the hook to a feed cursor: the changes after it are delivered (again). Needs the admin role.',
  })
  replayWebhook(
    @Arg('id', () => ID) id: string,
    @Arg('after', () => String) after: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.replay(id, after);
  }

  @Authorized('admin')
  @Mutation(() => WebhookWithSecret, {
    description:
      'A new signing secret, shown once. For overlapSeconds (default 86400, 24 h) every delivery carries two signatures, one with the old secret and one with the new, so receivers switch when they like; then only the new. overlapSeconds: 0 stops the old one at once (a secret that leaked). Needs the admin role.',
  })
  rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Arg('overlapSeconds', () => Int, { defaultValue: DEFAULT_SECRET_OVERLAP_S })
    overlapSeconds: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.rotateSecret(id, overlapSeconds);
  }

  @Authorized('admin')
  @Mutation(() => ID, {
    description: 'Deletes a webhook and its delivery log. Needs the admin role.',
  })
  deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.remove(id);
  }

  @Authorized('admin')
  @Query(() => WebhookDeliveryConnection, {
    description:
      "A webhook's delivery log, newest attempt first (kept WEBHOOK_LOG_DAYS). totalCount is the attempts in the whole log, counted (on an index) only when selected. Needs the admin role.",
  })
  async webhookDeliveries(
    @Args(() => DeliveriesArgs) args: DeliveriesArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = await ctx.services.webhooks.deliveries(
      args.hook,
      args.first,
      args.after,
      selects(info, ['totalCount']),
    );
    const nodes = page.deliveries.map((d) => ({
      ...d,
      replay: d.replay ?? 0,
      changeCursor: feedCursor(d.seq),
    }));
    return {
      edges: nodes.map((node) => ({ cursor: node.cursor, node })),
      nodes,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        endCursor: nodes.length ? nodes[nodes.length - 1].cursor : null,
      },
      totalCount: page.totalCount ?? -1,
    };
  }
}
