/**
 * Time-weighted statistics over irregular GPU metric series. Each reading stands for the time
 * until the next one, capped at the series' typical step (so a collector outage is not counted as
 * observed time); the last reading gets the typical step. Counters use Prometheus increase rules:
 * a drop is a reset and the new value is the increase since it.
 */

export interface Point {
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
}

/** Median gap between readings, or `fallbackMs` with fewer than two. */
export function typicalStepMs(points: readonly Point[], fallbackMs: number): number {
  const gaps: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const g = points[i]!.t - points[i - 1]!.t;
    if (g > 0) gaps.push(g);
  }
  if (gaps.length === 0) return fallbackMs;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 2)]!;
}

/** The time (ms) each reading stands for. Points must be sorted by time. */
export function weightsMs(points: readonly Point[], fallbackStepMs: number): number[] {
  const step = typicalStepMs(points, fallbackStepMs);
  return points.map((p, i) => {
    const next = points[i + 1];
    return next === undefined ? step : Math.min(Math.max(0, next.t - p.t), step);
  });
}

/** Time-weighted mean, or null for an empty series. */
export function weightedMean(points: readonly Point[], fallbackStepMs: number): number | null {
  if (points.length === 0) return null;
  const w = weightsMs(points, fallbackStepMs);
  const total = w.reduce((a, b) => a + b, 0);
  if (total === 0) return points.reduce((a, p) => a + p.v, 0) / points.length;
  return points.reduce((a, p, i) => a + p.v * w[i]!, 0) / total;
}

/**
 * Increase of a counter over the series, counting resets (a drop means it restarted from zero).
 * @example counterIncrease([{t:0,v:10},{t:1,v:15},{t:2,v:3}]) // 5 + 3 = 8
 */
export function counterIncrease(points: readonly Point[]): { increase: number; resets: number } {
  let increase = 0;
  let resets = 0;
  for (let i = 1; i < points.length; i++) {
    const d = points[i]!.v - points[i - 1]!.v;
    if (d >= 0) increase += d;
    else {
      resets++;
      increase += points[i]!.v;
    }
  }
  return { increase, resets };
}

/** Times the value changed to a non-zero value (an XID gauge holds the last error seen). */
export function nonZeroChanges(points: readonly Point[]): number {
  let n = 0;
  for (let i = 0; i < points.length; i++) {
    const prev = i === 0 ? 0 : points[i - 1]!.v;
    if (points[i]!.v !== 0 && points[i]!.v !== prev) n++;
  }
  return n;
}
