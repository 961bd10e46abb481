/**
 * The storage seam: everything above the store talks to this interface, never to a driver.
 * Rows come back as plain JSON values: DECIMAL as strings (exact), timestamps as ISO-like strings,
 * BIGINT as numbers when safe. Parameters are positional (`$1`, `$2`, …) — SQL is never built from
 * user text.
 */

export type SqlValue = string | number | boolean | null | bigint;
export type Row = Record<string, unknown>;

export interface Dialect {
  readonly name: 'duckdb' | 'clickhouse';
  /** Quotes an identifier that CostLens itself chose (never user text). */
  quoteIdent(name: string): string;
}

export interface QueryProgress {
  percentage: number;
  rowsProcessed: number;
  totalRows: number;
}

export interface Warehouse {
  readonly dialect: Dialect;
  /** Where the data lives (a file path or `:memory:`). */
  readonly location: string;
  query<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  exec(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Runs `fn` in one transaction; rolls back when it throws. Not re-entrant. */
  transaction<T>(fn: (tx: Warehouse) => Promise<T>): Promise<T>;
  /** Appends rows (arrays in column order) to a table. */
  appendRows(table: string, rows: readonly (readonly SqlValue[])[]): Promise<void>;
  /** Progress of the statement currently running, where the engine reports it. */
  progress(): QueryProgress | undefined;
  close(): Promise<void>;
}
