/**
 * Small numeric helpers for forecasting: means, robust scale, autocorrelation, quantiles.
 * Pure functions over number arrays; NaN-free input is the caller's job (series are validated
 * before they reach a model).
 */

/** Arithmetic mean; 0 for an empty array. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Median (average of the middle two for even lengths); 0 for an empty array. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Sample standard deviation (n − 1); 0 below two values. */
export function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Noise scale from first differences (MAD based), robust to level shifts and spikes. */
export function noiseScale(xs: readonly number[]): number {
  if (xs.length < 3) return stdev(xs);
  const d: number[] = [];
  for (let i = 1; i < xs.length; i++) d.push((xs[i] as number) - (xs[i - 1] as number));
  const med = median(d);
  const mad = median(d.map((v) => Math.abs(v - med)));
  return (1.4826 * mad) / Math.SQRT2;
}

/** Autocorrelation at lags 1..maxLag (index 0 holds lag 1). */
export function acf(xs: readonly number[], maxLag: number): number[] {
  const n = xs.length;
  const m = mean(xs);
  let denom = 0;
  for (const x of xs) denom += (x - m) ** 2;
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    if (denom === 0 || k >= n) {
      out.push(0);
      continue;
    }
    let num = 0;
    for (let t = k; t < n; t++) num += ((xs[t] as number) - m) * ((xs[t - k] as number) - m);
    out.push(num / denom);
  }
  return out;
}

/** Linear-interpolated quantile (type 7), p in [0, 1]. */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

/** Ordinary least squares slope and intercept of xs against t = 0..n−1. */
export function linearTrend(xs: readonly number[]): { intercept: number; slope: number } {
  const n = xs.length;
  if (n < 2) return { intercept: xs[0] ?? 0, slope: 0 };
  const tBar = (n - 1) / 2;
  const yBar = mean(xs);
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    num += (t - tBar) * ((xs[t] as number) - yBar);
    den += (t - tBar) ** 2;
  }
  const slope = num / den;
  return { intercept: yBar - slope * tBar, slope };
}
