/**
 * The dollar floor a run of anomalous days must clear before it becomes an anomaly, relative to
 * what is normal: max(the monitor's own floor, minRelative × the monitor's typical day,
 * shareOfTotal × the whole bill's typical day). A very flat series makes a $2 change statistically
 * real; nobody wants a page for it in a company that spends thousands a day. "Typical" is the
 * median of the days before the run (causal: later data never changes it). Not here: scoring.
 */
import type { AnomalyRun } from './anomaly-runs.ts';

/** Days before a run whose median is the "typical day". */
export const TYPICAL_DAYS = 28;

/**
 * Default share of the whole bill's typical day a run must move: a quarter of a percent (at
 * $100k a day, $250; at $4k a day, $10). A setting, see `DetectAnomaliesOptions.minShareOfTotal`.
 */
export const DEFAULT_MIN_SHARE_OF_TOTAL = 0.0025;

/**
 * Median of |values| over the `TYPICAL_DAYS` points before index `end` (0 when none).
 * @example typicalDaily(Float64Array.of(1, 2, 3), 3) // 2
 */
export function typicalDaily(values: Float64Array, end: number): number {
  const from = Math.max(0, end - TYPICAL_DAYS);
  if (end <= from) return 0;
  const window = Array.from(values.subarray(from, end), Math.abs).sort((a, b) => a - b);
  const m = window.length >> 1;
  return window.length % 2 ? window[m]! : (window[m - 1]! + window[m]!) / 2;
}

export interface ImpactFloorInput {
  /** The run's first day's index in the series. */
  startIndex: number;
  /** The monitor's daily values and the whole bill's, over the same days. */
  values: Float64Array;
  totalValues: Float64Array;
  /** The monitor's own dollar floor and relative floor. */
  minImpactUsd: number;
  minRelative: number;
  minShareOfTotal: number;
}

/**
 * The floor in dollars for a run starting at `startIndex`.
 * @example impactFloorUsd({ startIndex: 40, values, totalValues, minImpactUsd: 25, minRelative: 0.1, minShareOfTotal: 0.0025 })
 */
export function impactFloorUsd(i: ImpactFloorInput): number {
  return Math.max(
    i.minImpactUsd,
    i.minRelative * typicalDaily(i.values, i.startIndex),
    i.minShareOfTotal * typicalDaily(i.totalValues, i.startIndex),
  );
}

/** Whether a run's |impact| clears its floor. */
export function clearsFloor(run: Pick<AnomalyRun, 'impactUsd'>, floorUsd: number): boolean {
  return Math.abs(Number(run.impactUsd)) >= floorUsd;
}
