import type { CapacityLoss } from '../api/faults.ts';
import type { Simulation } from '../api/simulation.ts';
import type { FaultSpec } from './define.ts';
import type { BuiltWorld, Scenario } from './scenario.ts';

/** How often a reclaim storm or crashes strike within a window unless the fault says, in virtual seconds. */
export const STRIKE_EVERY_SECONDS_DEFAULT = 60;

/** One planned change of the world, at a time since the load started. */
export interface TimedStep {
  /** Virtual ms since the load started. */
  readonly atMs: number;
  /** Whether it is (part of) a fault, as opposed to a planned capacity change. */
  readonly fault: boolean;
  run(sim: Simulation): void;
}

/**
 * What a plan's steps hand on from one to a later one, as plain data (a snapshot holds it): the capacity a loss took,
 * by the fault's index in the scenario, until its end gives it back.
 */
export type HeldLosses = Map<number, CapacityLoss[]>;

/**
 * The scenario's planned capacity changes and faults as timed steps: a fault for a window becomes its start and its
 * end (capacity loss recovers, activation faults end), or strikes repeated within it (reclaim storms, crashes).
 * Which instances or sessions a strike hits is drawn by the simulation from a stream named after the strike, so
 * dropping another fault while shrinking leaves this one's targets as they were. The plan is the same every time it
 * is made from the same scenario and world; `held` is where its capacity losses wait for their end.
 */
export function faultPlan(scenario: Scenario, built: BuiltWorld, held: HeldLosses = new Map()): TimedStep[] {
  const fleetId = (name: string): string => built.fleetIds.get(name)!;
  const steps: TimedStep[] = [];
  for (const change of scenario.capacity ?? []) {
    steps.push({ atMs: change.atMinute * 60_000, fault: false, run: (sim) => setCapacity(sim, fleetId(change.fleet), change.location, change.desired) });
  }
  (scenario.faults ?? []).forEach((f, i) => steps.push(...faultSteps(f, fleetId, held, i)));
  // Stable: steps at the same time run in the scenario's order.
  return steps.map((step, i) => ({ step, i })).sort((a, b) => a.step.atMs - b.step.atMs || a.i - b.i).map(({ step }) => step);
}

function faultSteps(f: FaultSpec, fleetId: (name: string) => string, held: HeldLosses, index: number): TimedStep[] {
  const startMs = f.atMinute * 60_000;
  const endMs = f.forMinutes === undefined ? undefined : startMs + f.forMinutes * 60_000;
  const at = (atMs: number, run: (sim: Simulation) => void): TimedStep => ({ atMs, fault: true, run });
  switch (f.kind) {
    case 'setTimings':
      return [at(startMs, (sim) => sim.setTimings(f.timings))];
    case 'setCapacity':
      return [at(startMs, (sim) => setCapacity(sim, fleetId(f.fleet), f.location, f.desired))];
    case 'spotReclaim':
    case 'processCrash': {
      const selector = { fleet: fleetId(f.fleet), location: f.location, count: f.count, fraction: f.fraction };
      const strike = f.kind === 'spotReclaim' ? (sim: Simulation) => sim.reclaimSpot(selector) : (sim: Simulation) => sim.crashProcesses(selector);
      if (endMs === undefined) return [at(startMs, strike)];
      const everyMs = (f.everySeconds ?? STRIKE_EVERY_SECONDS_DEFAULT) * 1000;
      const strikes: TimedStep[] = [];
      for (let t = startMs; t < endMs; t += everyMs) strikes.push(at(t, strike));
      return strikes;
    }
    case 'capacityLoss': {
      const selector = { fleet: fleetId(f.fleet), location: f.location, count: f.count, fraction: f.fraction };
      const start = at(startMs, (sim) => {
        const losses = sim.loseCapacity(selector, { abrupt: f.abrupt });
        if (endMs !== undefined) held.set(index, losses);
      });
      return endMs === undefined ? [start] : [start, at(endMs, (sim) => {
        sim.recoverCapacity(held.get(index) ?? []);
        held.delete(index);
      })];
    }
    case 'activationFailure':
    case 'slowActivation': {
      const selector = { fleet: fleetId(f.fleet), location: f.location };
      const fault = f.kind === 'activationFailure' ? { failFraction: f.fraction } : { delay: f.delaySeconds };
      const start = at(startMs, (sim) => sim.setActivationFault(selector, fault));
      return endMs === undefined ? [start] : [start, at(endMs, (sim) => sim.setActivationFault(selector, undefined))];
    }
  }
}

/** A planned capacity change, through the public operation as an operator would make it. */
function setCapacity(sim: Simulation, FleetId: string, Location: string | undefined, desired: number): void {
  sim.call('UpdateFleetCapacity', { FleetId, Location, DesiredInstances: desired, MaxSize: Math.max(desired, 1) });
}
