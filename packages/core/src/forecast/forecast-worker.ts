/**
 * Worker-thread entry for generic mode: receives batches, answers with formatted rows. Errors
 * travel back as messages so the parent can fail the whole run (nothing half-written).
 */
import { parentPort } from 'node:worker_threads';
import { forecastBatch } from './forecast-batch.ts';
import type { BatchOptions, BatchSeries } from './forecast-batch.ts';

parentPort?.on(
  'message',
  (msg: { id: number; series: BatchSeries[]; opts: BatchOptions } | 'stop') => {
    if (msg === 'stop') {
      parentPort?.close();
      return;
    }
    try {
      parentPort?.postMessage({ id: msg.id, result: forecastBatch(msg.series, msg.opts) });
    } catch (e) {
      parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
    }
  },
);
