/**
 * Finds the last level shift (a commitment purchase, a migration) so that models fit the level
 * the series has now rather than an average across regimes. A shift at k is a jump between the
 * means of the w points before and after k that stands out from the series' usual jumps (robust
 * z over all k, after removing the median jump so a steady trend is not a shift), is at least 5 %
 * of the level, and persists to the end of the series by medians (so a spike is not a shift).
 */
import { median } from './series-stats.ts';

export interface LevelShift {
  /** Index of the first point of the new regime. */
  index: number;
  /** New level minus old level (window means). */
  delta: number;
  /** Robust z-score of the jump. */
  score: number;
}

/**
 * The last level shift, or undefined.
 * @param window points on each side compared (pick a seasonal period so the season cancels)
 */
export function findLastLevelShift(
  xs: readonly number[],
  opts: { window: number; threshold?: number },
): LevelShift | undefined {
  const n = xs.length;
  const w = Math.max(2, Math.floor(opts.window));
  if (n < 4 * w) return undefined;
  const threshold = opts.threshold ?? 6;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + (xs[i] as number);
  const winMean = (a: number, b: number) => (prefix[b]! - prefix[a]!) / (b - a);
  const jumps: number[] = [];
  for (let k = w; k <= n - w; k++) jumps.push(winMean(k, k + w) - winMean(k - w, k));
  const med = median(jumps);
  const mad = 1.4826 * median(jumps.map((j) => Math.abs(j - med)));
  if (mad === 0 && jumps.every((j) => j === med)) return undefined;
  const scale = mad > 0 ? mad : 1e-9;
  let found: LevelShift | undefined;
  for (let i = 0; i < jumps.length; i++) {
    const k = i + w;
    const j = jumps[i] as number;
    const score = Math.abs(j - med) / scale;
    if (score < threshold) continue;
    // local maximum of the jump profile
    const prev = Math.abs((jumps[i - 1] ?? 0) - med);
    const next = Math.abs((jumps[i + 1] ?? 0) - med);
    if (Math.abs(j - med) < prev || Math.abs(j - med) < next) continue;
    // Medians, so a short spike inside either window does not pass for a new level.
    const before = median(xs.slice(k - w, k));
    if (Math.abs(j) < 0.05 * Math.abs(before)) continue;
    const after = median(xs.slice(k));
    if (Math.sign(after - before) !== Math.sign(j) || Math.abs(after - before) < 0.5 * Math.abs(j))
      continue;
    found = { index: k, delta: j, score };
  }
  return found;
}
