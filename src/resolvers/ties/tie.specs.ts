/**
 * The GraphQL face of each tie type: its object type, the names of its two ends, its
 * role enum, its inputs and list arguments, all made from the model spec's tie types
 * (src/domain/spec.ts TIES), which cannot name GraphQL classes: this file maps them to classes.
 */
import { IsOptional, Max, MaxLength, Min, ValidateNested, ArrayMaxSize } from 'class-validator';
import {
  ArgsType,
  ClassType,
  createUnionType,
  Field,
  ID,
  InputType,
  Int,
  ObjectType,
} from 'type-graphql';
import { PERSONAL_ROLE, PERSONAL_TIES } from '../../auth/auth-checker';
import { EntityType, TieType, withArticle } from '../../domain/model';
import { COMMON, PAGES, TIES, TieEndSpec, TieTypeSpec } from '../../domain/spec';
import { ROLE_ENUMS } from '../common/enums';
import { Node, Tie } from '../common/interfaces';
import { PartialDate } from '../common/scalars';
import { Connection, SourceInput } from '../common/types';
import { ENTITY_CLASSES } from '../entities/entity.types';

const byType = (v: object) => (v as { type: string }).type;

/** The unions tie ends are shown as (Actor, Part, ...), one per name however many ends use it. */
const UNIONS = new Map<string, { types: readonly EntityType[]; union: unknown }>();
function unionOf(end: TieEndSpec & { union: NonNullable<TieEndSpec['union']> }): unknown {
  const seen = UNIONS.get(end.union.name);
  if (seen) {
    if ([...seen.types].sort().join() !== [...end.types].sort().join())
      throw new Error(
        `The model spec gives the union ${end.union.name} two different sets of types`,
      );
    return seen.union;
  }
  const classes = end.types.map((t) => ENTITY_CLASSES[t]);
  const union = createUnionType({
    name: end.union.name,
    description: end.union.description,
    types: () => classes,
    resolveType: byType,
  });
  UNIONS.set(end.union.name, { types: end.types, union });
  return union;
}

/** The GraphQL type of one end: the entity type, or the union of several. */
function endType(end: TieEndSpec): () => unknown {
  if (end.union) {
    const union = unionOf({ ...end, union: end.union });
    return () => union;
  }
  if (end.types.length !== 1)
    throw new Error(`The model spec's end "${end.field}" joins several types but names no union`);
  const only = ENTITY_CLASSES[end.types[0]];
  return () => only;
}

export interface TieSpec {
  type: TieType;
  name: string;
  description: string;
  roleEnum: object | null;
  from: { field: string; gqlType: () => unknown; description: string };
  to: { field: string; gqlType: () => unknown; description: string };
  onBehalf: boolean;
}

/** The model spec's tie types (src/domain/spec.ts) with their GraphQL classes. */
function faceOf(t: TieTypeSpec): TieSpec {
  return {
    type: t.type,
    name: t.name,
    description: t.description,
    roleEnum: ROLE_ENUMS.get(t.type) ?? null,
    from: { field: t.from.field, gqlType: endType(t.from), description: t.from.description },
    to: { field: t.to.field, gqlType: endType(t.to), description: t.to.description },
    onBehalf: t.onBehalfOf,
  };
}

export const TIE_SPECS: readonly TieSpec[] = TIES.map(faceOf);

export const specOf = (type: TieType): TieSpec => TIE_SPECS.find((s) => s.type === type)!;

/** Fields every tie input has. */
@InputType('TiePatchBase')
class TiePatchBase {
  @Field(() => PartialDate, { nullable: true }) since?: string | null;
  @Field(() => PartialDate, { nullable: true, description: 'Leave out while the tie still holds.' })
  until?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(COMMON.noteLength) note?:
    string | null;
  @Field(() => [SourceInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(COMMON.maxSources)
  @ValidateNested({ each: true })
  sources?: SourceInput[] | null;
}

@ArgsType()
class TieListArgsBase {
  @Field(() => PartialDate, {
    nullable: true,
    description: 'Only ties active at some time in this period (open ends count as active).',
  })
  activeOn?: string | null;
  @Field(() => Int, { nullable: true, defaultValue: PAGES.list.fallback })
  @Min(PAGES.list.min)
  @Max(PAGES.list.max)
  first?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(COMMON.cursorLength) after?:
    string | null;
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
  const personal = PERSONAL_TIES.has(spec.type)
    ? ` Personal data (who works where): every field needs the ${PERSONAL_ROLE} role; without it the whole tie is null, with UNAUTHENTICATED.`
    : '';
  @ObjectType(spec.name, { implements: [Node, Tie], description: spec.description + personal })
  class Obj extends Tie {}
  roleField(Obj.prototype, spec.roleEnum, 'The role in this tie.');

  @InputType(`${spec.name}Patch`, {
    description: `Changes to ${withArticle(spec.name)}: absent fields stay as they are, null clears.`,
  })
  class Patch extends TiePatchBase {}
  roleField(Patch.prototype, spec.roleEnum, 'The role in this tie.');
  if (spec.onBehalf)
    Field(() => ID, { nullable: true, description: 'The organisation the actor acted for.' })(
      Patch.prototype,
      'onBehalfOf',
    );

  @InputType(`${spec.name}Input`, { description: spec.description })
  class Input extends Patch {
    @Field(() => ID, { description: `${spec.from.field}: ${spec.from.description}` }) from!: string;
    @Field(() => ID, { description: `${spec.to.field}: ${spec.to.description}` }) to!: string;
  }

  @ArgsType()
  class Args extends TieListArgsBase {}
  if (spec.roleEnum)
    Field(() => spec.roleEnum!, { nullable: true, description: 'Only ties with this role.' })(
      Args.prototype,
      'role',
    );

  return {
    object: Obj,
    connection: Connection(spec.name, Obj),
    input: Input,
    patch: Patch,
    args: Args,
  };
}

export const TIE_CLASSES: ReadonlyMap<TieType, TieClasses> = new Map(
  TIE_SPECS.map((s) => [s.type, make(s)]),
);
export const classesOf = (type: TieType): TieClasses => TIE_CLASSES.get(type)!;
