/**
 * End-to-end (issue 15, injection corpus): service names from the bill that carry HTML, script,
 * Slack mrkdwn, CSV formulas and unicode tricks show in the Explorer in Chromium as the literal
 * strings the API returns, and no script in them runs (no global set, no dialog, no element with
 * an event handler attribute).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDbWarehouse } from '@costlens/core';
import { insertCostRows } from '../../core/src/anomaly/cost-rows-fixture.ts';
import { tempDir } from '../../core/src/testing/fixtures.ts';
import { PWNED, corpusOf } from '../../core/src/testing/injection-corpus.ts';
import { CHROMIUM, openDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

// NUL, CR, LF and tab are left out: HTML text collapses them (the API tests check them exactly).
const HOSTILE = [
  ...corpusOf('markup'),
  ...corpusOf('slack'),
  ...corpusOf('csv-formula'),
  ...corpusOf('unicode'),
].filter((x) => !/[\r\n\t]/.test(x.text) && !x.text.includes(String.fromCharCode(0)));
const GLOBAL = PWNED.replace('-', '_');

describe(
  'hostile names in the Explorer in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    before(async () => {
      const dbPath = join(tempDir(), 'injection.duckdb');
      const wh = await DuckDbWarehouse.open({ path: dbPath });
      await insertCostRows(
        wh,
        // Markup and Slack names cost the most, so the Explorer's top-N shows them.
        HOSTILE.map((x, i) => ({ day: '2025-05-03', cost: `${100 - i}.00`, service: x.text })),
      );
      await wh.close();
      session = await openDashboard(dbPath);
    });
    after(async () => session?.close());

    it('markup: every name shows literally and none of them runs', async () => {
      const { page, url } = session;
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(
        `${url}/explorer?metric=effective_cost&groupBy=service&grain=&start=2025-05-01&end=2025-06-01`,
      );
      await page.locator('[data-testid=explorer-table] tbody tr').first().waitFor();
      const shown = await page
        .locator('[data-testid=explorer-table] tbody td[data-col=service]')
        .allTextContents();
      const texts = HOSTILE.map((x) => x.text);
      for (const t of shown) assert.ok(t === 'Other' || texts.includes(t), `shown: ${t}`);
      for (const x of HOSTILE.filter((h) => h.class === 'markup' || h.class === 'slack')) {
        assert.ok(shown.includes(x.text), `${x.id} is shown literally`);
      }
      // Hover the chart so tooltips render too.
      await page.mouse.move(400, 300);
      await page.waitForTimeout(200);
      const ran = await page.evaluate(
        (g) => ({
          global: (window as unknown as Record<string, unknown>)[g] ?? null,
          handlers: document.querySelectorAll('[onerror], [onload], script:not([src])').length,
        }),
        GLOBAL,
      );
      assert.deepEqual(ran, { global: null, handlers: 0 });
      assert.deepEqual(dialogs, []);
    });
  },
);
