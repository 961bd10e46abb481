/** LLM spend (issue 11): usage ingestion, the price book, reconciliation, allocation, unit economics, what-ifs. */
export { AI_SPEND_MIGRATION } from './ai-spend-schema.ts';
export { AI_DIMENSIONS, isAiDimension } from './ai-scope.ts';
export type { AiDimension, AiScope } from './ai-scope.ts';
export { aiSpend } from './ai-spend.ts';
export type { AiSpendOptions, AiSpendResult, AiSpendRow } from './ai-spend.ts';
export { aiUnitCost } from './unit-cost.ts';
export type { AiUnitCostOptions, AiUnitCostResult, AiUnitCostRow } from './unit-cost.ts';
export { modelSwitchWhatIf } from './what-if.ts';
export type { WhatIfOptions, WhatIfResult, WhatIfLine } from './what-if.ts';
export { aiReconciliation } from './reconcile-invoice.ts';
export type {
  AiReconciliation,
  ProviderReconciliation,
  ReconciliationDay,
} from './reconcile-invoice.ts';
export { repriceUsage } from './reprice.ts';
export type { RepriceResult, RepriceLine } from './reprice.ts';
export { ingestLlmUsage } from './ingest-llm-usage.ts';
export type { LlmIngestOptions, LlmIngestResult, LlmIngestedFile } from './ingest-llm-usage.ts';
export { LLM_SOURCES, parseUsageFile } from './parse-usage-file.ts';
export { listPrices, resolvePrice, shippedPriceVersions } from './price-book.ts';
export type { PriceBook, PriceListing, PriceOverride, TokenPrices } from './price-book.ts';
export { listPriceOverrides, loadPriceBook, setPriceOverride } from './price-overrides.ts';
export { priceEvent } from './price-event.ts';
export type { LlmSource, LlmUsageEvent, LlmInvoiceLine } from './usage-event.ts';
