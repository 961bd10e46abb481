/**
 * The server's own alerting loop, for the channels in an alerting settings file (Slack webhook or
 * bot, signed webhook, email — the Slack *app* has its own schedule in slack/): on a timer it
 *  1. re-runs anomaly detection when new billing data was ingested since the last run,
 *  2. dispatches alerts for open anomalies to the channels routing picks (each once, ever),
 *  3. sends the daily digest to the digest channels once the digest hour has passed (once a day),
 *  4. notifies budget threshold crossings to the budget channels (each once per period).
 * Every step is claimed in `alert_sent` before it runs, so a restart or a second server neither
 * repeats nor skips one; a failed delivery is released and retried on the next tick.
 */
import type {
  AlertingConfig,
  BudgetAlert,
  Channel,
  DetectAnomaliesOptions,
  DispatchResult,
  Warehouse,
} from '@costlens/core';
import {
  channelNotifier,
  claimDelivery,
  createChannels,
  detectAnomalies,
  dispatchAlerts,
  notifyBudgets,
  releaseDelivery,
  sendDigest,
} from '@costlens/core';
import type { App } from './app-types.ts';

export interface AlertingScheduleOptions {
  alerting: AlertingConfig;
  /** Seconds between ticks (default 900); 0 = no timer (call `tick` yourself). */
  intervalSeconds?: number;
  /** UTC hour from which the daily digest goes out (default 8). */
  digestHourUtc?: number;
  /** Re-run detection after new ingests (default true). */
  detect?: boolean;
  /** Extra detection options (e.g. default-monitor sizes). */
  detectOptions?: Omit<DetectAnomaliesOptions, 'now'>;
  now?: () => Date;
  /** Live channels (default: created from `alerting.channels`). */
  channels?: readonly Channel[];
}

export interface AlertingTick {
  /** The ingest state detection ran for, or null when nothing new was ingested. */
  detectedFor: string | null;
  alerts: DispatchResult;
  digest: DispatchResult | null;
  budgets: { sent: BudgetAlert[]; failed: string[] };
}

const SCHEDULER = 'costlens:scheduler';

/** What the store's ingests look like now: changes whenever a load commits or replaces one. */
async function ingestState(wh: Warehouse): Promise<string | null> {
  const [r] = await wh.query<{ n: number | bigint; last: string | null }>(
    `SELECT count(*) AS n, max(finished_at)::VARCHAR AS last FROM ingest WHERE status = 'active'`,
  );
  return r && Number(r.n) > 0 ? `${Number(r.n)}@${r.last}` : null;
}

/**
 * One scheduler over a store. `tick()` runs the four steps once (concurrent calls share a run).
 * @example const s = alertingSchedule(wh, { alerting: parseAlertingConfig(json) }); await s.tick();
 */
export function alertingSchedule(
  wh: Warehouse,
  opts: AlertingScheduleOptions,
): { tick(): Promise<AlertingTick> } {
  const channels = opts.channels ?? createChannels(opts.alerting.channels);
  const pick = (ids: readonly string[]) => channels.filter((c) => ids.includes(c.id));
  const clock = opts.now ?? (() => new Date());
  const digestHour = opts.digestHourUtc ?? 8;
  let running: Promise<AlertingTick> | null = null;

  async function once(): Promise<AlertingTick> {
    const now = clock();
    let detectedFor: string | null = null;
    if (opts.detect !== false) {
      const state = await ingestState(wh);
      const claim = { channelId: SCHEDULER, key: `detect:${state}`, kind: 'detect', now };
      if (state && (await claimDelivery(wh, claim))) {
        try {
          await detectAnomalies(wh, {
            holidays: opts.alerting.holidays,
            ...opts.detectOptions,
            now,
            actor: 'scheduler',
          });
          detectedFor = state;
        } catch (e) {
          await releaseDelivery(wh, claim);
          throw e;
        }
      }
    }
    const alerts = await dispatchAlerts(wh, {
      channels,
      rules: opts.alerting.rules,
      now,
      maxAgeDays: opts.alerting.maxAgeDays,
    });
    const digestChannels = pick(opts.alerting.digestChannels);
    const digest =
      digestChannels.length > 0 && now.getUTCHours() >= digestHour
        ? await sendDigest(wh, { channels: digestChannels, now })
        : null;
    const budgetChannels = pick(opts.alerting.budgetChannels);
    const budgets: AlertingTick['budgets'] = { sent: [], failed: [] };
    if (budgetChannels.length > 0) {
      const r = await notifyBudgets(wh, channelNotifier(budgetChannels), { now });
      budgets.sent = r.sent;
      budgets.failed = r.failed.map((f) => f.error);
    }
    return { detectedFor, alerts, digest, budgets };
  }

  return {
    tick: () => (running ??= once().finally(() => (running = null))),
  };
}

/** Runs the schedule on the server's timer from `onReady` until `onClose`. */
export function mountAlertingSchedule(
  app: App,
  wh: Warehouse,
  opts: AlertingScheduleOptions,
): { tick(): Promise<AlertingTick> } {
  const schedule = alertingSchedule(wh, opts);
  const seconds = opts.intervalSeconds ?? 900;
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<unknown> = Promise.resolve();
  const run = () => {
    last = schedule
      .tick()
      .then((t) => {
        const failed =
          t.alerts.failed.length + (t.digest?.failed.length ?? 0) + t.budgets.failed.length;
        app.log.info(
          {
            alerting: true,
            detected: t.detectedFor !== null,
            sent: t.alerts.sent.length + (t.digest?.sent.length ?? 0) + t.budgets.sent.length,
            failed,
          },
          'alerting tick',
        );
      })
      .catch((e: unknown) => app.log.error({ err: e }, 'alerting tick failed'));
  };
  app.addHook('onReady', async () => {
    if (seconds <= 0) return;
    run();
    timer = setInterval(run, seconds * 1000);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await last;
  });
  return schedule;
}
