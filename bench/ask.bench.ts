/**
 * `npm run bench:ask` — offline assistant latency over the question bank on the demo database
 * (generated at BENCH_SCALE, default 0.01, and loaded like `npm start` does). Each question is
 * asked once to warm the entity index, then timed through `answerQuestion` (parse, match, run,
 * ground, log). The reference, measured in the same run, is the raw time of the semantic queries
 * each answer cited, re-run through runQuery: the ratio shows the parsing/matching/analysis
 * overhead on top of the queries themselves. Accuracy against SQL is reported alongside.
 * BENCH_DB=<path> reuses a demo database built earlier (kept after the run).
 */
import { loadavg } from 'node:os';
import { answerQuestion } from '../packages/core/src/assistant/ask.ts';
import { ASK_DEMO_TODAY, openAskDemo } from '../packages/core/src/assistant/ask-demo-fixture.ts';
import { evaluateBank, questionBank } from '../packages/core/src/assistant/ask-question-bank.ts';
import { runQuery } from '../packages/core/src/semantic/run-query.ts';
import { DuckDbWarehouse } from '../packages/core/src/store/duckdb.ts';

const scale = Number(process.env['BENCH_SCALE'] ?? '0.01');
const now = new Date(`${ASK_DEMO_TODAY}T00:00:00Z`);

function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

const started = Date.now();
const reuse = process.env['BENCH_DB'];
const { wh, cleanup } = reuse
  ? { wh: await DuckDbWarehouse.open({ path: reuse }), cleanup: () => undefined }
  : await openAskDemo({ scale });
const [{ n: rows } = { n: 0 }] = await wh.query<{ n: number }>(
  'SELECT count(*)::INTEGER AS n FROM focus_cost',
);
console.log(
  `demo database: ${Number(rows).toLocaleString()} cost rows (scale ${reuse ? 'reused' : scale}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s; load ${loadavg()[0]!.toFixed(1)}`,
);

const bank = questionBank();
// Warm-up: entity index, catalog, DuckDB caches.
await evaluateBank(wh, bank.slice(0, 5), (w, q) => answerQuestion(w, q, { now, log: false }));

const answerMs: number[] = [];
const queryMs: number[] = [];
const ranQueries: boolean[] = [];
const byIntent = new Map<string, number[]>();
const run = await evaluateBank(wh, bank, async (w, q) => {
  const t0 = performance.now();
  const r = await answerQuestion(w, q, { now, actor: 'bench', channel: 'bench' });
  const ms = performance.now() - t0;
  answerMs.push(ms);
  byIntent.set(r.intent, [...(byIntent.get(r.intent) ?? []), ms]);
  const q0 = performance.now();
  for (const sq of r.queries) await runQuery(w, sq, { now });
  queryMs.push(performance.now() - q0);
  ranQueries.push(r.queries.length > 0);
  return r;
});

const line = (label: string, xs: readonly number[]) =>
  `${label.padEnd(28)} p50 ${pct(xs, 50).toFixed(1).padStart(7)} ms   p95 ${pct(xs, 95).toFixed(1).padStart(7)} ms   (n=${xs.length})`;
console.log(`\naccuracy: ${run.passed}/${run.total} exact against SQL`);
for (const f of run.failures) console.log(`  failed: ${f}`);
console.log(`\n${line('answer (offline, end to end)', answerMs)}`);
console.log(
  line(
    'reference: its queries only',
    queryMs.filter((_, i) => ranQueries[i]),
  ),
);
const withQueries = answerMs
  .map((a, i) => ({ a, q: queryMs[i]!, ran: ranQueries[i]! }))
  .filter((x) => x.ran);
const ratios = withQueries.map((x) => x.a / x.q);
console.log(
  `ratio answer / its queries    p50 ${pct(ratios, 50).toFixed(2)}×   p95 ${pct(ratios, 95).toFixed(2)}×   (questions that ran queries: ${withQueries.length})`,
);
console.log(`under 300 ms: ${answerMs.filter((x) => x < 300).length}/${answerMs.length}`);
console.log('\nby intent:');
for (const [intent, xs] of [...byIntent].sort()) console.log(`  ${line(intent, xs)}`);
console.log(`\ntarget: p50 < 300 ms — ${pct(answerMs, 50) < 300 ? 'met' : 'NOT met'}`);
await wh.close();
cleanup();
