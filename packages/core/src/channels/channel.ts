/**
 * The escalation seam: a channel delivers an alert or a digest somewhere people work (Slack, a
 * signed webhook, email). Channels only deliver; what to send and to whom is decided by routing
 * and dispatch. Channel settings are validated once with zod (`parseChannels`).
 */
import { z } from 'zod';
import { CostLensError } from '../errors.ts';
import type { Anomaly } from '../anomaly/anomaly-store.ts';
import type { BudgetAlert } from '../budget/notify-budgets.ts';

/** What a channel is asked to deliver. */
export type Delivery =
  | { kind: 'alert'; anomaly: Anomaly }
  | { kind: 'digest'; day: string; anomalies: readonly Anomaly[] }
  | { kind: 'budget'; alert: BudgetAlert };

export interface Channel {
  readonly id: string;
  /** Delivers or throws (a CostLensError naming the channel and the peer's answer). */
  send(delivery: Delivery): Promise<void>;
}

const Base = { id: z.string().min(1) };

export const ChannelConfigSchema = z.discriminatedUnion('kind', [
  z.object({ ...Base, kind: z.literal('slack-webhook'), webhookUrl: z.url() }).strict(),
  z
    .object({
      ...Base,
      kind: z.literal('slack-bot'),
      token: z.string().min(1),
      channel: z.string().min(1),
      apiUrl: z.url().optional(),
    })
    .strict(),
  z
    .object({ ...Base, kind: z.literal('webhook'), url: z.url(), secret: z.string().min(16) })
    .strict(),
  z
    .object({
      ...Base,
      kind: z.literal('email'),
      host: z.string().min(1),
      port: z.number().int().positive(),
      secure: z.boolean().optional(),
      user: z.string().optional(),
      pass: z.string().optional(),
      from: z.string().min(3),
      to: z.array(z.string().min(3)).min(1),
      /** Accept self-signed certificates (local relays only). */
      allowSelfSigned: z.boolean().optional(),
    })
    .strict(),
]);

export type ChannelConfig = z.infer<typeof ChannelConfigSchema>;

/** Validates channel settings, naming the entry and field of every problem. */
export function parseChannelConfigs(value: unknown, source = 'channels'): ChannelConfig[] {
  const result = z.array(ChannelConfigSchema).safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      file: source,
      column: i.path.join('.'),
      message: i.message,
    }));
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${source}: invalid channel settings (${issues.map((i) => `${i.column}: ${i.message}`).join('; ')})`,
      hint: 'Each channel needs an id and a kind: slack-webhook, slack-bot, webhook (secret ≥ 16 chars) or email.',
      issues,
    });
  }
  const ids = new Set<string>();
  for (const c of result.data) {
    if (ids.has(c.id)) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `${source}: duplicate channel id "${c.id}"`,
      });
    }
    ids.add(c.id);
  }
  return result.data;
}

/** A failed delivery, with the peer's answer. */
export function deliveryError(channelId: string, what: string, cause?: unknown): CostLensError {
  return new CostLensError({
    code: 'SOURCE_UNREADABLE',
    message: `channel ${channelId}: ${what}`,
    hint: 'Check the channel settings (URL, token, SMTP host) and that the peer is reachable; the alert will be retried on the next run.',
    cause,
  });
}
