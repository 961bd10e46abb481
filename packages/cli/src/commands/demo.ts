/**
 * `costlens demo generate` — writes the demo company (billing exports, ground truth, metrics, LLM
 * usage, GPU metrics) to a folder. The end date defaults to yesterday (UTC); core never reads the
 * clock, so it is decided here. Ingest the result with `costlens ingest <dir>/aws/… <dir>/azure/…`.
 */
import { CostLensError, generateDemo } from '@costlens/core';
import type { RegisterCommand } from './types.ts';

interface DemoOptions {
  seed: string;
  out: string;
  endDate?: string;
  scale: string;
  costOnly?: boolean;
  native?: boolean;
}

/** Yesterday in UTC as YYYY-MM-DD. */
export function yesterdayUtc(now: Date = new Date()): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}

function parseNumber(value: string, flag: string, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${flag} "${value}" is not ${integer ? 'an integer' : 'a number'}.`,
      hint: integer ? `Example: ${flag} 42` : `Example: ${flag} 0.05`,
      issues: [{ column: flag, message: `expected ${integer ? 'an integer' : 'a number'}` }],
    });
  }
  return n;
}

export const registerDemo: RegisterCommand = (program, ctx) => {
  const demo = program
    .command('demo')
    .description('The demo company: realistic multi-cloud data to explore CostLens with.');
  demo
    .command('generate')
    .description(
      'Write a deterministic demo company (13 months of AWS, Azure and GCP FOCUS exports, ground-truth.json, metrics, LLM usage, GPU metrics) to a folder.',
    )
    .option('--seed <n>', 'random seed (same seed and end date give identical files)', '42')
    .option('--out <dir>', 'output folder', './costlens-demo')
    .option('--end-date <YYYY-MM-DD>', 'last day of the data (default: yesterday, UTC)')
    .option(
      '--scale <f>',
      'share of the company to generate (1 ≈ 2M cost rows; 0.05 for a quick try)',
      '1',
    )
    .option('--cost-only', 'write billing exports and ground truth only')
    .option(
      '--native',
      'also write AWS as a legacy CUR (aws-cur/), an alternative to its FOCUS export',
    )
    .action(async (opts: DemoOptions) => {
      const { out } = ctx();
      const started = Date.now();
      const result = await generateDemo({
        outDir: opts.out,
        seed: parseNumber(opts.seed, '--seed', true),
        endDate: opts.endDate ?? yesterdayUtc(),
        scale: parseNumber(opts.scale, '--scale', false),
        costOnly: Boolean(opts.costOnly),
        native: Boolean(opts.native),
        onProgress: (step) => {
          if (!out.json) out.info(`${((Date.now() - started) / 1000).toFixed(1)} s  ${step}`);
        },
      });
      const summary = {
        outDir: result.outDir,
        startDate: result.startDate,
        endDate: result.endDate,
        rowCount: result.rowCount,
        costFiles: result.costFiles.length,
        nativeFiles: result.nativeFiles.length,
        auxiliaryFiles: result.auxiliaryFiles.length,
        anomalies: result.groundTruth.anomalies.length,
        savingsOpportunities: result.groundTruth.savingsOpportunities.length,
        groundTruthPath: result.groundTruthPath,
        seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      };
      if (out.json) {
        out.data({ ...summary, files: result.files });
        return;
      }
      out.line(
        `Wrote ${result.rowCount} cost rows in ${result.costFiles.length} billing files (${result.startDate} to ${result.endDate}) and ${result.auxiliaryFiles.length} auxiliary files to ${result.outDir} in ${summary.seconds} s.`,
      );
      out.line(
        `Ground truth: ${summary.anomalies} planted anomalies, ${summary.savingsOpportunities} savings opportunities in ${result.groundTruthPath}.`,
      );
      out.line(
        `Ingest it: costlens ingest $(find ${result.outDir}/aws ${result.outDir}/azure ${result.outDir}/gcp -type f | sort)`,
      );
    });
};
