/**
 * Token-priced usage vs the invoice, per provider and day: Bedrock against the AWS CUR's Bedrock
 * usage lines, Azure OpenAI against the Azure export's OpenAI lines, Vertex against GCP billing,
 * OpenAI/Anthropic against their cost endpoints. Days with both sides are compared and the gap is
 * reported (invoice − usage); days with only one side are totalled separately, never dropped.
 * Usage per provider-day comes from its best source only (provider API > gateway > telemetry).
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { divideDecimal, sumDecimals } from './decimal-text.ts';
import { AI_FOCUS_FORMAT } from './focus-rows.ts';

export interface ReconciliationDay {
  provider: string;
  day: string;
  usageCost: string | null;
  unpricedEvents: number;
  invoiceCost: string | null;
}

export interface ProviderReconciliation {
  provider: string;
  invoiceSource: string;
  overlapDays: number;
  usageCost: string;
  invoiceCost: string;
  /** invoice − token-priced usage over the days both sides cover. */
  gap: string;
  /** gap as a percentage of the invoice (2 places), null when the invoice is 0. */
  gapPct: string | null;
  unpricedEvents: number;
  usageOnlyDays: number;
  usageOnlyCost: string;
  invoiceOnlyDays: number;
  invoiceOnlyCost: string;
}

export interface AiReconciliation {
  providers: ProviderReconciliation[];
  days: ReconciliationDay[];
  sql: string;
}

const INVOICE_SOURCE: Record<string, string> = {
  'aws-bedrock': 'AWS CUR (Amazon Bedrock usage lines)',
  'azure-openai': 'Azure cost export (Azure OpenAI lines)',
  'gcp-vertex': 'GCP billing export (Vertex AI lines)',
  openai: 'OpenAI Costs API',
  anthropic: 'Anthropic cost report',
};

const RANK = `CASE source WHEN 'openai-usage' THEN 1 WHEN 'anthropic-usage' THEN 1 WHEN 'bedrock-invocation-log' THEN 1 WHEN 'azure-openai-export' THEN 1 WHEN 'litellm-spend-logs' THEN 2 ELSE 3 END`;

/** @example const r = await aiReconciliation(wh, { from: '2026-01-01' }); */
export async function aiReconciliation(
  wh: Warehouse,
  o: { from?: string; to?: string } = {},
): Promise<AiReconciliation> {
  const sql = `WITH ranked AS (
      SELECT provider, day, cost, ${RANK} AS rnk FROM llm_usage_event
      WHERE ($1::DATE IS NULL OR day >= $1::DATE) AND ($2::DATE IS NULL OR day < $2::DATE)),
    usage AS (
      SELECT provider, day, sum(cost) AS cost, count(*) FILTER (WHERE cost IS NULL) AS unpriced FROM ranked r
      WHERE rnk = (SELECT min(rnk) FROM ranked x WHERE x.provider = r.provider AND x.day = r.day) GROUP BY ALL),
    cloud AS (
      SELECT CASE WHEN "ServiceName" ILIKE '%bedrock%' THEN 'aws-bedrock'
                  WHEN "ServiceName" ILIKE '%openai%' THEN 'azure-openai'
                  ELSE 'gcp-vertex' END AS provider,
             "ChargePeriodStart"::DATE AS day, sum("BilledCost") AS cost
      FROM ${COST_TABLE}
      WHERE ("ServiceName" ILIKE '%bedrock%' OR ("ServiceName" ILIKE '%openai%' AND "ProviderName" ILIKE 'Microsoft%') OR "ServiceName" ILIKE '%vertex ai%')
        AND "ChargeCategory" = 'Usage' AND coalesce(x_source_format, '') <> '${AI_FOCUS_FORMAT}'
        AND ($1::DATE IS NULL OR "ChargePeriodStart" >= $1::DATE) AND ($2::DATE IS NULL OR "ChargePeriodStart" < $2::DATE)
      GROUP BY ALL),
    direct AS (
      SELECT provider, day, sum(amount) AS cost FROM llm_invoice_line
      WHERE ($1::DATE IS NULL OR day >= $1::DATE) AND ($2::DATE IS NULL OR day < $2::DATE) GROUP BY ALL),
    invoice AS (SELECT * FROM cloud WHERE provider IN (SELECT DISTINCT provider FROM usage) UNION ALL SELECT * FROM direct)
    SELECT coalesce(u.provider, i.provider) AS provider, strftime(coalesce(u.day, i.day), '%Y-%m-%d') AS day,
      u.cost::VARCHAR AS usage_cost, coalesce(u.unpriced, 0)::BIGINT AS unpriced, i.cost::VARCHAR AS invoice_cost
    FROM usage u FULL OUTER JOIN invoice i ON u.provider = i.provider AND u.day = i.day
    ORDER BY 1, 2`;
  const rows = await wh.query<{
    provider: string;
    day: string;
    usage_cost: string | null;
    unpriced: number;
    invoice_cost: string | null;
  }>(sql, [o.from ?? null, o.to ?? null]);
  const days: ReconciliationDay[] = rows.map((r) => ({
    provider: r.provider,
    day: r.day,
    usageCost: r.usage_cost === null ? null : sumDecimals([r.usage_cost]),
    unpricedEvents: Number(r.unpriced),
    invoiceCost: r.invoice_cost === null ? null : sumDecimals([r.invoice_cost]),
  }));
  const providers: ProviderReconciliation[] = [];
  for (const provider of [...new Set(days.map((d) => d.provider))]) {
    const mine = days.filter((d) => d.provider === provider);
    const both = mine.filter((d) => d.usageCost !== null && d.invoiceCost !== null);
    const usageOnly = mine.filter((d) => d.usageCost !== null && d.invoiceCost === null);
    const invoiceOnly = mine.filter((d) => d.usageCost === null && d.invoiceCost !== null);
    const usageCost = sumDecimals(both.map((d) => d.usageCost));
    const invoiceCost = sumDecimals(both.map((d) => d.invoiceCost));
    const gap = sumDecimals([invoiceCost, negate(usageCost)]);
    providers.push({
      provider,
      invoiceSource: INVOICE_SOURCE[provider] ?? 'none loaded',
      overlapDays: both.length,
      usageCost,
      invoiceCost,
      gap,
      gapPct:
        invoiceCost === '0'
          ? null
          : divideDecimal(gap, divideDecimal(invoiceCost, 100, 15) ?? '1', 2),
      unpricedEvents: mine.reduce((s, d) => s + d.unpricedEvents, 0),
      usageOnlyDays: usageOnly.length,
      usageOnlyCost: sumDecimals(usageOnly.map((d) => d.usageCost)),
      invoiceOnlyDays: invoiceOnly.length,
      invoiceOnlyCost: sumDecimals(invoiceOnly.map((d) => d.invoiceCost)),
    });
  }
  return { providers, days, sql };
}

const negate = (s: string) => (s.startsWith('-') ? s.slice(1) : s === '0' ? s : `-${s}`);
