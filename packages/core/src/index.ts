/** Public surface of @costlens/core. Adapters import from here only. */
export * from './errors.ts';
export type * from './store/warehouse.ts';
export { DuckDbWarehouse, duckdbDialect } from './store/duckdb.ts';
export type { OpenDuckDbOptions } from './store/duckdb.ts';
export { migrate, MIGRATIONS } from './store/migrations.ts';
export { ClickHouseWarehouse, clickhouseDialect, parseWarehouseUrl } from './store/clickhouse.ts';
export type { OpenClickHouseOptions, WarehouseTarget } from './store/clickhouse.ts';
export {
  ingestFilesInto,
  ingestFilesToClickHouse,
  loadFromDuckDb,
} from './store/clickhouse-load.ts';
export { clickHouseSchemaDdl } from './store/clickhouse-schema.ts';
export * from './focus/schema.ts';
export { ingestFiles } from './ingest/ingest.ts';
export type { IngestOptions, IngestResult, IngestPhase, IngestedFile } from './ingest/ingest.ts';
export { listSources } from './ingest/manifest.ts';
export type { SourceRecord } from './ingest/manifest.ts';
export { FORMATS, detectFormat, findFormat } from './ingest/formats/registry.ts';
export type * from './ingest/source-format.ts';
export { sourceKindOf } from './ingest/stage-source.ts';
export type { SourceKind } from './ingest/stage-source.ts';
export type { ReconciledPartition, PartitionTotals } from './ingest/reconcile.ts';
export type { LeniencyFinding } from './ingest/validate-stage.ts';
export type * from './semantic/types.ts';
export * from './semantic/index.ts';
export * from './allocation/index.ts';
export * from './metrics/index.ts';
export { appendAudit, listAudit } from './audit/audit-log.ts';
export type { AuditEntry, AppendAuditInput, ListAuditOptions } from './audit/audit-log.ts';
export { ROLES, hasRole, isRole } from './auth/roles.ts';
export type { Role } from './auth/roles.ts';
export {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  verifyApiToken,
  countActiveApiTokens,
} from './auth/api-tokens.ts';
export type { ApiTokenInfo, CreatedApiToken, CreateApiTokenInput } from './auth/api-tokens.ts';
export {
  advertPath,
  readServerAdvert,
  removeServerAdvert,
  writeServerAdvert,
} from './auth/server-advert.ts';
export type { ServerAdvert } from './auth/server-advert.ts';
export { assertReadOnlySelect } from './auth/read-only-sql.ts';
export * from './anomaly/index.ts';
export * from './channels/index.ts';
export * from './recommend/index.ts';
export * from './utilization/index.ts';
export * from './gpu/index.ts';
export * from './quality/index.ts';
export { generateDemo } from './demo/generate-demo.ts';
export { saveDemoInitiatives } from './demo/demo-initiatives.ts';
export type { GenerateDemoOptions, GenerateDemoResult } from './demo/generate-demo.ts';
export * from './export/index.ts';
export * from './forecast/index.ts';
export * from './budget/index.ts';
export * from './digest/index.ts';
export * from './assistant/index.ts';
export * from './mcp/index.ts';
export * from './ai-spend/index.ts';
export * from './initiatives/index.ts';
export { csvCell } from './util/csv-cell.ts';
