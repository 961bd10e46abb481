/**
 * Loading FOCUS rows into ClickHouse through Parquet: DuckDB runs the whole ingest pipeline
 * (detect, validate, map, reconcile) in a scratch in-memory store, writes the new rows and their
 * manifest as Parquet, and ClickHouse reads them. Re-ingesting a billing period × billing account
 * replaces it, never doubles it: new rows plus the untouched rows of the affected month
 * partitions go into a stage table, then each month is swapped whole with
 * `ALTER TABLE … REPLACE PARTITION … FROM stage` (atomic per partition; readers see old or new).
 * The same files again change nothing. Nothing here builds SQL from user text.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CostLensError } from '../errors.ts';
import { COST_TABLE, FOCUS_COLUMNS } from '../focus/schema.ts';
import { ingestFiles } from '../ingest/ingest.ts';
import type { IngestOptions, IngestResult } from '../ingest/ingest.ts';
import { sha256File } from '../ingest/file-hash.ts';
import { ident, literal } from '../util/sql.ts';
import { ClickHouseWarehouse } from './clickhouse.ts';
import { COST_LOCAL_TABLE, PARTITION_EXPR, quoteCluster } from './clickhouse-schema.ts';
import { DuckDbWarehouse } from './duckdb.ts';
import { tableColumns } from './table-columns.ts';
import type { Warehouse } from './warehouse.ts';

const MANIFEST_TABLES = [
  'ingest',
  'ingest_file',
  'ingest_partition',
  'ingest_finding',
  'ingest_column',
] as const;
const JSON_COLUMNS = new Set(FOCUS_COLUMNS.filter((c) => c.dataType === 'JSON').map((c) => c.name));
const KEY = `(ifNull("BillingAccountId", ''), ifNull("BillingPeriodStart", toDateTime64(0, 6, 'UTC')))`;

/**
 * Ingests into whichever store `wh` is: DuckDB directly, ClickHouse through `ingestFilesToClickHouse`.
 * @example await ingestFilesInto(wh, ['focus.csv']);
 */
export function ingestFilesInto(
  wh: Warehouse,
  paths: readonly string[],
  opts: IngestOptions = {},
): Promise<IngestResult> {
  return wh instanceof ClickHouseWarehouse
    ? ingestFilesToClickHouse(wh, paths, opts)
    : ingestFiles(wh, paths, opts);
}

/**
 * Ingests files into ClickHouse: the DuckDB pipeline, then a Parquet load with partition replace.
 * @example await ingestFilesToClickHouse(ch, ['focus-2025-01.parquet']);
 */
export async function ingestFilesToClickHouse(
  ch: ClickHouseWarehouse,
  paths: readonly string[],
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const hashes = await Promise.all(paths.map((p) => sha256File(p).catch(() => '')));
  if (hashes.every((h) => h !== '') && (await alreadyLoaded(ch, hashes))) {
    return {
      status: 'unchanged',
      ingestId: null,
      files: [],
      rowCount: 0,
      partitions: [],
      replacedPartitions: 0,
      findings: [],
    };
  }
  const scratch = await DuckDbWarehouse.open();
  try {
    const phase = opts.onPhase;
    // 'done' only once the rows are in ClickHouse; the load itself reports as writing.
    const result = await ingestFiles(scratch, paths, {
      ...opts,
      onPhase: (p, detail) => (p === 'done' ? undefined : phase?.(p, detail)),
    });
    if (result.status === 'unchanged' || !result.ingestId) return result;
    phase?.('write', {});
    const replaced = await loadFromDuckDb(scratch, ch, { ingestId: result.ingestId });
    phase?.('done', {});
    return { ...result, replacedPartitions: replaced };
  } finally {
    await scratch.close();
  }
}

async function alreadyLoaded(ch: Warehouse, hashes: readonly string[]): Promise<boolean> {
  const rows = await ch.query<{ sha256: string }>(
    `SELECT DISTINCT f.sha256 AS sha256 FROM ingest_file f INNER JOIN ingest i ON i.ingest_id = f.ingest_id
     WHERE i.status = 'active' AND has(JSONExtract($1, 'Array(String)'), f.sha256)`,
    [JSON.stringify(hashes)],
  );
  const found = new Set(rows.map((r) => r.sha256));
  return hashes.every((h) => found.has(h));
}

export interface LoadFromDuckDbOptions {
  /** Only this ingest's rows and manifest (default: every stored row, manifest included). */
  ingestId?: string;
  /** Where the Parquet files are written (default: a temporary folder, removed afterwards). */
  workDir?: string;
}

/**
 * Copies FOCUS rows (and their manifest) from a DuckDB store into ClickHouse, replacing the
 * billing period × account partitions they cover. Returns how many earlier manifest partitions
 * were replaced.
 * @example await loadFromDuckDb(duck, ch); // the whole DuckDB store
 */
export async function loadFromDuckDb(
  duck: Warehouse,
  ch: ClickHouseWarehouse,
  opts: LoadFromDuckDbOptions = {},
): Promise<number> {
  const dir = opts.workDir ?? (await mkdtemp(join(tmpdir(), 'costlens-ch-')));
  const stage = `focus_cost_stage_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const onCluster = ch.cluster ? ` ON CLUSTER ${quoteCluster(ch.cluster)}` : '';
  const target = ch.cluster ? COST_LOCAL_TABLE : COST_TABLE;
  const stageTarget = ch.cluster ? `${stage}_local` : stage;
  try {
    const columns = await syncColumns(duck, ch);
    const where = opts.ingestId ? ` WHERE x_ingest_id = ${literal(opts.ingestId)}` : '';
    const rowsFile = join(dir, 'focus_cost.parquet');
    await duck.exec(
      `COPY (SELECT ${columns.map((c) => (JSON_COLUMNS.has(c) ? `CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}` : ident(c))).join(', ')} FROM ${COST_TABLE}${where}) TO ${literal(rowsFile)} (FORMAT parquet)`,
    );
    const [count] = await duck.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ${COST_TABLE}${where}`,
    );
    const marker = opts.ingestId ?? null;
    if (Number(count?.n ?? 0) > 0) {
      // A stage with the cost table's exact structure and partition key, as REPLACE PARTITION requires.
      await ch.exec(
        ch.cluster
          ? `CREATE TABLE ${stageTarget}${onCluster} AS ${target} ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/${stageTarget}', '{replica}') PARTITION BY ${PARTITION_EXPR} ORDER BY tuple()`
          : `CREATE TABLE ${stage} AS ${COST_TABLE}`,
      );
      if (ch.cluster) {
        await ch.exec(
          `CREATE TABLE ${stage}${onCluster} AS ${stageTarget} ENGINE = Distributed(${quoteCluster(ch.cluster)}, currentDatabase(), ${stageTarget}, cityHash64(ifNull("BillingAccountId", '')))`,
        );
      }
      await ch.insertParquet(stage, columns, rowsFile);
      await replacePartitions(ch, { stage, stageTarget, target, onCluster, marker });
    }
    return await loadManifest(duck, ch, { dir, ingestId: opts.ingestId });
  } finally {
    await ch.exec(`DROP TABLE IF EXISTS ${stage}${onCluster}`).catch(() => undefined);
    if (ch.cluster) {
      await ch.exec(`DROP TABLE IF EXISTS ${stageTarget}${onCluster}`).catch(() => undefined);
    }
    if (!opts.workDir) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Fills the stage with the rows of the affected months that the new rows do not replace, then
 * swaps each month. `marker` is the new rows' ingest id (null: every staged row is new).
 */
async function replacePartitions(
  ch: ClickHouseWarehouse,
  a: {
    stage: string;
    stageTarget: string;
    target: string;
    onCluster: string;
    marker: string | null;
  },
): Promise<void> {
  const isNew = a.marker === null ? '1' : `x_ingest_id = $1`;
  const params = a.marker === null ? [] : [a.marker];
  const months = (
    await ch.query<{ m: number }>(
      `SELECT DISTINCT ${PARTITION_EXPR} AS m FROM ${a.stage} WHERE ${isNew} ORDER BY m`,
      params,
    )
  ).map((r) => String(r.m));
  await ch.exec(
    `INSERT INTO ${a.stage} SELECT * FROM ${COST_TABLE}
     WHERE ${PARTITION_EXPR} IN (SELECT DISTINCT ${PARTITION_EXPR} FROM ${a.stage} WHERE ${isNew})
       AND ${KEY} NOT IN (SELECT DISTINCT ${KEY} FROM ${a.stage} WHERE ${isNew})`,
    params,
  );
  for (const m of months) {
    if (!/^\d{6}$/.test(m)) {
      throw new CostLensError({ code: 'INTERNAL', message: `unexpected partition id ${m}` });
    }
    await ch.exec(
      `ALTER TABLE ${a.target}${a.onCluster} REPLACE PARTITION ${m} FROM ${a.stageTarget}`,
    );
  }
}

/** Copies the manifest rows, then marks the partitions and ingests the new rows superseded. */
async function loadManifest(
  duck: Warehouse,
  ch: ClickHouseWarehouse,
  a: { dir: string; ingestId: string | undefined },
): Promise<number> {
  // A whole-store copy skips ingests ClickHouse already has, so copying twice adds no manifest rows.
  const known = a.ingestId
    ? []
    : (await ch.query<{ id: string }>('SELECT DISTINCT ingest_id AS id FROM ingest')).map(
        (r) => r.id,
      );
  const where = a.ingestId
    ? ` WHERE ingest_id = ${literal(a.ingestId)}`
    : known.length > 0
      ? ` WHERE ingest_id NOT IN (${known.map(literal).join(', ')})`
      : '';
  for (const table of MANIFEST_TABLES) {
    const cols = await commonColumns(duck, ch, table);
    const [n] = await duck.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ${ident(table)}${where}`,
    );
    if (Number(n?.n ?? 0) === 0) continue;
    const file = join(a.dir, `${table}.parquet`);
    await duck.exec(
      `COPY (SELECT ${cols.map(ident).join(', ')} FROM ${ident(table)}${where}) TO ${literal(file)} (FORMAT parquet)`,
    );
    await ch.insertParquet(table, cols, file);
  }
  if (!a.ingestId) return 0;
  const covered = `(ifNull(billing_account_id, ''), ifNull(billing_period_start, toDateTime64(0, 6, 'UTC'))) IN (SELECT ifNull(billing_account_id, ''), ifNull(billing_period_start, toDateTime64(0, 6, 'UTC')) FROM ingest_partition WHERE ingest_id = $1)`;
  const [row] = await ch.query<{ n: number }>(
    `SELECT toInt64(count()) AS n FROM ingest_partition WHERE replaced_by IS NULL AND ingest_id != $1 AND ${covered}`,
    [a.ingestId],
  );
  const replaced = Number(row?.n ?? 0);
  if (replaced > 0) {
    await ch.exec(
      `ALTER TABLE ingest_partition UPDATE replaced_by = $1 WHERE replaced_by IS NULL AND ingest_id != $1 AND ${covered}`,
      [a.ingestId],
    );
    await ch.exec(
      `ALTER TABLE ingest UPDATE status = 'superseded' WHERE status = 'active' AND ingest_id IN (
         SELECT ingest_id FROM ingest_partition GROUP BY ingest_id HAVING min(replaced_by IS NOT NULL) = 1)`,
    );
    await ch.exec(`ALTER TABLE ingest UPDATE replaced_partitions = $2 WHERE ingest_id = $1`, [
      a.ingestId,
      replaced,
    ]);
  }
  return replaced;
}

/** The cost table's columns in DuckDB; provider `x_` extras missing in ClickHouse are added. */
async function syncColumns(duck: Warehouse, ch: ClickHouseWarehouse): Promise<string[]> {
  const duckCols = await tableColumns(duck, COST_TABLE);
  const chCols = new Set(await tableColumns(ch, COST_TABLE));
  const tables = ch.cluster ? [COST_LOCAL_TABLE, COST_TABLE] : [COST_TABLE];
  for (const c of duckCols) {
    if (chCols.has(c) || !/^x_[A-Za-z0-9_]+$/.test(c)) continue;
    for (const t of tables) {
      const on = ch.cluster ? ` ON CLUSTER ${quoteCluster(ch.cluster)}` : '';
      await ch.exec(`ALTER TABLE ${t}${on} ADD COLUMN IF NOT EXISTS ${ident(c)} Nullable(String)`);
    }
    chCols.add(c);
  }
  return duckCols.filter((c) => chCols.has(c));
}

async function commonColumns(duck: Warehouse, ch: Warehouse, table: string): Promise<string[]> {
  const chCols = new Set(await tableColumns(ch, table));
  return (await tableColumns(duck, table)).filter((c) => chCols.has(c));
}
