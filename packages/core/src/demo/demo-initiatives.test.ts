import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import type { CostRow } from '../anomaly/cost-rows-fixture.ts';
import { listInitiatives } from '../initiatives/initiative-store.ts';
import { planVsActual } from '../initiatives/plan-vs-actual.ts';
import { checkPlan } from '../initiatives/planner.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { saveDemoInitiatives } from './demo-initiatives.ts';

test('the demo initiatives follow the data: dates, budgets from run-rate, actuals from the mapping', async () => {
  const wh = await DuckDbWarehouse.open();
  try {
    const rows: CostRow[] = [];
    for (let i = 0; i < 200; i++) {
      const day = new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
      rows.push({ day, cost: '20.00', service: 'Amazon Bedrock', tags: { app: 'search-api' } });
      rows.push({ day, cost: '55.00', service: 'Amazon SageMaker', tags: { team: 'ml' } });
      rows.push({ day, cost: '9.00', service: 'Amazon Bedrock', tags: { app: 'chat' } });
    }
    await insertCostRows(wh, rows);
    assert.deepEqual(await saveDemoInitiatives(wh), ['search-query-rewriting', 'ml-platform']);
    const defs = await listInitiatives(wh);
    const search = defs.find((d) => d.id === 'search-query-rewriting')!;
    // Data ends 2026-07-19: eight months back to the start, three ahead to the end.
    assert.deepEqual([search.start, search.end], ['2025-11-01', '2026-10-31']);
    const p = await planVsActual(wh, search, { forecast: false });
    // Only the search-api Bedrock rows count: 200 days × $20.00 (+ the governance review).
    const cloud = p.byCategory.inference_and_platform.actual;
    assert.equal(cloud, '4000');
    const ml = defs.find((d) => d.id === 'ml-platform')!;
    assert.ok(checkPlan(ml).findings.some((f) => f.kind === 'iceberg'));
    assert.ok(checkPlan(search).findings.every((f) => f.kind !== 'missing'));
  } finally {
    await wh.close();
  }
});

test('with LLM spend by model, a third initiative maps the top models and measures orders; the ML platform claims its GPU hosts', async () => {
  const wh = await DuckDbWarehouse.open();
  try {
    const rows: CostRow[] = [];
    for (let i = 0; i < 120; i++) {
      const day = new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
      rows.push({ day, cost: '55.00', service: 'Amazon SageMaker', tags: { team: 'ml' } });
      rows.push({ day, cost: '30.00', service: 'Amazon EC2', resource: 'i-gpu1' });
    }
    await insertCostRows(wh, rows);
    await wh.exec(`INSERT INTO gpu_host VALUES ('gpu-a', 'i-gpu1', NULL, 'ml', 'test')`);
    await wh.exec(`ALTER TABLE focus_cost ADD COLUMN "x_LlmModel" VARCHAR`);
    await wh.exec(
      `INSERT INTO focus_cost ("ServiceName", "ChargePeriodStart", "BilledCost", "EffectiveCost", "x_LlmModel")
       SELECT 'OpenAI API', TIMESTAMP '2026-01-01 00:00:00' + INTERVAL (d) DAY, c, c, m
       FROM range(120) t(d), (VALUES (4.00, 'gpt-4.1-mini'), (1.00, 'gpt-4.1'), (0.50, 'gpt-3.5')) v(c, m)`,
    );
    await wh.exec(
      `INSERT INTO business_metric ("date", metric, value, dimensions, source_file, source_line, ingested_at)
       SELECT DATE '2026-01-01' + INTERVAL (d) DAY, 'orders', 1000, NULL, NULL, NULL, TIMESTAMP '2026-05-01 00:00:00' FROM range(120) t(d)`,
    );
    assert.deepEqual(await saveDemoInitiatives(wh), [
      'search-query-rewriting',
      'ml-platform',
      'support-assistant',
    ]);
    const defs = await listInitiatives(wh);
    const ml = defs.find((d) => d.id === 'ml-platform')!;
    assert.deepEqual(ml.gpuWorkloads, [{ host: 'gpu-a' }]);
    assert.deepEqual(ml.mappings[1]!.filters, [{ dimension: 'resource_id', value: 'i-gpu1' }]);
    const sa = defs.find((d) => d.id === 'support-assistant')!;
    assert.deepEqual(
      sa.mappings.map((m) => m.filters[0]!.value),
      ['gpt-4.1-mini', 'gpt-4.1'],
    );
    assert.equal(sa.benefits[1]!.metric, 'orders');
    // 30,000 orders a month valued so they protect about the assistant's $150 a month ($5 × 30 days).
    assert.equal(sa.benefits[1]!.unitValue, (150 / 30_000).toFixed(6));
    const p = await planVsActual(wh, sa, { forecast: false });
    // 120 days × $4.00 and × $1.00; gpt-3.5 is not claimed.
    assert.deepEqual(
      p.lines.map((l) => [l.key, l.total]),
      [
        ['llm:gpt-4.1', '120'],
        ['llm:gpt-4.1-mini', '480'],
      ],
    );
  } finally {
    await wh.close();
  }
});
