/**
 * Root cause: which values of which dimensions moved the cost, ranked by dollar contribution.
 * The anomaly's days are compared with a baseline — the same weekdays of the four weeks before
 * (runs up to a week) or the 28 days before, scaled to the run's length — per dimension value, in
 * one parameterized query. Dimensions with a single value say nothing and are dropped. The top
 * driver is the broadest value that explains most of the change and changed as sharply as any.
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { Filter, SemanticQuery } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { compareDec, decToNumber } from './decimal.ts';
import { daysBetween } from './cost-series.ts';
import {
  DRIVER_DIMENSIONS,
  dimensionSql,
  metricSql,
  scopeSql,
  SqlParams,
  TEAM_TAG_KEYS,
} from './scope-sql.ts';

const DAY_MS = 86_400_000;

/** The columns driver dimensions read (a projection instead of every FOCUS column). */
const SCOPED_COLUMNS = [
  'ServiceProviderName',
  'ProviderName',
  'BillingAccountId',
  'SubAccountId',
  'ServiceName',
  'ServiceCategory',
  'RegionId',
  'RegionName',
  'SkuId',
  'ChargeDescription',
  'ResourceId',
  'ChargeCategory',
  'PricingCategory',
  'Tags',
]
  .map((c) => `"${c}"`)
  .join(', ');

const nextDay = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

export interface Driver {
  dimension: string;
  /** The value; `null` when rows have none (e.g. untagged). */
  value: string | null;
  /** Change in dollars over the anomaly's days versus the scaled baseline (exact to 6 places). */
  deltaUsd: string;
  /** deltaUsd / the scope's total change. */
  share: number;
  /** The value's cost over the anomaly's days, and its scaled baseline. */
  actualUsd: string;
  baselineUsd: string;
}

export interface Baseline {
  /** Days the baseline sums over. */
  days: string[];
  /** Baseline sums are multiplied by num / den to match the anomaly's length. */
  num: number;
  den: number;
}

/** The baseline days for an anomaly from `start` to `end` (ISO days) given the data's first day. */
export function baselineFor(start: string, end: string, firstDay: string): Baseline {
  const s = Date.parse(`${start}T00:00:00Z`);
  const len = Math.round((Date.parse(`${end}T00:00:00Z`) - s) / DAY_MS) + 1;
  const first = Date.parse(`${firstDay}T00:00:00Z`);
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  if (len <= 7) {
    const days: string[] = [];
    let weeks = 0;
    for (let k = 1; k <= 4; k++) {
      if (s - 7 * k * DAY_MS < first) break;
      weeks++;
      for (let i = 0; i < len; i++) days.push(iso(s + (i - 7 * k) * DAY_MS));
    }
    return { days, num: 1, den: Math.max(weeks, 1) };
  }
  const from = Math.max(first, s - 28 * DAY_MS);
  const n = Math.round((s - from) / DAY_MS);
  return {
    days: n > 0 ? daysBetween(iso(from), iso(s - DAY_MS)) : [],
    num: len,
    den: Math.max(n, 1),
  };
}

export interface DriverAnalysis {
  totalDeltaUsd: string;
  drivers: Driver[];
  /** The semantic queries that show each of the top drivers day by day. */
  evidence: SemanticQuery[];
}

/**
 * Ranks drivers of a change in `filters`'s cost over [start, end].
 * @example const { drivers } = await rankDrivers(wh, { metric: 'effective_cost', filters: [], start, end, firstDay });
 */
export async function rankDrivers(
  wh: Warehouse,
  opts: {
    metric: string;
    filters: readonly Filter[];
    start: string;
    end: string;
    firstDay: string;
    /** Tag keys to rank as `tag:<key>` dimensions (default: every key found). */
    tagKeys?: 'all' | 'none';
    limit?: number;
  },
): Promise<DriverAnalysis> {
  const base = baselineFor(opts.start, opts.end, opts.firstDay);
  const params = new SqlParams();
  const m = metricSql(opts.metric);
  const where = scopeSql(opts.filters, params);
  const curStart = params.add(opts.start);
  const curEnd = params.add(opts.end);
  const baseDays = params.add(base.days.join(','));
  // A coarse range first, so the store skips row groups outside the windows.
  const lo = params.add(`${[...base.days, opts.start].sort()[0]} 00:00:00`);
  const hi = params.add(`${nextDay(opts.end)} 00:00:00`);
  const coarse = `"ChargePeriodStart" >= ${lo}::TIMESTAMP AND "ChargePeriodStart" < ${hi}::TIMESTAMP`;
  const scopeParamCount = params.values.length;
  const scaled = (x: string) =>
    `CAST(round(${x}::DOUBLE * ${base.num} / ${base.den}, 6) AS DECIMAL(38, 6))`;
  const fixed = new Set(opts.filters.filter((f) => f.op === 'eq').map((f) => f.dimension));
  const dims = DRIVER_DIMENSIONS.filter((d) => !fixed.has(d));
  const selects = dims.map(
    (d) => `SELECT '${d}' AS dimension, ${dimensionSql(d, params)} AS value,
       sum(CASE WHEN in_cur THEN m ELSE 0 END) AS cur, sum(CASE WHEN in_cur THEN 0 ELSE m END) AS base
     FROM scoped GROUP BY 1, 2`,
  );
  if (opts.tagKeys !== 'none') {
    selects.push(`SELECT 'tag:' || j.key AS dimension, j.value ->> '$' AS value,
       sum(CASE WHEN in_cur THEN m ELSE 0 END) AS cur, sum(CASE WHEN in_cur THEN 0 ELSE m END) AS base
     FROM scoped s, json_each(s."Tags") j GROUP BY 1, 2`);
  }
  const rows = await wh.query<{
    dimension: string;
    value: string | null;
    actual: string;
    baseline: string;
    delta: string;
    n_values: number;
  }>(
    `WITH scoped AS (
       SELECT ${SCOPED_COLUMNS}, coalesce(${m}, 0) AS m,
         "ChargePeriodStart"::DATE BETWEEN ${curStart}::DATE AND ${curEnd}::DATE AS in_cur
       FROM ${COST_TABLE}
       WHERE ${coarse} AND ${where} AND ("ChargePeriodStart"::DATE BETWEEN ${curStart}::DATE AND ${curEnd}::DATE
         OR "ChargePeriodStart"::DATE IN (SELECT unnest(string_split(${baseDays}, ','))::DATE))
     ), grouped AS (${selects.join('\nUNION ALL\n')})
     SELECT dimension, value, cur::DECIMAL(38, 6)::VARCHAR AS actual, ${scaled('base')}::VARCHAR AS baseline,
       (cur - ${scaled('base')})::DECIMAL(38, 6)::VARCHAR AS delta,
       count(*) OVER (PARTITION BY dimension)::INTEGER AS n_values
     FROM grouped`,
    params.values,
  );
  const [totals] = await wh.query<{ delta: string }>(
    `WITH scoped AS (
       SELECT coalesce(${m}, 0) AS m, "ChargePeriodStart"::DATE BETWEEN ${curStart}::DATE AND ${curEnd}::DATE AS in_cur
       FROM ${COST_TABLE}
       WHERE ${coarse} AND ${where} AND ("ChargePeriodStart"::DATE BETWEEN ${curStart}::DATE AND ${curEnd}::DATE
         OR "ChargePeriodStart"::DATE IN (SELECT unnest(string_split(${baseDays}, ','))::DATE)))
     SELECT (sum(CASE WHEN in_cur THEN m ELSE 0 END) - ${scaled('sum(CASE WHEN in_cur THEN 0 ELSE m END)')})::DECIMAL(38, 6)::VARCHAR AS delta FROM scoped`,
    params.values.slice(0, scopeParamCount),
  );
  const totalDelta = totals?.delta ?? '0';
  const sign = compareDec(totalDelta, '0') || 1;
  const total = decToNumber(totalDelta);
  const candidates: Driver[] = rows
    .filter((r) => Number(r.n_values) > 1 && compareDec(r.delta, '0') === sign)
    // `team` already reads these tag keys; ranking tag:team too would list the same value twice.
    .filter(
      (r) => !(r.dimension.startsWith('tag:') && TEAM_TAG_KEYS.includes(r.dimension.slice(4))),
    )
    .map((r) => ({
      dimension: r.dimension,
      value: r.value,
      deltaUsd: r.delta,
      share: total === 0 ? 0 : decToNumber(r.delta) / total,
      actualUsd: r.actual,
      baselineUsd: r.baseline,
    }))
    .sort(
      (a, b) =>
        Math.abs(decToNumber(b.deltaUsd)) - Math.abs(decToNumber(a.deltaUsd)) ||
        specificity(a.dimension) - specificity(b.dimension),
    );
  // A value moving less than 2 % of the change is noise, not a driver.
  const drivers = orderDrivers(candidates.filter((d) => Math.abs(d.share) >= 0.02)).slice(
    0,
    opts.limit ?? 10,
  );
  const evidence: SemanticQuery[] = drivers.slice(0, 3).map((d) => ({
    metric: opts.metric,
    groupBy: [d.dimension],
    filters: [
      ...opts.filters,
      d.value === null
        ? { dimension: d.dimension, op: 'is_null' }
        : { dimension: d.dimension, op: 'eq', value: d.value },
    ],
    timeRange: {
      start: base.days[0] ?? opts.start,
      end: new Date(Date.parse(`${opts.end}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10),
    },
    grain: 'day',
  }));
  return { totalDeltaUsd: totalDelta, drivers, evidence };
}

/** Finer dimensions first when contributions tie: a resource is a sharper answer than a region. */
const SPECIFICITY = ['resource_id', 'sku', 'tag:', 'team', 'service', 'region', 'sub_account'];

function specificity(dimension: string): number {
  const i = SPECIFICITY.findIndex(
    (d) => dimension === d || (d === 'tag:' && dimension.startsWith(d)),
  );
  return i === -1 ? SPECIFICITY.length : i;
}

/** Relative changes within this factor of the sharpest one count as "the same change". */
export const SAME_CHANGE_FACTOR = 1.2;

/**
 * Puts the driver at the right level first. Among strong values (explaining ≥ 80 % of the largest
 * contribution), the ones whose relative change (delta / baseline) is within SAME_CHANGE_FACTOR
 * of the sharpest changed alike; of those, the broadest (largest cost) is named — parsimony: when
 * every instance of a service grew by 40 %, the service is the cause, not its biggest SKU; when one
 * resource grew tenfold and its service by 20 %, the resource is. SKUs and null values are named
 * only when nothing else changed alike. The rest follow by contribution.
 */
export function orderDrivers(byContribution: readonly Driver[]): Driver[] {
  const top = byContribution[0];
  if (!top) return [];
  const strongest = Math.abs(decToNumber(top.deltaUsd));
  const size = (d: Driver) =>
    Math.abs(decToNumber(d.actualUsd)) + Math.abs(decToNumber(d.baselineUsd));
  const ratio = (d: Driver) =>
    Math.abs(decToNumber(d.deltaUsd)) / Math.max(Math.abs(decToNumber(d.baselineUsd)), 1e-9);
  const strong = byContribution.filter((d) => Math.abs(decToNumber(d.deltaUsd)) >= 0.8 * strongest);
  const sharpest = Math.max(...strong.map(ratio));
  const alike = strong.filter((d) => ratio(d) * SAME_CHANGE_FACTOR >= sharpest);
  // A SKU is a price line and a null value ("untagged", "no resource") names nobody: among values
  // that changed alike, an owner, resource, service or account is the answer someone can act on.
  const actionable = alike.filter((d) => d.value !== null && d.dimension !== 'sku');
  let best: Driver | undefined;
  for (const d of actionable.length > 0 ? actionable : alike) {
    if (!best) {
      best = d;
      continue;
    }
    const larger = size(d) > size(best) + 1e-9;
    const tie = Math.abs(size(d) - size(best)) <= 1e-9;
    if (larger || (tie && specificity(d.dimension) < specificity(best.dimension))) best = d;
  }
  const lead = best ?? top;
  return [lead, ...byContribution.filter((d) => d !== lead)];
}
