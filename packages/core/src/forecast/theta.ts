/**
 * The Theta method as benchmarked in M3/M4 (Hyndman & Billah's form): SES on the seasonally
 * adjusted series plus a drift of half the linear-regression slope, reseasonalized
 * multiplicatively. Error scale is SES's analytic one, σ²·(1 + (h − 1)α²).
 */
import { fitEts, forecastEts } from './ets.ts';
import { naiveForecast } from './naive.ts';
import { deseasonalize } from './seasonality.ts';
import { linearTrend } from './series-stats.ts';
import type { ModelForecast } from './types.ts';

/**
 * Theta forecast of a series with season period m (1 for none).
 * @example thetaForecast(monthly, 12, 18).model // 'Theta'
 */
export function thetaForecast(xs: readonly number[], m: number, horizon: number): ModelForecast {
  const ds = deseasonalize(xs, m);
  const fit = fitEts(ds.adjusted, { trend: 'N', seasonal: false, m: 1 });
  if (!fit) return { ...naiveForecast(xs, horizon), model: 'Theta' };
  const ses = forecastEts(fit, horizon);
  const b0 = linearTrend(ds.adjusted).slope / 2;
  const a = fit.alpha;
  const n = ds.adjusted.length;
  const drift = (h: number) => b0 * (h - 1 + 1 / a - (1 - a) ** n / a);
  return {
    model: 'Theta',
    mean: ses.mean.map((v, i) => (v + drift(i + 1)) * ds.indexAhead(i + 1)),
    sigma: ses.sigma.map((v, i) => v * ds.indexAhead(i + 1)),
  };
}
