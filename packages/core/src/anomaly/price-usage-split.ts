/**
 * Splits a cost change into usage change and price change (cost = rate × quantity), per SKU price
 * so quantities of different units are never added: usage = (Q1 − Q0) × p0, price = (p1 − p0) × Q1
 * = C1 − Q1 × p0, where p0 = C0 / Q0 is the baseline rate. Rows without a quantity, and SKUs that
 * had no baseline quantity, count as usage (new consumption); the three parts sum to the change.
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { Filter } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { fixedDec, subDec } from './decimal.ts';
import type { Baseline } from './drivers.ts';
import { metricSql, scopeSql, SqlParams } from './scope-sql.ts';

export interface PriceUsageSplit {
  /** Total change (actual − scaled baseline). */
  deltaUsd: string;
  /** Change explained by quantity at the baseline rate. */
  usageUsd: string;
  /** Change explained by the rate moving, at the new quantity. */
  priceUsd: string;
  /** Change in rows that carry no quantity (fees, taxes, credits). */
  unquantifiedUsd: string;
}

/**
 * Computes the split over the anomaly's days [start, end] against `baseline`.
 * @example await priceUsageSplit(wh, { metric: 'effective_cost', filters, start, end, baseline });
 */
export async function priceUsageSplit(
  wh: Warehouse,
  opts: {
    metric: string;
    filters: readonly Filter[];
    start: string;
    end: string;
    baseline: Baseline;
  },
): Promise<PriceUsageSplit> {
  const params = new SqlParams();
  const m = metricSql(opts.metric);
  const where = scopeSql(opts.filters, params);
  const s = params.add(opts.start);
  const e = params.add(opts.end);
  const baseDays = params.add(opts.baseline.days.join(','));
  const lo = params.add(`${[...opts.baseline.days, opts.start].sort()[0]} 00:00:00`);
  const hi = params.add(`${opts.end} 00:00:00`);
  const k = `${opts.baseline.num}::DOUBLE / ${opts.baseline.den}`;
  const money = (x: string) => `CAST(round(${x}, 6) AS DECIMAL(38, 6))`;
  const [row] = await wh.query<{ delta: string; usage: string; price: string }>(
    `WITH scoped AS (
       SELECT coalesce(${m}, 0) AS c, coalesce("PricingQuantity", "ConsumedQuantity") AS q,
         coalesce("SkuPriceId", "SkuId", concat_ws('|', "ServiceName", "ChargeDescription", "PricingUnit")) AS sku,
         "ChargePeriodStart"::DATE BETWEEN ${s}::DATE AND ${e}::DATE AS in_cur
       FROM ${COST_TABLE}
       WHERE "ChargePeriodStart" >= ${lo}::TIMESTAMP AND "ChargePeriodStart" < ${hi}::TIMESTAMP + INTERVAL 1 DAY
         AND ${where} AND ("ChargePeriodStart"::DATE BETWEEN ${s}::DATE AND ${e}::DATE
         OR "ChargePeriodStart"::DATE IN (SELECT unnest(string_split(${baseDays}, ','))::DATE))
     ), per_sku AS (
       SELECT sku, q IS NOT NULL AS has_q,
         sum(CASE WHEN in_cur THEN c ELSE 0 END)::DOUBLE AS c1,
         sum(CASE WHEN in_cur THEN 0 ELSE c END)::DOUBLE * ${k} AS c0,
         sum(CASE WHEN in_cur THEN q ELSE 0 END)::DOUBLE AS q1,
         sum(CASE WHEN in_cur THEN 0 ELSE q END)::DOUBLE * ${k} AS q0
       FROM scoped GROUP BY 1, 2
     )
     SELECT ${money('coalesce(sum(c1 - c0), 0)')}::VARCHAR AS delta,
       ${money('coalesce(sum(CASE WHEN has_q AND q0 > 0 THEN (q1 - q0) * c0 / q0 WHEN has_q THEN c1 - c0 ELSE 0 END), 0)')}::VARCHAR AS usage,
       ${money('coalesce(sum(CASE WHEN has_q AND q0 > 0 THEN c1 - q1 * c0 / q0 ELSE 0 END), 0)')}::VARCHAR AS price
     FROM per_sku`,
    params.values,
  );
  return {
    deltaUsd: row?.delta ?? '0',
    usageUsd: row?.usage ?? '0',
    priceUsd: row?.price ?? '0',
    // The remainder, so the three parts add up to the change exactly.
    unquantifiedUsd: fixedDec(
      subDec(subDec(row?.delta ?? '0', row?.usage ?? '0'), row?.price ?? '0'),
      6,
    ),
  };
}
