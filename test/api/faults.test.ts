import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultSelectorError } from '../../src/api/faults.ts';
import type { Simulation } from '../../src/api/simulation.ts';
import { activeFleet, activeGameSession, quickSimulation, settleFleets } from '../support/fixtures.ts';

/** Expects `run` to throw a FaultSelectorError matching `message`, leaving the state hash as it was. */
function expectRefused(sim: Simulation, message: RegExp, run: () => unknown): void {
  const before = sim.stateHash();
  expect(run).toThrow(FaultSelectorError);
  expect(run).toThrow(message);
  expect(sim.stateHash()).toBe(before);
}

const live = (sim: Simulation, fleetId: string, location?: string): number =>
  sim.call('DescribeInstances', { FleetId: fleetId, Location: location }).Instances!.filter((i) => i.Status !== 'TERMINATING').length;

describe('world faults by selector', () => {
  it('refuses an unknown fleet or location, a non-spot reclaim and a bad amount, changing nothing', () => {
    const sim = quickSimulation(21);
    const fleetId = activeFleet(sim);
    expectRefused(sim, /fleet "nope" names no fleet of the simulation; fleets: test-fleet/, () => sim.reclaimSpot({ fleet: 'nope' }));
    expectRefused(sim, /location "eu-west-1" is no location of fleet test-fleet; it has us-west-2/, () => sim.crashProcesses({ fleet: fleetId, location: 'eu-west-1' }));
    expectRefused(sim, /only SPOT instances are reclaimed/, () => sim.reclaimSpot({ fleet: 'test-fleet' }));
    expectRefused(sim, /fraction must be from 0 to 1, got 1.5/, () => sim.loseCapacity({ fleet: fleetId, fraction: 1.5 }));
    expectRefused(sim, /count must be a whole number/, () => sim.crashProcesses({ fleet: fleetId, count: -1 }));
    expectRefused(sim, /count or fraction, not both/, () => sim.crashProcesses({ fleet: fleetId, count: 1, fraction: 0.5 }));
    expectRefused(sim, /failFraction must be from 0 to 1/, () => sim.setActivationFault({ fleet: fleetId }, { failFraction: 2 }));
  });

  it('GS-3: a reclaim storm hits the selected fraction of a location\'s spot instances, the same ones for the same seed', () => {
    const storm = (seed: number): string[] => {
      const sim = quickSimulation(seed);
      const fleetId = activeFleet(sim, { fleetType: 'SPOT', desiredInstances: 4, locations: ['us-west-2', 'eu-west-1'] });
      const hit = sim.reclaimSpot({ fleet: fleetId, location: 'eu-west-1', fraction: 0.5 });
      expect(hit).toHaveLength(2);
      const inEurope = new Set(sim.call('DescribeInstances', { FleetId: fleetId, Location: 'eu-west-1' }).Instances!.map((i) => i.InstanceId));
      for (const id of hit) expect(inEurope.has(id)).toBe(false);
      expect(live(sim, fleetId, 'us-west-2')).toBe(4);
      return hit;
    };
    expect(storm(5)).toEqual(storm(5));
    const differ = [6, 7, 8, 9].some((seed) => storm(seed).join() !== storm(5).join());
    expect(differ).toBe(true);
  });

  it('crashes the processes of a count of live game sessions', () => {
    const sim = quickSimulation(22);
    const fleetId = activeFleet(sim, { processesPerInstance: 4 });
    const ids = [0, 1, 2].map(() => activeGameSession(sim, fleetId));
    const crashed = sim.crashProcesses({ fleet: fleetId, count: 2 });
    expect(crashed).toHaveLength(2);
    for (const id of ids) {
      const status = sim.call('DescribeGameSessions', { GameSessionId: id }).GameSessions![0]!.Status;
      expect(status).toBe(crashed.includes(id) ? 'TERMINATED' : 'ACTIVE');
    }
    expect(sim.crashProcesses({ fleet: fleetId, count: 5 })).toHaveLength(1);
  });

  it('loses capacity without replacement until it recovers; abrupt loss ends the sessions on the lost instances', () => {
    const sim = quickSimulation(23);
    const fleetId = activeFleet(sim, { processesPerInstance: 1, desiredInstances: 4 });
    const sessions = [0, 1, 2, 3].map(() => activeGameSession(sim, fleetId));
    const losses = sim.loseCapacity({ fleet: fleetId, count: 3 }, { abrupt: true });
    expect(losses).toEqual([{ fleetId, location: 'us-west-2', instances: 3 }]);
    settleFleets(sim);
    expect(live(sim, fleetId)).toBe(1);
    const statuses = sessions.map((id) => sim.call('DescribeGameSessions', { GameSessionId: id }).GameSessions![0]!.Status);
    expect(statuses.filter((s) => s === 'TERMINATED')).toHaveLength(3);
    sim.recoverCapacity(losses);
    settleFleets(sim);
    expect(live(sim, fleetId)).toBe(4);

    // A graceful loss drains: the busy instance keeps its session until it ends.
    const busy = activeGameSession(sim, fleetId);
    sim.loseCapacity({ fleet: fleetId, fraction: 1 });
    expect(sim.call('DescribeGameSessions', { GameSessionId: busy }).GameSessions![0]!.Status).toBe('ACTIVE');
  });

  it('PL-4: failed activations leave the session to its activation timeout; slow ones activate late; clearing ends both', () => {
    const sim = quickSimulation(24);
    const fleetId = activeFleet(sim, { processesPerInstance: 4, activationTimeoutSeconds: 30 });
    const status = (id: string): string => sim.call('DescribeGameSessions', { GameSessionId: id }).GameSessions![0]!.Status!;
    const create = (): string => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }).GameSession!.GameSessionId!;

    sim.setActivationFault({ fleet: fleetId }, { failFraction: 1 });
    const failing = create();
    sim.advanceBy(29);
    expect(status(failing)).toBe('ACTIVATING');
    sim.advanceBy(1);
    expect(status(failing)).toBe('TERMINATED');

    sim.setActivationFault({ fleet: fleetId, location: 'us-west-2' }, { delay: { minSeconds: 10, maxSeconds: 10 } });
    const slow = create();
    sim.advanceBy(11);
    expect(status(slow)).toBe('ACTIVATING');
    sim.advanceBy(1);
    expect(status(slow)).toBe('ACTIVE');

    sim.setActivationFault({ fleet: fleetId, location: 'us-west-2' }, undefined);
    sim.setActivationFault({ fleet: fleetId }, undefined);
    const normal = create();
    sim.advanceBy(2);
    expect(status(normal)).toBe('ACTIVE');
  });

  it('any selector either strikes or is refused with a FaultSelectorError that changes nothing', () => {
    const sim = quickSimulation(25);
    const fleetId = activeFleet(sim, { fleetType: 'SPOT', desiredInstances: 3, locations: ['us-west-2', 'eu-west-1'], processesPerInstance: 2 });
    for (let i = 0; i < 4; i++) activeGameSession(sim, fleetId);
    const selector = fc.record({
      fleet: fc.constantFrom(fleetId, 'test-fleet', 'fleet-missing', ''),
      location: fc.option(fc.constantFrom('us-west-2', 'eu-west-1', 'ap-south-1'), { nil: undefined }),
      count: fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
      fraction: fc.option(fc.double({ min: -0.5, max: 1.5, noNaN: true }), { nil: undefined }),
    });
    const kinds = ['reclaimSpot', 'crashProcesses', 'loseCapacity'] as const;
    fc.assert(fc.property(fc.constantFrom(...kinds), selector, (kind, sel) => {
      const before = sim.stateHash();
      try {
        const hit = sim[kind](sel);
        expect(hit.length).toBeLessThanOrEqual(sel.fraction === undefined ? Math.max(sel.count ?? 1, 0) : 100);
      } catch (error) {
        expect(error).toBeInstanceOf(FaultSelectorError);
        expect(sim.stateHash()).toBe(before);
      }
      settleFleets(sim);
    }), { numRuns: 60 });
  });
});
