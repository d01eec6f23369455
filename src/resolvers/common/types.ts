/** Small shared GraphQL types: sources, identifiers, page info, connections, ordering. */
import { IsOptional, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { ClassType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { URL_SAFE, urlUnsafeMessage } from '../../domain/text';
import { PartialDate } from './scalars';
import { OrderDirection, OrderField } from './enums';

@ObjectType({
  description:
    'Evidence for an entity or tie: a document, page or text, optionally with the words that support it.',
})
export class Source {
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => PartialDate, { nullable: true }) date?: string | null;
  @Field(() => String, { nullable: true }) quote?: string | null;
}

@InputType()
export class SourceInput {
  @Field(() => String) @Length(1, 500) title!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'url must be an http(s) address such as https://example.org/page' },
  )
  @Matches(URL_SAFE, { message: urlUnsafeMessage('url') })
  @MaxLength(2000)
  url?: string | null;
  @Field(() => PartialDate, { nullable: true }) date?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) quote?: string | null;
}

@ObjectType({
  description: 'An identifier in another register: scheme (e.g. "wikidata", "org-id") and value.',
})
export class Identifier {
  @Field(() => String) scheme!: string;
  @Field(() => String) value!: string;
}

@InputType()
export class IdentifierInput {
  @Field(() => String)
  @Matches(/^[a-z0-9][a-z0-9._-]{0,39}$/i, {
    message: 'scheme must be a short code such as wikidata or org-id (letters, digits, . _ -)',
  })
  scheme!: string;
  @Field(() => String) @Length(1, 200) value!: string;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Pass as "after" to get the next page.' })
  endCursor!: string | null;
}

@InputType()
export class OrderBy {
  @Field(() => OrderField, { defaultValue: OrderField.NAME }) field!: OrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for nodes of one type. */
export function Connection<T extends object>(name: string, nodeType: ClassType<T> | object) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => nodeType) node!: T;
  }
  @ObjectType(`${name}Connection`)
  class Conn {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [nodeType], {
      description: 'The nodes of the edges, for clients that need no cursors.',
    })
    nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'How many match in all, across pages.' }) totalCount!: number;
  }
  return Conn;
}

export function toConnection<T>(page: {
  items: T[];
  totalCount: number;
  hasNextPage: boolean;
  cursors: string[];
}): ConnectionShape<T> {
  return {
    edges: page.items.map((node, i) => ({ cursor: page.cursors[i], node })),
    nodes: page.items,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      endCursor: page.cursors[page.cursors.length - 1] ?? null,
    },
    totalCount: page.totalCount,
  };
}
