/** The data-quality report: FOCUS conformance from the validator model, FinOps checks, ingest findings. */
export { qualityReport, DEFAULT_OWNER_TAG_KEYS } from './quality-report.ts';
export type { QualityOptions } from './quality-report.ts';
export type * from './quality-finding.ts';
export { SEVERITY_RANK } from './quality-finding.ts';
export { loadValidatorModel } from './validator-model.ts';
export type { ValidatorModel, ModelRule, CheckNode } from './validator-model.ts';
