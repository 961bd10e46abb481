/**
 * Exact money for GPU devices: a host's window cost split over its GPUs (and MIG slices) by share
 * × observed hours, the rest staying with the host as unobserved time; idle dollars split by hours.
 * BigInt units of 1e-15 throughout (allocation/exact-decimal), so parts always sum to the whole.
 */
import { fromUnits, splitExact, toUnits } from '../allocation/exact-decimal.ts';

const MICRO = 1_000_000;

/** Hours → integer micro-hours for exact weights. */
export const microHours = (h: number): bigint => BigInt(Math.max(0, Math.round(h * MICRO)));

/** Splits a host's window cost over device weights (micro-hours × share); the remainder is unobserved. */
export function splitHostCost(
  costUnits: bigint,
  weights: readonly bigint[],
  capacity: bigint,
): bigint[] {
  const used = weights.reduce((a, b) => a + b, 0n);
  if (used === 0n) return weights.map(() => 0n);
  const parts = splitExact(
    costUnits,
    used <= capacity ? [...weights, capacity - used] : [...weights],
  );
  return parts.slice(0, weights.length);
}

/** Cost of `hours` of a `share` ([num, den]) of a GPU at a decimal price per GPU-hour. */
export function priceCost(
  usdPerGpuHour: string,
  hours: number,
  share: readonly [number, number] = [1, 1],
): bigint {
  return (
    (toUnits(usdPerGpuHour) * microHours(hours) * BigInt(share[0])) /
    (BigInt(MICRO) * BigInt(share[1]))
  );
}

/** [allocated-but-idle, unallocated] parts of a device's cost by its hours. */
export function idleParts(
  costUnits: bigint,
  h: { observed: number; allocatedIdle: number; unallocated: number },
): [bigint, bigint] {
  const a = microHours(h.allocatedIdle);
  const u = microHours(h.unallocated);
  const rest = microHours(h.observed) - a - u;
  if (a + u === 0n) return [0n, 0n];
  const [pa, pu] = splitExact(costUnits, [a, u, rest > 0n ? rest : 0n]);
  return [pa!, pu!];
}

/** Cost per useful GPU-hour, or null when nothing was useful. */
export function perUsefulHour(costUnits: bigint, usefulGpuHours: number): bigint | null {
  const m = microHours(usefulGpuHours);
  return m === 0n ? null : (costUnits * BigInt(MICRO)) / m;
}

/** Exact decimal string without trailing zeros (at least two decimals): `12.5` → `12.50`. */
export function money(units: bigint): string {
  const s = fromUnits(units).replace(/0+$/, '');
  const [i, f = ''] = s.split('.');
  return `${i}.${f.padEnd(2, '0')}`;
}

/** Money for sentences: rounded to cents (fields keep the exact value). */
export function usdText(units: bigint | string): string {
  const exact = typeof units === 'string' ? units : money(units);
  const neg = exact.startsWith('-');
  const cents = (toUnits(exact.replace('-', '')) + 5_000_000_000_000n) / 10_000_000_000_000n;
  const s = cents.toString().padStart(3, '0');
  return `${neg ? '-' : ''}$${s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${s.slice(-2)}`;
}

/** Rounds units to whole cents (half up): estimates are stated in cents. */
export function roundCents(units: bigint): bigint {
  const cent = 10_000_000_000_000n;
  const half = cent / 2n;
  return ((units + (units >= 0n ? half : -half)) / cent) * cent;
}
