/**
 * AI unit economics per day or month: cost per request, per 1k tokens, per conversation and per
 * successful task — the last joined with a business-outcome metric (issue 4's `business_metric`,
 * e.g. `requests` of app `assistant`). Ratios are decimal strings (6 places) from exact sums;
 * a ratio with nothing to divide by is null, not 0.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { AiScope } from './ai-scope.ts';
import { scopeWhere } from './ai-scope.ts';
import { divideDecimal, sumDecimals } from './decimal-text.ts';

export interface AiUnitCostOptions extends AiScope {
  grain?: 'day' | 'month';
  /** Business metric counting successful tasks (e.g. `requests`, `tickets_resolved`). */
  outcomeMetric?: string;
  /** Restrict the outcome metric to rows whose `app` dimension is this. */
  outcomeApp?: string;
}

export interface AiUnitCostRow {
  period: string;
  cost: string;
  requests: number;
  tokens: number;
  conversations: number;
  cacheSavings: string;
  costPerRequest: string | null;
  costPer1kTokens: string | null;
  costPerConversation: string | null;
  outcomes: string | null;
  costPerOutcome: string | null;
}

export interface AiUnitCostResult {
  grain: 'day' | 'month';
  outcomeMetric: string | null;
  rows: AiUnitCostRow[];
  total: AiUnitCostRow;
  sql: string[];
}

const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

/** @example await aiUnitCost(wh, { grain: 'month', filters: { app: 'assistant' }, outcomeMetric: 'requests', outcomeApp: 'assistant' }); */
export async function aiUnitCost(
  wh: Warehouse,
  o: AiUnitCostOptions = {},
): Promise<AiUnitCostResult> {
  const grain = o.grain ?? 'day';
  const fmt = grain === 'day' ? '%Y-%m-%d' : '%Y-%m';
  const { where, params } = scopeWhere(o);
  const measures = `coalesce(sum(cost), 0)::VARCHAR AS cost, coalesce(sum(requests), 0)::BIGINT AS requests,
    coalesce(sum(input_tokens + cache_read_tokens + cache_write_tokens + output_tokens), 0)::BIGINT AS tokens,
    count(DISTINCT conversation)::BIGINT AS conversations, coalesce(sum(cache_savings), 0)::VARCHAR AS cache_savings`;
  const usageSql = `SELECT strftime(day, '${fmt}') AS period, ${measures} FROM llm_usage_event ${where} GROUP BY 1 ORDER BY 1`;
  const usage = await wh.query<Record<string, string>>(usageSql, params);
  const [tot] = await wh.query<Record<string, string>>(
    `SELECT 'total' AS period, ${measures} FROM llm_usage_event ${where}`,
    params,
  );
  const sql = [usageSql];
  const outcomes = new Map<string, string>();
  if (o.outcomeMetric) {
    const periods = usage.map((u) => u.period);
    const outcomeSql = `SELECT strftime("date", '${fmt}') AS period, sum(value)::VARCHAR AS v FROM business_metric
      WHERE metric = $1 AND ($2::VARCHAR IS NULL OR json_extract_string(dimensions, '$.app') = $2)
      AND (strftime("date", '${fmt}')) IN (SELECT unnest($3::VARCHAR[])) GROUP BY 1`;
    for (const r of await wh.query<{ period: string; v: string }>(outcomeSql, [
      o.outcomeMetric,
      o.outcomeApp ?? null,
      JSON.stringify(periods),
    ])) {
      outcomes.set(r.period, trim(r.v));
    }
    sql.push(outcomeSql);
  }
  const row = (u: Record<string, string>, outcome: string | null): AiUnitCostRow => {
    const cost = trim(String(u.cost));
    const requests = Number(u.requests);
    const tokens = Number(u.tokens);
    const conversations = Number(u.conversations);
    return {
      period: u.period ?? '',
      cost,
      requests,
      tokens,
      conversations,
      cacheSavings: trim(String(u.cache_savings)),
      costPerRequest: requests ? divideDecimal(cost, requests) : null,
      costPer1kTokens: tokens ? divideDecimal(cost, tokens / 1000) : null,
      costPerConversation: conversations ? divideDecimal(cost, conversations) : null,
      outcomes: outcome,
      costPerOutcome: outcome && outcome !== '0' ? divideDecimal(cost, outcome) : null,
    };
  };
  const rows = usage.map((u) => row(u, o.outcomeMetric ? (outcomes.get(u.period!) ?? null) : null));
  const allOutcomes = o.outcomeMetric ? sumDecimals([...outcomes.values()]) : null;
  return {
    grain,
    outcomeMetric: o.outcomeMetric ?? null,
    rows,
    total: row(tot ?? {}, allOutcomes),
    sql,
  };
}
