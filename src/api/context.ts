import type { PlacementService } from '../model/placement/service.ts';
import type { World } from '../model/world.ts';
import type { Paging } from './paging.ts';
import type { SearchIndex } from './search/search-index.ts';

/** What every operation is handed: the world, its queues and placements, and the one way listings page. */
export interface ApiContext {
  readonly world: World;
  readonly placements: PlacementService;
  readonly paging: Paging;
  /** The ACTIVE game sessions in the orders SearchGameSessions walks (SG-3); built at its first use. */
  readonly search: SearchIndex;
}
