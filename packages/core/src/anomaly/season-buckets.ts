/**
 * Seasonal buckets for a series, chosen from its timestamps alone (one rule for every series):
 * daily-or-coarser data cycles by day of week; hourly data by hour of week; finer data by hour of
 * day (a week of 5-minute points would take too long to learn). Month-position classes mark the
 * first two and last three days of a month for daily data, where fees and true-ups land. Holiday
 * flags mark the days of a calendar the caller passes (none by default: generic series have no
 * business calendar). All UTC.
 */
import { CostLensError } from '../errors.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface SeasonBuckets {
  /** Bucket per point, in [0, bucketCount). */
  bucket: Int32Array;
  bucketCount: number;
  /** Points in one full cycle (the warm-up is two cycles). */
  cyclePoints: number;
  /**
   * 0 = ordinary; 1 and 2 = first and second day of the month; 3, 4, 5 = last, second-to-last and
   * third-to-last day (daily data only): where fees, true-ups and month-end batches land.
   */
  monthPosition: Uint8Array;
  /** Median spacing between points in milliseconds. */
  spacingMs: number;
  /** 1 = the point falls on a calendar holiday (see `holidays`), 0 otherwise. */
  holiday: Uint8Array;
}

/**
 * The default business calendar for cost monitors: the year-end holidays (24 December to
 * 1 January), when most companies' staff, CI and batch work pause and spend dips. A setting
 * (the alerting settings' `holidays`, `costlens anomalies detect --holidays`), not a rule: add
 * local holidays, or pass [] to treat every day alike.
 */
export const DEFAULT_HOLIDAYS: readonly string[] = Object.freeze(['12-24..01-01']);

const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const FULL_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A test for "is this ISO day a holiday" from calendar entries: `MM-DD` (every year), `YYYY-MM-DD`
 * (once), or a range `A..B` of either kind (`12-24..01-01` wraps the year end).
 * @example holidayTest(['12-24..01-01', '2026-11-26'])('2026-12-31') // true
 */
export function holidayTest(entries: readonly string[]): (isoDay: string) => boolean {
  const checks = entries.map((entry) => {
    const [from, to = from] = entry.split('..').map((x) => x.trim());
    const valid = (x: string | undefined) =>
      x !== undefined && (MONTH_DAY.test(x) || FULL_DAY.test(x));
    if (!valid(from) || !valid(to) || MONTH_DAY.test(from!) !== MONTH_DAY.test(to!)) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `holiday "${entry}" is not a day (MM-DD or YYYY-MM-DD) or a range of two such days`,
        hint: 'Write e.g. "12-25", "2026-11-26" or "12-24..01-01" (the alerting settings\' "holidays", or --holidays).',
      });
    }
    if (FULL_DAY.test(from!)) return (d: string) => d >= from! && d <= to!;
    return from! <= to!
      ? (d: string) => d.slice(5) >= from! && d.slice(5) <= to!
      : (d: string) => d.slice(5) >= from! || d.slice(5) <= to!;
  });
  return (d) => checks.some((c) => c(d));
}

/** Median spacing of sorted epoch-ms timestamps (0 for fewer than two points). */
export function medianSpacingMs(timesMs: Float64Array): number {
  const n = timesMs.length;
  if (n < 2) return 0;
  const gaps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) gaps[i - 1] = timesMs[i]! - timesMs[i - 1]!;
  gaps.sort();
  return gaps[(gaps.length - 1) >> 1]!;
}

/** The month-position class of a day (days since the epoch). */
export function monthPositionOf(dayIndex: number): number {
  const date = new Date(dayIndex * DAY_MS);
  const dom = date.getUTCDate();
  if (dom <= 2) return dom;
  const daysInMonth = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0),
  ).getUTCDate();
  const fromEnd = daysInMonth - dom;
  return fromEnd <= 2 ? 3 + fromEnd : 0;
}

/**
 * Buckets points by their position in the seasonal cycle.
 * @example seasonBuckets(Float64Array.from(days.map(Date.parse))).bucketCount // 7 for daily data
 */
export function seasonBuckets(
  timesMs: Float64Array,
  opts: { holidays?: readonly string[] } = {},
): SeasonBuckets {
  const n = timesMs.length;
  const isHoliday = opts.holidays?.length ? holidayTest(opts.holidays) : null;
  const holiday = new Uint8Array(n);
  const spacingMs = medianSpacingMs(timesMs);
  const bucket = new Int32Array(n);
  const monthPosition = new Uint8Array(n);
  const daily = spacingMs >= 20 * HOUR_MS || n < 2;
  const hourly = !daily && spacingMs >= 50 * 60_000;
  for (let i = 0; i < n; i++) {
    const t = timesMs[i]!;
    // 1970-01-01 was a Thursday: shift so Monday = 0.
    const dayIndex = Math.floor(t / DAY_MS);
    const dow = (dayIndex + 3) % 7;
    const hour = Math.floor((t - dayIndex * DAY_MS) / HOUR_MS);
    if (isHoliday?.(new Date(dayIndex * DAY_MS).toISOString().slice(0, 10))) holiday[i] = 1;
    if (daily) {
      bucket[i] = dow;
      monthPosition[i] = monthPositionOf(dayIndex);
    } else if (hourly) {
      bucket[i] = dow * 24 + hour;
    } else {
      bucket[i] = hour;
    }
  }
  const bucketCount = daily ? 7 : hourly ? 168 : 24;
  const cyclePoints = daily
    ? 7
    : hourly
      ? Math.round((7 * DAY_MS) / spacingMs)
      : Math.round(DAY_MS / Math.max(spacingMs, 1));
  return { bucket, bucketCount, cyclePoints, monthPosition, spacingMs, holiday };
}
