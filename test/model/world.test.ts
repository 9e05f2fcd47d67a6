import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/api/simulation.ts';
import {
  HOME,
  REMOTE,
  applyAction,
  attempt,
  chaosTimings,
  coreActions,
  coreWorld,
  describeGameSession,
  gameSessionHistories,
  gameSessionTimelines,
  listGameSessions,
  type CoreWorld,
} from '../support/core-arbitraries.ts';
import { activeFleet, activeGameSession, expectRefusedUnchanged, quickSimulation } from '../support/fixtures.ts';

/** GS-1's transitions, and ACTIVATING → ERROR, the crash fault's way into ERROR [C] (world.ts). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  ACTIVATING: ['ACTIVE', 'TERMINATED', 'ERROR'],
  ACTIVE: ['TERMINATING'],
  TERMINATING: ['TERMINATED'],
  TERMINATED: [],
  ERROR: [],
};

describe('GS-1: game session lifecycle', () => {
  it('GS-1: under random operations, faults and time, every status change is one GS-1 allows', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 8 }),
        coreActions({ players: true, scaling: true }, 40),
        (seed, activationTimeoutSeconds, actions) => {
          const w = coreWorld(seed, { activationTimeoutSeconds, timings: chaosTimings });
          for (const action of actions) applyAction(w, action);
          w.sim.advanceBy(600);
          for (const [id, history] of gameSessionHistories(w.sim)) {
            expect(history[0]).toBe('ACTIVATING');
            for (let i = 1; i < history.length; i++) {
              expect(ALLOWED[history[i - 1]!], `${id}: ${history.join(' → ')}`).toContain(history[i]);
            }
            // What DescribeGameSessions shows is the last status the session took.
            expect(describeGameSession(w.sim, id).Status).toBe(history.at(-1));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('GS-1: a session not activated within GameSessionActivationTimeoutSeconds ends TERMINATED and frees its process', () => {
    const sim = quickSimulation(11, { config: { timings: { gameSessionActivation: { minSeconds: 5, maxSeconds: 5 } } } });
    const fleetId = activeFleet(sim, { processesPerInstance: 1, activationTimeoutSeconds: 3 });
    const created = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }).GameSession!;
    const id = created.GameSessionId!;
    expectRefusedUnchanged(sim, 'FleetCapacityExceededException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }));
    sim.advanceBy(2.999);
    expect(describeGameSession(sim, id).Status).toBe('ACTIVATING');
    sim.advanceBy(0.001);
    const ended = describeGameSession(sim, id);
    expect(ended.Status).toBe('TERMINATED');
    expect(ended.TerminationTime!.getTime()).toBe(created.CreationTime!.getTime() + 3000);
    expect(ended.StatusReason).toBeUndefined();
    expect(ended.IpAddress).toBeUndefined();
    // Its activation, due at 5 s, must not revive it.
    sim.advanceBy(10);
    expect(describeGameSession(sim, id).Status).toBe('TERMINATED');
    expect(gameSessionHistories(sim).get(id)).toEqual(['ACTIVATING', 'TERMINATED']);
    expect(sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }).GameSession!.Status).toBe('ACTIVATING');
  });

  it('GS-1: a session activated before its timeout is ACTIVE and stays so; the timeout no longer applies', () => {
    const sim = quickSimulation(12);
    const fleetId = activeFleet(sim, { activationTimeoutSeconds: 3 });
    const id = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }).GameSession!.GameSessionId!;
    sim.advanceBy(1.999);
    expect(describeGameSession(sim, id).Status).toBe('ACTIVATING');
    sim.advanceBy(0.001);
    expect(describeGameSession(sim, id).Status).toBe('ACTIVE');
    sim.advanceBy(100);
    expect(describeGameSession(sim, id).Status).toBe('ACTIVE');
  });

  it('GS-1: ACTIVE → TERMINATING → TERMINATED, whether the process is asked to end, forced, or ends by itself', () => {
    const sim = quickSimulation(13, { config: { timings: { gameSessionLifetime: { minSeconds: 50, maxSeconds: 50 } } } });
    const fleetId = activeFleet(sim, { processesPerInstance: 3 });
    const asked = activeGameSession(sim, fleetId);
    const forced = activeGameSession(sim, fleetId);
    const natural = activeGameSession(sim, fleetId);

    const askedView = sim.call('TerminateGameSession', { GameSessionId: asked, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }).GameSession!;
    expect(askedView.Status).toBe('TERMINATING');
    expect(askedView.StatusReason).toBe('TRIGGERED_ON_PROCESS_TERMINATE');
    const forcedView = sim.call('TerminateGameSession', { GameSessionId: forced, TerminationMode: 'FORCE_TERMINATE' }).GameSession!;
    expect(forcedView.Status).toBe('TERMINATING');
    expect(forcedView.StatusReason).toBe('FORCE_TERMINATED');
    sim.advanceBy(1);
    expect(describeGameSession(sim, asked)).toMatchObject({ Status: 'TERMINATED', StatusReason: 'TRIGGERED_ON_PROCESS_TERMINATE' });
    expect(describeGameSession(sim, forced)).toMatchObject({ Status: 'TERMINATED', StatusReason: 'FORCE_TERMINATED' });
    sim.advanceBy(60);
    expect(describeGameSession(sim, natural).Status).toBe('TERMINATED');

    const histories = gameSessionHistories(sim);
    for (const id of [asked, forced, natural]) expect(histories.get(id)).toEqual(['ACTIVATING', 'ACTIVE', 'TERMINATING', 'TERMINATED']);
  });

  it('GS-1: ERROR is a dead end: time, crashes and TerminateGameSession leave it ERROR', () => {
    const sim = quickSimulation(14);
    const fleetId = activeFleet(sim);
    const id = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }).GameSession!.GameSessionId!;
    sim.crashGameSessionProcess(id);
    expect(describeGameSession(sim, id).Status).toBe('ERROR');
    sim.advanceBy(700);
    sim.crashGameSessionProcess(id);
    for (const TerminationMode of ['FORCE_TERMINATE', 'TRIGGER_ON_PROCESS_TERMINATE'] as const) {
      expectRefusedUnchanged(sim, 'InvalidGameSessionStatusException', () => sim.call('TerminateGameSession', { GameSessionId: id, TerminationMode }));
    }
    expect(describeGameSession(sim, id).Status).toBe('ERROR');
    expect(gameSessionHistories(sim).get(id)).toEqual(['ACTIVATING', 'ERROR']);
  });
});

/** Live game sessions (holding a server process) by the instance (ComputeName) they run on, as the API shows them. */
function liveByInstance(sim: Simulation, fleetId: string): Map<string, { live: number; activating: number }> {
  const counts = new Map<string, { live: number; activating: number }>();
  for (const s of listGameSessions(sim, { FleetId: fleetId, Limit: 50 }).items) {
    if (s.Status !== 'ACTIVATING' && s.Status !== 'ACTIVE' && s.Status !== 'TERMINATING') continue;
    const c = counts.get(s.ComputeName!) ?? { live: 0, activating: 0 };
    c.live++;
    if (s.Status === 'ACTIVATING') c.activating++;
    counts.set(s.ComputeName!, c);
  }
  return counts;
}

/** Whether GS-2 leaves room for one more game session in `location`: an ACTIVE instance with a free process and room to activate. */
function roomFor(w: CoreWorld, location: string, processes: number, maxActivating: number): boolean {
  const counts = liveByInstance(w.sim, w.fleetId);
  const loc = w.sim.world.fleets.get(w.fleetId)!.locations.get(location)!;
  return [...loc.instances].some((i) => {
    const c = counts.get(i.instanceId) ?? { live: 0, activating: 0 };
    return i.status === 'ACTIVE' && c.live < processes && c.activating < maxActivating;
  });
}

describe('GS-2: capacity', () => {
  it('GS-2: a location holds active instances × processes per instance game sessions, then FleetCapacityExceededException', () => {
    const sim = quickSimulation(21);
    const fleetId = activeFleet(sim, { locations: [HOME, REMOTE], processesPerInstance: 4, desiredInstances: 3 });
    for (let i = 0; i < 12; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 });
    expectRefusedUnchanged(sim, 'FleetCapacityExceededException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 }));
    // The remote location's capacity is its own.
    for (let i = 0; i < 12; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, Location: REMOTE });
    expectRefusedUnchanged(sim, 'FleetCapacityExceededException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1, Location: REMOTE }));
    const perInstance = liveByInstance(sim, fleetId);
    expect(perInstance.size).toBe(6);
    for (const c of perInstance.values()) expect(c.live).toBe(4);
  });

  it('GS-2: instances still starting add no capacity until they are ACTIVE', () => {
    const sim = quickSimulation(22);
    const fleetId = activeFleet(sim, { processesPerInstance: 2 });
    sim.call('UpdateFleetCapacity', { FleetId: fleetId, DesiredInstances: 2, MaxSize: 2 });
    for (let i = 0; i < 2; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 });
    expectRefusedUnchanged(sim, 'FleetCapacityExceededException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 }));
    sim.advanceBy(30);
    for (let i = 0; i < 2; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 });
    expectRefusedUnchanged(sim, 'FleetCapacityExceededException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 }));
  });

  it('GS-2: at most MaxConcurrentGameSessionActivations sessions activate at once on one instance', () => {
    const sim = quickSimulation(23);
    const fleetId = activeFleet(sim, { processesPerInstance: 4, maxConcurrentActivations: 2 });
    for (let i = 0; i < 2; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 });
    expectRefusedUnchanged(sim, 'FleetCapacityExceededException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 }));
    sim.advanceBy(2);
    for (let i = 0; i < 2; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 });
    expectRefusedUnchanged(sim, 'FleetCapacityExceededException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 }));
  });

  it('GS-2: under random operations, faults and time, a create succeeds exactly when an ACTIVE instance has a free process and room to activate', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        coreActions({ scaling: true }, 40),
        (seed, processes, activations, actions) => {
          const maxActivating = Math.min(activations, processes);
          const w = coreWorld(seed, { processesPerInstance: processes, maxConcurrentActivations: maxActivating, timings: chaosTimings });
          for (const action of actions) {
            if (action.kind === 'create') {
              const location = w.locations[action.location]!;
              const room = roomFor(w, location, processes, maxActivating);
              const refused = attempt(w.sim, () => w.sim.call('CreateGameSession', { FleetId: w.fleetId, MaximumPlayerSessionCount: 1, Location: location }));
              expect(refused).toBe(room ? undefined : 'FleetCapacityExceededException');
            } else {
              applyAction(w, action);
            }
            for (const c of liveByInstance(w.sim, w.fleetId).values()) {
              expect(c.live).toBeLessThanOrEqual(processes);
              expect(c.activating).toBeLessThanOrEqual(maxActivating);
            }
          }
          // One game session per server process: live sessions on one instance hold distinct ports.
          for (const loc of w.sim.world.fleets.get(w.fleetId)!.locations.values()) {
            for (const instance of loc.instances) {
              const ports = [...instance.sessions].map((s) => s.port);
              expect(new Set(ports).size).toBe(ports.length);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('GS-3: spot reclaim', () => {
  it('GS-3: a reclaimed instance gives two minutes\' notice, takes no new session, then its sessions end TERMINATED with INTERRUPTED; a replacement is launched', () => {
    const sim = quickSimulation(31);
    const fleetId = activeFleet(sim, { fleetType: 'SPOT', processesPerInstance: 2 });
    const active = activeGameSession(sim, fleetId, 4);
    sim.call('CreatePlayerSession', { GameSessionId: active, PlayerId: 'p1' });
    const activating = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 4 }).GameSession!.GameSessionId!;
    const instanceId = describeGameSession(sim, active).ComputeName!;
    const noticeMs = sim.nowMs;
    sim.reclaimSpotInstance(instanceId);

    const capacity = sim.call('DescribeFleetCapacity', { FleetIds: [fleetId] }).FleetCapacity![0]!.InstanceCounts!;
    expect(capacity).toMatchObject({ DESIRED: 1, PENDING: 1, ACTIVE: 0, TERMINATING: 1 });
    expect(describeGameSession(sim, active).Status).toBe('ACTIVE');

    sim.advanceBy(119.999);
    expect(describeGameSession(sim, active).Status).toBe('ACTIVE');
    // The session that was activating when notice came still activates: only the instance is going.
    expect(describeGameSession(sim, activating).Status).toBe('ACTIVE');
    sim.advanceBy(0.001);
    for (const id of [active, activating]) {
      const ended = describeGameSession(sim, id);
      expect(ended.Status).toBe('TERMINATED');
      expect(ended.StatusReason).toBe('INTERRUPTED');
      expect(ended.TerminationTime!.getTime()).toBe(noticeMs + 120_000);
    }
    const players = sim.call('DescribePlayerSessions', { GameSessionId: active }).PlayerSessions!;
    expect(players.map((p) => p.Status)).toEqual(['COMPLETED']);
    expect(sim.call('DescribeFleetCapacity', { FleetIds: [fleetId] }).FleetCapacity![0]!.InstanceCounts).toMatchObject({ ACTIVE: 1, PENDING: 0, TERMINATING: 0 });
    const replaced = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 4 }).GameSession!;
    expect(replaced.ComputeName).not.toBe(instanceId);
  });

  it('GS-3: during the notice the reclaimed instance takes no new session; the replacement does once ACTIVE', () => {
    const sim = quickSimulation(32);
    const fleetId = activeFleet(sim, { fleetType: 'SPOT', processesPerInstance: 2 });
    const instanceId = [...sim.world.fleets.get(fleetId)!.locations.get(HOME)!.instances][0]!.instanceId;
    sim.reclaimSpotInstance(instanceId);
    expectRefusedUnchanged(sim, 'FleetCapacityExceededException', () => sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 }));
    sim.advanceBy(30);
    const created = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 1 }).GameSession!;
    expect(created.ComputeName).not.toBe(instanceId);
  });

  it('GS-3: under random operations and reclaims, a session on a reclaimed instance still live two minutes after the notice ends then, INTERRUPTED; no other session is INTERRUPTED; desired capacity is kept', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        coreActions({ players: true }, 40),
        (seed, actions) => {
          const w = coreWorld(seed, { timings: chaosTimings });
          for (const action of actions) {
            applyAction(w, action);
            // A reclaimed instance is replaced at once: live instances still match the desired count.
            for (const location of w.locations) {
              const counts = w.sim.call('DescribeFleetLocationCapacity', { FleetId: w.fleetId, Location: location }).FleetCapacity!.InstanceCounts!;
              expect(counts.PENDING! + counts.ACTIVE!).toBe(counts.DESIRED);
            }
          }
          w.sim.advanceBy(200);
          const notices = new Map<string, { t: number; n: number }>();
          for (const entry of w.sim.world.engine.trace.entries()) {
            const data = entry.data as { what?: string; instanceId?: string };
            if (data.what === 'spotReclaimNotice' && !notices.has(data.instanceId!)) notices.set(data.instanceId!, entry);
          }
          for (const [id, timeline] of gameSessionTimelines(w.sim)) {
            const notice = notices.get(timeline.instanceId);
            const interrupted = timeline.changes.filter((c) => c.reason === 'INTERRUPTED');
            if (notice === undefined) {
              expect(interrupted, `${id} was interrupted on an instance never reclaimed`).toEqual([]);
              continue;
            }
            expect(timeline.createdN, `${id} was placed on an instance under notice`).toBeLessThan(notice.n);
            const reclaimMs = notice.t + 120_000;
            const ending = timeline.changes.find((c) => c.status === 'TERMINATED' || c.status === 'ERROR')!;
            expect(ending, `${id} outlived its instance`).toBeDefined();
            // Ended for another reason before the reclaim, or ended by it exactly two minutes after the notice.
            if (ending.t < reclaimMs) expect(ending.reason).not.toBe('INTERRUPTED');
            else expect(ending).toEqual({ t: reclaimMs, status: 'TERMINATED', reason: 'INTERRUPTED' });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
