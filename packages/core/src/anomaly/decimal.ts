/**
 * Exact decimal-string arithmetic for money (scaled BigInt, 15 places like the store), and
 * display helpers. Model estimates (floats) enter money only through `fromNumber`, rounded to cents.
 */

const SCALE = 15;
const ONE = 10n ** BigInt(SCALE);

function toScaled(s: string): bigint {
  const t = s.trim();
  const neg = t.startsWith('-');
  const [i = '0', f = ''] = (neg || t.startsWith('+') ? t.slice(1) : t).split('.');
  const v = BigInt((i || '0') + (f + '0'.repeat(SCALE)).slice(0, SCALE));
  return neg ? -v : v;
}

function fromScaled(v: bigint): string {
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(SCALE + 1, '0');
  const frac = digits.slice(-SCALE).replace(/0+$/, '');
  return `${neg ? '-' : ''}${digits.slice(0, -SCALE)}${frac ? `.${frac}` : ''}`;
}

/** a + b, exactly. */
export function addDec(a: string, b: string): string {
  return fromScaled(toScaled(a) + toScaled(b));
}

/** a − b, exactly. */
export function subDec(a: string, b: string): string {
  return fromScaled(toScaled(a) - toScaled(b));
}

/** A model estimate as money: rounded half away from zero to cents. */
export function fromNumber(x: number): string {
  const cents = Math.round(Math.abs(x) * 100) * Math.sign(x);
  return fromScaled((BigInt(cents) * ONE) / 100n);
}

/** Compares two decimal strings: −1, 0 or 1. */
export function compareDec(a: string, b: string): number {
  const d = toScaled(a) - toScaled(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** For ratios and display only — never for totals. */
export function decToNumber(a: string): number {
  return Number(a);
}

/** `$1,234.57` / `-$12.00` from a decimal string, rounded half up to cents. */
export function formatUsd(a: string): string {
  const v = toScaled(a);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const cents = (abs + ONE / 200n) / (ONE / 100n);
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}$${whole}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** `+$12.00` / `-$3.50`: signed money for deltas. */
export function formatSignedUsd(a: string): string {
  return toScaled(a) >= 0n ? `+${formatUsd(a)}` : formatUsd(a);
}

/** Rounds half away from zero to `places` decimals and always prints them: `fixedDec('4', 2)` → `4.00`. */
export function fixedDec(a: string, places: number): string {
  const v = toScaled(a);
  const unit = 10n ** BigInt(SCALE - places);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const q = (abs + unit / 2n) / unit;
  const digits = q.toString().padStart(places + 1, '0');
  const body = places > 0 ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return `${neg && q !== 0n ? '-' : ''}${body}`;
}

/** a × b, exactly to 15 places (truncated beyond): hours × rate, quantity × unit value. */
export function mulDec(a: string, b: string): string {
  return fromScaled((toScaled(a) * toScaled(b)) / ONE);
}
