// `netbench report` opened in Debian's Chromium from disk: no request leaves the page, no console
// error, every figure drawn as SVG, a hover shows a repetition's label, sorting and filtering the
// tables work, and three cells show the numbers `netbench analyse --json` gives. A screenshot of
// the top is kept in test-output/ (and docs/report.png comes from the same page).
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellSummary } from '../../src/analysis/cells.js';
import { CHROMIUM } from '../../src/figures/render.js';
import { unitOf } from '../../src/model/metrics.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = join(ROOT, 'test-output');
const CAMPAIGNS = ['2026-11-23T2034Z-nb', '2026-11-23T1437Z-nb'];
const netbench = (args: string[]) =>
  execa('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, reject: false, timeout: 300_000 });

describe('netbench report in a browser', () => {
  let tmp: string;
  let file: string;
  let browser: Browser | undefined;
  let page: Page;
  let summary: CellSummary[];
  const elsewhere: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'netbench-report-'));
    file = join(tmp, 'report.html');
    const [made, analysed] = await Promise.all([
      netbench(['report', ...CAMPAIGNS, '-o', file]),
      netbench(['--json', 'analyse', ...CAMPAIGNS, '-o', join(tmp, 'tables')]),
    ]);
    expect(made.exitCode, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/report of 2026-11-23T2034Z-nb \+ 2026-11-23T1437Z-nb in \S+report\.html \([\d.]+ MB/);
    expect(analysed.exitCode, analysed.stderr).toBe(0);
    summary = (JSON.parse(analysed.stdout) as { summary: CellSummary[] }).summary;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // the report's own file and nothing else: any other request is refused and counted
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `file://${file}`) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => document.querySelectorAll('.plot .main-svg').length > 0);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('is one file under 6 MB that loads with no request elsewhere and no console error', async () => {
    expect(statSync(file).size).toBeLessThan(6e6);
    await page.waitForLoadState('networkidle');
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'report-top.png') });
  });

  it('draws every figure as SVG, the paper figures among them', async () => {
    const plots = page.locator('.plot');
    const n = await plots.count();
    expect(n).toBeGreaterThanOrEqual(10);
    for (let i = 0; i < n; i++) expect(await plots.nth(i).locator('svg.main-svg').count(), `figure ${i}`).toBeGreaterThan(0);
    for (const name of [
      'fig3a-bandwidth-idle',
      'fig3b-latency-idle',
      'fig4a-bandwidth-stress',
      'fig4b-latency-stress',
      'http-bridge-bridge',
    ])
      expect(await page.locator(`#fig-${name} .main-svg`).count(), name).toBeGreaterThan(0);
  });

  it("shows a repetition's label (repetition, session, start time) on hover", async () => {
    const fig = page.locator('#fig-dist-bandwidth');
    await fig.scrollIntoViewIfNeeded();
    const point = fig.locator('.points path.point').first();
    const box = (await point.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => fig.locator('.hoverlayer .hovertext').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await fig.locator('.hoverlayer .hovertext').first().textContent()).toMatch(/rep \d+, session \d+2026-11-2\d \d\d:\d\d:\d\dZ/);
    await page.mouse.move(0, 0);
  });

  it('sorts a table by a clicked column and filters its rows', async () => {
    const first = () => page.locator('#cells tbody tr:not([hidden])').first().locator('td').nth(7).textContent();
    const before = await first();
    const median = page.locator('#cells thead th', { hasText: 'median' });
    await median.click();
    const ascending = await first();
    await median.click();
    const descending = await first();
    expect(new Set([before, ascending, descending]).size).toBeGreaterThan(1);
    expect(Number(descending!.split(' ')[0])).toBeGreaterThan(Number(ascending!.split(' ')[0]));
    const all = await page.locator('#cells tbody tr:not([hidden])').count();
    await page.locator('.filters[data-for=cells] select[name=runtime]').selectOption('runsc');
    const runsc = page.locator('#cells tbody tr:not([hidden])');
    expect(await runsc.count()).toBeLessThan(all);
    expect(new Set(await runsc.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-runtime'))))).toEqual(new Set(['runsc']));
    await page.locator('.filters[data-for=cells] select[name=runtime]').selectOption('');
    expect(await page.locator('#cells tbody tr:not([hidden])').count()).toBe(all);
  });

  it("shows three cells' numbers as netbench analyse --json has them", async () => {
    for (const [metric, runtime, pair, load] of [
      ['bandwidth', 'runsc', 'bridge,bridge', 'idle'],
      ['sockperf_rtt_p50', 'crun', 'overlay,overlay', 'stress'],
      ['http_transaction_rate', 'runc', 'bridge,bridge', 'idle'],
    ]) {
      const want = summary.find((r) => r.metric === metric && r.runtime === runtime && r.pair === pair && r.load === load)!;
      const row = page.locator(
        `#cells tbody tr[data-metric="${metric}"][data-runtime="${runtime}"][data-pair="${pair}"][data-load="${load}"]`,
      );
      expect(await row.count()).toBe(1);
      const cells = await row.locator('td').allTextContents();
      const k = unitOf(want.unit).scale;
      const nums = (s: string) => s.match(/-?[\d.]+(e[+-]?\d+)?/g)!.map(Number);
      expect(Number(cells[6])).toBe(want.n);
      const [median, lo, hi] = nums(cells[7]!);
      for (const [shown, v] of [
        [median, want.median],
        [lo, want.ci_median_lo],
        [hi, want.ci_median_hi],
      ] as const)
        expect(shown! / (v! * k), `${metric} ${runtime} ${pair} ${load}: ${cells[7]}`).toBeCloseTo(1, 3);
      expect(nums(cells[8]!)[0]! / (want.mean! * k)).toBeCloseTo(1, 3);
    }
  });
});
