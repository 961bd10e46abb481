/**
 * Budget notifications: each newly crossed threshold (per budget, period and kind) goes to a
 * `Notifier` once, and is recorded only after the notifier accepted it, so a failed delivery is
 * retried on the next run. The channel layer plugs in as a Notifier; until then the CLI and API
 * show the same alerts.
 */
import type { Warehouse } from '../store/warehouse.ts';
import { budgetStatus } from './budget-status.ts';
import type { BudgetStatus, ThresholdCrossing } from './budget-status.ts';
import { describeScope } from './budget-scope.ts';
import { listBudgets } from './budget-store.ts';

export interface BudgetAlert extends ThresholdCrossing {
  budgetId: string;
  budgetName: string;
  /** The budget's scope in words (`team = ml`). */
  scope: string;
  periodStart: string;
  /** One line for a person: what crossed, by how much, in which scope. */
  text: string;
  status: BudgetStatus;
}

/** Where budget alerts go (Slack, e-mail, webhook…). */
export interface Notifier {
  notify(alert: BudgetAlert): Promise<void>;
}

/** A notifier that keeps alerts in memory (tests, CLI output). */
export function collectingNotifier(): Notifier & { alerts: BudgetAlert[] } {
  const alerts: BudgetAlert[] = [];
  return {
    alerts,
    notify: async (a) => {
      alerts.push(a);
    },
  };
}

/**
 * Evaluates every budget and notifies new crossings; returns all statuses and the alerts sent.
 * @example await notifyBudgets(wh, slackNotifier, { now: new Date() })
 */
export async function notifyBudgets(
  wh: Warehouse,
  notifier: Notifier,
  opts: { now?: Date } = {},
): Promise<{
  statuses: BudgetStatus[];
  sent: BudgetAlert[];
  /** Alerts the notifier refused; not recorded, so the next run retries them. */
  failed: { alert: BudgetAlert; error: string }[];
}> {
  const now = opts.now ?? new Date();
  const statuses: BudgetStatus[] = [];
  const sent: BudgetAlert[] = [];
  const failed: { alert: BudgetAlert; error: string }[] = [];
  for (const budget of await listBudgets(wh)) {
    const status = await budgetStatus(wh, budget, { now });
    statuses.push(status);
    const done = new Set(
      (
        await wh.query<{ kind: string; threshold_pct: number }>(
          'SELECT kind, threshold_pct FROM budget_alert WHERE budget_id = $1 AND period_start = CAST($2 AS DATE)',
          [budget.id, status.periodStart],
        )
      ).map((r) => `${r.kind}:${Number(r.threshold_pct)}`),
    );
    for (const c of status.crossed) {
      if (done.has(`${c.kind}:${c.thresholdPct}`)) continue;
      const alert: BudgetAlert = {
        ...c,
        budgetId: budget.id,
        budgetName: budget.name,
        scope: describeScope(budget.scope),
        periodStart: status.periodStart,
        text: alertText(status, c),
        status,
      };
      try {
        await notifier.notify(alert);
      } catch (e) {
        failed.push({ alert, error: e instanceof Error ? e.message : String(e) });
        continue;
      }
      await wh.exec(
        'INSERT INTO budget_alert VALUES ($1, CAST($2 AS DATE), $3, $4, $5, CAST($6 AS TIMESTAMP))',
        [
          budget.id,
          status.periodStart,
          c.kind,
          c.thresholdPct,
          c.valuePct,
          now.toISOString().replace('T', ' ').replace('Z', ''),
        ],
      );
      sent.push(alert);
    }
  }
  return { statuses, sent, failed };
}

function alertText(s: BudgetStatus, c: ThresholdCrossing): string {
  const what = c.kind === 'actual' ? 'spend so far' : 'forecast at period end';
  return `Budget "${s.budget.name}" (${describeScope(s.budget.scope)}, ${s.budget.period} from ${s.periodStart}): ${what} is ${c.valuePct.toFixed(1)} % of ${s.budget.amount} ${s.budget.currency} (threshold ${c.thresholdPct} %).`;
}
