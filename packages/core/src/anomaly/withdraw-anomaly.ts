/**
 * Withdrawing an open, untouched anomaly that a new detection pass no longer reports, with the
 * reason in its history: still unusual but under its monitor's floor (both figures), held while
 * its billing period is open, or not found any more. Shared by the daily and hourly passes.
 */
import type { Warehouse } from '../store/warehouse.ts';
import { findRuns } from './anomaly-runs.ts';
import type { AnomalyRun } from './anomaly-runs.ts';
import type { DailySeries } from './cost-series.ts';
import { appendHistory } from './anomaly-store.ts';
import { formatSignedUsd, formatUsd } from './decimal.ts';
import type { DetectorParams } from './detector-params.ts';
import { scoreSeries } from './score-series.ts';
import type { SeasonBuckets } from './season-buckets.ts';

/**
 * The runs a series shows with its monitor's floors taken off (they also gate single points):
 * what is still unusual but too small to report. Only needed when something is withdrawn.
 */
export function unflooredRuns(
  series: DailySeries,
  params: DetectorParams,
  buckets: SeasonBuckets,
  settle: number,
): AnomalyRun[] {
  const open = { ...params, minAbsolute: 0, minRelative: 0 };
  const scores = scoreSeries(series.values, series.timesMs, open, buckets);
  return findRuns(series, scores, { settleDays: settle });
}

/** Why an anomaly goes: the unfloored run still over its days (with that run's floor), or none. */
export function withdrawalReason(
  under: { run: AnomalyRun; floorUsd: number } | undefined,
  opts: { held?: boolean; data?: string } = {},
): string {
  if (opts.held) {
    return 'held until the open billing period closes: charges stamped on its first and last days (support, tax, monthly fees) usually arrive then; a drop still there after it closes is reported again';
  }
  if (under) {
    return `still unusual, but its impact (${formatSignedUsd(under.run.impactUsd)}) is now under the monitor's floor of ${formatUsd(under.floorUsd.toFixed(2))}`;
  }
  return `a new pass over the ${opts.data ?? 'data'} as it now stands (restated bills), with the monitor's current sensitivity, no longer finds it`;
}

/** Resolves the anomaly as withdrawn, with its history entry, in one transaction. */
export async function withdrawAnomaly(
  wh: Warehouse,
  input: { id: string; now: Date; actor: string; reason: string },
): Promise<void> {
  await wh.transaction(async (tx) => {
    await tx.exec(
      `UPDATE anomaly SET status = 'resolved', updated_at = $2::TIMESTAMP WHERE id = $1`,
      [input.id, input.now.toISOString()],
    );
    await appendHistory(tx, {
      anomalyId: input.id,
      at: input.now,
      actor: input.actor,
      action: 'withdrawn',
      from: 'open',
      to: 'resolved',
      reason: input.reason,
    });
  });
}
