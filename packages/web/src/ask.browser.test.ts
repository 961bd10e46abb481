/**
 * End-to-end: the Ask page in Debian's Chromium over a small bill — a question typed into the chat
 * shows the total SQL computes, the query behind it, clarification options as buttons that
 * resolve, and the asked questions among the patterns.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DuckDbWarehouse, ingestFiles } from '@costlens/core';
import { miniFocusCsv, tempDir, writeTemp } from '../../core/src/testing/fixtures.ts';
import { ARTIFACTS, CHROMIUM, openDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

describe(
  'the Ask page in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    let page: Page;
    let ec2Total: string;

    before(async () => {
      const dir = tempDir();
      const dbPath = join(dir, 'ask.duckdb');
      const wh = await DuckDbWarehouse.open({ path: dbPath });
      const csv = miniFocusCsv([
        { EffectiveCost: '1234.567891' },
        {
          EffectiveCost: '0.432109',
          ChargePeriodStart: '2025-01-09T00:00:00Z',
          ChargePeriodEnd: '2025-01-10T00:00:00Z',
        },
        {
          EffectiveCost: '99.5',
          ServiceName: 'Amazon Simple Storage Service',
          ServiceCategory: 'Storage',
        },
        { EffectiveCost: '10', ServiceName: 'Compute Engine', ServiceProviderName: 'Google Cloud' },
      ]);
      await ingestFiles(wh, [writeTemp(dir, 'focus.csv', csv)]);
      const [row] = await wh.query<{ v: string }>(
        `SELECT sum("EffectiveCost")::VARCHAR AS v FROM focus_cost WHERE "ServiceName" = 'Amazon Elastic Compute Cloud'`,
      );
      ec2Total = row!.v;
      await wh.close();
      session = await openDashboard(dbPath);
      page = session.page;
    });

    after(async () => {
      await session?.close();
    });

    const askIn = async (question: string) => {
      const before = await page.locator('[data-testid=ask-turn]').count();
      await page.getByLabel('Question').fill(question);
      await page.getByRole('button', { name: 'Ask', exact: true }).click();
      await page
        .locator('[data-testid=ask-turn]')
        .nth(before)
        .locator('[data-testid=ask-answer]')
        .waitFor();
      return page.locator('[data-testid=ask-turn]').nth(before);
    };

    it('shows the total SQL computes for a typed question, with the query behind it', async () => {
      await page.goto(`${session.url}/ask`);
      await page.locator('[data-testid=ask-chat]').waitFor();
      const turn = await askIn('How much did we spend on EC2 this month?');
      const shown = await turn
        .locator('[data-testid=ask-values] [data-value]')
        .first()
        .getAttribute('data-value');
      assert.equal(Number(shown), Number(ec2Total));
      assert.equal(shown!.replace(/0+$/, ''), ec2Total.replace(/0+$/, ''));
      assert.match(
        (await turn.locator('[data-testid=ask-answer-text]').textContent())!,
        /\$1,235\.00/,
      );
      await turn.locator('[data-testid=ask-behind] summary').click();
      const query = JSON.parse(
        (await turn.locator('[data-testid=ask-query]').first().textContent())!,
      );
      assert.deepEqual(query.filters, [
        { dimension: 'service', op: 'eq', value: 'Amazon Elastic Compute Cloud' },
      ]);
      assert.match(
        (await turn.locator('[data-testid=ask-sql]').first().textContent())!,
        /^WITH cur AS/,
      );
    });

    it('offers clarification options as buttons that answer the chosen meaning', async () => {
      const turn = await askIn('how much did compute cost this month?');
      assert.equal(
        await turn.locator('[data-testid=ask-answer]').getAttribute('data-intent'),
        'clarify',
      );
      await turn.getByRole('button', { name: /category Compute/ }).click();
      const next = page.locator('[data-testid=ask-turn]').nth(2);
      await next.locator('[data-testid=ask-answer]').waitFor();
      assert.equal(
        await next.locator('[data-testid=ask-answer]').getAttribute('data-intent'),
        'total',
      );
      const shown = await next
        .locator('[data-testid=ask-values] [data-value]')
        .first()
        .getAttribute('data-value');
      assert.equal(Number(shown), Number(ec2Total) + 10);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-ask.png'), fullPage: true });
    });

    it('lists what people asked among the patterns', async () => {
      await page.locator('[data-testid=ask-patterns] tbody tr').first().waitFor();
      const text = await page.locator('[data-testid=ask-patterns]').textContent();
      assert.match(text!, /clarify/);
      assert.match(text!, /total/);
    });
  },
);
