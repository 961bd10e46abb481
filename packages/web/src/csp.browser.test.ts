/**
 * The dashboard under the server's security headers, in Chromium: every page renders (charts and
 * their tooltips included) without one Content-Security-Policy violation, and another origin
 * cannot frame it (frame-ancestors 'none').
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDbWarehouse, ingestFiles } from '@costlens/core';
import { miniFocusCsv, tempDir, writeTemp } from '../../core/src/testing/fixtures.ts';
import type { MiniRow } from '../../core/src/testing/fixtures.ts';
import { CHROMIUM, openDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

const PAGES = [
  '/',
  '/explorer',
  '/sources',
  '/budgets',
  '/anomalies',
  '/recommendations',
  '/gpu',
  '/ai',
  '/initiatives',
  '/ask',
];

function sixMonths(): string {
  const rows: MiniRow[] = [];
  for (let m = 0; m < 6; m++) {
    const start = new Date(Date.UTC(2025, m, 1)).toISOString().replace('.000Z', 'Z');
    const end = new Date(Date.UTC(2025, m + 1, 1)).toISOString().replace('.000Z', 'Z');
    for (const [service, cost] of [
      ['Amazon Elastic Compute Cloud', `${100 + m * 7}.25`],
      ['Amazon Simple Storage Service', `${40 + m}.50`],
    ] as const) {
      rows.push({
        BillingPeriodStart: start,
        BillingPeriodEnd: end,
        ChargePeriodStart: start,
        ChargePeriodEnd: end,
        ServiceName: service,
        BilledCost: cost,
        EffectiveCost: cost,
        ListCost: cost,
        ContractedCost: cost,
      });
    }
  }
  return miniFocusCsv(rows);
}

describe(
  'the dashboard under its Content-Security-Policy',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    const violations: string[] = [];

    before(async () => {
      const dir = tempDir();
      const dbPath = join(dir, 'csp.duckdb');
      const wh = await DuckDbWarehouse.open({ path: dbPath });
      await ingestFiles(wh, [writeTemp(dir, 'costs.csv', sixMonths())]);
      await wh.close();
      session = await openDashboard(dbPath);
      session.page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await session.page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`Refused to: ${e.violatedDirective} ${e.blockedURI}`),
        );
      });
    });

    after(async () => {
      await session?.close();
    });

    it('every page renders, charts and tooltips included, with no policy violation', async () => {
      const { page, url } = session;
      for (const path of PAGES) {
        const res = await page.goto(`${url}${path}`);
        assert.match(String(res?.headers()['content-security-policy']), /script-src 'self'/);
        await page.locator('main').first().waitFor();
        await page.waitForLoadState('networkidle');
        const chart = page.locator('canvas').first();
        if (await chart.count()) {
          const box = await chart.boundingBox();
          if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          await page.waitForTimeout(200);
        }
      }
      await page.goto(`${url}/`);
      await page.locator('[data-testid=kpi-month]').waitFor();
      assert.deepEqual(violations, []);

      // The detector is live, and the policy bites: an injected inline script does not run.
      const ran = await page.evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.append(script);
        await new Promise((r) => setTimeout(r, 100));
        return (window as { injected?: boolean }).injected === true;
      });
      assert.equal(ran, false);
      await page.waitForTimeout(200);
      // Chromium's own report and the securitypolicyviolation event: both name script-src.
      assert.ok(violations.length >= 1);
      for (const v of violations) assert.match(v, /script-src/);
    });

    it('another origin cannot frame the dashboard', async () => {
      const { page, url } = session;
      await page.goto('about:blank');
      const loaded = page.waitForEvent('framenavigated', (f) => f !== page.mainFrame());
      await page.setContent(`<iframe src="${url}/" width="800" height="600"></iframe>`);
      const inner = await loaded;
      // Chromium swaps a refused frame for its error page instead of the dashboard.
      assert.match(inner.url(), /^chrome-error:/);
      assert.equal(await inner.locator('#root').count(), 0);
    });
  },
);
