/**
 * `exportFocusPartitioned`: the stored cost rows as FOCUS 1.3 Parquet in a hive layout,
 * `billing_period=YYYY-MM/provider=<name>/part-<n>.parquet`, which ClickHouse, Trino / Athena,
 * Spark and BigQuery external tables read as partitioned data. Columns are written as
 * `exportFocus` writes them (the partition keys live only in the paths). Written into a hidden
 * folder first; each billing period's folder replaces the old one only when all are written.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CostLensError } from '../errors.ts';
import { COST_TABLE, DECIMAL_TYPE } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { literal } from '../util/sql.ts';
import { exportSelectList } from './export-columns.ts';

export interface ExportPartitionedOptions {
  /** Root folder of the layout (created when missing). */
  outDir: string;
  /** Only this billing period, `YYYY-MM`. */
  period?: string;
  /** Also write the provider `x_` columns. */
  extensions?: boolean;
}

export interface ExportedPartition {
  /** `YYYY-MM`, or `unknown` for rows without a billing period. */
  period: string;
  /** The provider (ServiceProviderName, else ProviderName), or `unknown`. */
  provider: string;
  /** The partition folder. */
  path: string;
  rowCount: number;
  billedCost: string;
  effectiveCost: string;
}

const PERIOD = `coalesce(strftime("BillingPeriodStart", '%Y-%m'), 'unknown')`;
const PROVIDER = `coalesce("ServiceProviderName", "ProviderName", 'unknown')`;

/**
 * Writes the hive-partitioned Parquet layout under `outDir`; returns one entry per partition.
 * @example await exportFocusPartitioned(wh, { outDir: './focus' }); // focus/billing_period=2025-01/provider=AWS/part-0.parquet
 */
export async function exportFocusPartitioned(
  wh: Warehouse,
  opts: ExportPartitionedOptions,
): Promise<{ partitions: ExportedPartition[] }> {
  if (wh.dialect.name !== 'duckdb') {
    // The layout is written by DuckDB's COPY … PARTITION_BY.
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: 'The partitioned export writes from a DuckDB store; this store is ClickHouse.',
      hint: 'Run it with --db <file.duckdb>, or read focus_cost in ClickHouse directly (docs/clickhouse.md).',
    });
  }
  if (opts.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.period)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `"${opts.period}" is not a billing period.`,
      hint: 'Give the period as YYYY-MM, e.g. 2025-01.',
    });
  }
  const where = opts.period === undefined ? 'TRUE' : `${PERIOD} = $1`;
  const params = opts.period === undefined ? [] : [opts.period];
  const parts = await wh.query<{
    period: string;
    provider: string;
    n: number;
    billed: string;
    effective: string;
  }>(
    `SELECT ${PERIOD} AS period, ${PROVIDER} AS provider, count(*)::BIGINT AS n,
       CAST(coalesce(sum("BilledCost"), 0) AS ${DECIMAL_TYPE})::VARCHAR AS billed,
       CAST(coalesce(sum("EffectiveCost"), 0) AS ${DECIMAL_TYPE})::VARCHAR AS effective
     FROM ${COST_TABLE} WHERE ${where} GROUP BY ALL ORDER BY ALL`,
    params,
  );
  if (parts.length === 0) {
    throw new CostLensError({
      code: 'NOT_FOUND',
      message:
        opts.period === undefined
          ? 'there are no cost rows to export.'
          : `no cost rows for billing period ${opts.period}.`,
      hint: 'Ingest a billing export first (`costlens ingest <file>`), or check the period.',
    });
  }
  const extensions = opts.extensions ? await extensionColumns(wh) : [];
  await mkdir(opts.outDir, { recursive: true });
  const staging = join(opts.outDir, `.partial-${randomUUID().slice(0, 8)}`);
  try {
    const filter = opts.period === undefined ? '' : ` WHERE ${PERIOD} = ${literal(opts.period)}`;
    await wh.exec(
      `COPY (SELECT ${exportSelectList('parquet', extensions)}, ${PERIOD} AS billing_period, ${PROVIDER} AS provider
         FROM ${COST_TABLE}${filter}
         ORDER BY "BillingAccountId", "ChargePeriodStart", x_source_file, x_source_line)
       TO ${literal(staging)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (billing_period, provider), FILENAME_PATTERN 'part-{i}')`,
    );
    // Swap whole billing periods: a reader never sees a period half old, half new.
    for (const dir of await readdir(staging)) {
      const target = join(opts.outDir, dir);
      await rm(target, { recursive: true, force: true });
      await rename(join(staging, dir), target);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return {
    partitions: parts.map((p) => ({
      period: p.period,
      provider: p.provider,
      path: join(opts.outDir, `billing_period=${p.period}`, `provider=${p.provider}`),
      rowCount: Number(p.n),
      billedCost: p.billed,
      effectiveCost: p.effective,
    })),
  };
}

async function extensionColumns(wh: Warehouse): Promise<string[]> {
  const rows = await wh.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
    [COST_TABLE],
  );
  return rows.map((r) => r.column_name).filter((c) => /^x_/i.test(c));
}
