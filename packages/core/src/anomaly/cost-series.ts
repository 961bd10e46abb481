/**
 * A monitor's daily cost series from `focus_cost`: one value per UTC day of the charge period
 * start, from the first to the last day with any data (days without rows are zero — a series that
 * stops is a drop). Exact decimal strings kept beside the float copy the detector scores.
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { Monitor } from './monitors.ts';
import { metricSql, scopeSql, SqlParams } from './scope-sql.ts';

const DAY_MS = 86_400_000;

export interface DailySeries {
  /** ISO dates, consecutive. */
  days: string[];
  timesMs: Float64Array;
  values: Float64Array;
  /** Exact per-day totals. */
  exact: string[];
}

/** The data's day range (shared by every monitor), or null when nothing is stored. */
export async function dataDayRange(wh: Warehouse): Promise<{ first: string; last: string } | null> {
  const [r] = await wh.query<{ first: string | null; last: string | null }>(
    `SELECT min("ChargePeriodStart")::DATE::VARCHAR AS first, max("ChargePeriodStart")::DATE::VARCHAR AS last FROM ${COST_TABLE}`,
  );
  return r?.first && r.last ? { first: r.first, last: r.last } : null;
}

/** Consecutive ISO days from `first` to `last` inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (
    let t = Date.parse(`${first}T00:00:00Z`);
    t <= Date.parse(`${last}T00:00:00Z`);
    t += DAY_MS
  ) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * Reads a monitor's daily series over `range`.
 * @example const s = await dailySeries(wh, monitor, await dataDayRange(wh));
 */
export async function dailySeries(
  wh: Warehouse,
  monitor: Pick<Monitor, 'metric' | 'filters'>,
  range: { first: string; last: string },
): Promise<DailySeries> {
  const params = new SqlParams();
  const where = scopeSql(monitor.filters, params);
  const rows = await wh.query<{ day: string; v: string }>(
    `SELECT "ChargePeriodStart"::DATE::VARCHAR AS day, coalesce(sum(${metricSql(monitor.metric)}), 0)::VARCHAR AS v
     FROM ${COST_TABLE}
     WHERE ${where} AND "ChargePeriodStart" >= ${params.add(range.first)}::DATE
       AND "ChargePeriodStart" < ${params.add(range.last)}::DATE + INTERVAL 1 DAY
     GROUP BY 1`,
    params.values,
  );
  const byDay = new Map(rows.map((r) => [r.day, r.v]));
  const days = daysBetween(range.first, range.last);
  const exact = days.map((d) => byDay.get(d) ?? '0');
  return {
    days,
    timesMs: Float64Array.from(days, (d) => Date.parse(`${d}T00:00:00Z`)),
    values: Float64Array.from(exact, (v) => Number(v)),
    exact,
  };
}

/**
 * Reads many monitors' daily series in one scan per chunk of monitors (a conditional sum per
 * monitor), instead of one query each: detection over hundreds of monitors stays one pass.
 */
export async function dailySeriesBatch(
  wh: Warehouse,
  monitors: readonly Pick<Monitor, 'metric' | 'filters'>[],
  range: { first: string; last: string },
  chunkSize = 150,
): Promise<DailySeries[]> {
  const days = daysBetween(range.first, range.last);
  const index = new Map(days.map((d, i) => [d, i]));
  const timesMs = Float64Array.from(days, (d) => Date.parse(`${d}T00:00:00Z`));
  const out: DailySeries[] = [];
  for (let c = 0; c < monitors.length; c += chunkSize) {
    const chunk = monitors.slice(c, c + chunkSize);
    const params = new SqlParams();
    const sums = chunk.map(
      (m, i) =>
        `coalesce(sum(${metricSql(m.metric)}) FILTER (WHERE ${scopeSql(m.filters, params)}), 0)::VARCHAR AS s${i}`,
    );
    const rows = await wh.query<Record<string, string>>(
      `SELECT "ChargePeriodStart"::DATE::VARCHAR AS day, ${sums.join(', ')}
       FROM ${COST_TABLE}
       WHERE "ChargePeriodStart" >= ${params.add(range.first)}::DATE
         AND "ChargePeriodStart" < ${params.add(range.last)}::DATE + INTERVAL 1 DAY
       GROUP BY 1`,
      params.values,
    );
    for (let i = 0; i < chunk.length; i++) {
      const exact = days.map(() => '0');
      for (const r of rows) {
        const at = index.get(r['day']!);
        if (at !== undefined) exact[at] = r[`s${i}`] ?? '0';
      }
      out.push({ days, timesMs, values: Float64Array.from(exact, (v) => Number(v)), exact });
    }
  }
  return out;
}
