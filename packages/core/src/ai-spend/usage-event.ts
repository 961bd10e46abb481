/**
 * The normalized shapes every LLM usage parser produces. Token fields never overlap: `inputTokens`
 * is uncached input only (OpenAI and OTel count cached tokens inside input; Anthropic and Bedrock
 * do not — parsers normalize), `reasoningTokens` is the part of `outputTokens` spent reasoning.
 * Parsers are pure (text in, values out) and report every problem at once as `Issue`s.
 */
import type { Issue } from '../errors.ts';

export type LlmSource =
  | 'openai-usage'
  | 'openai-costs'
  | 'anthropic-usage'
  | 'anthropic-costs'
  | 'bedrock-invocation-log'
  | 'azure-openai-export'
  | 'litellm-spend-logs'
  | 'otel-genai';

/** `cloud-bill`: a cloud invoice (AWS CUR, Azure export) already carries the cost. */
export type BilledVia = 'cloud-bill' | 'direct';

export interface LlmUsageEvent {
  eventKey: string;
  /** Re-ingesting rows with the same key replaces them (a request id, or bucket + endpoint). */
  replaceKey: string;
  source: LlmSource;
  sourceLine: number;
  /** ISO timestamp (UTC). */
  startTime: string;
  provider: string;
  billedVia: BilledVia;
  /** Null when the export was not grouped by model (flagged unpriced). */
  model: string | null;
  operation: string;
  requests: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Non-token usage (images, characters, seconds, sessions, bytes). */
  otherQuantity: string | null;
  otherUnit: string | null;
  batch: boolean;
  serviceTier: string | null;
  account: string | null;
  project: string | null;
  team: string | null;
  app: string | null;
  feature: string | null;
  user: string | null;
  environment: string | null;
  conversation: string | null;
  status: 'success' | 'error' | null;
  tags: Record<string, string>;
  /** Cost the source itself states (LiteLLM spend, Azure EffectiveCost), decimal string. */
  reportedCost: string | null;
}

/** One provider cost line (OpenAI costs endpoint, Anthropic cost report). */
export interface LlmInvoiceLine {
  replaceKey: string;
  source: LlmSource;
  sourceLine: number;
  day: string;
  provider: string;
  account: string | null;
  project: string | null;
  model: string | null;
  description: string | null;
  tokenType: string | null;
  quantity: string | null;
  unit: string | null;
  /** USD, decimal string. */
  amount: string;
  currency: string;
}

export interface ParsedUsage {
  source: LlmSource;
  events: LlmUsageEvent[];
  invoiceLines: LlmInvoiceLine[];
  issues: Issue[];
}

/** An event with every optional field empty, for parsers to fill. */
export function blankEvent(
  e: Pick<
    LlmUsageEvent,
    | 'eventKey'
    | 'replaceKey'
    | 'source'
    | 'sourceLine'
    | 'startTime'
    | 'provider'
    | 'billedVia'
    | 'model'
    | 'operation'
  >,
): LlmUsageEvent {
  return {
    ...e,
    requests: 1,
    inputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    otherQuantity: null,
    otherUnit: null,
    batch: false,
    serviceTier: null,
    account: null,
    project: null,
    team: null,
    app: null,
    feature: null,
    user: null,
    environment: null,
    conversation: null,
    status: null,
    tags: {},
    reportedCost: null,
  };
}
