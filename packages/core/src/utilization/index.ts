/** Instance utilization (p95 CPU/memory per day) beside the bill: the rightsizing evidence. */
export { ingestUtilization, parseUtilizationCsv } from './ingest-utilization.ts';
export type { UtilizationIngestResult, UtilizationRow } from './ingest-utilization.ts';
export { UTILIZATION_MIGRATION } from './utilization-schema.ts';
