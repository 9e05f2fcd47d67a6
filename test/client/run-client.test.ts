import nodeCrypto, { randomUUID as importedRandomUUID } from 'node:crypto';
import nodeOs, { uptime as importedOsUptime } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CLIENT_RUN_SECONDS_MAX, HandlerWork, runClient, type LeftBehind } from '../../src/client/run-client.ts';
import type { PlacementEvent } from '../../src/model/placement/events.ts';
import { activeFleet, quickSimulation } from '../support/fixtures.ts';

/** Every global a run replaces, as identities, to check that a run puts back exactly what was there. */
function globalsNow(): unknown[] {
  return [
    globalThis.setTimeout, globalThis.setInterval, globalThis.setImmediate,
    globalThis.clearTimeout, globalThis.clearInterval, globalThis.clearImmediate,
    globalThis.Date, Date.now, performance.now, Math.random,
    globalThis.crypto.randomUUID, globalThis.crypto.getRandomValues,
    nodeCrypto.randomUUID, nodeCrypto.getRandomValues, importedRandomUUID, AbortSignal.timeout, process.hrtime, process.hrtime.bigint,
    process.uptime, nodeOs.uptime, importedOsUptime, Object.hasOwn(performance, 'timeOrigin'),
    Object.hasOwn(performance, 'now'), Object.hasOwn(Math, 'random'), Object.hasOwn(globalThis.crypto, 'randomUUID'),
  ];
}

describe('runClient: client code in virtual time', () => {
  it('DT-2: Date, Date.now, new Date(), performance.now and process.hrtime follow virtual time, and setTimeout fires at its virtual instant', async () => {
    const sim = quickSimulation(1);
    const startMs = sim.nowMs;
    const seen: number[][] = [];
    const run = await runClient(sim, async () => {
      seen.push([Date.now(), new Date().getTime(), performance.now(), Date.parse(Date())]);
      await new Promise((resolve) => setTimeout(resolve, 90_000));
      seen.push([Date.now(), new Date().getTime(), performance.now(), Date.parse(Date())]);
      const before = process.hrtime();
      await sleep(500);
      seen.push([Date.now(), new Date().getTime(), performance.now()]);
      seen.push([Number(process.hrtime.bigint() / 1_000_000n), ...process.hrtime(before)]);
      return 'done';
    });
    expect(run).toMatchObject({ settled: true, value: 'done', endMs: startMs + 90_500, timersPending: 0 });
    expect(seen).toEqual([
      [startMs, startMs, 0, startMs],
      [startMs + 90_000, startMs + 90_000, 90_000, startMs + 90_000],
      [startMs + 90_500, startMs + 90_500, 90_500],
      [90_500, 0, 500_000_000],
    ]);
    expect(sim.nowMs).toBe(startMs + 90_500);
  });

  it('DT-2: process.uptime and os.uptime (default and named imports) count virtual seconds since the run began, and performance.timeOrigin + performance.now() is the virtual time', async () => {
    const sim = quickSimulation(1);
    const startMs = sim.nowMs;
    const seen: number[][] = [];
    await runClient(sim, async () => {
      seen.push([process.uptime(), nodeOs.uptime(), importedOsUptime(), performance.timeOrigin + performance.now()]);
      await sleep(2_500);
      seen.push([process.uptime(), nodeOs.uptime(), importedOsUptime(), performance.timeOrigin + performance.now()]);
    });
    expect(seen).toEqual([[0, 0, 0, startMs], [2.5, 2.5, 2.5, startMs + 2_500]]);
  });

  it('DT-1: simulation events and client timers share one timeline; the client sees the fleet become ACTIVE on time', async () => {
    const sim = quickSimulation(1);
    const fleetId = sim.call('CreateFleet', {
      Name: 'f', BuildId: 'build-1', EC2InstanceType: 'c5.large',
      RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/game', ConcurrentExecutions: 1 }] },
    }).FleetAttributes!.FleetId!;
    const startMs = sim.nowMs;
    const statuses: [number, string][] = [];
    await runClient(sim, async () => {
      for (let i = 0; i < 8; i++) {
        statuses.push([Date.now() - startMs, sim.call('DescribeFleetAttributes', { FleetIds: [fleetId] }).FleetAttributes![0]!.Status!]);
        await sleep(10_000);
      }
    });
    // quickSimulation's fleets take 60 s to activate: the client polls every 10 s and sees it at 60 s, not before.
    expect(statuses.map(([t]) => t)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000]);
    expect(statuses.filter(([, s]) => s === 'ACTIVE').map(([t]) => t)).toEqual([60_000, 70_000]);
  });

  it('DT-1: a continuation woken by a simulation listener runs at the event\'s instant, before later events', async () => {
    const sim = quickSimulation(1);
    const fleetId = activeFleet(sim);
    sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetId }] });
    const seen: { nowMs: number; endMs: number }[] = [];
    await runClient(sim, async () => {
      const settled = new Promise<PlacementEvent>((resolve) => sim.onPlacementEvent(resolve));
      sim.call('StartGameSessionPlacement', {
        PlacementId: 'p1', GameSessionQueueName: 'q', MaximumPlayerSessionCount: 4,
        DesiredPlayerSessions: [{ PlayerId: 'a' }, { PlayerId: 'b' }],
      });
      const timer = setTimeout(() => {}, 3_600_000);
      const event = await settled;
      // Player connections follow the placement within seconds: none may have run before this continuation.
      seen.push({ nowMs: Date.now(), endMs: Date.parse(event.detail.endTime) });
      clearTimeout(timer);
    }, { forSeconds: 600 });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.nowMs).toBe(seen[0]!.endMs);
    expect(sim.call('DescribePlayerSessions', { GameSessionId: sim.call('DescribeGameSessionPlacement', { PlacementId: 'p1' }).GameSessionPlacement!.GameSessionArn! })
      .PlayerSessions!.map((ps) => ps.Status)).not.toContain('RESERVED');
  });

  it('DT-2: pending promise chains settle before time moves: a chain of awaits runs at one virtual instant', async () => {
    const sim = quickSimulation(1);
    const times: number[] = [];
    await runClient(sim, async () => {
      setTimeout(() => times.push(-1), 1);
      for (let i = 0; i < 1000; i++) {
        await Promise.resolve();
        await new Promise<void>((resolve) => process.nextTick(resolve));
      }
      times.push(Date.now());
      await sleep(2);
    });
    expect(times).toEqual([sim.nowMs - 2, -1]);
  });

  it('a step settles on what its driver says it left (leftBehind): a macrotask, the promise it names, or nothing', async () => {
    /** When the continuation the first of two timers leaves runs, in ms from the start, as `leftBehind` says. */
    const continuedAt = async (leftBehind: (work: Promise<void>) => LeftBehind): Promise<number> => {
      const sim = quickSimulation(1);
      const startMs = sim.nowMs;
      let atMs = -1;
      let work = Promise.resolve();
      await runClient(sim, () => {
        setTimeout(() => { work = Promise.resolve().then(() => { atMs = Date.now() - startMs; }); }, 1);
        setTimeout(() => {}, 2);
      }, { forSeconds: 1, leftBehind: () => leftBehind(work) });
      return atMs;
    };
    expect(await continuedAt(() => 'unknown')).toBe(1);
    expect(await continuedAt((work) => work)).toBe(1);
    // A driver that says "nothing" and is wrong sees the continuation a step late.
    let asked = 0;
    expect(await continuedAt(() => (asked++ === 0 ? 'nothing' : 'unknown'))).toBe(2);
  });

  it('HandlerWork: a step waits on the handlers it started and on those their continuations start, until none is left', async () => {
    const sim = quickSimulation(1);
    const startMs = sim.nowMs;
    const work = new HandlerWork();
    let atMs = -1;
    // A handler that takes a few turns, started by another's continuation (as a call made there can deliver an event).
    const second = async (): Promise<void> => {
      for (let turn = 0; turn < 5; turn++) await Promise.resolve();
      atMs = Date.now() - startMs;
    };
    const first = async (): Promise<void> => {
      await Promise.resolve();
      work.add(second());
    };
    await runClient(sim, () => {
      setTimeout(() => work.add(first()), 1);
      setTimeout(() => {}, 2);
    }, { forSeconds: 1, leftBehind: () => work.take() });
    expect(atMs).toBe(1);
    expect(work.take()).toBe('nothing');
  });

  it('HandlerWork: a handler that rejects fails the step that waits on it at once; a rejection after a take is the next take\'s', async () => {
    const work = new HandlerWork();
    let finish!: () => void;
    work.add(Promise.reject(new Error('defect')));
    work.add(new Promise<void>((resolve) => { finish = resolve; }));
    // Still running, the other handler does not hold the failure back.
    await expect(work.take()).rejects.toThrow('defect');
    const rest = work.take();
    expect(rest).not.toBe('nothing');
    finish();
    await rest;
    expect(work.take()).toBe('nothing');
    work.add(Promise.reject(new Error('later')));
    await Promise.resolve();
    await expect(work.take()).rejects.toThrow('later');
    expect(work.take()).toBe('nothing');
  });

  it('HandlerWork: asked again while a step waits, it gives the same promise, which settles once', async () => {
    const work = new HandlerWork();
    let finish!: () => void;
    work.add(new Promise<void>((resolve) => { finish = resolve; }));
    const first = work.take();
    expect(work.take()).toBe(first);
    finish();
    await first;
    expect(work.take()).toBe('nothing');
  });

  it('setInterval repeats until clearInterval; nested timers fire at their own instants; setImmediate runs before time moves', async () => {
    const sim = quickSimulation(1);
    const startMs = sim.nowMs;
    const log: string[] = [];
    const at = (what: string): void => void log.push(`${Date.now() - startMs} ${what}`);
    await runClient(sim, () => new Promise<void>((resolve) => {
      let ticks = 0;
      const interval = setInterval(() => {
        at(`tick ${++ticks}`);
        if (ticks === 3) {
          clearInterval(interval);
          setTimeout(() => {
            at('nested');
            setTimeout(() => { at('nested again'); resolve(); }, 5);
          }, 100);
        }
      }, 1000);
      setImmediate(() => at('immediate'));
      const cleared = setTimeout(() => at('never'), 1500);
      clearTimeout(cleared);
      setTimeout(() => at('zero delay is 1 ms, as in Node'), 0);
    }));
    expect(log).toEqual([
      '0 immediate', '1 zero delay is 1 ms, as in Node', '1000 tick 1', '2000 tick 2', '3000 tick 3', '3100 nested', '3105 nested again',
    ]);
  });

  it('with forSeconds, runs to that virtual time whatever fn does, and reports the timers left', async () => {
    const sim = quickSimulation(1);
    const startMs = sim.nowMs;
    let polls = 0;
    const run = await runClient(sim, () => {
      setInterval(() => polls++, 1000);
      return new Promise<never>(() => {});
    }, { forSeconds: 60 });
    expect(run).toEqual({ settled: false, endMs: startMs + 60_000, timersPending: 1, steps: expect.any(Number) as number, eventsRun: expect.any(Number) as number });
    expect(polls).toBe(60);
    expect(sim.nowMs).toBe(startMs + 60_000);
    await expect(runClient(sim, () => 1, { forSeconds: CLIENT_RUN_SECONDS_MAX + 1 })).rejects.toThrow(/forSeconds must be in/);
  });

  it('DT-2: every global is restored after a run that returns, after one that throws, and after a timer that throws', async () => {
    const before = globalsNow();
    const sim = quickSimulation(1);
    await runClient(sim, () => {
      expect(globalsNow()).not.toEqual(before);
      return 1;
    });
    expect(globalsNow()).toEqual(before);
    const listeners = process.listenerCount('unhandledRejection');
    await expect(runClient(sim, () => { throw new Error('client bug'); })).rejects.toThrow('client bug');
    expect(globalsNow()).toEqual(before);
    await expect(runClient(sim, async () => { await sleep(10); throw new Error('later'); })).rejects.toThrow('later');
    expect(globalsNow()).toEqual(before);
    await expect(runClient(sim, () => new Promise(() => { setTimeout(() => { throw new Error('in a timer'); }, 5); })))
      .rejects.toThrow('in a timer');
    expect(globalsNow()).toEqual(before);
    // A promise a timer callback leaves rejected and unhandled ends the run with its reason, as it ends a Node process.
    await expect(runClient(sim, () => new Promise(() => { setTimeout(() => void Promise.reject(new Error('unhandled')), 5); }), { forSeconds: 60 }))
      .rejects.toThrow('unhandled');
    expect(globalsNow()).toEqual(before);
    expect(process.listenerCount('unhandledRejection')).toBe(listeners);
  });

  it('fails, and restores the globals, when the client waits on nothing', async () => {
    const before = globalsNow();
    await expect(runClient(quickSimulation(1), () => new Promise(() => {}))).rejects.toThrow(/waits on nothing/);
    expect(globalsNow()).toEqual(before);
  });

  it('refuses a second run while one is in progress', async () => {
    const sim = quickSimulation(1);
    await runClient(sim, async () => {
      await expect(runClient(sim, () => 1)).rejects.toThrow(/another run is in progress/);
    });
  });

  it('DT-1: Math.random, randomUUID (global, node:crypto, ESM import) and getRandomValues draw from the seed', async () => {
    const draws = async (seed: number): Promise<unknown> => {
      const sim = quickSimulation(seed);
      const run = await runClient(sim, () => ({
        random: [Math.random(), Math.random()],
        uuids: [crypto.randomUUID(), nodeCrypto.randomUUID(), importedRandomUUID()],
        bytes: [...crypto.getRandomValues(new Uint8Array(8)), ...nodeCrypto.getRandomValues(new Uint16Array(2))],
      }));
      return run.settled ? run.value : undefined;
    };
    const first = await draws(7);
    expect(await draws(7)).toEqual(first);
    expect(await draws(8)).not.toEqual(first);
    expect((first as { uuids: string[] }).uuids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set((first as { uuids: string[] }).uuids).size).toBe(3);
    await runClient(quickSimulation(1), () => {
      expect(() => crypto.getRandomValues(new Float64Array(2) as unknown as Uint8Array)).toThrow(expect.objectContaining({ name: 'TypeMismatchError' }));
      expect(() => crypto.getRandomValues(new Uint8Array(65_537))).toThrow(/QuotaExceeded|exceeds/);
    });
  });

  it('DT-1: a client with timers, Math.random jitter and randomUUID gives the same trace hash for a seed, another for another seed', async () => {
    const traceOf = async (seed: number): Promise<string> => {
      const sim = quickSimulation(seed);
      activeFleet(sim, { processesPerInstance: 4 });
      sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: sim.call('DescribeFleetAttributes', {}).FleetAttributes![0]!.FleetArn! }] });
      await runClient(sim, async () => {
        const started: string[] = [];
        for (let i = 0; i < 6; i++) {
          await sleep(Math.floor(Math.random() * 5000));
          const PlacementId = crypto.randomUUID();
          sim.call('StartGameSessionPlacement', { PlacementId, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });
          started.push(PlacementId);
        }
        await sleep(30_000);
        for (const PlacementId of started) sim.call('DescribeGameSessionPlacement', { PlacementId });
      });
      return sim.traceHash();
    };
    const hash = await traceOf(3);
    expect(await traceOf(3)).toBe(hash);
    expect(await traceOf(4)).not.toBe(hash);
  });

  it('100,000 pending client timers fire in (due time, order set) order, each at its instant', async () => {
    const sim = quickSimulation(1);
    const startMs = sim.nowMs;
    const count = 100_000;
    let fired = 0;
    let lastKey = -1;
    let late = 0;
    await runClient(sim, () => new Promise<void>((resolve) => {
      for (let i = 0; i < count; i++) {
        const delayMs = 1 + ((i * 7919) % 3600_000);
        setTimeout(() => {
          if (Date.now() - startMs !== delayMs) late++;
          const key = delayMs * count + i;
          if (key < lastKey) late++;
          lastKey = key;
          if (++fired === count) resolve();
        }, delayMs);
      }
    }));
    expect({ fired, late }).toEqual({ fired: count, late: 0 });
  });
});
