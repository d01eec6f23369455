/** Every enum the API exposes, registered once. Role enums come from the model spec's role lists (src/domain/spec.ts). */
import { registerEnumType } from 'type-graphql';
import {
  EntityType,
  EventKind,
  ForumKind,
  ForumLevel,
  InstrumentKind,
  OrganisationKind,
  TieType,
} from '../../domain/model';
import { TIES, TieTypeSpec } from '../../domain/spec';

const fromList = (values: readonly string[]): Record<string, string> =>
  Object.fromEntries(values.map((v) => [v, v]));

/** The GraphQL enum of each tie type's roles, by tie type (none for ties without roles). */
export const ROLE_ENUMS: ReadonlyMap<TieType, Record<string, string>> = new Map(
  TIES.filter(
    (t): t is TieTypeSpec & { roles: NonNullable<TieTypeSpec['roles']> } => t.roles !== null,
  ).map((t) => {
    const values = fromList(t.roles.values);
    registerEnumType(values, { name: t.roles.enum, description: t.roles.description });
    return [t.type, values];
  }),
);
const roleEnum = (type: TieType): Record<string, string> => ROLE_ENUMS.get(type)!;

export const EngagementRole = roleEnum(TieType.ENGAGES_IN);
export const AffiliationRole = roleEnum(TieType.AFFILIATED_WITH);
export const MembershipRole = roleEnum(TieType.MEMBER_OF);
export const ParticipationRole = roleEnum(TieType.PARTICIPATES_IN);
export const WorkOnRole = roleEnum(TieType.WORKS_ON);

export enum OrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(EntityType, {
  name: 'EntityType',
  description: 'The kinds of entity in the graph.',
});
registerEnumType(TieType, {
  name: 'RelationType',
  description: 'The kinds of tie between entities (Neo4j relationship types).',
});
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
registerEnumType(ForumKind, { name: 'ForumKind' });
registerEnumType(ForumLevel, { name: 'ForumLevel' });
registerEnumType(EventKind, { name: 'EventKind' });
registerEnumType(InstrumentKind, { name: 'InstrumentKind' });
registerEnumType(OrderField, { name: 'OrderField' });
registerEnumType(OrderDirection, { name: 'OrderDirection' });
