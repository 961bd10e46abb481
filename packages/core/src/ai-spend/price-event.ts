/**
 * Token-priced cost of one usage event, exact: uncached input × input price + cache reads ×
 * cache-read price + cache writes × cache-write price + (output − reasoning) × output price +
 * reasoning × reasoning price. Batch traffic uses batch prices where the book has them (else the
 * standard price: no discount is invented). Missing cache/reasoning prices fall back to the
 * input/output price. Anything that cannot be priced returns `cost: null` with the reason.
 */
import { toUnits } from '../allocation/exact-decimal.ts';
import { tokensTimes, unitsToText } from './decimal-text.ts';
import type { PriceBook } from './price-book.ts';
import type { ResolvedPrice } from './price-book.ts';
import { resolvePrice } from './price-book.ts';
import type { LlmUsageEvent } from './usage-event.ts';

export interface PricedCost {
  cost: string | null;
  cacheSavings: string | null;
  priceKey: string | null;
  priceVersion: string;
  unpricedReason: string | null;
}

type TokenCounts = Pick<
  LlmUsageEvent,
  | 'inputTokens'
  | 'cacheReadTokens'
  | 'cacheWriteTokens'
  | 'outputTokens'
  | 'reasoningTokens'
  | 'batch'
>;

export function priceEvent(
  book: PriceBook,
  e: TokenCounts &
    Pick<LlmUsageEvent, 'provider' | 'model' | 'startTime' | 'otherQuantity' | 'otherUnit'>,
): PricedCost {
  const day = e.startTime.slice(0, 10);
  const tokens = e.inputTokens + e.cacheReadTokens + e.cacheWriteTokens + e.outputTokens;
  const resolved = resolveCached(book, e.provider, e.model, day);
  if (tokens === 0 && e.otherQuantity !== null) {
    return {
      cost: null,
      cacheSavings: null,
      priceKey: null,
      priceVersion: resolved.version,
      unpricedReason: `non-token usage (${e.otherUnit ?? 'units'}) is not token-priced; the provider's cost lines carry it`,
    };
  }
  if (!resolved.ok)
    return {
      cost: null,
      cacheSavings: null,
      priceKey: null,
      priceVersion: resolved.version,
      unpricedReason: resolved.reason,
    };
  const costed = costOf(resolved.prices, e);
  if ('missing' in costed) {
    return {
      cost: null,
      cacheSavings: null,
      priceKey: resolved.key,
      priceVersion: resolved.version,
      unpricedReason: `${resolved.key} has no ${costed.missing} price`,
    };
  }
  return {
    cost: costed.cost,
    cacheSavings: costed.cacheSavings,
    priceKey: resolved.key,
    priceVersion: resolved.version,
    unpricedReason: null,
  };
}

/** The arithmetic alone, for what-ifs that price a workload on another model's prices. */
export function costOf(
  p: {
    input: string | null;
    output: string | null;
    cacheRead: string | null;
    cacheWrite: string | null;
    batchInput: string | null;
    batchOutput: string | null;
    reasoning: string | null;
  },
  e: TokenCounts,
): { cost: string; cacheSavings: string | null } | { missing: string } {
  const input = (e.batch ? p.batchInput : null) ?? p.input;
  const output = (e.batch ? p.batchOutput : null) ?? p.output;
  const needs: [number, string | null, string][] = [
    [e.inputTokens + e.cacheReadTokens + e.cacheWriteTokens, input, 'input'],
    [e.outputTokens, output, 'output'],
  ];
  for (const [n, price, name] of needs) if (n > 0 && price === null) return { missing: name };
  const inP = input ?? '0';
  const outP = output ?? '0';
  const readP = p.cacheRead ?? inP;
  const units =
    tokensTimes(e.inputTokens, inP) +
    tokensTimes(e.cacheReadTokens, readP) +
    tokensTimes(e.cacheWriteTokens, p.cacheWrite ?? inP) +
    tokensTimes(e.outputTokens - e.reasoningTokens, outP) +
    tokensTimes(e.reasoningTokens, p.reasoning ?? outP);
  const savings =
    p.cacheRead === null
      ? null
      : unitsToText(BigInt(e.cacheReadTokens) * (toUnits(inP) - toUnits(readP)));
  return { cost: unitsToText(units), cacheSavings: savings };
}

// Logs repeat the same model on the same day thousands of times: resolve each once per book.
const RESOLVED = new WeakMap<PriceBook, Map<string, ResolvedPrice>>();

function resolveCached(
  book: PriceBook,
  provider: string,
  model: string | null,
  day: string,
): ResolvedPrice {
  let cache = RESOLVED.get(book);
  if (!cache) RESOLVED.set(book, (cache = new Map()));
  const key = `${provider}\u0000${model ?? ''}\u0000${day}`;
  let r = cache.get(key);
  if (!r) cache.set(key, (r = resolvePrice(book, { provider, model, day })));
  return r;
}
