/**
 * gamelift-sim: a deterministic, in-memory simulator of Amazon GameLift's session placement service.
 *
 * In-process use: build a `Simulation`, hand your code `gameLiftClientFor(sim)` in place of its `GameLiftClient`,
 * and move virtual time with `sim.advanceBy(seconds)`. To run client code (a matchmaker with timers, `Math.random`
 * and `randomUUID`) in virtual time, hand it `simulatedClient(sim)` and run it with `runClient(sim, fn)`.
 */
export { Simulation, type SimulationOptions } from './api/simulation.ts';
export type { OperationName, InputOf, OutputOf } from './api/operations.ts';
export { DEFAULT_TIMINGS, type DurationRange, type Timings } from './model/config.ts';
export type { PlacementEvent } from './model/placement/events.ts';
export { gameLiftClientFor } from './wire/client.ts';
export { SimulatorHttpHandler } from './wire/sdk-handler.ts';
export { startServer, type ServerOptions, type SimulatorServer } from './wire/server.ts';
export { handle } from './wire/handle.ts';
export { runScenario, type RunResult } from './runner/run.ts';
export { readScenario, loadScenario, type Scenario } from './runner/scenario.ts';
export { failuresOf, type Expectations } from './runner/expectations.ts';
export { runClient, type RunClientOptions, type ClientRunResult } from './client/run-client.ts';
export { simulatedClient, type SimulatedClientOptions } from './client/simulated-client.ts';
export { LostResponseError, type TransportFaults, type FaultRule, type DelayRule } from './client/transport-faults.ts';
