import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACKAGE_VERSION, SNAPSHOT_FORMAT_VERSION, SnapshotError, readSnapshot } from '../../src/api/snapshot.ts';
import { Simulation } from '../../src/api/simulation.ts';
import type { PlayerSession } from '../../src/model/entities.ts';
import { applyAction, attempt, chaosTimings, coreAction, coreWorld, type CoreAction, type CoreWorld } from '../support/core-arbitraries.ts';

/**
 * DT-3 over random operations and times: the core actions (game sessions, players, faults, scaling, time) and
 * placements on a queue whose latency policies relax over time, whose destinations and alias routing change, and
 * which may be deleted while its placements go on; and activation faults that fail or slow game sessions.
 */

type PlacementAction =
  | { readonly kind: 'place'; readonly players: number; readonly latencyMs: number | undefined }
  | { readonly kind: 'stop'; readonly pick: number }
  | { readonly kind: 'failPlacement'; readonly pick: number }
  | { readonly kind: 'route'; readonly terminal: boolean }
  | { readonly kind: 'queue'; readonly timeoutSeconds: number; readonly viaAlias: boolean }
  | { readonly kind: 'deleteQueue' }
  | { readonly kind: 'activationFault'; readonly failFraction: number | undefined };

type Action = CoreAction | PlacementAction;

const QUEUE = 'snapshots';

const pick = fc.nat({ max: 1_000 });
const placementAction: fc.Arbitrary<PlacementAction> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('place' as const), players: fc.integer({ min: 0, max: 4 }), latencyMs: fc.option(fc.integer({ min: 10, max: 300 }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('failPlacement' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('route' as const), terminal: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('queue' as const), timeoutSeconds: fc.integer({ min: 10, max: 120 }), viaAlias: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteQueue' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('activationFault' as const), failFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }) }) },
);

const actionsArb: fc.Arbitrary<Action[]> = fc.array(
  fc.oneof({ weight: 3, arbitrary: coreAction({ players: true, faults: true, scaling: true }) }, { weight: 2, arbitrary: placementAction }),
  { minLength: 1, maxLength: 60, size: 'max' },
);

/**
 * The world of the property: the core world and a queue over its fleet with latency policies that relax; with the
 * shortest retention, so that ended sessions and settled placements expire within a run (their FIFOs and the packed
 * player sessions' lookups are state too).
 */
function world(seed: number): CoreWorld & { placementsMade: number } {
  const retention = { gameSessionsDays: 1 / 24, placementsHours: 1 };
  const w = { ...coreWorld(seed, { timings: chaosTimings, processesPerInstance: 2, desiredInstances: 1, retention }), placementsMade: 0 };
  createQueue(w, 60, false);
  return w;
}

function createQueue(w: CoreWorld, timeoutSeconds: number, viaAlias: boolean): void {
  w.sim.call('CreateGameSessionQueue', {
    Name: QUEUE,
    TimeoutInSeconds: timeoutSeconds,
    Destinations: [{ DestinationArn: viaAlias ? w.aliasId : w.fleetArn }],
    PlayerLatencyPolicies: [
      { MaximumIndividualPlayerLatencyMilliseconds: 50, PolicyDurationSeconds: 5 },
      { MaximumIndividualPlayerLatencyMilliseconds: 150, PolicyDurationSeconds: 10 },
      { MaximumIndividualPlayerLatencyMilliseconds: 400 },
    ],
  });
}

function pickPlacement(w: CoreWorld, n: number): string | undefined {
  const ids = [...w.sim.placements.placements.keys()];
  return ids.length === 0 ? undefined : ids[n % ids.length];
}

function apply(w: CoreWorld & { placementsMade: number }, action: Action): void {
  const { sim } = w;
  switch (action.kind) {
    case 'place': {
      if (!sim.placements.queues.has(QUEUE)) createQueue(w, 60, false);
      const n = w.placementsMade++;
      const players = Array.from({ length: action.players }, (_, i) => `p-${n}-${i}`);
      attempt(sim, () => sim.call('StartGameSessionPlacement', {
        PlacementId: `placement-${n}`,
        GameSessionQueueName: QUEUE,
        MaximumPlayerSessionCount: 4,
        DesiredPlayerSessions: players.map((PlayerId) => ({ PlayerId })),
        PlayerLatencies: action.latencyMs === undefined ? undefined : players.flatMap((PlayerId, i) => [
          { PlayerId, RegionIdentifier: w.locations[0], LatencyInMilliseconds: action.latencyMs! + i * 20 },
          { PlayerId, RegionIdentifier: w.locations[1], LatencyInMilliseconds: 400 - action.latencyMs! },
        ]),
      }));
      return;
    }
    case 'stop': {
      const id = pickPlacement(w, action.pick);
      if (id !== undefined) attempt(sim, () => sim.call('StopGameSessionPlacement', { PlacementId: id }));
      return;
    }
    case 'failPlacement': {
      const id = pickPlacement(w, action.pick);
      if (id !== undefined) sim.failPlacement(id);
      return;
    }
    case 'route':
      attempt(sim, () => sim.call('UpdateAlias', {
        AliasId: w.aliasId,
        RoutingStrategy: action.terminal ? { Type: 'TERMINAL', Message: 'closed' } : { Type: 'SIMPLE', FleetId: w.fleetId },
      }));
      return;
    case 'queue':
      if (!sim.placements.queues.has(QUEUE)) return createQueue(w, action.timeoutSeconds, action.viaAlias);
      attempt(sim, () => sim.call('UpdateGameSessionQueue', {
        Name: QUEUE, TimeoutInSeconds: action.timeoutSeconds, Destinations: [{ DestinationArn: action.viaAlias ? w.aliasId : w.fleetArn }],
      }));
      return;
    case 'deleteQueue':
      attempt(sim, () => sim.call('DeleteGameSessionQueue', { Name: QUEUE }));
      return;
    case 'activationFault':
      sim.setActivationFault({ fleet: w.fleetId }, action.failFraction === undefined ? undefined : { failFraction: action.failFraction, delay: { minSeconds: 1, maxSeconds: 30 } });
      return;
    default:
      applyAction(w, action);
  }
}

/** What a caller sees through the lookups rebuilt on restore: the search index and the player sessions by player. */
function looks(w: CoreWorld & { placementsMade: number }): unknown {
  const search = w.sim.call('SearchGameSessions', { FleetId: w.fleetId, SortExpression: 'playerSessionCount DESC', Limit: 20 }).GameSessions;
  const players = Array.from({ length: Math.min(w.placementsMade, 5) }, (_, n) =>
    w.sim.call('DescribePlayerSessions', { PlayerId: `p-${n}-0` }).PlayerSessions?.map((ps) => [ps.PlayerSessionId, ps.Status]));
  return { search, players };
}

/**
 * Where `graph` holds player sessions in a list (array, Map or Set) other than their game session's own: a copy a
 * restore would not need. Pending events hold theirs in plain objects, which are not lists.
 */
function listsOfPlayerSessionsBeside(graph: unknown): string[] {
  const isPlayerSession = (value: unknown): value is PlayerSession =>
    typeof value === 'object' && value !== null && 'playerSessionId' in value && 'gameSession' in value;
  const seen = new Set<object>();
  const found: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const items = Array.isArray(value) || value instanceof Set ? [...value] : value instanceof Map ? [...value.keys(), ...value.values()] : undefined;
    if (items === undefined) {
      for (const [key, member] of Object.entries(value)) visit(member, `${path}.${key}`);
      return;
    }
    if (items.some((item) => isPlayerSession(item) && item.gameSession.playerSessions !== value)) found.push(path);
    items.forEach((item, i) => visit(item, `${path}[${i}]`));
  };
  visit(graph, '$');
  return found;
}

describe('snapshots', () => {
  it('DT-3: snapshot at any point, restore into a new simulation and run on: the same trace hash and state hash as straight through', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000 }), actionsArb, fc.nat(), (seed, actions, at) => {
        const cut = at % (actions.length + 1);
        const straight = world(seed);
        for (const action of actions) apply(straight, action);
        straight.sim.advanceBy(900);
        const straightSeen = looks(straight);
        straight.sim.advanceBy(3600);

        const before = world(seed);
        for (const action of actions.slice(0, cut)) apply(before, action);
        const restored = { ...before, sim: Simulation.restore(before.sim.snapshot()) };
        expect(restored.sim.stateHash()).toBe(before.sim.stateHash());
        expect(restored.sim.traceHash()).toBe(before.sim.traceHash());
        for (const action of actions.slice(cut)) apply(restored, action);
        restored.sim.advanceBy(900);
        expect(looks(restored)).toEqual(straightSeen);
        restored.sim.advanceBy(3600);

        expect(restored.sim.traceHash()).toBe(straight.sim.traceHash());
        expect(restored.sim.stateHash()).toBe(straight.sim.stateHash());
        expect(restored.sim.placementEvents()).toEqual(straight.sim.placementEvents());
      }),
      { numRuns: 60 },
    );
  });

  it('DT-3: the same state gives the same bytes: two runs alike, and a restored simulation snapshotted again', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000 }), actionsArb, (seed, actions) => {
        const [a, b] = [world(seed), world(seed)];
        for (const action of actions) {
          apply(a, action);
          apply(b, action);
        }
        const bytes = a.sim.snapshot();
        expect(Buffer.from(b.sim.snapshot()).equals(Buffer.from(bytes))).toBe(true);
        expect(Buffer.from(Simulation.restore(bytes).snapshot()).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('DT-3: a restored simulation goes on with the trace numbering, the listeners attached to it, and a new trace sink', () => {
    const w = world(5);
    for (let i = 0; i < 3; i++) apply(w, { kind: 'place', players: 2, latencyMs: undefined });
    const lines = w.sim.world.engine.trace.state().lines;
    const received: string[] = [];
    const restored = Simulation.restore(w.sim.snapshot(), { traceSink: (line) => received.push(line) });
    const events: string[] = [];
    restored.onPlacementEvent((event) => events.push(event.detail.placementId));
    restored.advanceBy(60);
    expect(events.sort()).toEqual(['placement-0', 'placement-1', 'placement-2']);
    expect(JSON.parse(received[0]!).n).toBe(lines);
    expect(restored.world.engine.trace.entries()[0]!.n).toBe(lines);
  });

  it('DT-3: data attached to a snapshot comes back, sharing the entities it refers to', () => {
    const w = world(6);
    apply(w, { kind: 'create', location: 0, maxPlayers: 2, count: 1 });
    const session = [...w.sim.world.gameSessions.values()][0]!;
    const { sim, attached } = Simulation.restoreWith(w.sim.snapshot({ watched: session, note: 'driver' }));
    const back = attached as { watched: unknown; note: string };
    expect(back.note).toBe('driver');
    expect(back.watched).toBe(sim.world.gameSessions.get(session.gameSessionId));
  });

  it('DT-3: a snapshot of another format version, older or newer, is refused, naming both versions', () => {
    const bytes = Buffer.from(world(1).sim.snapshot());
    const newline = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.subarray(0, newline).toString()) as Record<string, unknown>;
    // An older snapshot is refused as a newer one is: its state is laid out as this release no longer reads it.
    for (const formatVersion of [SNAPSHOT_FORMAT_VERSION - 1, SNAPSHOT_FORMAT_VERSION + 1]) {
      const other = Buffer.concat([Buffer.from(JSON.stringify({ ...header, formatVersion, packageVersion: '9.9.9' })), bytes.subarray(newline)]);
      expect(() => Simulation.restore(other)).toThrow(SnapshotError);
      expect(() => Simulation.restore(other)).toThrow(
        `snapshot format version ${formatVersion} (written by gamelift-sim 9.9.9) cannot be restored: ` +
        `gamelift-sim ${PACKAGE_VERSION} reads format version ${SNAPSHOT_FORMAT_VERSION} only`,
      );
    }
  });

  it('DT-3: a snapshot holds player sessions in their game sessions only, and the restored world counts and finds them all', () => {
    const w = world(7);
    apply(w, { kind: 'create', location: 0, maxPlayers: 4, count: 2 });
    w.sim.advanceBy(10);
    const sessions = [...w.sim.world.gameSessions.values()].filter((s) => s.status === 'ACTIVE');
    for (const [i, session] of sessions.entries()) {
      w.sim.call('CreatePlayerSessions', { GameSessionId: session.gameSessionId, PlayerIds: [`live-${i}-0`, `live-${i}-1`] });
    }
    // One game session ends (its player sessions are packed), the others run on with theirs as objects.
    w.sim.call('TerminateGameSession', { GameSessionId: sessions[0]!.gameSessionId, TerminationMode: 'FORCE_TERMINATE' });
    w.sim.advanceBy(5);
    const live = [...w.sim.world.gameSessions.values()].flatMap((s) => s.playerSessions);
    expect(live.length).toBeGreaterThan(0);
    expect(w.sim.world.playerSessions.size).toBeGreaterThan(live.length);

    const bytes = w.sim.snapshot();
    expect(listsOfPlayerSessionsBeside(readSnapshot(bytes))).toEqual([]);
    const restored = Simulation.restore(bytes);
    expect(restored.world.playerSessions.size).toBe(w.sim.world.playerSessions.size);
    for (const ps of w.sim.world.playerSessions.values()) {
      expect(restored.world.playerSessions.get(ps.playerSessionId)).toMatchObject({ playerId: ps.playerId, connectAtMs: ps.connectAtMs, endedAs: ps.endedAs });
    }
    expect(restored.stateHash()).toBe(w.sim.stateHash());
  });

  it('DT-3: bytes that are not a snapshot, or a damaged one, are refused with a SnapshotError', () => {
    const bytes = Buffer.from(world(2).sim.snapshot());
    expect(() => Simulation.restore(Buffer.from('{"hello":1}\n[]'))).toThrow(/not a gamelift-sim snapshot/);
    expect(() => Simulation.restore(new Uint8Array())).toThrow(/not a gamelift-sim snapshot/);
    expect(() => Simulation.restore(bytes.subarray(0, bytes.length - 100))).toThrow(/the snapshot is damaged/);
  });

  it('DT-3: a snapshot edited after it was written is refused, even where the edit would decode', () => {
    const bytes = Buffer.from(world(2).sim.snapshot());
    const text = bytes.toString('utf8');
    expect(text).toContain('"ACTIVE"');
    // A status no rule allows, as a hand edit would leave it: valid JSON, and a world that nothing downstream checks.
    const edited = Buffer.from(text.replace('"ACTIVE"', '"BOGUS!"'));
    expect(edited.length).toBe(bytes.length);
    expect(() => Simulation.restore(edited)).toThrow(SnapshotError);
    expect(() => Simulation.restore(edited)).toThrow(/^the snapshot is damaged or was edited: its state's SHA-256 is [0-9a-f]{16}…, its header says [0-9a-f]{16}…$/);
    expect(Simulation.restore(bytes).stateHash()).toBe(world(2).sim.stateHash());
  });

  it('DT-3: a header without the checksum, or a state that matches it yet does not decode, is refused as damaged', () => {
    const bytes = Buffer.from(world(2).sim.snapshot());
    const newline = bytes.indexOf(0x0a);
    const { sha256: _, ...header } = JSON.parse(bytes.subarray(0, newline).toString()) as Record<string, unknown>;
    const withHeader = (h: object, body: Buffer): Buffer => Buffer.concat([Buffer.from(JSON.stringify(h)), Buffer.from('\n'), body]);
    expect(() => Simulation.restore(withHeader(header, bytes.subarray(newline + 1)))).toThrow('the snapshot is damaged: its header has no sha256 of its state');
    const garbage = Buffer.from('not a graph\n');
    const sha256 = createHash('sha256').update(garbage).digest('hex');
    expect(() => Simulation.restore(withHeader({ ...header, sha256 }, garbage))).toThrow(/^the snapshot is damaged: /);
  });

  it('DT-3: state that is not plain data cannot be snapshotted, and the error says where', () => {
    const w = world(3);
    expect(() => w.sim.snapshot({ driver: { agenda: new Date(0) } })).toThrow('a snapshot holds plain data only, got a Date at $.attached.driver.agenda');
  });
});
