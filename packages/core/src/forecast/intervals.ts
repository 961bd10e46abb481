/**
 * Turns a model's point path and per-step error scale into 80 % and 95 % prediction intervals
 * (Gaussian quantiles). Optionally clips at zero when the history never went negative — costs
 * cannot, and a band below zero would mislead.
 */
import type { ForecastBand, ModelForecast } from './types.ts';

/** Two-sided standard-normal quantiles. */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

/** Builds the band for a model forecast. */
export function toBand(f: ModelForecast, opts: { nonNegative?: boolean } = {}): ForecastBand {
  const clip = (v: number) => (opts.nonNegative ? Math.max(0, v) : v);
  return {
    mean: f.mean.map(clip),
    lo80: f.mean.map((m, i) => clip(m - Z80 * (f.sigma[i] ?? 0))),
    hi80: f.mean.map((m, i) => clip(m + Z80 * (f.sigma[i] ?? 0))),
    lo95: f.mean.map((m, i) => clip(m - Z95 * (f.sigma[i] ?? 0))),
    hi95: f.mean.map((m, i) => clip(m + Z95 * (f.sigma[i] ?? 0))),
  };
}
