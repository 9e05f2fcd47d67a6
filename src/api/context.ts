import type { World } from '../model/world.ts';
import type { Paging } from './paging.ts';

/** What every operation is handed: the world and the paging tokens it has issued. */
export interface ApiContext {
  readonly world: World;
  readonly paging: Paging;
}
