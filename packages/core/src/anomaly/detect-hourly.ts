/**
 * The detection pass for hourly monitors, called from detectAnomalies after the daily pass. Same
 * model and parameters as daily monitors (scoreSeries picks hour-of-week buckets from the hourly
 * timestamps), on the hourly series of rows that have hourly resolution (hourly-series.ts):
 *
 * - A scope without any hourly rows is skipped for the run, with the reason in the report, never
 *   scored from daily rows (a day's charge stamped at 00:00 would be a midnight spike).
 * - Mixed scopes (hourly usage beside daily or monthly fees, as in an hourly AWS CUR) are scored
 *   on their hourly rows only; the report notes how many dollars that leaves out. Skipping them
 *   instead would make hourly monitors useless on exactly the data that has hours.
 * - Settling: the last settleDays × 24 hours may still be restated; they neither open nor extend.
 * - Dollar floor per run: impact-floor.ts's rule on day totals (the monitor's hourly rows summed
 *   per day, and the whole bill's daily series), never on raw hours: a median of the 28 hours
 *   before a run would depend on the time of day. A daily run must move minRelative × one typical
 *   day of the monitor (one point); an hourly run minRelative × one typical hour, taken as the
 *   typical day / 24 (minRelative / 24 is passed). The monitor's own dollar floor and the share of
 *   the whole bill's typical day stay as they are: what matters to the company in dollars does not
 *   depend on how finely a monitor looks. Per point, scoreSeries's own dollar floor (minAbsolute,
 *   the monitor's floor) is spread over the day's hours (/ 24): a point need not move the whole
 *   run's floor by itself, or a $10-an-hour burst could never reach a $25 floor in any hour.
 * - Lifecycle as daily: a run matches a stored anomaly of the same direction whose hours overlap;
 *   an open, untouched anomaly inside the settled hours that no longer reproduces is withdrawn.
 * - Drivers and the price/usage split are ranked over the days the run covers (drivers.ts works by
 *   day); the explanation says so. The band holds the run's hours and the 21 hours before them.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { AnomalyRun } from './anomaly-runs.ts';
import { findRuns } from './anomaly-runs.ts';
import { getAnomaly } from './anomaly-store.ts';
import { dailySeriesBatch } from './cost-series.ts';
import type { DetectionReport } from './detect-anomalies.ts';
import { monitorParams, writeAnomaly } from './write-anomaly.ts';
import type { DetectorParams } from './detector-params.ts';
import { formatUsd } from './decimal.ts';
import { unflooredRuns, withdrawalReason, withdrawAnomaly } from './withdraw-anomaly.ts';
import { hourlySeriesBatch, dataHourRange } from './hourly-series.ts';
import { clearsFloor, impactFloorUsd } from './impact-floor.ts';
import type { Monitor } from './monitors.ts';
import { scoreSeries } from './score-series.ts';
import { seasonBuckets } from './season-buckets.ts';

export interface DetectHourlyContext {
  now: Date;
  settleDays: number;
  base: DetectorParams;
  holidays: readonly string[];
  minShareOfTotal: number;
  newId: () => string;
  actor: string;
  /** The store's day range (drivers' baseline starts there). */
  dayRange: { first: string; last: string };
  /** Filled in place: created, updated, withdrawn, skipped, notes, lastSettledHour. */
  report: DetectionReport;
}

interface ExistingHourly {
  id: string;
  start_at: string;
  end_at: string;
  direction: string;
  status: string;
  feedback: string | null;
}

/** Sums hourly values into the days of `days` (hour keys start with their ISO day). */
function perDay(hours: readonly string[], values: Float64Array, days: readonly string[]) {
  const index = new Map(days.map((d, i) => [d, i]));
  const out = new Float64Array(days.length);
  hours.forEach((h, i) => {
    const at = index.get(h.slice(0, 10));
    if (at !== undefined) out[at]! += values[i]!;
  });
  return out;
}

/**
 * Scores every hourly monitor and stores its anomalies.
 * @example await detectHourly(wh, hourlyMonitors, { now, settleDays: 2, base, … report });
 */
export async function detectHourly(
  wh: Warehouse,
  monitors: readonly Monitor[],
  ctx: DetectHourlyContext,
): Promise<void> {
  const { report } = ctx;
  const range = await dataHourRange(wh);
  if (!range) {
    for (const m of monitors) {
      report.skipped.push({
        monitorId: m.id,
        reason:
          'no rows in the store have hourly charge periods (ChargePeriodEnd − ChargePeriodStart ≤ 1 hour); ingest an hourly export to score this monitor by hour',
      });
    }
    return;
  }
  const metrics = [...new Set(monitors.map((m) => m.metric))];
  const read = await hourlySeriesBatch(wh, monitors, range);
  const days = { first: range.first.slice(0, 10), last: range.last.slice(0, 10) };
  const totals = await dailySeriesBatch(
    wh,
    metrics.map((metric) => ({ metric, filters: [] })),
    days,
  );
  const totalByMetric = new Map(metrics.map((m, i) => [m, totals[i]!.values]));
  const dayKeys = totals[0]!.days;
  const hours = read[0]!.series.days;
  const buckets = seasonBuckets(read[0]!.series.timesMs, { holidays: ctx.holidays });
  const settleHours = ctx.settleDays * 24;
  const settledIdx = hours.length - settleHours - 1;
  const lastSettled = settledIdx >= 0 ? hours[settledIdx]! : null;
  report.lastSettledHour = lastSettled;

  for (const [mi, monitor] of monitors.entries()) {
    const { series, coverage } = read[mi]!;
    if (coverage.hourlyRows === 0) {
      report.skipped.push({
        monitorId: monitor.id,
        reason: `its scope has no rows with hourly charge periods between ${days.first} and ${days.last} (${coverage.otherRows} daily or longer rows); hourly detection would only see each day's charge at its start hour`,
      });
      continue;
    }
    if (coverage.otherRows > 0) {
      report.notes.push({
        monitorId: monitor.id,
        note: `scored on its ${coverage.hourlyRows} hourly rows (${formatUsd(coverage.hourlyCost)}); ${coverage.otherRows} daily or longer rows (${formatUsd(coverage.otherCost)}) are left out of the hourly series`,
      });
    }
    const params = monitorParams(monitor, ctx.base);
    const pointParams = { ...params, minAbsolute: params.minAbsolute / 24 };
    const scores = scoreSeries(series.values, series.timesMs, pointParams, buckets);
    if (scores.warmup >= hours.length - settleHours) {
      report.notes.push({
        monitorId: monitor.id,
        note: `still learning: ${hours.length} hours of hourly data; hourly scoring starts after two weeks of hours (${2 * buckets.cyclePoints})`,
      });
    }
    const dailyValues = perDay(hours, series.values, dayKeys);
    const floorOf = (run: AnomalyRun) =>
      impactFloorUsd({
        startIndex: dayKeys.indexOf(run.startDay.slice(0, 10)),
        values: dailyValues,
        totalValues: totalByMetric.get(monitor.metric)!,
        minImpactUsd: params.minAbsolute,
        minRelative: params.minRelative / 24,
        minShareOfTotal: ctx.minShareOfTotal,
      });
    const runs = findRuns(series, scores, { settleDays: settleHours }).filter((run) =>
      clearsFloor(run, floorOf(run)),
    );
    let unfloored: AnomalyRun[] | undefined;
    const existing = await wh.query<ExistingHourly>(
      `SELECT id, strftime(coalesce(start_at, start_day::TIMESTAMP), '%Y-%m-%dT%H:00:00Z') AS start_at,
         strftime(coalesce(end_at, end_day::TIMESTAMP + INTERVAL 23 HOUR), '%Y-%m-%dT%H:00:00Z') AS end_at,
         direction, status, feedback
       FROM anomaly WHERE monitor_id = $1`,
      [monitor.id],
    );
    const matched = new Set<string>();
    for (const hourRun of runs) {
      const hoursOf = { startAt: hourRun.startDay, endAt: hourRun.endDay };
      const run: AnomalyRun = {
        ...hourRun,
        startDay: hourRun.startDay.slice(0, 10),
        endDay: hourRun.endDay.slice(0, 10),
      };
      const write = { monitor, run, range: ctx.dayRange, now: ctx.now, actor: ctx.actor };
      const prior = existing.find(
        (e) =>
          e.direction === run.direction &&
          e.start_at <= hoursOf.endAt &&
          e.end_at >= hoursOf.startAt,
      );
      if (prior) {
        matched.add(prior.id);
        if (prior.start_at === hoursOf.startAt && prior.end_at === hoursOf.endAt) continue;
        await writeAnomaly(wh, { ...write, id: prior.id, isNew: false, hours: hoursOf });
        report.updated.push(await getAnomaly(wh, prior.id));
      } else {
        const id = ctx.newId();
        await writeAnomaly(wh, { ...write, id, isNew: true, hours: hoursOf });
        report.created.push(await getAnomaly(wh, id));
      }
    }
    for (const e of existing) {
      if (matched.has(e.id) || e.status !== 'open' || e.feedback !== null) continue;
      if (lastSettled === null || e.end_at > lastSettled) continue;
      // Say which: still unusual but now under a floor, or not unusual at all any more.
      unfloored ??= unflooredRuns(series, params, buckets, settleHours);
      const under = unfloored.find(
        (r) => r.direction === e.direction && r.startDay <= e.end_at && r.endDay >= e.start_at,
      );
      const reason = withdrawalReason(under && { run: under, floorUsd: floorOf(under) }, {
        data: 'hourly data',
      });
      await withdrawAnomaly(wh, { id: e.id, now: ctx.now, actor: ctx.actor, reason });
      report.withdrawn.push(e.id);
    }
  }
}
