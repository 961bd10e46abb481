/**
 * Anomalies as stored insights (architecture contract 4) and their lifecycle: open → acknowledged
 * → resolved, each change by a named actor with a reason in the append-only `anomaly_history`.
 * Feedback (expected / real issue / not an issue) moves the monitor's sensitivity once per anomaly
 * (a relabel undoes the earlier effect) and feeds per-monitor precision. No detection here.
 */
import { CostLensError } from '../errors.ts';
import type { SemanticQuery } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { BandPoint, AnomalySeverity } from './anomaly-runs.ts';
import type { Driver } from './drivers.ts';
import type { PriceUsageSplit } from './price-usage-split.ts';
import { groupIncidents } from './group-incidents.ts';

export type AnomalyStatus = 'open' | 'acknowledged' | 'resolved';
export type Feedback = 'expected' | 'real_issue' | 'not_an_issue';
export const FEEDBACK_VALUES: readonly Feedback[] = ['expected', 'real_issue', 'not_an_issue'];

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  fromStatus: AnomalyStatus | null;
  toStatus: AnomalyStatus | null;
  reason: string | null;
}

/** Another monitor's anomaly that is part of the same incident (see group-incidents.ts). */
export interface RelatedAnomaly {
  id: string;
  monitorId: string;
  monitorName: string;
  startDay: string;
  endDay: string;
  impactUsd: string;
  severity: AnomalySeverity;
}

/** An anomaly insight: the shared insight fields plus the anomaly's own. */
export interface Anomaly {
  id: string;
  kind: 'anomaly';
  title: string;
  impactUsd: string;
  why: string[];
  evidence: SemanticQuery[];
  risk: AnomalySeverity;
  /** The peak anomaly score in [0, 1]. */
  confidence: number;
  status: AnomalyStatus;
  history: HistoryEntry[];
  seriesKey: string;
  monitorId: string;
  monitorName: string;
  /** The monitor's owning team, for routing. */
  team: string | null;
  startDay: string;
  endDay: string;
  /**
   * Hourly monitors only: the first and last anomalous hour (UTC, ISO, each the start of its
   * hour; the run covers startAt up to endAt + 1 hour). Absent for daily anomalies.
   */
  startAt?: string;
  endAt?: string;
  direction: 'spike' | 'drop';
  severity: AnomalySeverity;
  actual: string;
  expected: string;
  band: BandPoint[];
  drivers: Driver[];
  split: PriceUsageSplit | null;
  explanation: string;
  feedback: Feedback | null;
  detectedAt: string;
  updatedAt: string;
  /** Set when listed as incidents: the other monitors' anomalies of the same incident. */
  related?: RelatedAnomaly[];
}

/** Multiplier each feedback applies to the monitor's sensitivity. */
export const FEEDBACK_EFFECT: Readonly<Record<Feedback, number>> = {
  real_issue: 1.05,
  expected: 0.93,
  not_an_issue: 0.85,
};

const SEVERITY_RANK = `CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

const SELECT = `SELECT id, monitor_id, start_day::VARCHAR AS start_day, end_day::VARCHAR AS end_day, direction,
  status, severity, actual_usd::VARCHAR AS actual_usd, expected_usd::VARCHAR AS expected_usd,
  impact_usd::VARCHAR AS impact_usd, peak_score, band::VARCHAR AS band, drivers::VARCHAR AS drivers,
  split::VARCHAR AS split, explanation, evidence::VARCHAR AS evidence, feedback,
  strftime(detected_at, '%Y-%m-%dT%H:%M:%SZ') AS detected_at, strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') AS updated_at,
  strftime(start_at, '%Y-%m-%dT%H:%M:%SZ') AS start_at, strftime(end_at, '%Y-%m-%dT%H:%M:%SZ') AS end_at,
  (SELECT m.name FROM anomaly_monitor m WHERE m.id = anomaly.monitor_id) AS monitor_name,
  (SELECT m.team FROM anomaly_monitor m WHERE m.id = anomaly.monitor_id) AS team
  FROM anomaly`;

interface AnomalyRow {
  id: string;
  monitor_id: string;
  start_day: string;
  end_day: string;
  direction: 'spike' | 'drop';
  status: AnomalyStatus;
  severity: AnomalySeverity;
  actual_usd: string;
  expected_usd: string;
  impact_usd: string;
  peak_score: number;
  band: string;
  drivers: string;
  split: string | null;
  explanation: string;
  evidence: string;
  feedback: Feedback | null;
  detected_at: string;
  updated_at: string;
  start_at: string | null;
  end_at: string | null;
  monitor_name: string | null;
  team: string | null;
}

/**
 * An hourly anomaly's span for titles: `2026-03-04 14:00–17:00 UTC` (the end is exclusive: the
 * last anomalous hour ends then), or `2026-03-04 22:00 – 2026-03-05 02:00 UTC` across midnight.
 * @example hourSpan('2026-03-04T14:00:00Z', '2026-03-04T16:00:00Z') // '2026-03-04 14:00–17:00 UTC'
 */
export function hourSpan(startAt: string, endAt: string): string {
  const end = new Date(Date.parse(endAt) + 3_600_000).toISOString();
  const [sd, st] = [startAt.slice(0, 10), startAt.slice(11, 16)];
  const [ed, et] = [end.slice(0, 10), end.slice(11, 16)];
  if (sd === endAt.slice(0, 10)) return `${sd} ${st}–${et === '00:00' ? '24:00' : et} UTC`;
  return `${sd} ${st} – ${ed} ${et} UTC`;
}

function fromRow(r: AnomalyRow, history: HistoryEntry[] = []): Anomaly {
  const drivers = JSON.parse(r.drivers) as Driver[];
  const when =
    r.start_at && r.end_at
      ? hourSpan(r.start_at, r.end_at)
      : r.start_day === r.end_day
        ? r.start_day
        : `${r.start_day}…${r.end_day}`;
  return {
    id: r.id,
    kind: 'anomaly',
    title: `${r.direction === 'spike' ? 'Spike' : 'Drop'} in ${r.monitor_name ?? r.monitor_id} ${when}`,
    impactUsd: r.impact_usd,
    why: r.explanation.split(/(?<=\.)\s+(?=[A-Z])/),
    evidence: JSON.parse(r.evidence) as SemanticQuery[],
    risk: r.severity,
    confidence: Number(r.peak_score),
    status: r.status,
    history,
    seriesKey: r.monitor_id,
    monitorId: r.monitor_id,
    monitorName: r.monitor_name ?? r.monitor_id,
    team: r.team,
    startDay: r.start_day,
    endDay: r.end_day,
    ...(r.start_at && r.end_at ? { startAt: r.start_at, endAt: r.end_at } : {}),
    direction: r.direction,
    severity: r.severity,
    actual: r.actual_usd,
    expected: r.expected_usd,
    band: JSON.parse(r.band) as BandPoint[],
    drivers,
    split: r.split ? (JSON.parse(r.split) as PriceUsageSplit) : null,
    explanation: r.explanation,
    feedback: r.feedback,
    detectedAt: r.detected_at,
    updatedAt: r.updated_at,
  };
}

export interface ListAnomaliesOptions {
  status?: AnomalyStatus | 'active';
  monitorId?: string;
  limit?: number;
  /** One entry per incident (the most specific monitor's anomaly, others in `related`). */
  incidents?: boolean;
}

/** Anomalies by severity, then |impact|, newest first. `active` = open or acknowledged. */
export async function listAnomalies(
  wh: Warehouse,
  opts: ListAnomaliesOptions = {},
): Promise<Anomaly[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (opts.status === 'active') where.push(`status IN ('open', 'acknowledged')`);
  else if (opts.status) where.push(`status = $${params.push(opts.status)}`);
  if (opts.monitorId) where.push(`monitor_id = $${params.push(opts.monitorId)}`);
  const limit = Math.floor(opts.limit ?? 1000);
  // Incidents are grouped before the limit applies, so a leader never loses its members.
  const rows = await wh.query<AnomalyRow>(
    `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${SEVERITY_RANK}, abs(impact_usd) DESC, end_day DESC, id
     ${opts.incidents ? '' : `LIMIT ${limit}`}`,
    params,
  );
  const anomalies = rows.map((r) => fromRow(r));
  return opts.incidents ? groupIncidents(anomalies).slice(0, limit) : anomalies;
}

/** One anomaly with its history, or NOT_FOUND. */
export async function getAnomaly(wh: Warehouse, id: string): Promise<Anomaly> {
  const [row] = await wh.query<AnomalyRow>(`${SELECT} WHERE id = $1`, [id]);
  if (!row) {
    throw new CostLensError({
      code: 'NOT_FOUND',
      message: `no anomaly "${id}"`,
      hint: 'List anomalies with `costlens anomalies list`.',
    });
  }
  const history = await wh.query<{
    at: string;
    actor: string;
    action: string;
    from_status: AnomalyStatus | null;
    to_status: AnomalyStatus | null;
    reason: string | null;
  }>(
    `SELECT strftime(happened_at, '%Y-%m-%dT%H:%M:%SZ') AS at, actor, action, from_status, to_status, reason
     FROM anomaly_history WHERE anomaly_id = $1 ORDER BY happened_at, rowid`,
    [id],
  );
  return fromRow(
    row,
    history.map((h) => ({
      at: h.at,
      actor: h.actor,
      action: h.action,
      fromStatus: h.from_status,
      toStatus: h.to_status,
      reason: h.reason,
    })),
  );
}

/** Appends one history entry. */
export async function appendHistory(
  wh: Warehouse,
  e: {
    anomalyId: string;
    at: Date;
    actor: string;
    action: string;
    from?: AnomalyStatus | null;
    to?: AnomalyStatus | null;
    reason?: string | null;
  },
): Promise<void> {
  await wh.exec(`INSERT INTO anomaly_history VALUES ($1, $2::TIMESTAMP, $3, $4, $5, $6, $7)`, [
    e.anomalyId,
    e.at.toISOString(),
    e.actor,
    e.action,
    e.from ?? null,
    e.to ?? null,
    e.reason ?? null,
  ]);
}

const ALLOWED: Record<AnomalyStatus, readonly AnomalyStatus[]> = {
  open: ['acknowledged', 'resolved'],
  acknowledged: ['resolved'],
  resolved: ['open'],
};

/**
 * Moves an anomaly to `to` (open → acknowledged → resolved; resolved → open reopens).
 * @example await setAnomalyStatus(wh, id, 'acknowledged', { actor: 'ana', reason: 'looking', now });
 */
export async function setAnomalyStatus(
  wh: Warehouse,
  id: string,
  to: AnomalyStatus,
  opts: { actor: string; reason?: string; now: Date },
): Promise<Anomaly> {
  const current = await getAnomaly(wh, id);
  if (current.status === to) return current;
  if (!ALLOWED[current.status].includes(to)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `anomaly ${id} is ${current.status}; it cannot become ${to}`,
      hint: `From ${current.status} it can become: ${ALLOWED[current.status].join(', ')}.`,
    });
  }
  await wh.transaction(async (tx) => {
    await tx.exec(`UPDATE anomaly SET status = $2, updated_at = $3::TIMESTAMP WHERE id = $1`, [
      id,
      to,
      opts.now.toISOString(),
    ]);
    await appendHistory(tx, {
      anomalyId: id,
      at: opts.now,
      actor: opts.actor,
      action: 'status',
      from: current.status,
      to,
      reason: opts.reason ?? null,
    });
  });
  return getAnomaly(wh, id);
}

/**
 * Records feedback: adjusts the monitor's sensitivity (undoing an earlier label on this anomaly),
 * and resolves the anomaly when it was not worth an alert (`expected`, `not_an_issue`) or
 * acknowledges it when it was (`real_issue`).
 */
export async function recordFeedback(
  wh: Warehouse,
  id: string,
  feedback: Feedback,
  opts: { actor: string; note?: string; now: Date },
): Promise<Anomaly> {
  if (!FEEDBACK_VALUES.includes(feedback)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `unknown feedback "${feedback}"`,
      hint: `Use one of: ${FEEDBACK_VALUES.join(', ')}.`,
    });
  }
  const current = await getAnomaly(wh, id);
  const factor =
    FEEDBACK_EFFECT[feedback] / (current.feedback ? FEEDBACK_EFFECT[current.feedback] : 1);
  const to: AnomalyStatus =
    feedback === 'real_issue'
      ? current.status === 'open'
        ? 'acknowledged'
        : current.status
      : 'resolved';
  await wh.transaction(async (tx) => {
    await tx.exec(
      `UPDATE anomaly_monitor SET sensitivity = least(2, greatest(0.4, sensitivity * $2)) WHERE id = $1`,
      [current.monitorId, factor],
    );
    await tx.exec(
      `UPDATE anomaly SET feedback = $2, status = $3, updated_at = $4::TIMESTAMP WHERE id = $1`,
      [id, feedback, to, opts.now.toISOString()],
    );
    await appendHistory(tx, {
      anomalyId: id,
      at: opts.now,
      actor: opts.actor,
      action: `feedback:${feedback}`,
      from: current.status,
      to,
      reason: opts.note ?? null,
    });
  });
  return getAnomaly(wh, id);
}

export interface MonitorPrecision {
  monitorId: string;
  anomalies: number;
  labelled: number;
  realIssue: number;
  expected: number;
  notAnIssue: number;
  /** real_issue / labelled; null until something is labelled. */
  precision: number | null;
}

/** Per-monitor precision from feedback. */
export async function monitorPrecision(wh: Warehouse): Promise<MonitorPrecision[]> {
  const rows = await wh.query<{
    monitor_id: string;
    n: number;
    labelled: number;
    real: number;
    exp: number;
    nai: number;
  }>(
    `SELECT monitor_id, count(*)::INTEGER AS n, count(feedback)::INTEGER AS labelled,
       count(*) FILTER (WHERE feedback = 'real_issue')::INTEGER AS real,
       count(*) FILTER (WHERE feedback = 'expected')::INTEGER AS exp,
       count(*) FILTER (WHERE feedback = 'not_an_issue')::INTEGER AS nai
     FROM anomaly GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => ({
    monitorId: r.monitor_id,
    anomalies: r.n,
    labelled: r.labelled,
    realIssue: r.real,
    expected: r.exp,
    notAnIssue: r.nai,
    precision: r.labelled > 0 ? r.real / r.labelled : null,
  }));
}
