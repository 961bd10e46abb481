/**
 * One detection pass over every enabled monitor: read its daily series, score it, merge runs of
 * anomalous settled days, and create or update anomalies with drivers, a price/usage split and an
 * explanation. Re-running after a restatement converges: runs are recomputed from the data as it
 * now is, and an open, untouched anomaly that no longer reproduces is resolved with that reason.
 */
import { randomUUID } from 'node:crypto';
import { COST_TABLE } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { findRuns } from './anomaly-runs.ts';
import type { AnomalyRun } from './anomaly-runs.ts';
import { getAnomaly } from './anomaly-store.ts';
import type { Anomaly } from './anomaly-store.ts';
import { dailySeriesBatch, dataDayRange } from './cost-series.ts';
import type { DetectorParams } from './detector-params.ts';
import { resolveParams } from './detector-params.ts';
import { ensureDefaultMonitors, listMonitors } from './monitors.ts';
import type { DefaultMonitorOptions } from './monitors.ts';
import { scoreSeries } from './score-series.ts';
import { DEFAULT_HOLIDAYS, seasonBuckets } from './season-buckets.ts';
import { clearsFloor, DEFAULT_MIN_SHARE_OF_TOTAL, impactFloorUsd } from './impact-floor.ts';
import { unflooredRuns, withdrawalReason, withdrawAnomaly } from './withdraw-anomaly.ts';
import { detectHourly } from './detect-hourly.ts';
import { monitorParams, writeAnomaly } from './write-anomaly.ts';

export { monitorParams } from './write-anomaly.ts';

export interface DetectAnomaliesOptions {
  now: Date;
  /** Trailing days a provider may still restate: they neither open nor extend anomalies (default 2). */
  settleDays?: number;
  /** Create the default monitors first (default true). */
  createDefaults?: boolean;
  /** How many of each kind of default monitor to create. */
  defaults?: Omit<DefaultMonitorOptions, 'now'>;
  /** Only these monitors (default: every enabled one). */
  monitorIds?: readonly string[];
  params?: Partial<DetectorParams>;
  /**
   * Business calendar (`MM-DD`, `YYYY-MM-DD` or `A..B` ranges): those days get a wider band and
   * are never learnt from (default DEFAULT_HOLIDAYS, the year-end holidays; [] for none).
   */
  holidays?: readonly string[];
  /**
   * A run must move at least this share of the whole bill's typical day (default
   * DEFAULT_MIN_SHARE_OF_TOTAL), besides the monitor's own floors; 0 turns it off.
   */
  minShareOfTotal?: number;
  newId?: () => string;
  actor?: string;
}

export interface DetectionReport {
  monitors: number;
  firstDay: string | null;
  lastSettledDay: string | null;
  created: Anomaly[];
  updated: Anomaly[];
  /** Ids resolved because the data no longer shows them. */
  withdrawn: string[];
  /** Hourly monitors not scored this run, and why (e.g. their scope has only daily rows). */
  skipped: { monitorId: string; reason: string }[];
  /** Facts about a monitor's run worth showing (e.g. an hourly scope's daily rows left out). */
  notes: { monitorId: string; note: string }[];
  /** The last hour hourly monitors scored as settled (null without hourly monitors or data). */
  lastSettledHour: string | null;
}

interface Existing {
  id: string;
  start_day: string;
  end_day: string;
  direction: string;
  status: string;
  feedback: string | null;
  impact_usd: string;
}

/**
 * Runs detection.
 * @example const report = await detectAnomalies(wh, { now: new Date() });
 */
export async function detectAnomalies(
  wh: Warehouse,
  opts: DetectAnomaliesOptions,
): Promise<DetectionReport> {
  const settleDays = opts.settleDays ?? 2;
  const base = resolveParams(opts.params);
  const newId = opts.newId ?? (() => `anom_${randomUUID().slice(0, 12)}`);
  const actor = opts.actor ?? 'detector';
  const range = await dataDayRange(wh);
  const report: DetectionReport = {
    monitors: 0,
    firstDay: range?.first ?? null,
    lastSettledDay: null,
    created: [],
    updated: [],
    withdrawn: [],
    skipped: [],
    notes: [],
    lastSettledHour: null,
  };
  if (!range) return report;
  const enabled = (
    opts.createDefaults === false
      ? await listMonitors(wh)
      : await ensureDefaultMonitors(wh, { ...opts.defaults, now: opts.now })
  ).filter((m) => m.enabled && (!opts.monitorIds || opts.monitorIds.includes(m.id)));
  report.monitors = enabled.length;
  // Hourly monitors take their own path (detect-hourly.ts); the rest is the daily pass.
  const monitors = enabled.filter((m) => m.granularity !== 'hour');
  let buckets: ReturnType<typeof seasonBuckets> | undefined;

  // The whole bill per metric, read in the same pass: the share-of-total floor compares with it.
  const metrics = [...new Set(monitors.map((m) => m.metric))];
  const allSeries = await dailySeriesBatch(
    wh,
    [...monitors, ...metrics.map((metric) => ({ metric, filters: [] }))],
    range,
  );
  const totals = new Map(metrics.map((m, i) => [m, allSeries[monitors.length + i]!]));
  const minShareOfTotal = opts.minShareOfTotal ?? DEFAULT_MIN_SHARE_OF_TOTAL;
  const openPeriod = await latestBillingPeriodStart(wh);
  for (const [mi, monitor] of monitors.entries()) {
    const series = allSeries[mi]!;
    buckets ??= seasonBuckets(series.timesMs, { holidays: opts.holidays ?? DEFAULT_HOLIDAYS });
    const params = monitorParams(monitor, base);
    const scores = scoreSeries(series.values, series.timesMs, params, buckets);
    const floorOf = (run: AnomalyRun) =>
      impactFloorUsd({
        startIndex: series.days.indexOf(run.startDay),
        values: series.values,
        totalValues: totals.get(monitor.metric)!.values,
        minImpactUsd: params.minAbsolute,
        minRelative: params.minRelative,
        minShareOfTotal,
      });
    const found = findRuns(series, scores, { settleDays }).filter((run) =>
      clearsFloor(run, floorOf(run)),
    );
    // The latest billing period is still open: charges billed when it closes (support, tax,
    // monthly fees stamped on its first or last days) are missing, not gone. A drop on those days
    // only is held until the period's invoice arrives.
    const held = found.filter((run) => billedAtClose(run, series.days, buckets!, openPeriod));
    const runs = found.filter((run) => !held.includes(run));
    for (const run of held) {
      report.notes.push({
        monitorId: monitor.id,
        note: `a drop on ${run.startDay === run.endDay ? run.startDay : `${run.startDay} to ${run.endDay}`} is held: the open billing period's month-start and month-end charges usually arrive when it closes`,
      });
    }
    const settledIdx = series.days.length - settleDays - 1;
    const lastSettled = settledIdx >= 0 ? series.days[settledIdx]! : null;
    report.lastSettledDay = lastSettled;
    const existing = await wh.query<Existing>(
      `SELECT id, start_day::VARCHAR AS start_day, end_day::VARCHAR AS end_day, direction, status, feedback,
         impact_usd::VARCHAR AS impact_usd
       FROM anomaly WHERE monitor_id = $1`,
      [monitor.id],
    );
    const matched = new Set<string>();

    for (const run of runs) {
      const prior = existing.find(
        (e) =>
          e.direction === run.direction && e.start_day <= run.endDay && e.end_day >= run.startDay,
      );
      if (prior) {
        matched.add(prior.id);
        if (prior.start_day === run.startDay && prior.end_day === run.endDay) continue;
        await writeAnomaly(wh, {
          monitor,
          run,
          range,
          id: prior.id,
          now: opts.now,
          actor,
          isNew: false,
        });
        report.updated.push(await getAnomaly(wh, prior.id));
      } else {
        const id = newId();
        await writeAnomaly(wh, { monitor, run, range, id, now: opts.now, actor, isNew: true });
        report.created.push(await getAnomaly(wh, id));
      }
    }
    // Open, untouched anomalies inside the settled range that the data no longer shows.
    let unfloored: AnomalyRun[] | undefined;
    for (const e of existing) {
      if (matched.has(e.id) || e.status !== 'open' || e.feedback !== null) continue;
      if (lastSettled === null || e.end_day > lastSettled) continue;
      // Say which: held, still unusual but now under a floor, or not unusual at all any more.
      const heldRun = held.find(
        (r) => r.direction === e.direction && r.startDay <= e.end_day && r.endDay >= e.start_day,
      );
      unfloored ??= unflooredRuns(series, params, buckets, settleDays);
      const under = unfloored.find(
        (r) => r.direction === e.direction && r.startDay <= e.end_day && r.endDay >= e.start_day,
      );
      const reason = withdrawalReason(under && { run: under, floorUsd: floorOf(under) }, {
        held: heldRun !== undefined,
      });
      await withdrawAnomaly(wh, { id: e.id, now: opts.now, actor, reason });
      report.withdrawn.push(e.id);
    }
  }
  const hourly = enabled.filter((m) => m.granularity === 'hour');
  if (hourly.length > 0) {
    await detectHourly(wh, hourly, {
      now: opts.now,
      settleDays,
      base,
      holidays: opts.holidays ?? DEFAULT_HOLIDAYS,
      minShareOfTotal,
      newId,
      actor,
      dayRange: range,
      report,
    });
  }
  return report;
}

/** The start (ISO day) of the latest billing period in the store, or null. */
async function latestBillingPeriodStart(wh: Warehouse): Promise<string | null> {
  const [r] = await wh.query<{ p: string | null }>(
    `SELECT max("BillingPeriodStart")::DATE::VARCHAR AS p FROM ${COST_TABLE}`,
  );
  return r?.p ?? null;
}

/** A drop whose days all sit on month positions (first or last days) of the open period. */
function billedAtClose(
  run: AnomalyRun,
  days: readonly string[],
  buckets: ReturnType<typeof seasonBuckets>,
  openPeriod: string | null,
): boolean {
  if (run.direction !== 'drop' || openPeriod === null || run.startDay < openPeriod) return false;
  const from = days.indexOf(run.startDay);
  const to = days.indexOf(run.endDay);
  if (from < 0 || to < from) return false;
  for (let i = from; i <= to; i++) if (buckets.monthPosition[i] === 0) return false;
  return true;
}
