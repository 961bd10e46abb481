/**
 * Test helper: writes small hand-made FOCUS rows straight into `focus_cost` (the columns anomaly
 * analysis reads), so tests can state exact cents. Not part of the public API.
 */
import type { Warehouse } from '../store/warehouse.ts';

export interface CostRow {
  day: string;
  cost: string;
  service?: string;
  provider?: string;
  account?: string;
  region?: string;
  resource?: string | null;
  sku?: string | null;
  quantity?: string | null;
  tags?: Record<string, string>;
  /** Charge period start and end (`YYYY-MM-DD HH:MM:SS`); both default to `day` 00:00. */
  start?: string;
  end?: string;
}

const COLUMNS = [
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BillingPeriodStart',
  'EffectiveCost',
  'BilledCost',
  'ServiceName',
  'ServiceProviderName',
  'SubAccountId',
  'RegionId',
  'ResourceId',
  'SkuPriceId',
  'PricingQuantity',
  'Tags',
  'ChargeCategory',
  'BillingCurrency',
];

/** Inserts rows (one statement per 500 rows, values as parameters). */
export async function insertCostRows(wh: Warehouse, rows: readonly CostRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const params: (string | null)[] = [];
    const tuples = chunk.map((r) => {
      const values = [
        r.start ?? `${r.day} 00:00:00`,
        r.end ?? r.start ?? `${r.day} 00:00:00`,
        `${r.day.slice(0, 7)}-01 00:00:00`,
        r.cost,
        r.cost,
        r.service ?? 'Amazon EC2',
        r.provider ?? 'AWS',
        r.account ?? '111111111111',
        r.region ?? 'us-east-1',
        r.resource === undefined ? 'i-1' : r.resource,
        r.sku === undefined ? 'sku-a' : r.sku,
        r.quantity === undefined ? null : r.quantity,
        JSON.stringify(r.tags ?? {}),
        'Usage',
        'USD',
      ];
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, j) => `$${start + j + 1}`).join(', ')})`;
    });
    await wh.exec(
      `INSERT INTO focus_cost (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

/**
 * 110 days of steady EC2 for team ml from 2025-01-06 (weekdays $500, weekends $300) with a GPU
 * box (i-gpu) left running on days 90–92 at $900/day: one clear, explainable spike.
 */
export function spikeRows(): CostRow[] {
  const start = Date.parse('2025-01-06T00:00:00Z');
  const day = (i: number) => new Date(start + i * 86_400_000).toISOString().slice(0, 10);
  const out: CostRow[] = [];
  for (let i = 0; i < 110; i++) {
    const weekend = [5, 6].includes(i % 7);
    out.push({
      day: day(i),
      cost: weekend ? '300.00' : '500.00',
      resource: 'i-ml',
      quantity: '100',
      tags: { team: 'ml' },
    });
  }
  for (let i = 90; i <= 92; i++) {
    out.push({
      day: day(i),
      cost: '900.00',
      resource: 'i-gpu',
      sku: 'sku-gpu',
      quantity: '24',
      tags: { team: 'ml' },
    });
  }
  return out;
}
