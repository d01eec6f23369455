/**
 * Inputs of entity mutations and list filters, validated by class-validator (validate: true).
 * The type-specific fields and their checks come from the model spec (src/domain/spec.ts).
 */
import {
  ArrayMaxSize,
  IsEmail,
  IsISO31661Alpha2,
  IsOptional,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ClassType, Field, ID, InputType } from 'type-graphql';
import { EntityType } from '../../domain/model';
import {
  COMMON,
  CONTACT,
  EntitySpec,
  PHONE,
  PropertySpec,
  byEntityType,
  entitySpec,
} from '../../domain/spec';
import { MAX_ALIASES, MAX_ALIAS_LENGTH, SLUG, URL_SAFE, urlUnsafeMessage } from '../../domain/text';
import { PartialDate } from '../common/scalars';
import { IdentifierInput, SourceInput } from '../common/types';
import { ReturnTypeFunc, contactProperties, propertyType } from './entity.types';

const URL_OPTS = { protocols: ['http', 'https'], require_protocol: true };
const URL_MSG = { message: '$property must be an http(s) address such as https://example.org' };

/** Fields every entity has; on update each is optional (absent = unchanged, null = cleared where allowed). */

@InputType('EntityPatch')
export class EntityPatch {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, COMMON.nameLength)
  name?: string;
  @Field(() => String, {
    nullable: true,
    description: 'Derived from the name when absent on create.',
  })
  @IsOptional()
  @Length(1, COMMON.slugLength)
  @Matches(SLUG, {
    message:
      'slug must be lower-case letters and digits joined by single hyphens, e.g. health-workers-for-all',
  })
  slug?: string;
  @Field(() => [String], {
    nullable: true,
    description: `Other names, at most ${MAX_ALIASES} of at most ${MAX_ALIAS_LENGTH} characters; spellings that differ only by case, spacing or Unicode form, and the name itself, are kept once.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_ALIASES)
  @Length(1, MAX_ALIAS_LENGTH, { each: true })
  aliases?: string[] | null;
  @Field(() => [IdentifierInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(COMMON.maxIdentifiers)
  @ValidateNested({ each: true })
  identifiers?: IdentifierInput[] | null;
  @Field(() => [SourceInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(COMMON.maxSources)
  @ValidateNested({ each: true })
  sources?: SourceInput[] | null;
}

/**
 * The class-validator decorators of a property's input field, in the order they would be
 * written above it (top first): the limits and checks are the model spec's.
 */
export function propertyValidators(p: PropertySpec, field: string): PropertyDecorator[] {
  const length = (): PropertyDecorator => {
    if (p.maxLength === undefined)
      throw new Error(`The model spec's property "${p.name}" needs a maxLength`);
    return p.minLength !== undefined ? Length(p.minLength, p.maxLength) : MaxLength(p.maxLength);
  };
  switch (p.value) {
    case 'enum':
    case 'partialDate':
      return [];
    case 'text':
      return [IsOptional(), length()];
    case 'url':
      return [
        IsOptional(),
        IsUrl(URL_OPTS, URL_MSG),
        Matches(URL_SAFE, { message: urlUnsafeMessage('$property') }),
        length(),
      ];
    case 'email':
      return [
        IsOptional(),
        IsEmail({}, { message: `${field} must be an e-mail address` }),
        length(),
      ];
    case 'phone':
      return [
        IsOptional(),
        Matches(PHONE, {
          message: `${field} may hold digits, spaces, +, -, . and brackets (3 to 40 characters)`,
        }),
      ];
    case 'country':
      return [
        IsOptional(),
        IsISO31661Alpha2({ message: `${field} must be an ISO 3166-1 alpha-2 code such as CH` }),
      ];
    case 'countryList':
      if (p.maxItems === undefined)
        throw new Error(`The model spec's list property "${p.name}" needs a maxItems`);
      return [
        IsOptional(),
        ArrayMaxSize(p.maxItems),
        IsISO31661Alpha2({
          each: true,
          message: `${field} must be ISO 3166-1 alpha-2 codes such as NL or UG`,
        }),
      ];
  }
}

/** Field and validators of one input field, applied as decorators written above it would be (bottom first). */
function inputField(
  target: object,
  field: string,
  type: ReturnTypeFunc,
  options: { nullable: boolean; description?: string },
  validators: PropertyDecorator[],
): void {
  for (const v of [...validators].reverse()) v(target, field);
  Field(type, options)(target, field);
}

/** Adds an input field per property to an input type; contact details go into one `contact` input. */
export function addPropertyInputs(target: ClassType, properties: readonly PropertySpec[]): void {
  for (const p of properties) {
    if (p.contact) continue;
    inputField(
      target.prototype,
      p.name,
      propertyType(p),
      { nullable: true, description: p.inputDescription },
      propertyValidators(p, p.name),
    );
  }
  if (properties.some((p) => p.contact)) {
    inputField(
      target.prototype,
      CONTACT.field,
      () => ContactInput,
      { nullable: true, description: CONTACT.inputDescription },
      [IsOptional(), ValidateNested()],
    );
  }
}

@InputType()
export class ContactInput {}
for (const p of contactProperties(EntityType.Person))
  inputField(
    ContactInput.prototype,
    p.contact!,
    propertyType(p),
    { nullable: true },
    propertyValidators(p, p.contact!),
  );

export interface EntityInputClasses {
  create: ClassType;
  update: ClassType;
}

/** Update{Type}Input (every field optional) and Create{Type}Input (the same, with a name), from the spec. */
function entityInputs(e: EntitySpec): EntityInputClasses {
  @InputType(`Update${e.type}Input`)
  class Update extends EntityPatch {}
  addPropertyInputs(Update, e.properties);
  @InputType(`Create${e.type}Input`)
  class Create extends Update {}
  inputField(Create.prototype, 'name', () => String, { nullable: false }, [
    Length(1, COMMON.nameLength),
  ]);
  return { create: Create, update: Update };
}

export const ENTITY_INPUTS: Readonly<Record<EntityType, EntityInputClasses>> = byEntityType((t) =>
  entityInputs(entitySpec(t)),
);

/** List filters; all optional and combined with AND. */
@InputType()
export class EntityWhereInput {
  @Field(() => String, {
    nullable: true,
    description: 'Names starting with this text (case and accents ignored).',
  })
  @IsOptional()
  @MaxLength(200)
  namePrefix?: string | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Kind values of the listed type (e.g. NGO for organisations, COALITION for fora).',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(/^[A-Z_]{2,40}$/, {
    each: true,
    message: 'kinds are enum values such as NGO or COALITION',
  })
  kinds?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'ISO 3166-1 alpha-2 codes (organisations and events).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({
    each: true,
    message: 'countries must be ISO 3166-1 alpha-2 codes such as NL',
  })
  countries?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'Only those that engage in this forum.' })
  forum?: string | null;
  @Field(() => PartialDate, {
    nullable: true,
    description:
      'Only those with an engagement, participation, affiliation or membership active on this date.',
  })
  activeOn?: string | null;
}
