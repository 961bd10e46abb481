/**
 * Test and benchmark fixture: the demo company (small scale, fixed seed and end date) loaded into
 * a DuckDB warehouse the way `npm start` does it — bills, business metrics, utilization, anomaly
 * detection, recommendation rules — plus one unit-cost metric and two budgets, so every intent of
 * the assistant has something real to answer from. Not part of the public API.
 */
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectAnomalies } from '../anomaly/detect-anomalies.ts';
import { createBudget } from '../budget/budget-store.ts';
import { generateDemo } from '../demo/generate-demo.ts';
import { ingestFiles } from '../ingest/ingest.ts';
import { ingestBusinessMetrics } from '../metrics/business-metrics.ts';
import { defineUnitMetric } from '../metrics/unit-metrics.ts';
import { saveRecommendations } from '../recommend/recommendation-store.ts';
import { runRules } from '../recommend/rules/run-rules.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { ingestUtilization } from '../utilization/ingest-utilization.ts';

/** The demo's last day: "today" for every relative time expression in the question bank. */
export const ASK_DEMO_TODAY = '2026-06-17';
export const ASK_DEMO_SEED = 7;

/**
 * Generates and loads the demo; the caller closes the warehouse and calls `cleanup`.
 * @example const { wh, cleanup } = await openAskDemo(); … await wh.close(); cleanup();
 */
export async function openAskDemo(
  opts: { path?: string; scale?: number } = {},
): Promise<{ wh: DuckDbWarehouse; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'costlens-ask-'));
  const demo = await generateDemo({
    seed: ASK_DEMO_SEED,
    endDate: ASK_DEMO_TODAY,
    scale: opts.scale ?? 0.01,
    outDir: join(dir, 'demo'),
  });
  const wh = await DuckDbWarehouse.open(opts.path ? { path: opts.path } : {});
  await ingestFiles(
    wh,
    demo.costFiles.map((f) => f.path),
  );
  for (const f of demo.auxiliaryFiles) {
    if (f.kind === 'business-metrics') await ingestBusinessMetrics(wh, f.path);
    if (f.kind === 'ec2-utilization') await ingestUtilization(wh, f.path);
  }
  await detectAnomalies(wh, { now: new Date(`${ASK_DEMO_TODAY}T12:00:00Z`) });
  await saveRecommendations(wh, (await runRules(wh)).recommendations);
  await seedAskExtras(wh);
  return { wh, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One unit-cost metric and two budgets (idempotent). */
export async function seedAskExtras(wh: Warehouse): Promise<void> {
  await defineUnitMetric(wh, {
    id: 'cost_per_1k_requests',
    label: 'Cost per 1k requests',
    costMetric: 'effective_cost',
    businessMetric: 'requests',
    per: 1000,
  });
  await defineUnitMetric(wh, {
    id: 'cost_per_order',
    label: 'Cost per order',
    costMetric: 'effective_cost',
    businessMetric: 'orders',
    per: 1,
  });
  const now = new Date(`${ASK_DEMO_TODAY}T12:00:00Z`);
  const [{ n } = { n: 0 }] = await wh.query<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM budget',
  );
  if (Number(n) > 0) return;
  await createBudget(
    wh,
    { name: 'ml monthly', scope: { kind: 'team', value: 'ml' }, period: 'month', amount: '40000' },
    { now, id: 'bud_ml' },
  );
  await createBudget(
    wh,
    { name: 'all cloud quarterly', scope: { kind: 'all' }, period: 'quarter', amount: '300000' },
    { now, id: 'bud_all' },
  );
}
