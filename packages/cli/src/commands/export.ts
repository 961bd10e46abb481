/**
 * `costlens export` — stored cost rows as FOCUS 1.3 files, one per billing period, or with
 * `--partitioned` as hive-partitioned Parquet (billing_period=…/provider=…/part-N.parquet).
 */
import { CostLensError, exportFocus, exportFocusPartitioned } from '@costlens/core';
import type { ExportFormat } from '@costlens/core';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { money } from '../output.ts';
import type { RegisterCommand } from './types.ts';

function parseFormat(value: string): ExportFormat {
  if (value !== 'csv' && value !== 'parquet') {
    throw new InvalidArgumentError('use csv or parquet.');
  }
  return value;
}

export const registerExport: RegisterCommand = (program, ctx) => {
  program
    .command('export')
    .description(
      'Write the stored cost rows as FOCUS 1.3 (ISO 8601 UTC timestamps, plain decimals, JSON tags), one file per billing period, re-ingestable to identical totals.',
    )
    .option('--format <format>', 'csv | parquet', parseFormat, 'csv' as ExportFormat)
    .option('--period <YYYY-MM>', 'only this billing period')
    .option('--out <dir>', 'folder to write into', '.')
    .option('--extensions', 'also write the provider x_ columns')
    .option(
      '--partitioned',
      'Parquet in a hive layout (billing_period=YYYY-MM/provider=…/part-N.parquet) for ClickHouse, Trino/Athena, BigQuery',
    )
    .action(
      async (opts: {
        format: ExportFormat;
        period?: string;
        out: string;
        extensions?: boolean;
        partitioned?: boolean;
      }) => {
        const { out, openStore } = ctx();
        if (opts.partitioned && opts.format !== 'parquet') {
          throw new CostLensError({
            code: 'INVALID_INPUT',
            message: '--partitioned writes Parquet only.',
            hint: 'Add --format parquet.',
          });
        }
        const wh = await openStore();
        if (opts.partitioned) {
          const result = await exportFocusPartitioned(wh, {
            outDir: resolve(opts.out),
            ...(opts.period ? { period: opts.period } : {}),
            extensions: Boolean(opts.extensions),
          });
          if (out.json) {
            out.data(result);
            return;
          }
          out.table(
            ['period', 'provider', 'rows', 'billed', 'effective', 'folder'],
            result.partitions.map((p) => [
              p.period,
              p.provider,
              p.rowCount,
              money(p.billedCost),
              money(p.effectiveCost),
              p.path,
            ]),
          );
          return;
        }
        const result = await exportFocus(wh, {
          format: opts.format,
          outDir: resolve(opts.out),
          ...(opts.period ? { period: opts.period } : {}),
          extensions: Boolean(opts.extensions),
        });
        if (out.json) {
          out.data(result);
          return;
        }
        out.table(
          ['period', 'rows', 'billed', 'effective', 'file'],
          result.files.map((f) => [
            f.period,
            f.rowCount,
            money(f.billedCost),
            money(f.effectiveCost),
            f.path,
          ]),
        );
      },
    );
};
