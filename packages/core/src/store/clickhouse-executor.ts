/**
 * The seam between the ClickHouse warehouse and an engine: something that runs (sql, typed
 * params) and returns rows, and loads a Parquet file into a table. Two implementations share all
 * SQL and DDL: `@clickhouse/client` for a server or cluster, and `chdb` (ClickHouse in-process)
 * for tests and embedded use. Every session runs with the same settings, listed here once.
 */
import type { Row } from './warehouse.ts';

export interface ClickHouseExecutor {
  /** Where the data lives (a URL without credentials, or the chdb data directory). */
  readonly location: string;
  /** Runs a SELECT-like statement; returns its rows (JSON values, decimals as exact strings). */
  query(sql: string, params: Record<string, unknown>): Promise<Row[]>;
  /** Runs a statement that returns no rows (DDL, INSERT … SELECT, ALTER). */
  command(sql: string, params: Record<string, unknown>): Promise<void>;
  /** Appends a Parquet file (written by DuckDB) to `table`, matching `columns` by name. */
  insertParquet(table: string, columns: readonly string[], path: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Settings every CostLens ClickHouse session uses, so results read like DuckDB's: decimals as
 * quoted strings with their full scale, NULL (not 0/'') for the unmatched side of an outer join
 * and for sums over no rows, UTC, and mutations and inserts into Distributed tables that finish
 * on every shard before the statement returns (a partition swap must see the staged rows).
 */
export const CLICKHOUSE_SETTINGS: Readonly<Record<string, string | number>> = {
  output_format_json_quote_decimals: 1,
  output_format_decimal_trailing_zeros: 1,
  output_format_json_quote_64bit_integers: 0,
  join_use_nulls: 1,
  aggregate_functions_null_for_empty: 1,
  cast_keep_nullable: 1,
  session_timezone: 'UTC',
  mutations_sync: 2,
  distributed_foreground_insert: 1,
};
