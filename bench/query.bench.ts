/**
 * `npm run bench:query` — the semantic layer's overhead against hand-written SQL, same data,
 * same run. Generates BENCH_ROWS (default 10,000,000) FOCUS rows inside DuckDB into a temp file
 * database (the shared generator and query set in lib/focus-bench-queries.ts, also used by
 * bench:warehouse), then times typical dashboard queries both ways, alternating runs. Each pair is checked for identical
 * results first. Prints p50s, the ratio (semantic / hand; target ≤ 1.2) and the p50 of "last 30
 * days, daily, by service" (target < 300 ms). BENCH_RUNS, BENCH_THREADS, BENCH_DIR tune it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCatalog } from '../packages/core/src/semantic/catalog.ts';
import { runQuery } from '../packages/core/src/semantic/run-query.ts';
import { DuckDbWarehouse } from '../packages/core/src/store/duckdb.ts';
import { BENCH_NOW, BENCH_QUERIES, generateFocusRowsSql } from './lib/focus-bench-queries.ts';

const rows = Number(process.env['BENCH_ROWS'] ?? 10_000_000);
const runs = Number(process.env['BENCH_RUNS'] ?? 11);
const threads = process.env['BENCH_THREADS'] ? Number(process.env['BENCH_THREADS']) : undefined;
const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? tmpdir(), 'costlens-qbench-'));
const ts = (d: string) => `TIMESTAMP '${d}'`;
/** Each benchmark question as a person would write it by hand (BENCH_NOW = 2025-06-30). */
const HAND: Readonly<Record<string, string>> = {
  'last 30 days, daily, by service': `SELECT "ServiceName" AS service, date_trunc('day', "ChargePeriodStart") AS period, sum("EffectiveCost") AS effective_cost
      FROM focus_cost WHERE "ChargePeriodStart" >= ${ts('2025-06-01')} AND "ChargePeriodStart" < ${ts('2025-07-01')}
      GROUP BY 1, 2 ORDER BY 2, 3 DESC, 1`,

  'last 12 months, monthly, by provider': `SELECT coalesce("ServiceProviderName", "ProviderName") AS provider, date_trunc('month', "ChargePeriodStart") AS period, sum("BilledCost") AS billed_cost
      FROM focus_cost WHERE "ChargePeriodStart" >= ${ts('2024-07-01')} AND "ChargePeriodStart" < ${ts('2025-07-01')}
      GROUP BY 1, 2 ORDER BY 2, 3 DESC, 1`,

  'top 10 services + Other, last 3 months, monthly': `WITH g AS (SELECT "ServiceName" AS s, date_trunc('month', "ChargePeriodStart") AS p, sum("EffectiveCost") AS v
        FROM focus_cost WHERE "ChargePeriodStart" >= ${ts('2025-04-01')} AND "ChargePeriodStart" < ${ts('2025-07-01')} GROUP BY 1, 2),
      r AS (SELECT s, row_number() OVER (ORDER BY sum(v) DESC, s) AS rn FROM g GROUP BY s)
      SELECT CASE WHEN rn <= 10 THEN g.s ELSE 'Other' END AS service, p AS period, sum(v) AS effective_cost
      FROM g JOIN r USING (s) GROUP BY 1, 2, rn <= 10 ORDER BY 2, rn <= 10 DESC, 3 DESC`,

  'last 30 days by tag:team': `SELECT json_extract_string("Tags", '$.team') AS team, sum("EffectiveCost") AS effective_cost
      FROM focus_cost WHERE "ChargePeriodStart" >= ${ts('2025-06-01')} AND "ChargePeriodStart" < ${ts('2025-07-01')}
      GROUP BY 1 ORDER BY 2 DESC`,

  'previous month by region vs the month before': `SELECT "RegionId" AS region,
        sum("EffectiveCost") FILTER (WHERE "ChargePeriodStart" >= ${ts('2025-05-01')}) AS cur,
        sum("EffectiveCost") FILTER (WHERE "ChargePeriodStart" < ${ts('2025-05-01')}) AS prev
      FROM focus_cost WHERE "ChargePeriodStart" >= ${ts('2025-04-01')} AND "ChargePeriodStart" < ${ts('2025-06-01')}
      GROUP BY 1 ORDER BY 2 DESC`,

  'last 90 days by account, one provider': `SELECT "SubAccountId" AS sub_account, sum("EffectiveCost") AS effective_cost
      FROM focus_cost WHERE "ChargePeriodStart" >= ${ts('2025-04-02')} AND "ChargePeriodStart" < ${ts('2025-07-01')}
        AND coalesce("ServiceProviderName", "ProviderName") = 'AWS'
      GROUP BY 1 ORDER BY 2 DESC`,

  'month to date total (KPI tile)': `SELECT sum("EffectiveCost") AS effective_cost, sum("BilledCost") AS billed_cost, sum("ListCost" - "EffectiveCost") AS savings
      FROM focus_cost WHERE "ChargePeriodStart" >= ${ts('2025-06-01')} AND "ChargePeriodStart" < ${ts('2025-07-01')}`,
};

const CASES = BENCH_QUERIES.map((q) => {
  const hand = HAND[q.name];
  if (!hand) throw new Error(`bench/query: no hand-written SQL for "${q.name}"`);
  return { ...q, hand };
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** Canonical text of a row set: values only, in order, decimals normalized, for equality checks. */
function canon(rs: readonly Record<string, unknown>[]): string {
  return rs
    .map((r) =>
      Object.values(r)
        .map((v) =>
          v === null || v === undefined
            ? ''
            : String(v)
                .replace(/ 00:00:00$/, '')
                .replace(/(\.\d*?)0+$/, '$1')
                .replace(/\.$/, ''),
        )
        .join('|'),
    )
    .join('\n');
}

try {
  const wh = await DuckDbWarehouse.open({
    path: join(dir, 'bench.duckdb'),
    ...(threads ? { threads } : {}),
  });
  let t = process.hrtime.bigint();
  await wh.exec(generateFocusRowsSql(rows));
  await wh.exec('CHECKPOINT');
  console.log(
    `generated ${rows.toLocaleString('en-US')} FOCUS rows in DuckDB in ${(ms(t) / 1000).toFixed(1)} s`,
  );
  const catalog = buildCatalog();

  const results: { name: string; semantic: number; hand: number }[] = [];
  for (const c of CASES) {
    const sem = await runQuery(wh, c.query, { catalog, now: BENCH_NOW });
    const hand = await wh.query(c.hand);
    const semRows = sem.rows.map((r) =>
      Object.fromEntries(
        sem.columns
          .filter((col) => col.role !== 'delta' && col.role !== 'delta_pct')
          .map((col) => [col.name, r[col.name]]),
      ),
    );
    if (canon(semRows) !== canon(hand)) {
      throw new Error(
        `results differ for "${c.name}":\n${canon(semRows).slice(0, 400)}\n---\n${canon(hand).slice(0, 400)}`,
      );
    }
    const a: number[] = [];
    const b: number[] = [];
    // Alternate which goes first, so drift in machine load hits both sides alike.
    for (let i = 0; i < runs; i++) {
      const sem = async () => {
        const t0 = process.hrtime.bigint();
        await runQuery(wh, c.query, { catalog, now: BENCH_NOW });
        a.push(ms(t0));
      };
      const byHand = async () => {
        const t0 = process.hrtime.bigint();
        await wh.query(c.hand);
        b.push(ms(t0));
      };
      if (i % 2 === 0) {
        await sem();
        await byHand();
      } else {
        await byHand();
        await sem();
      }
    }
    results.push({ name: c.name, semantic: median(a), hand: median(b) });
    console.log(
      `${c.name.padEnd(48)} semantic p50 ${median(a).toFixed(1).padStart(7)} ms   hand p50 ${median(b).toFixed(1).padStart(7)} ms   ratio ${(median(a) / median(b)).toFixed(2)}  (${sem.rows.length} rows)`,
    );
  }
  const ratios = results.map((r) => r.semantic / r.hand);
  const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
  const headline = results[0]!;
  console.log(
    `\noverhead (semantic / hand), geometric mean over ${results.length} queries: ${geo.toFixed(2)}× (target ≤ 1.2×); worst ${Math.max(...ratios).toFixed(2)}×`,
  );
  console.log(`"${headline.name}" p50: ${headline.semantic.toFixed(1)} ms (target < 300 ms)`);
  t = process.hrtime.bigint();
  const { loadCatalog } = await import('../packages/core/src/semantic/load-catalog.ts');
  await loadCatalog(wh);
  console.log(
    `loading the catalog from the store (once per process or request): ${ms(t).toFixed(1)} ms`,
  );
  await wh.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
