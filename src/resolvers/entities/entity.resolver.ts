/** Root queries and mutations of each entity type, made from one spec: get by id or slug, list, create, update, delete. */
import { IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, ClassType, Ctx, Field, ID, Info, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import type { EntityInput } from '../../domain/inputs';
import { EntityType } from '../../domain/model';
import { Connection, IdentifierInput, OrderBy, toConnection } from '../common/types';
import {
  CreateEventInput,
  CreateForumInput,
  CreateInstrumentInput,
  CreateOrganisationInput,
  CreatePersonInput,
  CreateTopicInput,
  EntityWhereInput,
  UpdateEventInput,
  UpdateForumInput,
  UpdateInstrumentInput,
  UpdateOrganisationInput,
  UpdatePersonInput,
  UpdateTopicInput,
} from './entity.inputs';
import { Event, Forum, Instrument, Organisation, Person, Topic } from './entity.types';

@ArgsType()
export class EntityListArgs {
  @Field(() => EntityWhereInput, { nullable: true }) @IsOptional() @ValidateNested() where?: EntityWhereInput | null;
  @Field(() => OrderBy, { nullable: true, description: 'Default: by name, A to Z.' }) orderBy?: OrderBy | null;
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 0 to 100.' }) @Min(0) @Max(100) first?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) after?: string | null;
}

@ObjectType({ description: 'What a delete mutation removed.' })
export class DeletedEntity {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'Ties removed with it (detach: true).' }) removedTies!: number;
}

const BASE_FIELDS = new Set(['name', 'slug', 'aliases', 'sources', 'identifiers']);

/** GraphQL input object to the service's shape: base fields apart, contact details to their stored names. */
export function entityInput(input: object): EntityInput {
  const out: EntityInput = { props: {} };
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (BASE_FIELDS.has(k)) (out as unknown as Record<string, unknown>)[k] = v;
    else if (k === 'contact') {
      const c = v as { email?: string | null; phone?: string | null } | null;
      if (c === null) Object.assign(out.props, { contactEmail: null, contactPhone: null });
      else {
        if (c.email !== undefined) out.props.contactEmail = c.email;
        if (c.phone !== undefined) out.props.contactPhone = c.phone;
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
      @Arg('identifier', () => IdentifierInput, { nullable: true, description: 'Scheme (case does not matter) and value, as in identifiers.' }) identifier?: IdentifierInput,
    ) {
      // One query for the whole selection; undefined: not planned, the services answer (and give every error).
      const planned = await ctx.planner?.one(spec.type, { id, slug, identifier }, info);
      if (planned !== undefined) return planned;
      return ctx.services.entities.get(spec.type, { id, slug, identifier });
    }

    @Query(() => Conn, { name: spec.plural, description: `${spec.type} records, filtered, ordered and paged.` })
    async many(@Args(() => EntityListArgs) args: EntityListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
      const planned = await ctx.planner?.list(spec.type, args, info);
      if (planned !== undefined) return toConnection(planned);
      return toConnection(await ctx.services.entities.list(spec.type, args.where, args.orderBy, args.first, args.after));
    }

    @Authorized('editor')
    @Mutation(() => spec.object, { name: `create${spec.type}` })
    create(@Arg('input', () => spec.create) input: object, @Ctx() ctx: Context) {
      return ctx.services.entities.create(spec.type, entityInput(input));
    }

    @Authorized('editor')
    @Mutation(() => spec.object, { name: `update${spec.type}`, description: 'With expectedVersion, fails with CONFLICT (changing nothing) if someone changed it first.' })
    update(
      @Arg('id', () => ID) id: string,
      @Arg('input', () => spec.update) input: object,
      @Ctx() ctx: Context,
      @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
    ) {
      return ctx.services.entities.update(spec.type, id, expectedVersion, entityInput(input));
    }

    @Authorized('admin')
    @Mutation(() => DeletedEntity, { name: `delete${spec.type}`, description: 'Fails with CONFLICT while ties remain, unless detach is true.' })
    remove(@Arg('id', () => ID) id: string, @Ctx() ctx: Context, @Arg('detach', () => Boolean, { defaultValue: false }) detach: boolean) {
      return ctx.services.entities.delete(spec.type, id, detach);
    }
  }
  return EntityResolver;
}

const SPECS: EntitySpec[] = [
  { type: EntityType.Organisation, object: Organisation, create: CreateOrganisationInput, update: UpdateOrganisationInput, singular: 'organisation', plural: 'organisations' },
  { type: EntityType.Person, object: Person, create: CreatePersonInput, update: UpdatePersonInput, singular: 'person', plural: 'people' },
  { type: EntityType.Forum, object: Forum, create: CreateForumInput, update: UpdateForumInput, singular: 'forum', plural: 'fora' },
  { type: EntityType.Event, object: Event, create: CreateEventInput, update: UpdateEventInput, singular: 'event', plural: 'events' },
  { type: EntityType.Instrument, object: Instrument, create: CreateInstrumentInput, update: UpdateInstrumentInput, singular: 'instrument', plural: 'instruments' },
  { type: EntityType.Topic, object: Topic, create: CreateTopicInput, update: UpdateTopicInput, singular: 'topic', plural: 'topics' },
];

export const entityResolvers = SPECS.map(entityResolver);
