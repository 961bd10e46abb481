/**
 * End-to-end: the Monitors card on the Anomalies page in Debian's Chromium — adding a monitor over
 * a scope, a scope the server refuses (its message shown), turning a default monitor off, and
 * removing one's own; each checked against the API.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Monitor } from '@costlens/core';
import { detectAnomalies } from '@costlens/core';
import { insertCostRows, spikeRows } from '../../core/src/anomaly/cost-rows-fixture.ts';
import { CHROMIUM, openSeededDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

describe(
  'the Monitors card in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    let page: Page;
    let url: string;
    const monitors = async () =>
      ((await (await fetch(`${url}/api/monitors`)).json()) as { monitors: Monitor[] }).monitors;

    before(async () => {
      session = await openSeededDashboard('monitors', async (wh) => {
        await insertCostRows(wh, spikeRows());
        await detectAnomalies(wh, { now: new Date('2025-06-01T00:00:00Z') });
      });
      page = session.page;
      url = session.url;
    });

    after(async () => {
      await session?.close();
    });

    it('adds, refuses, turns off and removes monitors as the API records them', async () => {
      await page.goto(`${url}/anomalies`);
      const rows = page.locator('[data-testid=monitors] tbody tr');
      await rows.first().waitFor();
      assert.equal(await rows.count(), (await monitors()).length);

      const form = page.locator('[data-testid=monitor-form]');
      await form.locator('input[name=scope]').fill('resource_id=i-gpu');
      await form.locator('input[name=name]').fill('GPU box');
      await form.locator('input[name=minImpactUsd]').fill('40');
      await form.getByRole('button', { name: 'Add monitor' }).click();
      await page.locator('[data-testid=monitors] tbody tr', { hasText: 'GPU box' }).waitFor();
      const added = (await monitors()).find((m) => m.name === 'GPU box')!;
      assert.deepEqual(
        [added.origin, added.minImpactUsd, added.filters],
        ['user', '40', [{ dimension: 'resource_id', op: 'eq', value: 'i-gpu' }]],
      );

      await form.locator('input[name=scope]').fill('colour=red');
      await form.getByRole('button', { name: 'Add monitor' }).click();
      const error = page.locator(
        '[data-testid=monitors-card] [role=alert], [data-testid=monitors-card] .error',
      );
      await error.first().waitFor();
      assert.match((await error.first().textContent()) ?? '', /colour/);

      const total = page.locator('[data-testid=monitors] tbody tr[data-id=mon_total]');
      await total.getByRole('button', { name: 'Turn off' }).click();
      await total.getByRole('button', { name: 'Turn on' }).waitFor();
      assert.equal((await monitors()).find((m) => m.id === 'mon_total')!.enabled, false);
      assert.equal(await total.getByRole('button', { name: 'Remove' }).count(), 0, 'defaults stay');

      const mine = page.locator(`[data-testid=monitors] tbody tr[data-id="${added.id}"]`);
      await mine.getByRole('button', { name: 'Remove' }).click();
      await mine.waitFor({ state: 'detached' });
      assert.equal(
        (await monitors()).some((m) => m.id === added.id),
        false,
      );
    });
  },
);
