import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failuresOf } from '../../src/runner/expectations.ts';
import { lobbies } from '../../src/runner/lobbies.ts';
import { reproTest } from '../../src/runner/repro.ts';
import { runScenario } from '../../src/runner/run.ts';
import { readScenario, type Scenario } from '../../src/runner/scenario.ts';
import { applyCuts, failureKind, shrink, SHRINK_RUNS_MAX, THROWN_BY_THE_RUN } from '../../src/runner/shrink.ts';
import { matchmaker } from './fixtures/matchmaker.scenario.ts';

const SMALL = join(import.meta.dirname, 'fixtures', 'small.scenario.ts');
const MATCHMAKER = join(import.meta.dirname, 'fixtures', 'matchmaker.scenario.ts');

async function small(): Promise<Scenario> {
  return { ...(await readScenario(SMALL)), transport: { throttle: [{ rate: 0.1 }, { rate: 0.2 }], delay: [{ minMs: 1, maxMs: 2 }] } };
}

describe('shrinking', () => {
  it('cuts are plain data applied to the scenario: duration, lobbies, faults, transport faults, disbands, lobby sizes', async () => {
    const s = await small();
    const cut = applyCuts(s, { durationMinutes: 2, lobbiesMax: 3, faults: [1, 3], transport: { throttle: [1] }, noDisband: true, smallestLobbies: true });
    expect(cut.load).toMatchObject({ durationMinutes: 2, lobbiesMax: 3, disband: undefined, lobbySize: { min: 1, max: 1 } });
    expect(cut.faults).toEqual([s.faults![1], s.faults![3]]);
    expect(cut.transport).toEqual({ throttle: [{ rate: 0.2 }], delay: [{ minMs: 1, maxMs: 2 }] });
    expect(cut.client).toBe(s.client);
    expect(applyCuts(s, {})).toEqual(s);
  });

  it('a cut of the lobby count keeps arrivals prefix-stable: the first lobbies are exactly as they were', async () => {
    const s = await small();
    const all = [...lobbies(s.load, 7)];
    expect(all.length).toBeGreaterThan(10);
    expect([...lobbies(applyCuts(s, { lobbiesMax: 5 }).load, 7)]).toEqual(all.slice(0, 5));
    expect([...lobbies(applyCuts(s, { durationMinutes: 2 }).load, 7)]).toEqual(all.filter((l) => l.arrivalMs < 120_000));
  });

  it('shrinks to the smallest scenario when everything fails, and keeps the original when nothing does', async () => {
    const s = await small();
    const smallest = await shrink(s, 40, async () => true);
    expect(smallest.scenario.load.durationMinutes).toBe(1);
    expect(smallest.scenario.load.lobbiesMax).toBe(1);
    expect(smallest.scenario.faults).toEqual([]);
    expect(smallest.scenario.transport).toEqual({ throttle: [], delay: [] });
    expect(smallest.scenario.load.disband).toBeUndefined();
    expect(smallest.scenario.load.lobbySize.min).toBe(smallest.scenario.load.lobbySize.max);
    const kept = await shrink(s, 40, async () => false);
    expect(kept.cuts).toEqual({});
    expect(kept.scenario).toEqual(s);
    expect(kept.runs).toBeGreaterThan(0);
    expect(kept.runs).toBeLessThanOrEqual(SHRINK_RUNS_MAX);
  });

  it('shrinks a client scenario\'s failure to one that fails the same way, the same way every time (seed 2)', async () => {
    const scenario = await readScenario(MATCHMAKER);
    const first = await runScenario(scenario, 2);
    const kind = failureKind(failuresOf(first)[0]!);
    expect(kind).toBe('disbanded-lobby-session');
    const stillFails = async (candidate: Scenario): Promise<boolean> => failuresOf(await runScenario(candidate, 2)).some((f) => failureKind(f) === kind);
    const shrunk = await shrink(scenario, first.lobbies.length, stillFails);
    expect(await stillFails(shrunk.scenario)).toBe(true);
    expect(shrunk.scenario.load.lobbiesMax).toBeLessThan(first.lobbies.length);
    expect(shrunk.cuts).toEqual((await shrink(scenario, first.lobbies.length, stillFails)).cuts);
    // The repro's recipe: the user's module, the cuts, the seed. With the bug fixed it holds.
    expect(failuresOf(await runScenario(applyCuts({ ...scenario, client: matchmaker(false) }, shrunk.cuts), 2))).toEqual([]);
  });

  it('writes a repro that imports the scenario module by its path from the repro, applies the cuts and runs the seed', () => {
    const text = reproTest({
      scenarioFile: '/p/scenarios/mm.ts', reproFile: '/p/test/repro/repro-mm-seed-4.test.ts', scenarioName: 'mm', cuts: { durationMinutes: 2, faults: [0] },
      seed: 4, wire: true, failure: "disbanded-lobby-session: lobby 'lobby-1'", origin: 'gamelift-sim sweep scenarios/mm.ts',
    });
    expect(text).toContain("import definition from '../../scenarios/mm.ts';");
    expect(text).toContain('const cuts: Cuts = {"durationMinutes":2,"faults":[0]};');
    expect(text).toContain("it('mm, seed 4: disbanded-lobby-session: lobby \\'lobby-1\\'', async () => {");
    expect(text).toContain("applyCuts(checkScenario(definition, '../../scenarios/mm.ts'), cuts)");
    expect(text).toContain('await runScenario(scenario, 4, { wire: true })');
    const json = reproTest({ scenarioFile: '/p/x.json', reproFile: '/p/test/repro/r.test.ts', scenarioName: 'x', cuts: {}, seed: 1, wire: false, failure: 'PL-5: x', origin: 'o' });
    expect(json).toContain("await readScenario(new URL('../../x.json', import.meta.url).pathname)");
  });

  it('a failure\'s kind: the rule or check it names; for a run that threw, what it threw with numbers and ids left out', () => {
    expect(failureKind('PL-5: mm-1 timed out after 61 s')).toBe('PL-5');
    expect(failureKind('disbanded-lobby-session: lobby lobby-8 disbanded 143 s ago')).toBe('disbanded-lobby-session');
    const thrown = (lobby: number, placement: string): string => failureKind(`${THROWN_BY_THE_RUN}TypeError: no ticket for lobby-${lobby} (${placement})`);
    expect(thrown(3, 'mm-0b4c2a1e-9f7d-4a3b-8c6e-5d4f3a2b1c0d')).toBe(thrown(12, 'mm-af6b0af9-0cf1-4dd3-b95f-e6ada945fcb1'));
    expect(thrown(3, 'x')).toBe(`${THROWN_BY_THE_RUN}TypeError: no ticket for lobby-# (x)`);
    expect(failureKind(`${THROWN_BY_THE_RUN}TypeError: other`)).not.toBe(thrown(3, 'x'));
  });
});
