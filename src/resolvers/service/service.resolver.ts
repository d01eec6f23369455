import { Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { ROLES } from '../../auth/api-keys';
import type { Context } from '../../context';
import { SERVICE_NAME, SERVICE_VERSION } from '../../version';

@ObjectType({ description: 'What this service is and which version answers.' })
class ServiceInfo {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  version!: string;
}

/** The roles of API keys (src/auth/api-keys.ts), as GraphQL spells enums. */
export const KeyRole: Record<string, string> = Object.fromEntries(
  ROLES.map((r) => [r.toUpperCase(), r.toUpperCase()]),
);
registerEnumType(KeyRole, {
  name: 'KeyRole',
  description:
    'The role of an API key: viewer reads everything (affiliations too), editor also writes, admin also merges, erases and imports.',
});

@ObjectType({
  description:
    'Who is asking: the role and name of the API key the request carries, or nulls without a key.',
})
class Viewer {
  @Field(() => KeyRole, {
    nullable: true,
    description: 'The key’s role; null without a key (an anonymous visitor).',
  })
  role!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The name the key was created with (npm run apikey -- create --name); null without a key.',
  })
  keyName!: string | null;
}

@Resolver()
export class ServiceResolver {
  @Query(() => ServiceInfo, { description: 'The name and version of the service that answers.' })
  serviceInfo(): ServiceInfo {
    return { name: SERVICE_NAME, version: SERVICE_VERSION };
  }

  @Query(() => Viewer, {
    description:
      'Who is asking: the role and name of the request’s API key (nulls without one), so that a client shows only what the key may do. A revoked or unknown key is refused with UNAUTHENTICATED, as for every field.',
  })
  viewer(@Ctx() ctx: Context): Viewer {
    const { caller } = ctx;
    if (caller.role === 'anonymous') return { role: null, keyName: null };
    return {
      role: caller.role.toUpperCase(),
      keyName: caller.name?.replace(/^key:/, '') ?? null,
    };
  }
}
