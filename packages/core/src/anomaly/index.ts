/** Public surface of anomaly detection, re-exported from @costlens/core. */
export { DEFAULT_PARAMS, resolveParams } from './detector-params.ts';
export type { DetectorParams } from './detector-params.ts';
export { scoreSeries, scoreOf } from './score-series.ts';
export type { SeriesScores } from './score-series.ts';
export { DEFAULT_HOLIDAYS, holidayTest, seasonBuckets } from './season-buckets.ts';
export type { SeasonBuckets } from './season-buckets.ts';
export { detectSeriesCsv, parseIsoUtc } from './detect-series-csv.ts';
export type { DetectSeriesCsvResult } from './detect-series-csv.ts';
export { detectAnomalies, monitorParams } from './detect-anomalies.ts';
export type { DetectAnomaliesOptions, DetectionReport } from './detect-anomalies.ts';
export {
  FEEDBACK_EFFECT,
  FEEDBACK_VALUES,
  getAnomaly,
  hourSpan,
  listAnomalies,
  monitorPrecision,
  recordFeedback,
  setAnomalyStatus,
} from './anomaly-store.ts';
export type {
  Anomaly,
  AnomalyStatus,
  Feedback,
  HistoryEntry,
  ListAnomaliesOptions,
  MonitorPrecision,
  RelatedAnomaly,
} from './anomaly-store.ts';
export { groupIncidents, sameIncident } from './group-incidents.ts';
export {
  DEFAULT_MIN_SHARE_OF_TOTAL,
  clearsFloor,
  impactFloorUsd,
  typicalDaily,
} from './impact-floor.ts';
export { SEVERITY_USD, findRuns, severityOf } from './anomaly-runs.ts';
export type { AnomalyRun, BandPoint, AnomalySeverity } from './anomaly-runs.ts';
export {
  DEFAULT_MIN_IMPACT_USD,
  DEFAULT_MIN_RELATIVE,
  MONITOR_GRANULARITIES,
  addMonitor,
  ensureDefaultMonitors,
  getMonitor,
  listMonitors,
  monitorIdFor,
  removeMonitor,
  setMonitorEnabled,
  setSensitivity,
} from './monitors.ts';
export type { AddMonitorInput, Monitor, MonitorGranularity } from './monitors.ts';
export { dataHourRange, hourlySeriesBatch, HOURLY_ROW_SQL } from './hourly-series.ts';
export type { HourlyCoverage, HourlySeriesWithCoverage } from './hourly-series.ts';
export { assignAnomaly, assigneeOf } from './assign-anomaly.ts';
export { rankDrivers, baselineFor, orderDrivers } from './drivers.ts';
export type { Driver, DriverAnalysis, Baseline } from './drivers.ts';
export { priceUsageSplit } from './price-usage-split.ts';
export type { PriceUsageSplit } from './price-usage-split.ts';
export { explainAnomaly, hoursPhrase } from './explain-anomaly.ts';
export { dailySeries, dataDayRange } from './cost-series.ts';
export type { DailySeries } from './cost-series.ts';
export { SCOPE_DIMENSIONS, DRIVER_DIMENSIONS } from './scope-sql.ts';
export { formatUsd, formatSignedUsd } from './decimal.ts';
