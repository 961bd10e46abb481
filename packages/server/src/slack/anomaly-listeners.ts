/**
 * The anomaly buttons: Acknowledge (status), Not an issue / Expected (feedback, which resolves the
 * anomaly and tunes its monitor), Assign (a modal picking a Slack user; the assignee is told by
 * DM). Each needs the configured `anomalyRole`; the actor in the anomaly's history is the Slack
 * identity. The alert message is replaced to show who did what.
 */
import type { App as BoltApp, BlockButtonAction } from '@slack/bolt';
import type { Feedback } from '@costlens/core';
import { assignAnomaly, recordFeedback, setAnomalyStatus } from '@costlens/core';
import { ACTION, INPUT, VIEW } from './action-ids.ts';
import { anomalyAlertBlocks } from './anomaly-blocks.ts';
import { plain } from './block-kit.ts';
import type { MessageRef, SlackContext } from './slack-context.ts';
import { messageRefOf, updateMessage, userMessage } from './slack-context.ts';
import { slackMay } from './slack-policy.ts';

const FEEDBACK: Record<string, { feedback: Feedback; label: string }> = {
  [ACTION.notAnIssue]: { feedback: 'not_an_issue', label: 'marked *not an issue*' },
  [ACTION.expected]: { feedback: 'expected', label: 'marked *expected*' },
};

export function registerAnomalyListeners(app: BoltApp, ctx: SlackContext): void {
  const refuse = (need: string) =>
    `You need the CostLens ${need} role to act on anomalies. Ask an admin to map your Slack user in the Slack settings (docs/slack.md).`;

  app.action<BlockButtonAction>(ACTION.ack, async ({ ack, body, action, respond }) => {
    await ack();
    const who = await ctx.identify(body.user.id);
    if (!slackMay(who, `action ${ACTION.ack}`, ctx.cfg)) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: refuse(ctx.cfg.anomalyRole),
      });
      return;
    }
    try {
      const a = await setAnomalyStatus(ctx.wh, action.value ?? '', 'acknowledged', {
        actor: who.actor,
        reason: 'acknowledged in Slack',
        now: ctx.now(),
      });
      await respond({
        replace_original: true,
        ...anomalyAlertBlocks(a, { ...pub(ctx), outcome: `👀 Acknowledged by <@${who.userId}>` }),
      });
    } catch (e) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: userMessage(e) });
    }
  });

  for (const actionId of [ACTION.notAnIssue, ACTION.expected]) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const who = await ctx.identify(body.user.id);
      if (!slackMay(who, `action ${actionId}`, ctx.cfg)) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: refuse(ctx.cfg.anomalyRole),
        });
        return;
      }
      const f = FEEDBACK[actionId]!;
      try {
        const a = await recordFeedback(ctx.wh, action.value ?? '', f.feedback, {
          actor: who.actor,
          note: 'from Slack',
          now: ctx.now(),
        });
        await respond({
          replace_original: true,
          ...anomalyAlertBlocks(a, { ...pub(ctx), outcome: `✅ ${f.label} by <@${who.userId}>` }),
        });
      } catch (e) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: userMessage(e),
        });
      }
    });
  }

  app.action<BlockButtonAction>(ACTION.assign, async ({ ack, body, action, respond, client }) => {
    await ack();
    const who = await ctx.identify(body.user.id);
    if (!slackMay(who, `action ${ACTION.assign}`, ctx.cfg)) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: refuse(ctx.cfg.anomalyRole),
      });
      return;
    }
    const ref = messageRefOf(body, action.value ?? '');
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: VIEW.assign,
        private_metadata: JSON.stringify(ref),
        title: plain('Assign anomaly', 24),
        submit: plain('Assign', 24),
        close: plain('Cancel', 24),
        blocks: [
          {
            type: 'input',
            block_id: INPUT.assigneeBlock,
            label: plain('Who should look into it?'),
            element: { type: 'users_select', action_id: INPUT.assigneeAction },
          },
        ],
      },
    });
  });

  app.view(VIEW.assign, async ({ ack, body, view, client }) => {
    const who = await ctx.identify(body.user.id);
    const ref = JSON.parse(view.private_metadata) as MessageRef;
    const assignee = view.state.values[INPUT.assigneeBlock]?.[INPUT.assigneeAction]?.selected_user;
    if (!slackMay(who, `view ${VIEW.assign}`, ctx.cfg)) {
      await ack({
        response_action: 'errors',
        errors: { [INPUT.assigneeBlock]: refuse(ctx.cfg.anomalyRole) },
      });
      return;
    }
    if (!assignee) {
      await ack({ response_action: 'errors', errors: { [INPUT.assigneeBlock]: 'Pick a person.' } });
      return;
    }
    let a;
    try {
      a = await assignAnomaly(ctx.wh, ref.id, {
        assignee: `slack:${assignee}`,
        actor: who.actor,
        now: ctx.now(),
      });
    } catch (e) {
      await ack({
        response_action: 'errors',
        errors: { [INPUT.assigneeBlock]: userMessage(e).slice(0, 150) },
      });
      return;
    }
    await ack();
    await updateMessage(
      client,
      ref,
      anomalyAlertBlocks(a, {
        ...pub(ctx),
        outcome: `🙋 Assigned to <@${assignee}> by <@${who.userId}>`,
      }),
    );
    await client.chat.postMessage({
      channel: assignee,
      text: `<@${who.userId}> assigned you a cost anomaly: ${a.title}`,
      blocks: anomalyAlertBlocks(a, pub(ctx)).blocks,
      unfurl_links: false,
    });
  });
}

const pub = (ctx: SlackContext) => (ctx.cfg.publicUrl ? { publicUrl: ctx.cfg.publicUrl } : {});
