/**
 * The tie fields of each entity type (Forum.engagements, Organisation.people, ...), made
 * from one table. Every one goes through the per-request ties loader: a list of 50 fora
 * with their engagements costs one query for all engagements, not fifty.
 */
import { Args, Authorized, ClassType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { EntityType, TieType } from '../../domain/model';
import type { EntityRecord } from '../../domain/records';
import { CONTACT, ENTITIES, RELATION_FIELDS, RelationSpec } from '../../domain/spec';
import type { Direction } from '../../graph/tie.repository';
import { pageKey, plannedPage } from '../../planner/attach';
import { toConnection } from '../common/types';
import { classesOf } from '../ties/tie.specs';
import { Contact, ENTITY_CLASSES, Person } from './entity.types';

interface Relation {
  /** The entity type whose field it is. */
  entity: EntityType;
  object: ClassType;
  field: string;
  tie: TieType;
  direction: Direction;
  description: string;
  /** Keep only ties whose other end is of this type (e.g. a forum's events among its parts). */
  otherType?: EntityType;
  /** The role a caller needs (null: anyone who may read the entity). */
  role: RelationSpec['role'];
}

/** The model spec's relation fields (src/domain/spec.ts RELATION_FIELDS), each with its object type. */
export const RELATIONS: Relation[] = RELATION_FIELDS.map((r) => ({
  entity: r.entity,
  object: ENTITY_CLASSES[r.entity],
  field: r.field,
  tie: r.tie,
  direction: r.direction,
  description: r.description,
  ...(r.otherType ? { otherType: r.otherType } : {}),
  role: r.role,
}));

/**
 * One resolver class per relation field. The method is named after the field: type-graphql
 * pairs a field with its resolver by method name, so one shared method name would make
 * every relation field of a type answer with the first one's ties.
 */
function relationResolver(r: Relation) {
  const c = classesOf(r.tie);
  class RelationResolver {}
  const proto = RelationResolver.prototype as unknown as Record<string, unknown>;
  proto[r.field] = async function (
    entity: EntityRecord,
    args: Record<string, unknown>,
    ctx: Context,
  ) {
    // What the root field's plan fetched, if it did (src/planner); otherwise the DataLoaders.
    const planned = plannedPage(
      entity,
      pageKey(r.field, {
        role: args.role as string | null,
        activeOn: args.activeOn as string | null,
        first: args.first as number,
        after: args.after as string | null,
      }),
    );
    if (planned) return toConnection(planned);
    const page = await ctx.services.ties.listAt(
      entity.key,
      r.tie,
      r.direction,
      {
        role: args.role as string | null,
        activeOn: args.activeOn as string | null,
        first: args.first as number,
        after: args.after as string | null,
      },
      r.otherType,
    );
    return toConnection(page);
  };
  Root()(proto, r.field, 0);
  Args(() => c.args)(proto, r.field, 1);
  Ctx()(proto, r.field, 2);
  const descriptor = Object.getOwnPropertyDescriptor(proto, r.field)!;
  const role = r.role;
  // A restricted field is nullable, so that a refusal nulls only that field, not its parent.
  FieldResolver(() => c.connection, {
    name: r.field,
    description: role ? `${r.description} Needs the ${role} role.` : r.description,
    nullable: role !== null,
  })(proto, r.field, descriptor);
  // Who works where is personal data: the lists of affiliations need the same role as the type itself
  // (the spec says so for every relation over a personal tie), so that without it not even their totalCount shows.
  if (role) Authorized(role)(proto, r.field, descriptor);
  Resolver(() => r.object)(RelationResolver);
  Object.defineProperty(RelationResolver, 'name', {
    value: `${r.object.name}${r.field[0].toUpperCase()}${r.field.slice(1)}Resolver`,
  });
  return RelationResolver;
}

/** The contact details among a person's properties (the spec's properties with a `contact` field name), stored name → field. */
const CONTACT_FIELDS = ENTITIES.flatMap((e) => e.properties).flatMap((p) =>
  p.contact ? [[p.name, p.contact] as const] : [],
);

@Resolver(() => Person)
export class PersonContactResolver {
  @Authorized('editor', 'admin')
  @FieldResolver(() => Contact, { nullable: true, description: CONTACT.description })
  contact(@Root() person: EntityRecord): Record<string, string | null> | null {
    const out: Record<string, string | null> = {};
    for (const [stored, field] of CONTACT_FIELDS) {
      const value = person[stored];
      out[field] = typeof value === 'string' ? value : null;
    }
    return Object.values(out).some((v) => v) ? out : null;
  }
}

export const relationResolvers = [...RELATIONS.map(relationResolver), PersonContactResolver];
