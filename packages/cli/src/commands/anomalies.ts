/**
 * `costlens anomalies detect|list|show|ack|resolve|feedback|notify` — run detection over the store,
 * work the anomalies it finds, and escalate them. Thin: parse, call core, print (a table for people, JSON with --json).
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Anomaly, AnomalyStatus, Feedback } from '@costlens/core';
import {
  CostLensError,
  FEEDBACK_VALUES,
  createChannels,
  detectAnomalies,
  dispatchAlerts,
  formatSignedUsd,
  formatUsd,
  getAnomaly,
  holidayTest,
  hourSpan,
  listAnomalies,
  recordFeedback,
  sendDigest,
  setAnomalyStatus,
} from '@costlens/core';
import type { CommandContext } from '../context.ts';
import { readAlertingFile } from './alerting-file.ts';
import type { RegisterCommand } from './types.ts';

const STATUSES = ['open', 'acknowledged', 'resolved', 'active'] as const;

function whoami(by: string | undefined): string {
  if (by) return by;
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}

function topDriver(a: Anomaly): string {
  const d = a.drivers[0];
  return d ? `${d.dimension}=${d.value ?? '(none)'} ${formatSignedUsd(d.deltaUsd)}` : '';
}

function printTable(ctx: CommandContext, anomalies: readonly Anomaly[]): void {
  ctx.out.table(
    ['id', 'severity', 'status', 'monitor', 'days', 'impact', 'top driver'],
    anomalies.map((a) => [
      a.id,
      a.severity,
      a.status,
      a.monitorId,
      a.startAt && a.endAt
        ? hourSpan(a.startAt, a.endAt)
        : a.startDay === a.endDay
          ? a.startDay
          : `${a.startDay}…${a.endDay}`,
      formatSignedUsd(a.impactUsd),
      topDriver(a),
    ]),
  );
}

function printDetail(ctx: CommandContext, a: Anomaly): void {
  const { out } = ctx;
  out.line(
    `${a.title}  [${a.severity}, ${a.status}${a.feedback ? `, feedback: ${a.feedback}` : ''}]`,
  );
  out.line();
  out.line(a.explanation);
  out.line();
  out.table(
    ['day', 'actual', 'expected', 'band', ''],
    a.band
      .slice(-10)
      .map((p) => [
        p.day,
        formatUsd(p.actual),
        p.expected === null ? '' : formatUsd(p.expected),
        p.lower === null || p.upper === null ? '' : `${formatUsd(p.lower)} – ${formatUsd(p.upper)}`,
        p.anomalous ? '◀ anomalous' : '',
      ]),
  );
  out.line();
  out.table(
    ['driver', 'value', 'change', 'share', 'baseline → actual'],
    a.drivers.map((d) => [
      d.dimension,
      d.value ?? '(none)',
      formatSignedUsd(d.deltaUsd),
      `${Math.round(d.share * 100)} %`,
      `${formatUsd(d.baselineUsd)} → ${formatUsd(d.actualUsd)}`,
    ]),
  );
  out.line();
  for (const h of a.history) {
    out.line(
      `${h.at}  ${h.actor}  ${h.action}${h.toStatus ? ` → ${h.toStatus}` : ''}${h.reason ? `  (${h.reason})` : ''}`,
    );
  }
}

function registerTransition(
  group: Command,
  ctx: () => CommandContext,
  name: string,
  to: AnomalyStatus,
  description: string,
): void {
  group
    .command(name)
    .description(description)
    .argument('<id>', 'anomaly id')
    .option('--reason <text>', 'why (kept in the history)')
    .option('--by <name>', 'who (default: your user name)')
    .action(async (id: string, opts: { reason?: string; by?: string }) => {
      const c = ctx();
      const wh = await c.openStore();
      const a = await setAnomalyStatus(wh, id, to, {
        actor: whoami(opts.by),
        now: new Date(),
        ...(opts.reason ? { reason: opts.reason } : {}),
      });
      if (c.out.json) c.out.data(a);
      else c.out.line(`${a.id} is now ${a.status}.`);
    });
}

export const registerAnomalies: RegisterCommand = (program, ctx) => {
  const group = program
    .command('anomalies')
    .description(
      'Detect cost anomalies, explain them, and work them: acknowledge, resolve, give feedback.',
    );

  group
    .command('detect')
    .description(
      'Run detection over every enabled monitor (default monitors are created from the data first).',
    )
    .option(
      '--settle-days <n>',
      'trailing days a provider may still restate; they never alert (default 2)',
    )
    .option('--no-defaults', 'do not create the default monitors')
    .option(
      '--holidays <days>',
      'business calendar, comma-separated: MM-DD, YYYY-MM-DD or A..B ranges, or "none" (default: the alerting settings\' holidays, else 12-24..01-01)',
    )
    .option('--config <file>', 'alerting settings JSON whose "holidays" detection uses')
    .action(
      async (opts: {
        settleDays?: string;
        defaults: boolean;
        holidays?: string;
        config?: string;
      }) => {
        const c = ctx();
        // The same calendar the server's scheduled detection uses, unless the flag says otherwise.
        let holidays: readonly string[] | undefined = opts.config
          ? readAlertingFile(opts.config).holidays
          : undefined;
        if (opts.holidays !== undefined) {
          holidays =
            opts.holidays.trim().toLowerCase() === 'none'
              ? []
              : opts.holidays
                  .split(',')
                  .map((d) => d.trim())
                  .filter(Boolean);
          holidayTest(holidays); // a bad day fails here, named
        }
        const settleDays = opts.settleDays === undefined ? undefined : Number(opts.settleDays);
        if (
          settleDays !== undefined &&
          !(Number.isInteger(settleDays) && settleDays >= 0 && settleDays <= 7)
        ) {
          throw new CostLensError({
            code: 'INVALID_INPUT',
            message: `--settle-days must be a whole number from 0 to 7, got "${opts.settleDays}"`,
          });
        }
        const wh = await c.openStore();
        const report = await detectAnomalies(wh, {
          now: new Date(),
          createDefaults: opts.defaults,
          ...(settleDays === undefined ? {} : { settleDays }),
          ...(holidays === undefined ? {} : { holidays }),
        });
        if (c.out.json) {
          c.out.data(report);
          return;
        }
        if (report.firstDay === null) {
          c.out.line('No cost data yet. Run `costlens ingest <file>` first.');
          return;
        }
        c.out.line(
          `${report.monitors} monitors scored through ${report.lastSettledDay ?? '(nothing settled yet)'}: ${report.created.length} new, ${report.updated.length} updated, ${report.withdrawn.length} withdrawn.`,
        );
        if (report.lastSettledHour !== null) {
          c.out.line(`Hourly monitors scored through ${report.lastSettledHour}.`);
        }
        for (const s of report.skipped) c.out.info(`  skipped ${s.monitorId}: ${s.reason}`);
        for (const n of report.notes) c.out.info(`  ${n.monitorId}: ${n.note}`);
        if (report.created.length > 0) printTable(c, report.created);
      },
    );

  group
    .command('list')
    .description(
      'List anomalies by severity, then impact: one row per incident (--all for every monitor).',
    )
    .option('--status <status>', `one of ${STATUSES.join(', ')} (default: all)`)
    .option('--monitor <id>', 'only this monitor')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--all', "every monitor's anomaly, not one row per incident")
    .action(async (opts: { status?: string; monitor?: string; limit?: string; all?: boolean }) => {
      const c = ctx();
      if (opts.status && !(STATUSES as readonly string[]).includes(opts.status)) {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: `unknown status "${opts.status}"`,
          hint: `Use one of: ${STATUSES.join(', ')}.`,
        });
      }
      const wh = await c.openStore();
      const anomalies = await listAnomalies(wh, {
        ...(opts.status ? { status: opts.status as AnomalyStatus | 'active' } : {}),
        ...(opts.monitor ? { monitorId: opts.monitor } : {}),
        limit: opts.limit ? Number(opts.limit) : 50,
        incidents: !opts.all && !opts.monitor,
      });
      if (c.out.json) c.out.data(anomalies);
      else if (anomalies.length === 0) c.out.line('No anomalies. Run `costlens anomalies detect`.');
      else printTable(c, anomalies);
    });

  group
    .command('show')
    .description('One anomaly: explanation, expected band, drivers and history.')
    .argument('<id>', 'anomaly id')
    .action(async (id: string) => {
      const c = ctx();
      const a = await getAnomaly(await c.openStore(), id);
      if (c.out.json) c.out.data(a);
      else printDetail(c, a);
    });

  registerTransition(
    group,
    ctx,
    'ack',
    'acknowledged',
    'Acknowledge an anomaly (someone is on it).',
  );
  registerTransition(group, ctx, 'resolve', 'resolved', 'Resolve an anomaly.');

  group
    .command('notify')
    .description(
      'Send alerts for open anomalies to the channels the routing rules pick (Slack, signed webhook, email); each is sent once, ever. --digest sends the daily digest instead.',
    )
    .requiredOption('--config <file>', 'alerting settings JSON: { channels, rules, digest? }')
    .option('--digest', 'send the daily digest to the digest channels')
    .action(async (opts: { config: string; digest?: boolean }) => {
      const c = ctx();
      const cfg = readAlertingFile(opts.config);
      const channels = createChannels(cfg.channels);
      const wh = await c.openStore();
      const now = new Date();
      const result = opts.digest
        ? await sendDigest(wh, {
            channels: channels.filter((ch) => cfg.digestChannels.includes(ch.id)),
            now,
          })
        : await dispatchAlerts(wh, { channels, rules: cfg.rules, now, maxAgeDays: cfg.maxAgeDays });
      if (c.out.json) c.out.data(result);
      else {
        c.out.line(
          `${result.sent.length} sent, ${result.skipped} already sent, ${result.failed.length} failed.`,
        );
        for (const f of result.failed) c.out.info(`  ${f.channelId} ${f.key}: ${f.error}`);
      }
      if (result.failed.length > 0) {
        throw new CostLensError({
          code: 'SOURCE_UNREADABLE',
          message: `${result.failed.length} alert(s) could not be delivered; they will be retried on the next run.`,
        });
      }
    });

  group
    .command('feedback')
    .description('Say whether an anomaly was worth it; tunes that monitor’s sensitivity.')
    .argument('<id>', 'anomaly id')
    .argument('<verdict>', FEEDBACK_VALUES.join(' | '))
    .option('--note <text>', 'a note kept in the history')
    .option('--by <name>', 'who (default: your user name)')
    .action(async (id: string, verdict: string, opts: { note?: string; by?: string }) => {
      const c = ctx();
      const wh = await c.openStore();
      const a = await recordFeedback(wh, id, verdict as Feedback, {
        actor: whoami(opts.by),
        now: new Date(),
        ...(opts.note ? { note: opts.note } : {}),
      });
      if (c.out.json) c.out.data(a);
      else c.out.line(`${a.id}: feedback ${a.feedback}; status ${a.status}.`);
    });
};
