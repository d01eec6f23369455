import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { SERVICE_NAME, SERVICE_VERSION } from '../../version';

@ObjectType({ description: 'What this service is and which version answers.' })
class ServiceInfo {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  version!: string;
}

@Resolver()
export class ServiceResolver {
  @Query(() => ServiceInfo, { description: 'The name and version of the service that answers.' })
  serviceInfo(): ServiceInfo {
    return { name: SERVICE_NAME, version: SERVICE_VERSION };
  }
}
