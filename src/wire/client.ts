import { GameLiftClient, type GameLiftClientConfig } from '@aws-sdk/client-gamelift';
import type { Simulation } from '../api/simulation.ts';
import { NO_RETRY } from './no-retry.ts';
import { SimulatorHttpHandler } from './sdk-handler.ts';

/** Credentials the SDK signs with; the simulator accepts any, and these keep the SDK from looking for real ones. */
export const SIMULATOR_CREDENTIALS = { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' } as const;

/**
 * A real `GameLiftClient` wired to `sim` in-process (WR-1..WR-5 through {@link SimulatorHttpHandler}): region = the
 * simulation's home Region, dummy static credentials (so the SDK never walks the credential chain or calls IMDS),
 * and {@link NO_RETRY} with `maxAttempts: 1`, so that no call ever waits on a real timer or draws from `Math.random`.
 * `overrides` replace any of these, for example `{ requestHandler: new SimulatorHttpHandler(sim, { throttle: false }) }`
 * to lift WR-5's rate limits.
 *
 * Every call takes the SDK's whole pipeline. Client code under test is better served by `simulatedClient(sim)`
 * (`src/client/simulated-client.ts`), which answers the same way at `send`, many times faster, with transport faults.
 */
export function gameLiftClientFor(sim: Simulation, overrides: GameLiftClientConfig = {}): GameLiftClient {
  return new GameLiftClient({
    region: sim.world.config.homeRegion,
    credentials: SIMULATOR_CREDENTIALS,
    requestHandler: new SimulatorHttpHandler(sim),
    retryStrategy: NO_RETRY,
    maxAttempts: 1,
    ...overrides,
  });
}
