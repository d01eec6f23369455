/** Every enum the API exposes, registered once. Role enums come from the domain's role lists. */
import { registerEnumType } from 'type-graphql';
import { EntityType, EventKind, ForumKind, ForumLevel, InstrumentKind, OrganisationKind, TIE_ROLES, TieType } from '../../domain/model';

const fromList = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<string, string>;

export const EngagementRole = fromList(TIE_ROLES.ENGAGES_IN);
export const AffiliationRole = fromList(TIE_ROLES.AFFILIATED_WITH);
export const MembershipRole = fromList(TIE_ROLES.MEMBER_OF);
export const ParticipationRole = fromList(TIE_ROLES.PARTICIPATES_IN);
export const WorkOnRole = fromList(TIE_ROLES.WORKS_ON);

export enum OrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(EntityType, { name: 'EntityType', description: 'The kinds of entity in the graph.' });
registerEnumType(TieType, { name: 'RelationType', description: 'The kinds of tie between entities (Neo4j relationship types).' });
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
registerEnumType(ForumKind, { name: 'ForumKind' });
registerEnumType(ForumLevel, { name: 'ForumLevel' });
registerEnumType(EventKind, { name: 'EventKind' });
registerEnumType(InstrumentKind, { name: 'InstrumentKind' });
registerEnumType(EngagementRole, { name: 'EngagementRole', description: 'How an organisation or person engages in a forum.' });
registerEnumType(AffiliationRole, { name: 'AffiliationRole', description: "A person's position at an organisation." });
registerEnumType(MembershipRole, { name: 'MembershipRole', description: "An organisation's standing in a network organisation." });
registerEnumType(ParticipationRole, { name: 'ParticipationRole', description: 'What a person or organisation did at an event.' });
registerEnumType(WorkOnRole, { name: 'WorkOnRole', description: 'How an actor works on a topic or instrument.' });
registerEnumType(OrderField, { name: 'OrderField' });
registerEnumType(OrderDirection, { name: 'OrderDirection' });
