import type { NonEmptyArray } from 'type-graphql';
import { ServiceResolver } from './service/service.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [ServiceResolver];
