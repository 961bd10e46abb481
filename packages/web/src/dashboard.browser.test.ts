/**
 * End-to-end: the real server on a random port over a small generated database, the built
 * dashboard, Debian's Chromium through playwright-core. Numbers on the page must equal what the
 * API returns for the same query. Screenshots and timings land in artifacts/ (gitignored).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { SemanticQuery, SemanticResult } from '@costlens/core';
import { DuckDbWarehouse, ingestFiles } from '@costlens/core';
import type { RunningServer } from '@costlens/server';
import { startServer } from '@costlens/server';
import { miniFocusCsv, tempDir, writeTemp } from '../../core/src/testing/fixtures.ts';
import type { MiniRow } from '../../core/src/testing/fixtures.ts';
import { parseExplorerState, toSemanticQuery } from './explorer-state.ts';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ensureWebBuild } from './testing/browser-harness.ts';
import { formatMoney } from './format.ts';
import { summarizeMonths } from './overview-model.ts';

/** Fourteen months of costs for three providers, four services and a few teams (one untagged). */
function smallCompany(): string {
  const rows: MiniRow[] = [];
  const providers = [
    ['AWS', ['Amazon Elastic Compute Cloud', 'Amazon Simple Storage Service']],
    ['Microsoft', ['Virtual Machines']],
    ['Google Cloud', ['BigQuery']],
  ] as const;
  const teams = ['{"team":"ml"}', '{"Team":"Checkout"}', '{"env":"prod"}', '{"team":"data"}'];
  for (let m = 0; m < 14; m++) {
    const start = new Date(Date.UTC(2025, m, 1));
    const end = new Date(Date.UTC(2025, m + 1, 1));
    const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
    providers.forEach(([provider, services], p) =>
      services.forEach((service, s) =>
        teams.forEach((tags, t) => {
          const cents = 1000 + ((m * 37 + p * 101 + s * 13 + t * 7) % 500) * (m + 1);
          const cost = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}5`;
          rows.push({
            BillingAccountId: `acct-${provider.slice(0, 3).toLowerCase()}`,
            BillingPeriodStart: iso(start),
            BillingPeriodEnd: iso(end),
            ChargePeriodStart: iso(new Date(start.getTime() + 86_400_000 * (2 + t))),
            ChargePeriodEnd: iso(new Date(start.getTime() + 86_400_000 * (3 + t))),
            BilledCost: cost,
            EffectiveCost: cost,
            ListCost: cost,
            ContractedCost: cost,
            ServiceName: service,
            ServiceProviderName: provider,
            ResourceId: `r-${p}${s}${t}`,
            Tags: tags,
          });
        }),
      ),
    );
  }
  return miniFocusCsv(rows);
}

describe(
  'the dashboard in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let server: RunningServer;
    let context: BrowserContext;
    let page: Page;

    const api = async (q: SemanticQuery): Promise<SemanticResult> => {
      const res = await fetch(`${server.url}/api/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(q),
      });
      assert.equal(res.status, 200);
      return (await res.json()) as SemanticResult;
    };

    before(async () => {
      const webRoot = await ensureWebBuild();
      const dir = tempDir();
      const dbPath = join(dir, 'e2e.duckdb');
      const wh = await DuckDbWarehouse.open({ path: dbPath });
      await ingestFiles(wh, [writeTemp(dir, 'company.csv', smallCompany())]);
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

    it('shows the overview with the same month total and breakdown the API returns', async (t) => {
      // First visit in a fresh browser, then a returning visit in a new tab (warm HTTP cache).
      const timings: Record<string, number | null> = {};
      for (const visit of ['first', 'returning'] as const) {
        const tab = visit === 'first' ? page : await context.newPage();
        await tab.goto(`${server.url}/`);
        await tab.locator('[data-testid=kpi-month]').waitFor();
        timings[`${visit}VisitMeaningfulPaintMs`] = Math.round(
          await tab.evaluate(() => performance.now()),
        );
        timings[`${visit}VisitContentfulPaintMs`] = await tab.evaluate(
          () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        );
        if (tab !== page) await tab.close();
      }
      await page.locator('[data-testid=by-provider]').waitFor();
      t.diagnostic(`paint timings (KPI visible = meaningful): ${JSON.stringify(timings)}`);
      writeFileSync(
        join(ARTIFACTS, 'dashboard-timing.json'),
        `${JSON.stringify(timings, null, 2)}\n`,
      );

      const months = summarizeMonths(
        await api({
          metric: 'effective_cost',
          grain: 'month',
          orderBy: [{ field: 'period', direction: 'asc' }],
        }),
        'effective_cost',
        new Date(),
      );
      assert.equal(months.reference?.period, '2026-02-01');
      const kpi = page.locator('[data-testid=kpi-month]');
      assert.equal(await kpi.getAttribute('data-value'), months.reference!.cost);
      assert.equal(await kpi.textContent(), formatMoney(months.reference!.cost, 'USD'));

      const byProvider = await api({
        metric: 'effective_cost',
        groupBy: ['provider'],
        timeRange: { start: '2026-02-01', end: '2026-03-01' },
        compareTo: 'previous_period',
        limit: 8,
        orderBy: [{ field: 'effective_cost', direction: 'desc' }],
      });
      const shown = await page
        .locator('[data-testid=by-provider] tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            (tr as HTMLTableRowElement).cells[0]!.textContent,
            tr.querySelector('.money')!.textContent,
          ]),
        );
      assert.deepEqual(
        shown,
        byProvider.rows.map((r) => [
          String(r['provider']),
          formatMoney(String(r['effective_cost']), 'USD'),
        ]),
      );
      assert.equal(shown.length, 3);

      // The month chart continues into the forecast: the first projected month, as the API says.
      const fc = (await (
        await fetch(`${server.url}/api/forecast?metric=effective_cost&horizon=92`)
      ).json()) as {
        months: { start: string; projected: string }[];
      };
      assert.ok(fc.months.length >= 2, 'at least the next two months are projected');
      const forecastLine = page.locator('[data-testid=month-forecast]');
      await forecastLine.waitFor();
      const text = (await forecastLine.textContent()) ?? '';
      assert.ok(text.includes(`Forecast for ${fc.months[0]!.start.slice(0, 7)}`), text);
      assert.ok(text.includes(formatMoney(fc.months[0]!.projected, 'USD')), text);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(overflow <= 1280, `no horizontal scrolling at 1280 px (scrollWidth ${overflow})`);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview.png'), fullPage: true });
    });

    it('changes the explorer’s group-by and shows exactly what the API returns for it', async () => {
      await page.getByRole('link', { name: 'Explorer' }).click();
      await page.locator('[data-testid=explorer-table]').waitFor();
      await page.selectOption('select[name=groupBy]', 'team');
      await page.waitForURL(/groupBy=team/);
      await page.locator('[data-testid=explorer-table] td[data-col=team]').first().waitFor();
      const search = new URL(page.url()).search;
      const expected = await api(toSemanticQuery(parseExplorerState(search)));
      const readTable = () =>
        page
          .locator('[data-testid=explorer-table] tbody tr')
          .evaluateAll((trs) =>
            trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
          );
      const cells = await readTable();
      const want = expected.rows.map((r) =>
        expected.columns.map((c) =>
          c.role === 'metric'
            ? formatMoney(String(r[c.name]), 'USD')
            : r[c.name] === null
              ? '(none)'
              : String(r[c.name]),
        ),
      );
      assert.deepEqual(cells, want);
      assert.ok(
        want.some((row) => row.some((c) => /^checkout$/i.test(c))),
        'the Team tag key counts as team',
      );
      assert.ok(
        want.some((row) => row.includes('(none)')),
        'untagged cost shows as (none)',
      );
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-explorer.png'), fullPage: true });

      // The URL is the view: opening it afresh shows the same table.
      const shared = await context.newPage();
      await shared.goto(page.url());
      await shared.locator('[data-testid=explorer-table] td[data-col=team]').first().waitFor();
      const again = await shared
        .locator('[data-testid=explorer-table] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
        );
      assert.deepEqual(again, cells);
      await shared.close();
    });

    it('lists the manifest and an exact reconciliation for every billing period', async () => {
      await page.getByRole('link', { name: 'Sources & quality' }).click();
      await page.locator('[data-testid=reconciliation]').waitFor();
      const { sources } = (await (await fetch(`${server.url}/api/sources`)).json()) as {
        sources: { ingestId: string; partitions: unknown[] }[];
      };
      const ingests = await page
        .locator('[data-testid=manifest] tbody tr td:first-child')
        .allTextContents();
      assert.deepEqual(
        ingests,
        sources.map((s) => s.ingestId),
      );
      const matches = await page
        .locator('[data-testid=reconciliation] tbody tr td:last-child')
        .allTextContents();
      assert.equal(matches.length, sources[0]!.partitions.length);
      assert.ok(matches.every((m) => m === '✓ exact'));
      await page.locator('[data-testid=quality-summary]').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-sources.png'), fullPage: true });
    });

    it('shows the forecast band and budget status exactly as the API computes them', async () => {
      const created = await fetch(`${server.url}/api/budgets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'ml-monthly',
          scope: { kind: 'team', value: 'ml' },
          period: 'month',
          amount: '1000',
        }),
      });
      assert.equal(created.status, 201);
      await page.goto(`${server.url}/budgets`);
      await page.locator('[data-testid=budgets]').waitFor();
      await page.locator('[data-testid=projections]').waitFor();
      const status = (await (await fetch(`${server.url}/api/budgets/status`)).json()) as {
        actual: string;
        budget: { name: string };
      }[];
      const row = page.locator('[data-testid=budgets] tbody tr').first();
      assert.equal(await row.locator('td').first().textContent(), status[0]!.budget.name);
      assert.equal(
        await row.locator('.money').nth(1).getAttribute('data-value'),
        status[0]!.actual,
      );
      const forecast = (await (
        await fetch(`${server.url}/api/forecast?metric=effective_cost&horizon=90&accuracy=true`)
      ).json()) as { model: string; projections: { projected: string }[] };
      assert.match(
        (await page.locator('[data-testid=forecast-model]').textContent()) ?? '',
        new RegExp(`Model ${forecast.model}`),
      );
      const shown = await page
        .locator('[data-testid=projections] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => tr.querySelectorAll('.money')[1]!.getAttribute('data-value')),
        );
      assert.deepEqual(
        shown,
        forecast.projections.map((p) => p.projected),
      );
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-budgets.png'), fullPage: true });
    });

    // Last: creating a token ends the local demo mode for this server.
    it('asks for a token once the server requires one, then shows the data to a viewer', async () => {
      const res = await fetch(`${server.url}/api/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'viewer', name: 'browser' }),
      });
      const { token } = (await res.json()) as { token: string };
      await page.goto(`${server.url}/`);
      await page.getByLabel('API token').fill(token);
      await page.getByRole('button', { name: 'Use token' }).click();
      await page.locator('[data-testid=kpi-month]').waitFor();
      assert.equal(await page.evaluate(() => localStorage.getItem('costlens.token')), token);
      await page.getByRole('button', { name: 'Forget token' }).click();
      await page.getByLabel('API token').waitFor();
    });
  },
);
