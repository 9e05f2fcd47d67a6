import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { failuresOf } from '../../src/runner/expectations.ts';
import { runScenario } from '../../src/runner/run.ts';
import { checkScenario, readScenario, ScenarioError } from '../../src/runner/scenario.ts';
import { evaluateThresholds, metricsOf, parseThresholds, ThresholdError, THRESHOLDS_MAX } from '../../src/runner/thresholds.ts';

const SMALL = new URL('../cli/fixtures/small-chaos.json', import.meta.url).pathname;

describe('parseThresholds', () => {
  it('parses k6 expressions with every operator', () => {
    const parsed = parseThresholds({ time_to_placement: ['p(95)<30', 'max <= 60'], placements_timed_out: ['rate<0.03'], checks: ['rate==1', 'count!=2', 'count>=0', 'count>-1'] });
    expect(parsed.map((t) => [t.metric, t.aggregation, t.operator, t.bound])).toEqual([
      ['time_to_placement', 'p(95)', '<', 30], ['time_to_placement', 'max', '<=', 60], ['placements_timed_out', 'rate', '<', 0.03],
      ['checks', 'rate', '==', 1], ['checks', 'count', '!=', 2], ['checks', 'count', '>=', 0], ['checks', 'count', '>', -1],
    ]);
  });

  it.each([
    [{ time_to_placemnt: ['p(95)<30'] }, /unknown metric "time_to_placemnt"; known metrics: time_to_placement, /],
    [{ time_to_placement: ['p(95)<<30'] }, /thresholds.time_to_placement: "p\(95\)<<30" must read <aggregation> <operator> <number>/],
    [{ time_to_placement: ['p(97)<30'] }, /uses p\(97\); time_to_placement has p\(50\), p\(90\), p\(95\), p\(99\), avg, med, max/],
    [{ placements_timed_out: ['p(95)<1'] }, /placements_timed_out has rate, count/],
    [{ placements_timed_out: 'rate<0.03' }, /thresholds.placements_timed_out must be a list of strings/],
    [['rate<1'], /"thresholds" must be an object/],
    [{ checks: Array.from({ length: THRESHOLDS_MAX + 1 }, () => 'rate==1') }, /at most 100/],
  ])('refuses %j, saying what is wrong', (thresholds, message) => {
    expect(() => parseThresholds(thresholds)).toThrow(ThresholdError);
    expect(() => parseThresholds(thresholds)).toThrow(message);
  });

  it('a scenario with a bad threshold is refused when it is read, naming the file', async () => {
    const scenario = { ...JSON.parse(await readFile(SMALL, 'utf8')), thresholds: { time_to_placement: ['p95<30'] } };
    expect(() => checkScenario(scenario, 'my.json')).toThrow(ScenarioError);
    expect(() => checkScenario(scenario, 'my.json')).toThrow(/^my.json: thresholds.time_to_placement: "p95<30" must read <aggregation> <operator> <number>, e.g. "p\(50\)<1"$/);
  });
});

describe('thresholds in a run', () => {
  it('a run measures each threshold from its result, and a crossed one is a failure naming metric, expression and value', async () => {
    const scenario = await readScenario(SMALL);
    const result = await runScenario({ ...scenario, thresholds: { placements_timed_out: ['rate<0.0001', 'rate<=1'], time_to_placement: ['p(90)<1000'] } }, 1);
    const metrics = metricsOf(result);
    expect(result.thresholds.map((t) => [t.expression, t.held])).toEqual([['rate<0.0001', false], ['rate<=1', true], ['p(90)<1000', true]]);
    expect(result.thresholds[0]!.measured).toBe(result.placements.TIMED_OUT / result.placementCount);
    expect(result.thresholds[2]!.measured).toBe(result.fulfilSeconds.p90);
    expect(evaluateThresholds(parseThresholds({ api_errors: ['count<1'] }), metrics)[0]!.measured)
      .toBe(Object.values(result.apiCalls).reduce((a, c) => a + c.errors, 0));
    expect(failuresOf(result).at(-1)).toMatch(/^placements_timed_out rate<0.0001 crossed: rate=0\.\d+$/);
  });
});
