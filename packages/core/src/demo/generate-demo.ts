/**
 * `generateDemo`: a deterministic mid-size multi-cloud company over the 13 months up to `endDate`,
 * written as the providers' own FOCUS exports plus the answer key (`ground-truth.json`) and the
 * auxiliary data later features ingest (business metrics, utilization, LLM usage, GPU metrics).
 * Same seed + end date + scale → byte-identical files. No clock is read: the caller passes
 * `endDate` (the CLI defaults it to yesterday, UTC).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CostLensError } from '../errors.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { writeAuxiliaryData } from './auxiliary-data.ts';
import type { AuxiliaryFile } from './auxiliary-data.ts';
import { buildAwsCompute } from './aws-compute.ts';
import { buildAwsServices } from './aws-services.ts';
import { buildAzure } from './azure-resources.ts';
import { createCompany } from './company-model.ts';
import { demoCalendar } from './demo-calendar.ts';
import { DemoInventory } from './demo-inventory.ts';
import { expandCostRows } from './expand-cost-rows.ts';
import { buildGcp } from './gcp-resources.ts';
import { buildGroundTruth, writeGroundTruth } from './ground-truth.ts';
import type { GroundTruth } from './ground-truth.ts';
import type { BuildContext } from './item-factory.ts';
import { LineItemBook } from './line-item.ts';
import { plantAnomalies } from './planted-anomalies.ts';
import { plantSavings } from './planted-savings.ts';
import { SeededRandom } from './seeded-random.ts';
import { writeAwsCur } from './write-aws-cur.ts';
import { writeFocusExports } from './write-focus-exports.ts';
import type { ExportFile } from './write-focus-exports.ts';

export interface GenerateDemoOptions {
  outDir: string;
  seed: number;
  /** Last day of the window, `YYYY-MM-DD` (inclusive). */
  endDate: string;
  /** Share of the company's resources (1 ≈ 2M cost rows; 0.05 for tests). */
  scale?: number;
  /** Plant anomalies (default true); false gives the unplanted baseline for comparisons. */
  anomalies?: boolean;
  /**
   * Also write AWS's bill in its native legacy CUR format (same totals as the FOCUS export), for
   * the CUR converter; listed in `nativeFiles`, not `costFiles` — ingest one or the other.
   */
  native?: boolean;
  /** Skip the auxiliary data (metrics, LLM usage, GPU); cost files and ground truth only. */
  costOnly?: boolean;
  /** Where to build (default: a private in-memory DuckDB). */
  warehouse?: Warehouse;
  onProgress?: (step: string) => void;
}

export interface GenerateDemoResult {
  outDir: string;
  /** Billing exports, to ingest with `costlens ingest`. */
  costFiles: ExportFile[];
  /** The same bills in provider-native formats (with `native`), an alternative to `costFiles`. */
  nativeFiles: ExportFile[];
  auxiliaryFiles: AuxiliaryFile[];
  /** Every file written, cost files first. */
  files: string[];
  groundTruthPath: string;
  groundTruth: GroundTruth;
  /** Cost rows written across all billing files. */
  rowCount: number;
  startDate: string;
  endDate: string;
}

/**
 * Generates the demo company's data under `outDir`.
 * @example await generateDemo({ outDir: './demo', seed: 42, endDate: '2026-11-28', scale: 0.05 });
 */
export async function generateDemo(opts: GenerateDemoOptions): Promise<GenerateDemoResult> {
  const scale = opts.scale ?? 1;
  if (!(scale > 0 && scale <= 4)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `scale ${scale} is out of range.`,
      hint: 'Use a scale between 0.01 (tests) and 4; 1 gives about two million cost rows.',
      issues: [{ column: 'scale', message: 'expected 0 < scale <= 4' }],
    });
  }
  if (!Number.isInteger(opts.seed) || opts.seed < 0) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `seed ${opts.seed} is not a non-negative integer.`,
      issues: [{ column: 'seed', message: 'expected a non-negative integer' }],
    });
  }
  const progress = opts.onProgress ?? (() => undefined);
  const cal = demoCalendar(opts.endDate);
  const root = new SeededRandom(opts.seed);
  const ctx: BuildContext = {
    rnd: root.fork('company'),
    cal,
    scale,
    book: new LineItemBook(),
    company: createCompany(root.fork('accounts')),
    inventory: new DemoInventory(),
  };
  progress('modelling the company');
  const compute = buildAwsCompute({ ...ctx, rnd: root.fork('aws-compute') });
  buildAwsServices({ ...ctx, rnd: root.fork('aws-services') });
  buildAzure({ ...ctx, rnd: root.fork('azure') });
  buildGcp({ ...ctx, rnd: root.fork('gcp') });
  const savings = plantSavings({ ...ctx, rnd: root.fork('savings') }, compute);
  const planted =
    opts.anomalies === false
      ? { anomalies: [], assignments: [] }
      : plantAnomalies({ ...ctx, rnd: root.fork('anomalies') });

  mkdirSync(opts.outDir, { recursive: true });
  const tmpDir = join(opts.outDir, '.costlens-demo-tmp');
  mkdirSync(tmpDir, { recursive: true });
  const wh = opts.warehouse ?? (await DuckDbWarehouse.open({ migrate: false }));
  try {
    progress('expanding cost rows');
    await expandCostRows(wh, {
      cal,
      seed: opts.seed,
      items: ctx.book.items,
      assignments: planted.assignments,
      commitments: ctx.inventory.commitments,
      tmpDir,
    });
    progress('writing billing exports');
    const costFiles = await writeFocusExports(wh, { outDir: opts.outDir, cal });
    const nativeFiles = opts.native ? await writeAwsCur(wh, { outDir: opts.outDir, cal }) : [];
    const [{ n } = { n: 0 }] = await wh.query<{ n: number }>(
      'SELECT count(*)::BIGINT AS n FROM demo_cost',
    );
    const groundTruth = await buildGroundTruth(wh, {
      cal,
      seed: opts.seed,
      scale,
      anomalies: planted.anomalies,
      savings,
      events: ctx.inventory.events,
    });
    const groundTruthPath = join(opts.outDir, 'ground-truth.json');
    writeGroundTruth(groundTruthPath, groundTruth);
    let auxiliaryFiles: AuxiliaryFile[] = [];
    if (!opts.costOnly) {
      progress('writing metrics, LLM usage and GPU data');
      auxiliaryFiles = await writeAuxiliaryData(wh, {
        outDir: opts.outDir,
        cal,
        ctx,
        rnd: root.fork('auxiliary'),
      });
    }
    return {
      outDir: opts.outDir,
      costFiles,
      nativeFiles,
      auxiliaryFiles,
      files: [
        ...costFiles.map((f) => f.path),
        ...nativeFiles.map((f) => f.path),
        groundTruthPath,
        ...auxiliaryFiles.map((f) => f.path),
      ],
      groundTruthPath,
      groundTruth,
      rowCount: Number(n),
      startDate: cal.startDate,
      endDate: cal.endDate,
    };
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
    for (const t of [
      'demo_cost',
      'demo_usage',
      'demo_li',
      'demo_day',
      'demo_factor',
      'demo_anomaly_li',
      'demo_commitment',
    ]) {
      await wh.exec(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    }
    if (!opts.warehouse) await wh.close();
  }
}
