/**
 * The overview's arithmetic over query results: which month is the latest complete one, its
 * month-over-month and year-over-year change, the top movers and the unallocated share.
 * Pure: rows in, view model out; money stays decimal text, ratios are numbers for display.
 */
import type { SemanticResult } from '@costlens/core';
import { changeRatio } from './format.ts';

export interface MonthPoint {
  /** `YYYY-MM-01` */
  period: string;
  cost: string;
}

export interface MonthSummary {
  series: MonthPoint[];
  /** The latest complete month (the current calendar month, if present, is month-to-date). */
  reference: MonthPoint | null;
  /** The current calendar month so far, when the data reaches it. */
  monthToDate: MonthPoint | null;
  mom: number | null;
  yoy: number | null;
}

const str = (v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

/** Reads a `{ metric, grain: 'month' }` result into a month summary. */
export function summarizeMonths(result: SemanticResult, metric: string, today: Date): MonthSummary {
  const series = result.rows
    .map((r) => ({ period: String(r['period'] ?? '').slice(0, 10), cost: str(r[metric]) ?? '0' }))
    .filter((p) => p.period)
    .sort((a, b) => a.period.localeCompare(b.period));
  const thisMonth = `${today.toISOString().slice(0, 7)}-01`;
  const last = series.at(-1);
  const monthToDate = last && last.period === thisMonth ? last : null;
  const complete = monthToDate ? series.slice(0, -1) : series;
  const reference = complete.at(-1) ?? null;
  const byPeriod = new Map(series.map((p) => [p.period, p.cost]));
  const shift = (period: string, months: number) => {
    const d = new Date(`${period}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + months);
    return d.toISOString().slice(0, 10);
  };
  return {
    series,
    reference,
    monthToDate,
    mom: reference
      ? changeRatio(reference.cost, byPeriod.get(shift(reference.period, -1)) ?? null)
      : null,
    yoy: reference
      ? changeRatio(reference.cost, byPeriod.get(shift(reference.period, -12)) ?? null)
      : null,
  };
}

/** The first day of the month after `period` (`YYYY-MM-01`). */
export function nextMonth(period: string): string {
  const d = new Date(`${period.slice(0, 10)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

export interface Mover {
  name: string;
  current: string;
  previous: string | null;
  delta: string;
}

/** Groups of a `compareTo: previous_period` result ordered by the size of their change. */
export function topMovers(
  result: SemanticResult,
  dimension: string,
  metric: string,
  n = 5,
): Mover[] {
  return result.rows
    .filter((r) => r[dimension] !== 'Other')
    .map((r) => ({
      name: r[dimension] === null ? '(none)' : String(r[dimension]),
      current: str(r[metric]) ?? '0',
      previous: str(r[`${metric}_previous`]),
      delta: str(r[`${metric}_delta`]) ?? '0',
    }))
    .sort((a, b) => Math.abs(Number(b.delta)) - Math.abs(Number(a.delta)))
    .slice(0, n);
}

/** Unallocated cost as a share of the total (null when the total is zero). */
export function shareOf(part: string | null, total: string | null): number | null {
  if (part === null || total === null || Number(total) === 0) return null;
  return Number(part) / Number(total);
}

/** A month's projection as the forecast API returns it (`months` of /api/forecast). */
export interface MonthProjection {
  start: string;
  projected: string;
  lo80: string;
  hi80: string;
  lo95: string;
  hi95: string;
}

export interface MonthChartModel {
  /** `YYYY-MM` categories: every actual month, then the forecast-only months after them. */
  categories: string[];
  /** Actual cost per category (null for forecast-only months). */
  actual: (number | null)[];
  /** Projected total per category (null before the forecast starts). */
  forecast: (number | null)[];
  lo80: (number | null)[];
  hi80: (number | null)[];
  lo95: (number | null)[];
  hi95: (number | null)[];
}

/**
 * Lines the monthly actuals up with the monthly projections: the month in progress carries both
 * its cost so far and its projected total; later months only the projection. (Projections start
 * at the month after the last complete day of data, so they never cover a finished month.)
 */
export function monthChartModel(
  summary: MonthSummary,
  months: readonly MonthProjection[],
): MonthChartModel {
  const proj = new Map(months.map((m) => [m.start.slice(0, 7), m]));
  const categories = [
    ...new Set([...summary.series.map((p) => p.period.slice(0, 7)), ...proj.keys()]),
  ].sort();
  const cost = new Map(summary.series.map((p) => [p.period.slice(0, 7), Number(p.cost)]));
  const pick = (f: (m: MonthProjection) => string) =>
    categories.map((c) => {
      const m = proj.get(c);
      return m ? Number(f(m)) : null;
    });
  return {
    categories,
    actual: categories.map((c) => cost.get(c) ?? null),
    forecast: pick((m) => m.projected),
    lo80: pick((m) => m.lo80),
    hi80: pick((m) => m.hi80),
    lo95: pick((m) => m.lo95),
    hi95: pick((m) => m.hi95),
  };
}
