/**
 * Approve / Reject from Slack. Only Slack users mapped to a CostLens approver may decide: anyone
 * else gets an ephemeral refusal and nothing changes. Both open a modal for the reason the
 * workflow requires; its submission runs core `transition` with the Slack identity as the actor
 * (the audit row says `slack:U123 (alice)`, with the Slack ids in its detail) and updates the
 * original message.
 */
import type { App as BoltApp, BlockButtonAction } from '@slack/bolt';
import { getRecommendation, transition } from '@costlens/core';
import { ACTION, INPUT, VIEW } from './action-ids.ts';
import { plain } from './block-kit.ts';
import type { Block } from './block-kit.ts';
import { recommendationBlocks, replaceRecommendation } from './recommendation-blocks.ts';
import type { MessageRef, SlackContext } from './slack-context.ts';
import { messageRefOf, updateMessage, userMessage } from './slack-context.ts';
import { slackMay } from './slack-policy.ts';

const REFUSAL =
  'Only Slack users mapped to a CostLens approver can approve or reject recommendations. Nothing was changed. Ask an admin to add you to `users` in the Slack settings (docs/slack.md).';

export function registerApprovalListeners(app: BoltApp, ctx: SlackContext): void {
  // The message a decision modal came from (by view id), so its submission can update just this
  // recommendation's part of it. Lost on restart: then the outcome goes to the thread instead.
  const pending = new Map<string, Block[]>();
  for (const [actionId, decision] of [
    [ACTION.approve, 'approved'],
    [ACTION.reject, 'rejected'],
  ] as const) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond, client }) => {
      await ack();
      const who = await ctx.identify(body.user.id);
      if (!slackMay(who, `action ${actionId}`, ctx.cfg)) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: REFUSAL });
        return;
      }
      const id = action.value ?? '';
      let title: string;
      try {
        title = (await getRecommendation(ctx.wh, id)).title;
      } catch (e) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: userMessage(e),
        });
        return;
      }
      const ref: MessageRef = { ...messageRefOf(body, id), decision };
      const opened = await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: VIEW.decision,
          private_metadata: JSON.stringify(ref),
          title: plain(decision === 'approved' ? 'Approve' : 'Reject', 24),
          submit: plain(decision === 'approved' ? 'Approve' : 'Reject', 24),
          close: plain('Cancel', 24),
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `*${title.replace(/[<>&]/g, '')}*` } },
            {
              type: 'input',
              block_id: INPUT.reasonBlock,
              label: plain(decision === 'approved' ? 'Why approve it?' : 'Why reject it?'),
              element: {
                type: 'plain_text_input',
                action_id: INPUT.reasonAction,
                multiline: true,
                max_length: 2000,
              },
            },
          ],
        },
      });
      const blocks = (body.message as { blocks?: Block[] } | undefined)?.blocks;
      if (opened.view?.id && blocks) {
        pending.set(opened.view.id, blocks);
        if (pending.size > 500) pending.delete(pending.keys().next().value!);
      }
    });
  }

  app.view(VIEW.decision, async ({ ack, body, view, client }) => {
    const who = await ctx.identify(body.user.id);
    const ref = JSON.parse(view.private_metadata) as MessageRef;
    const reason = view.state.values[INPUT.reasonBlock]?.[INPUT.reasonAction]?.value?.trim() ?? '';
    const fail = (text: string) =>
      ack({ response_action: 'errors', errors: { [INPUT.reasonBlock]: text.slice(0, 150) } });
    if (!slackMay(who, `view ${VIEW.decision}`, ctx.cfg) || !who.role)
      return void (await fail(REFUSAL));
    if (!reason) return void (await fail('A reason is required.'));
    if (ref.decision !== 'approved' && ref.decision !== 'rejected')
      return void (await fail('Unknown decision.'));
    try {
      await transition(ctx.wh, ref.id, ref.decision, {
        actor: { id: who.actor, role: who.role },
        reason,
        now: ctx.now(),
        detail: { via: 'slack', slackUserId: who.userId, slackTeamId: body.team?.id ?? null },
      });
    } catch (e) {
      return void (await fail(userMessage(e)));
    }
    await ack();
    const r = await getRecommendation(ctx.wh, ref.id);
    const verb = ref.decision === 'approved' ? '✅ Approved' : '❌ Rejected';
    const opts = {
      ...(ctx.cfg.publicUrl ? { publicUrl: ctx.cfg.publicUrl } : {}),
      outcome: `${verb} by <@${who.userId}>: “${reason.replace(/[<>&]/g, '')}”`,
    };
    const original = pending.get(view.id);
    pending.delete(view.id);
    const text = `${verb}: ${r.title}`;
    const replaced = original ? replaceRecommendation(original, r, opts) : null;
    if (replaced) await updateMessage(client, ref, { text, blocks: replaced });
    else if (ref.ephemeral || !ref.channel || !ref.ts) {
      await updateMessage(client, ref, { text, blocks: recommendationBlocks(r, opts) });
    } else {
      await client.chat.postMessage({
        channel: ref.channel,
        thread_ts: ref.ts,
        text: `${text} — ${opts.outcome}`,
      });
    }
  });
}
