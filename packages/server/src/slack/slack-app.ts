/**
 * The CostLens Slack app: a Bolt App whose listeners (ask, anomaly buttons, approvals) work on the
 * server's store. HTTP mode mounts Bolt on the server's own route (FastifySlackReceiver); Socket
 * Mode lets Bolt open its WebSocket with the app token instead (no public URL needed). A timer
 * sends due alerts and digests. Bolt's log goes to the server's log at warn and above only.
 */
import { App as BoltApp, LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/bolt';
import type { Warehouse } from '@costlens/core';
import { answerQuestion } from '@costlens/core';
import type { App } from '../app-types.ts';
import { registerAnomalyListeners } from './anomaly-listeners.ts';
import { registerApprovalListeners } from './approval-listeners.ts';
import { registerAskListeners } from './ask-listeners.ts';
import type { SlackConfig } from './slack-config.ts';
import type { AskFn, SlackContext } from './slack-context.ts';
import { identityResolver } from './slack-identity.ts';
import { FastifySlackReceiver, registerSlackOff } from './slack-receiver.ts';
import { runSlackSchedule } from './slack-schedule.ts';
import type { ScheduleResult } from './slack-schedule.ts';

export interface SlackAppOptions {
  config: SlackConfig;
  /** The assistant's entry point (default: core's offline `answerQuestion`); null turns asking off. */
  ask?: AskFn | null;
  /** The clock (tests fix it). */
  now?: () => Date;
  /** Called with the mounted app (tests and embedders run `tick` themselves). */
  onMount?: (app: SlackApp) => void;
}

export interface SlackApp {
  bolt: BoltApp;
  /** HTTP mode only. */
  receiver: FastifySlackReceiver | null;
  /** Runs one schedule tick now (alerts, due digests). */
  tick(): Promise<ScheduleResult>;
}

/** Bolt's logger on top of the server's: warnings and errors only, messages as given. */
function boltLogger(log: App['log']): Logger {
  let level = LogLevel.WARN;
  const text = (msgs: unknown[]) =>
    msgs.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...m: unknown[]) => log.warn({ slack: true }, text(m)),
    error: (...m: unknown[]) => log.error({ slack: true }, text(m)),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Builds the app and mounts it on `server` (route or socket, and the schedule timer).
 * @example mountSlack(app, warehouse, { config: loadSlackConfig(file, process.env)! })
 */
export function mountSlack(server: App, wh: Warehouse, opts: SlackAppOptions): SlackApp {
  const cfg = opts.config;
  const now = opts.now ?? (() => new Date());
  const logger = boltLogger(server.log);
  const clientOptions = cfg.apiUrl ? { slackApiUrl: cfg.apiUrl.replace(/\/?$/, '/') } : {};
  const receiver =
    cfg.mode === 'http'
      ? new FastifySlackReceiver({
          signingSecret: cfg.signingSecret,
          processBeforeResponse: cfg.processBeforeResponse,
          nowMs: () => now().getTime(),
        })
      : null;
  const bolt = new BoltApp({
    token: cfg.botToken,
    logger,
    clientOptions,
    // auth.test is called on the first event, not at start: the server must start offline too.
    tokenVerificationEnabled: false,
    ...(receiver ? { receiver } : { socketMode: true, appToken: cfg.appToken! }),
  });
  const ctx: SlackContext = {
    wh,
    cfg,
    ask: opts.ask === null ? undefined : (opts.ask ?? answerQuestion),
    now,
    identify: identityResolver(cfg, bolt.client),
  };
  registerAskListeners(bolt, ctx);
  registerAnomalyListeners(bolt, ctx);
  registerApprovalListeners(bolt, ctx);
  bolt.error(async (e) => {
    server.log.error({ slack: true, code: (e as { code?: string }).code }, e.message);
  });

  let running: Promise<ScheduleResult> | null = null;
  const tick = () =>
    (running ??= runSlackSchedule(wh, { cfg, client: bolt.client, now: now() }).finally(
      () => (running = null),
    ));
  let timer: NodeJS.Timeout | undefined;
  if (receiver) receiver.register(server);
  else registerSlackOff(server, 'this server’s Slack app runs in Socket Mode, not over HTTP');
  server.addHook('onReady', async () => {
    if (!receiver) await bolt.start();
    if (cfg.scheduleSeconds > 0 && (cfg.alerts.length > 0 || cfg.digests.length > 0)) {
      timer = setInterval(() => {
        tick().catch((e: unknown) => server.log.error({ err: e }, 'Slack schedule failed'));
      }, cfg.scheduleSeconds * 1000);
      timer.unref();
    }
  });
  server.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running?.catch(() => undefined);
    if (receiver) await receiver.idle();
    else await bolt.stop();
  });
  const mounted: SlackApp = { bolt, receiver, tick };
  opts.onMount?.(mounted);
  return mounted;
}
