/**
 * Writing one detected run as an anomaly (drivers, price/usage split, explanation, evidence and a
 * history entry, in one transaction), and the detector parameters a monitor runs with. Shared by
 * the daily pass (detect-anomalies.ts) and the hourly one (detect-hourly.ts).
 */
import type { Warehouse } from '../store/warehouse.ts';
import { severityOf } from './anomaly-runs.ts';
import type { AnomalyRun } from './anomaly-runs.ts';
import { appendHistory } from './anomaly-store.ts';
import type { DetectorParams } from './detector-params.ts';
import { baselineFor, rankDrivers } from './drivers.ts';
import { explainAnomaly } from './explain-anomaly.ts';
import type { Monitor } from './monitors.ts';
import { priceUsageSplit } from './price-usage-split.ts';

/** The detector parameters a monitor runs with. */
export function monitorParams(m: Monitor, base: DetectorParams): DetectorParams {
  return {
    ...base,
    zThreshold: base.zThreshold / m.sensitivity,
    minAbsolute: Math.max(base.minAbsolute, Number(m.minImpactUsd)),
    minRelative: m.minRelative,
  };
}

/**
 * Writes a new or changed anomaly with its drivers, split and explanation. `hours` (hourly
 * monitors) is the first and last anomalous hour; `run.startDay`/`endDay` are then their days,
 * which is what drivers and the split are ranked over.
 */
export async function writeAnomaly(
  wh: Warehouse,
  a: {
    monitor: Monitor;
    run: AnomalyRun;
    range: { first: string };
    id: string;
    now: Date;
    actor: string;
    isNew: boolean;
    hours?: { startAt: string; endAt: string };
  },
): Promise<void> {
  const { monitor, run } = a;
  const analysis = await rankDrivers(wh, {
    metric: monitor.metric,
    filters: monitor.filters,
    start: run.startDay,
    end: run.endDay,
    firstDay: a.range.first,
  });
  const split = await priceUsageSplit(wh, {
    metric: monitor.metric,
    filters: monitor.filters,
    start: run.startDay,
    end: run.endDay,
    baseline: baselineFor(run.startDay, run.endDay, a.range.first),
  });
  const explanation = explainAnomaly({
    monitorName: monitor.name,
    metric: monitor.metric,
    startDay: run.startDay,
    endDay: run.endDay,
    direction: run.direction,
    actualUsd: run.actualUsd,
    expectedUsd: run.expectedUsd,
    impactUsd: run.impactUsd,
    drivers: analysis.drivers,
    broad: analysis.broad,
    split,
    ...(a.hours ?? {}),
  });
  const scopeQuery = {
    metric: monitor.metric,
    filters: monitor.filters,
    timeRange: { start: (run.band[0]?.day ?? run.startDay).slice(0, 10), end: nextDay(run.endDay) },
    grain: 'day' as const,
  };
  const values = [
    a.id,
    monitor.id,
    run.startDay,
    run.endDay,
    run.direction,
    severityOf(run.impactUsd),
    run.actualUsd,
    run.expectedUsd,
    run.impactUsd,
    run.peakScore,
    JSON.stringify(run.band),
    JSON.stringify(analysis.drivers),
    JSON.stringify(split),
    explanation,
    JSON.stringify([scopeQuery, ...analysis.evidence]),
    a.now.toISOString(),
    a.hours ? a.hours.startAt.slice(0, 19) : null,
    a.hours ? a.hours.endAt.slice(0, 19) : null,
  ];
  await wh.transaction(async (tx) => {
    if (a.isNew) {
      await tx.exec(
        `INSERT INTO anomaly (id, monitor_id, start_day, end_day, direction, status, severity, actual_usd, expected_usd,
           impact_usd, peak_score, band, drivers, split, explanation, evidence, feedback, detected_at, updated_at,
           start_at, end_at)
         VALUES ($1, $2, $3::DATE, $4::DATE, $5, 'open', $6, $7::DECIMAL(38,15), $8::DECIMAL(38,15),
           $9::DECIMAL(38,15), $10, $11::JSON, $12::JSON, $13::JSON, $14, $15::JSON, NULL, $16::TIMESTAMP, $16::TIMESTAMP,
           $17::TIMESTAMP, $18::TIMESTAMP)`,
        values,
      );
    } else {
      await tx.exec(
        `UPDATE anomaly SET monitor_id = $2, start_day = $3::DATE, end_day = $4::DATE, direction = $5, severity = $6,
           actual_usd = $7::DECIMAL(38,15), expected_usd = $8::DECIMAL(38,15), impact_usd = $9::DECIMAL(38,15),
           peak_score = $10, band = $11::JSON, drivers = $12::JSON, split = $13::JSON, explanation = $14,
           evidence = $15::JSON, updated_at = $16::TIMESTAMP, start_at = $17::TIMESTAMP, end_at = $18::TIMESTAMP
         WHERE id = $1`,
        values,
      );
    }
    await appendHistory(tx, {
      anomalyId: a.id,
      at: a.now,
      actor: a.actor,
      action: a.isNew ? 'detected' : 'extended',
      to: a.isNew ? 'open' : null,
      reason: `${a.hours ? `${a.hours.startAt}…${a.hours.endAt}` : `${run.startDay}…${run.endDay}`}, impact ${run.impactUsd}`,
    });
  });
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
