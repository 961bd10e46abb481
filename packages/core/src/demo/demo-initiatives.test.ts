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
