/**
 * `npm run bench:dashboard` — first meaningful paint of the overview (the month's KPI visible) in
 * Debian's Chromium, against the API round trip of the same monthly query measured in the same
 * run. Uses BENCH_DB (e.g. .costlens/demo.duckdb; stop its server first) or builds a demo at
 * BENCH_SCALE (default 0.05) in a temp folder. Prints median paint, reference and their ratio.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '@costlens/server';
import { buildDemoDatabase } from '../packages/cli/src/commands/start.ts';
import { yesterdayUtc } from '../packages/cli/src/commands/demo.ts';
import { createOutput } from '../packages/cli/src/output.ts';

const visits = Number(process.env['BENCH_VISITS'] ?? 7);
const web = resolve(fileURLToPath(new URL('.', import.meta.url)), '../packages/web');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!existsSync(join(web, 'dist/index.html'))) {
  const { build } = await import('vite');
  await build({ root: web, logLevel: 'warn', configFile: join(web, 'vite.config.ts') });
}
let dbPath = process.env['BENCH_DB'];
if (!dbPath) {
  dbPath = join(mkdtempSync(join(tmpdir(), 'costlens-bench-')), 'demo.duckdb');
  const scale = Number(process.env['BENCH_SCALE'] ?? 0.05);
  await buildDemoDatabase(
    dbPath,
    { seed: 42, scale, endDate: yesterdayUtc() },
    createOutput({ json: false }),
  );
}
const server = await startServer({ dbPath, port: 0, webRoot: join(web, 'dist') });
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  headless: true,
  viewport: { width: 1280, height: 800 },
});
try {
  const reference: number[] = [];
  const paint: number[] = [];
  for (let i = 0; i < visits; i++) {
    const t0 = performance.now();
    await (await fetch(`${server.url}/`)).text();
    const res = await fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        metric: 'effective_cost',
        grain: 'month',
        orderBy: [{ field: 'period', direction: 'asc' }],
      }),
    });
    await res.json();
    reference.push(performance.now() - t0);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.locator('[data-testid=kpi-month]').waitFor();
    paint.push(await page.evaluate(() => performance.now()));
    await page.close();
  }
  const result = {
    db: dbPath,
    visits,
    firstVisitPaintMs: Math.round(paint[0]!),
    medianPaintMs: Math.round(median(paint)),
    medianReferenceMs: Math.round(median(reference)),
    ratio: Number((median(paint) / median(reference)).toFixed(2)),
    targetMs: 1500,
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await context.close();
  await server.close();
}
