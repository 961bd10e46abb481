/** Forecasting's public surface: models over plain series, slices of spend, files, backtests. */
export { forecastSeries } from './forecast-series.ts';
export type { ForecastSeriesOptions, SeriesForecast } from './forecast-series.ts';
export { forecastQuery } from './forecast-query.ts';
export type {
  ForecastPoint,
  ForecastQueryOptions,
  ForecastSlice,
  QueryForecast,
} from './forecast-query.ts';
export { forecastFile, FORECAST_FILE_HEADER } from './forecast-file.ts';
export type { ForecastFileOptions, ForecastFileResult } from './forecast-file.ts';
export { readSeriesCsv } from './series-csv.ts';
export type { LongSeries, ReadSeriesOptions } from './series-csv.ts';
export { backtest } from './backtest.ts';
export type { BacktestOptions, BacktestReport, BacktestScores } from './backtest.ts';
export { coverage, mase, owa, smape } from './accuracy.ts';
export { addDays, periodBounds, projectMonths, projectPeriod } from './period-projection.ts';
export type { PeriodKind, PeriodProjection } from './period-projection.ts';
export { FORECAST_METHODS } from './types.ts';
export type { ForecastBand, ForecastMethod, ModelForecast } from './types.ts';
export { seededRandom } from './seeded-random.ts';
