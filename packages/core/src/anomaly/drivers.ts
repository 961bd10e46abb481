/**
 * Root cause: which values of which dimensions moved the cost, ranked by dollar contribution.
 * The anomaly's days are compared with a baseline — the same weekdays of the four weeks before
 * (runs up to a week) or the 28 days before, scaled to the run's length — per dimension value, in
 * one parameterized query. Dimensions with a single value say nothing and are dropped (a single
 * resource or owning team is kept aside: it names what a change spread over the whole scope is).
 *
 * The top driver is chosen by surprise, as in Adtributor (Bhagwan et al., NSDI 2014): a value
 * explains a change when its share of the scope moved — the Jensen–Shannon term of its baseline
 * share p against its actual share q — and it carries a fair part of the change. A value that grew
 * exactly as its scope did has no surprise however large its dollars: when a whole service grew
 * 40 %, its biggest SKU is not the cause; when one resource grew tenfold inside a calm service, its
 * team is not either. Values that cover the same rows (a dataset, its only app tag, its team) are
 * one driver under several names (`aliases`).
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
  /**
   * Other names for exactly the same rows (equal cost, baseline and row counts): a resource, its
   * only app tag and its team. Absent when none.
   */
  aliases?: { dimension: string; value: string | null }[];
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
  /**
   * True when no value's share of the scope moved (the whole scope changed alike): the top driver
   * is then its owning team when it has one, else the largest contributor, and neither is "the"
   * cause.
   */
  broad: boolean;
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
  const agg = `sum(CASE WHEN in_cur THEN m ELSE 0 END) AS cur, sum(CASE WHEN in_cur THEN 0 ELSE m END) AS base,
       sum(CASE WHEN in_cur THEN 1 ELSE 0 END) AS n_cur, sum(CASE WHEN in_cur THEN 0 ELSE 1 END) AS n_base`;
  const selects = dims.map(
    (d) => `SELECT '${d}' AS dimension, ${dimensionSql(d, params)} AS value, ${agg}
     FROM scoped GROUP BY 1, 2`,
  );
  if (opts.tagKeys !== 'none') {
    selects.push(`SELECT 'tag:' || j.key AS dimension, j.value ->> '$' AS value, ${agg}
     FROM scoped s, json_each(s."Tags") j GROUP BY 1, 2`);
  }
  const rows = await wh.query<{
    dimension: string;
    value: string | null;
    actual: string;
    baseline: string;
    delta: string;
    rows_key: string;
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
       n_cur::VARCHAR || '/' || n_base::VARCHAR AS rows_key,
       count(*) OVER (PARTITION BY dimension)::INTEGER AS n_values
     FROM grouped`,
    params.values,
  );
  const [totals] = await wh.query<{ actual: string; baseline: string; delta: string }>(
    `WITH scoped AS (
       SELECT coalesce(${m}, 0) AS m, "ChargePeriodStart"::DATE BETWEEN ${curStart}::DATE AND ${curEnd}::DATE AS in_cur
       FROM ${COST_TABLE}
       WHERE ${coarse} AND ${where} AND ("ChargePeriodStart"::DATE BETWEEN ${curStart}::DATE AND ${curEnd}::DATE
         OR "ChargePeriodStart"::DATE IN (SELECT unnest(string_split(${baseDays}, ','))::DATE))),
     t AS (SELECT sum(CASE WHEN in_cur THEN m ELSE 0 END) AS cur, sum(CASE WHEN in_cur THEN 0 ELSE m END) AS base FROM scoped)
     SELECT coalesce(cur, 0)::DECIMAL(38, 6)::VARCHAR AS actual, coalesce(${scaled('base')}, 0)::VARCHAR AS baseline,
       coalesce(cur - ${scaled('base')}, 0)::DECIMAL(38, 6)::VARCHAR AS delta FROM t`,
    params.values.slice(0, scopeParamCount),
  );
  const totalDelta = totals?.delta ?? '0';
  const sign = compareDec(totalDelta, '0') || 1;
  const total = decToNumber(totalDelta);
  const toDriver = (r: (typeof rows)[number]): Driver => ({
    dimension: r.dimension,
    value: r.value,
    deltaUsd: r.delta,
    share: total === 0 ? 0 : decToNumber(r.delta) / total,
    actualUsd: r.actual,
    baselineUsd: r.baseline,
  });
  // `team` already reads these tag keys; ranking tag:team too would list the same value twice.
  const teamTag = (r: (typeof rows)[number]) =>
    r.dimension.startsWith('tag:') && TEAM_TAG_KEYS.includes(r.dimension.slice(4));
  const moved = rows.filter((r) => compareDec(r.delta, '0') === sign && !teamTag(r));
  const candidates = moved.filter((r) => Number(r.n_values) > 1).map(toDriver);
  // The one resource that is the whole scope, or the one team that owns it, names what to look
  // at when nothing inside it stands out (a monitor of one database; a project of one team).
  const owner = ['resource_id', 'team']
    .map((dim) =>
      moved.find((r) => r.dimension === dim && Number(r.n_values) === 1 && r.value !== null),
    )
    .filter((r) => r !== undefined)
    .map(toDriver);
  // Same rows under several names: one driver, the others kept as its aliases.
  const rowsKey = new Map(
    rows.map((r) => [`${r.dimension}\u0000${JSON.stringify(r.value)}`, r.rows_key]),
  );
  const sameRows = (a: Driver, b: Driver) =>
    a.actualUsd === b.actualUsd &&
    a.baselineUsd === b.baselineUsd &&
    rowsKey.get(`${a.dimension}\u0000${JSON.stringify(a.value)}`) ===
      rowsKey.get(`${b.dimension}\u0000${JSON.stringify(b.value)}`);
  const scope = {
    actualUsd: totals?.actual ?? '0',
    baselineUsd: totals?.baseline ?? '0',
  };
  // A value moving less than 2 % of the change is noise, not a driver.
  const ranked = orderDrivers(
    candidates
      .filter((d) => Math.abs(d.share) >= 0.02)
      .sort(
        (a, b) =>
          Math.abs(decToNumber(b.deltaUsd)) - Math.abs(decToNumber(a.deltaUsd)) ||
          specificity(a.dimension) - specificity(b.dimension),
      ),
    scope,
    owner[0],
  );
  // The owner's other names (the team of the one resource) when they cover the same rows.
  if (owner.length > 1 && ranked.drivers[0] === owner[0]) ranked.drivers.splice(1, 0, owner[1]!);
  const drivers: Driver[] = [];
  for (const d of ranked.drivers) {
    const named = drivers.find((x) => sameRows(x, d));
    if (named) (named.aliases ??= []).push({ dimension: d.dimension, value: d.value });
    else drivers.push({ ...d });
  }
  drivers.splice(opts.limit ?? 10);
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
  return { totalDeltaUsd: totalDelta, broad: ranked.broad, drivers, evidence };
}

/** Finer dimensions first when contributions tie: a resource is a sharper answer than a region. */
const SPECIFICITY = ['resource_id', 'sku', 'tag:', 'team', 'service', 'region', 'sub_account'];

function specificity(dimension: string): number {
  const i = SPECIFICITY.findIndex(
    (d) => dimension === d || (d === 'tag:' && dimension.startsWith(d)),
  );
  return i === -1 ? SPECIFICITY.length : i;
}

/** A value whose share of the scope moved by less than this (relatively) changed as its scope did. */
export const BROAD_SHARE_SHIFT = 0.1;

/** Surprises within this factor of the largest are a tie, settled by breadth and actionability. */
const SURPRISE_TIE = 0.9;

/** A driver must carry at least this share of the change to be named first. */
const MIN_LEAD_SHARE = 0.2;

/**
 * The Jensen–Shannon term of one value: baseline share p, actual share q (0 · ln 0 = 0). Zero when
 * q = p; grows with the shift and with the value's size, so among values that changed by the
 * same factor the broadest is the most surprising.
 */
export function surprise(p: number, q: number): number {
  const m = (p + q) / 2;
  const term = (x: number) => (x > 0 && m > 0 ? x * Math.log(x / m) : 0);
  return 0.5 * (term(p) + term(q));
}

/**
 * Puts the driver at the right level first. Each value's baseline and actual shares of the scope
 * (`scope`: its actual and scaled baseline totals) give its surprise; the most surprising value
 * that carries at least MIN_LEAD_SHARE of the change leads. Near-ties (SURPRISE_TIE) go to an
 * actionable value — an owner, resource, service or account rather than a SKU (a price line) or a
 * null value (names nobody) — then to the broadest, then to the finer dimension. When even the
 * leader's share moved by less than BROAD_SHARE_SHIFT, the whole scope changed alike (`broad`):
 * its owning team, when it has one, leads instead. The rest follow by contribution.
 */
export function orderDrivers(
  byContribution: readonly Driver[],
  scope: { actualUsd: string; baselineUsd: string },
  owner?: Driver,
): { drivers: Driver[]; broad: boolean } {
  const A = Math.abs(decToNumber(scope.actualUsd));
  const B = Math.abs(decToNumber(scope.baselineUsd));
  const shares = (d: Driver) => ({
    p: B > 0 ? Math.abs(decToNumber(d.baselineUsd)) / B : 0,
    q: A > 0 ? Math.abs(decToNumber(d.actualUsd)) / A : 0,
  });
  const score = (d: Driver) => {
    const { p, q } = shares(d);
    return surprise(p, q);
  };
  const size = (d: Driver) =>
    Math.abs(decToNumber(d.actualUsd)) + Math.abs(decToNumber(d.baselineUsd));
  const eligible = byContribution.filter((d) => Math.abs(d.share) >= MIN_LEAD_SHARE);
  const pool = eligible.length > 0 ? eligible : byContribution.slice(0, 1);
  const best = Math.max(0, ...pool.map(score));
  const tied = pool.filter((d) => score(d) >= SURPRISE_TIE * best);
  const actionable = tied.filter((d) => d.value !== null && d.dimension !== 'sku');
  let lead: Driver | undefined;
  for (const d of actionable.length > 0 ? actionable : tied) {
    if (!lead) {
      lead = d;
      continue;
    }
    const larger = size(d) > size(lead) + 1e-9;
    const tie = Math.abs(size(d) - size(lead)) <= 1e-9;
    if (larger || (tie && specificity(d.dimension) < specificity(lead.dimension))) lead = d;
  }
  if (!lead) return { drivers: owner ? [owner] : [], broad: owner !== undefined };
  const { p, q } = shares(lead);
  const broad = p > 0 && Math.abs(q / p - 1) < BROAD_SHARE_SHIFT;
  // Nothing stood out: surprises that small are noise, so the dollars decide.
  const first = broad ? (owner ?? byContribution[0]!) : lead;
  return {
    drivers: [first, ...byContribution.filter((d) => d !== first)],
    broad,
  };
}
