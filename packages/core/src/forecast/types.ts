/**
 * Shapes shared by every forecasting model: a point path plus 80 % and 95 % prediction intervals.
 * Models work over plain numeric series (oldest first, evenly spaced, no gaps); calendars, slices
 * and money live above this layer. Numbers here are floats — forecasts are estimates, not totals.
 */

/** The output of one model over one series. Every array has length `horizon`. */
export interface ModelForecast {
  /** Model name as reported to users, e.g. `ETS(A,Ad,N)`, `Theta`, `SeasonalNaive(7)`. */
  model: string;
  mean: number[];
  /** Standard deviation of the h-step forecast error, per step (drives the intervals). */
  sigma: number[];
  /** Model selection criterion where the model has one (ETS: AICc). */
  aicc?: number;
}

/** Point forecast with intervals, ready to print or store. */
export interface ForecastBand {
  mean: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
}

/** Forecasting methods a caller may ask for by name. */
export type ForecastMethod =
  | 'auto'
  | 'snaive'
  | 'naive'
  | 'naive2'
  | 'ses'
  | 'holt'
  | 'damped'
  | 'ets'
  | 'theta'
  | 'comb'
  | 'mstl'
  | 'tsb';

export const FORECAST_METHODS: readonly ForecastMethod[] = [
  'auto',
  'snaive',
  'naive',
  'naive2',
  'ses',
  'holt',
  'damped',
  'ets',
  'theta',
  'comb',
  'mstl',
  'tsb',
];
