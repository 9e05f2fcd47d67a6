import { describe, expect, it } from 'vitest';
import { RuleWatch } from '../../src/runner/rule-watch.ts';
import { activeFleet, quickSimulation } from '../support/fixtures.ts';

describe('RuleWatch', () => {
  it('PL-7, DG-9: holds a settled placement only while the simulation retains it, yet counts it and its time to placement for good', () => {
    let watch: RuleWatch | undefined;
    const sim = quickSimulation(41, { config: { retention: { placementsHours: 1 } }, onCall: (operation, error, input) => watch?.called({ operation, error, input }) });
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
    watch.called({ operation: 'StartGameSessionPlacement', error: undefined, input: { PlacementId: 'ghost' } });
    watch.called({ operation: 'StopGameSessionPlacement', error: 'NotFoundException', input: { PlacementId: 'real' } });
    watch.called({ operation: 'StopGameSessionPlacement', error: 'NotFoundException', input: { PlacementId: 'none' } });
    expect(watch.violations).toEqual([
      'PL-1: ghost did not start PENDING now',
      'ST-4: Stop of real, which exists, failed with NotFoundException',
    ]);
    expect(watch.byRule).toEqual({ 'PL-1': { held: 0, failed: 1 }, 'ST-4': { held: 1, failed: 1 } });
    expect(watch.checks).toBe(3);
  });
});
