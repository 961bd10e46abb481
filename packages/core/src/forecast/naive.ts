/**
 * The naive family: naive (last value), seasonal naive (same point last cycle) and Naive2 (M4's
 * reference: naive on the seasonally adjusted series, season put back). Naive2 is what OWA is
 * measured against; its error scale comes from one-step naive residuals, growing with √h.
 */
import { deseasonalize } from './seasonality.ts';
import { stdev } from './series-stats.ts';
import type { ModelForecast } from './types.ts';

/** Last value carried forward; σ_h = σ₁·√h from one-step differences. */
export function naiveForecast(xs: readonly number[], horizon: number): ModelForecast {
  const last = xs.at(-1) ?? 0;
  const s = residualSd(xs, 1);
  return {
    model: 'Naive',
    mean: new Array<number>(horizon).fill(last),
    sigma: steps(horizon).map((h) => s * Math.sqrt(h)),
  };
}

/**
 * Repeats the last full cycle; σ_h = σ·√(⌊(h−1)/m⌋+1). Falls back to naive when n < m.
 * @example seasonalNaiveForecast([1, 2, 3, 1, 2, 3], 3, 4).mean // [1, 2, 3, 1]
 */
export function seasonalNaiveForecast(
  xs: readonly number[],
  m: number,
  horizon: number,
): ModelForecast {
  const n = xs.length;
  if (m <= 1 || n < m) return naiveForecast(xs, horizon);
  const s = residualSd(xs, m);
  return {
    model: `SeasonalNaive(${m})`,
    mean: steps(horizon).map((h) => xs[n - m + ((h - 1) % m)] as number),
    sigma: steps(horizon).map((h) => s * Math.sqrt(Math.floor((h - 1) / m) + 1)),
  };
}

/** M4's Naive2: naive on the seasonally adjusted series (90 % ACF test), reseasonalized. */
export function naive2Forecast(xs: readonly number[], m: number, horizon: number): ModelForecast {
  const ds = deseasonalize(xs, m);
  const base = naiveForecast(ds.adjusted, horizon);
  return {
    model: 'Naive2',
    mean: base.mean.map((v, i) => v * ds.indexAhead(i + 1)),
    sigma: base.sigma.map((v, i) => v * ds.indexAhead(i + 1)),
  };
}

/** Sample sd of lag-`lag` differences (0 when there are none). */
function residualSd(xs: readonly number[], lag: number): number {
  const d: number[] = [];
  for (let t = lag; t < xs.length; t++) d.push((xs[t] as number) - (xs[t - lag] as number));
  if (d.length < 2) return d.length === 1 ? Math.abs(d[0] as number) : 0;
  // Residuals of a random walk have mean zero by construction; use the raw second moment.
  return Math.sqrt(d.reduce((a, v) => a + v * v, 0) / d.length) || stdev(xs);
}

/** [1, 2, …, horizon]. */
export function steps(horizon: number): number[] {
  return Array.from({ length: horizon }, (_, i) => i + 1);
}
