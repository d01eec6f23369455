/** GraphQL types of the network questions. Entity fields resolve through the per-request loader. */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { EntityType, TieType } from '../../domain/model';
import { EngagementRole } from '../common/enums';
import { Entity } from '../common/interfaces';
import { PartialDate } from '../common/scalars';
import { Forum, Organisation } from '../entities/entity.types';

@ObjectType({
  description: 'An organisation that co-engages with another, with its score and what they share.',
})
export class Ally {
  @Field(() => Float, {
    description: 'Weighted Adamic-Adar score: higher is closer. See the README for the formula.',
  })
  score!: number;
  // organisation, sharedFora, sharedEvents: field resolvers in network.resolver.ts
}

@ObjectType({
  description: 'A node of a self-contained graph, ready for Cytoscape.js, vis-network or d3-force.',
})
export class GraphNode {
  @Field(() => ID) id!: string;
  @Field(() => EntityType) type!: EntityType;
  @Field(() => String, { description: 'The entity name.' }) label!: string;
  @Field(() => GraphQLJSONObject, {
    description: 'Public properties of the entity (never contact details).',
  })
  properties!: Record<string, unknown>;
}

@ObjectType({
  description:
    'An edge of a graph: one tie, from source to target (global ids of nodes in the same answer).',
})
export class GraphEdge {
  @Field(() => ID) id!: string;
  @Field(() => TieType) type!: TieType;
  @Field(() => ID) source!: string;
  @Field(() => ID) target!: string;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field(() => PartialDate, { nullable: true }) since!: string | null;
  @Field(() => PartialDate, { nullable: true }) until!: string | null;
}

@ObjectType({ description: 'A subgraph: every edge joins two of its nodes.' })
export class GraphResult {
  @Field(() => [GraphNode]) nodes!: GraphNode[];
  @Field(() => [GraphEdge]) edges!: GraphEdge[];
  @Field(() => Boolean, { description: 'True when the limit left nodes or edges out.' })
  truncated!: boolean;
}

@ObjectType({
  description: 'One way from one entity to another: nodes in order, and the ties between them.',
})
export class Path {
  @Field(() => Int, { description: 'Number of ties.' }) length!: number;
  @Field(() => [Entity]) nodes!: object[];
  @Field(() => [GraphEdge]) edges!: GraphEdge[];
}

@ObjectType({ description: 'A forum and the members of the network that engage in it.' })
export class ForumReach {
  // forum, via: field resolvers
  @Field(() => Int, { description: 'How many members engage in the forum.' }) count!: number;
}

@ObjectType({ description: "Where a network's members engage, and where they do not." })
export class Coverage {
  @Field(() => Entity) network!: object;
  // members, uncovered: field resolvers
  @Field(() => [ForumReach], { description: 'Fora reached by at least one member.' })
  reached!: ForumReach[];
  @Field(() => [ForumReach], {
    description: 'Fora reached through exactly one member: single points of contact.',
  })
  singlePoints!: ForumReach[];
}

@ObjectType({ description: 'An organisation that bridges parts of the engagement graph.' })
export class Broker {
  @Field(() => Organisation) entity!: object;
  @Field(() => Float, {
    description: 'Normalised betweenness centrality on the organisation–forum graph (0 to 1).',
  })
  betweenness!: number;
  @Field(() => Int, { description: 'Number of fora it engages in within the scope.' })
  degree!: number;
}

@ObjectType({ description: 'One engagement of the matrix: an organisation in a forum.' })
export class MatrixCell {
  @Field(() => ID) organisation!: string;
  @Field(() => ID) forum!: string;
  @Field(() => ID) engagement!: string;
  @Field(() => EngagementRole, { nullable: true }) role!: string | null;
  @Field(() => PartialDate, { nullable: true }) since!: string | null;
  @Field(() => PartialDate, { nullable: true }) until!: string | null;
}

@ObjectType({
  description: 'Organisations (rows) by fora (columns), with the engagements between them (cells).',
})
export class EngagementMatrix {
  @Field(() => [Organisation]) organisations!: object[];
  @Field(() => [Forum]) fora!: object[];
  @Field(() => [MatrixCell]) cells!: MatrixCell[];
}
