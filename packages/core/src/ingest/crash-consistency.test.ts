/**
 * Crash consistency: the production ingest runs in a child process and is killed with SIGKILL at
 * points spread over its whole measured duration; reopening the store (DuckDB replays or drops its
 * WAL) must give exactly the state before or after that ingest — rows, per-period totals to the
 * cent and the manifest — never in between, with the manifest agreeing with the rows. Half the
 * runs ingest into an empty store, half re-ingest periods already stored (replace, never double).
 * COSTLENS_CRASH_RUNS (default 30) and COSTLENS_CRASH_ROWS (default 20000) make it bigger.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { writeBillingCsv } from '../testing/billing-csv.ts';
import { REPO_ROOT, tempDir } from '../testing/fixtures.ts';
import { manifestDisagreements, readStoreState } from '../testing/store-state.ts';
import type { StoreState } from '../testing/store-state.ts';
import { ingestFiles } from './ingest.ts';

const RUNS = Number(process.env['COSTLENS_CRASH_RUNS'] ?? 30);
const ROWS = Number(process.env['COSTLENS_CRASH_ROWS'] ?? 20_000);

// The child loads its modules first and says 'ready', so start-up is not measured. Kill points are
// in CPU time, not wall time: on a shared machine the wall time of an ingest varies several-fold
// from run to run, and points measured in it bunch up in the early phases. The child watches its
// own CPU use (DuckDB works on other threads; the event loop stays free) and SIGKILLs itself at
// the point it was given — the same abrupt death as a kill from outside.
const CHILD = `
const { DuckDbWarehouse } = await import('./packages/core/src/store/duckdb.ts');
const { ingestFiles } = await import('./packages/core/src/ingest/ingest.ts');
const [db, ...files] = JSON.parse(process.env.CRASH_ARGS);
console.log('ready');
const go = await new Promise((ok) => process.stdin.once('data', ok));
const killAtCpuMs = Number(String(go).split(' ')[1] ?? 0);
const base = process.cpuUsage();
const cpuMs = () => { const u = process.cpuUsage(base); return (u.user + u.system) / 1000; };
// Polled in every run, the measuring one too: the polling costs CPU of its own.
setInterval(() => {
  if (killAtCpuMs > 0 && cpuMs() >= killAtCpuMs) process.kill(process.pid, 'SIGKILL');
}, 3);
console.log('phase open');
const wh = await DuckDbWarehouse.open({ path: db, threads: 1 });
await ingestFiles(wh, files, { onPhase: (p) => console.log('phase ' + p) });
if (process.env.CRASH_HOLD) {
  console.log('phase committed');
  setInterval(() => undefined, 1000);
} else {
  console.log('phase close');
  await wh.close();
  console.log('cpu ' + cpuMs());
  process.exit(0);
}
`;

interface IngestChild {
  proc: ChildProcess;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  lastPhase: () => string;
  /** CPU milliseconds the ingest took, once it finished. */
  cpuMs: () => number;
  /** Resolves when the child reports `phase`. */
  reached: (phase: string) => Promise<void>;
}

function spawnIngest(db: string, files: readonly string[], hold = false): IngestChild {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      CRASH_ARGS: JSON.stringify([db, ...files]),
      ...(hold ? { CRASH_HOLD: '1' } : {}),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let phase = 'start';
  let cpu = NaN;
  let stderr = '';
  const waiters: { phase: string; ok: () => void }[] = [];
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((ok) => (onReady = ok));
  proc.stdout!.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      if (line === 'ready') onReady();
      if (line.startsWith('phase ')) phase = line.slice(6);
      if (line.startsWith('cpu ')) cpu = Number(line.slice(4));
      for (const w of waiters) if (w.phase === phase) w.ok();
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    proc.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) console.error(stderr);
      ok({ code, signal });
    }),
  );
  return {
    proc,
    ready,
    exited,
    lastPhase: () => phase,
    cpuMs: () => cpu,
    reached: (p) => new Promise<void>((ok) => waiters.push({ phase: p, ok })),
  };
}

/** Starts the ingest, which kills itself after `killAtCpuMs` of CPU (never when 0); how it ended. */
async function run(child: IngestChild, killAtCpuMs: number) {
  await child.ready;
  const started = performance.now();
  child.proc.stdin!.end(`go ${Math.max(0, Math.round(killAtCpuMs))}\n`);
  const { code, signal } = await child.exited;
  return { ms: performance.now() - started, code, killed: signal === 'SIGKILL' };
}

async function stateOf(db: string): Promise<{ state: StoreState; problems: string[] }> {
  const wh = await DuckDbWarehouse.open({ path: db, threads: 1 });
  try {
    return { state: await readStoreState(wh), problems: await manifestDisagreements(wh) };
  } finally {
    await wh.close();
  }
}

describe('crash consistency of ingest', () => {
  it(
    'an ingest killed with SIGKILL at any point leaves the store exactly as before or after it',
    { timeout: 30 * 60_000 },
    async (t) => {
      const dir = tempDir('costlens-crash-');
      // The store before: Jan+Feb from one export, Mar from another. The killed ingest restates
      // Feb and Mar (other numbers), so "after" replaces two partitions and supersedes one ingest.
      const janFeb = writeBillingCsv(join(dir, 'jan-feb.csv'), {
        rows: 2000,
        months: ['2025-01', '2025-02'],
      });
      const mar = writeBillingCsv(join(dir, 'mar.csv'), { rows: 500, months: ['2025-03'] });
      const big = writeBillingCsv(join(dir, 'feb-mar.csv'), {
        rows: ROWS,
        months: ['2025-02', '2025-03'],
        seed: 7,
      });
      const bases = { fresh: join(dir, 'fresh.duckdb'), replace: join(dir, 'replace.duckdb') };
      await (await DuckDbWarehouse.open({ path: bases.fresh })).close();
      const seed = await DuckDbWarehouse.open({ path: bases.replace });
      await ingestFiles(seed, [janFeb]);
      await ingestFiles(seed, [mar]);
      await seed.close();

      let copies = 0;
      const copyOf = (base: string) => {
        const db = join(dir, `run-${copies++}.duckdb`);
        copyFileSync(base, db);
        return db;
      };
      const remove = (db: string) => {
        for (const p of [db, `${db}.wal`]) rmSync(p, { force: true });
      };

      type Scenario = keyof typeof bases;
      const expected = {} as Record<
        Scenario,
        { before: StoreState; after: StoreState; ms: number; cpuMs: number }
      >;
      for (const scenario of ['fresh', 'replace'] as const) {
        const before = await stateOf(copyOf(bases[scenario]));
        const db = copyOf(bases[scenario]);
        const calibration = spawnIngest(db, [big]);
        const done = await run(calibration, 0);
        assert.equal(done.code, 0, 'the ingest finishes when not killed');
        const after = await stateOf(db);
        assert.deepEqual(after.problems, []);
        assert.equal(
          after.state.rowCount - before.state.rowCount,
          scenario === 'fresh' ? ROWS : ROWS - 1500,
        );
        assert.notDeepEqual(after.state.partitions, before.state.partitions);
        expected[scenario] = {
          before: before.state,
          after: after.state,
          ms: done.ms,
          cpuMs: calibration.cpuMs(),
        };
        remove(db);
      }

      const outcomes: Record<string, number> = {};
      const tally = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
      const scenarioOf = (i: number): Scenario => (i % 2 === 0 ? 'fresh' : 'replace');
      let resumable: { db: string; scenario: Scenario } | null = null;
      const prepare = (scenario: Scenario) => {
        const db = copyOf(bases[scenario]);
        return { db, scenario, child: spawnIngest(db, [big]) };
      };
      // One child is always starting while the previous one runs, so start-up costs little.
      let next = prepare(scenarioOf(0));
      for (let i = 0; i < RUNS; i++) {
        const current = next;
        const { scenario } = current;
        await current.child.ready;
        if (i + 1 < RUNS) next = prepare(scenarioOf(i + 1));
        // Stratified: run i dies somewhere in the i-th slice of 1.15 × the measured CPU time
        // (the commit comes at ~98 % of it; the CPU an ingest takes varies by ~10 % run to run).
        const fraction = ((i + Math.random()) / RUNS) * 1.15;
        const ended = await run(current.child, Math.max(1, fraction * expected[scenario].cpuMs));
        const phase = current.child.lastPhase();
        const walLeft = existsSync(`${current.db}.wal`);
        const { state, problems } = await stateOf(current.db);
        assert.deepEqual(problems, [], `run ${i}: the manifest agrees with the rows`);
        const { before, after } = expected[scenario];
        const outcome = isDeepEqual(state, before)
          ? 'before'
          : isDeepEqual(state, after)
            ? 'after'
            : null;
        if (outcome === null) {
          assert.deepEqual(state, after, `run ${i} (${scenario}, killed in ${phase}): in between`);
        }
        tally(
          `${ended.killed ? `killed in ${phase}` : 'finished'} → ${outcome}${walLeft ? ' (WAL replayed)' : ''}`,
        );
        tally(`outcome ${outcome}`);
        if (outcome === 'before' && phase === 'write' && resumable === null) resumable = current;
        else remove(current.db);
      }
      t.diagnostic(
        `${RUNS} runs over ${ROWS} rows; measured ingest: fresh ${Math.round(expected.fresh.cpuMs)} ms CPU (${Math.round(expected.fresh.ms)} ms wall), replace ${Math.round(expected.replace.cpuMs)} ms CPU (${Math.round(expected.replace.ms)} ms wall)`,
      );
      for (const [k, n] of Object.entries(outcomes).sort()) t.diagnostic(`${n} × ${k}`);
      assert.ok((outcomes['outcome before'] ?? 0) > 0, 'some kills landed before the commit');

      // A store left by a kill mid-write takes the same ingest again and ends exactly "after".
      if (resumable) {
        const wh = await DuckDbWarehouse.open({ path: resumable.db, threads: 1 });
        await ingestFiles(wh, [big]);
        await wh.close();
        const again = await stateOf(resumable.db);
        assert.deepEqual(again.problems, []);
        assert.deepEqual(again.state, expected[resumable.scenario].after);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  );

  it('a process killed after the commit but before the checkpoint leaves a WAL that reopening replays', async () => {
    const dir = tempDir('costlens-crash-');
    const csv = writeBillingCsv(join(dir, 'feb.csv'), { rows: 3000, months: ['2025-02'] });
    const expectedDb = join(dir, 'expected.duckdb');
    const wh = await DuckDbWarehouse.open({ path: expectedDb, threads: 1 });
    await ingestFiles(wh, [csv]);
    await wh.close();
    const expected = await stateOf(expectedDb);

    const db = join(dir, 'killed.duckdb');
    await (await DuckDbWarehouse.open({ path: db })).close();
    const child = spawnIngest(db, [csv], true);
    await child.ready;
    child.proc.stdin!.end('go\n');
    await child.reached('committed');
    child.proc.kill('SIGKILL');
    await child.exited;
    assert.ok(existsSync(`${db}.wal`), 'the committed ingest is only in the WAL');
    const after = await stateOf(db);
    assert.deepEqual(after.problems, []);
    assert.deepEqual(after.state, expected.state);
    assert.equal(after.state.rowCount, 3000);
    rmSync(dir, { recursive: true, force: true });
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
