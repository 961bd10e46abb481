/**
 * AI spend by any mix of dimensions (model, team, app, feature, user, …): token-priced cost (exact
 * DECIMAL sums), how much usage could not be priced (counted, never added as $0), the token mix
 * and cache savings. Reads `llm_usage_event` only; returns the SQL it ran so numbers can be cited.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { AiDimension, AiScope } from './ai-scope.ts';
import { AI_DIMENSIONS, assertDimension, scopeWhere } from './ai-scope.ts';

export interface AiSpendRow {
  key: Record<string, string | null>;
  /** Token-priced cost of the priced events, USD, exact decimal string. */
  cost: string;
  /** What the sources themselves state (LiteLLM spend, Azure EffectiveCost), where they do. */
  reportedCost: string | null;
  cacheSavings: string;
  events: number;
  unpricedEvents: number;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export interface AiSpendResult {
  groupBy: AiDimension[];
  rows: AiSpendRow[];
  total: AiSpendRow;
  sql: string;
  params: (string | number | null)[];
}

export interface AiSpendOptions extends AiScope {
  groupBy?: string[];
  limit?: number;
}

const MEASURES = `coalesce(sum(cost), 0)::VARCHAR AS cost, sum(reported_cost)::VARCHAR AS reported_cost,
  coalesce(sum(cache_savings), 0)::VARCHAR AS cache_savings, count(*)::BIGINT AS events,
  count(*) FILTER (WHERE cost IS NULL)::BIGINT AS unpriced_events, coalesce(sum(requests), 0)::BIGINT AS requests,
  coalesce(sum(input_tokens), 0)::BIGINT AS input_tokens, coalesce(sum(cache_read_tokens), 0)::BIGINT AS cached_input_tokens,
  coalesce(sum(cache_write_tokens), 0)::BIGINT AS cache_write_tokens, coalesce(sum(output_tokens), 0)::BIGINT AS output_tokens,
  coalesce(sum(reasoning_tokens), 0)::BIGINT AS reasoning_tokens`;

const trim = (s: string | null) =>
  s === null ? null : s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;

function toRow(r: Record<string, unknown>, dims: AiDimension[]): AiSpendRow {
  return {
    key: Object.fromEntries(dims.map((d) => [d, (r[`k_${d}`] as string | null) ?? null])),
    cost: trim(String(r.cost)) ?? '0',
    reportedCost: trim((r.reported_cost as string | null) ?? null),
    cacheSavings: trim(String(r.cache_savings)) ?? '0',
    events: Number(r.events),
    unpricedEvents: Number(r.unpriced_events),
    requests: Number(r.requests),
    inputTokens: Number(r.input_tokens),
    cachedInputTokens: Number(r.cached_input_tokens),
    cacheWriteTokens: Number(r.cache_write_tokens),
    outputTokens: Number(r.output_tokens),
    reasoningTokens: Number(r.reasoning_tokens),
  };
}

/**
 * Spend grouped by dimensions, largest cost first.
 * @example await aiSpend(wh, { groupBy: ['model'], from: '2026-01-01', to: '2026-02-01' });
 */
export async function aiSpend(wh: Warehouse, o: AiSpendOptions = {}): Promise<AiSpendResult> {
  const dims = (o.groupBy ?? []).map(assertDimension);
  const { where, params } = scopeWhere(o);
  const keys = dims.map((d) => `${AI_DIMENSIONS[d]} AS k_${d}`);
  const limit = Math.max(1, Math.min(o.limit ?? 1000, 10_000));
  const sql = `SELECT ${[...keys, MEASURES].join(', ')} FROM llm_usage_event ${where}${
    dims.length
      ? ` GROUP BY ${dims.map((_, i) => i + 1).join(', ')} ORDER BY sum(cost) DESC NULLS LAST, 1 LIMIT ${limit}`
      : ''
  }`;
  const rows = (await wh.query(sql, params)).map((r) => toRow(r, dims));
  const [t] = await wh.query(`SELECT ${MEASURES} FROM llm_usage_event ${where}`, params);
  return {
    groupBy: dims,
    rows: dims.length ? rows : [],
    total: toRow(t ?? {}, []),
    sql,
    params: params as (string | number | null)[],
  };
}
