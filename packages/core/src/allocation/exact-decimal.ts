/**
 * Exact decimal arithmetic for money as strings: values scale to integer units of 1e-15 (the
 * store's DECIMAL(38,15)) in BigInt, so sums and splits never drift. No floats anywhere.
 */

export const SCALE = 15;

/** `"-12.5"` → -12500000000000000n. Digits beyond 15 decimals are truncated. */
export function toUnits(value: string): bigint {
  const s = value.trim();
  if (!/^[-+]?\d*(\.\d*)?$/.test(s) || s === '' || s === '-' || s === '.') {
    throw new RangeError(`not a decimal: "${value}"`);
  }
  const neg = s.startsWith('-');
  const [i = '0', f = ''] = s.replace(/^[-+]/, '').split('.');
  const units = BigInt((i || '0') + (f + '0'.repeat(SCALE)).slice(0, SCALE));
  return neg ? -units : units;
}

/** -12500000000000000n → `"-12.500000000000000"`. */
export function fromUnits(units: bigint): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(SCALE + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
}

/** Adds decimal strings exactly. */
export function addDecimals(...values: readonly string[]): string {
  return fromUnits(values.reduce((sum, v) => sum + toUnits(v), 0n));
}

/**
 * Splits `amount` into parts proportional to non-negative `weights`, exactly: parts are
 * truncated shares plus single units handed out by largest remainder, so they always sum to
 * `amount`. Throws when no weight is positive.
 * @example splitExact(100n, [1n, 1n, 1n]) // [34n, 33n, 33n]
 */
export function splitExact(amount: bigint, weights: readonly bigint[]): bigint[] {
  const total = weights.reduce((a, w) => a + (w > 0n ? w : 0n), 0n);
  if (total <= 0n) throw new RangeError('splitExact needs at least one positive weight');
  const w = weights.map((x) => (x > 0n ? x : 0n));
  const parts = w.map((x) => (amount * x) / total);
  let rest = amount - parts.reduce((a, p) => a + p, 0n);
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const order = w
    .map((x, i) => ({ i, frac: abs((amount * x) % total), eligible: x > 0n }))
    .filter((o) => o.eligible)
    .sort((a, b) => (a.frac === b.frac ? a.i - b.i : a.frac > b.frac ? -1 : 1));
  const step = rest < 0n ? -1n : 1n;
  for (let k = 0; rest !== 0n; k++) {
    const o = order[k % order.length]!;
    parts[o.i]! += step;
    rest -= step;
  }
  return parts;
}
