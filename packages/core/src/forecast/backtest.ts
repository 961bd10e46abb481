/**
 * Rolling-origin evaluation on the user's own series: cut the history at several origins, forecast
 * `horizon` steps from each, score against what happened, and compare with Naive2 (OWA). This is
 * what lets a forecast "prove itself": the same code scores a method on M4 data and on a team's
 * cost. Series too short for a fold are skipped for that fold, never padded.
 */
import { AccuracyTally, coverage, mase, owa, smape } from './accuracy.ts';
import { forecastSeries } from './forecast-series.ts';
import type { ForecastSeriesOptions } from './forecast-series.ts';

export interface BacktestOptions extends Omit<ForecastSeriesOptions, 'incompleteTail'> {
  /** Number of origins (default 3). */
  folds?: number;
  /** Steps between origins (default: the horizon, so test windows do not overlap). */
  step?: number;
  /** Shortest training history accepted (default 2 × horizon, at least 8). */
  minTrain?: number;
}

export interface BacktestScores {
  smape: number;
  mase: number;
  coverage80: number;
  coverage95: number;
}

export interface BacktestReport extends BacktestScores {
  method: string;
  horizon: number;
  folds: number;
  /** Forecasts scored (series × folds that fit). */
  forecasts: number;
  /** Overall weighted average against Naive2 (< 1 is better than Naive2). */
  owa: number;
  naive2: BacktestScores;
  /** Most frequent model chosen (e.g. what `auto` picked). */
  models: Record<string, number>;
}

/**
 * Backtests one method over many series.
 * @example backtest([{ values }], { horizon: 14, seasons: [7] }).owa // e.g. 0.83
 */
export function backtest(
  series: readonly { values: readonly number[]; dates?: readonly string[] }[],
  opts: BacktestOptions,
): BacktestReport {
  const folds = opts.folds ?? 3;
  const step = opts.step ?? opts.horizon;
  const minTrain = opts.minTrain ?? Math.max(8, 2 * opts.horizon);
  const m = Math.min(...(opts.seasons ?? []).filter((p) => p > 1), Infinity);
  const scaleLag = Number.isFinite(m) ? m : 1;
  const method = new AccuracyTally();
  const naive2 = new AccuracyTally();
  const models: Record<string, number> = {};
  for (const s of series) {
    for (let k = folds - 1; k >= 0; k--) {
      const cut = s.values.length - opts.horizon - k * step;
      if (cut < minTrain) continue;
      const train = s.values.slice(0, cut);
      const actual = s.values.slice(cut, cut + opts.horizon);
      const dates = s.dates?.slice(0, cut);
      for (const [tally, name] of [
        [method, opts.method ?? 'auto'],
        [naive2, 'naive2'],
      ] as const) {
        const f = forecastSeries(
          { values: train, ...(dates ? { dates } : {}) },
          { ...opts, method: name, incompleteTail: false },
        );
        if (tally === method) models[f.model] = (models[f.model] ?? 0) + 1;
        tally.add({
          smape: smape(actual, f.mean),
          mase: mase(train, actual, f.mean, scaleLag),
          coverage80: coverage(actual, f.lo80, f.hi80),
          coverage95: coverage(actual, f.lo95, f.hi95),
        });
      }
    }
  }
  const mine = method.summary();
  const ref = naive2.summary();
  return {
    method: opts.method ?? 'auto',
    horizon: opts.horizon,
    folds,
    forecasts: method.count,
    ...mine,
    owa: method.count === 0 ? Number.NaN : owa(mine, ref),
    naive2: ref,
    models,
  };
}
