/**
 * `npm run bench:load` — the real server on a demo database, driven by autocannon with a mix of
 * semantic queries, showback, forecast, anomalies and metric listings (100 connections, 60 s by
 * default). Reports requests/s and p50/p90/p99 latency for the mix and, measured in the same run
 * with the same connections, for GET /api/health (the trivial route) plus their ratio. Fails
 * (exit 1) on any error, timeout or non-2xx answer.
 *
 * `npm run bench:soak` (or `bench:load -- --soak 600`): steady load for that many seconds while
 * sampling the server's RSS and post-GC heap every few seconds; reports start/end/max and the
 * slope after warm-up (MB/min), and flags a leak when the slope is clearly positive.
 *
 * Options: --duration S (60), --connections N (100; soak: 20), --soak S, --sample S (5),
 * --reference S (10), --scale F (demo scale, 0.05); BENCH_DB=file reuses a database (stop its
 * server first). Rate limits are raised, not removed, for the run: their hook stays in the path.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { buildDemoDatabase } from '../packages/cli/src/commands/start.ts';
import { yesterdayUtc } from '../packages/cli/src/commands/demo.ts';
import { createOutput } from '../packages/cli/src/output.ts';
import { loadMix } from './lib/load-mix.ts';
import type { MixRequest } from './lib/load-mix.ts';
import { fitSlope } from './lib/slope.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string' },
    soak: { type: 'string' },
    sample: { type: 'string', default: '5' },
    reference: { type: 'string', default: '10' },
    scale: { type: 'string', default: '0.05' },
  },
});
const soakSeconds = args.soak === undefined ? 0 : Number(args.soak);
const connections = Number(args.connections ?? (soakSeconds ? 20 : 100));
const MB = 1024 * 1024;

interface MemorySample {
  atS: number;
  rssMb: number;
  heapMb: number;
}

async function demoDatabase(): Promise<string> {
  if (process.env['BENCH_DB']) return process.env['BENCH_DB'];
  const dbPath = join(mkdtempSync(join(tmpdir(), 'costlens-load-')), 'demo.duckdb');
  await buildDemoDatabase(
    dbPath,
    { seed: 42, scale: Number(args.scale), endDate: yesterdayUtc() },
    createOutput({ json: false }),
  );
  return dbPath;
}

function startChild(dbPath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(new URL('./lib/load-server.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, BENCH_DB: dbPath },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }));
  });
}

function memory(child: ChildProcess): Promise<{ rss: number; heapUsed: number }> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      const mem = (m as { memory?: { rss: number; heapUsed: number } }).memory;
      if (!mem) return;
      child.off('message', on);
      resolve(mem);
    };
    child.on('message', on);
    child.send('memory');
  });
}

async function cannon(url: string, requests: readonly MixRequest[], seconds: number) {
  console.error(
    `${new Date().toISOString()}  ${connections} connections for ${seconds} s: ${requests.length} request(s)`,
  );
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 30,
    requests: requests.map((q) => ({
      method: q.method,
      path: q.path,
      ...(q.body ? { body: JSON.stringify(q.body) } : {}),
      headers: { 'content-type': 'application/json' },
    })),
  });
  return {
    requestsPerS: Math.round(r.requests.average),
    total: r.requests.total,
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

const dbPath = await demoDatabase();
const { child, url } = await startChild(dbPath);
let failed = false;
try {
  const mix = await loadMix(url);
  const load = {
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
    cores: (await import('node:os')).cpus().length,
  };
  if (!soakSeconds) {
    const reference = await cannon(
      url,
      [{ method: 'GET', path: '/api/health' }],
      Number(args.reference),
    );
    const measured = await cannon(url, mix, Number(args.duration));
    failed = [measured, reference].some((m) => m.non2xx + m.errors + m.timeouts > 0);
    console.log(
      JSON.stringify(
        {
          db: dbPath,
          connections,
          durationS: Number(args.duration),
          mix: mix.map((q) => `${q.method} ${q.path}`),
          measured,
          reference: { route: 'GET /api/health', durationS: Number(args.reference), ...reference },
          throughputRatio: Number((measured.requestsPerS / reference.requestsPerS).toFixed(3)),
          p50Ratio: Number((measured.p50Ms / Math.max(reference.p50Ms, 1)).toFixed(1)),
          ...load,
          loadAverageAfter1m: Number(loadavg()[0]!.toFixed(2)),
        },
        null,
        2,
      ),
    );
  } else {
    const samples: MemorySample[] = [];
    const started = performance.now();
    const sample = async () => {
      const m = await memory(child);
      samples.push({
        atS: Math.round((performance.now() - started) / 1000),
        rssMb: m.rss / MB,
        heapMb: m.heapUsed / MB,
      });
    };
    // One sample at a time: a reply delayed by the load must not be read as two samples.
    let loading = true;
    const sampling = (async () => {
      while (loading) {
        await sample();
        await delay(Number(args.sample) * 1000);
      }
    })();
    const measured = await cannon(url, mix, soakSeconds).finally(() => (loading = false));
    await sampling;
    await sample();
    // The first fifth (at least a minute) warms caches, JIT and DuckDB's buffers: not a leak.
    const warmUpS = Math.max(60, soakSeconds / 5);
    const steady = samples.filter((s) => s.atS >= warmUpS);
    const rss = fitSlope(steady.map((s) => [s.atS / 60, s.rssMb]));
    const heap = fitSlope(steady.map((s) => [s.atS / 60, s.heapMb]));
    const round = (x: number) => Number(x.toFixed(2));
    const stats = (xs: number[]) => ({
      startMb: round(xs[0]!),
      endMb: round(xs.at(-1)!),
      maxMb: round(Math.max(...xs)),
    });
    // "Clearly positive": a steady climb (R² ≥ 0.5) of more than 1 MB/min of live heap or
    // 5 MB/min of RSS (RSS also holds DuckDB's buffer cache, which grows to its limit).
    const leak =
      (heap.slope > 1 && heap.r2 >= 0.5) || (rss.slope > 5 && rss.r2 >= 0.5) ? 'suspected' : 'no';
    failed = measured.non2xx + measured.errors + measured.timeouts > 0 || leak !== 'no';
    console.log(
      JSON.stringify(
        {
          db: dbPath,
          connections,
          soakS: soakSeconds,
          sampleEveryS: Number(args.sample),
          samples: samples.length,
          warmUpS,
          measured,
          rss: {
            ...stats(samples.map((s) => s.rssMb)),
            slopeMbPerMin: round(rss.slope),
            r2: round(rss.r2),
          },
          heap: {
            ...stats(samples.map((s) => s.heapMb)),
            slopeMbPerMin: round(heap.slope),
            r2: round(heap.r2),
          },
          leak,
          ...load,
          loadAverageAfter1m: Number(loadavg()[0]!.toFixed(2)),
        },
        null,
        2,
      ),
    );
  }
} finally {
  const exited = new Promise((r) => child.once('exit', r));
  child.send('close');
  // A server that does not exit in 30 s is a finding too, but must not hang the bench. Seen when
  // the store closes while requests the load generator abandoned still run queries in DuckDB.
  const slow = setTimeout(() => {
    console.error('the server process did not exit within 30 s of the close request: killing it');
    child.kill('SIGKILL');
  }, 30_000);
  await exited;
  clearTimeout(slow);
}
process.exitCode = failed ? 1 : 0;
