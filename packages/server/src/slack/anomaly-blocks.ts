/**
 * An anomaly alert with buttons (Acknowledge, Not an issue, Expected, Assign): the shared alert
 * text from core's Slack channel plus the actions, a dashboard link, and — once someone acted —
 * a line saying who did what instead of the buttons, so a channel sees the decision.
 */
import type { Anomaly } from '@costlens/core';
import { assigneeOf, slackMessage } from '@costlens/core';
import { ACTION } from './action-ids.ts';
import type { Block } from './block-kit.ts';
import { actions, button, context, esc } from './block-kit.ts';
import { anomalyLink } from './dashboard-link.ts';

/** `{ text, blocks }` for an anomaly; `outcome` replaces the buttons when the anomaly is settled. */
export function anomalyAlertBlocks(
  a: Anomaly,
  opts: { publicUrl?: string; outcome?: string } = {},
): { text: string; blocks: Block[] } {
  const base = slackMessage({ kind: 'alert', anomaly: a });
  const blocks = [...base.blocks] as Block[];
  const link = anomalyLink(opts.publicUrl, a.id);
  if (link) blocks.push(context(`<${link}|Open in CostLens>`));
  const assignee = assigneeOf(a);
  if (assignee) blocks.push(context(`Assigned to ${slackMention(assignee)}`));
  if (opts.outcome) blocks.push(context(opts.outcome));
  if (a.status !== 'resolved') {
    blocks.push(
      actions(`anomaly:${a.id}`, [
        ...(a.status === 'open' ? [button('Acknowledge', ACTION.ack, a.id, 'primary')] : []),
        button('Not an issue', ACTION.notAnIssue, a.id),
        button('Expected', ACTION.expected, a.id),
        button('Assign', ACTION.assign, a.id),
      ]),
    );
  }
  return { text: base.text, blocks };
}

/** `slack:U123` → `<@U123>`; anything else is shown as text. */
export function slackMention(who: string): string {
  const m = /^slack:([UW][A-Z0-9]+)/.exec(who);
  return m ? `<@${m[1]}>` : esc(who);
}
