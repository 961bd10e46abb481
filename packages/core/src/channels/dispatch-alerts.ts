/**
 * Sends what routing says to send, exactly once: each (channel, incident, severity) alert and each
 * (channel, day) digest is claimed in `alert_sent` before it goes out and released only if the
 * send fails — so a restart, a second run or a second process never repeats one. One incident
 * (the same change seen by the total, its provider, service and team monitors) is one message per
 * channel, led by its most specific anomaly; a member alerted before blocks it. Only incidents
 * with an open anomaly ending within `maxAgeDays` of the data's last day alert.
 */
import { listAnomalies } from '../anomaly/anomaly-store.ts';
import { groupIncidents } from '../anomaly/group-incidents.ts';
import type { Anomaly } from '../anomaly/anomaly-store.ts';
import { dataDayRange } from '../anomaly/cost-series.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { Channel, Delivery } from './channel.ts';
import { routeAnomaly } from './routing.ts';
import type { RoutingRule } from './routing.ts';

export interface DispatchResult {
  sent: { channelId: string; key: string }[];
  failed: { channelId: string; key: string; error: string }[];
  /** Already sent before (deduplicated). */
  skipped: number;
}

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

async function claim(
  wh: Warehouse,
  channelId: string,
  key: string,
  anomalyId: string | null,
  kind: string,
  now: Date,
  blockedBy: readonly string[] = [],
): Promise<boolean> {
  return wh.transaction(async (tx) => {
    const keys = [key, ...blockedBy];
    const [hit] = await tx.query(
      `SELECT 1 FROM alert_sent WHERE channel_id = $1 AND dedupe_key IN (${keys.map((_, i) => `$${i + 2}`).join(', ')})`,
      [channelId, ...keys],
    );
    if (hit) return false;
    await tx.exec(`INSERT INTO alert_sent VALUES ($1, $2, $3, $4, $5::TIMESTAMP)`, [
      channelId,
      key,
      anomalyId,
      kind,
      now.toISOString(),
    ]);
    return true;
  });
}

async function deliver(
  wh: Warehouse,
  channel: Channel,
  d: Delivery,
  key: string,
  now: Date,
  result: DispatchResult,
  blockedBy: readonly string[] = [],
): Promise<void> {
  const anomalyId = d.kind === 'alert' ? d.anomaly.id : null;
  if (!(await claim(wh, channel.id, key, anomalyId, d.kind, now, blockedBy))) {
    result.skipped++;
    return;
  }
  try {
    await channel.send(d);
    result.sent.push({ channelId: channel.id, key });
  } catch (e) {
    await wh.exec(`DELETE FROM alert_sent WHERE channel_id = $1 AND dedupe_key = $2`, [
      channel.id,
      key,
    ]);
    result.failed.push({
      channelId: channel.id,
      key,
      error: e instanceof Error ? e.message : String(e),
    });
  }
}

/**
 * Alerts every routed channel about open, recent anomalies not alerted yet.
 * @example await dispatchAlerts(wh, { channels, rules, now: new Date() });
 */
export async function dispatchAlerts(
  wh: Warehouse,
  opts: {
    channels: readonly Channel[];
    rules: readonly RoutingRule[];
    now: Date;
    maxAgeDays?: number;
  },
): Promise<DispatchResult> {
  const result: DispatchResult = { sent: [], failed: [], skipped: 0 };
  const range = await dataDayRange(wh);
  if (!range) return result;
  const cutoff = new Date(
    Date.parse(`${range.last}T00:00:00Z`) - (opts.maxAgeDays ?? 7) * 86_400_000,
  )
    .toISOString()
    .slice(0, 10);
  const byId = new Map(opts.channels.map((c) => [c.id, c]));
  const open = await listAnomalies(wh, { status: 'open' });
  const openById = new Map(open.map((a) => [a.id, a]));
  for (const lead of groupIncidents(open)) {
    const members = [lead, ...(lead.related ?? []).map((r) => openById.get(r.id)!)];
    if (!members.some((m) => m.endDay >= cutoff)) continue;
    // Any member's rule reaches the incident: a rule on the total still hears of a service spike.
    const channelIds = new Set(members.flatMap((m) => routeAnomaly(m, opts.rules)));
    // Sent before for this incident at this severity or above, under any member's id: skip.
    const atOrAbove = SEVERITIES.slice(SEVERITIES.indexOf(lead.severity));
    const blockedBy = members.flatMap((m) => atOrAbove.map((s) => `alert:${m.id}:${s}`));
    for (const channelId of channelIds) {
      const channel = byId.get(channelId);
      if (!channel) {
        result.failed.push({
          channelId,
          key: lead.id,
          error: `no channel "${channelId}" is configured`,
        });
        continue;
      }
      await deliver(
        wh,
        channel,
        { kind: 'alert', anomaly: lead },
        `alert:${lead.id}:${lead.severity}`,
        opts.now,
        result,
        blockedBy,
      );
    }
  }
  return result;
}

/**
 * Sends one digest per channel per UTC day: every active incident, most severe first.
 * @example await sendDigest(wh, { channels, now: new Date() });
 */
export async function sendDigest(
  wh: Warehouse,
  opts: { channels: readonly Channel[]; now: Date },
): Promise<DispatchResult> {
  const result: DispatchResult = { sent: [], failed: [], skipped: 0 };
  const day = opts.now.toISOString().slice(0, 10);
  const anomalies: Anomaly[] = await listAnomalies(wh, {
    status: 'active',
    limit: 200,
    incidents: true,
  });
  for (const channel of opts.channels) {
    await deliver(
      wh,
      channel,
      { kind: 'digest', day, anomalies },
      `digest:${day}`,
      opts.now,
      result,
    );
  }
  return result;
}
