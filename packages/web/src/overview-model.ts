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
