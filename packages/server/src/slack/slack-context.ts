/** What every Slack listener works with; built once per app by createSlackApp. */
import type { AskOptions, AskResult, Warehouse } from '@costlens/core';
import { isCostLensError } from '@costlens/core';
import type { WebClient } from '@slack/web-api';
import type { Block } from './block-kit.ts';
import type { SlackConfig } from './slack-config.ts';
import type { SlackIdentity } from './slack-identity.ts';

/** The assistant's entry point (core `answerQuestion`, or a model-backed `ask`). */
export type AskFn = (wh: Warehouse, question: string, opts: AskOptions) => Promise<AskResult>;

export interface SlackContext {
  wh: Warehouse;
  cfg: SlackConfig;
  ask: AskFn | undefined;
  now: () => Date;
  identify(userId: string): Promise<SlackIdentity>;
}

/** Where a message with buttons lives, so a modal's submission can update it later. */
export interface MessageRef {
  id: string;
  channel?: string;
  ts?: string;
  responseUrl?: string;
  ephemeral?: boolean;
  decision?: 'approved' | 'rejected';
}

/** The message ref from a block_actions payload. */
export function messageRefOf(
  body: {
    container?: { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
    channel?: { id?: string };
    message?: { ts?: string };
    response_url?: string;
  },
  id: string,
): MessageRef {
  const channel = body.container?.channel_id ?? body.channel?.id;
  const ts = body.container?.message_ts ?? body.message?.ts;
  return {
    id,
    ...(channel ? { channel } : {}),
    ...(ts ? { ts } : {}),
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
    ...(body.container?.is_ephemeral ? { ephemeral: true } : {}),
  };
}

/** Replaces a message: chat.update for a channel message, its response_url for an ephemeral one. */
export async function updateMessage(
  client: WebClient,
  ref: MessageRef,
  content: { text: string; blocks: Block[] },
): Promise<void> {
  if (ref.channel && ref.ts && !ref.ephemeral) {
    await client.chat.update({ channel: ref.channel, ts: ref.ts, ...content });
  } else if (ref.responseUrl) {
    await fetch(ref.responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, ...content }),
    });
  }
}

/** What to tell a Slack user when something fails: our own errors verbatim, others generically. */
export function userMessage(e: unknown): string {
  if (isCostLensError(e)) return `${e.message}${e.hint ? `\n${e.hint}` : ''}`;
  return 'Something went wrong in CostLens; the server log has the details.';
}
