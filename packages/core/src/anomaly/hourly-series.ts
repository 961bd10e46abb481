/**
 * Hourly cost series for hourly monitors, read only from rows that have hourly resolution: a
 * row counts when its charge period is longer than zero and at most one hour ("ChargePeriodEnd" −
 * "ChargePeriodStart" ∈ (0, 1 h]). Daily or monthly rows are left out, never spread or stamped at
 * their start hour: a day's charge at 00:00 would look like a spike at midnight. Zero-length or
 * open periods carry no resolution and are left out too. The series runs over every hour from the
 * first to the last hourly row in the store (hours without rows are zero, as the daily series does
 * with days), and each monitor also gets its coverage: how many of its rows, and how many dollars,
 * are hourly, so detection can skip a scope that has none and say how much a mixed scope leaves out.
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { DailySeries } from './cost-series.ts';
import type { Monitor } from './monitors.ts';
import { metricSql, scopeSql, SqlParams } from './scope-sql.ts';

export const HOUR_MS = 3_600_000;

/** The SQL test for a row with hourly resolution (see the module header). */
export const HOURLY_ROW_SQL = `("ChargePeriodEnd" > "ChargePeriodStart" AND "ChargePeriodEnd" - "ChargePeriodStart" <= INTERVAL 1 HOUR)`;

/** Hour keys: `YYYY-MM-DDTHH:00:00Z`, the start of each UTC hour. */
export function hourKey(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 13)}:00:00Z`;
}

/** Consecutive hour keys from `first` to `last` inclusive. */
export function hoursBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(first); t <= Date.parse(last); t += HOUR_MS) out.push(hourKey(t));
  return out;
}

/** The hour range of the store's hourly rows (shared by every hourly monitor), or null. */
export async function dataHourRange(
  wh: Warehouse,
): Promise<{ first: string; last: string } | null> {
  const [r] = await wh.query<{ first: string | null; last: string | null }>(
    `SELECT strftime(min(date_trunc('hour', "ChargePeriodStart")), '%Y-%m-%dT%H:00:00Z') AS first,
       strftime(max(date_trunc('hour', "ChargePeriodStart")), '%Y-%m-%dT%H:00:00Z') AS last
     FROM ${COST_TABLE} WHERE ${HOURLY_ROW_SQL}`,
  );
  return r?.first && r.last ? { first: r.first, last: r.last } : null;
}

/** How much of a monitor's scope, over the series' days, has hourly resolution. */
export interface HourlyCoverage {
  hourlyRows: number;
  otherRows: number;
  /** Exact sums of the metric over hourly rows and over the others (daily, monthly, open). */
  hourlyCost: string;
  otherCost: string;
}

export interface HourlySeriesWithCoverage {
  /** `days` holds hour keys (see `hourKey`); one point per hour. */
  series: DailySeries;
  coverage: HourlyCoverage;
}

/**
 * Reads many monitors' hourly series (hourly rows only) and their coverage, one scan per chunk.
 * @example const [s] = await hourlySeriesBatch(wh, [monitor], await dataHourRange(wh));
 */
export async function hourlySeriesBatch(
  wh: Warehouse,
  monitors: readonly Pick<Monitor, 'metric' | 'filters'>[],
  range: { first: string; last: string },
  chunkSize = 100,
): Promise<HourlySeriesWithCoverage[]> {
  const hours = hoursBetween(range.first, range.last);
  const index = new Map(hours.map((h, i) => [h, i]));
  const timesMs = Float64Array.from(hours, (h) => Date.parse(h));
  const from = range.first.slice(0, 19).replace('T', ' ');
  const to = hourKey(Date.parse(range.last) + HOUR_MS)
    .slice(0, 19)
    .replace('T', ' ');
  const out: HourlySeriesWithCoverage[] = [];
  for (let c = 0; c < monitors.length; c += chunkSize) {
    const chunk = monitors.slice(c, c + chunkSize);
    const params = new SqlParams();
    const scopes = chunk.map((m) => scopeSql(m.filters, params));
    const sums = chunk.map(
      (m, i) =>
        `coalesce(sum(${metricSql(m.metric)}) FILTER (WHERE ${scopes[i]}), 0)::VARCHAR AS s${i}`,
    );
    const rows = await wh.query<Record<string, string>>(
      `SELECT strftime(date_trunc('hour', "ChargePeriodStart"), '%Y-%m-%dT%H:00:00Z') AS h, ${sums.join(', ')}
       FROM ${COST_TABLE}
       WHERE ${HOURLY_ROW_SQL} AND "ChargePeriodStart" >= ${params.add(from)}::TIMESTAMP
         AND "ChargePeriodStart" < ${params.add(to)}::TIMESTAMP
       GROUP BY 1`,
      params.values,
    );
    const cov = new SqlParams();
    const covCols = chunk.map((m, i) => {
      const scope = scopeSql(m.filters, cov);
      const metric = metricSql(m.metric);
      const hourly = `coalesce(${HOURLY_ROW_SQL}, false)`;
      return `count(*) FILTER (WHERE ${scope} AND ${hourly})::INTEGER AS hr${i},
        count(*) FILTER (WHERE ${scope} AND NOT ${hourly})::INTEGER AS or${i},
        coalesce(sum(${metric}) FILTER (WHERE ${scope} AND ${hourly}), 0)::VARCHAR AS hc${i},
        coalesce(sum(${metric}) FILTER (WHERE ${scope} AND NOT ${hourly}), 0)::VARCHAR AS oc${i}`;
    });
    const [coverage] = await wh.query<Record<string, string | number>>(
      `SELECT ${covCols.join(', ')} FROM ${COST_TABLE}
       WHERE "ChargePeriodStart" >= ${cov.add(from)}::TIMESTAMP::DATE
         AND "ChargePeriodStart" < ${cov.add(to)}::TIMESTAMP::DATE + INTERVAL 1 DAY`,
      cov.values,
    );
    for (let i = 0; i < chunk.length; i++) {
      const exact = hours.map(() => '0');
      for (const r of rows) {
        const at = index.get(r['h']!);
        if (at !== undefined) exact[at] = r[`s${i}`] ?? '0';
      }
      out.push({
        series: {
          days: hours,
          timesMs,
          values: Float64Array.from(exact, (v) => Number(v)),
          exact,
        },
        coverage: {
          hourlyRows: Number(coverage?.[`hr${i}`] ?? 0),
          otherRows: Number(coverage?.[`or${i}`] ?? 0),
          hourlyCost: String(coverage?.[`hc${i}`] ?? '0'),
          otherCost: String(coverage?.[`oc${i}`] ?? '0'),
        },
      });
    }
  }
  return out;
}
