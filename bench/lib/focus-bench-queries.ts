/**
 * The issue-4 benchmark query set (typical dashboard questions) and the synthetic FOCUS rows
 * they run over, shared by the warehouse benchmark. Rows are generated inside DuckDB: hourly over
 * 400 days ending 2025-06-30, 40 services, 12 regions, 30 accounts, 5,000 resources, team tags
 * on 80 % of rows, billing periods set, so month partitions are real on ClickHouse.
 */
import type { SemanticQuery } from '../../packages/core/src/semantic/types.ts';

/** The clock relative ranges resolve against. */
export const BENCH_NOW = new Date('2025-06-30T12:00:00Z');

/** SQL that inserts `rows` synthetic FOCUS rows into DuckDB's `focus_cost`. */
export function generateFocusRowsSql(rows: number): string {
  const start = `TIMESTAMP '2024-05-27 00:00:00' + to_hours(CAST(i * 9600 // ${rows} AS INTEGER))`;
  return `
INSERT INTO focus_cost ("BillingAccountId", "SubAccountId", "ServiceProviderName", "ServiceName",
  "ServiceCategory", "RegionId", "ResourceId", "ChargeCategory", "PricingCategory", "BillingCurrency",
  "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd", "BilledCost",
  "EffectiveCost", "ListCost", "ContractedCost", "ConsumedQuantity", "Tags")
SELECT 'payer-' || (i % 3), 'acct-' || lpad(CAST(h % 30 AS VARCHAR), 2, '0'),
  ['AWS', 'Microsoft', 'Google Cloud'][1 + CAST(h % 40 AS INTEGER) % 3],
  'service-' || lpad(CAST(h % 40 AS VARCHAR), 2, '0'),
  ['Compute', 'Storage', 'Databases', 'Networking'][1 + CAST(h % 40 AS INTEGER) % 4],
  'region-' || (h % 12), 'res-' || (h % 5000),
  CASE WHEN i % 97 = 0 THEN 'Credit' WHEN i % 89 = 0 THEN 'Purchase' ELSE 'Usage' END,
  CASE WHEN i % 5 = 0 THEN 'Committed' ELSE 'Standard' END, 'USD',
  date_trunc('month', ${start}), date_trunc('month', ${start}) + INTERVAL 1 MONTH,
  ${start}, ${start} + INTERVAL 1 HOUR,
  c, c * 0.9, c * 1.25, c * 0.95, CAST((h % 1000) AS DECIMAL(38, 15)) / 7,
  CASE WHEN h % 5 = 4 THEN NULL
       ELSE CAST('{"team":"' || ['ml', 'web', 'data', 'platform', 'search', 'ads', 'infra'][1 + CAST(h % 7 AS INTEGER)] || '","env":"prod"}' AS JSON) END
FROM (SELECT i, hash(i) AS h, CAST((hash(i) % 100000000) AS DECIMAL(38, 15)) / 1000000 AS c FROM range(${rows}) t(i))`;
}

/** The issue-4 query set, named. */
export const BENCH_QUERIES: readonly { name: string; query: SemanticQuery }[] = [
  {
    name: 'last 30 days, daily, by service',
    query: {
      metric: 'effective_cost',
      groupBy: ['service'],
      timeRange: { relative: 'last_n_days', n: 30 },
      grain: 'day',
    },
  },
  {
    name: 'last 12 months, monthly, by provider',
    query: {
      metric: 'billed_cost',
      groupBy: ['provider'],
      timeRange: { relative: 'last_n_months', n: 12 },
      grain: 'month',
    },
  },
  {
    name: 'top 10 services + Other, last 3 months, monthly',
    query: {
      metric: 'effective_cost',
      groupBy: ['service'],
      timeRange: { relative: 'last_n_months', n: 3 },
      grain: 'month',
      limit: 10,
    },
  },
  {
    name: 'last 30 days by tag:team',
    query: {
      metric: 'effective_cost',
      groupBy: ['tag:team'],
      timeRange: { relative: 'last_n_days', n: 30 },
    },
  },
  {
    name: 'previous month by region vs the month before',
    query: {
      metric: 'effective_cost',
      groupBy: ['region'],
      timeRange: { relative: 'previous_month' },
      compareTo: 'previous_period',
    },
  },
  {
    name: 'last 90 days by account, one provider',
    query: {
      metric: 'effective_cost',
      groupBy: ['sub_account'],
      timeRange: { relative: 'last_n_days', n: 90 },
      filters: [{ dimension: 'provider', op: 'eq', value: 'AWS' }],
    },
  },
  {
    name: 'month to date total (KPI tile)',
    query: {
      metric: 'effective_cost',
      metrics: ['billed_cost', 'savings'],
      timeRange: { relative: 'month_to_date' },
    },
  },
];
