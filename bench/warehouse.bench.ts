/**
 * `npm run bench:warehouse` — the issue-4 semantic query set on DuckDB and on ClickHouse (chdb,
 * in-process) over the same BENCH_ROWS (default 10,000,000) FOCUS rows, in one run. Rows are
 * generated in DuckDB (temp file database), loaded into chdb the production way (DuckDB →
 * Parquet → ClickHouse, month partitions), and every query's results are checked identical on
 * both engines before timing. Runs alternate engines; prints p50s, the ratio (chdb / DuckDB)
 * per query and its geometric mean, and the load rate. BENCH_RUNS, BENCH_DIR tune it.
 * One machine, one process: this compares engines, not a cluster (see docs/clickhouse.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCatalog } from '../packages/core/src/semantic/catalog.ts';
import { runQuery } from '../packages/core/src/semantic/run-query.ts';
import type { SemanticResult } from '../packages/core/src/semantic/types.ts';
import { ClickHouseWarehouse } from '../packages/core/src/store/clickhouse.ts';
import { loadFromDuckDb } from '../packages/core/src/store/clickhouse-load.ts';
import { DuckDbWarehouse } from '../packages/core/src/store/duckdb.ts';
import { BENCH_NOW, BENCH_QUERIES, generateFocusRowsSql } from './lib/focus-bench-queries.ts';

const rows = Number(process.env['BENCH_ROWS'] ?? 10_000_000);
const runs = Number(process.env['BENCH_RUNS'] ?? 7);
const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? tmpdir(), 'costlens-whbench-'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** Rows as text, ratios (percent change) left out: money, counts and labels must match exactly. */
function canon(r: SemanticResult): string {
  const cols = r.columns.filter((c) => c.role !== 'delta_pct').map((c) => c.name);
  return r.rows.map((row) => cols.map((c) => String(row[c] ?? '')).join('|')).join('\n');
}

try {
  const duck = await DuckDbWarehouse.open({ path: join(dir, 'bench.duckdb') });
  let t = process.hrtime.bigint();
  await duck.exec(generateFocusRowsSql(rows));
  await duck.exec('CHECKPOINT');
  console.log(
    `generated ${rows.toLocaleString('en-US')} FOCUS rows in DuckDB in ${(ms(t) / 1000).toFixed(1)} s`,
  );
  const ch = await ClickHouseWarehouse.open(`chdb:${join(dir, 'chdb')}`);
  t = process.hrtime.bigint();
  await loadFromDuckDb(duck, ch, { workDir: dir });
  const loadS = ms(t) / 1000;
  console.log(
    `loaded into chdb through Parquet in ${loadS.toFixed(1)} s (${Math.round(rows / loadS).toLocaleString('en-US')} rows/s)`,
  );
  const [disk] = await ch.query<{ bytes: number }>(
    `SELECT toInt64(sum(bytes_on_disk)) AS bytes FROM system.parts WHERE active AND database = currentDatabase() AND table = 'focus_cost'`,
  );
  console.log(
    `focus_cost on ClickHouse: ${(Number(disk?.bytes ?? 0) / rows).toFixed(1)} bytes per row on disk`,
  );
  const catalog = buildCatalog();
  const ratios: number[] = [];
  for (const c of BENCH_QUERIES) {
    const d = await runQuery(duck, c.query, { catalog, now: BENCH_NOW });
    const h = await runQuery(ch, c.query, { catalog, now: BENCH_NOW });
    if (canon(d) !== canon(h)) {
      throw new Error(
        `results differ for "${c.name}":\nDuckDB\n${canon(d).slice(0, 400)}\n---\nchdb\n${canon(h).slice(0, 400)}`,
      );
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? [duck, ch] : [ch, duck];
      for (const wh of order) {
        const t0 = process.hrtime.bigint();
        await runQuery(wh, c.query, { catalog, now: BENCH_NOW });
        (wh === duck ? a : b).push(ms(t0));
      }
    }
    ratios.push(median(b) / median(a));
    console.log(
      `${c.name.padEnd(48)} DuckDB p50 ${median(a).toFixed(1).padStart(7)} ms   chdb p50 ${median(b).toFixed(1).padStart(7)} ms   ratio ${(median(b) / median(a)).toFixed(2)}  (${d.rows.length} rows)`,
    );
  }
  const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
  console.log(
    `\nchdb / DuckDB, geometric mean over ${ratios.length} queries: ${geo.toFixed(2)}× (best ${Math.min(...ratios).toFixed(2)}×, worst ${Math.max(...ratios).toFixed(2)}×); results identical on both`,
  );
  await ch.close();
  await duck.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
