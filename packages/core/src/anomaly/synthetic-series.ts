/**
 * Seeded synthetic daily cost series for tests and benchmarks: weekly cycle, trend, noise, an
 * optional month-start fee, and planted spikes, drops and level shifts at known days. Not a demo
 * company (that is `generateDemo`); just series with a known truth. Deterministic for a seed.
 */

/** A small, fast, seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform source (Box–Muller). */
export function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export interface PlantedEvent {
  kind: 'spike' | 'drop' | 'level_shift';
  /** Day index where it starts. */
  day: number;
  /** Multiplier applied (spike 1.6 = +60 %; a level shift applies from `day` on). */
  factor: number;
  /** Days a spike/drop lasts (default 1). */
  days?: number;
}

export interface SyntheticOptions {
  seed: number;
  days: number;
  /** Level at day 0 (dollars per day). */
  level?: number;
  /** Relative noise SD (default 0.04). */
  noise?: number;
  /** Weekend factor (default 0.7). */
  weekend?: number;
  /** Relative growth per day (default 0.001). */
  trendPerDay?: number;
  /** Extra dollars on the first day of each month (default 0). */
  monthStartFee?: number;
  events?: readonly PlantedEvent[];
  /** First day, ISO (default 2025-01-06, a Monday). */
  start?: string;
}

export interface SyntheticSeries {
  timesMs: Float64Array;
  values: Float64Array;
  /** 1 on days inside a planted event's first days (spike/drop days; a shift's first day). */
  truth: Uint8Array;
}

/** Generates one series. */
export function syntheticSeries(opts: SyntheticOptions): SyntheticSeries {
  const rand = seededRandom(opts.seed);
  const start = Date.parse(`${opts.start ?? '2025-01-06'}T00:00:00Z`);
  const level = opts.level ?? 1000;
  const noise = opts.noise ?? 0.04;
  const weekend = opts.weekend ?? 0.7;
  const trend = opts.trendPerDay ?? 0.001;
  const timesMs = new Float64Array(opts.days);
  const values = new Float64Array(opts.days);
  const truth = new Uint8Array(opts.days);
  for (let d = 0; d < opts.days; d++) {
    const t = start + d * 86_400_000;
    const date = new Date(t);
    const dow = date.getUTCDay();
    let v = level * (1 + trend * d) * (dow === 0 || dow === 6 ? weekend : 1);
    v *= 1 + noise * normal(rand);
    if (date.getUTCDate() === 1) v += opts.monthStartFee ?? 0;
    for (const e of opts.events ?? []) {
      const len = e.days ?? 1;
      if (e.kind === 'level_shift' ? d >= e.day : d >= e.day && d < e.day + len) v *= e.factor;
      if (d >= e.day && d < e.day + (e.kind === 'level_shift' ? 1 : len)) truth[d] = 1;
    }
    timesMs[d] = t;
    values[d] = Math.max(0, v);
  }
  return { timesMs, values, truth };
}
