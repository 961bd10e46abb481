/** Allocation and showback: config as data, exact splitting, per-team reports. */
export {
  AllocationConfigSchema,
  DEFAULT_ALLOCATION_CONFIG,
  parseAllocationConfig,
  validateAllocationConfig,
} from './allocation-config.ts';
export type { AllocationConfig, SharedCostRule, VirtualDimension } from './allocation-config.ts';
export {
  loadAllocationConfig,
  loadSavedAllocationConfig,
  saveAllocationConfig,
} from './allocation-store.ts';
export type { SavedAllocationConfig } from './allocation-store.ts';
export { allocateCosts } from './allocate-costs.ts';
export type { AllocatedRow, AllocationOptions, AllocationResult } from './allocate-costs.ts';
export { showback } from './showback.ts';
export type { ShowbackReport, ShowbackRow } from './showback.ts';
export { addDecimals, fromUnits, splitExact, toUnits } from './exact-decimal.ts';
