/** Public surface of anomaly detection, re-exported from @costlens/core. */
export { DEFAULT_PARAMS, resolveParams } from './detector-params.ts';
export type { DetectorParams } from './detector-params.ts';
export { scoreSeries, scoreOf } from './score-series.ts';
export type { SeriesScores } from './score-series.ts';
export { seasonBuckets } from './season-buckets.ts';
export type { SeasonBuckets } from './season-buckets.ts';
export { detectSeriesCsv, parseIsoUtc } from './detect-series-csv.ts';
export type { DetectSeriesCsvResult } from './detect-series-csv.ts';
