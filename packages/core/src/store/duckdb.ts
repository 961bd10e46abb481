/**
 * The DuckDB implementation of `Warehouse` — the only module that imports the DuckDB driver.
 * One write connection (statements and transactions are serialized through it) and a small pool
 * of read connections, so reads see the last committed snapshot while an ingest runs and a long
 * read does not queue the others. Opening a file that
 * another process holds fails at once with DATABASE_BUSY naming the holder; it never waits.
 * So does opening a file this process already has open: DuckDB's file lock is per process, and two
 * instances on one file each keep their own WAL and cache, so one silently loses the other's writes.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { CostLensError } from '../errors.ts';
import { enrichWarehouseError } from './enrich-warehouse-error.ts';
import { migrate } from './migrations.ts';
import type { Dialect, QueryProgress, Row, SqlValue, Warehouse } from './warehouse.ts';

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
};

export interface OpenDuckDbOptions {
  /** File path, or `:memory:` (the default). */
  path?: string;
  /** Run schema migrations on open (default true). */
  migrate?: boolean;
  /** Open without write access (other readers may still be blocked by a writer). */
  readOnly?: boolean;
  /** Memory limit, e.g. `'1GB'`. */
  memoryLimit?: string;
  threads?: number;
  /** Read connections in the pool (default 4). */
  readConnections?: number;
  /** Allow reading and writing files from SQL (read_csv, COPY). Default true; off for user SQL. */
  externalAccess?: boolean;
}

/** Hands out idle read connections; callers wait when all are busy. */
class ConnectionPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
  private closing = false;
  private drained: Promise<void> | undefined;
  constructor(readonly all: readonly DuckDBConnection[]) {
    this.idle = [...all];
  }
  async use<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closing) {
      throw new CostLensError({
        code: 'DATABASE_BUSY',
        message: 'the store is closing or closed; this read was not run',
        hint: 'Retry against a running server or an open store.',
      });
    }
    const conn =
      this.idle.pop() ?? (await new Promise<DuckDBConnection>((ok) => this.waiting.push(ok)));
    try {
      return await fn(conn);
    } finally {
      const next = this.waiting.shift();
      if (next) next(conn);
      else this.idle.push(conn);
    }
  }

  /**
   * Refuses new reads and waits until every connection is idle — reads already running or queued
   * finish first; after `graceMs` the ones still running are interrupted. Closing a connection
   * under a running query hung the process (a server stopped while clients had dropped requests
   * whose queries were still running).
   */
  drain(graceMs: number): Promise<void> {
    return (this.drained ??= this.waitIdle(graceMs));
  }

  private async waitIdle(graceMs: number): Promise<void> {
    this.closing = true;
    const taken = new Set<DuckDBConnection>(this.idle.splice(0));
    if (taken.size === this.all.length) return;
    const timer = setTimeout(() => {
      for (const c of this.all) if (!taken.has(c)) c.interrupt();
    }, graceMs);
    try {
      while (taken.size < this.all.length) {
        taken.add(await new Promise<DuckDBConnection>((ok) => this.waiting.push(ok)));
      }
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Serializes async work: one statement or transaction at a time on a connection. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

function toParams(params: readonly SqlValue[] | undefined): DuckDBValue[] | undefined {
  if (!params || params.length === 0) return undefined;
  return params as DuckDBValue[];
}

async function runQuery(conn: DuckDBConnection, sql: string, params?: readonly SqlValue[]) {
  try {
    const reader = await conn.runAndReadAll(sql, toParams(params));
    return reader.getRowObjectsJson() as Row[];
  } catch (e) {
    throw enrichWarehouseError(e, sql);
  }
}

async function runExec(conn: DuckDBConnection, sql: string, params?: readonly SqlValue[]) {
  try {
    await conn.run(sql, toParams(params));
  } catch (e) {
    throw enrichWarehouseError(e, sql);
  }
}

/** Per-connection helpers every CostLens query may use (lenient parsing of source text). */
const CONNECTION_SETUP = [
  `SET TimeZone = 'UTC'`,
  `SET autoinstall_known_extensions = false`,
  `SET autoload_known_extensions = true`,
  // NULL-ish source text: empty, whitespace, or the literal NULL some exporters write.
  // Macros are inlined where they are called, so each one binds its trimmed argument once through
  // a one-element lambda instead of repeating it: the repeated form expanded every cl_ts to ~30
  // copies of its argument (planning 40 timestamp checks in one query: ~1.2 s → ~0.3 s) and
  // trimmed the same text up to eight times per value.
  `CREATE OR REPLACE TEMP MACRO cl_null(x) AS list_transform([trim(x)], lambda t: CASE WHEN t = '' OR upper(t) = 'NULL' THEN NULL ELSE t END)[1]`,
  // No thousands-separator stripping: "1,5" may be a decimal comma, and guessing wrong is silent.
  // Text → DECIMAL(38, 15) is DuckDB's slow path (~50 µs a value, 140× DECIMAL(18, 3): every
  // decimal wider than 18 digits parses through 128-bit arithmetic digit by digit), and it was
  // most of an ingest's time. Plain decimals (≤ 23 integer and ≤ 15 fraction digits, no exponent)
  // are read as a 128-bit integer scaled by 10^15 instead — exact, same value, ~17× faster;
  // anything else (exponents, more digits, junk) still takes the cast, with its rounding and NULLs.
  `CREATE OR REPLACE TEMP MACRO cl_dec(x) AS list_transform([cl_null(x)], lambda t: CASE
      WHEN t IS NULL THEN NULL
      WHEN regexp_full_match(t, '[+-]?(\\d{1,23}(\\.\\d{0,15})?|\\.\\d{1,15})')
        THEN CAST(TRY_CAST(split_part(t, '.', 1) || rpad(split_part(t, '.', 2), 15, '0') AS HUGEINT) AS DECIMAL(38, 0))
          * CAST(0.000000000000001 AS DECIMAL(38, 15))
      ELSE TRY_CAST(t AS DECIMAL(38, 15)) END)[1]`,
  `CREATE OR REPLACE TEMP MACRO cl_json(x) AS list_transform([cl_null(x)], lambda t: CASE
      WHEN t IS NULL THEN NULL
      WHEN json_valid(t) THEN t::JSON
      WHEN json_valid('{' || t || '}') THEN ('{' || t || '}')::JSON
      ELSE NULL END)[1]`,
  // Timestamps as real exports write them: ISO with or without T/Z/seconds/offset, US dates.
  // A plain TIMESTAMP cast drops an offset (10:00+02:00 became 10:00, not 08:00 UTC), so text with
  // a sign after the date goes through TIMESTAMPTZ (the session time zone is UTC); the rest keeps
  // the cheaper TIMESTAMP cast (TIMESTAMPTZ first was ~1.5× slower on ISO "…Z" text).
  `CREATE OR REPLACE TEMP MACRO cl_ts(x) AS list_transform([cl_null(x)], lambda t: CASE WHEN t IS NULL THEN NULL ELSE COALESCE(
      CASE WHEN NOT (contains(substr(t, 11), '+') OR contains(substr(t, 11), '-')) THEN TRY_CAST(t AS TIMESTAMP) END,
      TRY_CAST(TRY_CAST(t AS TIMESTAMPTZ) AS TIMESTAMP),
      TRY_CAST(regexp_replace(t, '^(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2})(Z|[+-]00:?00)?$', '\\1 \\2:00') AS TIMESTAMP),
      TRY_STRPTIME(t, '%m/%d/%Y'),
      TRY_STRPTIME(t, '%m/%d/%Y %H:%M:%S'),
      TRY_STRPTIME(t, '%m/%d/%Y %I:%M:%S %p')) END)[1]`,
];

/** Database files this process has open (canonical paths): a second instance would lose writes. */
const OPEN_FILES = new Set<string>();

function canonicalPath(location: string): string | null {
  if (location === ':memory:' || location === '') return null;
  const abs = resolve(location);
  if (existsSync(abs)) return realpathSync(abs);
  const dir = dirname(abs);
  return existsSync(dir) ? join(realpathSync(dir), basename(abs)) : abs;
}

export class DuckDbWarehouse implements Warehouse {
  readonly dialect = duckdbDialect;
  private readonly writeLock = new Mutex();
  private inTransaction = false;
  private closed: Promise<void> | undefined;
  /** The canonical path registered in OPEN_FILES while open; null in memory. */
  private file: string | null = null;

  private constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    private readonly writeConn: DuckDBConnection,
    private readonly readers: ConnectionPool,
  ) {}

  /**
   * Opens (and migrates) a DuckDB database.
   * @example const wh = await DuckDbWarehouse.open({ path: './costlens.duckdb' });
   */
  static async open(opts: OpenDuckDbOptions = {}): Promise<DuckDbWarehouse> {
    const location = opts.path ?? ':memory:';
    const config: Record<string, string> = {};
    if (opts.readOnly) config['access_mode'] = 'READ_ONLY';
    if (opts.memoryLimit) config['memory_limit'] = opts.memoryLimit;
    if (opts.threads) config['threads'] = String(opts.threads);
    if (opts.externalAccess === false) config['enable_external_access'] = 'false';
    const file = canonicalPath(location);
    if (file !== null && OPEN_FILES.has(file)) {
      throw new CostLensError({
        code: 'DATABASE_BUSY',
        message: `The database ${location} is already open in this process (PID ${process.pid}); a second DuckDB instance on one file would lose writes.`,
        hint: 'Use the Warehouse that is already open (pass it down), or close it first. From a costlens command this is a bug: please report it.',
      });
    }
    // Reserved before the first await, so two opens racing in this process cannot both pass.
    if (file !== null) OPEN_FILES.add(file);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(location, config);
    } catch (e) {
      if (file !== null) OPEN_FILES.delete(file);
      throw enrichOpenError(e, location);
    }
    const writeConn = await instance.connect();
    // Several read connections, so one long read (a quality scan) does not queue every other
    // API read behind it; each sees the last committed snapshot.
    const readConns = await Promise.all(
      Array.from({ length: opts.readConnections ?? 4 }, () => instance.connect()),
    );
    for (const conn of [writeConn, ...readConns]) {
      for (const stmt of CONNECTION_SETUP) await runExec(conn, stmt);
    }
    const wh = new DuckDbWarehouse(location, instance, writeConn, new ConnectionPool(readConns));
    wh.file = file;
    if (opts.migrate !== false && !opts.readOnly) {
      try {
        await migrate(wh);
      } catch (e) {
        await wh.close().catch(() => undefined);
        throw e;
      }
    }
    return wh;
  }

  query<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.readers.use((conn) => runQuery(conn, sql, params)) as Promise<T[]>;
  }

  exec(sql: string, params?: readonly SqlValue[]): Promise<void> {
    return this.writeLock.run(() => runExec(this.writeConn, sql, params));
  }

  progress(): QueryProgress | undefined {
    const p = this.writeConn.progress;
    if (!p || p.percentage < 0) return undefined;
    return {
      percentage: p.percentage,
      rowsProcessed: Number(p.rows_processed),
      totalRows: Number(p.total_rows_to_process),
    };
  }

  transaction<T>(fn: (tx: Warehouse) => Promise<T>): Promise<T> {
    return this.writeLock.run(async () => {
      if (this.inTransaction) {
        throw new CostLensError({ code: 'INTERNAL', message: 'nested transaction' });
      }
      this.inTransaction = true;
      const conn = this.writeConn;
      const tx: Warehouse = {
        dialect: this.dialect,
        location: this.location,
        query: <R = Row>(sql: string, params?: readonly SqlValue[]) =>
          runQuery(conn, sql, params) as Promise<R[]>,
        exec: (sql, params) => runExec(conn, sql, params),
        transaction: () => {
          throw new CostLensError({ code: 'INTERNAL', message: 'nested transaction' });
        },
        appendRows: (table, rows) => appendWith(conn, table, rows),
        progress: () => this.progress(),
        close: async () => undefined,
      };
      await runExec(conn, 'BEGIN TRANSACTION');
      try {
        const result = await fn(tx);
        await runExec(conn, 'COMMIT');
        return result;
      } catch (e) {
        await runExec(conn, 'ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        this.inTransaction = false;
      }
    });
  }

  appendRows(table: string, rows: readonly (readonly SqlValue[])[]): Promise<void> {
    return this.writeLock.run(() => appendWith(this.writeConn, table, rows));
  }

  /** Waits for running reads (interrupting them after 5 s) and writes, then closes; idempotent. */
  close(): Promise<void> {
    return (this.closed ??= (async () => {
      await this.readers.drain(5_000);
      await this.writeLock.run(async () => {
        for (const conn of this.readers.all) conn.closeSync();
        this.writeConn.closeSync();
        this.instance.closeSync();
        if (this.file !== null) OPEN_FILES.delete(this.file);
        this.file = null;
      });
    })());
  }
}

async function appendWith(
  conn: DuckDBConnection,
  table: string,
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const width = rows[0]!.length;
  const placeholders = `(${Array.from({ length: width }, (_, i) => `$${i + 1}`).join(', ')})`;
  const stmt = await conn.prepare(
    `INSERT INTO ${duckdbDialect.quoteIdent(table)} VALUES ${placeholders}`,
  );
  try {
    for (const row of rows) {
      stmt.bind(toParams(row) ?? []);
      await stmt.run();
    }
  } catch (e) {
    throw enrichWarehouseError(e, `INSERT INTO ${table}`);
  } finally {
    stmt.destroySync();
  }
}

function enrichOpenError(e: unknown, location: string): CostLensError {
  const message = e instanceof Error ? e.message : String(e);
  const lock = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(message);
  if (lock) {
    return new CostLensError({
      code: 'DATABASE_BUSY',
      message: `The database ${location} is in use by another process (${lock[1]}, PID ${lock[2]}).`,
      hint: `Stop that process, or if it is \`costlens serve\`, run the command against its API (the CLI does this when the server advertises itself), or use another --db.`,
      cause: e,
    });
  }
  return new CostLensError({
    code: 'SOURCE_UNREADABLE',
    message: `Could not open the database ${location}: ${message}`,
    hint: 'Check that the path exists, is writable, and is a DuckDB file created by CostLens.',
    cause: e,
  });
}
