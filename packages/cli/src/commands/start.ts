/**
 * `costlens start` — the two-command demo: creates the demo database on first run (generate the
 * demo company, ingest its billing exports through the real ingest path, with progress), then
 * serves it. The database is built under a temporary name and renamed when complete, so an
 * interrupted first start never leaves a half-built database that a second start would reuse.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { GenerateDemoResult } from '@costlens/core';
import {
  buildGpuMatrix,
  detectAnomalies,
  DuckDbWarehouse,
  generateDemo,
  gpuRecommendations,
  ingestGpuFile,
  ingestHostMap,
  loadCriticalityFile,
  ingestBusinessMetrics,
  ingestFiles,
  ingestLlmUsage,
  ingestUtilization,
  runRules,
  saveDemoInitiatives,
  saveRecommendations,
} from '@costlens/core';
import type { Warehouse } from '@costlens/core';
import type { CommandContext } from '../context.ts';
import type { Output } from '../output.ts';
import { yesterdayUtc } from './demo.ts';
import { serveDatabase } from './serve.ts';
import type { ServeOptions } from './serve.ts';
import type { RegisterCommand } from './types.ts';

export const DEFAULT_DEMO_DB = '.costlens/demo.duckdb';

export interface BuildDemoOptions {
  seed: number;
  scale: number;
  endDate: string;
}

/**
 * The demo's billing exports grouped by provider: one ingest per provider (each a transaction
 * covering its 13 monthly exports) keeps the per-ingest overhead to three rounds.
 */
function exportsOf(result: GenerateDemoResult): { label: string; paths: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const f of result.costFiles) {
    const key = f.provider;
    groups.set(key, [...(groups.get(key) ?? []), f.path]);
  }
  return [...groups]
    .map(([label, paths]) => ({ label, paths }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * Generates the demo company beside `dbPath` and ingests it into a new database at `dbPath`.
 * @example await buildDemoDatabase('.costlens/demo.duckdb', { seed: 42, scale: 1, endDate: '2026-11-28' }, out);
 */
export async function buildDemoDatabase(
  dbPath: string,
  opts: BuildDemoOptions,
  out: Output,
): Promise<{ rowCount: number; seconds: number }> {
  const started = Date.now();
  const secs = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const dataDir = join(dirname(dbPath), 'demo-data');
  const building = `${dbPath}.building`;
  mkdirSync(dirname(dbPath), { recursive: true });
  rmSync(dataDir, { recursive: true, force: true });
  for (const p of [building, `${building}.wal`]) rmSync(p, { force: true });
  out.info(`Creating the demo database ${dbPath} (first start only).`);
  const demo = await generateDemo({
    outDir: dataDir,
    seed: opts.seed,
    endDate: opts.endDate,
    scale: opts.scale,
    onProgress: (step) => out.info(`  ${secs()}  ${step}`),
  });
  const groups = exportsOf(demo);
  out.info(
    `  ${secs()}  ingesting ${demo.costFiles.length} billing export files (${demo.rowCount.toLocaleString('en-US')} rows)`,
  );
  const wh = await DuckDbWarehouse.open({ path: building });
  const bar = out.tty
    ? new SingleBar({ format: '  ingest |{bar}| {value}/{total} {label}', hideCursor: true })
    : undefined;
  bar?.start(groups.length, 0, { label: '' });
  try {
    for (const [i, g] of groups.entries()) {
      await ingestFiles(wh, g.paths);
      if (bar) bar.update(i + 1, { label: g.label });
      else
        out.info(
          `  ${secs()}  ingested ${g.label}: ${g.paths.length} files (${i + 1}/${groups.length})`,
        );
    }
    bar?.stop();
    await analyse(wh, demo.auxiliaryFiles, (line) => out.info(`  ${secs()}  ${line}`));
  } finally {
    bar?.stop();
    await wh.close();
  }
  renameSync(building, dbPath);
  out.info(`  ${secs()}  demo database ready.`);
  return { rowCount: demo.rowCount, seconds: (Date.now() - started) / 1000 };
}

/**
 * The "analyse" step of a first start: business metrics and utilization beside the bill, then
 * anomaly detection and the recommendation rules, so the dashboard opens with insights. A step
 * that fails is reported and skipped; the cost data stays served.
 */
async function analyse(
  wh: Warehouse,
  aux: readonly { kind: string; path: string }[],
  say: (line: string) => void,
): Promise<void> {
  const steps: [string, () => Promise<string>][] = [
    ...aux
      .filter((f) => f.kind === 'business-metrics')
      .map((f): [string, () => Promise<string>] => [
        'business metrics',
        async () => `${(await ingestBusinessMetrics(wh, f.path)).rowCount} metric rows`,
      ]),
    ...aux
      .filter((f) => f.kind === 'ec2-utilization')
      .map((f): [string, () => Promise<string>] => [
        'utilization',
        async () => `${(await ingestUtilization(wh, f.path)).rowCount} utilization rows`,
      ]),
    [
      'LLM usage',
      async () => {
        const files = aux
          .filter((f) => f.kind === 'bedrock-invocation-log' || f.kind === 'openai-usage')
          .map((f) => f.path);
        if (files.length === 0) return 'no usage files';
        const r = await ingestLlmUsage(wh, files, { actor: 'system:demo' });
        return `${r.events} usage rows, ${r.invoiceLines} cost lines, ${r.focusRows} FOCUS rows`;
      },
    ],
    [
      'GPU metrics',
      async () => {
        let samples = 0;
        for (const f of aux) {
          if (f.kind === 'gpu-hosts') await ingestHostMap(wh, f.path);
          if (f.kind === 'gpu-criticality')
            await loadCriticalityFile(wh, f.path, { actor: 'system:demo' });
          if (f.kind === 'dcgm-snapshot') samples += (await ingestGpuFile(wh, f.path)).samples;
          // The demo's nvidia-smi captures carry no hostname column; each file is one host.
          if (f.kind === 'nvidia-smi') {
            samples += (await ingestGpuFile(wh, f.path, { hostname: basename(f.path, '.csv') }))
              .samples;
          }
        }
        return `${samples} GPU samples`;
      },
    ],
    [
      'anomaly detection',
      async () => {
        const r = await detectAnomalies(wh, { now: new Date() });
        return `${r.monitors} monitors, ${r.created.length} anomalies`;
      },
    ],
    [
      'recommendations',
      async () => {
        const r = await runRules(wh);
        const saved = await saveRecommendations(wh, r.recommendations);
        return `${saved.created + saved.refreshed} recommendations (${r.refused.length} refused by the guardrail)`;
      },
    ],
    [
      'AI initiatives',
      async () => `${(await saveDemoInitiatives(wh)).length} initiatives with plans and benefits`,
    ],
    [
      'GPU fleet',
      async () => {
        const matrix = await buildGpuMatrix(wh);
        const r = await gpuRecommendations(wh, matrix, { save: true });
        return `${matrix.placements.length} GPUs placed, ${r.recommendations.length} GPU recommendations (${r.refused.length} refused by the guardrail)`;
      },
    ],
  ];
  for (const [label, run] of steps) {
    try {
      say(`${label}: ${await run()}`);
    } catch (e) {
      say(`${label} skipped: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

interface StartOptions extends ServeOptions {
  seed: string;
  scale: string;
}

export const registerStart: RegisterCommand = (program, ctx) => {
  program
    .command('start')
    .description(
      `Create the demo database if absent (default ${DEFAULT_DEMO_DB}, or --db), then serve it with the dashboard.`,
    )
    .option('--port <n>', 'port (default 4173; 0 picks a free one)')
    .option('--host <host>', 'interface (default 127.0.0.1)')
    .option('--log-level <level>', 'info | warn | error | debug | silent', 'warn')
    .option('--seed <n>', 'demo seed', '42')
    .option('--scale <f>', 'demo size (1 ≈ 2M cost rows)', '1')
    .action(async (opts: StartOptions) => {
      const c = ctx();
      const dbPath = c.config.usedDefaults ? resolve(DEFAULT_DEMO_DB) : c.config.dbPath;
      if (!existsSync(dbPath)) {
        await buildDemoDatabase(
          dbPath,
          { seed: Number(opts.seed), scale: Number(opts.scale), endDate: yesterdayUtc() },
          c.out,
        );
      }
      const serveCtx: CommandContext = { ...c, config: { ...c.config, dbPath } };
      await serveDatabase(serveCtx, opts);
    });
};
