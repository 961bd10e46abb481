/**
 * Combinations of simple models on the seasonally adjusted series: M4's "Comb" benchmark
 * (mean of SES, Holt and damped trend) and CostLens's default blend (SES, damped trend, Theta).
 * The combined error scale is the mean of the members' scales — slightly conservative, since
 * members' errors are positively but not perfectly correlated.
 */
import { fitEts, forecastEts } from './ets.ts';
import type { EtsTrend } from './ets.ts';
import { naiveForecast } from './naive.ts';
import { deseasonalize } from './seasonality.ts';
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
): ModelForecast {
  const ds = deseasonalize(xs, m);
  const parts: ModelForecast[] = [];
  let sesAlpha: number | undefined;
  let sesPath: ModelForecast | undefined;
  for (const member of members) {
    if (member === 'theta') continue;
    const fit = fitEts(ds.adjusted, { trend: TREND_OF[member], seasonal: false, m: 1 });
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
        ? fitEts(ds.adjusted, { trend: 'N', seasonal: false, m: 1 })
        : undefined;
    const a = sesAlpha ?? fit?.alpha;
    const base = sesPath ?? (fit ? forecastEts(fit, horizon) : undefined);
    if (a !== undefined && base) {
      const b0 = linearTrend(ds.adjusted).slope / 2;
      const n = ds.adjusted.length;
      parts.push({
        model: 'Theta',
        mean: base.mean.map((v, i) => v + b0 * (i + 1 / a - (1 - a) ** n / a)),
        sigma: base.sigma,
      });
    }
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
