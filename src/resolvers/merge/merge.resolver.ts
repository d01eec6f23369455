/** duplicateCandidates(type) and the merge mutations. */
import { Max, Min } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  Float,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import type { Context } from '../../context';
import { EntityType } from '../../domain/model';
import { Entity } from '../common/interfaces';
import { Event, Forum, Organisation, Person } from '../entities/entity.types';
import { PAGES } from '../../domain/spec';

@ObjectType({
  description: 'Two entities that are probably the same, how alike they are (0 to 1), and why.',
})
export class DuplicateCandidate {
  @Field(() => Entity) a!: object;
  @Field(() => Entity) b!: object;
  @Field(() => Float) score!: number;
  @Field(() => [String]) reasons!: string[];
}

@ArgsType()
class DuplicateArgs {
  @Field(() => EntityType) type!: EntityType;
  @Field(() => Int, { nullable: true, defaultValue: PAGES.duplicateCandidates.fallback })
  @Min(PAGES.duplicateCandidates.min)
  @Max(PAGES.duplicateCandidates.max)
  first?: number;
}

@Resolver()
export class MergeResolver {
  @Authorized('editor')
  @Query(() => [DuplicateCandidate], {
    description:
      'Likely duplicates of one type (name, acronym and alias likeness, shared identifiers), most alike first.',
  })
  duplicateCandidates(@Args(() => DuplicateArgs) args: DuplicateArgs, @Ctx() ctx: Context) {
    return ctx.services.merge.candidates(args.type, args.first);
  }

  @Authorized('admin')
  @Mutation(() => Organisation, {
    description:
      'Moves every tie, identifier, alias and source of `remove` onto `keep`, keeps its name as an alias, and makes its id resolve to `keep`. One transaction.',
  })
  mergeOrganisations(
    @Arg('keep', () => ID) keep: string,
    @Arg('remove', () => ID) remove: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.merge.merge(EntityType.Organisation, keep, remove);
  }

  @Authorized('admin')
  @Mutation(() => Person, { description: 'As mergeOrganisations, for people.' })
  mergePeople(
    @Arg('keep', () => ID) keep: string,
    @Arg('remove', () => ID) remove: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.merge.merge(EntityType.Person, keep, remove);
  }

  @Authorized('admin')
  @Mutation(() => Forum, { description: 'As mergeOrganisations, for fora.' })
  mergeFora(
    @Arg('keep', () => ID) keep: string,
    @Arg('remove', () => ID) remove: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.merge.merge(EntityType.Forum, keep, remove);
  }

  @Authorized('admin')
  @Mutation(() => Event, { description: 'As mergeOrganisations, for events.' })
  mergeEvents(
    @Arg('keep', () => ID) keep: string,
    @Arg('remove', () => ID) remove: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.merge.merge(EntityType.Event, keep, remove);
  }
}
