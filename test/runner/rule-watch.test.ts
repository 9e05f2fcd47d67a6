import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import type { Placement } from '../../src/model/placement/entities.ts';
import type { PlacementEvent } from '../../src/model/placement/events.ts';
import { RuleWatch } from '../../src/runner/rule-watch.ts';
import { activeFleet, quickSimulation } from '../support/fixtures.ts';

describe('RuleWatch', () => {
  it('PL-7, DG-9: holds a settled placement only while the simulation retains it, yet counts it and its time to placement for good', () => {
    let watch: RuleWatch | undefined;
    const sim = quickSimulation(41, { config: { retention: { placementsHours: 1 } }, onCall: (operation, error, input) => watch?.called(operation, error, input) });
    const fleetId = activeFleet(sim, { processesPerInstance: 20 });
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }] });
    watch = new RuleWatch(sim);
    const start = (id: string): void => {
      sim.call('StartGameSessionPlacement', { PlacementId: id, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });
    };
    for (let i = 0; i < 5; i++) start(`early-${i}`);
    sim.advanceBy(10);
    expect(watch.held).toBe(5);
    sim.advanceBy(3600);
    // Retention ended for the first five: the next settled placement lets them go.
    start('late');
    expect(watch.held).toBe(6);
    sim.advanceBy(10);
    expect(watch.held).toBe(1);
    expect(watch.started).toBe(6);
    expect(watch.pending).toBe(0);
    expect(watch.byStatus()).toEqual({ PENDING: 0, FULFILLED: 6, CANCELLED: 0, TIMED_OUT: 0, FAILED: 0 });
    expect(watch.fulfilSeconds().max).toBeGreaterThan(0);
    watch.finish();
    expect(watch.violations).toEqual([]);
    // PL-7: once per settling (it settled once), then at the end two (status, EndTime) for the one still retained.
    expect(watch.byRule['PL-7']).toEqual({ held: 6 + 2, failed: 0 });
  });

  it('PL-1, ST-4: a broken rule is counted as failed under its ID and reported with what broke', () => {
    const sim = quickSimulation(42);
    const fleetId = activeFleet(sim);
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }] });
    sim.call('StartGameSessionPlacement', { PlacementId: 'real', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });
    const watch = new RuleWatch(sim);
    // Calls as a broken service would have answered them: a Start that made nothing, a Stop that found nothing that exists.
    watch.called('StartGameSessionPlacement', undefined, { PlacementId: 'ghost' });
    watch.called('StopGameSessionPlacement', 'NotFoundException', { PlacementId: 'real' });
    watch.called('StopGameSessionPlacement', 'NotFoundException', { PlacementId: 'none' });
    expect(watch.violations).toEqual([
      'PL-1: ghost did not start PENDING now',
      'ST-4: Stop of real, which exists, failed with NotFoundException',
    ]);
    expect(watch.byRule).toEqual({ 'PL-1': { held: 0, failed: 1 }, 'ST-4': { held: 1, failed: 1 } });
    expect(watch.checks).toBe(3);
  });

  /**
   * A world broken at the instant a placement settles: `breakIt` changes the settled placement before the watch hears
   * its event (a listener subscribed before the watch's hears it first), as a defect in the model would have left it.
   * `drive` starts (and perhaps stops) placements on a queue with a 30 s timeout on one ACTIVE fleet, which has no
   * instance when `capacity` is false (its placements time out); the watch then hears a minute more.
   */
  const brokenAtSettle = (
    breakIt: (placement: Placement, sim: Simulation, event: PlacementEvent) => void,
    drive: (start: (id: string) => void, sim: Simulation) => void,
    options: { capacity?: boolean } = {},
  ): RuleWatch => {
    let watch: RuleWatch | undefined;
    const sim = quickSimulation(43, { onCall: (operation, error, input) => watch?.called(operation, error, input) });
    const fleetId = activeFleet(sim, { processesPerInstance: 4 });
    if (options.capacity === false) sim.call('UpdateFleetCapacity', { FleetId: fleetId, DesiredInstances: 0, MinSize: 0 });
    sim.advanceBy(120);
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 30 });
    sim.onPlacementEvent((event) => breakIt(sim.placements.placements.get(event.detail.placementId)!, sim, event));
    watch = new RuleWatch(sim);
    drive((id) => void sim.call('StartGameSessionPlacement', { PlacementId: id, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 }), sim);
    sim.advanceBy(60);
    return watch;
  };
  const startAll = (...ids: string[]) => (start: (id: string) => void): void => ids.forEach(start);

  it('PL-10, PL-4, PL-5: every settle check holds on a sound world', () => {
    const watch = brokenAtSettle(() => {}, startAll('a', 'b'));
    expect(watch.violations).toEqual([]);
    expect(watch.byRule).toMatchObject({ 'PL-10': { held: 2, failed: 0 }, 'PL-4': { held: 4, failed: 0 }, 'PL-5': { held: 2, failed: 0 } });
  });

  it('PL-10: a placement whose status is not the one its event announced is caught', () => {
    const watch = brokenAtSettle((placement) => { placement.status = 'FAILED'; }, startAll('a'));
    expect(watch.violations).toContainEqual(expect.stringMatching(/^PL-10: a announced PlacementFulfilled ending \S+ but is FAILED since \d+$/));
    expect(watch.byRule['PL-10']).toEqual({ held: 0, failed: 1 });
  });

  it('PL-10: an event that announces another EndTime than the placement\'s is caught', () => {
    const watch = brokenAtSettle((_placement, _sim, event) => {
      (event.detail as { endTime: string }).endTime = new Date(Date.parse(event.detail.endTime) + 3_600_000).toISOString();
    }, startAll('a'));
    expect(watch.violations).toContainEqual(expect.stringMatching(/^PL-10: a announced PlacementFulfilled ending \S+ but is FULFILLED since \d+$/));
    expect(watch.byRule['PL-10']).toEqual({ held: 0, failed: 1 });
  });

  it('PL-4: a fulfilled placement whose game session cannot be found by its ARN is caught', () => {
    const watch = brokenAtSettle((placement, sim) => { sim.world.gameSessions.delete(placement.gameSession!.gameSessionId); }, startAll('a'));
    expect(watch.violations).toEqual(['PL-4: a fulfilled with game session in ACTIVE, not found by its ARN']);
  });

  it('PL-4: a fulfilled placement whose game session is not ACTIVE, or not the one its event names, is caught', () => {
    const notActive = brokenAtSettle((placement) => { placement.gameSession!.status = 'TERMINATED'; }, startAll('a'));
    expect(notActive.violations).toEqual(['PL-4: a fulfilled with game session in TERMINATED']);
    const other = brokenAtSettle((placement, sim) => {
      if (placement.placementId === 'b') placement.gameSession = sim.placements.placements.get('a')!.gameSession;
    }, startAll('a', 'b'));
    expect(other.violations).toEqual([expect.stringMatching(/^PL-4: b fulfilled with \S+\/a, not named after it$/)]);
  });

  it('PL-5: a placement that ends unfulfilled leaving a game session running, or times out off its timeout, is caught', () => {
    const leaves = brokenAtSettle((placement, sim) => {
      if (placement.status === 'CANCELLED') placement.gameSession = sim.placements.placements.get('a')!.gameSession;
    }, (start, sim) => {
      start('a');
      sim.advanceBy(10);
      start('b');
      sim.call('StopGameSessionPlacement', { PlacementId: 'b' });
    });
    expect(leaves.violations).toEqual([expect.stringMatching(/^PL-5: b ended PlacementCancelled leaving game session \S+\/a ACTIVE$/)]);
    const late = brokenAtSettle((placement) => { (placement as { timeoutAtMs: number }).timeoutAtMs += 5000; }, startAll('a'), { capacity: false });
    expect(late.violations).toEqual(['PL-5: a timed out after 30 s, not 35 s']);
  });
});
