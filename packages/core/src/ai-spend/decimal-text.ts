/**
 * Decimal strings for LLM money: JSON numbers (price-map entries like 3e-06, API amounts like 0.06)
 * become their shortest exact decimal text, and token × price products are exact in scaled BigInt
 * (the store's 15 places), so costs never drift through floating point.
 */
import { fromUnits, SCALE, toUnits } from '../allocation/exact-decimal.ts';

/** A JSON number or numeric string → plain decimal text (no exponent), or null. */
export function decimalText(v: unknown): string | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    return expandExponent(String(v));
  }
  if (typeof v === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v.trim())) {
    return expandExponent(v.trim().replace(/^\+/, ''));
  }
  return null;
}

function expandExponent(s: string): string {
  const m = /^(-?)(\d*)\.?(\d*)[eE]([-+]?\d+)$/.exec(s);
  if (!m) return s;
  const [, sign = '', int = '', frac = '', expText = '0'] = m;
  const digits = (int + frac).replace(/^0+(?=\d)/, '');
  const point = int.length + Number(expText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`.replace(/\.?0+$/, '') || '0';
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** `count × price` exactly, as a 15-place decimal string. */
export function tokensTimes(count: number | bigint, price: string): bigint {
  return BigInt(count) * toUnits(price);
}

export function unitsToText(units: bigint): string {
  return trim(fromUnits(units));
}

/** Sum of decimal strings, exact. */
export function sumDecimals(values: readonly (string | null | undefined)[]): string {
  return unitsToText(values.reduce<bigint>((s, v) => s + (v ? toUnits(v) : 0n), 0n));
}

/** `a / b` as a decimal string with `places` places (ratios, unit costs), rounded half up. */
export function divideDecimal(a: string, b: string | number, places = 6): string | null {
  const den = typeof b === 'number' ? toUnits(String(b)) : toUnits(b);
  if (den === 0n) return null;
  const num = toUnits(a) * 10n ** BigInt(places);
  const neg = num < 0n !== den < 0n;
  const an = num < 0n ? -num : num;
  const ad = den < 0n ? -den : den;
  const q = (an * 2n + ad) / (2n * ad);
  const s = q.toString().padStart(places + 1, '0');
  const out = places ? `${s.slice(0, -places)}.${s.slice(-places)}` : s;
  return trim(`${neg && q !== 0n ? '-' : ''}${out}`);
}

/** Decimal string × decimal string, exact (15 places). */
export function multiplyDecimal(a: string, b: string): string {
  return unitsToText((toUnits(a) * toUnits(b)) / 10n ** BigInt(SCALE));
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
