import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/runner/checks.ts';
import { runScenario } from '../../src/runner/run.ts';
import { checkScenario, readScenario, ScenarioError, simulationFor } from '../../src/runner/scenario.ts';
import small from './fixtures/small.scenario.ts';

const here = import.meta.dirname;
const bundled = (name: string): string => join(here, '..', '..', 'scenarios', name);

/** The message `checkScenario` refuses `data` with. */
function refusal(data: unknown): string {
  try {
    checkScenario(data, 'scenario');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('the scenario was accepted');
}

/** `small` as plain JSON data: its functions left out, so that the tests can walk and mutate it. */
const data = (): Record<string, unknown> => JSON.parse(JSON.stringify({ ...small, checks: undefined })) as Record<string, unknown>;

describe('scenarios', () => {
  it('reads a TypeScript scenario module and runs it', async () => {
    const scenario = await readScenario(join(here, 'fixtures', 'small.scenario.ts'));
    expect(scenario.load.durationMinutes).toBe(6);
    expect(scenario.load.arrivals).toHaveLength(3);
    expect(scenario.checks![0]!.name).toBe('holds');
    const result = await runScenario(scenario, 3);
    expect(result.violations).toEqual([]);
    expect(result.placementCount).toBeGreaterThan(20);
    expect(result.faultsInjected).toBe(2 + 2 + 2 + 1);
    expect((await runScenario(scenario, 3)).traceHash).toBe(result.traceHash);
  });

  it('runs the scenario\'s own checks during the run and at its end; a violation fails the run, naming the lobby', async () => {
    const scenario = await readScenario(join(here, 'fixtures', 'small.scenario.ts'));
    const looks: boolean[] = [];
    const noFullLobbies: Check = {
      name: 'no-full-lobbies',
      everySeconds: 60,
      inspect: ({ lobbies, final }) => {
        looks.push(final);
        return [...lobbies.values()].filter((r) => r.lobby.players.length === 4).map((r) => ({ subject: r.lobby.id, message: `lobby ${r.lobby.id} is full` }));
      },
    };
    const result = await runScenario({ ...scenario, checks: [noFullLobbies] }, 3);
    expect(looks.filter((final) => !final)).toHaveLength(6);
    expect(looks.at(-1)).toBe(true);
    expect(result.violations.length).toBeGreaterThan(0);
    for (const v of result.violations) expect(v).toMatch(/^no-full-lobbies: lobby lobby-\d+ is full$/);
    expect(new Set(result.violations).size).toBe(result.violations.length);
  });

  it('reads the JSON scenarios of old unchanged: load becomes one Poisson phase with uniform latencies and impatience', async () => {
    const chaos = await readScenario(bundled('chaos.json'));
    expect(chaos.load).toEqual({
      durationMinutes: 40,
      arrivals: [{ kind: 'poisson', minutes: 40, lobbiesPerMinute: 15 }],
      queues: ['ranked', 'casual'],
      lobbySize: { min: 1, max: 8 },
      maximumPlayers: 8,
      latencyMs: {
        'us-west-2': { kind: 'uniform', minMs: 10, maxMs: 200 },
        'eu-west-1': { kind: 'uniform', minMs: 20, maxMs: 300 },
        'us-east-1': { kind: 'uniform', minMs: 15, maxMs: 250 },
      },
      disband: { fraction: 0.3, afterSeconds: { minSeconds: 0, maxSeconds: 20 } },
    });
    expect((await readScenario(bundled('evening-peak.json'))).faults).toHaveLength(5);
  });

  it('DG-9, PL-2: a scenario may shorten retention for a load test (day-20k: one hour); outside one hour to 30 days it is refused, naming the field', async () => {
    const day = await readScenario(bundled('day-20k.json'));
    expect(day.retention).toEqual({ gameSessionsDays: 1 / 24, placementsHours: 1 });
    const { sim } = simulationFor({ ...day, fleets: day.fleets.map((f) => ({ ...f, locations: { 'us-west-2': { desired: 1 } } })), queues: [], aliases: [] }, 1);
    expect(sim.world.gameSessionRetentionMs).toBe(3_600_000);
    const evening = JSON.parse(await readFile(bundled('evening-peak.json'), 'utf8')) as Record<string, unknown>;
    expect(() => checkScenario({ ...evening, retention: { gameSessionsDays: 31 } }, 'my.json')).toThrow(/^my.json: retention.gameSessionsDays/);
    expect(() => checkScenario({ ...evening, retention: { placementsHours: 0.5 } }, 'my.json')).toThrow(/^my.json: retention.placementsHours/);
  });

  it('refuses a module without a default export, and a file that is no JSON, naming the file', async () => {
    await expect(readScenario(join(here, 'scenario.test.ts'))).rejects.toThrow(/scenario\.test\.ts: /);
    await expect(readScenario(join(here, 'missing.json'))).rejects.toThrow(ScenarioError);
  });

  it('names the scenario\'s own field path, the rule and the value', () => {
    const s = data();
    // The mutations reach deep into plain JSON data, whose shape the test knows.
    const with_ = (change: (d: any) => void): unknown => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const d = data();
      change(d);
      return d;
    };
    expect(refusal(with_((d) => (d.fleets[0].locations['eu-west-1'].desired = 1.5))))
      .toBe('scenario: fleets[0].locations.eu-west-1.desired must be an integer from 0 to 10000, got 1.5');
    expect(refusal(with_((d) => (d.fleets[1].procesesPerInstance = 2))))
      .toMatch(/^scenario: fleets\[1\]\.procesesPerInstance is not a field here; known fields: name, processesPerInstance, locations/);
    expect(refusal(with_((d) => (d.matchmaker = 'mine')))).toMatch(/^scenario: matchmaker is not a field here/);
    expect(refusal(with_((d) => (d.players.arrivals[1].toPerMinute = '12')))).toBe('scenario: players.arrivals[1].toPerMinute must be a number from 0 to 10000, got "12"');
    expect(refusal(with_((d) => (d.players.arrivals[0].kind = 'burst')))).toBe('scenario: players.arrivals[0].kind must be one of constant, poisson, ramp, got "burst"');
    expect(refusal(with_((d) => (d.durationMinutes = 5000)))).toBe('scenario: durationMinutes must be a number above 0 and at most 1440, got 5000');
    expect(refusal(with_((d) => (d.queues[0].destinations[1] = 'fleet:nope')))).toMatch(/^scenario: queues\[0\]\.destinations\[1\] must be fleet:<name> or alias:<name>/);
    expect(refusal(with_((d) => (d.faults[1].location = 'eu-west-2')))).toBe('scenario: faults[1].location must be a location of fleet spot (us-west-2, eu-west-1), got "eu-west-2"');
    expect(refusal(with_((d) => (d.faults[3].kind = 'spotReclaim')))).toBe('scenario: faults[3].fleet must name a SPOT fleet for a spotReclaim, got "backup"');
    expect(refusal(with_((d) => Object.assign(d.faults[0], { forMinutes: 60, everySeconds: 1 })))).toMatch(/^scenario: faults\[0\]\.everySeconds must leave at most 1440 strikes/);
    expect(refusal(with_((d) => (d.server.activationSeconds = { minSeconds: 9, maxSeconds: 1 })))).toMatch(/^scenario: server\.activationSeconds must not have minSeconds above maxSeconds/);
    expect(refusal(with_((d) => (d.fleets[1].name = 'spot')))).toBe('scenario: fleets[1].name must be unique, got "spot" again');
    expect(refusal(with_((d) => (d.players.maximumPlayers = 2)))).toBe('scenario: players.maximumPlayers must be at least lobbySize.max (4), got 2');
    expect(refusal(with_((d) => (d.load = { durationMinutes: 1 })))).toMatch(/^scenario: load\.placementsPerMinute is required/);
    expect(refusal(with_((d) => delete d.players))).toBe('scenario: players is required (or the older load section)');
    expect(refusal({ ...s, checks: [{ name: 'x' }] })).toBe('scenario: checks[0].inspect is required');
    expect(refusal({ ...s, client: 'mine' })).toBe('scenario: client must be a function, got "mine"');
    expect(refusal({ ...s, transport: { delay: [{ minMs: 50, maxMs: 5 }] } })).toBe('scenario: transport.delay[0].maxMs must be at least minMs (50), got 5');
    expect(refusal({ ...s, transport: { throttle: [{ rate: 2 }] } })).toBe('scenario: transport.throttle[0].rate must be a number from 0 to 1, got 2');
    expect(refusal({ ...s, transport: { loseResponse: [{ operations: ['StartGameSession'] }] } })).toMatch(/^scenario: transport\.loseResponse\[0\]\.operations\[0\] must be one of /);
    expect(refusal(null)).toMatch(/^scenario: the scenario must be an object/);
  });

  it('refuses any valid scenario mutated at one field with a message naming that field, never an API member or a stack', () => {
    /** Every path to a leaf (string, number, boolean) and every object node of a definition, with its value. */
    const nodes = (value: unknown, path: string, out: { path: string; value: unknown }[] = []): typeof out => {
      out.push({ path, value });
      if (Array.isArray(value)) value.forEach((v, i) => nodes(v, `${path}[${i}]`, out));
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) nodes(v, path === '' ? k : `${path}.${k}`, out);
      return out;
    };
    const all = nodes(data(), '');
    const leaves = all.filter((n) => n.value === null || typeof n.value !== 'object');
    const objects = all.filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value) && n.path !== '');
    const setAt = (root: unknown, path: string, value: unknown): void => {
      const keys = path.match(/[^.[\]]+/g)!;
      let node = root as Record<string, unknown>;
      // Keys are record keys too (eu-west-1), so walk by the node's own keys rather than by a pattern of names.
      for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
      node[keys.at(-1)!] = value;
    };
    const wrongFor = (v: unknown): unknown[] => (typeof v === 'number' ? ['7', 1e9, -1e9, null, [1]] : typeof v === 'string' ? [42, '', 'x'.repeat(5000), {}] : ['yes', 0]);
    fc.assert(fc.property(fc.nat(leaves.length - 1), fc.nat(4), (i, j) => {
      const { path, value } = leaves[i]!;
      const options = wrongFor(value);
      const d = data();
      setAt(d, path, options[j % options.length]);
      const message = refusal(d);
      expect(message.startsWith(`scenario: ${path} `) || message.startsWith(`scenario: ${path.replace(/\.[^.[\]]+$|\[\d+\]$/, '')} `)).toBe(true);
      expect(message).not.toMatch(/Exception|FleetId|DesiredInstances|\n\s+at /);
    }));
    fc.assert(fc.property(fc.nat(objects.length - 1), (i) => {
      const { path } = objects[i]!;
      const d = data();
      setAt(d, `${path}.bogus`, 1);
      expect(refusal(d)).toMatch(new RegExp(`^scenario: ${path.replace(/[.[\]]/g, '\\$&')}\\.bogus `));
    }));
  });
});
