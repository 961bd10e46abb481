/**
 * Test helper: ten weeks of hourly FOCUS rows (charge periods of one hour) from 2025-03-03 with a
 * daily cycle, for hourly-monitor tests in core and the dashboard. Not part of the public API.
 */
import type { CostRow } from './cost-rows-fixture.ts';
import { seededRandom } from './synthetic-series.ts';

export const START = Date.parse('2025-03-03T00:00:00Z');
export const DAYS = 70;
const HOUR = 3_600_000;
/** `YYYY-MM-DD HH:00:00` of hour h since START. */
export const stamp = (h: number) =>
  new Date(START + h * HOUR).toISOString().slice(0, 19).replace('T', ' ');
export const iso = (h: number) => `${new Date(START + h * HOUR).toISOString().slice(0, 19)}Z`;
export const dayOf = (h: number) => stamp(h).slice(0, 10);

/** One hourly row: charge period [h, h + 1 h). */
export const hourRow = (h: number, cost: string, extra: Partial<CostRow> = {}): CostRow => ({
  day: dayOf(h),
  start: stamp(h),
  end: stamp(h + 1),
  cost,
  ...extra,
});

/**
 * Ten weeks of hourly EC2 with a daily cycle (busy 08–20 UTC) and ±3 % noise, plus an S3 row
 * per hour; `planted` adds a GPU row (resource i-gpu) to the given hours.
 */
export function hourlyCompany(planted: Record<number, string> = {}, seed = 7): CostRow[] {
  const rand = seededRandom(seed);
  const rows: CostRow[] = [];
  for (let h = 0; h < DAYS * 24; h++) {
    const hod = h % 24;
    const base = 12 + 8 * Math.max(0, Math.sin(((hod - 6) / 16) * Math.PI));
    const noisy = (x: number) => (x * (1 + 0.03 * (rand() * 2 - 1))).toFixed(4);
    rows.push(hourRow(h, noisy(base), { resource: 'i-web', tags: { team: 'web' } }));
    rows.push(hourRow(h, noisy(3), { service: 'Amazon S3', resource: 'bucket', sku: 'sku-s' }));
    const gpu = planted[h];
    if (gpu)
      rows.push(hourRow(h, gpu, { resource: 'i-gpu', sku: 'sku-gpu', tags: { team: 'ml' } }));
  }
  return rows;
}

/** Day 64 (Tuesday 2025-05-06), 14:00–16:00 UTC: a GPU job at $30 an hour, $90 in all. */
export const SPIKE_FROM = 64 * 24 + 14;
export const spike = { [SPIKE_FROM]: '30', [SPIKE_FROM + 1]: '30', [SPIKE_FROM + 2]: '30' };
