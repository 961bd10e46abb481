/**
 * Budget alerts through the alert channels: a budget `Notifier` that delivers each new threshold
 * crossing to the configured budget channels (Slack, signed webhook, email). A crossing counts as
 * delivered when every channel accepted it; otherwise notifyBudgets leaves it unrecorded and the
 * next run retries it — so a channel that did accept may hear about it twice, never zero times.
 */
import type { BudgetAlert, Notifier } from '../budget/notify-budgets.ts';
import { CostLensError } from '../errors.ts';
import type { Channel } from './channel.ts';

/** A Notifier over channels; throws (naming each failed channel) when any delivery fails. */
export function channelNotifier(channels: readonly Channel[]): Notifier {
  return {
    async notify(alert: BudgetAlert) {
      const errors: string[] = [];
      for (const ch of channels) {
        try {
          await ch.send({ kind: 'budget', alert });
        } catch (e) {
          errors.push(`${ch.id}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (errors.length > 0) {
        throw new CostLensError({
          code: 'SOURCE_UNREADABLE',
          message: `budget alert "${alert.budgetName}" (${alert.kind} ≥ ${alert.thresholdPct} %) not delivered to ${errors.join('; ')}`,
          hint: 'It will be retried on the next run.',
        });
      }
    },
  };
}
