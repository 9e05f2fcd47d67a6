import fc from 'fast-check';
import type {
  DescribeGameSessionsInput,
  GameSession as SdkGameSession,
  PlayerSession as SdkPlayerSession,
  PlayerSessionCreationPolicy,
  TerminationMode,
} from '@aws-sdk/client-gamelift';
import { isGameLiftError } from '../../src/api/errors.ts';
import type { Simulation } from '../../src/api/simulation.ts';
import type { Timings } from '../../src/model/config.ts';
import { activeFleet, quickSimulation } from './fixtures.ts';

/**
 * Random drivers for the core rules (GS-1..GS-3, PS-1..PS-3, DG-6): a small world, actions on it made of operations,
 * faults and time, and the invariants every step must keep. Every call goes through `attempt`, which checks the
 * project-wide promise that a refused call changes nothing.
 */

/** The home Region and the remote location of every core world. */
export const HOME = 'us-west-2';
export const REMOTE = 'us-east-1';

/** A fleet in two locations, with a SIMPLE alias to it, whose game sessions the drivers create and end. */
export interface CoreWorld {
  readonly sim: Simulation;
  readonly fleetId: string;
  readonly fleetArn: string;
  readonly aliasId: string;
  readonly locations: readonly string[];
  /** Player ids handed out so far, so that every created player is a new one. */
  playersMade: number;
}

/** The core world's fleet shape and timings; unset members take the defaults coreWorld names. */
export interface CoreWorldSpec {
  /** How long ended game sessions and settled placements stay; GameLift's by default. */
  readonly retention?: { readonly gameSessionsDays: number; readonly placementsHours: number };
  readonly processesPerInstance?: number;
  readonly desiredInstances?: number;
  readonly maxConcurrentActivations?: number;
  readonly activationTimeoutSeconds?: number;
  readonly tls?: boolean;
  readonly timings?: Partial<Timings>;
}

/** Builds a core world: a SPOT fleet (so that reclaims can be injected) ACTIVE in HOME and REMOTE. */
export function coreWorld(seed: number | string, spec: CoreWorldSpec = {}): CoreWorld {
  const sim = quickSimulation(seed, { config: { timings: spec.timings ?? {}, ...(spec.retention !== undefined && { retention: spec.retention }) } });
  const fleetId = activeFleet(sim, {
    locations: [HOME, REMOTE],
    fleetType: 'SPOT',
    processesPerInstance: spec.processesPerInstance ?? 4,
    desiredInstances: spec.desiredInstances ?? 2,
    maxConcurrentActivations: spec.maxConcurrentActivations,
    activationTimeoutSeconds: spec.activationTimeoutSeconds,
    tls: spec.tls,
  });
  const fleetArn = sim.world.fleets.get(fleetId)!.fleetArn;
  const aliasId = sim.call('CreateAlias', { Name: 'core', RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId } }).Alias!.AliasId!;
  return { sim, fleetId, fleetArn, aliasId, locations: [HOME, REMOTE], playersMade: 0 };
}

/** Timings drawn from ranges, so that activations, timeouts, endings and players interleave differently per seed. */
export const chaosTimings: Partial<Timings> = {
  gameSessionActivation: { minSeconds: 1, maxSeconds: 6 },
  gameSessionTermination: { minSeconds: 1, maxSeconds: 4 },
  gameSessionLifetime: { minSeconds: 20, maxSeconds: 120 },
  playerConnect: { minSeconds: 1, maxSeconds: 90 },
  playerStay: { minSeconds: 5, maxSeconds: 60 },
  playerNoShowProbability: 0.3,
  instanceStart: { minSeconds: 10, maxSeconds: 40 },
};

/** One thing that happens to a core world. `pick` chooses among the retained game sessions (or instances). */
export type CoreAction =
  | { readonly kind: 'create'; readonly location: number; readonly maxPlayers: number; readonly count: number }
  | { readonly kind: 'terminate'; readonly pick: number; readonly mode: TerminationMode }
  | { readonly kind: 'crash'; readonly pick: number }
  | { readonly kind: 'reclaim'; readonly pick: number }
  | { readonly kind: 'advance'; readonly seconds: number }
  | { readonly kind: 'players'; readonly pick: number; readonly count: number }
  | { readonly kind: 'update'; readonly pick: number; readonly maxPlayers: number | undefined; readonly policy: PlayerSessionCreationPolicy | undefined }
  | { readonly kind: 'scale'; readonly location: number; readonly desired: number };

const pick = fc.nat({ max: 1_000 });

/** Actions weighted towards creating sessions and moving time, so that worlds fill and drain. */
export function coreAction(options: { players?: boolean; faults?: boolean; scaling?: boolean } = {}): fc.Arbitrary<CoreAction> {
  const arbitraries: fc.WeightedArbitrary<CoreAction>[] = [
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('create' as const),
        location: fc.nat({ max: 1 }),
        maxPlayers: fc.integer({ min: 0, max: 8 }),
        count: fc.integer({ min: 1, max: 3 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('terminate' as const),
        pick,
        mode: fc.constantFrom<TerminationMode>('FORCE_TERMINATE', 'TRIGGER_ON_PROCESS_TERMINATE'),
      }),
    },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 10, max: 200 })) }) },
  ];
  if (options.faults ?? true) {
    arbitraries.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), pick }) });
    arbitraries.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('reclaim' as const), pick }) });
  }
  if (options.players ?? false) {
    arbitraries.push({ weight: 5, arbitrary: fc.record({ kind: fc.constant('players' as const), pick, count: fc.integer({ min: 1, max: 6 }) }) });
    arbitraries.push({
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('update' as const),
        pick,
        maxPlayers: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
        policy: fc.option(fc.constantFrom<PlayerSessionCreationPolicy>('ACCEPT_ALL', 'DENY_ALL'), { nil: undefined }),
      }),
    });
  }
  if (options.scaling ?? false) {
    arbitraries.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('scale' as const), location: fc.nat({ max: 1 }), desired: fc.integer({ min: 0, max: 3 }) }) });
  }
  return fc.oneof(...arbitraries);
}

/**
 * Runs `call` against `sim`. A refusal (a GameLift exception) must leave the state hash as it was: the rule every
 * operation keeps. Returns the exception's name, or undefined when the call succeeded.
 */
export function attempt(sim: Simulation, call: () => unknown): string | undefined {
  const before = sim.stateHash();
  try {
    call();
    return undefined;
  } catch (error) {
    if (!isGameLiftError(error)) throw error;
    const after = sim.stateHash();
    if (after !== before) throw new Error(`a refused call changed the state: ${error.name}: ${error.message}`);
    return error.name;
  }
}

/**
 * A retained game session: mostly one still holding a server process, so that actions meet live sessions, and every
 * fourth pick any retained one, so that they meet ended ones too.
 */
function pickSession(w: CoreWorld, n: number): string | undefined {
  const all = [...w.sim.world.gameSessions.values()];
  const live = all.filter((s) => s.status !== 'TERMINATED' && s.status !== 'ERROR');
  const from = n % 4 === 0 || live.length === 0 ? all : live;
  return from.length === 0 ? undefined : from[Math.floor(n / 4) % from.length]!.gameSessionId;
}

/** Arrays of actions as long as `maxLength` allows, not only the short ones fast-check favours by default. */
export function coreActions(options: Parameters<typeof coreAction>[0], maxLength: number): fc.Arbitrary<CoreAction[]> {
  return fc.array(coreAction(options), { minLength: 1, maxLength, size: 'max' });
}

/** Does `action` to the world; returns the name of the exception of the last refused call, if any. */
export function applyAction(w: CoreWorld, action: CoreAction): string | undefined {
  const { sim } = w;
  switch (action.kind) {
    case 'create': {
      let refused: string | undefined;
      for (let i = 0; i < action.count; i++) {
        refused = attempt(sim, () => sim.call('CreateGameSession', {
          FleetId: w.fleetId, MaximumPlayerSessionCount: action.maxPlayers, Location: w.locations[action.location],
        })) ?? refused;
      }
      return refused;
    }
    case 'terminate': {
      const id = pickSession(w, action.pick);
      return id === undefined ? undefined : attempt(sim, () => sim.call('TerminateGameSession', { GameSessionId: id, TerminationMode: action.mode }));
    }
    case 'crash': {
      const id = pickSession(w, action.pick);
      if (id !== undefined) sim.crashGameSessionProcess(id);
      return undefined;
    }
    case 'reclaim': {
      const instances = [...sim.world.fleets.get(w.fleetId)!.locations.values()].flatMap((loc) => [...loc.instances]);
      const instance = instances[action.pick % Math.max(instances.length, 1)];
      if (instance !== undefined) sim.reclaimSpotInstance(instance.instanceId);
      return undefined;
    }
    case 'advance':
      sim.advanceBy(action.seconds);
      return undefined;
    case 'players': {
      const id = pickSession(w, action.pick);
      if (id === undefined) return undefined;
      const PlayerIds = Array.from({ length: action.count }, () => `player-${w.playersMade++}`);
      return attempt(sim, () => sim.call('CreatePlayerSessions', { GameSessionId: id, PlayerIds }));
    }
    case 'update': {
      const id = pickSession(w, action.pick);
      if (id === undefined) return undefined;
      return attempt(sim, () => sim.call('UpdateGameSession', {
        GameSessionId: id, MaximumPlayerSessionCount: action.maxPlayers, PlayerSessionCreationPolicy: action.policy,
      }));
    }
    case 'scale':
      return attempt(sim, () => sim.call('UpdateFleetCapacity', {
        FleetId: w.fleetId, Location: w.locations[action.location], DesiredInstances: action.desired, MinSize: 0, MaxSize: 3,
      }));
  }
}

/** One retained game session as DescribeGameSessions shows it. */
export function describeGameSession(sim: Simulation, gameSessionId: string): SdkGameSession {
  return sim.call('DescribeGameSessions', { GameSessionId: gameSessionId }).GameSessions![0]!;
}

/** A listing followed to its end: every page's sessions and whether the page carried a NextToken. */
export interface Listing<T> {
  readonly items: T[];
  readonly pages: { readonly size: number; readonly token: boolean }[];
}

/** Follows DescribeGameSessions' NextToken from the first page to the last. */
export function listGameSessions(sim: Simulation, input: DescribeGameSessionsInput): Listing<SdkGameSession> {
  const items: SdkGameSession[] = [];
  const pages: { size: number; token: boolean }[] = [];
  let NextToken: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const out = sim.call('DescribeGameSessions', { ...input, NextToken });
    items.push(...out.GameSessions!);
    pages.push({ size: out.GameSessions!.length, token: out.NextToken !== undefined });
    NextToken = out.NextToken;
    if (NextToken === undefined) return { items, pages };
  }
  throw new Error('DescribeGameSessions never stopped returning a NextToken');
}

/** Every player session of a game session, following NextToken. */
export function listPlayerSessions(sim: Simulation, gameSessionId: string): SdkPlayerSession[] {
  const items: SdkPlayerSession[] = [];
  let NextToken: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const out = sim.call('DescribePlayerSessions', { GameSessionId: gameSessionId, Limit: 7, NextToken });
    items.push(...out.PlayerSessions!);
    NextToken = out.NextToken;
    if (NextToken === undefined) return items;
  }
  throw new Error('DescribePlayerSessions never stopped returning a NextToken');
}

/** A game session's life as the trace recorded it: where it ran and each status it took, with the time. */
export interface SessionTimeline {
  readonly instanceId: string;
  readonly port: number;
  readonly createdMs: number;
  /** Position of the creation in the trace, to order it against other changes in the same millisecond. */
  readonly createdN: number;
  /** Starts with ACTIVATING at creation. */
  readonly changes: { readonly t: number; readonly status: string; readonly reason: string | undefined }[];
}

/** Every game session's timeline, from the trace's `gameSessionCreated` and `gameSessionStatus` changes. */
export function gameSessionTimelines(sim: Simulation): Map<string, SessionTimeline> {
  const timelines = new Map<string, SessionTimeline>();
  for (const entry of sim.world.engine.trace.entries()) {
    if (entry.kind !== 'change') continue;
    const data = entry.data as { what: string; gameSessionId?: string; instanceId?: string; port?: number; status?: string; reason?: string };
    if (data.what === 'gameSessionCreated') {
      timelines.set(data.gameSessionId!, {
        instanceId: data.instanceId!, port: data.port!, createdMs: entry.t, createdN: entry.n,
        changes: [{ t: entry.t, status: 'ACTIVATING', reason: undefined }],
      });
    } else if (data.what === 'gameSessionStatus') {
      timelines.get(data.gameSessionId!)!.changes.push({ t: entry.t, status: data.status!, reason: data.reason });
    }
  }
  return timelines;
}

/** Every status each game session has had, in order (creation is ACTIVATING). */
export function gameSessionHistories(sim: Simulation): Map<string, string[]> {
  return new Map([...gameSessionTimelines(sim)].map(([id, timeline]) => [id, timeline.changes.map((c) => c.status)]));
}

/**
 * Every status each player session has had by now, in order, as the trace recorded them: RESERVED at creation,
 * ACTIVE at the connection its creation's record gives (if it comes at or before its end), then how it ended.
 */
export function playerSessionHistories(sim: Simulation): Map<string, string[]> {
  const histories = new Map<string, string[]>();
  const connectAtMs = new Map<string, number>();
  /** The history of `id` at `t`, with its connection if that came by then. */
  const historyAt = (id: string, t: number) => {
    const history = histories.get(id)!;
    const at = connectAtMs.get(id);
    if (at !== undefined && at <= t && history.length === 1) history.push('ACTIVE');
    return history;
  };
  for (const entry of sim.world.engine.trace.entries()) {
    if (entry.kind !== 'change') continue;
    const { what, playerSessionId, status, playerSessions, connectInMs } = entry.data as {
      what: string; playerSessionId?: string; status?: string; connectInMs?: readonly (number | null)[];
      playerSessions?: { playerSessionId: string; endedAs?: string }[];
    };
    if (what === 'playerSessionsCreated') {
      playerSessions!.forEach((ps, i) => {
        histories.set(ps.playerSessionId, ['RESERVED']);
        const inMs = connectInMs![i]!;
        if (inMs !== null) connectAtMs.set(ps.playerSessionId, entry.t + inMs);
      });
    } else if (what === 'playerSessionStatus') {
      historyAt(playerSessionId!, entry.t).push(status!);
    } else if (what === 'playerSessionsEnded') {
      for (const ps of playerSessions!) historyAt(ps.playerSessionId, entry.t).push(ps.endedAs!);
    }
  }
  for (const id of histories.keys()) historyAt(id, sim.nowMs);
  return histories;
}

/**
 * Listing order of DescribeGameSessions (DG-6): CreationTime, then GameSessionId. Written out here rather than taken
 * from session-index.ts, so that the tests' expected order does not come from the code under test.
 */
export function byCreationThenId(a: { creationTimeMs: number; gameSessionId: string }, b: { creationTimeMs: number; gameSessionId: string }): number {
  if (a.creationTimeMs !== b.creationTimeMs) return a.creationTimeMs - b.creationTimeMs;
  return a.gameSessionId < b.gameSessionId ? -1 : a.gameSessionId > b.gameSessionId ? 1 : 0;
}

/** The error a call raises, with its message; undefined when it succeeds. */
export function refusalOf(run: () => unknown): { name: string; message: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!isGameLiftError(error)) throw error;
    return { name: error.name, message: error.message };
  }
}
