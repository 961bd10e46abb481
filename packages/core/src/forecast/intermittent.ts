/**
 * Intermittent series (many zeros: a GPU reservation used some days, a marketplace fee): the TSB
 * method (Teunter–Syntetos–Babai), which smooths demand size and demand probability separately
 * and so decays towards zero when demand stops — unlike Croston. Flat point forecast p·z;
 * error scale from in-sample one-step errors, constant over the horizon.
 */
import { mean } from './series-stats.ts';
import type { ModelForecast } from './types.ts';

/** Share of exact zeros in a series. */
export function zeroShare(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  return xs.filter((x) => x === 0).length / xs.length;
}

/**
 * TSB forecast; alpha smooths sizes, beta smooths occurrence (both chosen from a small grid by
 * in-sample squared error).
 * @example tsbForecast([0, 0, 5, 0, 0, 5], 3).mean // three equal values near 5/3
 */
export function tsbForecast(xs: readonly number[], horizon: number): ModelForecast {
  const nonZero = xs.filter((x) => x !== 0);
  if (nonZero.length === 0) {
    return { model: 'TSB', mean: new Array(horizon).fill(0), sigma: new Array(horizon).fill(0) };
  }
  let best = { sse: Infinity, f: 0 };
  for (const alpha of [0.05, 0.1, 0.2, 0.3]) {
    for (const beta of [0.02, 0.05, 0.1, 0.2]) {
      let z = mean(nonZero);
      let p = nonZero.length / xs.length;
      let sse = 0;
      for (const x of xs) {
        const e = x - p * z;
        sse += e * e;
        if (x !== 0) {
          z += alpha * (x - z);
          p += beta * (1 - p);
        } else {
          p += beta * (0 - p);
        }
      }
      if (sse < best.sse) best = { sse, f: p * z };
    }
  }
  const sd = Math.sqrt(best.sse / Math.max(1, xs.length - 2));
  return {
    model: 'TSB',
    mean: new Array<number>(horizon).fill(best.f),
    sigma: new Array<number>(horizon).fill(sd),
  };
}
