/** Inputs of entity mutations and list filters, validated by class-validator (validate: true). */
import { ArrayMaxSize, IsEmail, IsISO31661Alpha2, IsOptional, IsUrl, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { EventKind, ForumKind, ForumLevel, InstrumentKind, OrganisationKind } from '../../domain/model';
import { MAX_ALIASES, MAX_ALIAS_LENGTH, SLUG } from '../../domain/text';
import { PartialDate } from '../common/scalars';
import { IdentifierInput, SourceInput } from '../common/types';

const URL_OPTS = { protocols: ['http', 'https'], require_protocol: true };
const URL_MSG = { message: '$property must be an http(s) address such as https://example.org' };

/** Fields every entity has; on update each is optional (absent = unchanged, null = cleared where allowed). */

@InputType("EntityPatch")
export class EntityPatch {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 300) name?: string;
  @Field(() => String, { nullable: true, description: 'Derived from the name when absent on create.' })
  @IsOptional()
  @Length(1, 80)
  @Matches(SLUG, { message: 'slug must be lower-case letters and digits joined by single hyphens, e.g. health-workers-for-all' })
  slug?: string;
  @Field(() => [String], { nullable: true, description: `Other names, at most ${MAX_ALIASES} of at most ${MAX_ALIAS_LENGTH} characters; spellings that differ only by case, spacing or Unicode form, and the name itself, are kept once.` })
  @IsOptional()
  @ArrayMaxSize(MAX_ALIASES)
  @Length(1, MAX_ALIAS_LENGTH, { each: true })
  aliases?: string[] | null;
  @Field(() => [IdentifierInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) identifiers?: IdentifierInput[] | null;
  @Field(() => [SourceInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) sources?: SourceInput[] | null;
}

@InputType()
export class UpdateOrganisationInput extends EntityPatch {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 30) acronym?: string | null;
  @Field(() => OrganisationKind, { nullable: true }) kind?: OrganisationKind | null;
  @Field(() => [String], { nullable: true, description: 'ISO 3166-1 alpha-2 codes, e.g. NL, UG.' })
  @IsOptional()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true, message: 'countries must be ISO 3166-1 alpha-2 codes such as NL or UG' })
  countries?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl(URL_OPTS, URL_MSG) @MaxLength(2000) website?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
}
@InputType()
export class CreateOrganisationInput extends UpdateOrganisationInput {
  @Field(() => String) @Length(1, 300) declare name: string;
}

@InputType()
export class ContactInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(320) email?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[+0-9 ().-]{3,40}$/, { message: 'phone may hold digits, spaces, +, -, . and brackets (3 to 40 characters)' })
  phone?: string | null;
}

@InputType()
export class UpdatePersonInput extends EntityPatch {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(300) title?: string | null;
  @Field(() => ContactInput, { nullable: true, description: 'Personal data: readable by editors and admins only.' })
  @IsOptional()
  @ValidateNested()
  contact?: ContactInput | null;
}
@InputType()
export class CreatePersonInput extends UpdatePersonInput {
  @Field(() => String) @Length(1, 300) declare name: string;
}

@InputType()
export class UpdateForumInput extends EntityPatch {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 30) acronym?: string | null;
  @Field(() => ForumKind, { nullable: true }) kind?: ForumKind | null;
  @Field(() => ForumLevel, { nullable: true }) level?: ForumLevel | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl(URL_OPTS, URL_MSG) @MaxLength(2000) website?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
}
@InputType()
export class CreateForumInput extends UpdateForumInput {
  @Field(() => String) @Length(1, 300) declare name: string;
}

@InputType()
export class UpdateEventInput extends EntityPatch {
  @Field(() => EventKind, { nullable: true }) kind?: EventKind | null;
  @Field(() => PartialDate, { nullable: true }) startDate?: string | null;
  @Field(() => PartialDate, { nullable: true }) endDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(300) venue?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) city?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as CH' }) country?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
}
@InputType()
export class CreateEventInput extends UpdateEventInput {
  @Field(() => String) @Length(1, 300) declare name: string;
}

@InputType()
export class UpdateInstrumentInput extends EntityPatch {
  @Field(() => InstrumentKind, { nullable: true }) kind?: InstrumentKind | null;
  @Field(() => PartialDate, { nullable: true }) adoptedOn?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl(URL_OPTS, URL_MSG) @MaxLength(2000) url?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
}
@InputType()
export class CreateInstrumentInput extends UpdateInstrumentInput {
  @Field(() => String) @Length(1, 300) declare name: string;
}

@InputType()
export class UpdateTopicInput extends EntityPatch {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
}
@InputType()
export class CreateTopicInput extends UpdateTopicInput {
  @Field(() => String) @Length(1, 300) declare name: string;
}

/** List filters; all optional and combined with AND. */
@InputType()
export class EntityWhereInput {
  @Field(() => String, { nullable: true, description: 'Names starting with this text (case and accents ignored).' })
  @IsOptional()
  @MaxLength(200)
  namePrefix?: string | null;
  @Field(() => [String], { nullable: true, description: 'Kind values of the listed type (e.g. NGO for organisations, COALITION for fora).' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(/^[A-Z_]{2,40}$/, { each: true, message: 'kinds are enum values such as NGO or COALITION' })
  kinds?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'ISO 3166-1 alpha-2 codes (organisations and events).' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true, message: 'countries must be ISO 3166-1 alpha-2 codes such as NL' })
  countries?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'Only those that engage in this forum.' }) forum?: string | null;
  @Field(() => PartialDate, { nullable: true, description: 'Only those with an engagement, participation, affiliation or membership active on this date.' })
  activeOn?: string | null;
}
