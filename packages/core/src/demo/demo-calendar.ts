/**
 * The demo's time axis: 13 calendar months ending on `endDate` (the last month is partial up to and
 * including `endDate`). Days are indexed from 0 at the first day of the first month. Pure dates in
 * UTC; no clock is read here — the caller passes `endDate`.
 */
import { CostLensError } from '../errors.ts';

export interface DemoMonth {
  /** `YYYY-MM-01`. */
  start: string;
  /** First day of the next month (exclusive end of the billing period). */
  end: string;
  firstDay: number;
  /** Last day index inside the window (inclusive). */
  lastDay: number;
  /** Whether the whole month lies inside the window (invoiced: tax and support are billed). */
  complete: boolean;
}

export interface DemoCalendar {
  startDate: string;
  endDate: string;
  /** ISO date of each day index. */
  days: readonly string[];
  months: readonly DemoMonth[];
}

const DAY_MS = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseIsoDate(value: string, field = 'endDate'): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${field} "${value}" is not a date in YYYY-MM-DD form.`,
      hint: 'Pass a calendar date such as 2026-11-28.',
      issues: [{ column: field, message: 'expected YYYY-MM-DD' }],
    });
  }
  return Date.parse(`${value}T00:00:00Z`);
}

/**
 * Builds the 13-month calendar ending on `endDate`.
 * @example demoCalendar('2026-11-28').months.length // 13
 */
export function demoCalendar(endDate: string, monthCount = 13): DemoCalendar {
  const endMs = parseIsoDate(endDate);
  const end = new Date(endMs);
  const startMs = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (monthCount - 1), 1);
  const days: string[] = [];
  for (let ms = startMs; ms <= endMs; ms += DAY_MS) days.push(isoDate(ms));
  const months: DemoMonth[] = [];
  for (let m = 0; m < monthCount; m++) {
    const s = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (monthCount - 1) + m, 1);
    const e = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (monthCount - 1) + m + 1, 1);
    const firstDay = Math.round((s - startMs) / DAY_MS);
    const lastDay = Math.min(Math.round((e - startMs) / DAY_MS) - 1, days.length - 1);
    months.push({
      start: isoDate(s),
      end: isoDate(e),
      firstDay,
      lastDay,
      complete: e - DAY_MS <= endMs,
    });
  }
  return { startDate: isoDate(startMs), endDate, days, months };
}

/** Day of week of a day index, 0 = Sunday. */
export function weekdayOf(cal: DemoCalendar, day: number): number {
  return new Date(`${cal.days[day]}T00:00:00Z`).getUTCDay();
}
