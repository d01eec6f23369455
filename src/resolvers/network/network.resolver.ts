/** Root queries for the network questions, and the entity fields of their answers (records the question's query read, primed into the loader). */
import {
  ArrayMaxSize,
  IsISO31661Alpha2,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import {
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Info,
  Int,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../context';
import { toGlobalId } from '../../domain/ids';
import { EntityType, TieType } from '../../domain/model';
import type { AllyScore } from '../../domain/network';
import { CONTACT_PROPS, EntityRecord } from '../../domain/records';
import type { GraphNodeOut, GraphOut } from '../../services/network.service';
import { recordFields, selects, soleRead } from './selection';
import { PartialDate } from '../common/scalars';
import { EntityWhereInput } from '../entities/entity.inputs';
import { Event, Forum, Organisation } from '../entities/entity.types';
import {
  Ally,
  Broker,
  Coverage,
  EngagementMatrix,
  ForumReach,
  GraphNode,
  GraphResult,
  Path,
} from './network.types';
import { PAGES } from '../../domain/spec';

const HIDDEN = new Set(['key', 'id', 'type', 'name', ...CONTACT_PROPS]);

/** A node of the answer; `properties` from the record, read only when the selection asks for them (else never resolved). */
function graphNode(n: GraphNodeOut): GraphNode {
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n.record ?? {}))
    if (!HIDDEN.has(k) && v !== null && v !== undefined) properties[k] = v;
  return { id: n.id, type: n.type, label: n.name, properties };
}

/**
 * The entities of these keys, in order; a key that names nothing (removed since) is left out.
 * A failed load (a timeout, the database away) fails the field: an answer with members
 * silently missing would read as true.
 */
export async function load(ctx: Pick<Context, 'loaders'>, keys: string[]): Promise<EntityRecord[]> {
  const found = await ctx.loaders.entity.loadMany(keys);
  const failed = found.find((r): r is Error => r instanceof Error);
  if (failed) throw failed;
  return found.filter((r): r is EntityRecord => !!r && !(r instanceof Error));
}

@ArgsType()
class AlliesArgs {
  @Field(() => ID, { description: 'The organisation whose allies to find: its id or slug.' })
  of!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Only co-engagement in this forum (and its events): its id or slug.',
  })
  forum?: string | null;
  @Field(() => PartialDate, { nullable: true }) activeOn?: string | null;
  @Field(() => [String], { nullable: true, description: 'OrganisationKind values.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(/^[A-Z_]{2,40}$/, { each: true })
  kinds?: string[] | null;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true })
  countries?: string[] | null;
  @Field(() => Int, { nullable: true, defaultValue: PAGES.allies.fallback })
  @Min(PAGES.allies.min)
  @Max(PAGES.allies.max)
  first?: number;
}

@ArgsType()
class ConnectionsArgs {
  @Field(() => ID, { description: 'An entity of any type: its id or slug.' }) from!: string;
  @Field(() => ID, { description: 'An entity of any type: its id or slug.' }) to!: string;
  @Field(() => Int, { nullable: true, defaultValue: 4, description: 'At most 6.' })
  @Min(1)
  @Max(6)
  maxHops?: number;
  @Field(() => Int, {
    nullable: true,
    defaultValue: PAGES.connections.fallback,
    description: `How many paths, shortest first (at most ${PAGES.connections.max}).`,
  })
  @Min(PAGES.connections.min)
  @Max(PAGES.connections.max)
  first?: number;
  @Field(() => [TieType], {
    nullable: true,
    description: 'Only through these tie types (default: all).',
  })
  via?: TieType[] | null;
  @Field(() => PartialDate, {
    nullable: true,
    description:
      'Only through ties active at some time in this period (open ends count as active); default: ties of any date.',
  })
  activeOn?: string | null;
}

@ArgsType()
class NeighbourhoodArgs {
  @Field(() => ID, { description: 'The centre, an entity of any type: its id or slug.' })
  id!: string;
  @Field(() => Int, {
    nullable: true,
    defaultValue: 1,
    description: 'Ties away from the centre, at most 3.',
  })
  @Min(0)
  @Max(3)
  depth?: number;
  @Field(() => [TieType], { nullable: true }) relationTypes?: TieType[] | null;
  @Field(() => PartialDate, { nullable: true }) activeOn?: string | null;
  @Field(() => Int, {
    nullable: true,
    defaultValue: PAGES.neighbourhood.fallback,
    description: `Most nodes returned (at most ${PAGES.neighbourhood.max}).`,
  })
  @Min(PAGES.neighbourhood.min)
  @Max(PAGES.neighbourhood.max)
  limit?: number;
}

@ArgsType()
class MatrixArgs {
  @Field(() => EntityWhereInput, {
    nullable: true,
    description:
      'Which organisations form the rows (first 100 by name); forum takes an id or slug here.',
  })
  @IsOptional()
  @ValidateNested()
  organisations?: EntityWhereInput | null;
  @Field(() => [ID], {
    nullable: true,
    description:
      'The columns, by id or slug; default: the fora those organisations engage in (at most 100).',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  fora?: string[] | null;
  @Field(() => PartialDate, { nullable: true }) activeOn?: string | null;
  @Field(() => Int, { nullable: true, defaultValue: PAGES.engagementMatrix.fallback })
  @Min(PAGES.engagementMatrix.min)
  @Max(PAGES.engagementMatrix.max)
  first?: number;
}

@ArgsType()
class BrokersArgs {
  @Field(() => ID, {
    nullable: true,
    description: "Scope: this forum's organisations and all their fora (id or slug).",
  })
  forum?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: "Scope: this network's members and all their fora (id or slug).",
  })
  network?: string | null;
  @Field(() => PartialDate, { nullable: true }) activeOn?: string | null;
  @Field(() => Int, { nullable: true, defaultValue: PAGES.brokers.fallback })
  @Min(PAGES.brokers.min)
  @Max(PAGES.brokers.max)
  first?: number;
}

@ArgsType()
class CoverageArgs {
  @Field(() => ID, {
    description:
      'A network organisation (members by MEMBER_OF) or a coalition forum (members by ENGAGES_IN): its id or slug.',
  })
  network!: string;
  @Field(() => PartialDate, { nullable: true }) activeOn?: string | null;
}

type ReachOut = { forum: string; via: string[] };

@Resolver()
export class NetworkResolver {
  @Query(() => [Ally], {
    description:
      'Organisations that engage where this one does, best allies first, each with what they share.',
  })
  allies(
    @Args(() => AlliesArgs) args: AlliesArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (soleRead(info, ctx.caller)) ctx.reads.expectSoleRead();
    return ctx.services.network.allies(args);
  }

  @Query(() => [Path], {
    description:
      'The shortest ways from one entity to another through people, organisations, fora and events.',
  })
  async connections(
    @Args(() => ConnectionsArgs) args: ConnectionsArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (soleRead(info, ctx.caller)) ctx.reads.expectSoleRead();
    return ctx.services.network.connections(args);
  }

  @Query(() => GraphResult, {
    description: 'The graph around an entity, self-contained, for visualisation.',
  })
  async neighbourhood(
    @Args(() => NeighbourhoodArgs) args: NeighbourhoodArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<GraphResult> {
    if (soleRead(info, ctx.caller)) ctx.reads.expectSoleRead();
    // Whole records only when some selection of nodes (aliases, fragments, @include/@skip counted) asks for properties.
    const g: GraphOut = await ctx.services.network.neighbourhood(args, {
      records: selects(info, ['nodes', 'properties']),
    });
    return { nodes: g.nodes.map(graphNode), edges: g.edges, truncated: g.truncated };
  }

  @Query(() => EngagementMatrix, {
    description: "Organisations by fora, with each engagement's role and dates.",
  })
  async engagementMatrix(
    @Args(() => MatrixArgs) args: MatrixArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    // One query: rows and columns come with the properties their selections ask for.
    const m = await ctx.services.network.matrix(args, {
      organisations: recordFields(info, ctx.caller, ['organisations'], EntityType.Organisation),
      fora: recordFields(info, ctx.caller, ['fora'], EntityType.Forum),
    });
    const ids = new Map<string, string>();
    for (const e of [...m.organisations, ...m.fora]) ids.set(e.key, e.id);
    return {
      organisations: m.organisations,
      fora: m.fora,
      cells: m.cells.map((c) => ({
        ...c,
        organisation: ids.get(c.organisation)!,
        forum: ids.get(c.forum)!,
        engagement: toGlobalId(TieType.ENGAGES_IN, c.engagement),
      })),
    };
  }

  @Query(() => Coverage, {
    description:
      'Fora no member of a network engages in, and fora it reaches through a single member.',
  })
  async coverage(@Args(() => CoverageArgs) args: CoverageArgs, @Ctx() ctx: Context) {
    const c = await ctx.services.network.coverage(args);
    const reach = (r: ReachOut) => ({ ...r, count: r.via.length });
    return { ...c, reached: c.reached.map(reach), singlePoints: c.singlePoints.map(reach) };
  }

  @Query(() => [Broker], {
    description:
      'Organisations that bridge the engagement graph (betweenness centrality), best first.',
  })
  async brokers(
    @Args(() => BrokersArgs) args: BrokersArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    // One query: the organisations come with the properties the selection asks for.
    return ctx.services.network.brokers(
      args,
      recordFields(info, ctx.caller, ['entity'], EntityType.Organisation),
    );
  }
}

@Resolver(() => Ally)
export class AllyResolver {
  @FieldResolver(() => Organisation)
  organisation(@Root() a: AllyScore, @Ctx() ctx: Context) {
    return ctx.loaders.entity.load(a.ally);
  }

  @FieldResolver(() => [Forum], { description: 'Fora both engage in.' })
  sharedFora(@Root() a: AllyScore, @Ctx() ctx: Context) {
    return load(ctx, a.sharedFora);
  }

  @FieldResolver(() => [Event], { description: 'Events both took part in.' })
  sharedEvents(@Root() a: AllyScore, @Ctx() ctx: Context) {
    return load(ctx, a.sharedEvents);
  }
}

@Resolver(() => ForumReach)
export class ForumReachResolver {
  @FieldResolver(() => Forum)
  forum(@Root() r: ReachOut, @Ctx() ctx: Context) {
    return ctx.loaders.entity.load(r.forum);
  }

  @FieldResolver(() => [Organisation], { description: 'The members that engage in it.' })
  via(@Root() r: ReachOut, @Ctx() ctx: Context) {
    return load(ctx, r.via);
  }
}

@Resolver(() => Coverage)
export class CoverageResolver {
  @FieldResolver(() => [Organisation], { description: 'The members of the network.' })
  members(@Root() c: { members: string[] }, @Ctx() ctx: Context) {
    return load(ctx, c.members);
  }

  @FieldResolver(() => [Forum], { description: 'Fora where no member engages.' })
  uncovered(@Root() c: { uncovered: string[] }, @Ctx() ctx: Context) {
    return load(ctx, c.uncovered);
  }
}

export const networkResolvers = [
  NetworkResolver,
  AllyResolver,
  ForumReachResolver,
  CoverageResolver,
];
