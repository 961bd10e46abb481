/**
 * Alerting settings as one validated value: channels, routing rules and which channels get the
 * daily digest. Read by an app's config loader (core reads no files or env here) and turned into
 * live channels by `createChannels`.
 */
import { z } from 'zod';
import { CostLensError } from '../errors.ts';
import type { Channel, ChannelConfig } from './channel.ts';
import { ChannelConfigSchema, parseChannelConfigs } from './channel.ts';
import { emailChannel } from './email-channel.ts';
import { DEFAULT_HOLIDAYS, holidayTest } from '../anomaly/season-buckets.ts';
import { RoutingRuleSchema } from './routing.ts';
import type { RoutingRule } from './routing.ts';
import { slackBotChannel, slackWebhookChannel } from './slack-channel.ts';
import { webhookChannel } from './webhook-channel.ts';

const AlertingSchema = z
  .object({
    channels: z.array(ChannelConfigSchema),
    rules: z.array(RoutingRuleSchema).default([]),
    digest: z
      .object({ channels: z.array(z.string()) })
      .strict()
      .optional(),
    budgets: z
      .object({ channels: z.array(z.string()) })
      .strict()
      .optional(),
    maxAgeDays: z.number().int().min(0).max(366).optional(),
    /** The business calendar detection uses (see DEFAULT_HOLIDAYS); [] = none. */
    holidays: z.array(z.string()).optional(),
  })
  .strict();

export interface AlertingConfig {
  channels: ChannelConfig[];
  rules: RoutingRule[];
  digestChannels: string[];
  /** Channels that receive budget threshold alerts. */
  budgetChannels: string[];
  maxAgeDays: number;
  /** Holidays for detection: `MM-DD`, `YYYY-MM-DD` or `A..B` ranges (default DEFAULT_HOLIDAYS). */
  holidays: readonly string[];
}

/** Validates alerting settings; every unknown channel id in a rule or the digest is an issue. */
export function parseAlertingConfig(value: unknown, source = 'alerting config'): AlertingConfig {
  const parsed = AlertingSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      file: source,
      column: i.path.join('.'),
      message: i.message,
    }));
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${source}: ${issues.map((i) => `${i.column || '(root)'}: ${i.message}`).join('; ')}`,
      hint: 'Expected { channels: [...], rules: [{ channels, minSeverity?, teams?, monitors?, scope? }], digest?: { channels }, budgets?: { channels } }.',
      issues,
    });
  }
  if (parsed.data.holidays) holidayTest(parsed.data.holidays); // a bad day fails here, named
  const channels = parseChannelConfigs(parsed.data.channels, source);
  const ids = new Set(channels.map((c) => c.id));
  const digestChannels = parsed.data.digest?.channels ?? [];
  const budgetChannels = parsed.data.budgets?.channels ?? [];
  const unknown = [
    ...parsed.data.rules.flatMap((r) => r.channels),
    ...digestChannels,
    ...budgetChannels,
  ].filter((c) => !ids.has(c));
  if (unknown.length > 0) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${source}: rules, digest or budgets name unknown channel(s): ${[...new Set(unknown)].join(', ')}`,
      hint: `Configured channels: ${[...ids].join(', ') || '(none)'}.`,
    });
  }
  return {
    channels,
    rules: parsed.data.rules,
    digestChannels,
    budgetChannels,
    maxAgeDays: parsed.data.maxAgeDays ?? 7,
    holidays: parsed.data.holidays ?? DEFAULT_HOLIDAYS,
  };
}

/** Live channels from validated settings. */
export function createChannels(configs: readonly ChannelConfig[]): Channel[] {
  return configs.map((c) => {
    switch (c.kind) {
      case 'slack-webhook':
        return slackWebhookChannel(c);
      case 'slack-bot':
        return slackBotChannel(c);
      case 'webhook':
        return webhookChannel(c);
      case 'email':
        return emailChannel(c);
    }
  });
}
