/**
 * gamelift-sim: a deterministic, in-memory simulator of Amazon GameLift's session placement service.
 *
 * In-process use: build a `Simulation`, hand your code `gameLiftClientFor(sim)` in place of its `GameLiftClient`,
 * and move virtual time with `sim.advanceBy(seconds)`. To run client code (a matchmaker with timers, `Math.random`
 * and `randomUUID`) in virtual time, hand it `simulatedClient(sim)` and run it with `runClient(sim, fn)`.
 */
export { Simulation, type SimulationOptions, type RestoreOptions } from './api/simulation.ts';
export { SnapshotError, SNAPSHOT_FORMAT_VERSION } from './api/snapshot.ts';
export type { OperationName, InputOf, OutputOf } from './api/operations.ts';
export { DEFAULT_TIMINGS, type DurationRange, type Timings } from './model/config.ts';
export type { PlacementEvent } from './model/placement/events.ts';
export { checkScenario, ScenarioError } from './runner/scenario.ts';
export { applyCuts, type Cuts } from './runner/shrink.ts';
export { referenceClient, type ReferenceClientOptions } from './runner/reference-client.ts';
export {
  defineScenario,
  type ArrivalPhase, type CapacityChange, type ClientContext, type ClientFactory, type ClientHandlers, type OutcomeReporter, type FaultSpec, type FaultTarget,
  type FaultTiming, type FleetSpec, type AliasSpec, type QueueSpec, type LatencyDistribution, type Load,
  type PlayersSpec, type ScenarioDefinition, type ServerSpec,
} from './runner/define.ts';
export { SCENARIO_LIMITS } from './runner/scenario-schema.ts';
export { lobbies, type Lobby, type LobbyPlayer } from './runner/lobbies.ts';
export {
  bundledChecks, leakedGameSessions, unresolvedPlacements, disbandedLobbySessions, CheckRunner, LobbyLedger, LOBBY_EXAMPLES_MAX,
  type Check, type CheckContext, type LobbyOutcome, type LobbyRecord, type Violation,
} from './runner/checks.ts';
export { FaultSelectorError, type FaultSelector, type CapacityLoss, type ActivationFaultSpec } from './api/faults.ts';
export { gameLiftClientFor } from './wire/client.ts';
export { SimulatorHttpHandler } from './wire/sdk-handler.ts';
export { startServer, type ServerOptions, type SimulatorServer } from './wire/server.ts';
export { handle } from './wire/handle.ts';
export {
  runScenario, resumeScenario, snapshotRefusal, RUN_SNAPSHOT_VERSION, type LobbyResult, type RunResult, type RunOptions,
  type RunProgress, type ApiCallCount, type Utilization, type ResumeOptions, type SnapshotRequest,
} from './runner/run.ts';
export { Timeline, type TimelineSeries, type TimelineState } from './runner/timeline.ts';
export { renderReport, writeReport, type ReportInput } from './report/html.ts';
export { readScenario, loadScenario, type Scenario } from './runner/scenario.ts';
export { failuresOf, type Expectations } from './runner/expectations.ts';
export { metricsOf, parseThresholds, type Metrics, type Thresholds, type ThresholdOutcome } from './runner/thresholds.ts';
export { summaryJson, type RunSummaryJson } from './runner/report.ts';
export { runClient, type RunClientOptions, type ClientRunResult } from './client/run-client.ts';
export { loadWirePipeline, simulatedClient, type SimulatedClientOptions } from './client/simulated-client.ts';
export { LostResponseError, type TransportFaults, type FaultRule, type DelayRule } from './client/transport-faults.ts';
