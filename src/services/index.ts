/** The services a request may call, built once per request around its loaders and meter. */
import type { Database, QueryMeter } from '../graph/database';
import type { Loaders } from '../loaders';
import { EntityService } from './entity.service';
import { SearchService } from './search.service';
import { TieService } from './tie.service';

export interface Services {
  entities: EntityService;
  ties: TieService;
  search: SearchService;
}

export function createServices(db: Database, loaders: Loaders, meter: QueryMeter): Services {
  return {
    entities: new EntityService(db, loaders, meter),
    ties: new TieService(db, loaders, meter),
    search: new SearchService(db, loaders, meter),
  };
}
