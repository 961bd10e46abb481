/**
 * Turns per-day scores into anomaly runs: consecutive anomalous days in the same direction merge
 * into one run; only settled days count (the last `settleDays` may still be restated by the
 * provider, so they neither open nor extend a run). Sums are exact for actuals, cents for the
 * model's expectation. Severity comes from the dollar impact.
 */
import { addDec, compareDec, fromNumber, subDec } from './decimal.ts';
import type { DailySeries } from './cost-series.ts';
import type { SeriesScores } from './score-series.ts';

export type AnomalySeverity = 'low' | 'medium' | 'high' | 'critical';

export interface BandPoint {
  day: string;
  actual: string;
  expected: string | null;
  lower: string | null;
  upper: string | null;
  anomalous: boolean;
}

export interface AnomalyRun {
  startDay: string;
  endDay: string;
  direction: 'spike' | 'drop';
  actualUsd: string;
  expectedUsd: string;
  impactUsd: string;
  peakScore: number;
  /** The run's days and up to 21 days before it, for the band chart. */
  band: BandPoint[];
}

/** Dollar impact at or above which each severity applies (absolute value). */
export const SEVERITY_USD: Readonly<Record<Exclude<AnomalySeverity, 'low'>, string>> = {
  medium: '100',
  high: '1000',
  critical: '10000',
};

/** Severity from |impact|. */
export function severityOf(impactUsd: string, thresholds = SEVERITY_USD): AnomalySeverity {
  const abs = impactUsd.startsWith('-') ? impactUsd.slice(1) : impactUsd;
  if (compareDec(abs, thresholds.critical) >= 0) return 'critical';
  if (compareDec(abs, thresholds.high) >= 0) return 'high';
  if (compareDec(abs, thresholds.medium) >= 0) return 'medium';
  return 'low';
}

const money = (x: number) => (Number.isFinite(x) ? fromNumber(x) : null);

/**
 * Finds the runs in a scored series, ignoring the last `settleDays` days.
 * @example findRuns(series, scoreSeries(series.values, series.timesMs), { settleDays: 2 })
 */
export function findRuns(
  series: DailySeries,
  scores: SeriesScores,
  opts: { settleDays: number },
): AnomalyRun[] {
  const settled = series.days.length - opts.settleDays;
  const runs: AnomalyRun[] = [];
  let i = 0;
  while (i < settled) {
    if (scores.isAnomaly[i] !== 1) {
      i++;
      continue;
    }
    const up = scores.z[i]! > 0;
    let j = i;
    while (j + 1 < settled && scores.isAnomaly[j + 1] === 1 && scores.z[j + 1]! > 0 === up) j++;
    let actual = '0';
    let expected = '0';
    let peak = 0;
    for (let k = i; k <= j; k++) {
      actual = addDec(actual, series.exact[k]!);
      expected = addDec(expected, fromNumber(scores.expected[k]!));
      peak = Math.max(peak, scores.score[k]!);
    }
    const band: BandPoint[] = [];
    for (let k = Math.max(0, i - 21); k <= j; k++) {
      band.push({
        day: series.days[k]!,
        actual: series.exact[k]!,
        expected: money(scores.expected[k]!),
        lower: money(scores.lower[k]!),
        upper: money(scores.upper[k]!),
        anomalous: scores.isAnomaly[k] === 1,
      });
    }
    runs.push({
      startDay: series.days[i]!,
      endDay: series.days[j]!,
      direction: up ? 'spike' : 'drop',
      actualUsd: actual,
      expectedUsd: expected,
      impactUsd: subDec(actual, expected),
      peakScore: peak,
      band,
    });
    i = j + 1;
  }
  return runs;
}
