/**
 * End-to-end: the AI spend page in Debian's Chromium over a database with three Bedrock requests —
 * the total equals the SQL sum over the usage table, the by-model table lists what the API lists,
 * and the what-if form prints the API's projection with its token-ratio assumption.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { AiSpendResult } from '@costlens/core';
import { ingestLlmUsage } from '@costlens/core';
import { bedrockLog, MODELS } from '../../core/src/ai-spend/test-fixtures.ts';
import { writeTemp } from '../../core/src/testing/fixtures.ts';
import { ARTIFACTS, CHROMIUM, openSeededDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

describe(
  'the AI spend page in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    let page: Page;
    let url: string;
    let sqlTotal: string;

    before(async () => {
      session = await openSeededDashboard('ai', async (wh, dir) => {
        await ingestLlmUsage(wh, [writeTemp(dir, 'log.jsonl', bedrockLog())]);
        const [row] = await wh.query<{ c: string }>(
          'SELECT sum(cost)::VARCHAR AS c FROM llm_usage_event',
        );
        sqlTotal = row!.c;
      });
      page = session.page;
      url = session.url;
    });

    after(async () => {
      await session?.close();
    });

    it('shows the SQL total, the API by-model rows and a what-if with its assumption', async () => {
      await page.goto(`${url}/ai`);
      await page.locator('[data-testid=ai-totals]').waitFor();
      const shown = await page.locator('[data-testid=ai-total]').getAttribute('data-value');
      assert.equal(Number(shown), Number(sqlTotal));
      assert.equal(shown, '0.0218');

      const api = (await (await fetch(`${url}/api/ai/spend?by=model`)).json()) as AiSpendResult;
      const models = await page
        .locator('[data-testid=ai-by-model] tbody tr td:nth-child(1)')
        .allTextContents();
      assert.deepEqual(
        models,
        api.rows.map((r) => r.key.model),
      );

      await page.getByLabel('current model').selectOption(MODELS.SONNET);
      await page.getByLabel('target model').fill(MODELS.HAIKU);
      await page.getByLabel('output token ratio').fill('1.5');
      await page.getByRole('button', { name: 'Price it' }).click();
      await page.locator('[data-testid=what-if-result]').waitFor();
      assert.equal(
        await page.locator('[data-testid=what-if-projected]').getAttribute('data-value'),
        '0.00428',
      );
      const assumptions = await page
        .locator('[data-testid=what-if-assumptions] li')
        .allTextContents();
      assert.match(assumptions[0] ?? '', /1\.5 × the output tokens/);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-ai-spend.png'), fullPage: true });
    });
  },
);
