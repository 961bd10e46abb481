/**
 * Model-switch what-if: the same workload (a scope of past usage) priced on another model. The
 * assumption is stated, never hidden: the target model needs `inputRatio` × the input tokens and
 * `outputRatio` × the output tokens (tokenizers and verbosity differ; 1.0 unless told), cache reads
 * keep their share when the target has a cache price (else they are priced as input), batch stays
 * batch. Unpriced usage is left out of both sides and counted.
 */
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { AiScope } from './ai-scope.ts';
import { scopeWhere } from './ai-scope.ts';
import { divideDecimal, sumDecimals } from './decimal-text.ts';
import type { PriceBook } from './price-book.ts';
import { resolvePrice } from './price-book.ts';
import { costOf } from './price-event.ts';
import { loadPriceBook } from './price-overrides.ts';

export interface WhatIfOptions extends AiScope {
  targetModel: string;
  /** Provider of the target model (default: `openai` for gpt-/o-series names, else the source's). */
  targetProvider?: string;
  inputRatio?: number;
  outputRatio?: number;
  /** Price-book date for the target (default: the last day of the scope's usage). */
  priceDay?: string;
  book?: PriceBook;
}

export interface WhatIfLine {
  provider: string;
  model: string | null;
  batch: boolean;
  currentCost: string;
  projectedCost: string;
  inputTokens: number;
  outputTokens: number;
}

export interface WhatIfResult {
  target: { provider: string; model: string; priceKey: string; priceVersion: string };
  currentCost: string;
  projectedCost: string;
  /** projected − current: negative means the switch saves. */
  delta: string;
  deltaPct: string | null;
  unpricedEventsExcluded: number;
  assumptions: string[];
  lines: WhatIfLine[];
  sql: string;
}

function ratio(name: string, v: number | undefined): number {
  const r = v ?? 1;
  if (!Number.isFinite(r) || r <= 0 || r > 10) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${name} ${v} must be a number above 0 and at most 10.`,
      hint: 'A ratio of 1.2 means the target model needs 20 % more tokens for the same work.',
    });
  }
  return r;
}

/** @example await modelSwitchWhatIf(wh, { filters: { model: 'gpt-4.1-2025-04-14' }, targetModel: 'gpt-4.1-mini-2025-04-14', outputRatio: 1.1 }); */
export async function modelSwitchWhatIf(wh: Warehouse, o: WhatIfOptions): Promise<WhatIfResult> {
  const inputRatio = ratio('inputRatio', o.inputRatio);
  const outputRatio = ratio('outputRatio', o.outputRatio);
  const book = o.book ?? (await loadPriceBook(wh));
  const { where, params } = scopeWhere(o);
  const sql = `SELECT provider, model, batch, coalesce(sum(cost), 0)::VARCHAR AS cost, count(*) FILTER (WHERE cost IS NULL)::BIGINT AS unpriced,
      coalesce(sum(input_tokens) FILTER (WHERE cost IS NOT NULL), 0)::BIGINT AS input_tokens,
      coalesce(sum(cache_read_tokens) FILTER (WHERE cost IS NOT NULL), 0)::BIGINT AS cache_read_tokens,
      coalesce(sum(cache_write_tokens) FILTER (WHERE cost IS NOT NULL), 0)::BIGINT AS cache_write_tokens,
      coalesce(sum(output_tokens) FILTER (WHERE cost IS NOT NULL), 0)::BIGINT AS output_tokens,
      coalesce(sum(reasoning_tokens) FILTER (WHERE cost IS NOT NULL), 0)::BIGINT AS reasoning_tokens,
      max(day)::VARCHAR AS last_day
    FROM llm_usage_event ${where} GROUP BY ALL ORDER BY 4 DESC`;
  const groups = await wh.query<Record<string, string | boolean | null>>(sql, params);
  if (groups.length === 0) {
    throw new CostLensError({
      code: 'NOT_FOUND',
      message: 'no LLM usage in that scope to price on another model.',
      hint: 'Widen the dates or filters, or ingest usage first (costlens ai ingest).',
    });
  }
  const lastDay =
    o.priceDay ??
    groups
      .map((g) => String(g.last_day))
      .sort()
      .pop()!;
  const provider =
    o.targetProvider ??
    (/^(gpt-|o\d|chatgpt)/.test(o.targetModel) ? 'openai' : String(groups[0]!.provider));
  const target = resolvePrice(book, { provider, model: o.targetModel, day: lastDay });
  if (!target.ok) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `cannot price the target: ${target.reason}.`,
      hint: 'Name a model the price book knows (costlens ai prices --model <name>) or add an override.',
    });
  }
  const lines: WhatIfLine[] = [];
  let unpriced = 0;
  for (const g of groups) {
    unpriced += Number(g.unpriced);
    const scale = (n: unknown, r: number) => Math.round(Number(n) * r);
    const output = scale(g.output_tokens, outputRatio);
    const tokens = {
      inputTokens: scale(g.input_tokens, inputRatio),
      cacheReadTokens:
        target.prices.cacheRead === null ? 0 : scale(g.cache_read_tokens, inputRatio),
      cacheWriteTokens: scale(g.cache_write_tokens, inputRatio),
      outputTokens: output,
      reasoningTokens: Math.min(output, scale(g.reasoning_tokens, outputRatio)),
      batch: g.batch === true,
    };
    if (target.prices.cacheRead === null)
      tokens.inputTokens += scale(g.cache_read_tokens, inputRatio);
    const c = costOf(target.prices, tokens);
    if ('missing' in c) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `cannot price the target: ${target.key} has no ${c.missing} price.`,
      });
    }
    lines.push({
      provider: String(g.provider),
      model: (g.model as string | null) ?? null,
      batch: g.batch === true,
      currentCost: trimDec(String(g.cost)),
      projectedCost: c.cost,
      inputTokens:
        Number(g.input_tokens) + Number(g.cache_read_tokens) + Number(g.cache_write_tokens),
      outputTokens: Number(g.output_tokens),
    });
  }
  const current = sumDecimals(lines.map((l) => l.currentCost));
  const projected = sumDecimals(lines.map((l) => l.projectedCost));
  const delta = sumDecimals([projected, `-${current}`.replace('--', '')]);
  return {
    target: { provider, model: o.targetModel, priceKey: target.key, priceVersion: target.version },
    currentCost: current,
    projectedCost: projected,
    delta,
    deltaPct:
      current === '0'
        ? null
        : divideDecimal(sumDecimals([delta]), divideDecimal(current, 100, 15) ?? '1', 2),
    unpricedEventsExcluded: unpriced,
    assumptions: [
      `token ratio: the target needs ${inputRatio} × the input tokens and ${outputRatio} × the output tokens of today's models`,
      target.prices.cacheRead === null
        ? 'the target has no cache-read price: cached input is priced as input'
        : 'cached input keeps its share at the target cache-read price',
      'batch traffic stays batch (batch prices where the book has them)',
      `prices: ${target.key} (${target.version}) as of ${lastDay}`,
      ...(unpriced ? [`${unpriced} unpriced event(s) left out of both sides`] : []),
    ],
    lines,
    sql,
  };
}

const trimDec = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
