/**
 * The six entity object types, made from the model spec (src/domain/spec.ts): each type's
 * own properties become fields with the spec's GraphQL type, nullability and description.
 * Their tie fields are added by relations.resolver.ts; contact details by its Person.contact.
 */
import { ClassType, Field, ObjectType } from 'type-graphql';
/** What type-graphql's Field takes as its type (not exported from the package's index). */
export type ReturnTypeFunc = Parameters<typeof Field>[0] & (() => unknown);
import { EntityType } from '../../domain/model';
import {
  CONTACT,
  EntitySpec,
  MODEL,
  ModelSpec,
  PropertySpec,
  byEntityType,
  entitySpec,
} from '../../domain/spec';
import { Entity, Node } from '../common/interfaces';
import { PartialDate } from '../common/scalars';

/** The GraphQL type of a property's value. */
export function propertyType(p: PropertySpec): ReturnTypeFunc {
  switch (p.value) {
    case 'enum':
      if (!p.enum)
        throw new Error(`The model spec's enum property "${p.name}" names no enumeration`);
      return () => p.enum!.values;
    case 'partialDate':
      return () => PartialDate;
    case 'countryList':
      return () => [String];
    default:
      return () => String;
  }
}

/** Adds a field per property (contact details excepted: they are one `contact` object) to an object type. */
export function addPropertyFields(target: ClassType, properties: readonly PropertySpec[]): void {
  for (const p of properties) {
    if (p.contact) continue;
    Field(propertyType(p), { nullable: p.nullable, description: p.description })(
      target.prototype,
      p.name,
    );
  }
}

function entityObject(e: EntitySpec): ClassType {
  @ObjectType(e.type, { implements: [Node, Entity], description: e.description })
  class EntityObject extends Entity {}
  addPropertyFields(EntityObject, e.properties);
  return EntityObject;
}

/** The contact details of a type, as the fields of `contact` (email, phone). */
export function contactProperties(type: EntityType, spec: ModelSpec = MODEL): PropertySpec[] {
  return entitySpec(type, spec).properties.filter((p) => p.contact);
}

@ObjectType({ description: CONTACT.typeDescription })
export class Contact {}
for (const p of contactProperties(EntityType.Person))
  Field(propertyType(p), { nullable: true, description: p.description })(
    Contact.prototype,
    p.contact!,
  );

/** The object type of each entity type. */
export const ENTITY_CLASSES: Readonly<Record<EntityType, ClassType>> = byEntityType((t) =>
  entityObject(entitySpec(t)),
);

export const Organisation = ENTITY_CLASSES.Organisation;
export const Person = ENTITY_CLASSES.Person;
export const Forum = ENTITY_CLASSES.Forum;
export const Event = ENTITY_CLASSES.Event;
export const Instrument = ENTITY_CLASSES.Instrument;
export const Topic = ENTITY_CLASSES.Topic;
