import { describe, expect, it } from 'vitest';
import { checkScenario, simulationFor } from '../../src/runner/scenario.ts';
import { faultPlan } from '../../src/runner/fault-plan.ts';

/** A one-fleet spot world with the given faults, built and ready. */
function world(faults: unknown[]) {
  const scenario = checkScenario({
    name: 'faults',
    durationMinutes: 10,
    fleets: [{ name: 'spot', fleetType: 'SPOT', processesPerInstance: 2, locations: { 'us-west-2': { desired: 4, max: 8 }, 'eu-west-1': { desired: 2 } } }],
    queues: [{ name: 'q', destinations: ['fleet:spot'] }],
    capacity: [{ atMinute: 5, fleet: 'spot', location: 'eu-west-1', desired: 0 }],
    players: { arrivals: [{ kind: 'constant', minutes: 10, lobbiesPerMinute: 1 }], queues: ['q'], lobbySize: { min: 1, max: 1 } },
    faults,
  });
  const { sim, built } = simulationFor(scenario, 9);
  return { sim, steps: faultPlan(scenario, built), startMs: sim.nowMs, loc: (name: string) => [...sim.world.fleets.values()][0]!.locations.get(name)! };
}

describe('the fault plan', () => {
  it('turns windows into a start and an end, strikes into repeats, and keeps capacity changes apart from faults', () => {
    const { steps } = world([
      { kind: 'capacityLoss', fleet: 'spot', fraction: 0.5, atMinute: 1, forMinutes: 2 },
      { kind: 'spotReclaim', fleet: 'spot', count: 1, atMinute: 2, forMinutes: 1, everySeconds: 20 },
      { kind: 'activationFailure', fleet: 'spot', location: 'eu-west-1', fraction: 1, atMinute: 4 },
    ]);
    expect(steps.map((s) => [s.atMs / 1000, s.fault])).toEqual([
      [60, true], [120, true], [140, true], [160, true], [180, true], [240, true], [300, false],
    ]);
  });

  it('capacity loss for a window takes instances away and gives them back; an activation fault applies until its window ends', () => {
    const { sim, steps, loc } = world([
      { kind: 'capacityLoss', fleet: 'spot', location: 'us-west-2', fraction: 0.5, atMinute: 1, forMinutes: 2 },
      { kind: 'slowActivation', fleet: 'spot', delaySeconds: { minSeconds: 30, maxSeconds: 30 }, atMinute: 1, forMinutes: 1 },
    ]);
    const [lose, slow, slowEnds, recover] = steps;
    lose!.run(sim);
    expect(loc('us-west-2').desired).toBe(2);
    slow!.run(sim);
    expect(sim.world.activationFaults).toHaveLength(1);
    slowEnds!.run(sim);
    expect(sim.world.activationFaults).toHaveLength(0);
    recover!.run(sim);
    expect(loc('us-west-2').desired).toBe(4);
  });
});
