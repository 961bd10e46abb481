/** `costlens export` — stored cost rows as FOCUS 1.3 files, one per billing period. */
import { exportFocus } from '@costlens/core';
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
    .action(
      async (opts: {
        format: ExportFormat;
        period?: string;
        out: string;
        extensions?: boolean;
      }) => {
        const { out, openStore } = ctx();
        const wh = await openStore();
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
