/**
 * MSTL-style decomposition for several seasonal periods at once (hourly cost with daily and
 * weekly cycles): each seasonal component is re-estimated in turn from the series less the
 * others, by a centred moving-average trend and cycle-subseries means weighted towards recent
 * cycles (half-life in cycles), as in Bandara et al.'s MSTL but with moving averages instead of
 * loess. The adjusted series is forecast by AutoETS (non-seasonal); components are added back.
 */
import { autoEts } from './ets.ts';
import { centredMovingAverage } from './seasonality.ts';
import type { ModelForecast } from './types.ts';

export interface MstlOptions {
  /** Passes over the components (default 2). */
  iterations?: number;
  /** Recent cycles count more: weight halves every this many cycles back (default 5). */
  halfLifeCycles?: number;
}

/** Additive seasonal components by period, each of length `period`, aligned to position t % p. */
export function mstlDecompose(
  xs: readonly number[],
  periods: readonly number[],
  opts: MstlOptions = {},
): { adjusted: number[]; components: Map<number, number[]> } {
  const n = xs.length;
  const usable = [...new Set(periods)].filter((p) => p > 1 && n >= 2 * p).sort((a, b) => a - b);
  const components = new Map<number, number[]>(usable.map((p) => [p, new Array(p).fill(0)]));
  const halfLife = opts.halfLifeCycles ?? 5;
  for (let iter = 0; iter < (opts.iterations ?? 2); iter++) {
    for (const p of usable) {
      const x = xs.map((v, t) => {
        let s = v;
        for (const [q, c] of components) if (q !== p) s -= c[t % q] as number;
        return s;
      });
      const trend = fillEdges(centredMovingAverage(x, p));
      const sums = new Array<number>(p).fill(0);
      const weights = new Array<number>(p).fill(0);
      for (let t = 0; t < n; t++) {
        const cyclesBack = (n - 1 - t) / p;
        const w = 0.5 ** (cyclesBack / halfLife);
        sums[t % p]! += w * ((x[t] as number) - (trend[t] as number));
        weights[t % p]! += w;
      }
      const raw = sums.map((s, j) => s / (weights[j] as number));
      components.set(p, withoutShorterCycles(raw, usable));
    }
  }
  const adjusted = xs.map((v, t) => {
    let s = v;
    for (const [q, c] of components) s -= c[t % q] as number;
    return s;
  });
  return { adjusted, components };
}

/**
 * Forecast with several seasonalities.
 * @example mstlForecast(hourly, [24, 168], 48).model // 'MSTL(24,168)+ETS(A,N,N)'
 */
export function mstlForecast(
  xs: readonly number[],
  periods: readonly number[],
  horizon: number,
  opts: MstlOptions = {},
): ModelForecast {
  const n = xs.length;
  const { adjusted, components } = mstlDecompose(xs, periods, opts);
  const base = autoEts(adjusted, { m: 1, horizon, trends: ['N', 'Ad'] });
  const mean = base.mean.map((v, i) => {
    let s = v;
    for (const [q, c] of components) s += c[(n + i) % q] as number;
    return s;
  });
  const used = [...components.keys()];
  return {
    model: used.length ? `MSTL(${used.join(',')})+${base.model}` : base.model,
    mean,
    sigma: base.sigma,
  };
}

/**
 * Removes from a cycle of period p its mean and every shorter usable period q that divides p
 * (a weekly cycle of hourly data holds a daily-shaped part, which belongs to the daily
 * component). Without this the nested components are not identified: when the daily shape
 * drifts, the weekly component, averaged over the few weeks a history holds, takes up the
 * difference between the old and new daily shapes, the daily one cancels it, and the
 * forecast repeats the old shape (M4 H11: sMAPE 37 against seasonal naive's 2).
 */
function withoutShorterCycles(raw: number[], usable: readonly number[]): number[] {
  const p = raw.length;
  let out = raw.map((r) => r - raw.reduce((a, b) => a + b, 0) / p);
  for (const q of usable) {
    if (q >= p || p % q !== 0) continue;
    const phase = new Array<number>(q).fill(0);
    out.forEach((v, j) => (phase[j % q]! += (v * q) / p));
    out = out.map((v, j) => v - (phase[j % q] as number));
  }
  return out;
}

function fillEdges(xs: number[]): number[] {
  const first = xs.findIndex((v) => !Number.isNaN(v));
  if (first < 0) return xs.map(() => 0);
  let last = first;
  for (let i = xs.length - 1; i >= 0; i--)
    if (!Number.isNaN(xs[i])) {
      last = i;
      break;
    }
  return xs.map((v, i) => (i < first ? xs[first]! : i > last ? xs[last]! : v));
}
