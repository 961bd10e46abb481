/**
 * Exact arithmetic on decimal strings for the demo's price book (scaled BigInt, 12 places):
 * savings and commitment amounts are computed from list prices without floating point.
 * Results are rounded half-up to the requested number of places.
 */

const SCALE = 12;
const ONE = 10n ** BigInt(SCALE);

function toScaled(value: string | number): bigint {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const neg = text.startsWith('-');
  const [int = '0', frac = ''] = (neg ? text.slice(1) : text).split('.');
  const n = BigInt(int || '0') * ONE + BigInt((frac + '0'.repeat(SCALE)).slice(0, SCALE) || '0');
  return neg ? -n : n;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return n.toFixed(SCALE);
}

function fromScaled(n: bigint, places: number): string {
  const neg = n < 0n;
  let abs = neg ? -n : n;
  const drop = 10n ** BigInt(SCALE - places);
  abs = (abs + drop / 2n) / drop;
  const s = abs.toString().padStart(places + 1, '0');
  const out = places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`;
  return neg && abs !== 0n ? `-${out}` : out;
}

/** `a × b`, rounded to `places`. Numbers are accepted for quantities (hours, GB). */
export function decMul(a: string | number, b: string | number, places = 10): string {
  return fromScaled((toScaled(a) * toScaled(b)) / ONE, places);
}

/** `a + b + …`, rounded to `places`. */
export function decAdd(values: readonly (string | number)[], places = 10): string {
  return fromScaled(
    values.reduce<bigint>((s, v) => s + toScaled(v), 0n),
    places,
  );
}

/** `a − b`, rounded to `places`. */
export function decSub(a: string | number, b: string | number, places = 10): string {
  return fromScaled(toScaled(a) - toScaled(b), places);
}

/** Compares two decimal strings: −1, 0 or 1. */
export function decCmp(a: string | number, b: string | number): number {
  const d = toScaled(a) - toScaled(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
