import { join } from 'node:path';
import { StartGameSessionPlacementCommand } from '@aws-sdk/client-gamelift';
import { describe, expect, it, vi } from 'vitest';
import type { Check } from '../../src/runner/checks.ts';
import fc from 'fast-check';
import { Simulation } from '../../src/api/simulation.ts';
import { SnapshotError } from '../../src/api/snapshot.ts';
import { Agenda } from '../../src/runner/agenda.ts';
import { LOBBY_EXAMPLES_MAX, resumeScenario, RUN_SNAPSHOT_VERSION, runScenario, snapshotRefusal } from '../../src/runner/run.ts';
import { referenceClient } from '../../src/runner/reference-client.ts';
import { checkScenario, readScenario, ScenarioError, type Scenario } from '../../src/runner/scenario.ts';
import { matchmaker } from './fixtures/matchmaker.scenario.ts';
import { Timeline, type TimelineState } from '../../src/runner/timeline.ts';

const SCENARIO = join(import.meta.dirname, '..', '..', 'scenarios', 'evening-peak.json');
const CHAOS = join(import.meta.dirname, '..', '..', 'scenarios', 'chaos.json');
const SMALL = join(import.meta.dirname, 'fixtures', 'small.scenario.ts');
/** A user's matchmaker (timers, Date.now, Math.random, randomUUID) with a planted bug, in a scenario module. */
const MATCHMAKER = join(import.meta.dirname, 'fixtures', 'matchmaker.scenario.ts');

describe('runScenario with a client', () => {
  it('DT-1: a matchmaker on setTimeout, setInterval, Date.now, Math.random and randomUUID gets the same outcomes and trace hash twice (seed 2)', async () => {
    const scenario = await readScenario(MATCHMAKER);
    const a = await runScenario(scenario, 2);
    const b = await runScenario(scenario, 2);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.lobbies).toEqual(a.lobbies);
    expect(b.apiCalls).toEqual(a.apiCalls);
    expect(a.lobbies.length).toBeGreaterThan(5);
    // Its placement ids are its own randomUUIDs, drawn from the seed: another seed, other ids and another trace.
    expect(a.lobbies.find((l) => l.outcome === 'placed')?.placementId).toMatch(/^mm-[0-9a-f-]{36}$/);
    expect((await runScenario(scenario, 3)).traceHash).not.toBe(a.traceHash);
  });

  it('the fast path and --wire give the same trace hash, outcomes and call counts for one scenario and seed (seed 3)', async () => {
    const scenario = await readScenario(MATCHMAKER);
    const fast = await runScenario(scenario, 3);
    const wire = await runScenario(scenario, 3, { wire: true });
    expect(wire.traceHash).toBe(fast.traceHash);
    expect(wire.lobbies).toEqual(fast.lobbies);
    expect(wire.apiCalls).toEqual(fast.apiCalls);
  });

  it('DT-1: the bundled client gets the same trace hash, outcomes and call counts on the fast path, where a step settles on its handlers\' promises, as through --wire, where each settles with a macrotask (polling and events, throttles and lost responses, seed 5)', async () => {
    const small = await readScenario(SMALL);
    const transport = { throttle: [{ rate: 0.05 }], loseResponse: [{ operations: ['StartGameSessionPlacement' as const], rate: 0.1 }] };
    for (const outcomes of ['poll', 'events'] as const) {
      // Without the scenario's own checks, which are code: the fast path settles its steps on promises only without them.
      const scenario: Scenario = { ...small, checks: undefined, transport, referenceClient: { outcomes } };
      const fast = await runScenario(scenario, 5);
      const wire = await runScenario(scenario, 5, { wire: true });
      expect(wire.traceHash).toBe(fast.traceHash);
      expect(wire.lobbies).toEqual(fast.lobbies);
      expect(wire.lobbyOutcomes).toEqual(fast.lobbyOutcomes);
      expect(wire.apiCalls).toEqual(fast.apiCalls);
      expect(fast.apiCalls['StartGameSessionPlacement']!.throttles).toBeGreaterThan(0);
      expect(fast.lobbyOutcomes.placed).toBeGreaterThan(0);
    }
  });

  it('reports per-lobby outcomes, time to placement from arrival, and API calls with transport-fault throttles (seed 6)', async () => {
    const result = await runScenario(await readScenario(MATCHMAKER), 6);
    const { placed, gaveUp, error, unresolved } = result.lobbyOutcomes;
    expect(placed + gaveUp + error + unresolved).toBe(result.lobbyCount);
    expect(placed).toBeGreaterThan(0);
    for (const lobby of result.lobbies.filter((l) => l.outcome === 'placed')) {
      expect(lobby.gameSessionArn).toMatch(new RegExp(`/${lobby.placementId}$`));
      expect(lobby.seconds).toBeGreaterThan(0);
      expect(lobby.seconds).toBeLessThanOrEqual(result.lobbySecondsToPlacement.max);
    }
    // The scenario throttles 1% of DescribeGameSessionPlacement calls before they reach the service: counted at send.
    const describe = result.apiCalls['DescribeGameSessionPlacement']!;
    expect(describe.throttles).toBeGreaterThan(0);
    expect(describe.errors).toBeGreaterThanOrEqual(describe.throttles);
    expect(result.apiCalls['StartGameSessionPlacement']!.calls).toBe(result.placementCount);
  });

  it('the bundled disbanded-lobby-session check finds the planted bug; the fixed matchmaker holds (seed 2)', async () => {
    const buggy = await readScenario(MATCHMAKER);
    const found = await runScenario(buggy, 2);
    expect(found.violations.some((v) => v.startsWith('disbanded-lobby-session: lobby '))).toBe(true);
    expect(found.checksByRule['disbanded-lobby-session']!.failed).toBeGreaterThan(0);
    expect(found.checksByRule['leaked-game-session']).toEqual({ held: 1, failed: 0 });
    const fixed: Scenario = { ...buggy, client: matchmaker(false) };
    const held = await runScenario(fixed, 2);
    expect(held.violations).toEqual([]);
    expect(held.stopsRefused).toBeGreaterThan(0);
  });

  it(`a scenario's check hears of every reported lobby once; its looks see only live ones; the result shows at most ${LOBBY_EXAMPLES_MAX} of each outcome (seed 4)`, async () => {
    const scenario = await readScenario(MATCHMAKER);
    const heard: string[] = [];
    let reportedSeen = 0;
    const everyLobby: Check = {
      name: 'every-lobby',
      everySeconds: 5,
      onResolved: (record) => (heard.push(record.lobby.id), []),
      inspect: ({ lobbies }) => {
        for (const r of lobbies.values()) if (r.outcome !== undefined && r.disbandedAtMs === undefined) reportedSeen++;
        return [];
      },
    };
    const result = await runScenario({ ...scenario, checks: [everyLobby] }, 4);
    const { unresolved, ...reported } = result.lobbyOutcomes;
    expect(heard).toHaveLength(Object.values(reported).reduce((a, b) => a + b, 0));
    expect(new Set(heard).size).toBe(heard.length);
    expect(reportedSeen).toBe(0);
    expect(result.lobbyCount).toBe(heard.length + unresolved);
    for (const kind of ['placed', 'gaveUp', 'error', 'unresolved'] as const) {
      expect(result.lobbies.filter((l) => l.outcome === kind)).toHaveLength(Math.min(LOBBY_EXAMPLES_MAX, result.lobbyOutcomes[kind]));
    }
    const indices = result.lobbies.map((l) => Number(l.lobbyId.slice('lobby-'.length)));
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  });

  it('a client whose handler rejects has that lobby reported as an error; the run goes on', async () => {
    const scenario: Scenario = {
      ...(await readScenario(MATCHMAKER)), transport: undefined,
      client: () => ({ onLobby: (lobby) => (lobby.index % 2 === 0 ? Promise.reject(new Error(`no ${lobby.id}`)) : undefined), onDisband: () => {} }),
    };
    const result = await runScenario(scenario, 2);
    expect(result.lobbies.filter((l) => l.lobbyId.endsWith('2'))[0]).toMatchObject({ outcome: 'error', reason: 'Error: no lobby-2' });
    expect(result.lobbyOutcomes.error).toBe(Math.floor(result.lobbyCount / 2));
    expect(result.placementCount).toBe(0);
  });

  it('a client that sends with a callback, as the SDK allows, gets its answers and errors there, and its calls are counted', async () => {
    const answered: string[] = [];
    const refused: string[] = [];
    const scenario: Scenario = {
      ...(await readScenario(MATCHMAKER)), transport: undefined,
      client: ({ client }) => ({
        onLobby: (lobby) => new Promise<void>((resolve) => {
          const start = new StartGameSessionPlacementCommand({ PlacementId: lobby.id, GameSessionQueueName: lobby.queue, MaximumPlayerSessionCount: 10 });
          client.send(start, (error, output) => {
            if (output !== undefined) answered.push(output.GameSessionPlacement!.PlacementId!);
            // The same id again is refused; the callback comes third, after the options.
            client.send(start, {}, (again) => {
              if (again !== null && again !== undefined) refused.push(again.name);
              resolve();
            });
          });
        }),
        onDisband: () => {},
      }),
    };
    const result = await runScenario(scenario, 2);
    expect(answered).toHaveLength(result.lobbyCount);
    expect(refused).toEqual(Array.from({ length: result.lobbyCount }, () => 'InvalidRequestException'));
    expect(result.apiCalls['StartGameSessionPlacement']).toMatchObject({ calls: 2 * result.lobbyCount, errors: result.lobbyCount });
  });
});

describe('runScenario', () => {
  for (const seed of [1]) {
    it(`ST-1, ST-2, PL-4, PL-5, PL-6, PL-7, PL-10: the bundled evening-peak scenario keeps every placement rule (seed ${seed})`, async () => {
      const result = await runScenario(await readScenario(SCENARIO), seed);
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

  for (const seed of [1, 2]) {
    it(`ST-1, ST-2, ST-3, PL-4, PL-5, PL-7, PL-10: the chaos scenario (terminal alias, activation timeouts, crashes, reclaims, capacity swings) keeps every placement rule (seed ${seed})`, async () => {
      const result = await runScenario(await readScenario(CHAOS), seed);
      expect(result.violations).toEqual([]);
      expect(result.placements.PENDING).toBe(0);
      expect(result.stopsRefused).toBeGreaterThan(0);
    });
  }

  it('counts the reference client\'s API calls by operation: Stop refusals are its errors, starts are its placements', async () => {
    const result = await runScenario(await readScenario(CHAOS), 1);
    const stop = result.apiCalls['StopGameSessionPlacement']!;
    expect(stop).toEqual({ calls: result.stopsAccepted + result.stopsRefused, errors: result.stopsRefused, throttles: 0 });
    expect(result.apiCalls['StartGameSessionPlacement']).toEqual({ calls: result.placementCount, errors: 0, throttles: 0 });
    expect(result.apiCalls['CreateFleet']?.calls).toBe(2);
    expect(Object.keys(result.utilization)).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-west-2']);
    for (const u of Object.values(result.utilization)) expect(0 <= u.mean && u.mean <= u.peak && u.peak <= 1).toBe(true);
    expect(Object.values(result.gameSessions).reduce((a, b) => a + b, 0)).toBe(result.gameSessionsCreated);
    expect(Object.values(result.checksByRule).reduce((a, c) => a + c.held + c.failed, 0)).toBe(result.checks);
  });

  it('PL-10: the reference client listening to placement events reports each lobby at its placement\'s end, without polling (chaos, seed 1)', async () => {
    const chaos = await readScenario(CHAOS);
    const polled = await runScenario(chaos, 1);
    const heard = await runScenario({ ...chaos, referenceClient: { outcomes: 'events' } }, 1);
    expect(heard.violations).toEqual([]);
    expect(heard.apiCalls['DescribeGameSessionPlacement']).toBeUndefined();
    expect(polled.apiCalls['DescribeGameSessionPlacement']!.calls).toBeGreaterThan(heard.placementCount);
    expect(heard.lobbyOutcomes.unresolved).toBe(0);
    // Heard at the instant a placement is fulfilled, a lobby's time to placement is its placement's, arrival to end.
    expect(heard.lobbySecondsToPlacement.max).toBeLessThanOrEqual(polled.lobbySecondsToPlacement.max);
    expect(heard.lobbySecondsToPlacement.mean).toBeLessThan(polled.lobbySecondsToPlacement.mean);
  });

  it('PL-10: a client of the scenario\'s own hears placement events through its context (the reference client\'s factory, listening)', async () => {
    const chaos = await readScenario(CHAOS);
    const result = await runScenario({ ...chaos, client: referenceClient({ outcomes: 'events' }) }, 2);
    expect(result.violations).toEqual([]);
    expect(result.apiCalls['DescribeGameSessionPlacement']).toBeUndefined();
    expect(result.lobbyOutcomes.unresolved).toBe(0);
    expect(result.lobbyOutcomes.placed).toBeGreaterThan(0);
  });

  it('once the load is over, looks whether the run has drained only when that can have changed, not every millisecond', async () => {
    const scenario = await readScenario(CHAOS);
    const at = vi.spyOn(Agenda.prototype, 'at');
    try {
      const result = await runScenario(scenario, 1);
      const looks = at.mock.calls.filter(([, item]) => (item as { kind: string }).kind === 'drain').length;
      const drainMs = result.virtualMs - scenario.load.durationMinutes * 60_000;
      // The drain lasts about 20 virtual seconds here: 20,000 looks, once, one a millisecond.
      expect(drainMs).toBeGreaterThan(10_000);
      expect(looks).toBeLessThan(drainMs / 20);
    } finally {
      at.mockRestore();
    }
  });

  /** Runs `scenario` as it is, then looking every millisecond after the load, as runs once did: both end alike. */
  async function expectSameAsLookingEveryMs(scenario: Scenario, seed: number): Promise<void> {
    const jumping = await runScenario(scenario, seed);
    const at = Agenda.prototype.at;
    const spy = vi.spyOn(Agenda.prototype, 'at').mockImplementation(function (this: Agenda<unknown>, dueMs: number, item: unknown) {
      const looksLater = (item as { kind: string }).kind === 'drain' && dueMs > Date.now() + 1;
      return at.call(this, looksLater ? Date.now() + 1 : dueMs, item);
    });
    try {
      const stepping = await runScenario(scenario, seed);
      expect(spy.mock.calls.filter(([, item]) => (item as { kind: string }).kind === 'drain').length).toBeGreaterThan(5_000);
      expect(stepping.virtualMs).toBe(jumping.virtualMs);
      expect(stepping.traceHash).toBe(jumping.traceHash);
      expect(stepping).toEqual(jumping);
    } finally {
      spy.mockRestore();
    }
  }

  it.each([['chaos.json', 1], ['chaos.json', 2], ['quickstart.ts', 4242]])('once the load is over, ends at the very instant a look every millisecond would have ended it (%s, seed %s)', async (file, seed) => {
    await expectSameAsLookingEveryMs(await readScenario(join(import.meta.dirname, '..', '..', 'scenarios', file)), seed);
  });

  it('a client that never reports on its lobbies: the run ends at the very instant the report grace runs out', async () => {
    const silent: Scenario = {
      ...(await readScenario(MATCHMAKER)), transport: undefined,
      client: ({ client }) => ({
        onLobby: async (lobby) => {
          await client.send(new StartGameSessionPlacementCommand({ PlacementId: lobby.id, GameSessionQueueName: lobby.queue, MaximumPlayerSessionCount: 10 }));
        },
        onDisband: () => {},
      }),
    };
    await expectSameAsLookingEveryMs(silent, 3);
  });

  it('refuses referenceClient beside a client of the scenario\'s own, and an outcome mode it does not know', () => {
    const base = { name: 'x', fleets: [{ name: 'a', processesPerInstance: 1, locations: { 'us-west-2': { desired: 1 } } }], queues: [{ name: 'q', destinations: ['fleet:a'] }] };
    expect(() => checkScenario({ ...base, client: () => ({ onLobby: () => {}, onDisband: () => {} }), referenceClient: { outcomes: 'events' } }))
      .toThrow(/referenceClient sets the bundled reference client/);
    expect(() => checkScenario({ ...base, referenceClient: { outcomes: 'push' } })).toThrow(/referenceClient\.outcomes/);
    expect(() => checkScenario({ ...base, referenceClient: { pollSeconds: 0 } })).toThrow(/referenceClient\.pollSeconds/);
  });

  it('refuses a scenario whose queue names an unknown destination, naming it', () => {
    const broken = { name: 'x', fleets: [{ name: 'a', processesPerInstance: 1, locations: { 'us-west-2': { desired: 1 } } }], queues: [{ name: 'q', destinations: ['fleet:b'] }], load: { durationMinutes: 1, placementsPerMinute: 1, queues: ['q'], playersPerPlacement: [1, 1], maximumPlayers: 1 } };
    expect(() => checkScenario(broken)).toThrow(ScenarioError);
    expect(() => checkScenario(broken)).toThrow(/fleet:b/);
  });
});

describe('runScenario with a snapshot, and resumeScenario', () => {
  /** The small scenario on the reference client, with transport faults that make it back off and retry (no delays). */
  async function small(): Promise<Scenario> {
    const scenario = await readScenario(SMALL);
    return {
      ...scenario, checks: undefined,
      transport: { throttle: [{ rate: 0.1 }], internalError: [{ rate: 0.05 }], loseResponse: [{ operations: ['StartGameSessionPlacement', 'StopGameSessionPlacement'], rate: 0.1 }] },
    };
  }

  /** Runs `scenario` straight through, and saving itself at `minutes`; returns both results and the snapshot. */
  async function saved(scenario: Scenario, seed: number, minutes: number) {
    let bytes: Uint8Array | undefined;
    const saving = await runScenario(scenario, seed, { snapshot: { atMinutes: minutes, save: (b) => (bytes = b) } });
    return { saving, bytes: bytes! };
  }

  it('DT-3: a run saved at a virtual time and resumed gives the same trace hash and result as running straight through, and saving changes nothing (reclaims, capacity loss held across, throttles, lost responses)', async () => {
    const scenario = await small();
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 12 }), async (seed, halfMinutes) => {
      const straight = await runScenario(scenario, seed);
      const { saving, bytes } = await saved(scenario, seed, halfMinutes / 2);
      expect(saving).toEqual(straight);
      const resumed = await resumeScenario(bytes);
      expect(resumed.traceHash).toBe(straight.traceHash);
      expect(resumed).toEqual(straight);
    }), { numRuns: 4 });
  }, 120_000);

  it('DT-3: a run whose reference client listens to placement events, resumed from minute 4, gives the straight run\'s trace hash and result', async () => {
    const scenario = { ...(await small()), referenceClient: { outcomes: 'events' as const } };
    const straight = await runScenario(scenario, 5);
    const { saving, bytes } = await saved(scenario, 5, 4);
    expect(saving).toEqual(straight);
    const resumed = await resumeScenario(bytes);
    expect(resumed.traceHash).toBe(straight.traceHash);
    expect(resumed).toEqual(straight);
  }, 60_000);

  it('DT-3: a run saved while the reference client waits to retry a Start, then a Stop, goes on to the straight run (seed 1, minutes 4 and 5)', async () => {
    const base = await small();
    const scenario: Scenario = {
      ...base, transport: { throttle: [{ operations: ['StartGameSessionPlacement', 'StopGameSessionPlacement', 'TerminateGameSession'], rate: 0.6 }] },
      load: { ...base.load, disband: { fraction: 0.6, afterSeconds: { minSeconds: 1, maxSeconds: 6 } } },
    };
    const straight = await runScenario(scenario, 1);
    for (const [minutes, waiting] of [[4, 'start'], [5, 'stop']] as const) {
      const { bytes } = await saved(scenario, 1, minutes);
      // What the snapshot planned (its layout is the runner's own): the retry the client waits on is among it.
      const planned = (Simulation.restoreWith(bytes).attached as { driver: { planned: { item: { kind: string } }[] } }).driver.planned;
      expect(planned.map((p) => p.item.kind)).toContain(waiting);
      expect(await resumeScenario(bytes)).toEqual(straight);
    }
  }, 60_000);

  it('DT-3: a bundled JSON scenario resumed from minute 20 gives the straight run\'s trace hash and result (chaos, seed 2)', async () => {
    const chaos = await readScenario(CHAOS);
    const straight = await runScenario(chaos, 2);
    const resumed = await resumeScenario((await saved(chaos, 2, 20)).bytes, { scenario: chaos });
    expect(resumed.traceHash).toBe(straight.traceHash);
    expect(resumed).toEqual(straight);
  }, 60_000);

  it('DT-3: a report\'s timeline saved with the run and restored charts the whole run: the same series as the straight run\'s (chaos, seed 3, minute 25)', async () => {
    const chaos = await readScenario(CHAOS);
    const straight = new Timeline();
    const straightResult = await runScenario(chaos, 3, { timeline: straight });
    let bytes: Uint8Array | undefined;
    const saving = new Timeline();
    await runScenario(chaos, 3, { timeline: saving, snapshot: { atMinutes: 25, save: (b) => (bytes = b) } });
    expect(saving.series()).toEqual(straight.series());
    const resumed = new Timeline();
    expect(await resumeScenario(bytes!, { timeline: resumed })).toEqual(straightResult);
    expect(resumed.series()).toEqual(straight.series());
    // A snapshot saved without a timeline has none to go on from: refused, rather than a chart of half a run.
    const { bytes: bare } = await saved(chaos, 3, 25);
    await expect(resumeScenario(bare, { timeline: new Timeline() })).rejects.toThrow(/saved by a run without a report, so it holds no timeline/);
    // One whose timeline breaks its bounds is refused as damaged.
    const { sim, attached } = Simulation.restoreWith(bytes!);
    const { timeline } = attached as { timeline: TimelineState };
    const damaged = sim.snapshot({ ...(attached as object), timeline: { ...timeline, points: [] } });
    await expect(resumeScenario(damaged, { timeline: new Timeline() })).rejects.toThrow(/this snapshot's timeline is damaged: a timeline holds 1 to pointsMax/);
  }, 60_000);

  it('refuses to snapshot a run whose state is code: its own client or checks, delayed responses, --wire', async () => {
    const scenario = await small();
    expect(snapshotRefusal(scenario)).toBeUndefined();
    expect(snapshotRefusal({ ...scenario, client: () => ({ onLobby: () => {}, onDisband: () => {} }) })).toMatch(/its own client/);
    expect(snapshotRefusal({ ...scenario, checks: [{ name: 'x', inspect: () => [] }] })).toMatch(/its own checks/);
    expect(snapshotRefusal({ ...scenario, transport: { delay: [{ minMs: 1, maxMs: 5 }] } })).toMatch(/transport\.delay/);
    expect(snapshotRefusal(scenario, { wire: true })).toMatch(/--wire/);
    const own = { ...scenario, client: () => ({ onLobby: () => {}, onDisband: () => {} }) };
    await expect(runScenario(own, 1, { snapshot: { atMinutes: 1, save: () => {} } })).rejects.toThrow(SnapshotError);
    await expect(runScenario(scenario, 1, { snapshot: { atMinutes: 7, save: () => {} } })).rejects.toThrow(/0 to 6 minutes/);
  });

  it('refuses to go on from a snapshot of another scenario, of another run version, or of a bare simulation, saying which', async () => {
    const scenario = await small();
    const { bytes } = await saved(scenario, 3, 2);
    const other = { ...scenario, load: { ...scenario.load, lobbySize: { min: 1, max: 2 } } };
    await expect(resumeScenario(bytes, { scenario: other })).rejects.toThrow(/the snapshot is of scenario "small" as it was defined then/);
    await expect(resumeScenario(new Simulation({ seed: 1 }).snapshot())).rejects.toThrow(/holds a simulation, not a run/);
    const future = new Simulation({ seed: 1 }).snapshot({ kind: 'gamelift-sim run', version: 999 });
    await expect(resumeScenario(future)).rejects.toThrow(new RegExp(`version 999; gamelift-sim .* goes on with version ${RUN_SNAPSHOT_VERSION} only`));
  });
});
