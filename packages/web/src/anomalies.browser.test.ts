/**
 * End-to-end: the Anomalies page in Debian's Chromium over a database with one planted spike —
 * the list and the detail (impact, drivers, explanation) equal the API's, and the Acknowledge
 * button moves the anomaly through its lifecycle.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Anomaly } from '@costlens/core';
import { detectAnomalies, DuckDbWarehouse } from '@costlens/core';
import type { RunningServer } from '@costlens/server';
import { startServer } from '@costlens/server';
import { insertCostRows } from '../../core/src/anomaly/cost-rows-fixture.ts';
import type { CostRow } from '../../core/src/anomaly/cost-rows-fixture.ts';
import { tempDir } from '../../core/src/testing/fixtures.ts';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ensureWebBuild } from './testing/browser-harness.ts';

const START = Date.parse('2025-01-06T00:00:00Z');
const day = (i: number) => new Date(START + i * 86_400_000).toISOString().slice(0, 10);

function rows(): CostRow[] {
  const out: CostRow[] = [];
  for (let i = 0; i < 110; i++) {
    const weekend = [5, 6].includes(i % 7);
    out.push({
      day: day(i),
      cost: weekend ? '300.00' : '500.00',
      resource: 'i-ml',
      quantity: '100',
      tags: { team: 'ml' },
    });
  }
  for (let i = 90; i <= 92; i++) {
    out.push({
      day: day(i),
      cost: '900.00',
      resource: 'i-gpu',
      sku: 'sku-gpu',
      quantity: '24',
      tags: { team: 'ml' },
    });
  }
  return out;
}

describe(
  'the Anomalies page in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let server: RunningServer;
    let context: BrowserContext;
    let page: Page;

    before(async () => {
      const webRoot = await ensureWebBuild();
      const dbPath = join(tempDir(), 'anomalies.duckdb');
      const wh = await DuckDbWarehouse.open({ path: dbPath });
      await insertCostRows(wh, rows());
      await detectAnomalies(wh, { now: new Date('2025-06-01T00:00:00Z') });
      await wh.close();
      server = await startServer({ dbPath, port: 0, webRoot });
      context = await chromium.launchPersistentContext(tempDir('costlens-chromium-'), {
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        headless: true,
        viewport: { width: 1280, height: 800 },
      });
      page = context.pages()[0] ?? (await context.newPage());
      mkdirSync(ARTIFACTS, { recursive: true });
    });

    after(async () => {
      await context?.close();
      await server?.close();
    });

    it('shows what the API says about an anomaly and acknowledges it', async () => {
      const { anomalies } = (await (
        await fetch(`${server.url}/api/anomalies?limit=200`)
      ).json()) as {
        anomalies: Anomaly[];
      };
      assert.ok(anomalies.length >= 1);
      await page.goto(`${server.url}/anomalies`);
      await page.locator('[data-testid=anomalies]').waitFor();
      const titles = await page
        .locator('[data-testid=anomalies] tbody tr td:nth-child(3)')
        .allTextContents();
      assert.deepEqual(
        titles,
        anomalies.map((a) => a.title),
      );

      const target = anomalies.find((a) => a.drivers.some((d) => d.value === 'i-gpu'))!;
      await page.getByRole('link', { name: target.title }).first().click();
      await page.locator('[data-testid=anomaly-detail]').waitFor();
      assert.equal(
        await page.locator('[data-testid=anomaly-impact]').getAttribute('data-value'),
        target.impactUsd,
      );
      assert.equal(
        await page.locator('[data-testid=anomaly-explanation]').textContent(),
        target.explanation,
      );
      const driverValues = await page
        .locator('[data-testid=anomaly-drivers] tbody tr td:nth-child(2)')
        .allTextContents();
      assert.deepEqual(
        driverValues,
        target.drivers.map((d) => d.value ?? '(none)'),
      );
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-anomaly.png'), fullPage: true });

      await page.getByRole('button', { name: 'Acknowledge' }).click();
      await page.getByRole('button', { name: 'Acknowledge' }).waitFor({ state: 'detached' });
      const after = (await (
        await fetch(`${server.url}/api/anomalies/${target.id}`)
      ).json()) as Anomaly;
      assert.equal(after.status, 'acknowledged');
      assert.ok(after.history.some((h) => h.actor === 'local-demo'));
    });
  },
);
