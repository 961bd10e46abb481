/**
 * Combinations of simple models on the seasonally adjusted series: M4's "Comb" benchmark
 * (mean of SES, Holt and damped trend) and CostLens's default blend (SES, damped trend, Theta);
 * pooled over two fitting criteria by default (`twoCriteriaComb`); for several seasonal periods,
 * the mean of seasonal naive and MSTL (see `multiSeasonalComb`).
 * The combined error scale is the mean of the members' scales — slightly conservative, since
 * members' errors are positively but not perfectly correlated.
 */
import { fitEts, forecastEts } from './ets.ts';
import type { EtsFitOptions, EtsTrend } from './ets.ts';
import { mstlDecompose, mstlForecast } from './mstl.ts';
import { naiveForecast, seasonalNaiveForecast } from './naive.ts';
import { deseasonalize, isSeasonal } from './seasonality.ts';
import { linearTrend } from './series-stats.ts';
import type { ModelForecast } from './types.ts';

export type CombMember = 'ses' | 'holt' | 'damped' | 'theta';

const TREND_OF: Record<Exclude<CombMember, 'theta'>, EtsTrend> = {
  ses: 'N',
  holt: 'A',
  damped: 'Ad',
};

/**
 * Mean of the members' forecasts on the deseasonalized series, reseasonalized.
 * @example combForecast(xs, 12, 18).model // 'Comb(SES,Holt,Damped)'
 */
export function combForecast(
  xs: readonly number[],
  m: number,
  horizon: number,
  members: readonly CombMember[] = ['ses', 'holt', 'damped'],
  fitOptions: EtsFitOptions = {},
): ModelForecast {
  const ds = deseasonalize(xs, m);
  const parts: ModelForecast[] = [];
  let sesAlpha: number | undefined;
  let sesPath: ModelForecast | undefined;
  for (const member of members) {
    if (member === 'theta') continue;
    const fit = fitEts(ds.adjusted, { trend: TREND_OF[member], seasonal: false, m: 1 }, fitOptions);
    if (!fit) continue;
    const f = forecastEts(fit, horizon);
    if (member === 'ses') {
      sesAlpha = fit.alpha;
      sesPath = f;
    }
    parts.push(f);
  }
  if (members.includes('theta')) {
    const fit =
      sesAlpha === undefined
        ? fitEts(ds.adjusted, { trend: 'N', seasonal: false, m: 1 }, fitOptions)
        : undefined;
    const a = sesAlpha ?? fit?.alpha;
    const base = sesPath ?? (fit ? forecastEts(fit, horizon) : undefined);
    if (a !== undefined && base) parts.push(thetaFromSes(ds.adjusted, a, base));
  }
  const names = members.map((m) => (m === 'ses' ? 'SES' : m[0]!.toUpperCase() + m.slice(1)));
  if (parts.length === 0) return { ...naiveForecast(xs, horizon), model: `Comb(${names})` };
  const avg = (pick: (f: ModelForecast) => number[], i: number) =>
    parts.reduce((s, f) => s + (pick(f)[i] as number), 0) / parts.length;
  return {
    model: `Comb(${names.join(',')})`,
    mean: Array.from({ length: horizon }, (_, i) => avg((f) => f.mean, i) * ds.indexAhead(i + 1)),
    sigma: Array.from({ length: horizon }, (_, i) => avg((f) => f.sigma, i) * ds.indexAhead(i + 1)),
  };
}

/** Longest multi-step criterion used (as R's `ets(opt.crit = "amse")` caps `nmse`). */
const MAX_FIT_STEPS = 30;

/**
 * CostLens's default for one or no seasonal period: SES, damped trend and Theta, each fitted
 * twice, to one-step errors and to the mean squared error over the forecast horizon (up to 30
 * steps), and all six averaged. One-step fits follow the latest level quickly; horizon fits
 * smooth noise the one-step criterion chases. Pooling forecasts estimated with different loss
 * functions is cheaper and steadier than choosing between them: M4 Weekly subset OWA 0.918 →
 * 0.836, demo-like daily cost unchanged (bench/forecast.bench.ts).
 * @example twoCriteriaComb(daily, 7, 30).model // 'Comb(SES,Damped,Theta; 1 and 30-step fits)'
 */
export function twoCriteriaComb(xs: readonly number[], m: number, horizon: number): ModelForecast {
  const steps = Math.min(horizon, MAX_FIT_STEPS);
  if (steps < 2) return combForecast(xs, m, horizon, ['ses', 'damped', 'theta']);
  const ds = deseasonalize(xs, m);
  const parts: ModelForecast[] = [];
  for (const trend of ['N', 'Ad'] as const) {
    const spec = { trend, seasonal: false, m: 1 };
    const oneStep = fitEts(ds.adjusted, spec);
    if (!oneStep) continue;
    // The horizon fit starts where the one-step fit ended: fewer evaluations, same optimum class.
    const multi = fitEts(ds.adjusted, spec, { steps, from: oneStep });
    for (const fit of multi ? [oneStep, multi] : [oneStep]) {
      const f = forecastEts(fit, horizon);
      parts.push(f);
      if (trend === 'N') parts.push(thetaFromSes(ds.adjusted, fit.alpha, f));
    }
  }
  if (parts.length === 0) return { ...naiveForecast(xs, horizon), model: 'Comb(SES,Damped,Theta)' };
  const blend = meanForecast(parts);
  return {
    model: `Comb(SES,Damped,Theta; 1 and ${steps}-step fits)`,
    mean: blend.mean.map((v, i) => v * ds.indexAhead(i + 1)),
    sigma: blend.sigma.map((v, i) => v * ds.indexAhead(i + 1)),
  };
}

/** Theta from an SES path: drift of half the regression slope (Hyndman & Billah's form). */
function thetaFromSes(adjusted: readonly number[], a: number, ses: ModelForecast): ModelForecast {
  const b0 = linearTrend(adjusted).slope / 2;
  const n = adjusted.length;
  return {
    model: 'Theta',
    mean: ses.mean.map((v, i) => v + b0 * (i + 1 / a - (1 - a) ** n / a)),
    sigma: ses.sigma,
  };
}

/**
 * Several seasonal periods (hourly: 24 and 168): the mean of MSTL and seasonal naive on the
 * shortest period (applied to the series less the longer components, which are added back).
 * Each fails differently: seasonal naive copies yesterday's noise, while MSTL averages the daily
 * shape over past cycles and lags when it drifts. A longer period is modelled only when its
 * autocorrelation test passes on the lag-`shortest` differences: a wandering daily level hides
 * a real weekly cycle from a test on the series itself, and a weekly component estimated from
 * the four weeks a history holds, when there is none, adds noise to every forecast.
 * @example multiSeasonalComb(hourly, [24, 168], 48).model // 'Comb(SeasonalNaive(24),MSTL(24,168)+…)'
 */
export function multiSeasonalComb(
  xs: readonly number[],
  periods: readonly number[],
  horizon: number,
): ModelForecast {
  const shortest = Math.min(...periods);
  const n = xs.length;
  const diffs = xs.slice(shortest).map((v, t) => v - (xs[t] as number));
  const kept = periods.filter((p) => p === shortest || isSeasonal(diffs, p));
  const { components } = mstlDecompose(xs, kept);
  const longer = [...components].filter(([p]) => p !== shortest);
  const season = (t: number) => longer.reduce((s, [p, c]) => s + (c[t % p] as number), 0);
  const sn = seasonalNaiveForecast(
    xs.map((v, t) => v - season(t)),
    shortest,
    horizon,
  );
  return meanForecast([
    { ...sn, mean: sn.mean.map((v, i) => v + season(n + i)) },
    mstlForecast(xs, kept, horizon),
  ]);
}

/** Mean of whole forecasts: paths, and error scales as the mean of the members' scales. */
export function meanForecast(parts: readonly ModelForecast[]): ModelForecast {
  const horizon = parts[0]?.mean.length ?? 0;
  const avg = (pick: (f: ModelForecast) => number[], i: number) =>
    parts.reduce((s, f) => s + (pick(f)[i] as number), 0) / parts.length;
  return {
    model: `Comb(${parts.map((p) => p.model).join(',')})`,
    mean: Array.from({ length: horizon }, (_, i) => avg((f) => f.mean, i)),
    sigma: Array.from({ length: horizon }, (_, i) => avg((f) => f.sigma, i)),
  };
}
