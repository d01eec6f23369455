/** Resolvers for every tie type, made from its spec: the two ends (through the entity loader) and add/update/remove. */
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
import type { TieRecord } from '../../domain/records';
import { withArticle } from '../../domain/model';
import { requireOnBehalfOfReader } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { Organisation } from '../entities/entity.types';
import { TIE_SPECS, TieSpec, classesOf } from './tie.specs';
import { plannedEnd } from '../../planner/attach';
import { tieInputProblems } from '../../services/tie.service';
import { allProblems } from '../common/problems';

@ObjectType({ description: 'What a remove mutation removed.' })
export class RemovedTie {
  @Field(() => ID) id!: string;
}

type GqlType = Parameters<typeof FieldResolver>[0];

/** Translates GraphQL tie inputs to the service's shape (role, dates, ends). */
export function tieInput(input: Record<string, unknown>) {
  return {
    from: input.from as string | undefined,
    to: input.to as string | undefined,
    role: input.role as string | null | undefined,
    since: input.since as string | null | undefined,
    until: input.until as string | null | undefined,
    onBehalfOf: input.onBehalfOf as string | null | undefined,
    note: input.note as string | null | undefined,
    sources: input.sources as never,
  };
}

function tieResolver(spec: TieSpec) {
  const c = classesOf(spec.type);

  @Resolver(() => c.object)
  class TieResolver {
    @FieldResolver((() => spec.from.gqlType()) as GqlType, {
      name: spec.from.field,
      description: spec.from.description,
      nullable: true,
    })
    fromEnd(@Root() t: TieRecord, @Ctx() ctx: Context) {
      // Read by the root field's plan, if it did (src/planner); otherwise through the loader.
      const planned = plannedEnd(t, spec.from.field);
      if (planned !== undefined) return planned;
      return ctx.loaders.entity.load(t.fromKey);
    }

    @FieldResolver((() => spec.to.gqlType()) as GqlType, {
      name: spec.to.field,
      description: spec.to.description,
      nullable: true,
    })
    toEnd(@Root() t: TieRecord, @Ctx() ctx: Context) {
      const planned = plannedEnd(t, spec.to.field);
      if (planned !== undefined) return planned;
      return ctx.loaders.entity.load(t.toKey);
    }

    @Authorized('editor')
    @Mutation(() => c.object, {
      name: `add${spec.name}`,
      description: `Adds ${withArticle(spec.name)}. ${spec.description}`,
    })
    add(
      // Every problem of the input at once: class-validator's and the write's own (dates, ends, role).
      @Arg('input', () => c.input, {
        validateFn: allProblems((v) => tieInputProblems(spec.type, tieInput(v), true)),
      })
      input: Record<string, unknown>,
      @Ctx() ctx: Context,
    ) {
      return ctx.services.ties.add(spec.type, tieInput(input));
    }

    @Authorized('editor')
    @Mutation(() => c.object, {
      name: `update${spec.name}`,
      description: `Changes ${withArticle(spec.name)}; with expectedVersion, fails with CONFLICT if someone changed it first.`,
    })
    update(
      @Arg('id', () => ID) id: string,
      @Arg('input', () => c.patch, {
        validateFn: allProblems((v) => tieInputProblems(spec.type, tieInput(v), false)),
      })
      input: Record<string, unknown>,
      @Ctx() ctx: Context,
      @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
    ) {
      return ctx.services.ties.update(spec.type, id, expectedVersion, tieInput(input));
    }

    @Authorized('editor')
    @Mutation(() => RemovedTie, {
      name: `remove${spec.name}`,
      description: `Removes ${withArticle(spec.name)}.`,
    })
    remove(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
      return ctx.services.ties.remove(spec.type, id);
    }
  }
  // A personal tie type (Affiliation) is guarded as a whole, ends included: see guardPersonalTies in src/schema.ts.
  return TieResolver;
}

function onBehalfResolver(spec: TieSpec) {
  @Resolver(() => classesOf(spec.type).object)
  class OnBehalfResolver {
    @FieldResolver(() => Organisation, {
      nullable: true,
      description:
        'The organisation the actor acted for. When the actor is a person this says where the person works, so it needs the viewer role, like affiliations.',
    })
    onBehalfOf(@Root() t: TieRecord, @Ctx() ctx: Context) {
      requireOnBehalfOfReader(ctx.caller, t);
      const planned = plannedEnd(t, 'onBehalfOf');
      if (planned !== undefined) return planned;
      return t.onBehalfOfKey ? ctx.loaders.entity.load(t.onBehalfOfKey) : null;
    }
  }
  return OnBehalfResolver;
}

export const tieResolvers = [
  ...TIE_SPECS.map(tieResolver),
  ...TIE_SPECS.filter((s) => s.onBehalf).map(onBehalfResolver),
];
