/**
 * `npm run bench:ingest` — CostLens ingest throughput against DuckDB's own CSV load, same file,
 * same run. Generates a FOCUS CSV (fixed seed; BENCH_ROWS rows, default 5,000,000), ingests it
 * with ingestFiles into a file database in a child process (peak RSS is that child's), then loads
 * it with `CREATE TABLE t AS SELECT * FROM read_csv(…)` in another child. Prints rows/s of both,
 * the time ratio (CostLens / DuckDB; target ≤ 1.5) and CostLens's peak RSS (target < 1 GiB).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFocusCsv } from './lib/generate-focus-csv.ts';

interface ChildResult {
  mode: string;
  rows: number;
  seconds: number;
  cpuSeconds: number;
  maxRssBytes: number;
}

const rows = Number(process.env['BENCH_ROWS'] ?? 5_000_000);
// Both loads run under the same DuckDB memory limit, so the stage spills to disk instead of RSS.
const memoryLimit = process.env['BENCH_MEMORY_LIMIT'] ?? '640MB';
const keep = process.env['BENCH_KEEP'] === '1';
const here = fileURLToPath(new URL('.', import.meta.url));
const child = resolve(here, 'lib/ingest-child.ts');
const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? tmpdir(), 'costlens-bench-'));

function runChild(mode: 'costlens' | 'duckdb', db: string, csv: string): ChildResult {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', child, mode, db, csv, ...(memoryLimit ? [memoryLimit] : [])],
    { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const rate = (r: ChildResult) => `${Math.round(r.rows / r.seconds).toLocaleString('en-US')} rows/s`;

try {
  const csv = join(dir, 'focus.csv');
  let t = Date.now();
  const bytes = await generateFocusCsv(csv, rows, 42);
  console.log(
    `generated ${rows.toLocaleString('en-US')} rows (${mib(bytes)}) in ${((Date.now() - t) / 1000).toFixed(1)} s: ${csv}`,
  );
  t = Date.now();
  const ref = runChild('duckdb', join(dir, 'reference.duckdb'), csv);
  const ours = runChild('costlens', join(dir, 'costlens.duckdb'), csv);
  if (ours.rows !== rows || ref.rows !== rows) {
    throw new Error(
      `row counts differ: costlens ${ours.rows}, duckdb ${ref.rows}, generated ${rows}`,
    );
  }
  const ratio = ours.seconds / ref.seconds;
  const line = (label: string, r: ChildResult) =>
    `${label} ${r.seconds.toFixed(1)} s, ${rate(r)}, CPU ${r.cpuSeconds.toFixed(1)} s, peak RSS ${mib(r.maxRssBytes)}`;
  console.log(`DuckDB memory_limit for both loads: ${memoryLimit || 'DuckDB default'}`);
  console.log(line('duckdb read_csv → table:', ref));
  console.log(line('costlens ingest:        ', ours));
  console.log(
    `ratio (costlens / duckdb time): ${ratio.toFixed(2)} (target ≤ 1.5) — ${ratio <= 1.5 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `CPU ratio (less sensitive to other load on the machine): ${(ours.cpuSeconds / ref.cpuSeconds).toFixed(2)}`,
  );
  console.log(
    `costlens peak RSS: ${mib(ours.maxRssBytes)} (target < 1024 MiB) — ${ours.maxRssBytes < 1024 ** 3 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `database sizes: costlens ${mib(statSync(join(dir, 'costlens.duckdb')).size)}, reference ${mib(statSync(join(dir, 'reference.duckdb')).size)}`,
  );
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
