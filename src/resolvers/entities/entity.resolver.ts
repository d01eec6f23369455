/** Root queries and mutations of each entity type, made from one spec: get by id or slug, list, create, update, delete. */
import { IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  ClassType,
  Ctx,
  Field,
  ID,
  Info,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import type { Context } from '../../context';
import type { EntityInput } from '../../domain/inputs';
import { EntityType } from '../../domain/model';
import { COMMON, CONTACT, ENTITIES, PAGES } from '../../domain/spec';
import { Connection, IdentifierInput, OrderBy, toConnection } from '../common/types';
import { ENTITY_INPUTS, EntityWhereInput } from './entity.inputs';
import { ENTITY_CLASSES } from './entity.types';
import { entityInputProblems } from '../../services/entity.service';
import { allProblems } from '../common/problems';

@ArgsType()
export class EntityListArgs {
  @Field(() => EntityWhereInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  where?: EntityWhereInput | null;
  @Field(() => OrderBy, { nullable: true, description: 'Default: by name, A to Z.' })
  orderBy?: OrderBy | null;
  @Field(() => Int, {
    nullable: true,
    defaultValue: PAGES.list.fallback,
    description: `Page size, ${PAGES.list.min} to ${PAGES.list.max}.`,
  })
  @Min(PAGES.list.min)
  @Max(PAGES.list.max)
  first?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(COMMON.cursorLength) after?:
    string | null;
}

@ObjectType({ description: 'What a delete mutation removed.' })
export class DeletedEntity {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'Ties removed with it (detach: true).' }) removedTies!: number;
}

const CONTACT_PROPERTIES = ENTITIES.flatMap((e) => e.properties.filter((p) => p.contact));
const BASE_FIELDS = new Set(['name', 'slug', 'aliases', 'sources', 'identifiers']);

/** GraphQL input object to the service's shape: base fields apart, contact details to their stored names. */
export function entityInput(input: object): EntityInput {
  const out: EntityInput = { props: {} };
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (BASE_FIELDS.has(k)) (out as unknown as Record<string, unknown>)[k] = v;
    else if (k === CONTACT.field) {
      // Contact details to their stored names (the spec's properties with a contact field name).
      const c: Record<string, unknown> | null =
        v === null || typeof v !== 'object' ? null : { ...(v as Record<string, unknown>) };
      for (const p of CONTACT_PROPERTIES) {
        if (c === null) out.props[p.name] = null;
        else if (c[p.contact!] !== undefined) out.props[p.name] = c[p.contact!];
      }
    } else out.props[k] = v;
  }
  return out;
}

interface EntitySpec {
  type: EntityType;
  object: ClassType;
  create: ClassType;
  update: ClassType;
  singular: string;
  plural: string;
}

function entityResolver(spec: EntitySpec) {
  const Conn = Connection(spec.type, spec.object);

  @Resolver(() => spec.object)
  class EntityResolver {
    @Query(() => spec.object, {
      name: spec.singular,
      nullable: true,
      description: `One ${spec.type}, by exactly one of id, slug or identifier (an external id such as {scheme: "wikidata", value: "Q42"}); null if there is none.`,
    })
    async one(
      @Ctx() ctx: Context,
      @Info() info: GraphQLResolveInfo,
      @Arg('id', () => ID, { nullable: true }) id?: string,
      @Arg('slug', () => String, { nullable: true }) slug?: string,
      @Arg('identifier', () => IdentifierInput, {
        nullable: true,
        description: 'Scheme (case does not matter) and value, as in identifiers.',
      })
      identifier?: IdentifierInput,
    ) {
      // One query for the whole selection; undefined: not planned, the services answer (and give every error).
      const planned = await ctx.planner?.one(spec.type, { id, slug, identifier }, info);
      if (planned !== undefined) return planned;
      return ctx.services.entities.get(spec.type, { id, slug, identifier });
    }

    @Query(() => Conn, {
      name: spec.plural,
      description: `${spec.type} records, filtered, ordered and paged.`,
    })
    async many(
      @Args(() => EntityListArgs) args: EntityListArgs,
      @Ctx() ctx: Context,
      @Info() info: GraphQLResolveInfo,
    ) {
      const planned = await ctx.planner?.list(spec.type, args, info);
      if (planned !== undefined) return toConnection(planned);
      return toConnection(
        await ctx.services.entities.list(
          spec.type,
          args.where,
          args.orderBy,
          args.first,
          args.after,
        ),
      );
    }

    @Authorized('editor')
    @Mutation(() => spec.object, { name: `create${spec.type}` })
    create(
      // Every problem of the input at once: class-validator's and the write's own (slug, dates).
      @Arg('input', () => spec.create, {
        validateFn: allProblems((v) => entityInputProblems(entityInput(v), true)),
      })
      input: object,
      @Ctx() ctx: Context,
    ) {
      return ctx.services.entities.create(spec.type, entityInput(input));
    }

    @Authorized('editor')
    @Mutation(() => spec.object, {
      name: `update${spec.type}`,
      description:
        'With expectedVersion, fails with CONFLICT (changing nothing) if someone changed it first.',
    })
    update(
      @Arg('id', () => ID) id: string,
      @Arg('input', () => spec.update, {
        validateFn: allProblems((v) => entityInputProblems(entityInput(v), false)),
      })
      input: object,
      @Ctx() ctx: Context,
      @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
    ) {
      return ctx.services.entities.update(spec.type, id, expectedVersion, entityInput(input));
    }

    @Authorized('admin')
    @Mutation(() => DeletedEntity, {
      name: `delete${spec.type}`,
      description: 'Fails with CONFLICT while ties remain, unless detach is true.',
    })
    remove(
      @Arg('id', () => ID) id: string,
      @Ctx() ctx: Context,
      @Arg('detach', () => Boolean, { defaultValue: false }) detach: boolean,
    ) {
      return ctx.services.entities.delete(spec.type, id, detach);
    }
  }
  return EntityResolver;
}

/** One per entity type of the model spec: its classes and root field names. */
const SPECS: EntitySpec[] = ENTITIES.map((e) => ({
  type: e.type,
  object: ENTITY_CLASSES[e.type],
  ...ENTITY_INPUTS[e.type],
  singular: e.singular,
  plural: e.plural,
}));

export const entityResolvers = SPECS.map(entityResolver);
