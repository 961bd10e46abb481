/**
 * One series in, a forecast with 80/95 % intervals out — the entry point every surface uses.
 * It handles the awkward parts of real cost series before any model sees them: incomplete last
 * days, month-end spikes, level shifts, too-short histories and intermittent zeros; each
 * adjustment is reported in `adjustments` so a reader can see why the forecast looks as it does.
 * Not here: calendars beyond day-of-month, slicing (forecast-query.ts), money (float estimates).
 */
import { CostLensError } from '../errors.ts';
import { combForecast, multiSeasonalComb, twoCriteriaComb } from './combination.ts';
import { dayClassOf, findDayOfMonthEffects, removeDayOfMonthEffects } from './day-of-month.ts';
import { autoEts, fitEts, forecastEts } from './ets.ts';
import type { EtsTrend } from './ets.ts';
import { countIncompleteTail } from './incomplete-tail.ts';
import { tsbForecast, zeroShare } from './intermittent.ts';
import { toBand } from './intervals.ts';
import { findLastLevelShift } from './level-shift.ts';
import { mstlForecast } from './mstl.ts';
import { naive2Forecast, naiveForecast, seasonalNaiveForecast } from './naive.ts';
import { deseasonalize } from './seasonality.ts';
import { mean, stdev } from './series-stats.ts';
import { thetaForecast } from './theta.ts';
import type { ForecastBand, ForecastMethod, ModelForecast } from './types.ts';

export interface ForecastSeriesOptions {
  /** Steps ahead (after the last complete point). */
  horizon: number;
  /** Seasonal periods in steps, e.g. [7] for daily, [24, 168] for hourly. Default none. */
  seasons?: readonly number[];
  method?: ForecastMethod;
  /** Drop incomplete trailing points: `auto` detects up to 3, a number drops exactly that many. */
  incompleteTail?: 'auto' | number | false;
  /** Fit after (or level-adjust across) the last level shift. Default true. */
  levelShifts?: boolean;
  /** Model day-of-month spikes (daily series with dates only). Default true. */
  dayOfMonth?: boolean;
  /** Clip the band at zero; `auto` (default) when the history is never negative. */
  nonNegative?: boolean | 'auto';
}

export interface SeriesForecast extends ForecastBand {
  model: string;
  /**
   * Trailing points judged incomplete and dropped; the returned arrays start at the first of
   * them, so they hold `horizon + droppedTail` steps.
   */
  droppedTail: number;
  /** What was done to the history before fitting, in words. */
  adjustments: string[];
}

const MIN_FIT = 4;

/**
 * Forecasts one evenly spaced series (oldest first). `dates` (ISO, one per value) enable
 * day-of-month effects for daily data.
 * @example forecastSeries({ values }, { horizon: 14, seasons: [7] }).mean.length // 14
 */
export function forecastSeries(
  input: { values: readonly number[]; dates?: readonly string[] },
  opts: ForecastSeriesOptions,
): SeriesForecast {
  const { values } = input;
  if (!Number.isInteger(opts.horizon) || opts.horizon < 1) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `horizon must be a positive whole number of steps, got ${opts.horizon}`,
    });
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (values.length === 0 || bad >= 0) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message:
        values.length === 0
          ? 'cannot forecast an empty series'
          : `series value at position ${bad + 1} is not a finite number`,
    });
  }
  const adjustments: string[] = [];
  const nonNegative =
    opts.nonNegative === 'auto' || opts.nonNegative === undefined
      ? values.every((v) => v >= 0)
      : opts.nonNegative;

  // 1. incomplete trailing points
  let y = [...values];
  let dates = input.dates && input.dates.length === values.length ? [...input.dates] : undefined;
  const dropped =
    opts.incompleteTail === 'auto'
      ? countIncompleteTail(y)
      : typeof opts.incompleteTail === 'number'
        ? Math.min(opts.incompleteTail, Math.max(0, y.length - 1))
        : 0;
  if (dropped > 0) {
    y = y.slice(0, -dropped);
    dates = dates?.slice(0, -dropped);
    adjustments.push(
      `dropped the last ${dropped} point(s) as incomplete (billing data still arriving); forecast covers them`,
    );
  }
  const horizon = opts.horizon + dropped;

  // 2. day-of-month spikes
  const daily = dates !== undefined && isDaily(dates);
  const effects =
    opts.dayOfMonth !== false && daily && dates ? findDayOfMonthEffects(y, dates) : [];
  if (effects.length > 0 && dates) {
    y = removeDayOfMonthEffects(y, dates, effects);
    adjustments.push(
      `day-of-month spikes modelled separately: ${effects.map((e) => `${e.dayClass === 'last' ? 'last day' : `day ${e.dayClass}`} +${e.excess.toFixed(2)}`).join(', ')}`,
    );
  }

  // 3. too short for the season?
  const seasons = (opts.seasons ?? []).filter((p) => p > 1);
  const usable = seasons.filter((p) => y.length >= 3 * p);
  for (const p of seasons.filter((p) => !usable.includes(p))) {
    adjustments.push(`history shorter than three cycles of ${p}: that seasonality is not modelled`);
  }

  // 4. level shifts
  if (opts.levelShifts !== false) y = handleLevelShift(y, usable, adjustments);

  // 5. model
  const f = runMethod(y, opts.method ?? 'auto', usable, horizon, adjustments);

  // 6. put day-of-month spikes back
  if (effects.length > 0 && dates) {
    const last = Date.parse(`${(dates.at(-1) as string).slice(0, 10)}T00:00:00Z`);
    const byClass = new Map(effects.map((e) => [e.dayClass, e]));
    for (let i = 0; i < horizon; i++) {
      const d = new Date(last + (i + 1) * 86_400_000).toISOString().slice(0, 10);
      const e = byClass.get(dayClassOf(d));
      if (!e) continue;
      f.mean[i] = (f.mean[i] as number) + e.excess;
      f.sigma[i] = Math.hypot(f.sigma[i] as number, e.spread);
    }
  }
  return { model: f.model, ...toBand(f, { nonNegative }), droppedTail: dropped, adjustments };
}

function runMethod(
  y: readonly number[],
  method: ForecastMethod,
  seasons: readonly number[],
  horizon: number,
  adjustments: string[],
): ModelForecast {
  const m = seasons.length > 0 ? Math.min(...seasons) : 1;
  if (y.length < MIN_FIT && method !== 'naive' && method !== 'snaive') {
    adjustments.push(`only ${y.length} point(s): forecast is their mean with a wide band`);
    const mu = mean(y);
    const s = y.length >= 2 ? stdev(y) : 0.25 * Math.abs(mu);
    return { model: 'Mean', mean: Array(horizon).fill(mu), sigma: Array(horizon).fill(s * 1.5) };
  }
  switch (method) {
    case 'naive':
      return naiveForecast(y, horizon);
    case 'snaive':
      return seasonalNaiveForecast(y, m, horizon);
    case 'naive2':
      return naive2Forecast(y, m, horizon);
    case 'ses':
    case 'holt':
    case 'damped':
      return adjustedEts(y, m, horizon, method === 'ses' ? 'N' : method === 'holt' ? 'A' : 'Ad');
    case 'ets':
      return autoEts(y, { m, horizon });
    case 'theta':
      return thetaForecast(y, m, horizon);
    case 'comb':
      return combForecast(y, m, horizon);
    case 'mstl':
      return mstlForecast(y, seasons, horizon);
    case 'tsb':
      return tsbForecast(y, horizon);
    case 'auto':
      if (zeroShare(y) >= 0.3 && y.every((v) => v >= 0)) {
        adjustments.push(`${Math.round(zeroShare(y) * 100)} % zeros: intermittent model (TSB)`);
        return tsbForecast(y, horizon);
      }
      if (seasons.length > 1) return multiSeasonalComb(y, seasons, horizon);
      return twoCriteriaComb(y, m, horizon);
  }
}

/** SES / Holt / damped on the seasonally adjusted series (as M4 benchmarks them). */
function adjustedEts(y: readonly number[], m: number, horizon: number, trend: EtsTrend) {
  const ds = deseasonalize(y, m);
  const fit = fitEts(ds.adjusted, { trend, seasonal: false, m: 1 });
  if (!fit) return naiveForecast(y, horizon);
  const f = forecastEts(fit, horizon);
  const name = trend === 'N' ? 'SES' : trend === 'A' ? 'Holt' : 'Damped';
  return {
    model: ds.indices ? `${name}(seasonally adjusted ${m})` : name,
    mean: f.mean.map((v, i) => v * ds.indexAhead(i + 1)),
    sigma: f.sigma.map((v, i) => v * ds.indexAhead(i + 1)),
  };
}

function handleLevelShift(y: number[], seasons: readonly number[], adjustments: string[]) {
  const window = seasons.find((p) => p >= 4 && 6 * p <= y.length) ?? Math.min(7, y.length / 6);
  if (window < 3) return y;
  const shift = findLastLevelShift(y, { window });
  if (!shift) return y;
  const after = y.length - shift.index;
  const needed = Math.max(2 * (seasons[0] ?? 1) + 2, 14);
  const dir = shift.delta > 0 ? 'up' : 'down';
  if (after >= needed) {
    adjustments.push(
      `level shift ${dir} by ${Math.abs(shift.delta).toFixed(2)} at point ${shift.index + 1}: fitted on the ${after} points since`,
    );
    return y.slice(shift.index);
  }
  adjustments.push(
    `level shift ${dir} by ${Math.abs(shift.delta).toFixed(2)} at point ${shift.index + 1}: earlier history moved to the new level`,
  );
  return y.map((v, t) => (t < shift.index ? v + shift.delta : v));
}

function isDaily(dates: readonly string[]): boolean {
  if (dates.length < 2) return false;
  const a = Date.parse(dates[0] as string);
  const b = Date.parse(dates[1] as string);
  return b - a === 86_400_000;
}
