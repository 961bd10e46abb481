/**
 * End-to-end: an hourly monitor's anomaly on the Anomalies page in Debian's Chromium — the list
 * row and the detail say the hours (UTC) the API returns, the band chart is drawn, and the
 * explanation is the API's.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Anomaly } from '@costlens/core';
import { addMonitor, detectAnomalies } from '@costlens/core';
import { insertCostRows } from '../../core/src/anomaly/cost-rows-fixture.ts';
import { hourlyCompany, spike } from '../../core/src/anomaly/hourly-rows-fixture.ts';
import { CHROMIUM, openSeededDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

describe(
  'an hourly anomaly on the Anomalies page in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    let page: Page;
    let url: string;

    before(async () => {
      session = await openSeededDashboard('anomalies-hourly', async (wh) => {
        await insertCostRows(wh, hourlyCompany(spike));
        const now = new Date('2025-06-01T00:00:00Z');
        await addMonitor(wh, { granularity: 'hour' }, { now });
        await detectAnomalies(wh, { now, createDefaults: false });
      });
      page = session.page;
      url = session.url;
    });

    after(async () => {
      await session?.close();
    });

    it('shows the hours of the anomaly in the list and the detail', async () => {
      const { anomalies } = (await (await fetch(`${url}/api/anomalies?limit=200`)).json()) as {
        anomalies: Anomaly[];
      };
      const a = anomalies.find((x) => x.monitorId === 'mon_total_hourly');
      assert.ok(a, JSON.stringify(anomalies.map((x) => x.title)));
      assert.deepEqual([a.startAt, a.endAt], ['2025-05-06T14:00:00Z', '2025-05-06T16:00:00Z']);
      await page.goto(`${url}/anomalies`);
      await page.locator('[data-testid=anomalies]').waitFor();
      const row = page.locator('[data-testid=anomalies] tbody tr', { hasText: a.title });
      assert.equal(
        (await row.locator('td:nth-child(2)').textContent())?.trim(),
        '2025-05-06 14:00–17:00 UTC',
      );
      await page.getByRole('link', { name: a.title }).first().click();
      await page.locator('[data-testid=anomaly-detail]').waitFor();
      assert.equal(
        await page.locator('[data-testid=anomaly-when]').textContent(),
        '2025-05-06 14:00–17:00 UTC',
      );
      assert.equal(
        await page.locator('[data-testid=anomaly-explanation]').textContent(),
        a.explanation,
      );
      assert.ok(a.explanation.includes('between 14:00 and 17:00 UTC on 2025-05-06'));
    });
  },
);
