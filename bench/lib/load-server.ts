/**
 * The server under load, in its own process so the load generator does not share its event
 * loop: starts the real server on BENCH_DB with the budgets raised (the rate-limit hook still
 * runs), sends `{ url }` to the parent, and answers `'memory'` with a post-GC memory sample.
 * Run by bench/load.bench.ts through fork() with `--expose-gc`.
 */
import { startServer } from '@costlens/server';

const dbPath = process.env['BENCH_DB'];
if (!dbPath || !process.send) throw new Error('run by bench/load.bench.ts (BENCH_DB + IPC)');

const unlimited = { max: 1_000_000_000, windowMs: 60_000 };
const server = await startServer({
  dbPath,
  port: 0,
  limits: {
    perCaller: unlimited,
    routeBudgets: Object.fromEntries(
      ['POST /api/ask', 'POST /api/sql', 'POST /mcp', 'POST /api/ai/ingest'].map((r) => [
        r,
        unlimited,
      ]),
    ),
  },
});

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (msg) => {
  if (msg === 'memory') {
    // Collect first, so the heap figure is what is still alive rather than garbage not yet swept.
    gc?.();
    const m = process.memoryUsage();
    process.send!({ memory: { rss: m.rss, heapUsed: m.heapUsed, external: m.external } });
  } else if (msg === 'close') {
    const t0 = performance.now();
    void server.close().then(() => {
      console.error(`server closed in ${Math.round(performance.now() - t0)} ms`);
      process.exit(0);
    });
  }
});
process.send({ url: server.url });
