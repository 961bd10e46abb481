/**
 * What the server sends on its own, on a timer: anomaly alerts with buttons to the channels the
 * `alerts` routes pick (core dispatchAlerts: once per anomaly and severity, ever), and digests
 * when due (daily at `hourUtc`, weekly on `weekday` at `hourUtc`), each claimed in `alert_sent`
 * before it is posted so a restart or a second server never repeats one.
 */
import type { Channel, DispatchResult, RoutingRule, Warehouse } from '@costlens/core';
import {
  buildDigest,
  claimDelivery,
  dispatchAlerts,
  releaseDelivery,
  slackMessage,
} from '@costlens/core';
import { WebClient } from '@slack/web-api';
import { anomalyAlertBlocks } from './anomaly-blocks.ts';
import type { Block } from './block-kit.ts';
import { digestBlocks } from './digest-blocks.ts';
import type { SlackConfig, SlackDigestSchedule } from './slack-config.ts';

/** A channel that posts through the app's bot, alerts with buttons. */
export function slackAppChannel(client: WebClient, channel: string, publicUrl?: string): Channel {
  return {
    id: `slack-app:${channel}`,
    async send(d) {
      const msg =
        d.kind === 'alert'
          ? anomalyAlertBlocks(d.anomaly, publicUrl ? { publicUrl } : {})
          : (slackMessage(d) as { text: string; blocks: Block[] });
      await client.chat.postMessage({ channel, unfurl_links: false, ...msg });
    },
  };
}

/** The period a schedule is due for at `now`, or null when it is not due yet today / this week. */
export function duePeriod(s: SlackDigestSchedule, now: Date): string | null {
  if (now.getUTCHours() < s.hourUtc) return null;
  const day = now.toISOString().slice(0, 10);
  if (s.every === 'daily') return day;
  const isoWeekday = ((now.getUTCDay() + 6) % 7) + 1;
  return isoWeekday === s.weekday ? day : null;
}

export const digestKey = (s: SlackDigestSchedule, period: string) =>
  `slack-digest:${s.every}:${s.team ?? '*'}:${period}`;

export interface ScheduleResult {
  alerts: DispatchResult;
  digests: { sent: string[]; skipped: number; failed: { key: string; error: string }[] };
}

/** One tick: alerts, then due digests. */
export async function runSlackSchedule(
  wh: Warehouse,
  opts: { cfg: SlackConfig; client: WebClient; now: Date },
): Promise<ScheduleResult> {
  const pub = opts.cfg.publicUrl;
  const channels = opts.cfg.alerts.map((r) => slackAppChannel(opts.client, r.channel, pub));
  const rules: RoutingRule[] = opts.cfg.alerts.map((r) => ({
    channels: [`slack-app:${r.channel}`],
    ...(r.minSeverity ? { minSeverity: r.minSeverity } : {}),
    ...(r.teams ? { teams: r.teams } : {}),
    ...(r.monitors ? { monitors: r.monitors } : {}),
  }));
  const alerts =
    rules.length > 0
      ? await dispatchAlerts(wh, {
          channels,
          rules,
          now: opts.now,
          maxAgeDays: opts.cfg.alertMaxAgeDays,
        })
      : { sent: [], failed: [], skipped: 0 };
  const digests: ScheduleResult['digests'] = { sent: [], skipped: 0, failed: [] };
  for (const s of opts.cfg.digests) {
    const period = duePeriod(s, opts.now);
    if (!period) continue;
    const claim = {
      channelId: `slack:${s.channel}`,
      key: digestKey(s, period),
      kind: 'digest',
      now: opts.now,
    };
    if (!(await claimDelivery(wh, claim))) {
      digests.skipped++;
      continue;
    }
    try {
      const d = await buildDigest(wh, {
        period: s.every,
        now: opts.now,
        ...(s.team ? { team: s.team } : {}),
      });
      await opts.client.chat.postMessage({
        channel: s.channel,
        unfurl_links: false,
        ...digestBlocks(d, pub ? { publicUrl: pub } : {}),
      });
      digests.sent.push(claim.key);
    } catch (e) {
      await releaseDelivery(wh, claim);
      digests.failed.push({ key: claim.key, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { alerts, digests };
}

/**
 * Posts one digest now, outside the schedule (the CLI's `slack digest` without `--dry-run`).
 * @example await postDigestNow(cfg, 'C0123', digest)
 */
export async function postDigestNow(
  cfg: SlackConfig,
  channel: string,
  digest: Awaited<ReturnType<typeof buildDigest>>,
): Promise<{ ts: string | undefined }> {
  const client = new WebClient(cfg.botToken, cfg.apiUrl ? { slackApiUrl: cfg.apiUrl } : {});
  const res = await client.chat.postMessage({
    channel,
    unfurl_links: false,
    ...digestBlocks(digest, cfg.publicUrl ? { publicUrl: cfg.publicUrl } : {}),
  });
  return { ts: res.ts };
}
