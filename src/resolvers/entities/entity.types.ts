/** The six entity object types. Their tie fields are added by relations.resolver.ts. */
import { ClassType, Field, ObjectType } from 'type-graphql';
import { EntityType, EventKind, ForumKind, ForumLevel, InstrumentKind, OrganisationKind } from '../../domain/model';
import { Entity, Node } from '../common/interfaces';
import { PartialDate } from '../common/scalars';

@ObjectType({ implements: [Node, Entity], description: 'A civil-society organisation, network, agency, association, union or institution.' })
export class Organisation extends Entity {
  @Field(() => String, { nullable: true }) acronym?: string | null;
  @Field(() => OrganisationKind, { nullable: true }) kind?: OrganisationKind | null;
  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 codes.' }) countries!: string[];
  @Field(() => String, { nullable: true }) website?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType({ description: "A person's contact details: personal data, for editors and admins only." })
export class Contact {
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@ObjectType({ implements: [Node, Entity], description: 'A person who works at organisations and speaks for them.' })
export class Person extends Entity {
  @Field(() => String, { nullable: true, description: 'Current title or position, as published.' }) title?: string | null;
  // contact: a field resolver in relations.resolver.ts, guarded by @Authorized.
}

@ObjectType({ implements: [Node, Entity], description: 'A policy space where actors engage: network, platform, governing body, conference series, coalition, working group, partnership.' })
export class Forum extends Entity {
  @Field(() => String, { nullable: true }) acronym?: string | null;
  @Field(() => ForumKind, { nullable: true }) kind?: ForumKind | null;
  @Field(() => ForumLevel, { nullable: true }) level?: ForumLevel | null;
  @Field(() => String, { nullable: true }) website?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType({ implements: [Node, Entity], description: 'A dated meeting: conference, session, side event, meeting, webinar, consultation.' })
export class Event extends Entity {
  @Field(() => EventKind, { nullable: true }) kind?: EventKind | null;
  @Field(() => PartialDate, { nullable: true }) startDate?: string | null;
  @Field(() => PartialDate, { nullable: true }) endDate?: string | null;
  @Field(() => String, { nullable: true }) venue?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 code.' }) country?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType({ implements: [Node, Entity], description: 'A policy instrument or commitment: code of practice, resolution, strategy, declaration, work plan.' })
export class Instrument extends Entity {
  @Field(() => InstrumentKind, { nullable: true }) kind?: InstrumentKind | null;
  @Field(() => PartialDate, { nullable: true }) adoptedOn?: string | null;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType({ implements: [Node, Entity], description: 'A theme actors work on.' })
export class Topic extends Entity {
  @Field(() => String, { nullable: true }) description?: string | null;
}

/** The object type of each entity type. */
export const ENTITY_CLASSES: Readonly<Record<EntityType, ClassType>> = { Organisation, Person, Forum, Event, Instrument, Topic };
