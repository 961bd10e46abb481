/** Exact arithmetic on decimal strings (scaled BigInt): totals are never added as floats. */

const SCALE = 15;

function toScaled(s: string): bigint {
  const neg = s.startsWith('-');
  const [i = '0', f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt((i || '0') + (f + '0'.repeat(SCALE)).slice(0, SCALE));
  return neg ? -v : v;
}

function fromScaled(v: bigint): string {
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(SCALE + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
}

/**
 * Adds decimal strings exactly (up to 15 fractional digits, as stored).
 * @example sumDecimals(['0.1', '0.2']) // '0.300000000000000'
 */
export function sumDecimals(values: readonly string[]): string {
  return fromScaled(values.reduce((acc, v) => acc + toScaled(v), 0n));
}

/** Compares two decimal strings: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: string, b: string): number {
  const d = toScaled(a) - toScaled(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
