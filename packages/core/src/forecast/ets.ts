/**
 * Exponential smoothing in state-space form with additive errors: SES (A,N,N), Holt (A,A,N),
 * damped trend (A,Ad,N) and their additive-seasonal versions, fitted by minimising the sum of
 * squared one-step errors (Nelder–Mead), with analytic prediction variances
 * σ²·(1 + Σ c_j²), c_j = α + β·φ_j + γ·[j mod m = 0]  (Hyndman et al., class 1).
 * Multiplicative seasonality is handled above this module by deseasonalizing first.
 */
import { nelderMead } from './nelder-mead.ts';
import { linearTrend, mean } from './series-stats.ts';
import type { ModelForecast } from './types.ts';

export type EtsTrend = 'N' | 'A' | 'Ad';
export interface EtsSpec {
  trend: EtsTrend;
  /** Additive season of period m, or none. */
  seasonal: boolean;
  m: number;
}

export interface EtsFit {
  spec: EtsSpec;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  sse: number;
  /** The minimised criterion: mean over 1…`steps` of the summed squared h-step errors. */
  criterion: number;
  /** Steps ahead the criterion covers (1: one-step SSE). */
  steps: number;
  n: number;
  /** Number of estimated quantities (parameters + initial states), for AICc. */
  k: number;
  aicc: number;
  sigma2: number;
  level: number;
  trend: number;
  /** Final seasonal states; `season[j]` applies to forecast step h when (h − 1) % m === j. */
  season: number[];
}

const sig = (v: number) => 1 / (1 + Math.exp(-v));

export interface EtsFitOptions {
  /**
   * Fit the smoothing parameters to the mean squared error over 1…`steps` steps ahead (Hyndman
   * et al.'s AMSE) instead of one step (the default, 1). Variance still uses one-step
   * errors; AICc uses the fitted criterion, so models are compared on what they were fitted
   * to. See `autoEts` for why seasonal fits use one cycle.
   */
  steps?: number;
  /** Start the search from this fit's parameters (same spec), e.g. the one-step fit. */
  from?: EtsFit;
}

/** Fits one ETS model; undefined when the series is too short for it. */
export function fitEts(
  xs: readonly number[],
  spec: EtsSpec,
  opts: EtsFitOptions = {},
): EtsFit | undefined {
  const n = xs.length;
  const m = spec.seasonal ? spec.m : 1;
  const hasTrend = spec.trend !== 'N';
  const damped = spec.trend === 'Ad';
  const nParams = 1 + (hasTrend ? 1 : 0) + (damped ? 1 : 0) + (spec.seasonal ? 1 : 0);
  const k = nParams + 1 + (hasTrend ? 1 : 0) + (spec.seasonal ? m - 1 : 0) + 1;
  if (n < Math.max(3, k + 2) || (spec.seasonal && (m < 2 || n < 2 * m))) return undefined;
  const init = initialStates(xs, spec);
  const y = Float64Array.from(xs);
  const s0 = Float64Array.from(init.season);
  const seasonBuf = new Float64Array(m);
  // Multi-step errors use the season states as they stand at t, so at most one cycle ahead.
  const steps = Math.max(1, Math.min(Math.floor(opts.steps ?? 1), spec.seasonal ? m : Infinity));
  const phiSums = new Float64Array(steps + 1);
  const windows = !spec.seasonal && steps > 1 ? forwardWindows(y, steps) : undefined;
  const q1 = new Float64Array(steps + 1);
  const q2 = new Float64Array(steps + 1);
  const bSums = new Float64Array(n + 1);

  const unpack = (p: number[]) => {
    const alpha = 0.0001 + 0.9998 * sig(p[0] as number);
    const beta = hasTrend ? alpha * 0.999 * sig(p[1] as number) : 0;
    const phi = damped ? 0.8 + 0.18 * sig(p[2] as number) : 1;
    const gamma = spec.seasonal ? (1 - alpha) * 0.999 * sig(p[nParams - 1] as number) : 0;
    return { alpha, beta, gamma, phi };
  };
  const run = (alpha: number, beta: number, gamma: number, phi: number) => {
    let l = init.level;
    let b = init.trend;
    seasonBuf.set(s0);
    let sse = 0;
    let amse = 0;
    for (let h = 1, p = 1; h <= steps; h++) {
      p *= phi;
      phiSums[h] = phiSums[h - 1]! + p;
      q1[h] = q1[h - 1]! + phiSums[h]!;
      q2[h] = q2[h - 1]! + phiSums[h]! ** 2;
    }
    if (windows) {
      // B(t) = Σ_h P_h·ỹ_{t+h−1}, P_h = φ + … + φ^h, by B(t) = φ·(A1(t) + B(t+1) − P_k·ỹ_{t+k}).
      const { yc, a1 } = windows;
      const pk = phiSums[steps]!;
      for (let t = n - 1; t >= 0; t--) {
        const beyond = t + steps < n ? (yc[t + steps] as number) : 0;
        bSums[t] = phi * ((a1[t] as number) + (bSums[t + 1] as number) - pk * beyond);
      }
    }
    for (let t = 0; t < n; t++) {
      const j = t % m;
      const s = spec.seasonal ? (seasonBuf[j] as number) : 0;
      const e = (y[t] as number) - (l + phi * b + s);
      sse += e * e;
      if (windows) {
        // Σ_h (ỹ_{t+h−1} − l̃ − P_h·b)² expanded over the precomputed window sums: O(1) per t.
        const c = Math.min(steps, n - t);
        const lc = l - windows.mu;
        amse +=
          (windows.a2[t] as number) -
          2 * lc * (windows.a1[t] as number) -
          2 * b * (bSums[t] as number) +
          c * lc * lc +
          2 * lc * b * (q1[c] as number) +
          b * b * (q2[c] as number);
      }
      for (let h = 2; !windows && h <= steps && t + h - 1 < n; h++) {
        const sh = spec.seasonal ? (seasonBuf[(t + h - 1) % m] as number) : 0;
        const eh = (y[t + h - 1] as number) - (l + phiSums[h]! * b + sh);
        amse += eh * eh;
      }
      const lNew = l + phi * b + alpha * e;
      b = phi * b + beta * e;
      l = lNew;
      if (spec.seasonal) seasonBuf[j] = s + gamma * e;
    }
    const total = windows ? Math.max(0, amse) : sse + amse;
    return { sse, objective: total / steps, l, b };
  };
  const start = opts.from ? packed(opts.from, nParams) : [-1.5, -2, 1.5, -2].slice(0, nParams);
  if (spec.seasonal && !opts.from) start[nParams - 1] = -2.5;
  const budget = Math.round((40 + 50 * nParams) / (opts.from ? 3 : 1));
  const opt = nelderMead(
    (p) => {
      const u = unpack(p);
      return run(u.alpha, u.beta, u.gamma, u.phi).objective;
    },
    start,
    // From a nearby fit a third of the budget reaches the same accuracy (M4 Weekly, demo cost).
    { maxEvals: budget, tolerance: 1e-7, step: opts.from ? 0.5 : 1 },
  );
  const { alpha, beta, gamma, phi } = unpack(opt.x);
  const fin = run(alpha, beta, gamma, phi);
  // After the run the buffer holds states by position t % m; re-align to forecast steps.
  const season = Array.from({ length: m }, (_, j) => (spec.seasonal ? seasonBuf[(n + j) % m]! : 0));
  // Models are compared on the criterion they were fitted to (one-step SSE unless `steps`).
  const sse = Math.max(fin.objective, 1e-12 * n);
  const logLik = -0.5 * n * Math.log(sse / n);
  const aicc = -2 * logLik + 2 * k + (2 * k * (k + 1)) / Math.max(1, n - k - 1);
  return {
    spec,
    alpha,
    beta,
    gamma,
    phi,
    sse: fin.sse,
    criterion: fin.objective,
    steps,
    n,
    k,
    aicc,
    sigma2: fin.sse / Math.max(1, n - nParams),
    level: fin.l,
    trend: fin.b,
    season,
  };
}

/**
 * The multi-step criterion of a fit recomputed directly, h by h (O(n·steps)): what `fitEts`
 * minimises, for checking the O(n) form non-seasonal fits use.
 */
export function multiStepCriterion(xs: readonly number[], fit: EtsFit): number {
  const { spec, alpha, beta, gamma, phi, steps } = fit;
  const m = spec.seasonal ? spec.m : 1;
  const init = initialStates(xs, spec);
  const season = [...init.season];
  let l = init.level;
  let b = init.trend;
  let total = 0;
  for (let t = 0; t < xs.length; t++) {
    let damp = 0;
    for (let h = 1; h <= steps && t + h - 1 < xs.length; h++) {
      damp += phi ** h;
      const s = spec.seasonal ? (season[(t + h - 1) % m] as number) : 0;
      total += ((xs[t + h - 1] as number) - (l + damp * b + s)) ** 2;
    }
    const j = t % m;
    const s = spec.seasonal ? (season[j] as number) : 0;
    const e = (xs[t] as number) - (l + phi * b + s);
    const lNew = l + phi * b + alpha * e;
    b = phi * b + beta * e;
    l = lNew;
    if (spec.seasonal) season[j] = s + gamma * e;
  }
  return total / steps;
}

/** Point forecasts and analytic error scale from a fit. */
export function forecastEts(fit: EtsFit, horizon: number): ModelForecast {
  const { alpha, beta, gamma, phi, spec } = fit;
  const m = spec.seasonal ? spec.m : 1;
  const mean: number[] = [];
  const sigma: number[] = [];
  let phiSum = 0;
  let varSum = 0;
  for (let h = 1; h <= horizon; h++) {
    phiSum += phi ** h;
    const s = spec.seasonal ? (fit.season[(h - 1) % m] as number) : 0;
    mean.push(fit.level + phiSum * fit.trend + s);
    sigma.push(Math.sqrt(fit.sigma2 * (1 + varSum)));
    // c_h for the next step's variance: α + β·(φ + … + φ^h) + γ·[h mod m = 0].
    const c = alpha + beta * phiSum + (spec.seasonal && h % m === 0 ? gamma : 0);
    varSum += c * c;
  }
  return { model: etsName(spec), mean, sigma, aicc: fit.aicc };
}

/** `ETS(A,Ad,A)`-style name. */
export function etsName(spec: EtsSpec): string {
  return `ETS(A,${spec.trend},${spec.seasonal ? 'A' : 'N'})`;
}

/**
 * Fits the candidate models and keeps the lowest AICc (non-seasonal ones only when m ≤ 1 or
 * the series is shorter than two cycles). With a season m > 1 the parameters are fitted to the
 * errors over one cycle ahead (`steps` = min(horizon, m)), not one step: on smooth hourly data
 * the best one-step predictor extrapolates the last hour's slope (β ≈ α ≈ 1), which one-step
 * AICc then prefers and which runs away over a 48-hour horizon (M4 Hourly OWA 2.12 → 0.90).
 * @example autoEts(series, { m: 7 }).model // e.g. 'ETS(A,Ad,A)'
 */
export function autoEts(
  xs: readonly number[],
  opts: {
    m: number;
    horizon: number;
    trends?: readonly EtsTrend[];
    seasonal?: boolean;
    steps?: number;
  },
): ModelForecast & { fit: EtsFit } {
  const steps = opts.steps ?? (opts.m > 1 ? Math.min(opts.horizon, opts.m) : 1);
  const trends = opts.trends ?? ['N', 'A', 'Ad'];
  const seasonalOptions = opts.seasonal === false || opts.m <= 1 ? [false] : [false, true];
  let best: EtsFit | undefined;
  for (const seasonal of seasonalOptions) {
    for (const trend of trends) {
      const fit = fitEts(xs, { trend, seasonal, m: opts.m }, { steps });
      if (fit && (!best || fit.aicc < best.aicc)) best = fit;
    }
  }
  best ??= fitEts(xs, { trend: 'N', seasonal: false, m: 1 });
  if (!best) throw new Error('autoEts needs at least 4 observations');
  return { ...forecastEts(best, opts.horizon), fit: best };
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

/** The raw (unconstrained) search point of a fit's parameters: the inverse of `unpack`. */
function packed(fit: EtsFit, nParams: number): number[] {
  const raw = [logit((fit.alpha - 0.0001) / 0.9998)];
  if (fit.spec.trend !== 'N') raw.push(logit(fit.beta / (fit.alpha * 0.999)));
  if (fit.spec.trend === 'Ad') raw.push(logit((fit.phi - 0.8) / 0.18));
  if (fit.spec.seasonal) raw.push(logit(fit.gamma / ((1 - fit.alpha) * 0.999)));
  return raw.slice(0, nParams);
}

/**
 * Sums over the window t … t+k−1 (cut at the end) of the centred series ỹ = y − mean and of
 * ỹ², for the O(n) multi-step criterion of non-seasonal models (centred to keep the expanded
 * squares from cancelling).
 */
function forwardWindows(y: Float64Array, k: number) {
  const n = y.length;
  const mu = y.reduce((a, v) => a + v, 0) / n;
  const yc = y.map((v) => v - mu);
  const a1 = new Float64Array(n);
  const a2 = new Float64Array(n);
  let s1 = 0;
  let s2 = 0;
  for (let t = n - 1; t >= 0; t--) {
    const v = yc[t] as number;
    s1 += v;
    s2 += v * v;
    if (t + k < n) {
      const out = yc[t + k] as number;
      s1 -= out;
      s2 -= out * out;
    }
    a1[t] = s1;
    a2[t] = s2;
  }
  return { mu, yc, a1, a2 };
}

function initialStates(xs: readonly number[], spec: EtsSpec) {
  const n = xs.length;
  if (!spec.seasonal) {
    const head = xs.slice(0, Math.min(n, 10));
    if (spec.trend === 'N')
      return { level: mean(xs.slice(0, Math.min(n, 3))), trend: 0, season: [0] };
    const { intercept, slope } = linearTrend(head);
    return { level: intercept - slope, trend: slope, season: [0] };
  }
  const m = spec.m;
  const cycles = Math.min(Math.floor(n / m), 4);
  const cycleMeans = Array.from({ length: cycles }, (_, c) => mean(xs.slice(c * m, (c + 1) * m)));
  const season = new Array<number>(m).fill(0);
  for (let c = 0; c < cycles; c++)
    for (let j = 0; j < m; j++) season[j]! += ((xs[c * m + j] as number) - cycleMeans[c]!) / cycles;
  const slope = cycles >= 2 ? (cycleMeans[cycles - 1]! - cycleMeans[0]!) / ((cycles - 1) * m) : 0;
  const level = (cycleMeans[0] as number) - slope * ((m + 1) / 2);
  return { level, trend: spec.trend === 'N' ? 0 : slope, season };
}
