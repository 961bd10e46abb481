/**
 * Time ranges: relative ranges resolved against a clock into absolute UTC ranges
 * (`start` inclusive, `end` exclusive), and the shifted range a comparison reads.
 * Pure date arithmetic in UTC; month arithmetic clamps to the month's last day, as SQL engines do.
 */
import type { CompareTo, TimeRange } from './types.ts';

/** An absolute range as ISO strings: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SSZ` when not midnight. */
export interface ResolvedRange {
  start: string;
  end: string;
}

/** How far a comparison range sits from the current one. */
export interface RangeShift {
  unit: 'month' | 'day';
  /** Negative: the comparison lies before. */
  amount: number;
}

const DAY_MS = 86_400_000;

function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** Adds months in UTC, clamping the day to the target month's length. */
export function addMonthsUtc(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      y,
      m,
      Math.min(d.getUTCDate(), last),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ),
  );
}

function addDaysUtc(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

function startOfMonth(d: Date, plusMonths = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + plusMonths, 1));
}

function startOfQuarter(d: Date, plusQuarters = 0): Date {
  const q = Math.floor(d.getUTCMonth() / 3);
  return new Date(Date.UTC(d.getUTCFullYear(), (q + plusQuarters) * 3, 1));
}

/** Formats a UTC instant as `YYYY-MM-DD` at midnight, otherwise as an ISO timestamp. */
export function formatInstant(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

/** Parses `YYYY-MM-DD` or an ISO timestamp as UTC; undefined when it is not one. */
export function parseInstant(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?)?$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s));
  if (date.getUTCMonth() !== +mo! - 1 || date.getUTCDate() !== +d!) return undefined;
  return date;
}

/**
 * Resolves a time range against `now`. Relative ranges include today: "last 30 days" is the 30
 * days ending with today; "last 3 months" is this month and the two before it.
 * @example resolveTimeRange({ relative: 'previous_month' }, new Date('2025-03-14')) // 2025-02-01 .. 2025-03-01
 */
export function resolveTimeRange(range: TimeRange, now: Date): { start: Date; end: Date } {
  const tomorrow = addDaysUtc(startOfDay(now), 1);
  if ('start' in range) {
    return { start: parseInstant(range.start)!, end: parseInstant(range.end)! };
  }
  switch (range.relative) {
    case 'last_n_days':
      return { start: addDaysUtc(tomorrow, -range.n), end: tomorrow };
    case 'last_n_months':
      return { start: startOfMonth(now, 1 - range.n), end: startOfMonth(now, 1) };
    case 'month_to_date':
      return { start: startOfMonth(now), end: tomorrow };
    case 'previous_month':
      return { start: startOfMonth(now, -1), end: startOfMonth(now) };
    case 'quarter_to_date':
      return { start: startOfQuarter(now), end: tomorrow };
    case 'previous_quarter':
      return { start: startOfQuarter(now, -1), end: startOfQuarter(now) };
    case 'year_to_date':
      return { start: new Date(Date.UTC(now.getUTCFullYear(), 0, 1)), end: tomorrow };
    case 'previous_year':
      return {
        start: new Date(Date.UTC(now.getUTCFullYear() - 1, 0, 1)),
        end: new Date(Date.UTC(now.getUTCFullYear(), 0, 1)),
      };
  }
}

const isMonthStart = (d: Date) => d.getUTCDate() === 1 && d.getTime() === startOfMonth(d).getTime();

/**
 * The shift from a range to the one it is compared with: month-aligned ranges move by whole
 * months (February is compared with January, not with 28 days before), others by whole days.
 */
export function comparisonShift(
  range: { start: Date; end: Date },
  compareTo: CompareTo,
): RangeShift {
  if (compareTo === 'same_period_last_year') return { unit: 'month', amount: -12 };
  if (isMonthStart(range.start) && isMonthStart(range.end)) {
    const months =
      (range.end.getUTCFullYear() - range.start.getUTCFullYear()) * 12 +
      range.end.getUTCMonth() -
      range.start.getUTCMonth();
    return { unit: 'month', amount: -months };
  }
  return {
    unit: 'day',
    amount: -Math.ceil((range.end.getTime() - range.start.getTime()) / DAY_MS),
  };
}

/** Applies a shift to a range. */
export function shiftRange(
  range: { start: Date; end: Date },
  shift: RangeShift,
): { start: Date; end: Date } {
  const move = (d: Date) =>
    shift.unit === 'month' ? addMonthsUtc(d, shift.amount) : addDaysUtc(d, shift.amount);
  return { start: move(range.start), end: move(range.end) };
}
