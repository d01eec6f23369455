/** search(text) over names, acronyms and aliases, and node(id) for any entity or tie. */
import { ArrayMaxSize, IsOptional, Max, MaxLength, Min } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  Float,
  ID,
  Info,
  Int,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import type { Context } from '../../context';
import { fromGlobalId, isEntityType } from '../../domain/ids';
import { EntityType } from '../../domain/model';
import { Entity, Node } from '../common/interfaces';
import { PAGES } from '../../domain/spec';

@ObjectType({
  description: 'One search result: the entity and how well it matched (higher is better).',
})
export class SearchHit {
  @Field(() => Float) score!: number;
  @Field(() => Entity) entity!: object;
}

@ArgsType()
class SearchArgs {
  @Field(() => String, {
    description:
      'Words to find in names, acronyms and aliases; case, accents and small typos are forgiven.',
  })
  @MaxLength(200)
  text!: string;
  @Field(() => [EntityType], { nullable: true, description: 'Only these types.' })
  @IsOptional()
  @ArrayMaxSize(6)
  types?: EntityType[] | null;
  @Field(() => Int, { nullable: true, defaultValue: PAGES.search.fallback })
  @Min(PAGES.search.min)
  @Max(PAGES.search.max)
  first?: number;
}

@Resolver()
export class SearchResolver {
  @Query(() => [SearchHit], { description: 'Full-text search across entities, best match first.' })
  async search(
    @Args(() => SearchArgs) args: SearchArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    // Planned: the hits, their entities and the relation fields selected below them, in one query.
    const planned = await ctx.planner?.search(args, info);
    if (planned !== undefined) return planned;
    return ctx.services.search.search(args.text, args.types, args.first);
  }

  @Query(() => Node, {
    nullable: true,
    description: 'Any entity or tie by its global id; null if there is none.',
  })
  async node(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const planned = await ctx.planner?.node(id, info);
    if (planned !== undefined) return planned;
    const parsed = fromGlobalId(id);
    if (!parsed) return null;
    if (isEntityType(parsed.kind)) return ctx.services.entities.byGlobalId(id);
    return ctx.services.ties.get(parsed.kind, id);
  }
}
