/**
 * The ClickHouse implementation of `Warehouse`, over an executor (`@clickhouse/client` for a
 * server or cluster, `chdb` in-process). Positional `$n` parameters become typed ClickHouse
 * query parameters bound by the engine. ClickHouse has no multi-statement transactions:
 * `transaction` runs its function without rollback, so writers that must be all-or-nothing
 * (loading FOCUS rows) stage into a side table and swap whole partitions (see clickhouse-load.ts).
 * It serves the semantic layer, the manifest and loading; DuckDB-only SQL elsewhere stays on DuckDB.
 */
import { CostLensError } from '../errors.ts';
import { openChdbExecutor } from './chdb-executor.ts';
import type { ClickHouseExecutor } from './clickhouse-executor.ts';
import { bindPositional } from './clickhouse-params.ts';
import { clickHouseSchemaDdl } from './clickhouse-schema.ts';
import type { Dialect, QueryProgress, Row, SqlValue, Warehouse } from './warehouse.ts';

export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
};

export interface OpenClickHouseOptions {
  /** Create the schema on open (default true). */
  createSchema?: boolean;
  /** Create `Distributed` tables over this cluster. */
  cluster?: string;
  /** Refuse every write and DDL (ClickHouse `readonly = 2`); the schema is not created. */
  readOnly?: boolean;
}

export class ClickHouseWarehouse implements Warehouse {
  readonly dialect = clickhouseDialect;

  constructor(
    readonly executor: ClickHouseExecutor,
    readonly cluster?: string,
  ) {}

  get location(): string {
    return this.executor.location;
  }

  /**
   * Opens a warehouse from a URL: `clickhouse://user:pass@host:8123/db?cluster=name`
   * (`clickhouses://` for HTTPS), or `chdb:` / `chdb:/data/dir` for the in-process engine.
   * @example const wh = await ClickHouseWarehouse.open('chdb:');
   */
  static async open(url: string, opts: OpenClickHouseOptions = {}): Promise<ClickHouseWarehouse> {
    const target = parseWarehouseUrl(url);
    if (target.kind === 'duckdb') {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `${url} is not a ClickHouse URL`,
        hint: 'Use clickhouse://user:pass@host:8123/db or chdb:/path.',
      });
    }
    const settings: Record<string, number> = opts.readOnly ? { readonly: 2 } : {};
    const executor =
      target.kind === 'chdb'
        ? await openChdbExecutor(target.path, settings)
        : // Loaded on demand: most CostLens processes never talk to a ClickHouse server.
          (await import('./clickhouse-client-executor.ts')).openClickHouseClientExecutor(
            target.server,
            settings,
          );
    const cluster = opts.cluster ?? (target.kind === 'clickhouse' ? target.cluster : undefined);
    const wh = new ClickHouseWarehouse(executor, cluster);
    if (opts.createSchema !== false && !opts.readOnly) await wh.createSchema();
    return wh;
  }

  /** Creates every CostLens table that does not exist yet. */
  async createSchema(): Promise<void> {
    for (const stmt of clickHouseSchemaDdl(this.cluster ? { cluster: this.cluster } : {})) {
      await this.exec(stmt);
    }
  }

  async query<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    const bound = bindPositional(sql, params);
    try {
      return (await this.executor.query(bound.sql, bound.params)) as T[];
    } catch (e) {
      throw enrichClickHouseError(e, sql);
    }
  }

  async exec(sql: string, params?: readonly SqlValue[]): Promise<void> {
    const bound = bindPositional(sql, params);
    try {
      await this.executor.command(bound.sql, bound.params);
    } catch (e) {
      throw enrichClickHouseError(e, sql);
    }
  }

  /** Runs `fn` against this warehouse; ClickHouse cannot roll back, so nothing is undone. */
  transaction<T>(fn: (tx: Warehouse) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async appendRows(table: string, rows: readonly (readonly SqlValue[])[]): Promise<void> {
    for (const row of rows) {
      const marks = row.map((_, i) => `$${i + 1}`).join(', ');
      await this.exec(`INSERT INTO ${this.dialect.quoteIdent(table)} VALUES (${marks})`, row);
    }
  }

  /** Appends a Parquet file to a table, columns matched by name. */
  async insertParquet(table: string, columns: readonly string[], path: string): Promise<void> {
    try {
      await this.executor.insertParquet(table, columns, path);
    } catch (e) {
      throw enrichClickHouseError(e, `INSERT INTO ${table} FORMAT Parquet (${path})`);
    }
  }

  progress(): QueryProgress | undefined {
    return undefined;
  }

  close(): Promise<void> {
    return this.executor.close();
  }
}

export type WarehouseTarget =
  | { kind: 'duckdb'; path: string }
  | { kind: 'chdb'; path?: string }
  | {
      kind: 'clickhouse';
      server: { url: string; username?: string; password?: string; database?: string };
      cluster?: string;
    };

/**
 * Reads a `warehouse` setting: a ClickHouse URL, a chdb directory, or a DuckDB file path.
 * @example parseWarehouseUrl('clickhouse://u:p@ch1:8123/finops?cluster=main')
 */
export function parseWarehouseUrl(url: string): WarehouseTarget {
  if (/^chdb:/i.test(url)) {
    const path = url.replace(/^chdb:(\/\/)?/i, '');
    return path ? { kind: 'chdb', path } : { kind: 'chdb' };
  }
  if (!/^clickhouses?:\/\//i.test(url)) return { kind: 'duckdb', path: url };
  let u: URL;
  try {
    u = new URL(url);
  } catch (e) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `The warehouse URL ${redact(url)} is not a valid URL.`,
      hint: 'Write it as clickhouse://user:pass@host:8123/database[?cluster=name].',
      cause: e,
    });
  }
  const secure = u.protocol === 'clickhouses:';
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const cluster = u.searchParams.get('cluster') ?? undefined;
  return {
    kind: 'clickhouse',
    server: {
      url: `${secure ? 'https' : 'http'}://${u.hostname}:${u.port || (secure ? '8443' : '8123')}`,
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(database ? { database } : {}),
    },
    ...(cluster ? { cluster } : {}),
  };
}

/** The URL with its password replaced, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

function enrichClickHouseError(e: unknown, sql: string): CostLensError {
  if (e instanceof CostLensError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/readonly mode|\(READONLY\)/i.test(message)) {
    const err = new CostLensError({
      code: 'READ_ONLY',
      message: 'The ClickHouse store was opened read-only; this statement writes.',
      hint: 'Run the command that writes (ingest, allocation set, …) instead of this one.',
      cause: e,
    });
    Object.defineProperty(err, 'sql', { value: sql, enumerable: false });
    return err;
  }
  const hint = /UNKNOWN_TABLE|doesn't exist/i.test(message)
    ? 'Open the warehouse with createSchema (the default) or load data first.'
    : /ECONNREFUSED|ENOTFOUND|socket/i.test(message)
      ? 'Check that the ClickHouse server in `warehouse` is running and reachable.'
      : undefined;
  const err = new CostLensError({
    code: /ECONNREFUSED|ENOTFOUND/i.test(message) ? 'SOURCE_UNREADABLE' : 'INTERNAL',
    message,
    ...(hint ? { hint } : {}),
    cause: e,
  });
  Object.defineProperty(err, 'sql', { value: sql, enumerable: false });
  return err;
}
