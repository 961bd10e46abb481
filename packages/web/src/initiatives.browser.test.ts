/**
 * End-to-end: the Initiatives page in Debian's Chromium — the portfolio's actual to date equals
 * the API's and a SQL sum over the mapped spend; the detail shows the plan vs actual, the
 * sensitivity table and the checklist for the clicked initiative; with tokens required, the CFO
 * one-pager opens (fetched with the bearer token, shown from a blob URL).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { parseInitiative, setInitiative } from '@costlens/core';
import { insertCostRows } from '../../core/src/anomaly/cost-rows-fixture.ts';
import { ARTIFACTS, CHROMIUM, openSeededDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

describe(
  'the Initiatives page in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    let page: Page;
    let url: string;
    let expectedActual: string;

    before(async () => {
      session = await openSeededDashboard('initiatives', async (wh) => {
        await insertCostRows(
          wh,
          Array.from({ length: 75 }, (_, i) => ({
            day: new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
            cost: (3 + (i % 5) * 0.37).toFixed(2),
            service: 'Amazon Bedrock',
            tags: { app: i % 3 === 0 ? 'search' : 'copilot' },
          })),
        );
        await setInitiative(
          wh,
          parseInitiative({
            id: 'copilot',
            name: 'Support copilot',
            owner: 'jane@example.com',
            start: '2025-01-01',
            end: '2025-06-30',
            mappings: [{ filters: [{ dimension: 'tag:app', value: 'copilot' }] }],
            budget: [
              { category: 'inference_and_platform', amount: '600' },
              { category: 'data_preparation', amount: '100' },
            ],
          }),
          { actor: 'test' },
        );
        [{ v: expectedActual }] = (await wh.query(
          `SELECT sum(EffectiveCost)::VARCHAR AS v FROM focus_cost WHERE Tags->>'app' = 'copilot'`,
        )) as [{ v: string }];
      });
      page = session.page;
      url = session.url;
    });

    after(async () => {
      await session?.close();
    });

    it('shows the portfolio and the clicked initiative as the API computes them', async () => {
      const api = (await (await fetch(`${url}/api/initiatives`)).json()) as {
        initiatives: { id: string; actualToDate: string }[];
      };
      assert.equal(Number(api.initiatives[0]!.actualToDate), Number(expectedActual));
      await page.goto(`${url}/initiatives`);
      const cell = page.locator('[data-testid=actual-copilot]');
      await cell.waitFor();
      assert.equal(Number(await cell.getAttribute('data-value')), Number(expectedActual));

      await page.getByRole('button', { name: 'Support copilot' }).click();
      await page.locator('[data-testid=initiative-detail]').waitFor();
      assert.equal(
        Number(await page.locator('[data-testid=detail-actual]').getAttribute('data-value')),
        Number(expectedActual),
      );
      assert.equal(await page.locator('[data-testid=sensitivity] tbody tr').count(), 4);
      const findings = await page.locator('[data-testid=findings] li').allTextContents();
      assert.ok(findings.some((f) => f.startsWith('No budget for governance')));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(overflow <= 1280, `no horizontal scrolling at 1280 px (scrollWidth ${overflow})`);
      await page.screenshot({ path: join(ARTIFACTS, 'initiatives.png'), fullPage: true });
    });

    // Last: creating a token ends the local demo mode for this server.
    it('opens the CFO one-pager with the bearer token when the server requires tokens', async () => {
      const res = await fetch(`${url}/api/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'viewer', name: 'browser' }),
      });
      const { token } = (await res.json()) as { token: string };
      // A plain link (no header) is refused now: the page must send the token itself.
      assert.equal((await fetch(`${url}/api/initiatives/copilot/report`)).status, 401);

      await page.goto(`${url}/initiatives?id=copilot`);
      await page.getByLabel('API token').fill(token);
      await page.getByRole('button', { name: 'Use token' }).click();
      await page.locator('[data-testid=initiative-detail]').waitFor();
      const popup = page.context().waitForEvent('page');
      await page.locator('[data-testid=report-link]').click();
      const report = await popup;
      await report.waitForURL(/^blob:/);
      await report.locator('[data-kpi=plan]').waitFor();
      assert.equal(await report.locator('[data-kpi=plan]').textContent(), '700 USD');
      assert.equal(await report.locator('h1').textContent(), 'Support copilot');
      await report.screenshot({ path: join(ARTIFACTS, 'initiative-report-blob.png') });
      await report.close();
    });
  },
);
