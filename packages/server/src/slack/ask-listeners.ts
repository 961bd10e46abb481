/**
 * `/costlens …` and @mentions. `/costlens <question>` and a mention are answered by the assistant
 * (AskResult rendered by askBlocks; the command's answer is posted to the channel, a mention's in
 * its thread). Subcommands: `help`, `approvals` (proposed recommendations with buttons, only to
 * you), `digest [daily|weekly] [team]` (a preview, only to you). Asking needs the viewer role.
 */
import type { App as BoltApp } from '@slack/bolt';
import { buildDigest, listRecommendations } from '@costlens/core';
import { askBlocks } from './ask-blocks.ts';
import type { Block } from './block-kit.ts';
import { section } from './block-kit.ts';
import { digestBlocks } from './digest-blocks.ts';
import { recommendationBlocks } from './recommendation-blocks.ts';
import type { SlackContext } from './slack-context.ts';
import { userMessage } from './slack-context.ts';
import { slackMay } from './slack-policy.ts';

export const HELP = [
  '*CostLens in Slack*',
  '• `/costlens <question>` — e.g. `/costlens top 5 services last month`',
  '• `@CostLens <question>` in a channel — answered in the thread',
  '• `/costlens approvals` — proposed recommendations to approve or reject',
  '• `/costlens digest [daily|weekly] [team]` — preview a digest',
].join('\n');

const NOT_ALLOWED =
  'CostLens does not know your Slack user. Ask an admin to add you to `users` in the Slack settings (docs/slack.md).';

type Reply = (m: {
  text: string;
  blocks?: Block[];
  response_type?: 'ephemeral' | 'in_channel';
}) => Promise<unknown>;

export function registerAskListeners(app: BoltApp, ctx: SlackContext): void {
  const pub = ctx.cfg.publicUrl ? { publicUrl: ctx.cfg.publicUrl } : {};

  async function answer(question: string, userId: string, reply: Reply, inChannel: boolean) {
    if (!ctx.ask) {
      await reply({
        response_type: 'ephemeral',
        text: 'The assistant is not available in this build of CostLens; try `/costlens digest` or `/costlens approvals`.',
      });
      return;
    }
    const who = await ctx.identify(userId);
    try {
      // No `now`: the assistant anchors "last week" at the data's last day (billing lags).
      const result = await ctx.ask(ctx.wh, question, { actor: who.actor, channel: 'slack' });
      const msg = askBlocks(result, { ...pub, askedBy: userId });
      await reply({
        ...msg,
        response_type: inChannel && !result.clarification ? 'in_channel' : 'ephemeral',
      });
    } catch (e) {
      await reply({ response_type: 'ephemeral', text: userMessage(e) });
    }
  }

  app.command(/.*/, async ({ command, ack, respond }) => {
    await ack();
    const who = await ctx.identify(command.user_id);
    if (!slackMay(who, 'command /costlens', ctx.cfg))
      return void (await respond({ response_type: 'ephemeral', text: NOT_ALLOWED }));
    const text = command.text.trim();
    const [sub, ...args] = text.split(/\s+/);
    try {
      if (!text || sub === 'help') {
        await respond({ response_type: 'ephemeral', text: HELP, blocks: [section(HELP)] });
      } else if (sub === 'approvals') {
        const recs = await listRecommendations(ctx.wh, { status: 'proposed', limit: 5 });
        const blocks: Block[] = recs.length
          ? [
              section(`*${recs.length} proposed recommendation${recs.length === 1 ? '' : 's'}*`),
              ...recs.flatMap((r) => recommendationBlocks(r, pub)),
            ]
          : [section('Nothing is waiting for approval.')];
        await respond({ response_type: 'ephemeral', text: 'Proposed recommendations', blocks });
      } else if (sub === 'digest') {
        const period = args[0] === 'weekly' ? 'weekly' : 'daily';
        const team = args[0] === 'daily' || args[0] === 'weekly' ? args[1] : args[0];
        const d = await buildDigest(ctx.wh, { period, now: ctx.now(), ...(team ? { team } : {}) });
        await respond({ response_type: 'ephemeral', ...digestBlocks(d, pub) });
      } else {
        await answer(text, command.user_id, respond, true);
      }
    } catch (e) {
      await respond({ response_type: 'ephemeral', text: userMessage(e) });
    }
  });

  app.event('app_mention', async ({ event, client }) => {
    const userId = event.user;
    if (!userId) return;
    const question = event.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '').trim();
    const thread = event.thread_ts ?? event.ts;
    const reply: Reply = async (m) =>
      m.response_type === 'ephemeral'
        ? client.chat.postEphemeral({
            channel: event.channel,
            user: userId,
            thread_ts: thread,
            text: m.text,
            ...(m.blocks ? { blocks: m.blocks } : {}),
          })
        : client.chat.postMessage({
            channel: event.channel,
            thread_ts: thread,
            text: m.text,
            unfurl_links: false,
            ...(m.blocks ? { blocks: m.blocks } : {}),
          });
    const who = await ctx.identify(userId);
    if (!slackMay(who, 'event app_mention', ctx.cfg))
      return void (await reply({ response_type: 'ephemeral', text: NOT_ALLOWED }));
    if (!question) return void (await reply({ response_type: 'ephemeral', text: HELP }));
    await answer(question, userId, reply, true);
  });
}
