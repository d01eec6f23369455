/**
 * The GraphQL face of each tie type: its object type, the names of its two ends, its
 * role enum, its inputs and list arguments, all made from one spec per tie type.
 */
import { IsOptional, Max, MaxLength, Min, ValidateNested, ArrayMaxSize } from 'class-validator';
import { ArgsType, ClassType, createUnionType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PERSONAL_ROLE, PERSONAL_TIES } from '../../auth/auth-checker';
import { TieType, withArticle } from '../../domain/model';
import { AffiliationRole, EngagementRole, MembershipRole, ParticipationRole, WorkOnRole } from '../common/enums';
import { Node, Tie } from '../common/interfaces';
import { PartialDate } from '../common/scalars';
import { Connection, SourceInput } from '../common/types';
import { Event, Forum, Instrument, Organisation, Person, Topic } from '../entities/entity.types';

const byType = (v: object) => (v as { type: string }).type;
export const Actor = createUnionType({ name: 'Actor', description: 'An organisation or a person.', types: () => [Organisation, Person] as const, resolveType: byType });
export const WorkOnActor = createUnionType({ name: 'WorkOnActor', types: () => [Organisation, Person, Forum] as const, resolveType: byType });
export const WorkOnSubject = createUnionType({ name: 'WorkOnSubject', types: () => [Topic, Instrument] as const, resolveType: byType });
export const Part = createUnionType({ name: 'Part', description: 'An event or a forum that is part of something larger.', types: () => [Event, Forum] as const, resolveType: byType });
export const Whole = createUnionType({ name: 'Whole', types: () => [Forum, Event, Organisation] as const, resolveType: byType });

export interface TieSpec {
  type: TieType;
  name: string;
  description: string;
  roleEnum: object | null;
  from: { field: string; gqlType: () => unknown; description: string };
  to: { field: string; gqlType: () => unknown; description: string };
  onBehalf: boolean;
}

export const TIE_SPECS: readonly TieSpec[] = [
  { type: TieType.ENGAGES_IN, name: 'Engagement', description: 'An organisation or person engaging in a forum, in a role.', roleEnum: EngagementRole, from: { field: 'actor', gqlType: () => Actor, description: 'Who engages.' }, to: { field: 'forum', gqlType: () => Forum, description: 'Where.' }, onBehalf: true },
  { type: TieType.AFFILIATED_WITH, name: 'Affiliation', description: "A person's position at an organisation.", roleEnum: AffiliationRole, from: { field: 'person', gqlType: () => Person, description: 'The person.' }, to: { field: 'organisation', gqlType: () => Organisation, description: 'The organisation.' }, onBehalf: true },
  { type: TieType.MEMBER_OF, name: 'Membership', description: 'An organisation belonging to a network organisation.', roleEnum: MembershipRole, from: { field: 'member', gqlType: () => Organisation, description: 'The member.' }, to: { field: 'network', gqlType: () => Organisation, description: 'The network.' }, onBehalf: false },
  { type: TieType.PARTICIPATES_IN, name: 'Participation', description: 'A person or organisation taking part in an event, in a role.', roleEnum: ParticipationRole, from: { field: 'participant', gqlType: () => Actor, description: 'Who took part.' }, to: { field: 'event', gqlType: () => Event, description: 'The event.' }, onBehalf: true },
  { type: TieType.PART_OF, name: 'PartOf', description: 'An event within a forum or event; a forum within a forum or organisation.', roleEnum: null, from: { field: 'part', gqlType: () => Part, description: 'The part.' }, to: { field: 'whole', gqlType: () => Whole, description: 'What it is part of.' }, onBehalf: false },
  { type: TieType.ADOPTED, name: 'Adoption', description: 'A forum adopting an instrument; since is the date of adoption.', roleEnum: null, from: { field: 'forum', gqlType: () => Forum, description: 'The adopting forum.' }, to: { field: 'instrument', gqlType: () => Instrument, description: 'The instrument.' }, onBehalf: false },
  { type: TieType.WORKS_ON, name: 'WorkOn', description: 'An organisation, person or forum working on a topic or instrument.', roleEnum: WorkOnRole, from: { field: 'actor', gqlType: () => WorkOnActor, description: 'Who works on it.' }, to: { field: 'subject', gqlType: () => WorkOnSubject, description: 'The topic or instrument.' }, onBehalf: false },
];

export const specOf = (type: TieType): TieSpec => TIE_SPECS.find((s) => s.type === type)!;

/** Fields every tie input has. */
@InputType("TiePatchBase")
class TiePatchBase {
  @Field(() => PartialDate, { nullable: true }) since?: string | null;
  @Field(() => PartialDate, { nullable: true, description: 'Leave out while the tie still holds.' }) until?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) note?: string | null;
  @Field(() => [SourceInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) sources?: SourceInput[] | null;
}

@ArgsType()
class TieListArgsBase {
  @Field(() => PartialDate, { nullable: true, description: 'Only ties active at some time in this period (open ends count as active).' }) activeOn?: string | null;
  @Field(() => Int, { nullable: true, defaultValue: 20 }) @Min(0) @Max(100) first?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) after?: string | null;
}

export interface TieClasses {
  object: ClassType;
  connection: ClassType;
  input: ClassType;
  patch: ClassType;
  args: ClassType;
}

function roleField(target: object, roleEnum: object | null, description: string) {
  if (roleEnum) Field(() => roleEnum, { nullable: true, description })(target, 'role');
}

function make(spec: TieSpec): TieClasses {
  const personal = PERSONAL_TIES.has(spec.type) ? ` Personal data (who works where): every field needs the ${PERSONAL_ROLE} role; without it the whole tie is null, with UNAUTHENTICATED.` : '';
  @ObjectType(spec.name, { implements: [Node, Tie], description: spec.description + personal })
  class Obj extends Tie {}
  roleField(Obj.prototype, spec.roleEnum, 'The role in this tie.');

  @InputType(`${spec.name}Patch`, { description: `Changes to ${withArticle(spec.name)}: absent fields stay as they are, null clears.` })
  class Patch extends TiePatchBase {}
  roleField(Patch.prototype, spec.roleEnum, 'The role in this tie.');
  if (spec.onBehalf) Field(() => ID, { nullable: true, description: 'The organisation the actor acted for.' })(Patch.prototype, 'onBehalfOf');

  @InputType(`${spec.name}Input`, { description: spec.description })
  class Input extends Patch {
    @Field(() => ID, { description: `${spec.from.field}: ${spec.from.description}` }) from!: string;
    @Field(() => ID, { description: `${spec.to.field}: ${spec.to.description}` }) to!: string;
  }

  @ArgsType()
  class Args extends TieListArgsBase {}
  if (spec.roleEnum) Field(() => spec.roleEnum!, { nullable: true, description: 'Only ties with this role.' })(Args.prototype, 'role');

  return { object: Obj, connection: Connection(spec.name, Obj), input: Input, patch: Patch, args: Args };
}

export const TIE_CLASSES: ReadonlyMap<TieType, TieClasses> = new Map(TIE_SPECS.map((s) => [s.type, make(s)]));
export const classesOf = (type: TieType): TieClasses => TIE_CLASSES.get(type)!;
