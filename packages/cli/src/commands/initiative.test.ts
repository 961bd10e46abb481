import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { dailyCostCsv } from '../../../core/src/forecast/daily-cost-fixture.ts';
import { tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS } from '../../../web/src/testing/browser-harness.ts';
import { countColour, countInk, renderPdfPage } from '../testing/render-pdf.ts';
import { EXAMPLE_INITIATIVE } from './initiative.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens initiative', () => {
  const dir = tempDir();
  const db = join(dir, 'i.duckdb');
  const file = join(dir, 'copilot.json');
  before(() => {
    // Team ml: $100 on weekdays, $60 at weekends, 2025-01-01 … 2025-03-31.
    assert.equal(cli(['--db', db, 'ingest', writeTemp(dir, 'cost.csv', dailyCostCsv())]).code, 0);
    const def = {
      ...EXAMPLE_INITIATIVE,
      start: '2025-01-01',
      end: '2025-06-30',
      mappings: [{ filters: [{ dimension: 'tag:team', value: 'ml' }] }],
      peopleTime: [{ month: '2025-02', category: 'people_time', hours: '10', loadedRate: '90' }],
      otherCosts: [],
      benefits: EXAMPLE_INITIATIVE.benefits.map((b) => ({ ...b, from: '2025-03', to: '2025-12' })),
    };
    writeFileSync(file, JSON.stringify(def));
  });

  it('prints a valid example, refuses a bad file naming the field, stores and reports', () => {
    const example = cli(['initiative', 'example']);
    assert.equal(example.code, 0);
    assert.deepEqual(JSON.parse(example.stdout), EXAMPLE_INITIATIVE);

    const bad = writeTemp(
      dir,
      'bad.json',
      JSON.stringify({ ...EXAMPLE_INITIATIVE, start: 'soon' }),
    );
    const refused = cli(['--db', db, 'initiative', 'set', bad]);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /bad\.json: start: expected a date YYYY-MM-DD/);

    assert.equal(cli(['--db', db, 'initiative', 'set', file]).code, 0);
    const actual = JSON.parse(
      cli(['--db', db, '--json', 'initiative', 'actual', 'support-copilot']).stdout,
    ) as { months: { month: string; actual: string | null }[]; dataThrough: string };
    // January: 23 weekdays × $100 + 8 weekend days × $60; February adds 10 h × $90.
    assert.deepEqual(
      actual.months.slice(0, 2).map((m) => Number(m.actual)),
      [23 * 100 + 8 * 60, 20 * 100 + 8 * 60 + 900],
    );
    assert.equal(actual.dataThrough, '2025-03-31');

    const roi = JSON.parse(
      cli(['--db', db, '--json', 'initiative', 'roi', 'support-copilot']).stdout,
    ) as {
      roi: { totalBenefit: string };
      sensitivity: unknown[];
    };
    // Both benefits run March–December 2025: 10 months × (9000 × 6.50 + 600 × 48).
    assert.equal(Number(roi.roi.totalBenefit), 10 * (9000 * 6.5 + 600 * 48));
    assert.equal(roi.sensitivity.length, 4);
  });

  it(
    'writes the CFO one-pager as HTML and a one-page PDF, and it renders',
    { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
    async () => {
      const html = join(dir, 'report.html');
      const pdf = join(dir, 'report.pdf');
      const r = cli([
        '--db',
        db,
        'initiative',
        'report',
        'support-copilot',
        '--out',
        html,
        '--pdf',
        pdf,
      ]);
      assert.equal(r.code, 0, r.stderr);
      const bytes = readFileSync(pdf);
      assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
      assert.equal(bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length, 1, 'one page');

      // Visual check of the PDF itself: rendered to pixels with pdf.js, saved as a PNG artifact.
      const page1 = await renderPdfPage(bytes, 1, 1.5);
      assert.equal(page1.pageCount, 1);
      writeFileSync(join(dir, 'report-pdf-page1.png'), page1.png);
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, 'initiative-report-pdf.png'), page1.png);
      const { width, height } = page1;
      const all = width * height;
      assert.ok(countInk(page1) > all * 0.02, 'the page is not blank');
      // The headline (title and owner line) sits in the top tenth of the page.
      assert.ok(
        countInk(page1, { x: 0, y: 0, w: width, h: Math.round(height * 0.1) }) > 2000,
        'headline text drawn',
      );
      // The chart: actual bars in #3a6ea5 and forecast bars (#e0892b at 55 % on white), both in
      // the upper half, side by side (actuals Jan–Mar to the left of the forecast Apr–Jun).
      const upper = { x: 0, y: 0, w: width, h: Math.round(height / 2) };
      const actualPx = countColour(page1, [0x3a, 0x6e, 0xa5], upper);
      const forecastPx = countColour(page1, [238, 190, 138], upper);
      assert.ok(actualPx > 1500, `actual bars drawn (${actualPx} px)`);
      assert.ok(forecastPx > 500, `forecast bars drawn (${forecastPx} px)`);
      assert.equal(
        countColour(page1, [0x3a, 0x6e, 0xa5], { x: 0, y: upper.h, w: width, h: height - upper.h }),
        0,
        'no chart colour outside the chart region',
      );
      const leftHalf = { x: 0, y: 0, w: Math.round(width / 2), h: upper.h };
      assert.ok(countColour(page1, [0x3a, 0x6e, 0xa5], leftHalf) > actualPx * 0.9);
      assert.ok(countColour(page1, [238, 190, 138], leftHalf) < forecastPx * 0.5);

      // Visual check: the page renders in Chromium within one A4 page, with the plan line and
      // one actual bar per month that has data, and the headline figures as computed.
      mkdirSync(ARTIFACTS, { recursive: true });
      const context = await chromium.launchPersistentContext(tempDir('costlens-chromium-'), {
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        headless: true,
        viewport: { width: 794, height: 1123 },
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(pathToFileURL(html).href);
        const bars = await page.locator('svg rect[fill="#3a6ea5"]').count();
        assert.equal(bars, 6, 'one actual bar per month (empty ones are zero-height)');
        const tall = await page
          .locator('svg rect[fill="#3a6ea5"]')
          .evaluateAll((rs) => rs.filter((x) => Number(x.getAttribute('height')) > 0).length);
        assert.equal(tall, 3, 'January to March have actuals');
        const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
        assert.ok(height <= 1123, `fits one A4 page at 96 dpi (${height} px)`);
        assert.equal(await page.locator('[data-kpi=plan]').textContent(), '360,000 USD');
        const png = await page.screenshot({ path: join(ARTIFACTS, 'initiative-report.png') });
        assert.ok(png.length > 10_000, 'a non-trivial rendering');
      } finally {
        await context.close();
      }
    },
  );
});
