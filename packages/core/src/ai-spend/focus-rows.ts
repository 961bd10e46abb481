/**
 * AI spend as FOCUS rows (ServiceCategory "AI and Machine Learning", per-model detail in `x_Llm…`
 * columns) so "all spend" stays one query — without double counting: providers billed through a
 * cloud invoice (Bedrock, Azure OpenAI, Vertex) get no rows here, the CUR/export already has them.
 * For a direct provider and day, the provider's own cost lines win; only when none were loaded are
 * rows built from usage, token-priced (best source only: the provider's usage API, else a gateway
 * log, else telemetry), and unpriced usage is left out rather than written as $0.
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';

export const AI_FOCUS_FORMAT = 'llm-usage';

const EXTENSIONS: [string, string][] = [
  ['x_LlmProvider', 'VARCHAR'],
  ['x_LlmModel', 'VARCHAR'],
  ['x_LlmTokenType', 'VARCHAR'],
  ['x_LlmInputTokens', 'BIGINT'],
  ['x_LlmCachedInputTokens', 'BIGINT'],
  ['x_LlmCacheWriteTokens', 'BIGINT'],
  ['x_LlmOutputTokens', 'BIGINT'],
  ['x_LlmRequests', 'BIGINT'],
  ['x_LlmCostBasis', 'VARCHAR'],
  ['x_LlmPriceVersion', 'VARCHAR'],
];

const NAMES = `CASE p WHEN 'openai' THEN 'OpenAI' WHEN 'anthropic' THEN 'Anthropic' ELSE p END`;

/** The FOCUS columns these rows carry (recorded in `ingest_column` so conformance sees them). */
const PROVIDED = [
  'ProviderName',
  'ServiceProviderName',
  'PublisherName',
  'InvoiceIssuerName',
  'ServiceName',
  'ServiceCategory',
  'ServiceSubcategory',
  'ChargeCategory',
  'ChargeClass',
  'ChargeFrequency',
  'PricingCategory',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'BillingCurrency',
  'BillingAccountId',
  'BillingAccountName',
  'SubAccountId',
  'ChargeDescription',
  'ConsumedQuantity',
  'ConsumedUnit',
  'PricingQuantity',
  'PricingUnit',
  'Tags',
];
const SOURCE_RANK = `CASE source WHEN 'openai-usage' THEN 1 WHEN 'anthropic-usage' THEN 1 WHEN 'litellm-spend-logs' THEN 2 ELSE 3 END`;

async function ensureColumns(tx: Warehouse): Promise<void> {
  const have = new Set(
    (
      await tx.query<{ c: string }>(
        `SELECT lower(column_name) AS c FROM information_schema.columns WHERE table_name = $1`,
        [COST_TABLE],
      )
    ).map((r) => r.c),
  );
  for (const [name, type] of EXTENSIONS) {
    if (!have.has(name.toLowerCase()))
      await tx.exec(`ALTER TABLE ${COST_TABLE} ADD COLUMN "${name}" ${type}`);
  }
}

/** Common FOCUS columns for a row of provider `p` on day `d` (SQL expressions over p, d). */
function focusCommon(): string {
  return `${NAMES} AS "ProviderName", ${NAMES} AS "ServiceProviderName", ${NAMES} AS "PublisherName",
    ${NAMES} AS "InvoiceIssuerName", ${NAMES} || ' API' AS "ServiceName",
    'AI and Machine Learning' AS "ServiceCategory", 'Generative AI' AS "ServiceSubcategory",
    'Usage' AS "ChargeCategory", 'Usage-Based' AS "ChargeFrequency", 'Standard' AS "PricingCategory",
    d::TIMESTAMP AS "ChargePeriodStart", (d + INTERVAL 1 DAY)::TIMESTAMP AS "ChargePeriodEnd",
    date_trunc('month', d)::TIMESTAMP AS "BillingPeriodStart", (date_trunc('month', d) + INTERVAL 1 MONTH)::TIMESTAMP AS "BillingPeriodEnd",
    ${NAMES} AS "BillingAccountName", p AS "x_LlmProvider"`;
}

/**
 * Rebuilds the AI FOCUS rows for the given direct-provider days; returns how many rows it wrote.
 * Runs inside the caller's transaction.
 */
export async function writeAiFocusRows(
  tx: Warehouse,
  pairs: readonly { provider: string; day: string }[],
): Promise<number> {
  if (pairs.length === 0) return 0;
  await ensureColumns(tx);
  const keys = JSON.stringify([...new Set(pairs.map((x) => `${x.provider}|${x.day}`))]);
  await tx.exec(
    `DELETE FROM ${COST_TABLE} WHERE x_source_format = '${AI_FOCUS_FORMAT}'
       AND ("x_LlmProvider" || '|' || strftime("ChargePeriodStart", '%Y-%m-%d')) IN (SELECT unnest($1::VARCHAR[]))`,
    [keys],
  );
  const [before] = await tx.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${COST_TABLE} WHERE x_source_format = '${AI_FOCUS_FORMAT}'`,
  );
  // Provider cost lines first. A line without a quantity (OpenAI sends null unless grouped) is
  // priced as one 'Charge': FOCUS requires PricingQuantity on usage rows.
  await tx.exec(
    `INSERT INTO ${COST_TABLE} BY NAME
     SELECT ${focusCommon()}, amount AS "BilledCost", amount AS "EffectiveCost", amount AS "ListCost", amount AS "ContractedCost",
       currency AS "BillingCurrency", coalesce(account, p) AS "BillingAccountId", project AS "SubAccountId",
       description AS "ChargeDescription", quantity AS "ConsumedQuantity", unit AS "ConsumedUnit",
       coalesce(quantity, 1) AS "PricingQuantity", CASE WHEN quantity IS NULL THEN 'Charge' ELSE unit END AS "PricingUnit", model AS "x_LlmModel", token_type AS "x_LlmTokenType",
       CASE WHEN project IS NULL THEN NULL ELSE json_object('project', project) END AS "Tags",
       'provider cost line' AS "x_LlmCostBasis", ingest_id AS x_ingest_id, source_file AS x_source_file,
       source_line AS x_source_line, '${AI_FOCUS_FORMAT}' AS x_source_format
     FROM (SELECT *, provider AS p, day AS d FROM llm_invoice_line)
     WHERE (p || '|' || strftime(d, '%Y-%m-%d')) IN (SELECT unnest($1::VARCHAR[]))
       AND p NOT IN ('aws-bedrock', 'azure-openai', 'gcp-vertex')`,
    [keys],
  );
  // Token-priced usage where no cost line covers the provider-day.
  await tx.exec(
    `INSERT INTO ${COST_TABLE} BY NAME
     WITH scoped AS (
       SELECT *, provider AS p, day AS d, ${SOURCE_RANK} AS rnk FROM llm_usage_event
       WHERE billed_via = 'direct' AND (provider || '|' || strftime(day, '%Y-%m-%d')) IN (SELECT unnest($1::VARCHAR[]))
         AND NOT EXISTS (SELECT 1 FROM llm_invoice_line l WHERE l.provider = llm_usage_event.provider AND l.day = llm_usage_event.day)),
     best AS (SELECT * FROM scoped WHERE rnk = (SELECT min(rnk) FROM scoped s WHERE s.p = scoped.p AND s.d = scoped.d) AND cost IS NOT NULL)
     SELECT ${focusCommon()}, sum(cost) AS "BilledCost", sum(cost) AS "EffectiveCost", sum(cost) AS "ListCost", sum(cost) AS "ContractedCost",
       'USD' AS "BillingCurrency", coalesce(account, p) AS "BillingAccountId", project AS "SubAccountId",
       model || ' usage, token-priced (' || price_version || ')' AS "ChargeDescription",
       sum(input_tokens + cache_read_tokens + cache_write_tokens + output_tokens) AS "ConsumedQuantity", 'Tokens' AS "ConsumedUnit",
       sum(input_tokens + cache_read_tokens + cache_write_tokens + output_tokens) AS "PricingQuantity", 'Tokens' AS "PricingUnit",
       model AS "x_LlmModel", sum(input_tokens) AS "x_LlmInputTokens", sum(cache_read_tokens) AS "x_LlmCachedInputTokens",
       sum(cache_write_tokens) AS "x_LlmCacheWriteTokens", sum(output_tokens) AS "x_LlmOutputTokens", sum(requests) AS "x_LlmRequests",
       nullif(to_json(map_from_entries(list_filter([{'k': 'team', 'v': team}, {'k': 'app', 'v': app}, {'k': 'feature', 'v': feature}, {'k': 'environment', 'v': environment}, {'k': 'project', 'v': project}], x -> x.v IS NOT NULL)))::VARCHAR, '{}')::JSON AS "Tags",
       'token-priced' AS "x_LlmCostBasis", price_version AS "x_LlmPriceVersion", min(ingest_id) AS x_ingest_id,
       min(source_file) AS x_source_file, min(source_line) AS x_source_line, '${AI_FOCUS_FORMAT}' AS x_source_format
     FROM best GROUP BY p, d, account, project, model, team, app, feature, environment, price_version`,
    [keys],
  );
  // ChargeClass is provided (NULL: no corrections) — say so, as ingest does for its sources.
  await tx.exec(
    `DELETE FROM ingest_column WHERE ingest_id IN (SELECT DISTINCT x_ingest_id FROM ${COST_TABLE} WHERE x_source_format = '${AI_FOCUS_FORMAT}')`,
  );
  await tx.exec(
    `INSERT INTO ingest_column SELECT i.id, c.name, NULL FROM
       (SELECT DISTINCT x_ingest_id AS id FROM ${COST_TABLE} WHERE x_source_format = '${AI_FOCUS_FORMAT}') i,
       (SELECT unnest($1::VARCHAR[]) AS name) c`,
    [JSON.stringify(PROVIDED)],
  );
  const [after] = await tx.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${COST_TABLE} WHERE x_source_format = '${AI_FOCUS_FORMAT}'`,
  );
  return Number(after?.n ?? 0) - Number(before?.n ?? 0);
}
