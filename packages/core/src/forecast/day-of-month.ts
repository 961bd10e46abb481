/**
 * Day-of-month effects in daily cost: month-end or first-of-month spikes (support plans,
 * marketplace fees, monthly commitments billed on one day). A day class (1–28, or "last day")
 * is a spike when its excess over a 7-day rolling median is large against the typical excess in
 * every month seen (two months at least). Spikes are taken out before fitting and put back on
 * the future dates of the same class, with their spread added to the error scale.
 */
import { median, stdev } from './series-stats.ts';

export interface DayOfMonthEffect {
  /** `1`…`31`, or `last` for the last day of any month. */
  dayClass: string;
  /** Median amount above the surrounding days. */
  excess: number;
  /** Spread of that amount across months. */
  spread: number;
}

/** The class of a calendar date (UTC). */
export function dayClassOf(isoDate: string): string {
  const day = isoDate.slice(0, 10);
  let c = classCache.get(day);
  if (c === undefined) {
    const d = new Date(`${day}T00:00:00Z`);
    const next = new Date(d.getTime() + 86_400_000);
    c = next.getUTCDate() === 1 ? 'last' : String(d.getUTCDate());
    if (classCache.size < 100_000) classCache.set(day, c);
  }
  return c;
}
const classCache = new Map<string, string>();

/** Median of the 7-day window centred on each point (shorter at the edges). */
function rollingMedian7(values: readonly number[]): number[] {
  const n = values.length;
  const win = new Float64Array(7);
  const out = new Array<number>(n);
  for (let t = 0; t < n; t++) {
    const a = Math.max(0, t - 3);
    const b = Math.min(n, t + 4);
    const len = b - a;
    for (let i = 0; i < len; i++) {
      const v = values[a + i] as number;
      let j = i - 1;
      while (j >= 0 && win[j]! > v) {
        win[j + 1] = win[j]!;
        j--;
      }
      win[j + 1] = v;
    }
    out[t] = len % 2 ? win[len >> 1]! : (win[(len >> 1) - 1]! + win[len >> 1]!) / 2;
  }
  return out;
}

/**
 * Detects spike day classes in a daily series with ISO dates.
 * @example findDayOfMonthEffects(values, dates) // [{ dayClass: 'last', excess: 480, spread: 12 }]
 */
export function findDayOfMonthEffects(
  values: readonly number[],
  dates: readonly string[],
  opts: { threshold?: number; maxClasses?: number } = {},
): DayOfMonthEffect[] {
  const n = values.length;
  if (n < 45 || dates.length !== n) return [];
  const baseline = rollingMedian7(values);
  const excess = values.map((v, t) => v - (baseline[t] as number));
  const med = median(excess);
  const scale = 1.4826 * median(excess.map((e) => Math.abs(e - med))) || 1e-9;
  const byClass = new Map<string, number[]>();
  for (let t = 0; t < n; t++) {
    const c = dayClassOf(dates[t] as string);
    const list = byClass.get(c) ?? [];
    list.push(excess[t] as number);
    byClass.set(c, list);
  }
  const threshold = opts.threshold ?? 5;
  const effects: DayOfMonthEffect[] = [];
  let level: number | undefined;
  for (const [dayClass, list] of byClass) {
    if (list.length < 2 || !list.every((e) => e > threshold * scale)) continue;
    const m = median(list);
    level ??= median(baseline);
    if (m > 0.05 * Math.abs(level)) {
      effects.push({ dayClass, excess: m, spread: stdev(list) });
    }
  }
  return effects.sort((a, b) => b.excess - a.excess).slice(0, opts.maxClasses ?? 3);
}

/** Removes detected effects from history (returns a new array). */
export function removeDayOfMonthEffects(
  values: readonly number[],
  dates: readonly string[],
  effects: readonly DayOfMonthEffect[],
): number[] {
  const byClass = new Map(effects.map((e) => [e.dayClass, e]));
  return values.map((v, t) => v - (byClass.get(dayClassOf(dates[t] as string))?.excess ?? 0));
}
