/**
 * Forecasts a batch of independent series and formats the generic-mode CSV rows for them. Pure
 * (no I/O), so the same code runs inline or inside a worker thread (forecast-worker.ts).
 */
import { forecastSeries } from './forecast-series.ts';
import type { ForecastSeriesOptions } from './forecast-series.ts';

export interface BatchSeries {
  id: string;
  values: number[];
  /** ISO dates, only for daily series (enables day-of-month effects). */
  dates?: string[];
}

export type BatchOptions = Omit<ForecastSeriesOptions, 'incompleteTail'>;

export interface BatchResult {
  text: string;
  rows: number;
  models: Record<string, number>;
}

/** Forecasts each series and returns `series_id,step,forecast,lo80,hi80,lo95,hi95` lines. */
export function forecastBatch(series: readonly BatchSeries[], opts: BatchOptions): BatchResult {
  const models: Record<string, number> = {};
  let text = '';
  let rows = 0;
  for (const s of series) {
    const f = forecastSeries(
      { values: s.values, ...(s.dates ? { dates: s.dates } : {}) },
      { ...opts, incompleteTail: false },
    );
    models[f.model] = (models[f.model] ?? 0) + 1;
    const id = csvField(s.id);
    for (let i = 0; i < f.mean.length; i++) {
      text += `${id},${i + 1},${num(f.mean[i])},${num(f.lo80[i])},${num(f.hi80[i])},${num(f.lo95[i])},${num(f.hi95[i])}\n`;
    }
    rows += f.mean.length;
  }
  return { text, rows, models };
}

function num(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '';
  return String(Math.round(v * 1e6) / 1e6);
}

function csvField(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
