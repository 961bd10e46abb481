/**
 * Forecast any slice of spend: a semantic-layer metric with filters (`effective_cost` where
 * `tag:team=ml`) is read as a daily series through runQuery — never SQL from user text — then
 * forecast with the awkward-series handling on (incomplete last days included), projected to the
 * end of the month, quarter and year, and optionally scored by a rolling-origin backtest so the
 * accuracy travels with the forecast. Days without rows count as zero cost.
 */
import { decToNumber } from '../anomaly/decimal.ts';
import { CostLensError } from '../errors.ts';
import { parseWhere } from '../semantic/parse-compact-query.ts';
import { runQuery } from '../semantic/run-query.ts';
import type { RunQueryOptions } from '../semantic/run-query.ts';
import type { Filter, SemanticQuery, SemanticResult } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { backtest } from './backtest.ts';
import type { BacktestReport } from './backtest.ts';
import { forecastSeries } from './forecast-series.ts';
import { addDays, periodBounds, projectMonths, projectPeriod } from './period-projection.ts';
import type { PeriodKind, PeriodProjection } from './period-projection.ts';
import type { ForecastMethod } from './types.ts';

export interface ForecastSlice {
  /** A semantic metric id, e.g. `effective_cost`. */
  metric: string;
  filters?: readonly Filter[];
  /** Compact filters (`tag:team=ml`, `provider=aws|gcp`), parsed by the semantic layer's rules. */
  where?: readonly string[];
}

export interface ForecastQueryOptions {
  /** Days to forecast after the last complete day (default 90). */
  horizonDays?: number;
  /** Days of history to fit on (default 730). */
  historyDays?: number;
  method?: ForecastMethod;
  /** Score the method on this slice's own history (default false: it costs a few fits). */
  accuracy?: boolean;
  /** Drop incomplete trailing days (default 'auto'). */
  incompleteTail?: 'auto' | number | false;
  /** Query runner (default: the semantic layer's runQuery). */
  run?: (wh: Warehouse, q: SemanticQuery, o?: RunQueryOptions) => Promise<SemanticResult>;
  runOptions?: RunQueryOptions;
}

export interface ForecastPoint {
  date: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface QueryForecast {
  metric: string;
  filters: Filter[];
  /** The last complete day of actuals. */
  asOf: string | null;
  model: string;
  adjustments: string[];
  /** Daily actuals as exact decimal strings. */
  history: { date: string; value: string }[];
  forecast: ForecastPoint[];
  projections: PeriodProjection[];
  /** Each calendar month from the current one through the end of the horizon (chart overlays). */
  months: PeriodProjection[];
  accuracy?: BacktestReport;
  /** The query that read the history, to cite. */
  sql: string;
  params: readonly (string | number | boolean | null)[];
}

/**
 * Forecasts a slice of spend by day.
 * @example await forecastQuery(wh, { metric: 'effective_cost', where: ['tag:team=ml'] }, { horizonDays: 90 })
 */
export async function forecastQuery(
  wh: Warehouse,
  slice: ForecastSlice,
  opts: ForecastQueryOptions = {},
): Promise<QueryForecast> {
  const horizonDays = opts.horizonDays ?? 90;
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > 1100) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `horizon must be between 1 and 1100 days, got ${horizonDays}`,
    });
  }
  const filters = [...(slice.filters ?? []), ...(slice.where ?? []).map(parseWhere)];
  const run = opts.run ?? runQuery;
  const result = await run(
    wh,
    { metric: slice.metric, ...(filters.length ? { filters } : {}), grain: 'day' },
    opts.runOptions,
  );
  const daily = new Map<string, string>();
  for (const r of result.rows) {
    const day = String(r.period ?? '').slice(0, 10);
    const v = r[slice.metric];
    if (!day || v === null || v === undefined) continue;
    daily.set(day, String(v));
  }
  const base = { metric: slice.metric, filters, sql: result.sql, params: result.params };
  if (daily.size === 0) {
    return {
      ...base,
      asOf: null,
      model: 'none',
      adjustments: ['no cost in this slice'],
      history: [],
      forecast: [],
      projections: [],
      months: [],
    };
  }
  const days = [...daily.keys()].sort();
  const last = days.at(-1) as string;
  const first = [days[0] as string, addDays(last, -(opts.historyDays ?? 730) + 1)].sort()[1]!;
  const dates: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) dates.push(d);
  const history = dates.map((date) => ({ date, value: daily.get(date) ?? '0' }));
  const values = history.map((h) => decToNumber(h.value));

  // Forecast far enough to reach the end of the year for the projections.
  const yearEnd = periodBounds(addDays(last, 1), 'year').end;
  const toYearEnd = Math.round((Date.parse(yearEnd) - Date.parse(last)) / 86_400_000);
  const f = forecastSeries(
    { values, dates },
    {
      horizon: Math.max(horizonDays, toYearEnd),
      seasons: [7],
      ...(opts.method ? { method: opts.method } : {}),
      incompleteTail: opts.incompleteTail ?? 'auto',
    },
  );
  const asOf = addDays(last, -f.droppedTail);
  const points: ForecastPoint[] = f.mean.map((mean, i) => ({
    date: addDays(asOf, i + 1),
    mean,
    lo80: f.lo80[i] as number,
    hi80: f.hi80[i] as number,
    lo95: f.lo95[i] as number,
    hi95: f.hi95[i] as number,
  }));
  const complete = new Map(history.filter((h) => h.date <= asOf).map((h) => [h.date, h.value]));
  const projections = (['month', 'quarter', 'year'] as PeriodKind[]).map((p) =>
    projectPeriod(p, asOf, complete, points),
  );
  const out: QueryForecast = {
    ...base,
    asOf,
    model: f.model,
    adjustments: f.adjustments,
    history,
    forecast: points.slice(0, horizonDays + f.droppedTail),
    projections,
    months: projectMonths(asOf, complete, points.slice(0, horizonDays + f.droppedTail)),
  };
  if (opts.accuracy) {
    const kept = values.slice(0, values.length - f.droppedTail);
    out.accuracy = backtest([{ values: kept, dates: dates.slice(0, kept.length) }], {
      horizon: Math.min(horizonDays, 28, Math.floor(kept.length / 4)) || 1,
      seasons: [7],
      folds: 3,
      ...(opts.method ? { method: opts.method } : {}),
    });
  }
  return out;
}
