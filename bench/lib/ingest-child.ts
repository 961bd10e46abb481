/**
 * One timed load in its own process, so its peak RSS is its own: `costlens` ingests the file with
 * ingestFiles, `duckdb` runs DuckDB's own CREATE TABLE … AS SELECT * FROM read_csv(…). Prints one
 * JSON line: { mode, rows, seconds, cpuSeconds, maxRssBytes } (CPU includes DuckDB's threads and
 * process start-up).
 */
import { ingestFiles } from '../../packages/core/src/ingest/ingest.ts';
import { DuckDbWarehouse } from '../../packages/core/src/store/duckdb.ts';
import { literal } from '../../packages/core/src/util/sql.ts';

const [mode, db, csv, memoryLimit] = process.argv.slice(2);
if (!mode || !db || !csv)
  throw new Error('usage: ingest-child <costlens|duckdb> <db> <csv> [memoryLimit]');

const wh = await DuckDbWarehouse.open({
  path: db,
  migrate: mode === 'costlens',
  ...(memoryLimit ? { memoryLimit } : {}),
});
const started = process.hrtime.bigint();
let rows: number;
if (mode === 'costlens') {
  let last = process.hrtime.bigint();
  let current = 'start';
  const phases: string[] = [];
  const result = await ingestFiles(wh, [csv], {
    onPhase: (phase) => {
      const now = process.hrtime.bigint();
      phases.push(`${current} ${(Number(now - last) / 1e9).toFixed(2)}s`);
      last = now;
      current = phase;
    },
  });
  process.stderr.write(`costlens phases: ${phases.join(', ')}\n`);
  rows = result.rowCount;
} else {
  await wh.exec(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(csv)})`);
  const [r] = await wh.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM t');
  rows = Number(r?.n ?? 0);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await wh.close();
// maxRSS is in kilobytes on Linux.
const usage = process.resourceUsage();
const maxRssBytes = usage.maxRSS * 1024;
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(`${JSON.stringify({ mode, rows, seconds, cpuSeconds, maxRssBytes })}\n`);
