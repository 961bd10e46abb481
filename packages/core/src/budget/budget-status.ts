/**
 * Where a budget stands in its current period: exact actual to date, forecast at period end
 * (actual for complete days + forecast for the rest, with 80/95 % bands), both as percentages of
 * the amount, and which thresholds are crossed. Reads data only through forecastQuery (and so the
 * semantic layer).
 */
import { addDec, decToNumber, fromNumber } from '../anomaly/decimal.ts';
import { forecastQuery } from '../forecast/forecast-query.ts';
import type { ForecastQueryOptions } from '../forecast/forecast-query.ts';
import { periodBounds } from '../forecast/period-projection.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { scopeFilters } from './budget-scope.ts';
import type { Budget } from './budget-store.ts';

export type BudgetState = 'ok' | 'warning' | 'forecast_over' | 'over';

export interface ThresholdCrossing {
  kind: 'actual' | 'forecast';
  thresholdPct: number;
  valuePct: number;
}

export interface BudgetStatus {
  budget: Budget;
  /** The budget period evaluated: [start, end) ISO dates. */
  periodStart: string;
  periodEnd: string;
  /** Last day with data (null when the scope has none). */
  dataThrough: string | null;
  /** Exact spend in the period so far. */
  actual: string;
  /** Expected spend at period end, with bands (decimal strings, cents). */
  forecast: { mean: string; lo80: string; hi80: string; lo95: string; hi95: string };
  actualPct: number;
  forecastPct: number;
  crossed: ThresholdCrossing[];
  state: BudgetState;
  model: string;
  adjustments: string[];
}

/**
 * Evaluates one budget for the period containing `now`.
 * @example (await budgetStatus(wh, budget, { now: new Date('2025-04-15') })).state // 'forecast_over'
 */
export async function budgetStatus(
  wh: Warehouse,
  budget: Budget,
  opts: { now?: Date; forecast?: Omit<ForecastQueryOptions, 'horizonDays' | 'accuracy'> } = {},
): Promise<BudgetStatus> {
  const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const { start, end } = periodBounds(today, budget.period);
  // One forecast long enough to reach period end even when data lags by up to a year.
  const horizonDays = Math.min(
    1100,
    Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 366,
  );
  const f = await forecastQuery(
    wh,
    { metric: budget.metric, filters: scopeFilters(budget.scope) },
    { ...opts.forecast, horizonDays },
  );
  let actual = '0';
  let completeActual = '0';
  for (const h of f.history) {
    if (h.date < start || h.date >= end) continue;
    actual = addDec(actual, h.value);
    if (f.asOf && h.date <= f.asOf) completeActual = addDec(completeActual, h.value);
  }
  const rest = { mean: 0, lo80: 0, hi80: 0, lo95: 0, hi95: 0 };
  for (const p of f.forecast) {
    if (p.date < start || p.date >= end) continue;
    rest.mean += p.mean;
    rest.lo80 += p.lo80;
    rest.hi80 += p.hi80;
    rest.lo95 += p.lo95;
    rest.hi95 += p.hi95;
  }
  const at = (x: number) => addDec(completeActual, fromNumber(x));
  const forecast = {
    mean: at(rest.mean),
    lo80: at(rest.lo80),
    hi80: at(rest.hi80),
    lo95: at(rest.lo95),
    hi95: at(rest.hi95),
  };
  const amount = decToNumber(budget.amount);
  const actualPct = (100 * decToNumber(actual)) / amount;
  // A forecast never shows less than what is already spent.
  const forecastPct = Math.max(actualPct, (100 * decToNumber(forecast.mean)) / amount);
  const crossed: ThresholdCrossing[] = [
    ...budget.actualThresholdsPct
      .filter((t) => actualPct >= t)
      .map((t) => ({ kind: 'actual' as const, thresholdPct: t, valuePct: actualPct })),
    ...budget.forecastThresholdsPct
      .filter((t) => forecastPct >= t)
      .map((t) => ({ kind: 'forecast' as const, thresholdPct: t, valuePct: forecastPct })),
  ];
  const state: BudgetState =
    actualPct >= 100
      ? 'over'
      : crossed.some((c) => c.kind === 'forecast')
        ? 'forecast_over'
        : crossed.length > 0
          ? 'warning'
          : 'ok';
  return {
    budget,
    periodStart: start,
    periodEnd: end,
    dataThrough: f.history.at(-1)?.date ?? null,
    actual,
    forecast,
    actualPct,
    forecastPct,
    crossed,
    state,
    model: f.model,
    adjustments: f.adjustments,
  };
}
