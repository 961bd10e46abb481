/**
 * Generic mode: forecast every series of a long-format file and write
 * `series_id,step,forecast,lo80,hi80,lo95,hi95`, so anyone can score CostLens on public
 * benchmarks. Series are independent: batches go to worker threads when `concurrency` > 1 and
 * are written in input order. Output streams to a temporary file beside the target, renamed at
 * the end, so a failure never leaves a half-written result.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { forecastBatch } from './forecast-batch.ts';
import type { BatchOptions, BatchResult, BatchSeries } from './forecast-batch.ts';
import { readSeriesCsv } from './series-csv.ts';
import type { ReadSeriesOptions } from './series-csv.ts';

export interface ForecastFileOptions extends BatchOptions, ReadSeriesOptions {
  input: string;
  output: string;
  /** Worker threads to use (default 1 = inline). The CLI passes the machine's core count. */
  concurrency?: number;
  /** Series per batch handed to a worker (default 250). */
  batchSize?: number;
  /** Called as batches complete (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export interface ForecastFileResult {
  series: number;
  rows: number;
  /** How often each model was used. */
  models: Record<string, number>;
  /** Worker threads actually used (0 = inline). */
  workers: number;
}

export const FORECAST_FILE_HEADER = 'series_id,step,forecast,lo80,hi80,lo95,hi95';

/**
 * Reads, forecasts and writes; throws CostLensError (with every located issue) on bad input.
 * @example await forecastFile({ input: 'in.csv', output: 'out.csv', horizon: 48, seasons: [24, 168] })
 */
export async function forecastFile(opts: ForecastFileOptions): Promise<ForecastFileResult> {
  const { series } = await readSeriesCsv(opts.input, opts);
  const modelOpts: BatchOptions = {
    horizon: opts.horizon,
    ...(opts.seasons ? { seasons: opts.seasons } : {}),
    ...(opts.method ? { method: opts.method } : {}),
    ...(opts.levelShifts !== undefined ? { levelShifts: opts.levelShifts } : {}),
    ...(opts.dayOfMonth !== undefined ? { dayOfMonth: opts.dayOfMonth } : {}),
    ...(opts.nonNegative !== undefined ? { nonNegative: opts.nonNegative } : {}),
  };
  const size = opts.batchSize ?? 250;
  const batches: BatchSeries[][] = [];
  for (let i = 0; i < series.length; i += size) {
    batches.push(
      series.slice(i, i + size).map((s) => ({
        id: s.id,
        values: s.values,
        ...(s.dates && s.step === 86_400_000 ? { dates: s.dates } : {}),
      })),
    );
  }
  const tmp = `${opts.output}.tmp-${process.pid}`;
  const out = createWriteStream(tmp, { encoding: 'utf8' });
  const models: Record<string, number> = {};
  let rows = 0;
  let seriesDone = 0;
  const pool =
    (opts.concurrency ?? 1) > 1 && batches.length > 1 ? startPool(opts.concurrency!) : [];
  try {
    await write(out, `${FORECAST_FILE_HEADER}\n`);
    const results =
      pool.length > 0
        ? runOnPool(pool, batches, modelOpts)
        : batches.map((b) => Promise.resolve().then(() => forecastBatch(b, modelOpts)));
    for (let i = 0; i < batches.length; i++) {
      const r = await results[i]!;
      for (const [k, v] of Object.entries(r.models)) models[k] = (models[k] ?? 0) + v;
      rows += r.rows;
      await write(out, r.text);
      seriesDone += batches[i]!.length;
      opts.onProgress?.(seriesDone, series.length);
    }
    out.end();
    await once(out, 'finish');
    await rename(tmp, opts.output);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { series: series.length, rows, models, workers: pool.length };
}

function startPool(n: number): Worker[] {
  let tsxApi: string;
  try {
    // Workers do not inherit the TypeScript loader; register tsx before loading the worker.
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    return [];
  }
  const entry = new URL('./forecast-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return Array.from({ length: n }, () => new Worker(code, { eval: true }));
}

/** Hands batches to idle workers; resolves each batch's promise in input order. */
function runOnPool(
  pool: Worker[],
  batches: BatchSeries[][],
  opts: BatchOptions,
): Promise<BatchResult>[] {
  const settle: { resolve(r: BatchResult): void; reject(e: Error): void }[] = [];
  const promises = batches.map(
    (_, i) =>
      new Promise<BatchResult>((resolve, reject) => {
        settle[i] = { resolve, reject };
      }),
  );
  let next = 0;
  const feed = (w: Worker) => {
    if (next >= batches.length) return;
    const id = next++;
    w.postMessage({ id, series: batches[id], opts });
  };
  for (const w of pool) {
    w.on('message', (msg: { id: number; result?: BatchResult; error?: string }) => {
      if (msg.error !== undefined) settle[msg.id]!.reject(new Error(msg.error));
      else settle[msg.id]!.resolve(msg.result!);
      feed(w);
    });
    w.on('error', (e) => {
      for (const s of settle) s.reject(e);
    });
    feed(w);
  }
  // Avoid unhandled rejections for batches after a failure; the caller awaits in order.
  for (const p of promises) p.catch(() => undefined);
  return promises;
}

async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
