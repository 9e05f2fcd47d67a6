import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderReport, scriptJson } from '../../src/report/html.ts';
import { runScenario, type RunResult } from '../../src/runner/run.ts';
import { readScenario, type Scenario } from '../../src/runner/scenario.ts';
import { Timeline } from '../../src/runner/timeline.ts';

const SCENARIO = join(import.meta.dirname, '..', '..', 'scenarios', 'evening-peak.json');
const HOSTILE = 'peak </script><script>alert(1)</script> <!-- & "quoted" \'single\' \u2028';

/** A short run of the bundled scenario, renamed. */
async function shortRun(name: string): Promise<{ result: RunResult; timeline: Timeline; scenario: Scenario }> {
  const base = await readScenario(SCENARIO);
  const scenario: Scenario = { ...base, name, load: { ...base.load, durationMinutes: 5 }, faults: [] };
  const timeline = new Timeline();
  return { result: await runScenario(scenario, 1, { timeline }), timeline, scenario };
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe('renderReport', () => {
  it('escapes every string from the scenario: a name with </script> neither ends a script nor adds an element', async () => {
    const { result, timeline } = await shortRun(HOSTILE);
    const page = renderReport({ result: { ...result, violations: [`PL-7: ${HOSTILE}`] }, timeline, replay: `npx gamelift-sim run '${HOSTILE}.json' --seed 1` });
    // The page's own three scripts (data, uPlot, charts) and nothing else.
    expect(count(page, /<script/gi)).toBe(3);
    expect(count(page, /<\/script/gi)).toBe(3);
    expect(count(page, /<!--/g)).toBe(0);
    expect(page).toContain(escapeHtml(HOSTILE));
    expect(page).not.toContain('<script>alert(1)');
  });

  it('is self-contained: uPlot and its stylesheet are inlined, and nothing is fetched', async () => {
    const { result, timeline } = await shortRun('quick');
    const page = renderReport({ result, timeline, replay: 'npx gamelift-sim run quick.json --seed 1' });
    expect(page).toContain('.uplot');
    expect(page).toMatch(/var uPlot\s*=/);
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(page).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
    expect(page).not.toMatch(/@import/i);
  });

  it('DG-9: a run with a retention shorter than GameLift\'s says so in the header; one with GameLift\'s does not', async () => {
    const { result, timeline } = await shortRun('quick');
    const replay = 'npx gamelift-sim run quick.json --seed 1';
    expect(renderReport({ result, timeline, replay })).not.toContain('retention shortened');
    const short = { ...result, retention: { gameSessionsDays: 1 / 24, placementsHours: 2 } };
    expect(renderReport({ result: short, timeline, replay })).toContain('retention shortened for this load test: ended game sessions 1 h, settled placements 2 h');
  });

  it('DT-1: the same run gives the same page, byte for byte', async () => {
    const a = await shortRun('quick');
    const b = await shortRun('quick');
    const replay = 'npx gamelift-sim run quick.json --seed 1';
    expect(renderReport({ ...a, replay })).toBe(renderReport({ ...b, replay }));
  });

  it('lists the rules a run broke and the expectations it missed, the first 50 of them', async () => {
    const { result, timeline } = await shortRun('quick');
    const violations = Array.from({ length: 60 }, (_, i) => `PL-5: match-${i} <late>`);
    const page = renderReport({ result: { ...result, violations, unmet: ['p95 fulfil seconds 80.5, expected at most 60'] }, timeline, replay: 'x' });
    expect(page).toContain(`60 of ${result.checks} rule checks failed; 1 expectations not met.`);
    expect(page).toContain('<li>PL-5: match-0 &lt;late&gt;</li>');
    expect(page).toContain('<li>PL-5: match-49 &lt;late&gt;</li>');
    expect(page).not.toContain('match-50 ');
    expect(page).toContain('<li>… and 11 more</li>');
  });
});

describe('scriptJson', () => {
  it('round-trips any value through JSON.parse and never writes a < or a line separator', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = scriptJson(value);
        expect(text).not.toMatch(/[<\u2028\u2029]/);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('escapeHtml', () => {
  it('leaves no character that could open a tag, an entity or end an attribute', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']|&(?!amp;|lt;|gt;|quot;|#39;)/);
      }),
    );
  });
});
