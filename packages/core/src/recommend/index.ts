/** Recommendations: the guardrail every draft passes (catalog, data, bounds) before review. */
export { checkDraft, checkDrafts } from './check-draft.ts';
export type { GuardrailContext } from './check-draft.ts';
export { warehouseProbe } from './data-probe.ts';
export type { DataProbe } from './data-probe.ts';
export { Draft } from './draft.ts';
export type { Verdict, Alternative } from './draft.ts';
export { loadOfferCatalog, DEFAULT_CATALOG_PATH } from './offer-catalog.ts';
export type { Offer, OfferCatalog } from './offer-catalog.ts';
export { loadEc2Catalog } from './instance-catalog.ts';
export type { InstanceType } from './instance-catalog.ts';
export { serviceKey } from './service-names.ts';
export {
  saveRecommendations,
  listRecommendations,
  getRecommendation,
} from './recommendation-store.ts';
export type { ListFilter, SaveResult } from './recommendation-store.ts';
export { transition } from './workflow.ts';
export type { Actor } from './workflow.ts';
export { measureOutcomes, ruleTrackRecords, adjustConfidence } from './outcome-ledger.ts';
export type { RuleTrackRecord, LedgerOptions } from './outcome-ledger.ts';
export { fingerprintOf } from './recommendation.ts';
export type {
  Recommendation,
  RecommendationDraftInput,
  RecommendationOutcome,
  RecommendationPlan,
  RecommendationStatus,
} from './recommendation.ts';
export { runRules, toDraft, RULES } from './rules/index.ts';
export type { RunRulesOptions, RunRulesResult, Rule, RuleContext } from './rules/index.ts';
export { detectApplied } from './detect-applied.ts';
export type { DetectAppliedOptions } from './detect-applied.ts';
