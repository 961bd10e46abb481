/**
 * Forecast accuracy as the M4 competition scores it: sMAPE, MASE (scaled by the in-sample
 * seasonal-naive error), OWA relative to Naive2, plus empirical interval coverage. Averages are
 * taken over series first, then OWA is formed from the averages — M4's definition.
 */

/** Symmetric MAPE in percent (0–200); a step where actual and forecast are both 0 counts 0. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const f = forecast[i] as number;
    const d = Math.abs(a) + Math.abs(f);
    s += d === 0 ? 0 : Math.abs(a - f) / d;
  }
  return (200 * s) / actual.length;
}

/**
 * Mean absolute scaled error; the scale is the in-sample mean |y_t − y_{t−m}| (m = 1 when the
 * history is not longer than m). Undefined when that scale is zero (a constant history).
 */
export function mase(
  insample: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
  m: number,
): number | undefined {
  const lag = m > 1 && insample.length > m ? m : 1;
  let scale = 0;
  for (let t = lag; t < insample.length; t++)
    scale += Math.abs((insample[t] as number) - (insample[t - lag] as number));
  scale /= Math.max(1, insample.length - lag);
  if (!(scale > 0)) return undefined;
  let e = 0;
  for (let i = 0; i < actual.length; i++)
    e += Math.abs((actual[i] as number) - (forecast[i] as number));
  return e / actual.length / scale;
}

/** Share of actuals inside [lo, hi]. */
export function coverage(
  actual: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
): number {
  let inside = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    if (a >= (lo[i] as number) && a <= (hi[i] as number)) inside++;
  }
  return actual.length === 0 ? 0 : inside / actual.length;
}

/** Overall weighted average: mean of sMAPE and MASE ratios to Naive2's. 1 = as good as Naive2. */
export function owa(
  method: { smape: number; mase: number },
  naive2: { smape: number; mase: number },
): number {
  // Undefined (NaN) when Naive2 was perfect: no ratio to report.
  if (!(naive2.smape > 0) || !(naive2.mase > 0)) return Number.NaN;
  return 0.5 * (method.smape / naive2.smape + method.mase / naive2.mase);
}

/** Running means of the scores over many forecasts. */
export class AccuracyTally {
  private n = 0;
  private nMase = 0;
  private sums = { smape: 0, mase: 0, c80: 0, c95: 0 };

  add(s: { smape: number; mase: number | undefined; coverage80: number; coverage95: number }) {
    this.n++;
    this.sums.smape += s.smape;
    this.sums.c80 += s.coverage80;
    this.sums.c95 += s.coverage95;
    if (s.mase !== undefined) {
      this.nMase++;
      this.sums.mase += s.mase;
    }
  }

  get count(): number {
    return this.n;
  }

  summary(): { smape: number; mase: number; coverage80: number; coverage95: number } {
    const d = Math.max(1, this.n);
    return {
      smape: this.sums.smape / d,
      mase: this.sums.mase / Math.max(1, this.nMase),
      coverage80: this.sums.c80 / d,
      coverage95: this.sums.c95 / d,
    };
  }
}
