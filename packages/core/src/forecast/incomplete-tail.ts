/**
 * Restated or incomplete last days: billing exports lag, so the newest 1–3 days are often
 * partial and get restated later. A trailing point is treated as incomplete when it falls below
 * 90 % of the lowest of the preceding reference days (so a normal weekend dip is not cut);
 * points are dropped from the end only, at most `maxPoints`.
 */

/**
 * How many trailing points look incomplete.
 * @example countIncompleteTail([10, 11, 10, 12, 11, 10, 11, 10, 12, 11, 10, 11, 10, 12, 11, 3], {}) // 1
 */
export function countIncompleteTail(
  xs: readonly number[],
  opts: { maxPoints?: number; referencePoints?: number } = {},
): number {
  const maxPoints = opts.maxPoints ?? 3;
  const refLen = opts.referencePoints ?? 14;
  const n = xs.length;
  if (n < refLen + maxPoints) return 0;
  const ref = xs.slice(n - maxPoints - refLen, n - maxPoints);
  const floor = Math.min(...ref);
  if (floor <= 0) return 0;
  let count = 0;
  for (let i = n - 1; i >= n - maxPoints; i--) {
    if ((xs[i] as number) < 0.9 * floor) count++;
    else break;
  }
  return count;
}
