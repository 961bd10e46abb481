/**
 * `costlens budget create|list|status|delete` — budgets per scope (team, account, service, tag,
 * initiative, or any --where filters) and period, with status against actual and forecast.
 * `status --notify` records new threshold crossings and prints them; with `--config` (the alerting
 * settings anomalies use) it also delivers them to the `budgets.channels` (Slack, webhook, email).
 * Thin: parse, call core, print.
 */
import {
  budgetStatus,
  channelNotifier,
  collectingNotifier,
  createChannels,
  CostLensError,
  createBudget,
  deleteBudget,
  describeScope,
  getBudget,
  listBudgets,
  notifyBudgets,
} from '@costlens/core';
import type { BudgetScope, BudgetStatus, Filter, Notifier, PeriodKind } from '@costlens/core';
import { money } from '../output.ts';
import type { Output } from '../output.ts';
import { readAlertingFile } from './alerting-file.ts';
import type { RegisterCommand } from './types.ts';

interface CreateOptions {
  amount: string;
  period: string;
  metric?: string;
  currency?: string;
  team?: string;
  account?: string;
  service?: string;
  tag?: string;
  initiative?: string;
  where?: string[];
  actualThresholds?: string;
  forecastThresholds?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function usage(message: string): CostLensError {
  return new CostLensError({ code: 'INVALID_INPUT', message });
}

function percentList(text: string | undefined, flag: string): number[] | undefined {
  if (text === undefined) return undefined;
  const list = text.split(',').map((s) => Number(s.trim().replace(/%$/, '')));
  if (list.some((v) => !Number.isFinite(v)))
    throw usage(`--${flag} must be percentages like 80,100`);
  return list;
}

function whereFilter(expr: string): Filter {
  const i = expr.indexOf('=');
  if (i <= 0) throw usage(`--where "${expr}" must look like dimension=value`);
  const values = expr.slice(i + 1).split('|');
  return values.length > 1
    ? { dimension: expr.slice(0, i), op: 'in', value: values }
    : { dimension: expr.slice(0, i), op: 'eq', value: values[0] ?? '' };
}

/** Builds a scope from the one scope flag given (plus any --where filters). */
export function scopeFromOptions(o: CreateOptions): BudgetScope {
  const given = (['team', 'account', 'service', 'tag', 'initiative'] as const).filter(
    (k) => o[k] !== undefined,
  );
  if (given.length > 1)
    throw usage(`give one scope flag, not ${given.map((g) => `--${g}`).join(' and ')}`);
  const filters = (o.where ?? []).map(whereFilter);
  const extra = filters.length ? { filters } : {};
  const kind = given[0];
  if (!kind) return { kind: filters.length ? 'custom' : 'all', ...extra };
  if (kind === 'tag') {
    const t = o.tag as string;
    const i = t.indexOf('=');
    if (i <= 0) throw usage('--tag must look like key=value, e.g. env=prod');
    return { kind, key: t.slice(0, i), value: t.slice(i + 1), ...extra };
  }
  return { kind, value: o[kind] as string, ...extra };
}

function parseNow(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T12:00:00Z` : text);
  if (Number.isNaN(d.getTime())) throw usage(`--at "${text}" is not a date (YYYY-MM-DD)`);
  return d;
}

const STATE_WORDS: Record<BudgetStatus['state'], string> = {
  ok: 'ok',
  warning: 'warning',
  forecast_over: 'forecast over',
  over: 'OVER',
};

export const registerBudget: RegisterCommand = (program, ctx) => {
  const budget = program
    .command('budget')
    .description(
      'Budgets per team, account, service, tag or initiative, by month, quarter or year.',
    );

  budget
    .command('create <name>')
    .description('Create a budget (thresholds default to actual 80,100 % and forecast 100 %).')
    .requiredOption('--amount <amount>', 'budget amount per period, e.g. 12000 or 12000.50')
    .requiredOption('--period <period>', 'month, quarter or year')
    .option('--team <team>', 'scope: a team (the team dimension)')
    .option('--account <id>', 'scope: a sub-account (AWS linked account, subscription, project)')
    .option('--service <name>', 'scope: a service')
    .option('--tag <key=value>', 'scope: a tag value')
    .option('--initiative <name>', 'scope: an initiative (tag "initiative")')
    .option('--where <dim=value>', 'extra semantic filter (repeatable)', collect)
    .option('--metric <metric>', 'metric to track (default effective_cost)')
    .option('--currency <code>', 'currency of the amount (default USD)')
    .option('--actual-thresholds <pcts>', 'alert when spend reaches these %, e.g. 50,80,100')
    .option('--forecast-thresholds <pcts>', 'alert when the forecast reaches these %, e.g. 100')
    .action(async (name: string, o: CreateOptions) => {
      const { out, openStore, actor } = ctx();
      const actual = percentList(o.actualThresholds, 'actual-thresholds');
      const forecast = percentList(o.forecastThresholds, 'forecast-thresholds');
      const b = await createBudget(
        await openStore(),
        {
          name,
          amount: o.amount,
          period: o.period as PeriodKind,
          scope: scopeFromOptions(o),
          ...(o.metric ? { metric: o.metric } : {}),
          ...(o.currency ? { currency: o.currency } : {}),
          ...(actual ? { actualThresholdsPct: actual } : {}),
          ...(forecast ? { forecastThresholdsPct: forecast } : {}),
        },
        { actor },
      );
      if (out.json) return out.data(b);
      out.line(
        `Created budget ${b.id} "${b.name}": ${money(b.amount)} ${b.currency} per ${b.period} for ${describeScope(b.scope)}.`,
      );
    });

  budget
    .command('list')
    .description('List budgets.')
    .action(async () => {
      const { out, openStore } = ctx();
      const list = await listBudgets(await openStore());
      if (out.json) return out.data(list);
      if (list.length === 0)
        return out.line('No budgets yet. Create one with `costlens budget create`.');
      out.table(
        ['id', 'name', 'scope', 'period', 'amount', 'metric', 'actual %', 'forecast %'],
        list.map((b) => [
          b.id,
          b.name,
          describeScope(b.scope),
          b.period,
          `${money(b.amount)} ${b.currency}`,
          b.metric,
          b.actualThresholdsPct.join(','),
          b.forecastThresholdsPct.join(','),
        ]),
      );
    });

  budget
    .command('status [name]')
    .description('Actual to date and forecast at period end against each budget (or one).')
    .option('--at <date>', 'evaluate as of this date (default today)')
    .option('--notify', 'record new threshold crossings and print them as alerts')
    .option(
      '--config <file>',
      'with --notify: alerting settings JSON; crossings go to its budgets.channels',
    )
    .action(
      async (name: string | undefined, o: { at?: string; notify?: boolean; config?: string }) => {
        const { out, openStore } = ctx();
        const wh = await openStore();
        const now = parseNow(o.at);
        let statuses: BudgetStatus[];
        let alerts: string[] = [];
        let failed: string[] = [];
        if (o.notify) {
          if (name) throw usage('--notify evaluates every budget; leave out the name');
          const collected = collectingNotifier();
          let notifier: Notifier = collected;
          if (o.config) {
            const cfg = readAlertingFile(o.config);
            if (cfg.budgetChannels.length === 0) {
              throw usage(
                `${o.config}: no budgets.channels configured; add { "budgets": { "channels": [...] } }`,
              );
            }
            const delivery = channelNotifier(
              createChannels(cfg.channels.filter((c) => cfg.budgetChannels.includes(c.id))),
            );
            notifier = {
              notify: async (a) => {
                await delivery.notify(a);
                await collected.notify(a);
              },
            };
          }
          const r = await notifyBudgets(wh, notifier, now ? { now } : {});
          statuses = r.statuses;
          alerts = r.sent.map((a) => a.text);
          failed = r.failed.map((f) => f.error);
        } else {
          const budgets = name ? [await getBudget(wh, name)] : await listBudgets(wh);
          if (budgets[0] === undefined && name) {
            throw new CostLensError({
              code: 'NOT_FOUND',
              message: `no budget "${name}"`,
              hint: 'see `costlens budget list`',
            });
          }
          statuses = [];
          for (const b of budgets)
            if (b) statuses.push(await budgetStatus(wh, b, now ? { now } : {}));
        }
        for (const f of failed) out.info(`not delivered: ${f}`);
        if (out.json) out.data(o.notify ? { statuses, alerts, failed } : statuses);
        else if (statuses.length === 0) out.line('No budgets yet.');
        else printStatuses(out, statuses);
        if (!out.json) for (const a of alerts) out.line(`ALERT ${a}`);
        if (failed.length > 0) {
          throw new CostLensError({
            code: 'SOURCE_UNREADABLE',
            message: `${failed.length} budget alert(s) could not be delivered; they will be retried on the next run.`,
          });
        }
      },
    );

  budget
    .command('delete <name>')
    .description('Delete a budget (by id or name) and its alert history.')
    .action(async (name: string) => {
      const { out, openStore, actor } = ctx();
      const b = await deleteBudget(await openStore(), name, { actor });
      if (out.json) return out.data(b);
      out.line(`Deleted budget ${b.id} "${b.name}".`);
    });
};

function printStatuses(out: Output, statuses: readonly BudgetStatus[]): void {
  out.table(
    [
      'budget',
      'period',
      'amount',
      'actual',
      'actual %',
      'forecast at end',
      'forecast %',
      '80 %',
      'state',
    ],
    statuses.map((s) => [
      s.budget.name,
      `${s.budget.period} from ${s.periodStart}`,
      money(s.budget.amount),
      money(s.actual),
      `${s.actualPct.toFixed(1)} %`,
      money(s.forecast.mean),
      `${s.forecastPct.toFixed(1)} %`,
      `${money(s.forecast.lo80)} – ${money(s.forecast.hi80)}`,
      STATE_WORDS[s.state],
    ]),
  );
}
