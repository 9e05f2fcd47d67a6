import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/api/simulation.ts';
import { readRunSnapshot, resumeScenario, runScenario } from '../../src/runner/run.ts';
import { checkScenario, readScenario, ScenarioError, type Scenario } from '../../src/runner/scenario.ts';

const SCENARIO = join(import.meta.dirname, '..', '..', 'scenarios', 'evening-peak.json');
const CHAOS = join(import.meta.dirname, '..', '..', 'scenarios', 'chaos.json');

describe('runScenario', () => {
  for (const seed of [1, 2, 3]) {
    it(`ST-1, ST-2, PL-4, PL-5, PL-6, PL-7, PL-10: the bundled evening-peak scenario keeps every placement rule (seed ${seed})`, async () => {
      const result = runScenario(await readScenario(SCENARIO), seed);
      expect(result.violations).toEqual([]);
      expect(result.checks).toBeGreaterThan(1000);
      const p = result.placements;
      expect(p.PENDING).toBe(0);
      expect(p.FULFILLED + p.TIMED_OUT + p.CANCELLED + p.FAILED).toBe(result.placementCount);
      // The scenario is built to stress: scarce capacity, abandoned lobbies and faults must all show up.
      expect(p.FULFILLED).toBeGreaterThan(0);
      expect(p.TIMED_OUT).toBeGreaterThan(0);
      expect(p.CANCELLED).toBeGreaterThan(0);
      // PL-4, PL-6: the hour when activations outlast their timeout makes placements try again rather than fail. Only
      // placements make game sessions here, and each that did not retry made at most one: more sessions than that
      // means retries.
      expect(result.gameSessionsCreated).toBeGreaterThan(p.FULFILLED + p.TIMED_OUT + p.FAILED);
      expect(result.faultsInjected).toBe(5);
    });
  }

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`ST-1, ST-2, ST-3, PL-4, PL-5, PL-7, PL-10: the chaos scenario (terminal alias, activation timeouts, crashes, reclaims, capacity swings) keeps every placement rule (seed ${seed})`, async () => {
      const result = runScenario(await readScenario(CHAOS), seed);
      expect(result.violations).toEqual([]);
      expect(result.placements.PENDING).toBe(0);
      expect(result.stopsRefused).toBeGreaterThan(0);
    });
  }

  it('counts API calls by operation from the trace: Stop refusals are its errors, starts are its placements', async () => {
    const result = runScenario(await readScenario(CHAOS), 1);
    const stop = result.apiCalls['StopGameSessionPlacement']!;
    expect(stop).toEqual({ calls: result.stopsAccepted + result.stopsRefused, errors: result.stopsRefused, throttles: 0 });
    expect(result.apiCalls['StartGameSessionPlacement']).toEqual({ calls: result.placementCount, errors: 0, throttles: 0 });
    expect(result.apiCalls['CreateFleet']?.calls).toBe(2);
    expect(Object.keys(result.utilization)).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-west-2']);
    for (const u of Object.values(result.utilization)) expect(0 <= u.mean && u.mean <= u.peak && u.peak <= 1).toBe(true);
    expect(Object.values(result.gameSessions).reduce((a, b) => a + b, 0)).toBe(result.gameSessionsCreated);
    expect(Object.values(result.checksByRule).reduce((a, c) => a + c.held + c.failed, 0)).toBe(result.checks);
  });

  it('refuses a scenario whose queue names an unknown destination, naming it', () => {
    const broken = { name: 'x', fleets: [{ name: 'a', processesPerInstance: 1, locations: { 'us-west-2': { desired: 1 } } }], queues: [{ name: 'q', destinations: ['fleet:b'] }], load: { durationMinutes: 1, placementsPerMinute: 1, queues: ['q'], playersPerPlacement: [1, 1], maximumPlayers: 1 } };
    expect(() => checkScenario(broken)).toThrow(ScenarioError);
    expect(() => checkScenario(broken)).toThrow(/fleet:b/);
  });
});

describe('run snapshots', () => {
  /** chaos with a capacity loss and its recovery added, so that a snapshot can fall between the two. */
  async function chaosWithLoss(): Promise<Scenario> {
    const scenario = await readScenario(CHAOS);
    const fleet = scenario.fleets[0]!.name;
    return { ...scenario, faults: [...(scenario.faults ?? []), { kind: 'capacityLoss', atMinute: 5, forMinutes: 20, fleet, fraction: 0.5 }] };
  }

  for (const [name, minutes] of [['evening-peak', [0, 37, 119]], ['chaos', [12]]] as const) {
    for (const atMinute of minutes) {
      it(`DT-3: ${name} saved at minute ${atMinute} and resumed ends as the straight run does, with the same trace hash (seed 3)`, async () => {
        const scenario = name === 'chaos' ? await chaosWithLoss() : await readScenario(SCENARIO);
        const straight = runScenario(scenario, 3);
        let bytes: Uint8Array | undefined;
        const saving = runScenario(scenario, 3, { snapshot: { atMs: atMinute * 60_000, save: (b) => { bytes = b; }, caller: { note: name } } });
        expect(saving).toEqual(straight);
        const from = readRunSnapshot(bytes!);
        expect(from.caller).toEqual({ note: name });
        expect(from.sim.nowMs - from.driver.startMs).toBe(atMinute * 60_000);
        expect(resumeScenario(scenario, from)).toEqual(straight);
      });
    }
  }

  it('DT-3: a snapshot not taken by a run is refused by readRunSnapshot', () => {
    expect(() => readRunSnapshot(new Simulation().snapshot())).toThrow('the snapshot was not taken by a run');
  });
});
