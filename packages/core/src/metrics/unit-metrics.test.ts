import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CostLensError } from '../errors.ts';
import { runQuery } from '../semantic/run-query.ts';
import { loadSemanticTestData } from '../semantic/test-dataset.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { tempDir, writeTemp } from '../testing/fixtures.ts';
import { ingestBusinessMetrics } from './business-metrics.ts';
import { defineUnitMetric, listUnitMetrics, removeUnitMetric } from './unit-metrics.ts';

describe('unit-cost metrics', () => {
  let wh: DuckDbWarehouse;
  before(async () => {
    wh = await DuckDbWarehouse.open();
    await loadSemanticTestData(wh);
    // Requests per day for Dec 2024 … Feb 2025, two regions, growing day by day.
    const lines = ['date,metric,value,region'];
    for (let t = Date.UTC(2024, 11, 1); t < Date.UTC(2025, 2, 1); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      const n = (t - Date.UTC(2024, 11, 1)) / 86_400_000;
      lines.push(
        `${day},requests,${1000 + n * 10},eu`,
        `${day},requests,${500 + n},us`,
        `${day},orders,${7 + (n % 5)},eu`,
      );
    }
    await ingestBusinessMetrics(wh, writeTemp(tempDir(), 'kpi.csv', `${lines.join('\n')}\n`));
    await defineUnitMetric(wh, {
      id: 'cost_per_1k_requests',
      label: 'Cost per 1k requests',
      costMetric: 'effective_cost',
      businessMetric: 'requests',
      per: 1000,
    });
  });
  after(() => wh.close());

  it('is listed with the other metrics once defined', async () => {
    assert.deepEqual(
      (await listUnitMetrics(wh)).map((u) => u.id),
      ['cost_per_1k_requests'],
    );
  });

  it('divides cost by the business metric per period, like the hand-written SQL', async () => {
    const got = await runQuery(wh, {
      metric: 'cost_per_1k_requests',
      metrics: ['effective_cost'],
      timeRange: { start: '2024-12-01', end: '2025-03-01' },
      grain: 'month',
    });
    const want = await wh.query<{ period: string; v: number }>(
      `WITH c AS (SELECT date_trunc('month', ChargePeriodStart) p, sum(EffectiveCost) s FROM focus_cost
                  WHERE ChargePeriodStart >= '2024-12-01' AND ChargePeriodStart < '2025-03-01' GROUP BY 1),
            b AS (SELECT date_trunc('month', "date") p, sum(value) r FROM business_metric WHERE metric = 'requests' GROUP BY 1)
       SELECT strftime(c.p, '%Y-%m-%d') AS period, (c.s::DOUBLE * 1000 / b.r::DOUBLE) AS v FROM c JOIN b ON c.p = b.p ORDER BY 1`,
    );
    assert.equal(got.rows.length, 3);
    assert.deepEqual(
      got.rows.map((r) => r['period']),
      want.map((w) => w.period),
    );
    got.rows.forEach((r, i) => {
      assert.ok(Math.abs(Number(r['cost_per_1k_requests']) - want[i]!.v) < 1e-12);
    });
    assert.equal(got.columns.find((c) => c.name === 'cost_per_1k_requests')?.unit, 'ratio');
  });

  it('splits by cost dimensions so that the parts add up to the whole unit cost', async () => {
    const range = { start: '2025-01-01', end: '2025-02-01' };
    const whole = await runQuery(wh, { metric: 'cost_per_1k_requests', timeRange: range });
    const parts = await runQuery(wh, {
      metric: 'cost_per_1k_requests',
      groupBy: ['service'],
      timeRange: range,
    });
    const sum = parts.rows.reduce((a, r) => a + Number(r['cost_per_1k_requests']), 0);
    assert.ok(parts.rows.length > 1);
    assert.ok(Math.abs(sum - Number(whole.rows[0]!['cost_per_1k_requests'])) < 1e-9);
  });

  it('trends against the previous period like any other metric', async () => {
    const got = await runQuery(wh, {
      metric: 'cost_per_1k_requests',
      timeRange: { start: '2025-02-01', end: '2025-03-01' },
      compareTo: 'previous_period',
    });
    const jan = await runQuery(wh, {
      metric: 'cost_per_1k_requests',
      timeRange: { start: '2025-01-01', end: '2025-02-01' },
    });
    assert.ok(
      Math.abs(
        Number(got.rows[0]!['cost_per_1k_requests_previous']) -
          Number(jan.rows[0]!['cost_per_1k_requests']),
      ) < 1e-12,
    );
  });

  it('returns no unit cost for periods without business data instead of dividing by zero', async () => {
    const got = await runQuery(wh, {
      metric: 'cost_per_1k_requests',
      timeRange: { start: '2024-11-01', end: '2024-12-01' },
      grain: 'month',
    });
    assert.equal(got.rows.length, 1);
    assert.equal(got.rows[0]!['cost_per_1k_requests'], null);
  });

  it('refuses definitions on unknown cost metrics or with a non-positive per', async () => {
    await assert.rejects(
      defineUnitMetric(wh, {
        id: 'x',
        label: 'x',
        costMetric: 'row_count',
        businessMetric: 'requests',
        per: 0,
      }),
      (e: unknown) =>
        e instanceof CostLensError && e.issues.length === 2 && /row_count/.test(e.message),
    );
    await assert.rejects(
      removeUnitMetric(wh, 'nope'),
      (e: unknown) => e instanceof CostLensError && e.code === 'NOT_FOUND',
    );
  });
});
