/**
 * The M4 seasonality test and classical multiplicative decomposition, as used by the Naive2,
 * Theta and Comb benchmarks: a series is seasonal at period m when its lag-m autocorrelation
 * exceeds the 90 % limit; seasonal indices come from ratios to a centred moving average.
 * Indices always average 1 over a cycle; non-positive series are never treated multiplicatively.
 */
import { acf } from './series-stats.ts';

/**
 * True when the lag-m autocorrelation is significant at 90 % (M4's test), needing n ≥ 3m.
 * @example isSeasonal(weeklyPatternedDaily, 7) // true
 */
export function isSeasonal(xs: readonly number[], m: number): boolean {
  if (m <= 1 || xs.length < 3 * m) return false;
  const r = acf(xs, m);
  let s = 0;
  for (let i = 0; i < m - 1; i++) s += (r[i] as number) ** 2;
  const limit = 1.645 * Math.sqrt((1 + 2 * s) / xs.length);
  return Math.abs(r[m - 1] as number) > limit;
}

/** Centred moving average of order m (2×m for even m); NaN where the window does not fit. */
export function centredMovingAverage(xs: readonly number[], m: number): number[] {
  const n = xs.length;
  const out = new Array<number>(n).fill(Number.NaN);
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    if (m % 2 === 1) {
      for (let j = -half; j <= half; j++) s += xs[t + j] as number;
      out[t] = s / m;
    } else {
      for (let j = -half + 1; j <= half - 1; j++) s += xs[t + j] as number;
      s += 0.5 * ((xs[t - half] as number) + (xs[t + half] as number));
      out[t] = s / m;
    }
  }
  return out;
}

/**
 * Multiplicative seasonal indices (length m, mean 1), position 0 aligned with xs[0].
 * Returns undefined when the series is too short or not strictly positive.
 */
export function multiplicativeIndices(xs: readonly number[], m: number): number[] | undefined {
  if (m <= 1 || xs.length < 2 * m || xs.some((x) => x <= 0)) return undefined;
  const ma = centredMovingAverage(xs, m);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = 0; t < xs.length; t++) {
    const c = ma[t] as number;
    if (Number.isNaN(c) || c === 0) continue;
    sums[t % m]! += (xs[t] as number) / c;
    counts[t % m]! += 1;
  }
  if (counts.some((c) => c === 0)) return undefined;
  const raw = sums.map((s, i) => s / (counts[i] as number));
  const avg = raw.reduce((a, b) => a + b, 0) / m;
  return raw.map((r) => r / avg);
}

/** A series divided by its seasonal indices, with the means to put the season back. */
export interface Deseasonalized {
  adjusted: number[];
  /** Index for history position t is `indices[t % m]`; for forecast step h (1-based) use `indexAhead`. */
  indices: number[] | undefined;
  m: number;
  indexAhead(h: number): number;
}

/**
 * Deseasonalizes when the M4 test says so (or `force`); otherwise returns the series unchanged
 * with unit indices.
 */
export function deseasonalize(
  xs: readonly number[],
  m: number,
  opts: { force?: boolean } = {},
): Deseasonalized {
  const n = xs.length;
  const indices =
    m > 1 && (opts.force || isSeasonal(xs, m)) ? multiplicativeIndices(xs, m) : undefined;
  if (!indices) return { adjusted: [...xs], indices: undefined, m, indexAhead: () => 1 };
  return {
    adjusted: xs.map((x, t) => x / (indices[t % m] as number)),
    indices,
    m,
    indexAhead: (h) => indices[(n + h - 1) % m] as number,
  };
}
