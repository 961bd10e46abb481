/**
 * `npm run bench:anomaly` — how well and how fast anomaly detection works:
 *  1. the demo company's planted anomalies (ground-truth.json): recall, precision, top-driver accuracy;
 *  2. a public labelled benchmark (NAB subset in bench/data/anomaly, see SOURCES.md): window recall,
 *     point-adjusted precision/recall/F1, through the generic `detect --series` path;
 *  3. speed: 10,000 monitors × 400 days, as a ratio against a naive rolling-mean detector run on the
 *     same series in the same process, plus the absolute time the target is stated in.
 * Env: ANOMALY_BENCH_SCALE (demo scale, default 0.05), ANOMALY_BENCH_DB + ANOMALY_BENCH_TRUTH to
 * reuse an ingested demo, ANOMALY_BENCH_SKIP=demo,nab,speed.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DuckDbWarehouse,
  detectAnomalies,
  detectSeriesCsv,
  generateDemo,
  groupIncidents,
  ingestFiles,
  listAnomalies,
  parseIsoUtc,
  runQuery,
  scoreSeries,
  seasonBuckets,
} from '@costlens/core';
import type { Anomaly, Filter } from '@costlens/core';
import { syntheticSeries } from '../packages/core/src/anomaly/synthetic-series.ts';

const here = dirname(fileURLToPath(import.meta.url));
const skip = new Set((process.env['ANOMALY_BENCH_SKIP'] ?? '').split(',').filter(Boolean));
const DAY = 86_400_000;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

interface TruthAnomaly {
  id: number;
  date: string;
  endDate: string;
  kind: 'spike' | 'drop' | 'level_shift';
  scope: Record<string, string>;
  impactUsd: string;
  description: string;
}
interface Truth {
  scale: number;
  anomalies: TruthAnomaly[];
  events: { date: string; kind: string; scope: Record<string, string> }[];
}

/**
 * Incidents as the product groups them (groupIncidents: nested scopes, overlapping days, a shared
 * cause). The leader is what a user sees first; members are the leader and its related anomalies.
 */
function incidents(
  anomalies: readonly Anomaly[],
): { start: string; end: string; leader: Anomaly; members: Anomaly[] }[] {
  const byId = new Map(anomalies.map((a) => [a.id, a]));
  return groupIncidents(anomalies).map((leader) => {
    const members = [leader, ...(leader.related ?? []).map((r) => byId.get(r.id)!)];
    return {
      start: members.map((m) => m.startDay).sort()[0]!,
      end: members
        .map((m) => m.endDay)
        .sort()
        .at(-1)!,
      leader,
      members,
    };
  });
}

/** Precision when every anomaly on overlapping days, whatever its monitor, is one incident. */
function dayOverlapPrecision(anomalies: readonly Anomaly[], truth: Truth): number {
  const sorted = [...anomalies].sort((a, b) => a.startDay.localeCompare(b.startDay));
  const groups: { end: string; starts: string[] }[] = [];
  for (const a of sorted) {
    const last = groups.at(-1);
    if (last && a.startDay <= last.end) {
      last.starts.push(a.startDay);
      if (a.endDay > last.end) last.end = a.endDay;
    } else groups.push({ end: a.endDay, starts: [a.startDay] });
  }
  const hit = groups.filter((g) =>
    truth.anomalies.some((t) => g.starts.some((s) => s >= window(t)[0] && s <= window(t)[1])),
  );
  return hit.length / Math.max(groups.length, 1);
}

/** The days a detection may fall on to count for a planted anomaly. */
function window(t: TruthAnomaly): [string, string] {
  return t.kind === 'level_shift'
    ? [addDays(t.date, -1), addDays(t.date, 3)]
    : [addDays(t.date, -1), addDays(t.endDate, 1)];
}

const overlaps = (a: [string, string], s: string, e: string) => s <= a[1] && e >= a[0];
const norm = (dim: string) => (dim === 'team' ? 'tag:team' : dim);

async function demoBench(): Promise<Record<string, unknown>> {
  const scale = Number(process.env['ANOMALY_BENCH_SCALE'] ?? '0.05');
  let dbPath = process.env['ANOMALY_BENCH_DB'];
  let truth: Truth;
  const t0 = performance.now();
  if (dbPath && process.env['ANOMALY_BENCH_TRUTH']) {
    truth = JSON.parse(readFileSync(process.env['ANOMALY_BENCH_TRUTH'], 'utf8')) as Truth;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'costlens-anomaly-bench-'));
    const demo = await generateDemo({
      outDir: join(dir, 'demo'),
      seed: 42,
      endDate: '2026-10-31',
      scale,
      costOnly: true,
    });
    truth = demo.groundTruth as unknown as Truth;
    dbPath = join(dir, 'bench.duckdb');
    const wh = await DuckDbWarehouse.open({ path: dbPath });
    await ingestFiles(
      wh,
      demo.costFiles.map((f) => f.path),
    );
    await wh.close();
  }
  const prepSeconds = (performance.now() - t0) / 1000;
  const wh = await DuckDbWarehouse.open({ path: dbPath });
  await wh.exec('DELETE FROM anomaly_history');
  await wh.exec('DELETE FROM anomaly');
  await wh.exec('DELETE FROM anomaly_monitor');
  const t1 = performance.now();
  const report = await detectAnomalies(wh, {
    now: new Date('2026-11-01T00:00:00Z'),
    settleDays: 0,
    // The product's default monitors; only the dollar floor scales with the company ($25 a day
    // at full size).
    defaults: { minImpactUsd: String(25 * truth.scale) },
  });
  const detectSeconds = (performance.now() - t1) / 1000;
  const anomalies = await listAnomalies(wh, { limit: 100_000 });

  const found = incidents(anomalies);
  const perTruth = truth.anomalies.map((t) => {
    const w = window(t);
    const hits = found.filter((i) => overlaps(w, i.start, i.end));
    // An anomaly that began before the window belongs to something else that was going on.
    const members = hits
      .flatMap((i) => i.members)
      .filter((a) => a.startDay >= w[0] && a.startDay <= w[1]);
    // What a user sees: the leader of an incident that began in the window — the one whose
    // monitor or top driver names a planted value when several did (two planted changes a few
    // days apart each have their own incident), else the largest.
    const planted = new Set(Object.entries(t.scope).map(([k, v]) => `${norm(k)}=${v}`));
    const namesPlanted = (a: Anomaly) =>
      [
        ...(a.evidence[0]?.filters ?? [])
          .filter((f) => f.op === 'eq' && f.dimension !== 'provider')
          .map((f) => `${norm(f.dimension)}=${String(f.value)}`),
        ...(a.drivers[0] ? [a.drivers[0], ...(a.drivers[0].aliases ?? [])] : []).map(
          (d) => `${norm(d.dimension)}=${d.value}`,
        ),
      ].some((n) => planted.has(n));
    const best = hits
      .filter((i) => i.members.some((a) => members.includes(a)))
      .map((i) =>
        members.includes(i.leader) ? i.leader : members.find((a) => i.members.includes(a))!,
      )
      .sort(
        (a, b) =>
          Number(namesPlanted(b)) - Number(namesPlanted(a)) ||
          Math.abs(Number(b.impactUsd)) - Math.abs(Number(a.impactUsd)),
      )[0];
    const top = best?.drivers[0];
    // Root cause named = the monitor's own scope plus its top driver (under any of its names: the
    // same rows may be a resource, its app tag and its team). Correct when the top driver is one of
    // the planted scope's values, or that scope is fully named by monitor + driver.
    const truthEntries = Object.entries(t.scope).map(([k, v]) => `${norm(k)}=${v}`);
    const topNames = top
      ? [top, ...(top.aliases ?? [])].map((d) => `${norm(d.dimension)}=${d.value}`)
      : [];
    const named = new Set([
      ...(best?.evidence[0]?.filters ?? [])
        .filter((f) => f.op === 'eq')
        .map((f) => `${norm(f.dimension)}=${String(f.value)}`),
      ...topNames,
    ]);
    // A monitor whose scope is the planted one needs no driver (its dimensions are single-valued).
    const driverOk =
      best !== undefined &&
      (topNames.some((n) => truthEntries.includes(n)) || truthEntries.every((e) => named.has(e)));
    return { t, detected: members.length > 0, best, top, driverOk, insideScope: driverOk };
  });
  // The detector names the most concentrated driver (a resource rather than its account), which
  // can be finer than the planted scope. "Inside" counts a top driver whose cost over the anomaly's
  // days lies ≥ 90 % within the planted scope (same monitor filters, through the semantic layer).
  for (const p of perTruth) {
    if (!p.best) continue;
    const monitor = (p.best.evidence[0]?.filters ?? []).filter((f) => f.op === 'eq');
    // No driver: the monitor's own scope is what it names (one database, one team's project).
    const driver: Filter[] = !p.top
      ? []
      : p.top.value === null
        ? [{ dimension: p.top.dimension, op: 'is_null' }]
        : [{ dimension: p.top.dimension, op: 'eq', value: p.top.value }];
    const scope: Filter[] = Object.entries(p.t.scope).map(([k, v]) => ({
      dimension: k,
      op: 'eq',
      value: v,
    }));
    const timeRange = { start: p.best.startDay, end: addDays(p.best.endDay, 1) };
    const cost = async (filters: Filter[]) =>
      Number(
        (await runQuery(wh, { metric: 'effective_cost', filters, timeRange })).rows[0]?.[
          'effective_cost'
        ] ?? 0,
      );
    const all = await cost([...monitor, ...driver]);
    const inside = await cost([...monitor, ...driver, ...scope]);
    p.insideScope = p.driverOk || (all !== 0 && inside / all >= 0.9);
    // A planted entry the data implies counts as named: every dollar of monitor + driver carries
    // it (service BigQuery is provider Google Cloud), when every other planted entry is named.
    if (!p.driverOk && all !== 0) {
      const names = new Set([
        ...monitor.map((f) => `${norm(f.dimension)}=${String(f.value)}`),
        ...(p.top ? [p.top, ...(p.top.aliases ?? [])] : []).map(
          (d) => `${norm(d.dimension)}=${d.value}`,
        ),
      ]);
      let implied = true;
      for (const f of scope) {
        if (names.has(`${norm(f.dimension)}=${String(f.value)}`)) continue;
        const within = await cost([...monitor, ...driver, f]);
        if (Math.abs(within - all) > 1e-6 * Math.max(1, Math.abs(all))) implied = false;
      }
      p.driverOk = implied;
      if (implied) p.insideScope = true;
    }
  }
  await wh.close();
  // A known change (a launch, a decommission, a credit that ran out, a commitment bought or
  // expired) is a step: it may be detected like a level shift, up to three days on. It excuses an
  // incident only when the incident names it: a monitor filter or a top driver (any alias) equal
  // to one of the event's scope values.
  const eventWindows = truth.events.map((e) => ({
    window: [addDays(e.date, -1), addDays(e.date, 3)] as [string, string],
    names: new Set(Object.entries(e.scope).map(([k, v]) => `${norm(k)}=${v}`)),
  }));
  const namesOf = (a: Anomaly) => [
    ...(a.evidence[0]?.filters ?? [])
      .filter((f) => f.op === 'eq')
      .map((f) => `${norm(f.dimension)}=${String(f.value)}`),
    ...a.drivers
      .slice(0, 1)
      .flatMap((d) => [d, ...(d.aliases ?? [])])
      .map((d) => `${norm(d.dimension)}=${d.value}`),
  ];
  const matched = found.filter((i) =>
    truth.anomalies.some((t) =>
      i.members.some((a) => a.startDay >= window(t)[0] && a.startDay <= window(t)[1]),
    ),
  );
  const excused = found.filter(
    (i) =>
      !matched.includes(i) &&
      eventWindows.some(
        (w) =>
          overlaps(w.window, i.start, i.end) &&
          i.members.some((a) => namesOf(a).some((n) => w.names.has(n))),
      ),
  );
  const detected = perTruth.filter((p) => p.detected);
  const result = {
    scale: truth.scale,
    monitors: report.monitors,
    planted: truth.anomalies.length,
    incidents: found.length,
    recall: detected.length / truth.anomalies.length,
    // Stricter: detected by an incident whose root cause lies inside the planted scope, not by
    // another incident that happened to fall in its window.
    recallNamed: detected.filter((p) => p.insideScope).length / truth.anomalies.length,
    precision: matched.length / Math.max(found.length, 1),
    precisionEventsExcused: matched.length / Math.max(found.length - excused.length, 1),
    // The stricter count of before: any anomalies on overlapping days are one incident.
    precisionDayOverlap: dayOverlapPrecision(anomalies, truth),
    topDriverAccuracy: detected.filter((p) => p.driverOk).length / Math.max(detected.length, 1),
    topDriverInsideScope:
      detected.filter((p) => p.insideScope).length / Math.max(detected.length, 1),
    prepSeconds,
    detectSeconds,
  };
  console.log('\n== demo company (planted anomalies) ==');
  for (const p of perTruth) {
    console.log(
      `${p.detected ? (p.driverOk ? 'ok  ' : p.insideScope ? 'IN  ' : 'DRV ') : 'MISS'} #${p.t.id} ${p.t.kind} ${p.t.date} ${JSON.stringify(p.t.scope)} $${p.t.impactUsd}` +
        (p.best
          ? ` → ${p.best.monitorId} ${p.best.startDay}…${p.best.endDay} top ${p.top?.dimension}=${p.top?.value}`
          : ''),
    );
  }
  for (const i of found.filter((x) => !matched.includes(x))) {
    const m = i.members[0]!;
    console.log(
      `${excused.includes(i) ? 'EVT ' : 'FP  '} ${i.start}…${i.end} ${i.members.length} monitors, e.g. ${m.monitorId} ${m.impactUsd}`,
    );
  }
  console.log(JSON.stringify(result, null, 2));
  return result;
}

/** NAB: each labelled window detected; point-adjusted precision/recall/F1 over the points. */
async function nabBench(): Promise<Record<string, unknown>> {
  const dir = join(here, 'data/anomaly');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.csv')) : [];
  if (files.length === 0 || !existsSync(join(dir, 'nab-windows.json'))) {
    console.log('\n== NAB: no labelled series under bench/data/anomaly; skipped ==');
    return { skipped: 'no data' };
  }
  const windows = JSON.parse(readFileSync(join(dir, 'nab-windows.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const out = mkdtempSync(join(tmpdir(), 'costlens-nab-'));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let windowsHit = 0;
  let windowsTotal = 0;
  const perSeries: Record<string, unknown>[] = [];
  const t0 = performance.now();
  for (const f of files) {
    await detectSeriesCsv(join(dir, f), join(out, f));
    const rows = readFileSync(join(out, f), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const key = f.replace(/\.csv$/, '');
    const wins = (windows[key] ?? []).map(([s, e]) => [parseIsoUtc(s), parseIsoUtc(e)] as const);
    const inWin = (t: number) => wins.findIndex(([s, e]) => t >= s && t <= e);
    const hitWins = new Set<number>();
    let seriesFp = 0;
    const labels: number[] = [];
    const flags: number[] = [];
    for (const r of rows) {
      // Series timestamps may carry a Z (ISO UTC); NAB windows are naive UTC: parse both alike.
      const t = parseIsoUtc(r[1]!);
      const w = inWin(t);
      labels.push(w);
      flags.push(r[4] === '1' ? 1 : 0);
      if (r[4] === '1') {
        if (w >= 0) hitWins.add(w);
        else seriesFp++;
      }
    }
    // Point adjustment: a detected window counts all its points as found.
    for (let i = 0; i < rows.length; i++) {
      if (labels[i]! >= 0) {
        if (hitWins.has(labels[i]!)) tp++;
        else fn++;
      }
    }
    fp += seriesFp;
    windowsHit += hitWins.size;
    windowsTotal += wins.length;
    perSeries.push({
      series: key,
      points: rows.length,
      windows: wins.length,
      detected: hitWins.size,
      falsePositivePoints: seriesFp,
    });
  }
  const precision = tp / Math.max(tp + fp, 1);
  const recall = tp / Math.max(tp + fn, 1);
  const result = {
    series: files.length,
    windowRecall: windowsHit / Math.max(windowsTotal, 1),
    pointAdjustedPrecision: precision,
    pointAdjustedRecall: recall,
    pointAdjustedF1: (2 * precision * recall) / Math.max(precision + recall, 1e-12),
    seconds: (performance.now() - t0) / 1000,
  };
  console.log('\n== NAB subset (generic mode, one parameter set) ==');
  for (const s of perSeries) console.log(JSON.stringify(s));
  console.log(JSON.stringify(result, null, 2));
  return result;
}

/** The reference: today > mean of the last 28 days + 3 SD (what open tools do), same loop style. */
function naiveDetector(values: Float64Array): Uint8Array {
  const n = values.length;
  const flags = new Uint8Array(n);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    if (i >= 28) {
      const mean = sum / 28;
      const sd = Math.sqrt(Math.max(sumSq / 28 - mean * mean, 0));
      if (Math.abs(values[i]! - mean) > 3 * sd) flags[i] = 1;
      const old = values[i - 28]!;
      sum -= old;
      sumSq -= old * old;
    }
    sum += values[i]!;
    sumSq += values[i]! * values[i]!;
  }
  return flags;
}

function speedBench(): Record<string, unknown> {
  const monitors = 10_000;
  const days = 400;
  const series = Array.from({ length: 50 }, (_, k) =>
    syntheticSeries({ seed: k + 1, days, events: [{ kind: 'spike', day: 300, factor: 2 }] }),
  );
  const times = series[0]!.timesMs;
  const buckets = seasonBuckets(times);
  const time = (fn: () => void) => {
    const t = performance.now();
    fn();
    return (performance.now() - t) / 1000;
  };
  let flagged = 0;
  const ours = time(() => {
    for (let m = 0; m < monitors; m++)
      flagged += scoreSeries(series[m % 50]!.values, times, {}, buckets).isAnomaly[300]!;
  });
  let naiveFlagged = 0;
  const naive = time(() => {
    for (let m = 0; m < monitors; m++) naiveFlagged += naiveDetector(series[m % 50]!.values)[300]!;
  });
  const result = {
    monitors,
    days,
    seconds: ours,
    targetSeconds: 10,
    pointsPerSecond: Math.round((monitors * days) / ours),
    ratioToNaiveRollingMean: ours / naive,
    spikeFoundShare: flagged / monitors,
    naiveSpikeFoundShare: naiveFlagged / monitors,
  };
  console.log('\n== speed: 10,000 monitors × 400 days ==');
  console.log(JSON.stringify(result, null, 2));
  return result;
}

const results: Record<string, unknown> = {};
if (!skip.has('speed')) results['speed'] = speedBench();
if (!skip.has('nab')) results['nab'] = await nabBench();
if (!skip.has('demo')) results['demo'] = await demoBench();
console.log('\n== summary ==');
console.log(JSON.stringify(results));
