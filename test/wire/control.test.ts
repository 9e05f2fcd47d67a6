import { DescribeFleetAttributesCommand } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/api/simulation.ts';
import { VIRTUAL_TIME_MS_MAX } from '../../src/engine/clock.ts';
import { EVENTS_CHUNK, EVENTS_PAGE_MAX, controlResponse, type StreamedResponse } from '../../src/wire/control.ts';
import { ADVANCE_SECONDS_MAX, ServerClock } from '../../src/wire/server-clock.ts';
import { activeFleet, httpClient, post, servingInTests, wireSimulation } from './support.ts';

const serving = servingInTests();

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function postJson(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await post(url, { 'content-type': 'application/json' }, JSON.stringify(body));
  return { status: response.status, body: JSON.parse(response.text) as Record<string, unknown> };
}

/** `count` placements on a queue with `customEventData`, each failed at once: one PlacementFailed event each. */
function failedPlacements(sim: Simulation, count: number, customEventData?: string): void {
  const fleetId = activeFleet(sim);
  const fleetArn = sim.call('DescribeFleetAttributes', { FleetIds: [fleetId] }).FleetAttributes![0]!.FleetArn!;
  sim.call('CreateGameSessionQueue', { Name: 'q', Destinations: [{ DestinationArn: fleetArn }], CustomEventData: customEventData });
  for (let i = 0; i < count; i++) {
    sim.call('StartGameSessionPlacement', { PlacementId: `p-${i}`, GameSessionQueueName: 'q', MaximumPlayerSessionCount: 2 });
    sim.failPlacement(`p-${i}`);
  }
}

describe('the control plane under /_sim/', () => {
  it('GET /_sim/state answers virtual time, seed, clock, trace hash and counts', async () => {
    const sim = wireSimulation('state-seed');
    activeFleet(sim);
    const server = await serving(sim);
    const { status, body } = await getJson(`${server.url}/_sim/state`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      nowMs: sim.nowMs, now: sim.now.toISOString(), seed: sim.seed, clock: 'manual', speed: 1, traceHash: sim.traceHash(),
      counts: { fleets: 1, gameSessions: 0, placements: 0, placementEvents: 0 },
    });
    expect((await fetch(`${server.url}/_sim/state`, { method: 'POST' })).status).toBe(405);
    const missing = await getJson(`${server.url}/_sim/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/POST \/_sim\/faults\/reclaim-spot-instance/);
  });

  it('POST /_sim/faults/<name> injects the simulation\'s faults, and refuses bad bodies and missing targets by name', async () => {
    const sim = wireSimulation();
    const fleetId = activeFleet(sim);
    const session = sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 }).GameSession!;
    const server = await serving(sim);
    const crashed = await postJson(`${server.url}/_sim/faults/crash-game-session-process`, { gameSessionId: session.GameSessionId });
    expect(crashed).toEqual({ status: 200, body: { fault: 'crash-game-session-process', nowMs: sim.nowMs, traceHash: sim.traceHash() } });
    expect(sim.call('DescribeGameSessions', { GameSessionId: session.GameSessionId }).GameSessions![0]!.Status).toBe('ERROR');

    const before = sim.stateHash();
    const instanceId = [...[...sim.world.fleets.get(fleetId)!.locations.values()][0]!.instances][0]!.instanceId;
    const onDemand = await postJson(`${server.url}/_sim/faults/reclaim-spot-instance`, { instanceId });
    expect(onDemand.status).toBe(400);
    expect(onDemand.body.message).toMatch(/not a spot instance/);
    expect((await postJson(`${server.url}/_sim/faults/fail-placement`, { placementId: 'nope' })).status).toBe(404);
    expect((await postJson(`${server.url}/_sim/faults/fail-placement`, { placement: 'x' })).body.message).toMatch(/\{"placementId": "<id>"\}/);
    expect((await postJson(`${server.url}/_sim/faults/set-timings`, { gameSessionActivation: { minSeconds: 5, maxSeconds: 1 } })).status).toBe(400);
    expect((await postJson(`${server.url}/_sim/faults/set-timings`, { warpDrive: 1 })).body.message).toMatch(/set-timings takes/);
    expect((await postJson(`${server.url}/_sim/faults/set-timings`, [1])).status).toBe(400);
    expect(sim.stateHash()).toBe(before);

    const slow = await postJson(`${server.url}/_sim/faults/set-timings`, { gameSessionActivation: { minSeconds: 30, maxSeconds: 30 }, playerStay: null });
    expect(slow.status).toBe(200);
    expect(sim.world.timings.gameSessionActivation).toEqual({ minSeconds: 30, maxSeconds: 30 });
    expect(sim.world.timings.playerStay).toBeUndefined();
  });

  it('POST /_sim/faults/<selector fault> strikes by selector, answers what it struck, and refuses bad selectors by field', async () => {
    const sim = wireSimulation();
    const fleetId = activeFleet(sim, 2);
    for (let i = 0; i < 2; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 2 });
    const server = await serving(sim);
    const before = sim.stateHash();
    const refusals: [string, unknown, number, RegExp][] = [
      ['crash-processes', { fleet: 'nope' }, 404, /names no fleet/],
      ['crash-processes', { fleet: fleetId, location: 'mars-1' }, 404, /is no location/],
      ['crash-processes', {}, 400, /^fleet must be/],
      ['crash-processes', { fleet: fleetId, count: -1 }, 400, /^count must be/],
      ['crash-processes', { fleet: fleetId, fraction: 2 }, 400, /^fraction must be/],
      ['crash-processes', { fleet: fleetId, count: 1, fraction: 0.5 }, 400, /count or fraction, not both/],
      ['crash-processes', { fleet: fleetId, blast: 1 }, 400, /takes fleet, location, count, fraction; got "blast"/],
      ['lose-capacity', { fleet: fleetId, abrupt: 'yes' }, 400, /^abrupt must be/],
      ['recover-capacity', { losses: [{ fleetId }] }, 400, /losses\[0\]/],
      ['activation-fault', { fleet: fleetId, count: 1, failFraction: 1 }, 400, /takes fleet, location; got "count"/],
      ['activation-fault', { fleet: fleetId, failFraction: 1.5 }, 400, /^failFraction must be/],
      ['activation-fault', { fleet: fleetId, delay: { minSeconds: 3, maxSeconds: 1 } }, 400, /^delay must be/],
      ['activation-fault', { fleet: fleetId }, 400, /needs failFraction, delay/],
      ['reclaim-spot', { fleet: fleetId }, 404, /is an ON_DEMAND fleet/],
    ];
    for (const [name, body, status, message] of refusals) {
      const answer = await postJson(`${server.url}/_sim/faults/${name}`, body);
      expect({ name, status: answer.status }).toEqual({ name, status });
      expect(answer.body.message).toMatch(message);
    }
    expect(sim.stateHash()).toBe(before);

    const crashed = await postJson(`${server.url}/_sim/faults/crash-processes`, { fleet: fleetId, count: 1 });
    expect(crashed.status).toBe(200);
    const [crashedId] = crashed.body.struck as string[];
    expect(sim.call('DescribeGameSessions', { GameSessionId: crashedId }).GameSessions![0]!.Status).toBe('ERROR');

    const lost = await postJson(`${server.url}/_sim/faults/lose-capacity`, { fleet: fleetId, fraction: 1, abrupt: true });
    expect(lost.body.struck).toEqual([expect.objectContaining({ fleetId, instances: 1 })]);
    const capacity = () => sim.call('DescribeFleetCapacity', { FleetIds: [fleetId] }).FleetCapacity![0]!.InstanceCounts!.DESIRED;
    expect(capacity()).toBe(0);
    expect((await postJson(`${server.url}/_sim/faults/recover-capacity`, { losses: lost.body.struck })).status).toBe(200);
    expect(capacity()).toBe(1);

    const slow = await postJson(`${server.url}/_sim/faults/activation-fault`, { fleet: fleetId, delay: { minSeconds: 40, maxSeconds: 40 } });
    expect(slow).toEqual({ status: 200, body: { fault: 'activation-fault', nowMs: sim.nowMs, traceHash: sim.traceHash() } });
    expect((await postJson(`${server.url}/_sim/faults/activation-fault`, { fleet: fleetId, clear: true })).status).toBe(200);
  });

  it('GET /_sim/events?after=CURSOR&limit=N pages the events with a cursor each; the full dump streams the same events', async () => {
    const sim = wireSimulation();
    const count = EVENTS_CHUNK * 2 + 7;
    // Control characters grow six-fold when escaped; they once broke the dump with "Invalid string length".
    failedPlacements(sim, count, 'ctl\u0000\u0001\u001f"\\\n');
    const server = await serving(sim);
    const followed: unknown[] = [];
    let cursor = -1;
    for (;;) {
      const page = await getJson(`${server.url}/_sim/events?after=${cursor}&limit=${EVENTS_PAGE_MAX}`);
      expect(page.status).toBe(200);
      const events = page.body.events as { cursor: number; event: unknown }[];
      if (events.length === 0) break;
      expect(events.map((e) => e.cursor)).toEqual(events.map((_, i) => cursor + 1 + i));
      followed.push(...events.map((e) => e.event));
      cursor = page.body.cursor as number;
    }
    expect(followed).toHaveLength(count);
    expect(followed).toEqual(JSON.parse(JSON.stringify(sim.placementEvents())));
    expect((followed[0] as { detail: { customEventData: string } }).detail.customEventData).toBe('ctl\u0000\u0001\u001f"\\\n');

    const dump = await fetch(`${server.url}/_sim/events`);
    expect(dump.status).toBe(200);
    expect(dump.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await dump.json()).toEqual(followed);

    for (const bad of ['limit=0', `limit=${EVENTS_PAGE_MAX + 1}`, 'after=x', 'after=-2', 'cursor=1']) {
      expect((await getJson(`${server.url}/_sim/events?${bad}`)).status, bad).toBe(400);
    }
  });

  it('the full event dump is written a chunk of at most EVENTS_CHUNK events at a time, for the server to serve others between', () => {
    const sim = wireSimulation();
    failedPlacements(sim, EVENTS_CHUNK * 4 + 1, '\u0000'.repeat(256));
    const answer = controlResponse(sim, new ServerClock(sim, 'manual'), { method: 'GET', path: '/_sim/events', headers: {}, body: '' });
    expect('chunks' in answer).toBe(true);
    const chunks = [...(answer as StreamedResponse).chunks];
    const largestEventChars = Math.max(...sim.placementEvents().map((e) => JSON.stringify(e).length));
    expect(chunks.length).toBe(4 + 1 + 2);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(EVENTS_CHUNK * (largestEventChars + 1));
    expect(JSON.parse(chunks.join(''))).toEqual(JSON.parse(JSON.stringify(sim.placementEvents())));
  });

  it('virtual time cannot pass VIRTUAL_TIME_MS_MAX: advancing a year at a time ends in a 400 naming the limit, and the server still answers', async () => {
    // Start a few years short of the limit so that the test runs in seconds; the clock then steps a year at a time.
    const sim = new Simulation({ seed: 1, config: { startMs: VIRTUAL_TIME_MS_MAX - 3 * ADVANCE_SECONDS_MAX * 1000 } });
    const server = await serving(sim);
    let refusal: Record<string, unknown> | undefined;
    for (let i = 0; i < 5 && refusal === undefined; i++) {
      const answer = await postJson(`${server.url}/_sim/advance`, { seconds: ADVANCE_SECONDS_MAX });
      if (answer.status !== 200) refusal = answer;
    }
    expect(refusal).toMatchObject({ status: 400, body: { __type: 'InvalidRequestException', message: expect.stringContaining('9999-12-31T23:59:59.999Z') } });
    expect(sim.nowMs).toBeLessThanOrEqual(VIRTUAL_TIME_MS_MAX);
    const fleets = await httpClient(server.url, sim).send(new DescribeFleetAttributesCommand({}));
    expect(fleets.$metadata.httpStatusCode).toBe(200);
    expect((await getJson(`${server.url}/_sim/state`)).body.now).toBe(sim.now.toISOString());
    expect(() => sim.advanceTo(VIRTUAL_TIME_MS_MAX + 1)).toThrow(/VIRTUAL_TIME_MS_MAX/);
  });

  it('--speed: a realtime clock runs N virtual seconds per wall second, and stops at VIRTUAL_TIME_MS_MAX', () => {
    const sim = wireSimulation();
    let wallMs = 1_000;
    const clock = new ServerClock(sim, 'realtime', () => wallMs, 60);
    const start = sim.nowMs;
    wallMs += 2_000;
    clock.sync();
    expect(sim.nowMs).toBe(start + 120_000);
    expect(() => new ServerClock(sim, 'realtime', () => wallMs, 0)).toThrow(RangeError);
    const late = new Simulation({ config: { startMs: VIRTUAL_TIME_MS_MAX - 3_600_000 } });
    const fast = new ServerClock(late, 'realtime', () => wallMs, 1_000_000);
    wallMs += 10_000;
    fast.sync();
    expect(late.nowMs).toBe(VIRTUAL_TIME_MS_MAX);
  });
});
