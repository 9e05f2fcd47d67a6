import type { GameSession, GameSessionPlacement } from '@aws-sdk/client-gamelift';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../../src/api/simulation.ts';
import { activeFleet, expectRefusedUnchanged, quickSimulation } from '../../support/fixtures.ts';
import {
  CONNECTION_FIELDS,
  HOME,
  PROCESSING_MS,
  SESSION_FIELDS,
  allGameSessionIds,
  gameSessionOf,
  liveInstanceIds,
  placementOf,
  queueOver,
  requestEcho,
} from '../../support/placement-arbitraries.ts';

/**
 * A model-based test of the placement status rules (ST-1..ST-5, PL-1..PL-7, PL-10, GS-4): random sequences of
 * StartGameSessionPlacement, StopGameSessionPlacement, DescribeGameSessionPlacement, advancing time,
 * TerminateGameSession of placed sessions, UpdateFleetCapacity and spot reclaims run against the simulator and
 * against a small reference model, which must agree after every command.
 *
 * The reference does not re-implement capacity: which placement gets which server process, and how long each
 * activation takes, it learns by observing. What it predicts is what the rules fix: the answer of every call, that a
 * placement is PENDING until its timeout and TIMED_OUT exactly then with no attempt left ACTIVATING, CANCELLED exactly
 * when stopped, FAILED at once when its ACTIVATING game session is terminated and otherwise only for a cause the rules
 * name, tried again (with a new game session named after it) exactly when an attempt's activation times out,
 * FULFILLED only as its game session becomes ACTIVE, never waiting while a server process is free, and never changing
 * once settled.
 */

/** Placement ids the commands use; the last is never started, so that it stays unknown. */
const IDS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'unknown'] as const;
const STARTABLE = IDS.length - 1;
const LOCATIONS = [HOME, 'eu-west-1'] as const;
/** GS-3: a spot instance goes two minutes after its reclaim notice. */
const SPOT_NOTICE_MS = 120_000;
const ACTIVATION_MIN_MS = 2_000;

interface Setup {
  readonly seed: number;
  readonly timeoutSeconds: number;
  readonly activationMaxSeconds: number;
  readonly activationTimeoutSeconds: number;
  readonly processesPerInstance: number;
}

type Terminal = 'FULFILLED' | 'CANCELLED' | 'TIMED_OUT' | 'FAILED';

/** What the reference knows of one placement. */
interface RefPlacement {
  readonly id: string;
  readonly startMs: number;
  readonly timeoutAtMs: number;
  readonly echo: Partial<GameSessionPlacement>;
  readonly players: readonly string[];
  status: 'PENDING' | Terminal;
  /** The game sessions its attempts created, in order, as last seen; a new attempt only ever adds one (PL-4). */
  attempts: readonly string[];
  /** The placement as it was when it settled: it must never change again (PL-7). */
  settled: GameSessionPlacement | undefined;
  /** Set when a command ended its ACTIVATING game session: it must be FAILED, at this time (PL-6). */
  mustFailAtMs: number | undefined;
}

interface Model {
  readonly setup: Setup;
  nowMs: number;
  readonly placements: Map<string, RefPlacement>;
  /** Game sessions a command ended while ACTIVATING, and when. */
  readonly endedWhileActivating: Map<string, number>;
  /** Instances a command reclaimed, and when. */
  readonly reclaimedAt: Map<string, number>;
}

interface Real {
  readonly sim: Simulation;
  readonly fleetId: string;
  readonly queue: string;
  /** The status of each fulfilled placement's game session at the moment of the PlacementFulfilled event. */
  readonly sessionStatusAtFulfilment: Map<string, string | undefined>;
}

type Command = fc.Command<Model, Real>;

// ---------------------------------------------------------------- commands

class Start implements Command {
  constructor(readonly id: number, readonly players: number, readonly maxPlayers: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const id = IDS[this.id]!;
    const players = Array.from({ length: this.players }, (_, i) => `${id}-player-${i}`);
    const input = {
      PlacementId: id,
      GameSessionQueueName: r.queue,
      MaximumPlayerSessionCount: this.maxPlayers,
      GameSessionName: `game-${id}`,
      DesiredPlayerSessions: players.map((PlayerId) => ({ PlayerId })),
    };
    const start = () => r.sim.call('StartGameSessionPlacement', input);
    if (m.placements.has(id) || players.length > this.maxPlayers) {
      expectRefusedUnchanged(r.sim, 'InvalidRequestException', start); // PL-2, or more players than room
      return;
    }
    const started = start().GameSessionPlacement!;
    const echo = requestEcho(r.queue, input);
    expect(started).toMatchObject({ ...echo, PlacementId: id, Status: 'PENDING', StartTime: new Date(m.nowMs) }); // PL-1
    for (const field of SESSION_FIELDS) expect(started[field], field).toBeUndefined();
    m.placements.set(id, {
      id, startMs: m.nowMs, timeoutAtMs: m.nowMs + m.setup.timeoutSeconds * 1000, echo, players, status: 'PENDING',
      attempts: [], settled: undefined, mustFailAtMs: undefined,
    });
  }
  toString = (): string => `Start(${IDS[this.id]}, players=${this.players}, max=${this.maxPlayers})`;
}

/** Which placement a Stop names: an id of IDS, or the one started `back` placements before the newest. */
type Target = { readonly id: number } | { readonly back: number };

class Stop implements Command {
  constructor(readonly target: Target) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const started = [...m.placements.keys()];
    const id = 'id' in this.target ? IDS[this.target.id]! : started[started.length - 1 - this.target.back] ?? IDS[IDS.length - 1]!;
    const ref = m.placements.get(id);
    const stop = () => r.sim.call('StopGameSessionPlacement', { PlacementId: id });
    if (ref === undefined) return void expectRefusedUnchanged(r.sim, 'NotFoundException', stop); // ST-4
    if (ref.status !== 'PENDING') return void expectRefusedUnchanged(r.sim, 'InvalidRequestException', stop); // ST-3
    if (ref.attempts.length > 0) return void expectRefusedUnchanged(r.sim, 'InvalidRequestException', stop); // ST-2
    const stopped = stop().GameSessionPlacement!; // ST-1
    expect(stopped).toMatchObject({ ...ref.echo, Status: 'CANCELLED', StartTime: new Date(ref.startMs), EndTime: new Date(m.nowMs) });
    for (const field of SESSION_FIELDS) expect(stopped[field], field).toBeUndefined(); // ST-5
    ref.status = 'CANCELLED';
    ref.settled = stopped;
  }
  toString = (): string => `Stop(${'id' in this.target ? IDS[this.target.id] : `newest - ${this.target.back}`})`;
}

class Describe implements Command {
  constructor(readonly id: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const id = IDS[this.id]!;
    const ref = m.placements.get(id);
    if (ref === undefined) return void expectRefusedUnchanged(r.sim, 'NotFoundException', () => placementOf(r.sim, id));
    const before = r.sim.stateHash();
    const seen = placementOf(r.sim, id);
    expect(r.sim.stateHash()).toBe(before);
    if (ref.settled !== undefined) expect(seen).toEqual(ref.settled);
  }
  toString = (): string => `Describe(${IDS[this.id]})`;
}

class Advance implements Command {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    r.sim.advanceBy(this.ms / 1000);
    m.nowMs += this.ms;
  }
  toString = (): string => `Advance(${this.ms} ms)`;
}

class Terminate implements Command {
  constructor(readonly pick: number, readonly force: boolean) {}
  check = (m: Readonly<Model>): boolean => [...m.placements.values()].some((p) => p.attempts.length > 0);
  run(m: Model, r: Real): void {
    const owners = [...m.placements.values()].filter((p) => p.attempts.length > 0);
    const owner = owners[this.pick % owners.length]!;
    const sessionId = owner.attempts.at(-1)!;
    const before = gameSessionOf(r.sim, sessionId);
    const mode = this.force ? 'FORCE_TERMINATE' : 'TRIGGER_ON_PROCESS_TERMINATE';
    const reason = this.force ? 'FORCE_TERMINATED' : 'TRIGGERED_ON_PROCESS_TERMINATE';
    const terminate = () => r.sim.call('TerminateGameSession', { GameSessionId: sessionId, TerminationMode: mode }).GameSession!;
    // No crash here, so never ERROR, the one status GS-4 refuses.
    if (before.Status === 'TERMINATED' || before.Status === 'TERMINATING') {
      const hash = r.sim.stateHash();
      expect(terminate(), 'GS-4 [C]: an ending or ended session is answered as it is').toEqual(before);
      expect(r.sim.stateHash()).toBe(hash);
      return;
    }
    const answered = terminate();
    if (before.Status === 'ACTIVE') return void expect(answered).toMatchObject({ Status: 'TERMINATING', StatusReason: reason }); // GS-4
    expect(answered).toMatchObject({ Status: 'TERMINATED', StatusReason: reason, TerminationTime: new Date(m.nowMs) }); // GS-4 [C]
    m.endedWhileActivating.set(sessionId, m.nowMs);
    if (owner.status === 'PENDING') owner.mustFailAtMs = m.nowMs; // PL-6
  }
  toString = (): string => `Terminate(#${this.pick}, ${this.force ? 'FORCE_TERMINATE' : 'TRIGGER_ON_PROCESS_TERMINATE'})`;
}

class Capacity implements Command {
  constructor(readonly location: number, readonly desired: number) {}
  check = (): boolean => true;
  run(_m: Model, r: Real): void {
    r.sim.call('UpdateFleetCapacity', { FleetId: r.fleetId, Location: LOCATIONS[this.location], DesiredInstances: this.desired, MaxSize: 3 });
  }
  toString = (): string => `Capacity(${LOCATIONS[this.location]}, ${this.desired})`;
}

class Reclaim implements Command {
  constructor(readonly pick: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    // Instances hosting an ACTIVATING game session first: reclaiming one of those is what can fail a placement.
    const activating = new Set([...r.sim.world.gameSessions.values()].filter((s) => s.status === 'ACTIVATING').map((s) => s.instance.instanceId));
    const instances = liveInstanceIds(r.sim, r.fleetId).sort((a, b) => Number(activating.has(b)) - Number(activating.has(a)));
    if (instances.length === 0) return;
    const instanceId = instances[this.pick % instances.length]!;
    r.sim.reclaimSpotInstance(instanceId);
    m.reclaimedAt.set(instanceId, m.nowMs);
  }
  toString = (): string => `Reclaim(#${this.pick})`;
}

const idArb = fc.nat({ max: IDS.length - 1 });
const startArb = fc.tuple(fc.nat({ max: STARTABLE - 1 }), fc.nat({ max: 2 }), fc.integer({ min: 1, max: 4 })).map(([id, players, max]) => new Start(id, players, max));
const advanceArb = fc.oneof(fc.nat({ max: 3_000 }), fc.nat({ max: 40_000 }), fc.integer({ min: 100_000, max: 700_000 })).map((ms) => new Advance(ms));
const commandArbs: fc.Arbitrary<Command>[] = [
  startArb,
  startArb,
  startArb,
  idArb.map((id) => new Stop({ id })),
  fc.nat({ max: 1 }).map((back) => new Stop({ back })),
  idArb.map((id) => new Describe(id)),
  advanceArb,
  advanceArb,
  advanceArb,
  fc.tuple(fc.nat({ max: 9 }), fc.boolean()).map(([pick, force]) => new Terminate(pick, force)),
  fc.tuple(fc.nat({ max: LOCATIONS.length - 1 }), fc.nat({ max: 3 })).map(([loc, desired]) => new Capacity(loc, desired)),
  fc.oneof(fc.constant(0), fc.nat({ max: 9 })).map((pick) => new Reclaim(pick)),
];

// ---------------------------------------------------------------- agreement

/** The id part of a game session ARN: a placement's id, then `-<attempt number>` on a later attempt (PL-4). */
const ATTEMPT_ID = /\/(p\d)(?:-(\d+))?$/;

/** Every game session the world holds, by the placement whose attempt made it, each placement's in creation order. */
function attemptsByPlacement(r: Real): Map<string, GameSession[]> {
  const byPlacement = new Map<string, GameSession[]>();
  for (const id of allGameSessionIds(r.sim)) {
    const owner = ATTEMPT_ID.exec(id)?.[1];
    expect(owner, `${id} is named after no placement (PL-4)`).toBeDefined();
    const mine = byPlacement.get(owner!) ?? [];
    mine.push(gameSessionOf(r.sim, id));
    byPlacement.set(owner!, mine);
  }
  for (const mine of byPlacement.values()) mine.sort((a, b) => a.CreationTime!.getTime() - b.CreationTime!.getTime());
  return byPlacement;
}

/** Observes every placement and checks that what happened since the last command is what the rules allow. */
function agree(m: Model, r: Real): void {
  const { sim } = r;
  expect(sim.nowMs).toBe(m.nowMs);
  const byPlacement = attemptsByPlacement(r);
  // Only placements create game sessions here, and a cancelled one none (ST-5).
  for (const owner of byPlacement.keys()) {
    expect(m.placements.has(owner), `game sessions named after ${owner}, never started`).toBe(true);
    expect(m.placements.get(owner)!.status, `${owner}'s game sessions`).not.toBe('CANCELLED');
  }
  for (const ref of m.placements.values()) {
    const seen = placementOf(sim, ref.id);
    const attempts = byPlacement.get(ref.id) ?? [];
    expect(seen, ref.id).toMatchObject({ ...ref.echo, PlacementId: ref.id, StartTime: new Date(ref.startMs) }); // ST-5, PL-1
    if (ref.settled !== undefined) {
      expect(seen, `${ref.id} settled ${ref.settled.Status} and changed`).toEqual(ref.settled); // PL-7
      expect(attempts.map((s) => s.GameSessionId), `${ref.id} settled and made another attempt`).toEqual(ref.attempts);
      continue;
    }
    agreeAttempts(m, ref, seen, attempts);
    if (ref.mustFailAtMs !== undefined) expect(seen, `${ref.id} lost its ACTIVATING game session`).toMatchObject({ Status: 'FAILED', EndTime: new Date(ref.mustFailAtMs) });
    if (seen.Status === 'PENDING') agreePending(m, r, ref, seen, attempts.at(-1));
    else agreeSettled(m, r, ref, seen, attempts);
  }
  agreeWorld(m, r);
}

/**
 * PL-4: each attempt's game session is named after the placement, with `-<attempt number>` when an earlier attempt
 * used the same location; an attempt is followed by another only when its activation timed out, from then on; the
 * placement shows the latest one. Attempts seen before are never lost.
 */
function agreeAttempts(m: Model, ref: RefPlacement, seen: GameSessionPlacement, attempts: readonly GameSession[]): void {
  const ids = attempts.map((s) => s.GameSessionId!);
  expect(ids.slice(0, ref.attempts.length), `${ref.id}'s earlier attempts`).toEqual(ref.attempts);
  attempts.forEach((session, i) => {
    const usedBefore = attempts.slice(0, i).some((earlier) => earlier.Location === session.Location);
    expect(ATTEMPT_ID.exec(session.GameSessionId!)![2], `${session.GameSessionId}: attempt ${i + 1}`).toBe(usedBefore ? String(i + 1) : undefined);
    const createdMs = session.CreationTime!.getTime();
    expect(createdMs).toBeLessThan(ref.timeoutAtMs);
    if (i === attempts.length - 1) return;
    const timedOutMs = createdMs + m.setup.activationTimeoutSeconds * 1000;
    expect(session, `${ref.id}'s attempt ${i + 1} was followed by another`).toMatchObject({ Status: 'TERMINATED', TerminationTime: new Date(timedOutMs) });
    expect(session.StatusReason).toBeUndefined();
    expect(attempts[i + 1]!.CreationTime!.getTime()).toBeGreaterThanOrEqual(timedOutMs);
  });
  expect(seen.GameSessionId, `${ref.id} shows its latest attempt`).toBe(ids.at(-1));
  expect(seen.GameSessionArn).toBe(ids.at(-1));
  expect(seen.GameSessionRegion).toBe(attempts.at(-1)?.Location);
  ref.attempts = ids;
}

function agreePending(m: Model, r: Real, ref: RefPlacement, seen: GameSessionPlacement, latest: GameSession | undefined): void {
  expect(m.nowMs, `${ref.id} is PENDING past its timeout`).toBeLessThan(ref.timeoutAtMs); // PL-5
  expect(seen.EndTime).toBeUndefined();
  for (const field of CONNECTION_FIELDS) expect(seen[field], `${ref.id} PENDING shows ${field}`).toBeUndefined(); // PL-4
  if (m.nowMs < ref.startMs + PROCESSING_MS) expect(seen.GameSessionId, `${ref.id} attempted within the processing delay`).toBeUndefined();
  if (latest === undefined || latest.Status === 'ACTIVATING') return;
  // An ACTIVE session fulfils its placement, one ended from outside fails it: a PENDING placement's latest attempt is
  // ACTIVATING, or its activation timed out and the placement waits for a server process (agreeWorld).
  expect(latest, `${ref.id}'s latest game session`).toMatchObject({
    Status: 'TERMINATED', TerminationTime: new Date(latest.CreationTime!.getTime() + m.setup.activationTimeoutSeconds * 1000),
  });
}

function agreeSettled(m: Model, r: Real, ref: RefPlacement, seen: GameSessionPlacement, attempts: readonly GameSession[]): void {
  const status = seen.Status as Terminal;
  const endMs = seen.EndTime?.getTime();
  expect(endMs, `${ref.id} ${status} has an EndTime`).toBeDefined();
  expect(endMs!).toBeLessThanOrEqual(m.nowMs);
  expect(endMs!).toBeGreaterThanOrEqual(ref.startMs);
  const session = attempts.at(-1);
  // PL-5: no game session outlives a placement that was not FULFILLED.
  if (status !== 'FULFILLED') for (const s of attempts) expect(s.Status, `${s.GameSessionId} of ${status} ${ref.id}`).toBe('TERMINATED');
  switch (status) {
    case 'CANCELLED':
      throw new Error(`${ref.id} became CANCELLED without a StopGameSessionPlacement`);
    case 'TIMED_OUT': {
      expect(endMs, `${ref.id} TIMED_OUT`).toBe(ref.timeoutAtMs); // PL-5
      if (session === undefined) break;
      // Its activation timed out before, or the service ended it at the timeout.
      const timedOutMs = session.CreationTime!.getTime() + m.setup.activationTimeoutSeconds * 1000;
      expect(session.TerminationTime, `${ref.id}'s last attempt`).toEqual(new Date(Math.min(timedOutMs, ref.timeoutAtMs)));
      expect(session.StatusReason).toBeUndefined();
      break;
    }
    case 'FULFILLED': {
      expect(session, `${ref.id} FULFILLED without a game session`).toBeDefined();
      const createdMs = session!.CreationTime!.getTime();
      expect(createdMs).toBeGreaterThanOrEqual(ref.startMs + PROCESSING_MS);
      expect(endMs! - createdMs).toBeGreaterThanOrEqual(ACTIVATION_MIN_MS);
      expect(endMs! - createdMs).toBeLessThanOrEqual(m.setup.activationMaxSeconds * 1000);
      expect(endMs!).toBeLessThanOrEqual(ref.timeoutAtMs);
      expect(r.sessionStatusAtFulfilment.get(ref.id), `${ref.id}'s game session when it was FULFILLED`).toBe('ACTIVE'); // PL-4
      expect(seen).toMatchObject({ IpAddress: session!.IpAddress, DnsName: session!.DnsName, Port: session!.Port, GameSessionRegion: session!.Location });
      expect(seen.PlacedPlayerSessions!.map((ps) => ps.PlayerId)).toEqual(ref.players);
      for (const placed of seen.PlacedPlayerSessions!) {
        const ps = r.sim.world.playerSessions.get(placed.PlayerSessionId!);
        expect(ps?.gameSession.gameSessionId).toBe(session!.GameSessionId);
        expect(ps?.creationTimeMs).toBe(endMs);
      }
      break;
    }
    case 'FAILED': {
      expect(session, `${ref.id} FAILED without a game session`).toBeDefined();
      expect(session!.TerminationTime).toEqual(seen.EndTime);
      const reclaimedMs = m.reclaimedAt.get(session!.ComputeName!);
      const causes = {
        terminated: m.endedWhileActivating.get(session!.GameSessionId!) === endMs,
        reclaimed: reclaimedMs !== undefined && reclaimedMs + SPOT_NOTICE_MS === endMs && session!.StatusReason === 'INTERRUPTED',
      };
      // PL-6: ended from outside while ACTIVATING; an activation timeout is not among the causes (PL-4 retries).
      expect(Object.values(causes).some(Boolean), `${ref.id} FAILED at ${endMs} for no cause PL-6 names`).toBe(true);
      for (const field of CONNECTION_FIELDS) expect(seen[field], field).toBeUndefined();
      break;
    }
  }
  ref.status = status;
  ref.settled = seen;
}

/** Checks what no single placement shows: events, player sessions and waiting while capacity is free. */
function agreeWorld(m: Model, r: Real): void {
  const { sim } = r;
  const refs = [...m.placements.values()];
  const settled = refs.filter((p) => p.settled !== undefined);

  // PL-10: one event per settled placement, agreeing with it, its time in whole seconds.
  const events = sim.placementEvents();
  expect(events.map((e) => e.detail.placementId).sort()).toEqual(settled.map((p) => p.id).sort());
  const detailType = { FULFILLED: 'PlacementFulfilled', CANCELLED: 'PlacementCancelled', TIMED_OUT: 'PlacementTimedOut', FAILED: 'PlacementFailed' };
  for (const e of events) {
    const p = m.placements.get(e.detail.placementId)!.settled!;
    expect(e.detail.type).toBe(detailType[p.Status as Terminal]);
    expect(e.detail.endTime).toBe(p.EndTime!.toISOString());
    expect(e.time).toBe(`${p.EndTime!.toISOString().slice(0, 19)}Z`);
  }

  // Player sessions are exactly the placed ones of FULFILLED placements (PL-4).
  const placed = settled.flatMap((p) => p.settled!.PlacedPlayerSessions?.map((ps) => ps.PlayerSessionId!) ?? []);
  expect([...sim.world.playerSessions.keys()].sort()).toEqual(placed.sort());

  // PL-5: the service keeps trying. Once every step due now has run, no placement past its processing delay waits
  // without an attempt ACTIVATING while a server process is free.
  const next = sim.world.engine.nextDueMs();
  if (next !== undefined && next <= m.nowMs) return;
  const inFlight = (p: RefPlacement): boolean => p.attempts.length > 0 && gameSessionOf(sim, p.attempts.at(-1)!).Status === 'ACTIVATING';
  const waiting = refs.filter((p) => p.status === 'PENDING' && m.nowMs >= p.startMs + PROCESSING_MS && !inFlight(p));
  if (waiting.length === 0) return;
  const fleet = sim.world.fleets.get(r.fleetId)!;
  for (const loc of fleet.locations.values()) {
    expect(loc.available.size, `${waiting.map((p) => p.id).join(', ')} wait(s) while ${loc.location} has a free process`).toBe(0);
  }
}

// ---------------------------------------------------------------- the run

function setUp(setup: Setup): { model: Model; real: Real } {
  const sim = quickSimulation(setup.seed, {
    config: { timings: { gameSessionActivation: { minSeconds: ACTIVATION_MIN_MS / 1000, maxSeconds: setup.activationMaxSeconds } } },
  });
  const fleetId = activeFleet(sim, {
    locations: LOCATIONS,
    fleetType: 'SPOT',
    processesPerInstance: setup.processesPerInstance,
    activationTimeoutSeconds: setup.activationTimeoutSeconds,
  });
  const queue = queueOver(sim, [fleetId], { TimeoutInSeconds: setup.timeoutSeconds });
  const sessionStatusAtFulfilment = new Map<string, string | undefined>();
  sim.onPlacementEvent((event) => {
    if (event.detail.type !== 'PlacementFulfilled') return;
    sessionStatusAtFulfilment.set(event.detail.placementId, gameSessionOf(sim, event.detail.gameSessionArn!).Status);
  });
  return {
    model: { setup, nowMs: sim.nowMs, placements: new Map(), endedWhileActivating: new Map(), reclaimedAt: new Map() },
    real: { sim, fleetId, queue, sessionStatusAtFulfilment },
  };
}

/** Each command, then the agreement check: a disagreement fails at the command that caused it. */
function checked(command: Command): Command {
  return {
    check: (m) => command.check(m),
    run: (m, r) => {
      command.run(m, r);
      agree(m, r);
    },
    toString: () => command.toString(),
  };
}

const setupArb: fc.Arbitrary<Setup> = fc.record({
  seed: fc.nat(),
  timeoutSeconds: fc.constantFrom(10, 30, 120, 600),
  activationMaxSeconds: fc.constantFrom(2, 20, 400),
  activationTimeoutSeconds: fc.constantFrom(5, 150, 600),
  processesPerInstance: fc.integer({ min: 1, max: 2 }),
});

describe('placement status rules, model-based', () => {
  it('ST-1..ST-5, PL-1..PL-7, PL-10, GS-4: the simulator agrees with the reference model after every command', () => {
    fc.assert(
      fc.property(setupArb, fc.commands(commandArbs.map((a) => a.map(checked)), { maxCommands: 30, size: 'max' }), (setup, commands) => {
        fc.modelRun(() => setUp(setup), commands);
      }),
      { numRuns: 300, endOnFailure: true },
    );
  });
});
