/**
 * Test support: a small FOCUS CSV of daily cost for two teams (2025-01-01 … 2025-03-31), for
 * CLI and API tests of forecasts and budgets. team ml: $100.00 on weekdays, $60.00 at weekends;
 * team web: $5.00 a day. Not part of the public API.
 */
import { miniFocusCsv } from '../testing/fixtures.ts';
import type { MiniRow } from '../testing/fixtures.ts';

/** The CSV text (ingest it with `costlens ingest` or ingestFiles). */
export function dailyCostCsv(days = 90): string {
  const rows: MiniRow[] = [];
  for (let i = 0; i < days; i++) {
    const d = new Date(Date.UTC(2025, 0, 1 + i));
    const day = d.toISOString().slice(0, 10);
    const next = new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
    const monthEnd = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    const period = {
      BillingPeriodStart: `${day.slice(0, 7)}-01T00:00:00Z`,
      BillingPeriodEnd: `${monthEnd.toISOString().slice(0, 10)}T00:00:00Z`,
      ChargePeriodStart: `${day}T00:00:00Z`,
      ChargePeriodEnd: `${next}T00:00:00Z`,
    };
    const ml = [0, 6].includes(d.getUTCDay()) ? '60.00' : '100.00';
    const cost = (v: string) => ({
      BilledCost: v,
      EffectiveCost: v,
      ContractedCost: v,
      ListCost: v,
    });
    rows.push({ ...period, ...cost(ml) });
    rows.push({ ...period, ...cost('5.00'), Tags: '{"team":"web"}', ResourceId: 'bucket' });
  }
  return miniFocusCsv(rows);
}
