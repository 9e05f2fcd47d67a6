import fc from 'fast-check';
import type { GameSessionStatus } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import type { Fleet, FleetLocation, GameSession } from '../../src/model/entities.ts';
import { compareSessionKeys, indexKey, SessionIndex } from '../../src/model/session-index.ts';

describe('indexKey', () => {
  it('is the same string for the same parts, before and past the 65,536 keys it remembers', () => {
    const first = indexKey('fleet-a', 'us-west-2', 'ACTIVE');
    expect(first).toBe('fleet-a|us-west-2|ACTIVE');
    for (let i = 0; i < 70_000; i++) expect(indexKey(`fleet-${i}`, undefined, 'TERMINATED')).toBe(`fleet-${i}|*|TERMINATED`);
    // Remembered before the limit: the very string made the first time. Past it: made afresh, equal all the same.
    expect(indexKey('fleet-a', 'us-west-2', 'ACTIVE')).toBe(first);
    expect(indexKey('fleet-late', undefined, undefined)).toBe('fleet-late|*|*');
  });
});

/** The statuses a session goes through in the index, in order (GS-1), as far as a step takes it. */
const PATH: readonly GameSessionStatus[] = ['ACTIVATING', 'ACTIVE', 'TERMINATING', 'TERMINATED'];

/**
 * Fleet locations as the index sees them: two fleets, two locations each, and a second object for one location, as
 * when a location is deleted and added again while sessions of the first are still kept.
 */
function locations(): FleetLocation[] {
  const made: FleetLocation[] = [];
  for (const fleetId of ['fleet-a', 'fleet-b']) {
    const fleet = { fleetId } as Fleet;
    for (const location of ['us-west-2', 'eu-west-1']) made.push({ fleet, location } as FleetLocation);
  }
  made.push({ fleet: made[0]!.fleet, location: 'us-west-2' } as FleetLocation);
  return made;
}

type Step = { insert: number; creationTimeMs: number } | { advance: number } | { remove: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ insert: fc.nat(4), creationTimeMs: fc.nat(5) }),
  fc.record({ advance: fc.nat() }),
  fc.record({ remove: fc.nat() }),
);

/** Every key a page may be asked of: each fleet, each of its locations or all, each status or all. */
function everyKey(): string[] {
  return ['fleet-a', 'fleet-b'].flatMap((fleetId) => [undefined, 'us-west-2', 'eu-west-1'].flatMap((location) =>
    [undefined, ...PATH, 'ERROR' as const].map((status) => indexKey(fleetId, location, status))));
}

/** What the index `key` must hold: the sessions it names, in listing order (DG-6). */
function expected(key: string, sessions: readonly GameSession[]): GameSession[] {
  const [fleetId, location, status] = key.split('|');
  return sessions
    .filter((s) => s.fleet.fleetId === fleetId && (location === '*' || s.location.location === location) && (status === '*' || s.status === status))
    .sort(compareSessionKeys);
}

function expectPages(index: SessionIndex, sessions: readonly GameSession[]): void {
  for (const key of everyKey()) {
    const want = expected(key, sessions);
    expect(index.count(key), key).toBe(want.length);
    // Read in pages of two, each resuming after the last session of the one before.
    const got: GameSession[] = [];
    for (let page = index.page(key, undefined, 2); ; page = index.page(key, got.at(-1), 2)) {
      got.push(...page.sessions);
      if (!page.more) break;
    }
    expect(got.map((s) => s.gameSessionId), key).toEqual(want.map((s) => s.gameSessionId));
  }
}

describe('SessionIndex', () => {
  it('DG-6, DG-9: every index counts and pages exactly the sessions of its fleet, location and status, also once rebuilt from its keys', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), fc.boolean(), (steps, readEarly) => {
      const locs = locations();
      const held: GameSession[] = [];
      const index = new SessionIndex(() => held);
      let n = 0;
      for (const s of steps) {
        if ('insert' in s) {
          const loc = locs[s.insert]!;
          const session = { gameSessionId: `gs-${n++}`, fleet: loc.fleet, location: loc, creationTimeMs: s.creationTimeMs, status: 'ACTIVATING' } as GameSession;
          index.insert(session);
          held.push(session);
        } else if (held.length > 0 && 'advance' in s) {
          const session = held[s.advance % held.length]!;
          const at = PATH.indexOf(session.status);
          // ACTIVATING may also end in ERROR (GS-1); the others move one step along the path.
          const to = at === 0 && s.advance % 3 === 0 ? 'ERROR' : PATH[at + 1];
          if (to === undefined || session.status === 'ERROR') continue;
          index.changeStatus(session, session.status, to);
          session.status = to;
        } else if (held.length > 0 && 'remove' in s) {
          const [session] = held.splice(s.remove % held.length, 1);
          index.remove(session!);
        }
        // Reading a status makes its trees, which the changes after must keep current.
        if (readEarly) expectPages(index, held);
      }
      expectPages(index, held);
      const rebuilt = new SessionIndex(() => held);
      rebuilt.rebuild(index.keys(), held);
      expect(rebuilt.keys()).toEqual(index.keys());
      expect(rebuilt.dump()).toEqual(index.dump());
      expectPages(rebuilt, held);
    }), { numRuns: 200 });
  });

  it('refuses to move or remove a session it does not hold under that status, or to list sessions it did not count', () => {
    const [loc] = locations();
    const index = new SessionIndex(() => []);
    const session = { gameSessionId: 'gs-0', fleet: loc!.fleet, location: loc, creationTimeMs: 0, status: 'ACTIVATING' } as GameSession;
    expect(() => index.remove(session)).toThrow(/gs-0 is not in its index/);
    index.insert(session);
    expect(() => index.changeStatus(session, 'ACTIVE', 'TERMINATING')).toThrow(/gs-0 is not in its index/);
    // The retained sessions it makes a tree from must be the ones it counted.
    expect(() => index.page(indexKey('fleet-a', undefined, undefined), undefined, 10)).toThrow(/counts 1 sessions but finds 0/);
  });
});
