/**
 * `costlens detect --series FILE.csv --out OUT.csv` — generic mode: score any long-format series
 * file (`series_id,timestamp,value`) without a database. One parameter set for every series.
 */
import { CostLensError, detectSeriesCsv } from '@costlens/core';
import type { RegisterCommand } from './types.ts';

interface DetectOptions {
  series: string;
  out: string;
  zThreshold?: string;
  minRelative?: string;
  minAbsolute?: string;
}

function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `--${name} must be a number, got "${text}"`,
    });
  }
  return n;
}

export const registerDetect: RegisterCommand = (program, ctx) => {
  program
    .command('detect')
    .description(
      'Score a long-format CSV (series_id,timestamp,value) for anomalies; writes the rows with anomaly_score in [0,1] and is_anomaly. Causal: each score uses earlier rows of its series only.',
    )
    .requiredOption('--series <file>', 'input CSV: series_id,timestamp,value (ISO timestamps)')
    .requiredOption(
      '--out <file>',
      'output CSV: series_id,timestamp,value,anomaly_score,is_anomaly',
    )
    .option('--z-threshold <z>', 'robust z at which a point is anomalous (default 4.5)')
    .option('--min-relative <fraction>', 'minimum |actual-expected| / expected (default 0.1)')
    .option('--min-absolute <amount>', 'minimum |actual-expected| in the series unit (default 0)')
    .action(async (opts: DetectOptions) => {
      const { out } = ctx();
      const z = numberOption('z-threshold', opts.zThreshold);
      const rel = numberOption('min-relative', opts.minRelative);
      const abs = numberOption('min-absolute', opts.minAbsolute);
      const started = Date.now();
      const result = await detectSeriesCsv(opts.series, opts.out, {
        ...(z === undefined ? {} : { zThreshold: z }),
        ...(rel === undefined ? {} : { minRelative: rel }),
        ...(abs === undefined ? {} : { minAbsolute: abs }),
      });
      const seconds = (Date.now() - started) / 1000;
      if (out.json) {
        out.data({ ...result, out: opts.out, seconds });
        return;
      }
      out.line(
        `${result.rows.toLocaleString('en-US')} rows in ${result.series} series scored in ${seconds.toFixed(1)} s: ${result.anomalies} anomalous → ${opts.out}`,
      );
    });
};
