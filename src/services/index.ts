/** The services a request may call, built once per request around its loaders and meter. */
import { seesPersonalTies } from '../auth/auth-checker';
import type { Database, QueryMeter } from '../graph/database';
import type { ChangeSource } from '../graph/history.repository';
import { FeedService } from './feed.service';
import { HistoryService } from './history.service';
import { ImportRequests } from './import/requests';
import type { Caller } from '../context';
import type { Loaders } from '../loaders';
import { EntityService } from './entity.service';
import { MergeService } from './merge.service';
import { NetworkService } from './network.service';
import { PrivacyService } from './privacy.service';
import { SearchService } from './search.service';
import { TieService } from './tie.service';
import { WebhookPolicy, WebhookService } from './webhook.service';

export interface Services {
  entities: EntityService;
  ties: TieService;
  search: SearchService;
  network: NetworkService;
  history: HistoryService;
  feed: FeedService;
  merge: MergeService;
  privacy: PrivacyService;
  imports: ImportRequests;
  webhooks: WebhookService;
}

export function createServices(
  db: Database,
  loaders: Loaders,
  meter: QueryMeter,
  source: ChangeSource,
  caller: Caller = { role: 'anonymous' },
  webhookPolicy: WebhookPolicy = { allowHttpLocalhost: false },
): Services {
  const entities = new EntityService(db, loaders, meter, source, seesPersonalTies(caller));
  return {
    entities,
    ties: new TieService(db, loaders, meter, source),
    search: new SearchService(db, loaders, meter),
    network: new NetworkService(db, loaders, meter, seesPersonalTies(caller)),
    history: new HistoryService(db, meter),
    feed: new FeedService(db, meter),
    merge: new MergeService(db, loaders, meter, source),
    privacy: new PrivacyService(db, loaders, meter, source),
    imports: new ImportRequests(db, meter, source),
    webhooks: new WebhookService(db, webhookPolicy, meter),
  };
}
