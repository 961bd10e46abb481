/**
 * End-of-period projections: actual to date (exact decimal) plus the forecast for the rest of
 * the month, quarter or year. The remainder's band is the sum of the daily bands — conservative,
 * as if each day's error moved together (level errors do; daily noise partly cancels).
 */
import { addDec, fromNumber } from '../anomaly/decimal.ts';
import type { ForecastPoint } from './forecast-query.ts';

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface PeriodProjection {
  period: PeriodKind;
  /** First day of the period (ISO date). */
  start: string;
  /** Day after the period (exclusive, ISO date). */
  end: string;
  /** Exact sum of complete actual days in the period up to `asOf`. */
  actualToDate: string;
  /** Forecast for the remaining days (rounded to cents). */
  forecastRemainder: string;
  /** actualToDate + forecastRemainder. */
  projected: string;
  lo80: string;
  hi80: string;
  lo95: string;
  hi95: string;
}

/** The [start, end) of the period containing an ISO date. */
export function periodBounds(date: string, period: PeriodKind): { start: string; end: string } {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1;
  const first = period === 'month' ? m : period === 'quarter' ? m - (m % 3) : 0;
  const len = period === 'month' ? 1 : period === 'quarter' ? 3 : 12;
  const iso = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 1)).toISOString().slice(0, 10);
  return { start: iso(y, first), end: iso(y, first + len) };
}

/** Adds days to an ISO date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/**
 * Projects the period that contains the day after `asOf`.
 * @param actual daily actuals (ISO date → exact decimal) up to and including asOf
 * @param forecast daily forecast rows starting the day after asOf
 */
export function projectPeriod(
  period: PeriodKind,
  asOf: string,
  actual: ReadonlyMap<string, string>,
  forecast: readonly ForecastPoint[],
): PeriodProjection {
  const { start, end } = periodBounds(addDays(asOf, 1), period);
  return projectWindow(period, start, end, asOf, actual, forecast);
}

/**
 * Every calendar month from the one containing the day after `asOf` through the last month the
 * forecast covers completely: the months the overview chart extends into. The first one mixes
 * actuals to date with forecast; later ones are forecast only. Bands add the daily bounds, the
 * same (conservative) rule as the period projections.
 */
export function projectMonths(
  asOf: string,
  actual: ReadonlyMap<string, string>,
  forecast: readonly ForecastPoint[],
): PeriodProjection[] {
  const lastDay = forecast.at(-1)?.date;
  if (!lastDay) return [];
  const out: PeriodProjection[] = [];
  for (
    let { start, end } = periodBounds(addDays(asOf, 1), 'month');
    addDays(end, -1) <= lastDay;
    { start, end } = periodBounds(end, 'month')
  ) {
    out.push(projectWindow('month', start, end, asOf, actual, forecast));
  }
  return out;
}

function projectWindow(
  period: PeriodKind,
  start: string,
  end: string,
  asOf: string,
  actual: ReadonlyMap<string, string>,
  forecast: readonly ForecastPoint[],
): PeriodProjection {
  let actualToDate = '0';
  for (const [d, v] of actual) if (d >= start && d <= asOf) actualToDate = addDec(actualToDate, v);
  const rest = { mean: 0, lo80: 0, hi80: 0, lo95: 0, hi95: 0 };
  for (const f of forecast) {
    if (f.date < start || f.date >= end) continue;
    rest.mean += f.mean;
    rest.lo80 += f.lo80;
    rest.hi80 += f.hi80;
    rest.lo95 += f.lo95;
    rest.hi95 += f.hi95;
  }
  const plus = (x: number) => addDec(actualToDate, fromNumber(x));
  return {
    period,
    start,
    end,
    actualToDate,
    forecastRemainder: fromNumber(rest.mean),
    projected: plus(rest.mean),
    lo80: plus(rest.lo80),
    hi80: plus(rest.hi80),
    lo95: plus(rest.lo95),
    hi95: plus(rest.hi95),
  };
}
