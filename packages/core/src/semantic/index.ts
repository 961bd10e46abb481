/** The semantic layer's public surface (the contract types are exported from ../index.ts). */
export { runQuery } from './run-query.ts';
export type { RunQueryOptions } from './run-query.ts';
export { compileQuery, OTHER_LABEL } from './compile-query.ts';
export type { CompileContext, CompiledQuery, CompiledColumn } from './compile-query.ts';
export {
  buildCatalog,
  DEFAULT_CATALOG,
  listDimensions,
  listMetrics,
  resolveDimension,
  SHARED_POOL_DIMENSION,
} from './catalog.ts';
export type { Catalog, CatalogEntry } from './catalog.ts';
export { loadCatalog } from './load-catalog.ts';
export { costDataSpan } from './data-span.ts';
export { dimensionValues } from './dimension-values.ts';
export type { DimensionValue, DimensionValuesOptions } from './dimension-values.ts';
export { resolveFilterValues } from './resolve-filter-values.ts';
export type { ValueResolution } from './resolve-filter-values.ts';
export { COMPACT_SYNTAX, parseCompactQuery, parseWhere } from './parse-compact-query.ts';
export type { CompactQueryOptions } from './parse-compact-query.ts';
export { SemanticQuerySchema, validateQuery } from './validate-query.ts';
export { resolveTimeRange } from './time-range.ts';
export { BASE_METRICS } from './metrics.ts';
export type { MetricDef, MetricUnit } from './metrics.ts';
export { BASE_DIMENSIONS } from './dimensions.ts';
export type { DimensionDef } from './dimensions.ts';
export { dialectFor, registerDialect } from './dialect.ts';
export type { SemanticDialect } from './dialect.ts';
