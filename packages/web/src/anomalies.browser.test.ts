/**
 * End-to-end: the Anomalies page in Debian's Chromium over a database with one planted spike —
 * the list and the detail (impact, drivers, explanation) equal the API's, and the Acknowledge
 * button moves the anomaly through its lifecycle.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Anomaly } from '@costlens/core';
import { detectAnomalies } from '@costlens/core';
import { insertCostRows, spikeRows } from '../../core/src/anomaly/cost-rows-fixture.ts';
import { ARTIFACTS, CHROMIUM, openSeededDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

describe(
  'the Anomalies page in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    let page: Page;
    let url: string;

    before(async () => {
      session = await openSeededDashboard('anomalies', async (wh) => {
        // An app tag that is exactly i-gpu's rows: the driver's other name.
        await insertCostRows(
          wh,
          spikeRows().map((r) => ({
            ...r,
            tags: { ...r.tags, app: r.resource === 'i-gpu' ? 'trainer' : 'serving' },
          })),
        );
        await detectAnomalies(wh, { now: new Date('2025-06-01T00:00:00Z') });
      });
      page = session.page;
      url = session.url;
    });

    after(async () => {
      await session?.close();
    });

    it('shows what the API says about an anomaly and acknowledges it', async () => {
      const { anomalies } = (await (await fetch(`${url}/api/anomalies?limit=200`)).json()) as {
        anomalies: Anomaly[];
      };
      assert.ok(anomalies.length >= 1);
      await page.goto(`${url}/anomalies`);
      await page.locator('[data-testid=anomalies]').waitFor();
      const titles = await page
        .locator('[data-testid=anomalies] tbody tr td:nth-child(3) a')
        .allTextContents();
      assert.deepEqual(
        titles,
        anomalies.map((a) => a.title),
      );
      // One row per incident: the other monitors that saw it are named on the row.
      const related = anomalies.filter((a) => a.related?.length);
      assert.ok(related.length >= 1, 'the GPU spike shows in several monitors');
      assert.deepEqual(
        (await page.locator('[data-testid=anomaly-related]').allTextContents()).map((t) =>
          t.trim(),
        ),
        related.map((a) => `· also seen by ${a.related!.map((r) => r.monitorName).join(', ')}`),
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
      // The same rows under other names (i-gpu is all of app trainer's cost).
      assert.deepEqual(
        await page
          .locator('[data-testid=anomaly-drivers] tbody tr td:nth-child(5)')
          .allTextContents(),
        target.drivers.map((d) =>
          (d.aliases ?? []).map((a) => `${a.dimension} ${a.value ?? '(none)'}`).join(', '),
        ),
      );
      assert.ok(
        target.drivers.some((d) => (d.aliases ?? []).length > 0),
        'the fixture has a driver with another name',
      );
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-anomaly.png'), fullPage: true });

      await page.getByRole('button', { name: 'Acknowledge' }).click();
      await page.getByRole('button', { name: 'Acknowledge' }).waitFor({ state: 'detached' });
      const after = (await (await fetch(`${url}/api/anomalies/${target.id}`)).json()) as Anomaly;
      assert.equal(after.status, 'acknowledged');
      assert.ok(after.history.some((h) => h.actor === 'local-demo'));
    });
  },
);
