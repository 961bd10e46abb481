/**
 * `costlens forecast` — three ways in, one engine:
 *   forecast <metric> [--where k=v …] --horizon 90d   a slice of spend, with month/quarter/year projections
 *   forecast --series FILE.csv --horizon H --out OUT.csv   generic mode for any long-format series
 *   forecast backtest [<metric> | --series FILE.csv]       rolling-origin accuracy (sMAPE, MASE, OWA, coverage)
 * Thin: parse, call core, print (tables for people, JSON with --json).
 */
import { availableParallelism } from 'node:os';
import {
  backtest,
  CostLensError,
  FORECAST_METHODS,
  forecastFile,
  forecastQuery,
  readSeriesCsv,
} from '@costlens/core';
import type { BacktestReport, ForecastMethod, QueryForecast } from '@costlens/core';
import type { Command } from 'commander';
import { money } from '../output.ts';
import type { CommandContext } from '../context.ts';
import type { RegisterCommand } from './types.ts';

interface CommonOptions {
  horizon?: string;
  season?: string;
  method?: string;
  where?: string[];
  series?: string;
  fillGaps?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function usage(message: string, hint?: string): CostLensError {
  return new CostLensError({ code: 'INVALID_INPUT', message, ...(hint ? { hint } : {}) });
}

/** `90d`, `12w`, `3m` (30-day months) or a bare number of days / steps. */
export function parseHorizon(
  text: string | undefined,
  fallback: number,
  stepsOnly: boolean,
): number {
  if (text === undefined) return fallback;
  const m = /^(\d+)\s*([dwm]?)$/i.exec(text.trim());
  if (!m || (stepsOnly && m[2])) {
    throw usage(
      `--horizon "${text}" is not ${stepsOnly ? 'a whole number of steps' : 'like 90d, 12w or 3m'}`,
      stepsOnly
        ? 'in --series mode the horizon counts steps of the series, e.g. --horizon 48'
        : undefined,
    );
  }
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const days = unit === 'w' ? n * 7 : unit === 'm' ? n * 30 : n;
  if (days < 1) throw usage('--horizon must be at least 1');
  return days;
}

function parseSeasons(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const list = text.split(',').map((s) => Number(s.trim()));
  if (list.some((p) => !Number.isInteger(p) || p < 1)) {
    throw usage(`--season "${text}" must be whole numbers of steps, e.g. 7 or 24,168`);
  }
  return list;
}

function parseMethod(text: string | undefined): ForecastMethod | undefined {
  if (text === undefined) return undefined;
  if (!(FORECAST_METHODS as readonly string[]).includes(text)) {
    throw usage(`unknown --method "${text}"`, `use one of ${FORECAST_METHODS.join(', ')}`);
  }
  return text as ForecastMethod;
}

function parseFillGaps(text: string | undefined): 'error' | 'zero' | undefined {
  if (text === undefined) return undefined;
  if (text !== 'zero' && text !== 'error') throw usage('--fill-gaps must be "zero" or "error"');
  return text;
}

const commonOptions = (c: Command) =>
  c
    .option('--horizon <h>', 'how far ahead: 90d, 12w, 3m (slices) or steps (--series)')
    .option('--where <dim=value>', 'filter the slice, e.g. tag:team=ml (repeatable)', collect)
    .option('--series <file>', 'long-format CSV: series_id,timestamp,value (generic mode)')
    .option('--season <periods>', 'seasonal periods in steps, e.g. 7 or 24,168 (--series mode)')
    .option('--method <name>', `model: ${FORECAST_METHODS.join(', ')} (default auto)`)
    .option('--fill-gaps <how>', 'missing steps in --series: error (default) or zero');

export const registerForecast: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('forecast')
    .description(
      'Forecast spend for any slice (with end-of-month/quarter/year projections), or any long-format series file; `forecast backtest` scores the method on your own history.',
    )
    .argument('[metric]', 'a semantic metric, e.g. effective_cost (default)')
    .option('--out <file>', 'output CSV for --series: series_id,step,forecast,lo80,hi80,lo95,hi95')
    .option('--accuracy', 'also backtest the method on this slice (sMAPE, MASE, OWA, coverage)')
    .option('--workers <n>', 'worker threads for --series (default: CPU cores)');
  commonOptions(cmd).action(
    async (
      metric: string | undefined,
      opts: CommonOptions & { out?: string; accuracy?: boolean; workers?: string },
    ) => {
      const c = ctx();
      if (opts.series) return runSeriesMode(c, metric, opts);
      const wh = await c.openStore();
      const f = await forecastQuery(
        wh,
        { metric: metric ?? 'effective_cost', where: opts.where ?? [] },
        {
          horizonDays: parseHorizon(opts.horizon, 90, false),
          ...(parseMethod(opts.method) ? { method: parseMethod(opts.method)! } : {}),
          accuracy: Boolean(opts.accuracy),
        },
      );
      if (c.out.json) return c.out.data(f);
      printSlice(c, f);
    },
  );

  commonOptions(
    cmd
      .command('backtest')
      .description(
        'Rolling-origin backtest: sMAPE, MASE, OWA vs Naive2, 80/95 % interval coverage.',
      )
      .argument('[metric]', 'a semantic metric (default effective_cost) when not using --series')
      .option('--folds <n>', 'forecast origins (default 3)'),
  ).action(async (metric: string | undefined, _local: unknown, self: Command) => {
    // `forecast` declares the same options, so commander may hand them to it: merge both.
    const opts = self.optsWithGlobals<CommonOptions & { folds?: string }>();
    const c = ctx();
    const folds = opts.folds === undefined ? 3 : Number(opts.folds);
    if (!Number.isInteger(folds) || folds < 1) throw usage('--folds must be a whole number ≥ 1');
    const method = parseMethod(opts.method);
    let report: BacktestReport;
    if (opts.series) {
      const { series } = await readSeriesCsv(opts.series, {
        ...(parseFillGaps(opts.fillGaps) ? { fillGaps: parseFillGaps(opts.fillGaps)! } : {}),
      });
      const seasons = parseSeasons(opts.season);
      report = backtest(series, {
        horizon: parseHorizon(opts.horizon, 14, true),
        folds,
        ...(seasons ? { seasons } : {}),
        ...(method ? { method } : {}),
      });
    } else {
      const wh = await c.openStore();
      const f = await forecastQuery(
        wh,
        { metric: metric ?? 'effective_cost', where: opts.where ?? [] },
        { horizonDays: 1, incompleteTail: 'auto' },
      );
      const values = f.history
        .filter((h) => f.asOf && h.date <= f.asOf)
        .map((h) => Number(h.value));
      report = backtest([{ values, dates: f.history.slice(0, values.length).map((h) => h.date) }], {
        horizon: parseHorizon(opts.horizon, 28, false),
        folds,
        seasons: [7],
        ...(method ? { method } : {}),
      });
    }
    if (c.out.json) return c.out.data(report);
    printBacktest(c, report);
  });
};

async function runSeriesMode(
  c: CommandContext,
  metric: string | undefined,
  opts: CommonOptions & { out?: string; workers?: string },
) {
  if (metric) throw usage(`--series does not take a metric ("${metric}")`);
  const input = opts.series as string;
  if (!opts.out) throw usage('--series needs --out OUT.csv');
  if (opts.horizon === undefined) throw usage('--series needs --horizon (in steps)');
  const workers = opts.workers === undefined ? availableParallelism() : Number(opts.workers);
  if (!Number.isInteger(workers) || workers < 1)
    throw usage('--workers must be a whole number ≥ 1');
  const seasons = parseSeasons(opts.season);
  const method = parseMethod(opts.method);
  const fillGaps = parseFillGaps(opts.fillGaps);
  const started = Date.now();
  const r = await forecastFile({
    input,
    output: opts.out,
    horizon: parseHorizon(opts.horizon, 0, true),
    concurrency: workers,
    ...(seasons ? { seasons } : {}),
    ...(method ? { method } : {}),
    ...(fillGaps ? { fillGaps } : {}),
  });
  const seconds = (Date.now() - started) / 1000;
  if (c.out.json) return c.out.data({ ...r, out: opts.out, seconds });
  c.out.line(
    `${r.series.toLocaleString('en-US')} series forecast (${r.rows.toLocaleString('en-US')} rows) in ${seconds.toFixed(1)} s → ${opts.out}`,
  );
  c.out.line(
    `models: ${Object.entries(r.models)
      .map(([k, v]) => `${k} ×${v}`)
      .join(', ')}`,
  );
}

function printSlice(c: CommandContext, f: QueryForecast) {
  const { out } = c;
  const where = f.filters.length
    ? ` where ${f.filters.map((x) => `${x.dimension}=${Array.isArray(x.value) ? x.value.join('|') : (x.value ?? '')}`).join(', ')}`
    : '';
  if (!f.asOf) {
    out.line(`No ${f.metric}${where} in the store: nothing to forecast.`);
    return;
  }
  out.line(`${f.metric}${where} — actuals through ${f.asOf}, model ${f.model}`);
  for (const a of f.adjustments) out.line(`  · ${a}`);
  out.line();
  out.table(
    ['period', 'from', 'actual to date', 'forecast rest', 'projected', '80 %', '95 %'],
    f.projections.map((p) => [
      p.period,
      p.start,
      money(p.actualToDate),
      money(p.forecastRemainder),
      money(p.projected),
      `${money(p.lo80)} – ${money(p.hi80)}`,
      `${money(p.lo95)} – ${money(p.hi95)}`,
    ]),
  );
  out.line();
  const weekly = f.forecast.length > 31;
  const rows: (readonly unknown[])[] = [];
  const fmt = (v: number) => money(v.toFixed(2));
  for (let i = 0; i < f.forecast.length; i += weekly ? 7 : 1) {
    const chunk = f.forecast.slice(i, i + (weekly ? 7 : 1));
    const sum = (k: 'mean' | 'lo80' | 'hi80' | 'lo95' | 'hi95') =>
      chunk.reduce((s, p) => s + p[k], 0);
    rows.push([
      weekly ? `${chunk[0]!.date} +${chunk.length}d` : chunk[0]!.date,
      fmt(sum('mean')),
      `${fmt(sum('lo80'))} – ${fmt(sum('hi80'))}`,
      `${fmt(sum('lo95'))} – ${fmt(sum('hi95'))}`,
    ]);
  }
  out.table([weekly ? 'week from' : 'day', 'forecast', '80 %', '95 %'], rows);
  if (f.accuracy) {
    out.line();
    printBacktest(c, f.accuracy);
  }
}

function printBacktest(c: CommandContext, r: BacktestReport) {
  const pct = (v: number) => `${(100 * v).toFixed(0)} %`;
  c.out.line(
    `Backtest of ${r.method} over ${r.forecasts} forecast(s) of ${r.horizon} steps (${r.folds} origins):`,
  );
  c.out.table(
    ['method', 'sMAPE', 'MASE', 'OWA', '80 % coverage', '95 % coverage'],
    [
      [
        r.method,
        r.smape.toFixed(2),
        r.mase.toFixed(3),
        r.owa.toFixed(3),
        pct(r.coverage80),
        pct(r.coverage95),
      ],
      [
        'naive2',
        r.naive2.smape.toFixed(2),
        r.naive2.mase.toFixed(3),
        '1.000',
        pct(r.naive2.coverage80),
        pct(r.naive2.coverage95),
      ],
    ],
  );
}
