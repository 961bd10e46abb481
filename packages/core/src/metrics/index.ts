/** Business metrics and unit-cost metrics (unit economics). */
export { ingestBusinessMetrics, listBusinessMetrics } from './business-metrics.ts';
export type { BusinessMetricIngestResult, BusinessMetricSummary } from './business-metrics.ts';
export {
  checkUnitMetric,
  defineUnitMetric,
  listUnitMetrics,
  removeUnitMetric,
} from './unit-metrics.ts';
export type { UnitMetric } from './unit-metrics.ts';
