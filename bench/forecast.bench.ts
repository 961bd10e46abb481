/**
 * `npm run bench:forecast` — forecast accuracy and speed, all measured in one run.
 * 1. Public data: the M4 Hourly subset in bench/data (see SOURCES.md; a Weekly subset is read the
 *    same way when present): each method's sMAPE, MASE, OWA against Naive2 (M4's definitions)
 *    and 80/95 % interval coverage on the official M4 test windows (48 hours).
 * 2. Demo-like cost: synthetic daily team×service spend with a weekly cycle, growth, level
 *    shifts after commitments, month-end charges and intermittent services; 28-day holdout.
 * 3. Speed: BENCH_SERIES (default 10,000) daily series × 400 days through the generic file mode
 *    (read CSV → forecast → write CSV) with BENCH_WORKERS threads (default 2), reported in
 *    seconds and as a ratio to the same pipeline with the naive method (I/O and parsing floor).
 * BENCH_SKIP=speed|accuracy skips a part.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AccuracyTally,
  coverage,
  mase,
  owa,
  smape,
} from '../packages/core/src/forecast/accuracy.ts';
import { backtest } from '../packages/core/src/forecast/backtest.ts';
import { forecastFile } from '../packages/core/src/forecast/forecast-file.ts';
import { forecastSeries } from '../packages/core/src/forecast/forecast-series.ts';
import { seededRandom } from '../packages/core/src/forecast/seeded-random.ts';
import type { ForecastMethod } from '../packages/core/src/forecast/types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const skip = process.env['BENCH_SKIP'] ?? '';

interface Holdout {
  id: string;
  train: number[];
  test: number[];
}

/** Reads `<name>-train.csv` (series_id,timestamp,value) and `<name>-test.csv` (series_id,step,value). */
function loadM4(name: string): Holdout[] {
  const read = (file: string) => {
    const map = new Map<string, number[]>();
    const lines = readFileSync(join(here, 'data', file), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    for (const line of lines) {
      const [id = '', , v = ''] = line.split(',');
      const list = map.get(id) ?? [];
      list.push(Number(v));
      map.set(id, list);
    }
    return map;
  };
  const train = read(`${name}-train.csv`);
  const test = read(`${name}-test.csv`);
  return [...train].map(([id, values]) => ({ id, train: values, test: test.get(id) ?? [] }));
}

function score(
  data: readonly Holdout[],
  method: ForecastMethod,
  seasons: number[],
  scaleLag: number,
  extra: { dates?: (h: Holdout) => string[] } = {},
) {
  const tally = new AccuracyTally();
  const started = performance.now();
  for (const s of data) {
    const f = forecastSeries(
      { values: s.train, ...(extra.dates ? { dates: extra.dates(s) } : {}) },
      { horizon: s.test.length, seasons, method },
    );
    tally.add({
      smape: smape(s.test, f.mean),
      mase: mase(s.train, s.test, f.mean, scaleLag),
      coverage80: coverage(s.test, f.lo80, f.hi80),
      coverage95: coverage(s.test, f.lo95, f.hi95),
    });
  }
  return { ...tally.summary(), ms: (performance.now() - started) / data.length };
}

function table(
  title: string,
  data: readonly Holdout[],
  methods: readonly ForecastMethod[],
  seasons: number[],
  scaleLag: number,
  extra: { dates?: (h: Holdout) => string[] } = {},
) {
  console.log(`\n${title} — ${data.length} series, horizon ${data[0]?.test.length}`);
  console.log('method   sMAPE    MASE    OWA    cov80  cov95  ms/series');
  const ref = score(data, 'naive2', seasons, scaleLag, extra);
  for (const m of methods) {
    const r = m === 'naive2' ? ref : score(data, m, seasons, scaleLag, extra);
    console.log(
      `${m.padEnd(8)} ${r.smape.toFixed(3).padStart(6)}  ${r.mase.toFixed(3).padStart(6)}  ${owa(r, ref).toFixed(3)}  ${(100 * r.coverage80).toFixed(0).padStart(4)} %  ${(100 * r.coverage95).toFixed(0).padStart(3)} %  ${r.ms.toFixed(2)}`,
    );
  }
}

/** Demo-like daily cost series (seeded): the awkward shapes real spend has. */
function demoCost(
  nSeries: number,
  days: number,
  seed = 7,
): { values: number[]; dates: string[]; kind: number }[] {
  const rng = seededRandom(seed);
  const start = Date.parse('2024-01-01T00:00:00Z');
  const dates = Array.from({ length: days }, (_, t) =>
    new Date(start + t * 86_400_000).toISOString().slice(0, 10),
  );
  const weekday = [0.75, 1.05, 1.1, 1.1, 1.08, 1.05, 0.87]; // Sun..Sat
  return Array.from({ length: nSeries }, (_, s) => {
    const kind = s % 5; // 0 steady, 1 growth, 2 shift, 3 month-end, 4 intermittent
    const base = 20 + 500 * rng.uniform();
    const growth = kind === 1 ? 0.002 + 0.004 * rng.uniform() : 0.0003;
    const shiftAt = kind === 2 ? Math.floor(days * (0.5 + 0.35 * rng.uniform())) : -1;
    const values = dates.map((d, t) => {
      const dow = new Date(d).getUTCDay();
      let v = base * (1 + growth) ** t * weekday[dow]!;
      if (t >= shiftAt && shiftAt >= 0) v *= 0.65; // commitment purchase
      if (kind === 3 && d.slice(8) === '01') v += base * 4; // monthly charge on the 1st
      v *= 1 + 0.06 * rng.normal();
      if (kind === 4 && rng.uniform() < 0.6) v = 0;
      return Math.max(0, Math.round(v * 100) / 100);
    });
    return { values, dates, kind };
  });
}

async function speed() {
  const nSeries = Number(process.env['BENCH_SERIES'] ?? 10_000);
  const workers = Number(process.env['BENCH_WORKERS'] ?? 2);
  const dir = mkdtempSync(join(tmpdir(), 'costlens-fbench-'));
  try {
    const input = join(dir, 'in.csv');
    const series = demoCost(nSeries, 400, 11);
    const parts: string[] = ['series_id,timestamp,value\n'];
    series.forEach((s, i) => {
      let chunk = '';
      for (let t = 0; t < s.values.length; t++) chunk += `s${i},${s.dates[t]},${s.values[t]}\n`;
      parts.push(chunk);
    });
    writeFileSync(input, parts.join(''));
    const run = async (method: ForecastMethod) => {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const r = await forecastFile({
        input,
        output: join(dir, `out-${method}.csv`),
        horizon: 30,
        seasons: [7],
        method,
        concurrency: workers,
      });
      // CPU time of all threads (workers share the process): what the run costs on idle cores.
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      return { seconds: (performance.now() - t0) / 1000, cpuSeconds, models: r.models };
    };
    const floor = await run('naive');
    const auto = await run('auto');
    console.log(
      `\nSpeed — ${nSeries.toLocaleString('en-US')} daily series × 400 days, horizon 30, ${workers} worker(s)`,
    );
    const line = (name: string, r: typeof auto) =>
      `  ${name.padEnd(28)}${r.seconds.toFixed(1)} s wall, ${r.cpuSeconds.toFixed(1)} s CPU (≥ ${(r.cpuSeconds / workers).toFixed(1)} s on ${workers} idle cores)`;
    console.log(line('naive (read + write floor):', floor));
    console.log(line('auto:', auto));
    console.log(
      `  auto / floor: ${(auto.seconds / floor.seconds).toFixed(2)} wall, ${(auto.cpuSeconds / floor.cpuSeconds).toFixed(2)} CPU; target < 30 s wall on 2 cores`,
    );
    console.log(`  load average during the run: ${loadavg()[0]!.toFixed(1)}`);
    console.log(`  models used by auto: ${JSON.stringify(auto.models)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!skip.includes('accuracy')) {
  const methods: ForecastMethod[] = ['naive2', 'snaive', 'ses', 'theta', 'comb', 'ets', 'auto'];
  if (existsSync(join(here, 'data/m4-hourly-train.csv'))) {
    table('M4 Hourly (subset)', loadM4('m4-hourly'), [...methods, 'mstl'], [24, 168], 24);
  }
  if (existsSync(join(here, 'data/m4-weekly-train.csv'))) {
    // M4 scores weekly data with frequency 1 (no seasonal period).
    table('M4 Weekly (subset)', loadM4('m4-weekly'), methods, [], 1);
  }
  const demo = demoCost(300, 400);
  const regular = demo.filter((d) => d.kind !== 4);
  for (const [title, set] of [
    ['all 300 series', demo],
    [
      'without the 60 intermittent series (sMAPE is 200 on any zero day forecast above zero)',
      regular,
    ],
  ] as const) {
    console.log(`\nDemo-like daily cost, ${title} — 400 days, backtest 28 days × 2 origins`);
    console.log('method   sMAPE    MASE    OWA    cov80  cov95');
    for (const m of ['naive2', 'snaive', 'theta', 'ets', 'comb', 'auto'] as ForecastMethod[]) {
      const r = backtest(set, { horizon: 28, seasons: [7], folds: 2, method: m });
      console.log(
        `${m.padEnd(8)} ${r.smape.toFixed(3).padStart(6)}  ${r.mase.toFixed(3).padStart(6)}  ${r.owa.toFixed(3)}  ${(100 * r.coverage80).toFixed(0).padStart(4)} %  ${(100 * r.coverage95).toFixed(0).padStart(3)} %`,
      );
    }
  }
}
if (!skip.includes('speed')) await speed();
