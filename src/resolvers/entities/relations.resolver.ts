/**
 * The tie fields of each entity type (Forum.engagements, Organisation.people, ...), made
 * from one table. Every one goes through the per-request ties loader: a list of 50 fora
 * with their engagements costs one query for all engagements, not fifty.
 */
import { Args, Authorized, ClassType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PERSONAL_ROLE, PERSONAL_TIES } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { EntityType, TieType } from '../../domain/model';
import type { EntityRecord } from '../../domain/records';
import type { Direction } from '../../graph/tie.repository';
import { pageKey, plannedPage } from '../../planner/attach';
import { toConnection } from '../common/types';
import { classesOf } from '../ties/tie.specs';
import { Contact, Event, Forum, Instrument, Organisation, Person, Topic } from './entity.types';

interface Relation {
  object: ClassType;
  field: string;
  tie: TieType;
  direction: Direction;
  description: string;
  /** Keep only ties whose other end is of this type (e.g. a forum's events among its parts). */
  otherType?: EntityType;
}

const O = 'out' as const;
const I = 'in' as const;

export const RELATIONS: Relation[] = [
  { object: Organisation, field: 'engagements', tie: TieType.ENGAGES_IN, direction: O, description: 'The fora it engages in.' },
  { object: Organisation, field: 'people', tie: TieType.AFFILIATED_WITH, direction: I, description: 'People affiliated with it.' },
  { object: Organisation, field: 'memberships', tie: TieType.MEMBER_OF, direction: O, description: 'Network organisations it is a member of.' },
  { object: Organisation, field: 'members', tie: TieType.MEMBER_OF, direction: I, description: 'Its members, when it is a network.' },
  { object: Organisation, field: 'participations', tie: TieType.PARTICIPATES_IN, direction: O, description: 'Events it took part in.' },
  { object: Organisation, field: 'worksOn', tie: TieType.WORKS_ON, direction: O, description: 'Topics and instruments it works on.' },
  { object: Organisation, field: 'parts', tie: TieType.PART_OF, direction: I, description: 'Fora that are part of it (e.g. its working groups).' },
  { object: Person, field: 'affiliations', tie: TieType.AFFILIATED_WITH, direction: O, description: 'Organisations the person works for.' },
  { object: Person, field: 'engagements', tie: TieType.ENGAGES_IN, direction: O, description: 'Fora the person engages in.' },
  { object: Person, field: 'participations', tie: TieType.PARTICIPATES_IN, direction: O, description: 'Events the person took part in.' },
  { object: Person, field: 'worksOn', tie: TieType.WORKS_ON, direction: O, description: 'Topics and instruments the person works on.' },
  { object: Forum, field: 'engagements', tie: TieType.ENGAGES_IN, direction: I, description: 'Who engages in this forum, in which role.' },
  { object: Forum, field: 'events', tie: TieType.PART_OF, direction: I, otherType: EntityType.Event, description: 'Events held as part of this forum.' },
  { object: Forum, field: 'subfora', tie: TieType.PART_OF, direction: I, otherType: EntityType.Forum, description: 'Fora that are part of this forum.' },
  { object: Forum, field: 'partOf', tie: TieType.PART_OF, direction: O, description: 'The forum or organisation this forum belongs to.' },
  { object: Forum, field: 'adopted', tie: TieType.ADOPTED, direction: O, description: 'Instruments this forum adopted.' },
  { object: Forum, field: 'worksOn', tie: TieType.WORKS_ON, direction: O, description: 'Topics and instruments this forum works on.' },
  { object: Event, field: 'participants', tie: TieType.PARTICIPATES_IN, direction: I, description: 'Who took part, in which role.' },
  { object: Event, field: 'partOf', tie: TieType.PART_OF, direction: O, description: 'The forum or event this event belongs to.' },
  { object: Event, field: 'sessions', tie: TieType.PART_OF, direction: I, description: 'Events within this event (sessions, side events).' },
  { object: Instrument, field: 'adoptedBy', tie: TieType.ADOPTED, direction: I, description: 'Fora that adopted it.' },
  { object: Instrument, field: 'workedOnBy', tie: TieType.WORKS_ON, direction: I, description: 'Who promotes, monitors or implements it.' },
  { object: Topic, field: 'workedOnBy', tie: TieType.WORKS_ON, direction: I, description: 'Who works on this topic.' },
];

/**
 * One resolver class per relation field. The method is named after the field: type-graphql
 * pairs a field with its resolver by method name, so one shared method name would make
 * every relation field of a type answer with the first one's ties.
 */
function relationResolver(r: Relation) {
  const c = classesOf(r.tie);
  class RelationResolver {}
  const proto = RelationResolver.prototype as unknown as Record<string, unknown>;
  proto[r.field] = async function (entity: EntityRecord, args: Record<string, unknown>, ctx: Context) {
    // What the root field's plan fetched, if it did (src/planner); otherwise the DataLoaders.
    const planned = plannedPage(entity, pageKey(r.field, { role: args.role as string | null, activeOn: args.activeOn as string | null, first: args.first as number, after: args.after as string | null }));
    if (planned) return toConnection(planned);
    const page = await ctx.services.ties.listAt(
      entity.key,
      r.tie,
      r.direction,
      { role: args.role as string | null, activeOn: args.activeOn as string | null, first: args.first as number, after: args.after as string | null },
      r.otherType,
    );
    return toConnection(page);
  };
  Root()(proto, r.field, 0);
  Args(() => c.args)(proto, r.field, 1);
  Ctx()(proto, r.field, 2);
  const descriptor = Object.getOwnPropertyDescriptor(proto, r.field)!;
  const restricted = PERSONAL_TIES.has(r.tie);
  // A restricted field is nullable, so that a refusal nulls only that field, not its parent.
  FieldResolver(() => c.connection, { name: r.field, description: restricted ? `${r.description} Needs the viewer role.` : r.description, nullable: restricted })(proto, r.field, descriptor);
  // Who works where is personal data: the lists of affiliations need the same role as the type itself,
  // so that without it not even their totalCount shows.
  if (restricted) Authorized(PERSONAL_ROLE)(proto, r.field, descriptor);
  Resolver(() => r.object)(RelationResolver);
  Object.defineProperty(RelationResolver, 'name', { value: `${r.object.name}${r.field[0].toUpperCase()}${r.field.slice(1)}Resolver` });
  return RelationResolver;
}

@Resolver(() => Person)
export class PersonContactResolver {
  @Authorized('editor', 'admin')
  @FieldResolver(() => Contact, { nullable: true, description: 'Personal contact details. Only editors and admins may read them.' })
  contact(@Root() person: EntityRecord): Contact | null {
    const email = (person.contactEmail as string | undefined) ?? null;
    const phone = (person.contactPhone as string | undefined) ?? null;
    return email || phone ? { email, phone } : null;
  }
}

export const relationResolvers = [...RELATIONS.map(relationResolver), PersonContactResolver];
