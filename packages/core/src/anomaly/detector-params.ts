/**
 * The detector's parameters: one set for every series (no per-series tuning). Smoothing rates for
 * the robust seasonal model, the z threshold that a monitor's feedback scales, and the floors that
 * keep small series quiet. Pure data; `resolveParams` fills defaults and checks ranges.
 */
import { CostLensError } from '../errors.ts';

export interface DetectorParams {
  /** Level smoothing rate (0–1]. */
  alpha: number;
  /** Trend smoothing rate [0–1]. */
  beta: number;
  /** Trend damping per step (0–1]. */
  phi: number;
  /** Seasonal-factor smoothing rate [0–1]. */
  gamma: number;
  /** Smoothing rate of the residual scale (0–1]. */
  scaleAlpha: number;
  /** |residual| / scale at which a point is anomalous (scaled by a monitor's sensitivity). */
  zThreshold: number;
  /** Residuals are clipped to ± clip × scale before they update the model (Huber). */
  clip: number;
  /** This many consecutive same-direction anomalous points mean the level moved: re-level. */
  levelShiftRun: number;
  /** The scale never drops below this fraction of the expected value. */
  relScaleFloor: number;
  /**
   * …and on month-start / month-end days never below this fraction: fees, tax and true-ups there
   * follow the previous month's usage, so they move by a few percent every month.
   */
  monthRelScaleFloor: number;
  /**
   * …and on calendar holidays never below this fraction: staff, CI and batch work pause by
   * amounts no earlier week shows, so the band widens instead of paging on every holiday.
   */
  holidayRelScaleFloor: number;
  /** A point is anomalous only when |actual − expected| ≥ this fraction of |expected|. */
  minRelative: number;
  /** …and ≥ this absolute amount (dollars for cost series): the dollar floor. */
  minAbsolute: number;
}

export const DEFAULT_PARAMS: Readonly<DetectorParams> = Object.freeze({
  alpha: 0.12,
  beta: 0.01,
  phi: 0.9,
  gamma: 0.08,
  scaleAlpha: 0.06,
  zThreshold: 4.5,
  clip: 2.5,
  levelShiftRun: 4,
  relScaleFloor: 0.02,
  monthRelScaleFloor: 0.05,
  holidayRelScaleFloor: 0.1,
  minRelative: 0.1,
  minAbsolute: 0,
});

const RANGES: Record<keyof DetectorParams, [number, number]> = {
  alpha: [0.001, 1],
  beta: [0, 1],
  phi: [0.001, 1],
  gamma: [0, 1],
  scaleAlpha: [0.001, 1],
  zThreshold: [0.5, 100],
  clip: [0.5, 100],
  levelShiftRun: [1, 1000],
  relScaleFloor: [0, 10],
  monthRelScaleFloor: [0, 10],
  holidayRelScaleFloor: [0, 10],
  minRelative: [0, 100],
  minAbsolute: [0, Number.MAX_SAFE_INTEGER],
};

/**
 * Defaults overlaid with `overrides`, each checked against its range.
 * @example resolveParams({ minAbsolute: 50 }).zThreshold // 4.5
 */
export function resolveParams(overrides: Partial<DetectorParams> = {}): DetectorParams {
  const p: DetectorParams = { ...DEFAULT_PARAMS, ...overrides };
  const bad = (Object.keys(RANGES) as (keyof DetectorParams)[]).filter((k) => {
    const [lo, hi] = RANGES[k];
    return !Number.isFinite(p[k]) || p[k] < lo || p[k] > hi;
  });
  if (bad.length > 0) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `detector parameter(s) out of range: ${bad.map((k) => `${k}=${p[k]}`).join(', ')}`,
      hint: bad.map((k) => `${k} must be within [${RANGES[k].join(', ')}]`).join('; '),
    });
  }
  return p;
}
