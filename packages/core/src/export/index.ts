/** FOCUS export: stored cost rows as FOCUS 1.3 files (CSV or Parquet), one per billing period. */
export { exportFocus } from './export-focus.ts';
export type { ExportedFile, ExportFocusOptions } from './export-focus.ts';
export type { ExportFormat } from './export-columns.ts';
export { exportFocusPartitioned } from './export-partitioned.ts';
export type { ExportedPartition, ExportPartitionedOptions } from './export-partitioned.ts';
