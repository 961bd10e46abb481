/**
 * The detector: a robust, causal seasonal model over one series (Holt–Winters with damped trend,
 * multiplicative weekly/daily factors, additive month-start/month-end effects, Huber-clipped
 * updates, re-levelling after a run of same-direction anomalies; calendar holidays scored with a
 * wider band and never learnt from). Point t's score uses points < t
 * only, so appending data never changes earlier scores. Not here: storage, money, thresholds per
 * monitor (the caller passes params). Tight loops over typed arrays: ~millions of points per second.
 */
import type { DetectorParams } from './detector-params.ts';
import { DEFAULT_PARAMS } from './detector-params.ts';
import { seasonBuckets } from './season-buckets.ts';
import type { SeasonBuckets } from './season-buckets.ts';

/** SD of a normal ≈ 1.2533 × its mean absolute deviation. */
const MAD_TO_SD = 1.2533;
/**
 * Points before the first score, at least: eight weeks of daily data. With less, the weekday
 * factors have been seen a handful of times and the first weeks of a new account page people
 * about the model, not the bill.
 */
const MIN_WARMUP = 56;
/** Times a month position must have been seen before it is scored (its effect is a mean of two). */
const MONTH_POSITION_WARMUP = 2;
/** Months in a row a month position must be off, same direction, before it is re-seated. */
const MONTH_SHIFT_RUN = 2;
/** Seasonal factors below this carry too little signal to update the level from. */
const MIN_LEVEL_FACTOR = 0.15;
/** Cycles in a row a bucket must be off, same direction, before its factor is re-seated. */
const BUCKET_SHIFT_RUN = 3;
/** Month-position classes (see season-buckets.ts), 0 = ordinary. */
const MONTH_POSITIONS = 6;

export interface SeriesScores {
  /** The model's expected value per point (NaN before the model is initialised). */
  expected: Float64Array;
  /** The band: expected ∓ zThreshold × scale. */
  lower: Float64Array;
  upper: Float64Array;
  /** Signed (actual − expected) / scale; 0 during warm-up. */
  z: Float64Array;
  /** In [0, 1]; 0.5 exactly at the z threshold. */
  score: Float64Array;
  /** 1 = anomalous (past the z threshold and both floors), 0 otherwise. */
  isAnomaly: Uint8Array;
  /** Index of the first scored point (earlier points are warm-up). */
  warmup: number;
}

/** Maps |z| to [0, 1): 0.5 at the threshold, → 1 fast beyond it. */
export function scoreOf(absZ: number, zThreshold: number): number {
  const r = absZ / zThreshold;
  return 1 - Math.pow(2, -r * r);
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Scores every point of a series (timestamps ascending, epoch ms).
 * @example
 * const s = scoreSeries(values, times, { zThreshold: 4 });
 * s.isAnomaly[i] === 1 // point i is anomalous; s.expected[i] and s.lower/upper give the band
 */
export function scoreSeries(
  values: Float64Array,
  timesMs: Float64Array,
  params: Partial<DetectorParams> = {},
  buckets: SeasonBuckets = seasonBuckets(timesMs),
): SeriesScores {
  const p = { ...DEFAULT_PARAMS, ...params };
  const n = values.length;
  const expected = new Float64Array(n).fill(NaN);
  const lower = new Float64Array(n).fill(NaN);
  const upper = new Float64Array(n).fill(NaN);
  const z = new Float64Array(n);
  const score = new Float64Array(n);
  const isAnomaly = new Uint8Array(n);
  const init = Math.min(Math.max(buckets.cyclePoints, 3), n);
  // Two cycles, and never less than eight weeks of daily data: seasonality needs that much.
  const warmup = Math.min(Math.max(2 * Math.max(buckets.cyclePoints, 3), MIN_WARMUP), n);
  if (n === 0 || init >= n) return { expected, lower, upper, z, score, isAnomaly, warmup: n };

  const { bucket, monthPosition, holiday } = buckets;
  // Initialise from the first cycle, robustly: level = median, factors = bucket medians / level.
  // Month-position days (fees, true-ups) are left out: they would poison their weekday's factor.
  const ordinary: number[] = [];
  for (let i = 0; i < init; i++) if (monthPosition[i] === 0) ordinary.push(values[i]!);
  let level = median(ordinary.length > 0 ? ordinary : Array.from(values.subarray(0, init)));
  let trend = 0;
  const season = new Float64Array(buckets.bucketCount).fill(1);
  let useSeason = level > 0;
  /**
   * A series that began at zero has no seasonal pattern to learn until it has a level. When its
   * first level shift arrives (the scope's first real spend), each bucket's factor is taken from
   * its first point over the next cycle, which is not scored: one cycle is all a new pattern gets.
   */
  let rewarmUntil = -1;
  const fresh = new Uint8Array(buckets.bucketCount);
  /** Points each re-warmed bucket has seen: its factor is their running mean until 1/n < gamma. */
  const seasonN = new Uint16Array(buckets.bucketCount);
  if (useSeason) {
    const byBucket = new Map<number, number[]>();
    for (let i = 0; i < init; i++) {
      if (monthPosition[i] !== 0) continue;
      const list = byBucket.get(bucket[i]!) ?? [];
      list.push(values[i]!);
      byBucket.set(bucket[i]!, list);
    }
    for (const [b, list] of byBucket) season[b] = Math.max(median(list) / level, 0);
  }
  const monthEffect = new Float64Array(MONTH_POSITIONS);
  /** Times each month position has been seen (capped). */
  const monthSeen = new Uint8Array(MONTH_POSITIONS);
  const monthLast = new Float64Array(MONTH_POSITIONS);
  const monthRun = new Int8Array(MONTH_POSITIONS);
  /** The last raw effect each position showed, unclipped: last month's surprise. */
  const monthRaw = new Float64Array(MONTH_POSITIONS);
  for (let i = 0; i < init; i++) {
    const mp = monthPosition[i]!;
    if (mp > 0) {
      monthEffect[mp] = values[i]! - level * (useSeason ? season[bucket[i]!]! : 1);
      monthLast[mp] = monthEffect[mp]!;
      monthSeen[mp] = Math.min(monthSeen[mp]! + 1, 255);
    }
  }
  // Same-direction anomaly runs per seasonal bucket: a weekday whose pattern changed.
  const bucketRun = new Int32Array(buckets.bucketCount);
  let scale = 0;
  const warmResiduals: number[] = [];
  let runSign = 0;
  let runLen = 0;
  let runSum = 0;
  const zT = p.zThreshold;

  for (let t = init; t < n; t++) {
    const y = values[t]!;
    const k = bucket[t]!;
    const mp = monthPosition[t]!;
    if (t <= rewarmUntil && fresh[k] === 1 && level > 1e-9) {
      fresh[k] = 0;
      const seen = mp > 0 && monthSeen[mp] ? monthEffect[mp]! : 0;
      season[k] = Math.max(0, (y - seen) / level);
    }
    const s = useSeason ? season[k]! : 1;
    const base = level + p.phi * trend;
    const seasonal = base * s;
    const month = mp > 0 && monthSeen[mp] ? monthEffect[mp]! : 0;
    const yHat = seasonal + month;
    const r = y - yHat;
    const isHoliday = holiday[t] === 1;
    let relFloor = mp > 0 ? Math.max(p.relScaleFloor, p.monthRelScaleFloor) : p.relScaleFloor;
    if (isHoliday) relFloor = Math.max(relFloor, p.holidayRelScaleFloor);
    const sigma = Math.max(scale, relFloor * Math.abs(yHat), 1e-9);
    expected[t] = yHat;
    lower[t] = yHat - zT * sigma;
    upper[t] = yHat + zT * sigma;

    let anomalousZ = false;
    // The first month start or month end the model meets defines that position's effect; it is
    // scored only once its effect has been seen MONTH_POSITION_WARMUP times.
    const firstOfItsKind = mp > 0 && !monthSeen[mp];
    const positionWarm = mp === 0 || monthSeen[mp]! >= MONTH_POSITION_WARMUP;
    if (t >= warmup && t > rewarmUntil && positionWarm) {
      const zt = r / sigma;
      const az = Math.abs(zt);
      z[t] = zt;
      score[t] = scoreOf(az, zT);
      anomalousZ = az >= zT;
      const absR = Math.abs(r);
      // Last month this position was off the same way and this month repeats it (credits ran
      // out, a new fee): that is the new normal arriving, already reported once, not a new surprise.
      const repeats =
        mp > 0 &&
        Math.sign(monthRun[mp]!) === Math.sign(r) &&
        Math.abs(y - seasonal - monthRaw[mp]!) < zT * sigma;
      if (
        anomalousZ &&
        !repeats &&
        absR >= p.minAbsolute &&
        absR >= p.minRelative * Math.abs(yHat)
      ) {
        isAnomaly[t] = 1;
      }
    }

    // Update the state with a clipped residual so one spike cannot drag the model.
    const warming = t < warmup;
    // A holiday says nothing about ordinary days: learning its dip would flag the return to work.
    if (isHoliday && !warming) continue;
    const bound = p.clip * sigma;
    const rc = warming ? r : r > bound ? bound : r < -bound ? -bound : r;
    const yClean = yHat + rc;
    // A bucket whose factor is near zero (weekends off) says little about the level, and a month
    // position seen for the first time defines its own effect: neither moves the level.
    if ((!useSeason || s >= MIN_LEVEL_FACTOR) && !firstOfItsKind) {
      const deseason = useSeason ? (yClean - month) / s : yClean - month;
      const newLevel = p.alpha * deseason + (1 - p.alpha) * base;
      trend = p.beta * (newLevel - level) + (1 - p.beta) * p.phi * trend;
      level = newLevel;
    }
    if (useSeason && level > 1e-9 && !firstOfItsKind) {
      const ratio = (yClean - month) / level;
      let rate = p.gamma;
      if (seasonN[k]! > 0) {
        seasonN[k] = seasonN[k]! + 1;
        rate = Math.max(p.gamma, 1 / seasonN[k]!);
        if (1 / seasonN[k]! < p.gamma) seasonN[k] = 0;
      }
      season[k] = Math.max(0, rate * ratio + (1 - rate) * s);
    }
    if (mp > 0) {
      // Month effects come once a month: the mean of the last two follows a fee that starts or
      // grows within two months (a smoother would take a year) and halves one month's noise.
      // Once the position is known, its new value is clipped like every other update, so a spike
      // that happens to cover a month end is not learnt as next month's expectation.
      // Off in the same direction MONTH_SHIFT_RUN months running (credits ran out, a new fee), the
      // position is re-seated at its latest value instead.
      const raw = y - seasonal;
      monthRaw[mp] = raw;
      const known = monthSeen[mp]! >= MONTH_POSITION_WARMUP;
      const prev = monthEffect[mp]!;
      const offSign = anomalousZ ? Math.sign(r) : 0;
      monthRun[mp] =
        offSign === 0
          ? 0
          : Math.sign(monthRun[mp]!) === offSign
            ? monthRun[mp]! + offSign
            : offSign;
      const reseat = Math.abs(monthRun[mp]!) >= MONTH_SHIFT_RUN;
      if (reseat) monthRun[mp] = 0;
      const latest = known && !reseat ? Math.min(Math.max(raw, prev - bound), prev + bound) : raw;
      if (reseat) monthLast[mp] = raw;
      monthEffect[mp] = monthSeen[mp] ? (latest + monthLast[mp]!) / 2 : latest;
      monthLast[mp] = latest;
      monthSeen[mp] = Math.min(monthSeen[mp]! + 1, 255);
    }
    if (warming) {
      warmResiduals.push(Math.abs(r));
      // Median |residual| × 1.4826 estimates the SD without letting a warm-up outlier inflate it.
      if (t === warmup - 1) scale = 1.4826 * median(warmResiduals);
    } else {
      const ar = Math.abs(rc);
      scale = (1 - p.scaleAlpha) * scale + p.scaleAlpha * MAD_TO_SD * ar;
    }

    // A run of same-direction anomalies is a level shift: accept the new level.
    const sign = anomalousZ ? Math.sign(r) : 0;
    // Without seasonality (a series that began at zero) the point itself is the level.
    const deseasonRaw = !useSeason ? y - month : s >= MIN_LEVEL_FACTOR ? (y - month) / s : NaN;
    if (sign !== 0 && sign === runSign && !Number.isNaN(deseasonRaw)) {
      runLen++;
      runSum += deseasonRaw;
    } else if (sign !== 0 && !Number.isNaN(deseasonRaw)) {
      runSign = sign;
      runLen = 1;
      runSum = deseasonRaw;
    } else if (sign === 0) {
      runSign = 0;
      runLen = 0;
      runSum = 0;
    }
    if (runLen >= p.levelShiftRun) {
      level = runSum / runLen;
      trend = 0;
      if (!useSeason && level > 0 && buckets.bucketCount > 1) {
        useSeason = true;
        rewarmUntil = t + buckets.cyclePoints;
        fresh.fill(1);
        seasonN.fill(1);
        // Nothing is known of the new series' noise yet: start the band at 10 % of its level.
        scale = Math.max(scale, 0.1 * level);
      }
      runSign = 0;
      runLen = 0;
      runSum = 0;
    }
    // The same weekday (or hour) off in the same direction several cycles running: re-seat it.
    if (mp === 0) {
      bucketRun[k] =
        sign === 0 ? 0 : Math.sign(bucketRun[k]!) === sign ? bucketRun[k]! + sign : sign;
      if (Math.abs(bucketRun[k]!) >= BUCKET_SHIFT_RUN && useSeason && level > 1e-9) {
        season[k] = Math.max(0, y / level);
        bucketRun[k] = 0;
      }
    }
  }
  return { expected, lower, upper, z, score, isAnomaly, warmup };
}
