import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/html.ts';
import { runScenario } from '../../src/runner/run.ts';
import { readScenario, type Scenario } from '../../src/runner/scenario.ts';
import { Timeline } from '../../src/runner/timeline.ts';

/** Debian's chromium package, which CI installs when it is missing; CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCENARIO = join(import.meta.dirname, '..', '..', 'scenarios', 'evening-peak.json');
/** Where the screenshot goes: a temporary folder, or REPORT_SCREENSHOT (`docs/report.png` for the README). */
const SCREENSHOT = process.env.REPORT_SCREENSHOT;

/** The little of the DOM the in-page check uses: the project compiles without the DOM library. */
interface Canvas {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}
declare const document: {
  getElementById(id: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<Canvas>;
};

if (!existsSync(CHROMIUM)) console.warn(`report browser test skipped: no chromium executable at ${CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)`);

describe.skipIf(!existsSync(CHROMIUM))(`the HTML report in headless Chromium (${CHROMIUM})`, () => {
  it('evening-peak seed 1: every chart draws its lines, the page logs no error and asks the network for nothing; a hostile scenario name stays text', async () => {
    const scenario = await readScenario(SCENARIO);
    const timeline = new Timeline();
    const result = await runScenario(scenario, 1, { timeline });
    const dir = await mkdtemp(join(tmpdir(), 'gamelift-sim-report-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderReport({ result, timeline, replay: 'npx gamelift-sim run scenarios/evening-peak.json --seed 1' }));

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      const url = pathToFileURL(file).href;
      page.on('request', (request) => {
        if (request.url() !== url) problems.push(`request: ${request.url()}`);
      });
      await page.goto(url);
      await page.waitForSelector('body[data-charts]', { timeout: 5_000 });

      // For each chart: its canvas, and how many of its pixels are close to the colour of one of its lines.
      const charts = await page.evaluate(() => {
        const data = JSON.parse(document.getElementById('report-data')!.textContent!) as { id: string; lines: { color: string }[] }[];
        return data.map((chart) => {
          const canvases = document.querySelectorAll(`#${chart.id} canvas`);
          const canvas = canvases[0];
          if (canvases.length !== 1 || canvas === undefined) return { id: chart.id, canvases: canvases.length, inked: 0, linePixels: 0 };
          const { data: px } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
          const colors = chart.lines.map((l) => [1, 3, 5].map((i) => parseInt(l.color.slice(i, i + 2), 16)));
          let inked = 0;
          let linePixels = 0;
          for (let i = 0; i < px.length; i += 4) {
            if (px[i + 3]! === 0) continue;
            inked++;
            if (px[i + 3]! > 200 && colors.some(([r, g, b]) => Math.abs(px[i]! - r!) + Math.abs(px[i + 1]! - g!) + Math.abs(px[i + 2]! - b!) < 60)) linePixels++;
          }
          return { id: chart.id, canvases: canvases.length, inked, linePixels };
        });
      });
      expect(charts.map((c) => c.id)).toEqual(['chart-placements', 'chart-time-to-placement', 'chart-queue-depth', 'chart-active', 'chart-utilization', 'chart-api-calls']);
      for (const chart of charts) {
        expect(chart.canvases, chart.id).toBe(1);
        // Lines, not only axes: a run of two hours leaves hundreds of pixels in its lines' colours.
        expect(chart.linePixels, chart.id).toBeGreaterThan(200);
      }
      expect(await page.textContent('h1')).toContain('evening-peak');
      expect(await page.textContent('.replay code')).toBe('npx gamelift-sim run scenarios/evening-peak.json --seed 1');
      expect(problems).toEqual([]);

      // A scenario named to break the page shows its name as text, and the page still draws every chart.
      const hostile = 'peak </script><script>document.title = "hijacked"</script> & <b>bold</b>';
      const short: Scenario = { ...scenario, name: hostile, load: { ...scenario.load, durationMinutes: 5 }, faults: [] };
      const shortTimeline = new Timeline();
      const shortFile = join(dir, 'hostile.html');
      await writeFile(shortFile, renderReport({ result: await runScenario(short, 1, { timeline: shortTimeline }), timeline: shortTimeline, replay: `npx gamelift-sim run '${hostile}' --seed 1` }));
      const other = await browser.newPage();
      other.on('pageerror', (error) => problems.push(`page error (hostile name): ${error.message}`));
      await other.goto(pathToFileURL(shortFile).href);
      await other.waitForSelector('body[data-charts="6"]', { timeout: 5_000 });
      expect(await other.textContent('h1')).toBe(`${hostile} seed 1`);
      expect(await other.title()).toBe(`gamelift-sim report: ${hostile}, seed 1`);
      expect(await other.locator('b').count()).toBe(0);
      expect(problems).toEqual([]);

      const screenshot = SCREENSHOT === undefined ? join(dir, 'report.png') : resolve(SCREENSHOT);
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log(`report screenshot: ${screenshot}`);
    } finally {
      await browser.close();
    }
  }, 30_000);
});
