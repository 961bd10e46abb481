/** Public surface of AI initiatives (issue 13), re-exported from @costlens/core. */
export { BUDGET_CATEGORIES, InitiativeSchema, monthsOf, parseInitiative } from './definition.ts';
export type {
  BudgetCategory,
  Initiative,
  InitiativeBenefit,
  InitiativeGpuWorkload,
  InitiativeMapping,
} from './definition.ts';
export { INITIATIVE_MIGRATION } from './initiative-schema.ts';
export {
  deleteInitiative,
  getInitiative,
  listInitiatives,
  setInitiative,
} from './initiative-store.ts';
export { BELOW_WATERLINE, checkPlan, TYPICAL_SHARE } from './planner.ts';
export type { PlanCheck, PlanFinding } from './planner.ts';
export { benefitFlows, cashFlows, planVsActual, portfolioOverlaps } from './plan-vs-actual.ts';
export type { ActualLine, MonthRow, Overlap, PlanVsActual } from './plan-vs-actual.ts';
export { gpuIdleByMonth } from './gpu-idle.ts';
export { benefitMoneyByMonth, measureBenefits } from './measured-benefits.ts';
export type { BenefitMeasurement } from './measured-benefits.ts';
export { roi, sensitivity } from './roi.ts';
export type { MonthlyFlow, RoiResult, SensitivityCell } from './roi.ts';
export { buildInitiativeReport, initiativeReportHtml } from './report-html.ts';
export type { InitiativeReport } from './report-html.ts';
