import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latencyByLocation, policyInForce, rankLocations } from '../../../src/model/placement/destinations.ts';
import { KNOWN_REGIONS } from '../../../src/model/regions.ts';
import { activeFleet, quickSimulation } from '../../support/fixtures.ts';
import type { LatencyPolicy, LocationLatency, PackedLatencies } from '../../../src/model/placement/entities.ts';

/** One PlayerLatencies entry as a placement request sends it, every member optional. */
interface PlayerLatencyInput {
  readonly playerId: string | undefined;
  readonly regionIdentifier: string | undefined;
  readonly latencyMs: number | undefined;
}

/** The entries as a placement keeps them: flat, three members an entry in turn. */
function packed(latencies: readonly PlayerLatencyInput[]): PackedLatencies {
  return latencies.flatMap((l) => [l.playerId, l.regionIdentifier, l.latencyMs]);
}

/**
 * The table as its definition reads, one map per player: a player's last entry for a region counts; regions listed
 * player by player, each in the order that player first gave it; sums taken in the order the players first appear.
 */
function reference(latencies: readonly PlayerLatencyInput[]): Map<string, LocationLatency> | undefined {
  if (latencies.length === 0) return undefined;
  const byPlayer = new Map<string, Map<string, number>>();
  for (const { playerId, regionIdentifier, latencyMs } of latencies) {
    if (playerId === undefined || regionIdentifier === undefined || latencyMs === undefined) continue;
    if (!byPlayer.has(playerId)) byPlayer.set(playerId, new Map());
    byPlayer.get(playerId)!.set(regionIdentifier, latencyMs);
  }
  const regions = new Set([...byPlayer.values()].flatMap((mine) => [...mine.keys()]));
  return new Map([...regions].map((region) => {
    const reported = [...byPlayer.values()].flatMap((mine) => (mine.has(region) ? [mine.get(region)!] : []));
    const allReported = reported.length === byPlayer.size;
    const averageMs = reported.reduce((sum, ms) => sum + ms, 0) / reported.length;
    return [region, { averageMs, worstMs: allReported ? Math.max(...reported) : Infinity, allReported }];
  }));
}

const entry: fc.Arbitrary<PlayerLatencyInput> = fc.record({
  playerId: fc.option(fc.constantFrom('p1', 'p2', 'p3', 'p4'), { nil: undefined, freq: 8 }),
  regionIdentifier: fc.option(fc.constantFrom('us-west-2', 'eu-west-1', 'ap-northeast-1'), { nil: undefined, freq: 8 }),
  latencyMs: fc.option(fc.double({ min: 0, max: 1000, noNaN: true }), { nil: undefined, freq: 8 }),
});

describe('latencyByLocation', () => {
  it('PL-8: each location\'s average and worst latency, and whether every player reported it, in the order the players gave them', () => {
    fc.assert(fc.property(fc.array(entry, { maxLength: 20 }), (latencies) => {
      const table = latencyByLocation(packed(latencies));
      const want = reference(latencies);
      // Entries compared in order: the same averages to the last bit, summed in the same order.
      expect(table === undefined ? undefined : [...table]).toEqual(want === undefined ? undefined : [...want]);
    }), { numRuns: 500 });
  });

  it('PL-8: entries player by player, as clients send them, give the table the definition gives, to the last bit', () => {
    const region = fc.constantFrom('us-west-2', 'eu-west-1', 'ap-northeast-1', 'us-east-1');
    const player = fc.uniqueArray(region, { maxLength: 4 }).chain((regions) =>
      fc.tuple(...regions.map((r) => fc.record({ regionIdentifier: fc.constant(r), latencyMs: fc.double({ min: 0, max: 1000, noNaN: true }) }))));
    fc.assert(fc.property(fc.array(player, { maxLength: 12 }), (players) => {
      const latencies: PlayerLatencyInput[] = players.flatMap((entries, i) => entries.map((e) => ({ playerId: `p${i}`, ...e })));
      const table = latencyByLocation(packed(latencies));
      const want = reference(latencies);
      expect(table === undefined ? undefined : [...table]).toEqual(want === undefined ? undefined : [...want]);
    }), { numRuns: 300 });
  });

  it('PL-8: requests at and past the table\'s bounds (64 players, 16 locations), one after another, give the table the definition gives', () => {
    const regions = Array.from({ length: 18 }, (_, r) => `custom-location-${r}`);
    const request = fc.tuple(fc.integer({ min: 62, max: 66 }), fc.integer({ min: 14, max: 18 }), fc.nat()).map(([players, locations, seed]) =>
      Array.from({ length: players }, (_, p) => regions.slice(0, locations).map((regionIdentifier, r) =>
        ({ playerId: `p${p}`, regionIdentifier, latencyMs: (seed + 31 * p + 7 * r) % 500 }))).flat());
    fc.assert(fc.property(fc.array(request, { minLength: 2, maxLength: 4 }), (requests) => {
      for (const latencies of requests) expect([...latencyByLocation(packed(latencies))!]).toEqual([...reference(latencies)!]);
    }), { numRuns: 40 });
  });

  it('PL-8: a player who leaves a location out makes it one no policy accepts, and the last of two entries counts', () => {
    const table = latencyByLocation(packed([
      { playerId: 'a', regionIdentifier: 'eu-west-1', latencyMs: 90 },
      { playerId: 'b', regionIdentifier: 'us-west-2', latencyMs: 30 },
      { playerId: 'a', regionIdentifier: 'us-west-2', latencyMs: 50 },
      { playerId: 'a', regionIdentifier: 'eu-west-1', latencyMs: 70 },
    ]))!;
    expect([...table]).toEqual([
      ['eu-west-1', { averageMs: 70, worstMs: Infinity, allReported: false }],
      ['us-west-2', { averageMs: 40, worstMs: 50, allReported: true }],
    ]);
  });
});

describe('policyInForce', () => {
  it('PL-8: the policies apply in order of rising maximum, whatever order the queue lists them in', () => {
    const policy = fc.record({
      maximumIndividualPlayerLatencyMs: fc.integer({ min: 1, max: 500 }),
      policyDurationSeconds: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined, freq: 4 }),
    });
    fc.assert(fc.property(fc.array(policy, { maxLength: 5 }), fc.nat(300_000), (policies: LatencyPolicy[], elapsedMs) => {
      const sorted = [...policies].sort((a, b) => a.maximumIndividualPlayerLatencyMs - b.maximumIndividualPlayerLatencyMs);
      expect(policyInForce(policies, elapsedMs)).toEqual(policyInForce(sorted, elapsedMs));
      // By the sorted list: each policy in turn for its duration, the last (or the first without one) for good.
      let endsAtMs = 0;
      let want: { policy: LatencyPolicy | undefined; nextChangeAfterMs: number | undefined } = { policy: undefined, nextChangeAfterMs: undefined };
      for (const [i, p] of sorted.entries()) {
        if (i === sorted.length - 1 || p.policyDurationSeconds === undefined) {
          want = { policy: p, nextChangeAfterMs: undefined };
          break;
        }
        endsAtMs += p.policyDurationSeconds * 1000;
        if (elapsedMs < endsAtMs) {
          want = { policy: p, nextChangeAfterMs: endsAtMs };
          break;
        }
      }
      expect(policyInForce(policies, elapsedMs)).toEqual(want);
    }));
  });
});

describe('rankLocations', () => {
  const regions = [...KNOWN_REGIONS].filter((r) => !r.startsWith('cn-')).slice(0, 20);
  /** A fleet in `count` locations, a queue on it ordered by latency alone, and a simulation to place in. */
  const latencyWorlds = new Map<number, ReturnType<typeof quickSimulation>>();
  function latencyWorld(count: number): ReturnType<typeof quickSimulation> {
    let sim = latencyWorlds.get(count);
    if (sim !== undefined) return sim;
    sim = quickSimulation(7);
    const fleetId = activeFleet(sim, { locations: regions.slice(0, count) });
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 60 });
    latencyWorlds.set(count, sim);
    return sim;
  }

  it('PL-8: by latency, every player\'s locations first, then by location name, for few locations and for many', () => {
    let n = 0;
    fc.assert(fc.property(
      fc.constantFrom(3, 16, 17, 20),
      fc.array(fc.record({ region: fc.nat({ max: 19 }), latencyMs: fc.integer({ min: 1, max: 4 }), player: fc.constantFrom('p1', 'p2') }), { minLength: 1, maxLength: 30 }),
      (count, entries) => {
        const sim = latencyWorld(count);
        const PlacementId = `p-${n++}`;
        sim.call('StartGameSessionPlacement', {
          PlacementId, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2,
          PlayerLatencies: entries.map((e) => ({ PlayerId: e.player, RegionIdentifier: regions[e.region]!, LatencyInMilliseconds: e.latencyMs })),
        });
        const placement = sim.placements.placements.get(PlacementId)!;
        const ranked = rankLocations(sim.world, placement, sim.nowMs).map((loc) => loc.location);
        const table = placement.latencyByLocation!;
        const key = (location: string): LocationLatency => table.get(location) ?? { averageMs: Infinity, worstMs: Infinity, allReported: false };
        const want = [sim.world.config.homeRegion, ...regions.slice(0, count)].filter((r, i, all) => all.indexOf(r) === i).sort((a, b) =>
          Number(!key(a).allReported) - Number(!key(b).allReported) || (key(a).averageMs === key(b).averageMs ? 0 : key(a).averageMs < key(b).averageMs ? -1 : 1) || (a < b ? -1 : 1));
        expect(ranked).toEqual(want);
      },
    ), { numRuns: 60 });
  });

  it('PL-8: a queue\'s new priority or filter ranks the next placement, however its ranking was worked out before', () => {
    const sim = quickSimulation(6);
    const fleetId = activeFleet(sim, { locations: ['us-west-2', 'eu-west-1', 'ap-northeast-1'], processesPerInstance: 10 });
    const LocationOrder = ['us-west-2', 'eu-west-1', 'ap-northeast-1'];
    sim.call('CreateGameSessionQueue', {
      Name: 'q', Destinations: [{ DestinationArn: fleetId }], TimeoutInSeconds: 60,
      PriorityConfiguration: { PriorityOrder: ['LOCATION'], LocationOrder },
    });
    let n = 0;
    /** Where the next placement's game session goes. */
    const placed = (): string | undefined => {
      const PlacementId = `p-${n++}`;
      sim.call('StartGameSessionPlacement', { PlacementId, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });
      sim.advanceBy(15);
      return sim.call('DescribeGameSessionPlacement', { PlacementId }).GameSessionPlacement!.GameSessionRegion;
    };
    expect(placed()).toBe('us-west-2');
    sim.call('UpdateGameSessionQueue', { Name: 'q', PriorityConfiguration: { PriorityOrder: ['LOCATION'], LocationOrder: [...LocationOrder].reverse() } });
    expect(placed()).toBe('ap-northeast-1');
    sim.call('UpdateGameSessionQueue', { Name: 'q', FilterConfiguration: { AllowedLocations: ['eu-west-1'] } });
    expect(placed()).toBe('eu-west-1');
    sim.call('UpdateGameSessionQueue', { Name: 'q', FilterConfiguration: { AllowedLocations: ['us-west-2', 'ap-northeast-1'] } });
    expect(placed()).toBe('ap-northeast-1');
  });
});
