/**
 * `exportFocus`: the stored cost rows as FOCUS 1.3 files, one per billing period, CSV or Parquet,
 * that CostLens (or any FOCUS reader) re-ingests to identical totals. Each file is written under a
 * temporary name and renamed when complete, so a failed export leaves no half-written file.
 * Not a query surface: it writes whole billing periods only.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CostLensError } from '../errors.ts';
import { COST_TABLE, DECIMAL_TYPE } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { literal } from '../util/sql.ts';
import { exportSelectList } from './export-columns.ts';
import type { ExportFormat } from './export-columns.ts';

export interface ExportFocusOptions {
  format: ExportFormat;
  /** Folder to write into (created when missing); relative paths are the caller's business. */
  outDir: string;
  /** Only this billing period, `YYYY-MM`. */
  period?: string;
  /** Also write the provider `x_` columns (default false: FOCUS columns only). */
  extensions?: boolean;
}

export interface ExportedFile {
  path: string;
  /** `YYYY-MM`, or `unknown` for rows without a billing period. */
  period: string;
  rowCount: number;
  billedCost: string;
  effectiveCost: string;
}

const PERIOD = `coalesce(strftime("BillingPeriodStart", '%Y-%m'), 'unknown')`;

/**
 * Writes `focus-cost-<YYYY-MM>.<csv|parquet>` per billing period into `outDir`.
 * @example await exportFocus(wh, { format: 'parquet', outDir: './out', period: '2025-01' });
 */
export async function exportFocus(
  wh: Warehouse,
  opts: ExportFocusOptions,
): Promise<{ files: ExportedFile[] }> {
  if (opts.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.period)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `"${opts.period}" is not a billing period.`,
      hint: 'Give the period as YYYY-MM, e.g. 2025-01.',
    });
  }
  const periods = await wh.query<{
    period: string;
    n: number;
    billed: string;
    effective: string;
  }>(
    `SELECT ${PERIOD} AS period, count(*)::BIGINT AS n,
       CAST(coalesce(sum("BilledCost"), 0) AS ${DECIMAL_TYPE})::VARCHAR AS billed,
       CAST(coalesce(sum("EffectiveCost"), 0) AS ${DECIMAL_TYPE})::VARCHAR AS effective
     FROM ${COST_TABLE} GROUP BY ALL ORDER BY ALL`,
  );
  const wanted = periods.filter((p) => opts.period === undefined || p.period === opts.period);
  if (wanted.length === 0) {
    throw new CostLensError({
      code: 'NOT_FOUND',
      message:
        opts.period === undefined
          ? 'there are no cost rows to export.'
          : `no cost rows for billing period ${opts.period}.`,
      hint:
        periods.length === 0
          ? 'Ingest a billing export first (`costlens ingest <file>`).'
          : `Periods in the store: ${periods.map((p) => p.period).join(', ')}.`,
    });
  }
  const extensionColumns = opts.extensions ? await storedExtensionColumns(wh) : [];
  const select = exportSelectList(opts.format, extensionColumns);
  const outDir = opts.outDir;
  await mkdir(outDir, { recursive: true });
  const files: ExportedFile[] = [];
  for (const p of wanted) {
    const path = join(outDir, `focus-cost-${p.period}.${opts.format}`);
    const partial = `${path}.partial`;
    const copyOptions =
      opts.format === 'csv' ? `FORMAT csv, HEADER true` : `FORMAT parquet, COMPRESSION zstd`;
    try {
      await wh.exec(
        `COPY (SELECT ${select} FROM ${COST_TABLE} WHERE ${PERIOD} = ${literal(p.period)}
           ORDER BY "BillingAccountId", "ChargePeriodStart", x_source_file, x_source_line)
         TO ${literal(partial)} (${copyOptions})`,
      );
      await rename(partial, path);
    } catch (e) {
      await rm(partial, { force: true });
      throw e;
    }
    files.push({
      path,
      period: p.period,
      rowCount: Number(p.n),
      billedCost: p.billed,
      effectiveCost: p.effective,
    });
  }
  return { files };
}

async function storedExtensionColumns(wh: Warehouse): Promise<string[]> {
  const rows = await wh.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
    [COST_TABLE],
  );
  return rows.map((r) => r.column_name).filter((c) => /^x_/i.test(c));
}
