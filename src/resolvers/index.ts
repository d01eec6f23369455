import type { NonEmptyArray } from 'type-graphql';
import { entityResolvers } from './entities/entity.resolver';
import { relationResolvers } from './entities/relations.resolver';
import { FeedResolver } from './feed/feed.resolver';
import { HistoryResolver } from './history/history.resolver';
import { ImportResolver } from './import/import.resolver';
import { MergeResolver } from './merge/merge.resolver';
import { PrivacyResolver } from './privacy/privacy.resolver';
import { networkResolvers } from './network/network.resolver';
import { SearchResolver } from './search/search.resolver';
import { ServiceResolver } from './service/service.resolver';
import { tieResolvers } from './ties/tie.resolver';
import { WebhookResolver } from './webhooks/webhook.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  ServiceResolver,
  SearchResolver,
  ...entityResolvers,
  ...relationResolvers,
  ...tieResolvers,
  ...networkResolvers,
  HistoryResolver,
  FeedResolver,
  MergeResolver,
  PrivacyResolver,
  ImportResolver,
  WebhookResolver,
];
