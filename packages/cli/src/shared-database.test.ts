/**
 * Processes sharing one DuckDB file (issue 15): DuckDB lets one process open a file, so two
 * `costlens ingest` runs either fail at once naming the holder or, with `--wait`, queue one after
 * the other and end as one of their serial orders; while `costlens serve` owns the file, ingest is
 * refused naming the server, reads go through it, and the file is intact after.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { advertPath, DuckDbWarehouse, ingestFiles } from '@costlens/core';
import { writeBillingCsv } from '../../core/src/testing/billing-csv.ts';
import { REPO_ROOT, tempDir } from '../../core/src/testing/fixtures.ts';
import { manifestDisagreements, readStoreState } from '../../core/src/testing/store-state.ts';
import type { StoreState } from '../../core/src/testing/store-state.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../bin/costlens.js');

interface Running {
  proc: ChildProcess;
  /** Resolves once stdout or stderr has contained `text`. */
  saw: (text: string) => Promise<void>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(cmd: string, args: string[]): Running {
  const proc = spawn(cmd, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, COSTLENS_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; ok: () => void }[] = [];
  const check = () => {
    for (const w of waiters) if (stdout.includes(w.text) || stderr.includes(w.text)) w.ok();
  };
  proc.stdout!.on('data', (d: Buffer) => ((stdout += d.toString()), check()));
  proc.stderr!.on('data', (d: Buffer) => ((stderr += d.toString()), check()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((ok) =>
    proc.on('exit', (code) => ok({ code, stdout, stderr })),
  );
  return {
    proc,
    saw: (text) =>
      new Promise<void>((ok) => {
        waiters.push({ text, ok });
        check();
      }),
    done,
  };
}

const costlens = (args: string[]) => start(process.execPath, [BIN, ...args]);

/** A process that opens the database like any other and holds it until SIGTERM. */
function holder(db: string): Running {
  return start(process.execPath, [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    `const { DuckDbWarehouse } = await import('./packages/core/src/store/duckdb.ts');
     const wh = await DuckDbWarehouse.open({ path: ${JSON.stringify(db)} });
     console.log('holding');
     setInterval(() => undefined, 1000);
     process.on('SIGTERM', async () => { await wh.close(); process.exit(0); });`,
  ]);
}

async function stateOf(db: string) {
  const wh = await DuckDbWarehouse.open({ path: db });
  try {
    return { state: await readStoreState(wh), problems: await manifestDisagreements(wh) };
  } finally {
    await wh.close();
  }
}

async function serialState(files: readonly string[]): Promise<StoreState> {
  const wh = await DuckDbWarehouse.open();
  for (const f of files) await ingestFiles(wh, [f]);
  const s = await readStoreState(wh);
  await wh.close();
  return s;
}

describe('processes sharing one database file', () => {
  const dir = tempDir('costlens-shared-');
  const janFeb = writeBillingCsv(join(dir, 'jan-feb.csv'), {
    rows: 3000,
    months: ['2025-01', '2025-02'],
  });
  const febMar = writeBillingCsv(join(dir, 'feb-mar.csv'), {
    rows: 3000,
    months: ['2025-02', '2025-03'],
    seed: 3,
  });

  it('ingest fails at once naming the holder, or with --wait queues behind it', async () => {
    const db = join(tempDir(), 'held.duckdb');
    const h = holder(db);
    await h.saw('holding');
    const refused = await costlens(['--db', db, 'ingest', janFeb]).done;
    assert.equal(refused.code, 5, refused.stderr);
    assert.match(refused.stderr, new RegExp(`in use by another process .*PID ${h.proc.pid}`));

    const waiting = costlens(['--db', db, 'ingest', '--wait', '120', janFeb]);
    await waiting.saw('Waiting up to 120 s');
    h.proc.kill('SIGTERM');
    const ingested = await waiting.done;
    assert.equal(ingested.code, 0, ingested.stderr);
    assert.match(ingested.stdout, /Ingested 3000 rows/);
    const { state, problems } = await stateOf(db);
    assert.deepEqual(problems, []);
    assert.deepEqual(state, await serialState([janFeb]));
  });

  it('two ingests of overlapping periods at once, with --wait, end as one of their serial orders', async () => {
    const orders = [await serialState([janFeb, febMar]), await serialState([febMar, janFeb])];
    const db = join(tempDir(), 'two.duckdb');
    const [a, b] = await Promise.all([
      costlens(['--db', db, 'ingest', '--wait', '120', janFeb]).done,
      costlens(['--db', db, 'ingest', '--wait', '120', febMar]).done,
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const { state, problems } = await stateOf(db);
    assert.deepEqual(problems, []);
    assert.ok(
      orders.some((o) => isDeepEqual(state, o)),
      `matches a serial order: ${JSON.stringify(state)}`,
    );
  });

  it('while costlens serve owns the file, ingest is refused naming it, reads go through it, and the file is intact after', async () => {
    const db = join(tempDir(), 'served.duckdb');
    const first = await costlens(['--db', db, 'ingest', janFeb]).done;
    assert.equal(first.code, 0, first.stderr);
    const before = await stateOf(db);

    const server = costlens(['--db', db, 'serve', '--port', '0', '--log-level', 'silent']);
    await server.saw('CostLens is serving');
    try {
      const refused = await costlens(['--db', db, 'ingest', '--wait', '60', febMar]).done;
      assert.equal(refused.code, 5, refused.stderr);
      assert.match(refused.stderr, /owned by the CostLens server at http:\/\/127\.0\.0\.1:\d+/);
      assert.match(refused.stderr, new RegExp(`PID ${server.proc.pid}`));
      const sources = await costlens(['--db', db, '--json', 'sources']).done;
      assert.equal(sources.code, 0, sources.stderr);
      assert.equal(JSON.parse(sources.stdout).length, 1);
    } finally {
      server.proc.kill('SIGTERM');
      await server.done;
    }
    assert.equal(existsSync(advertPath(db)), false);
    const after = await stateOf(db);
    assert.deepEqual(after.problems, []);
    assert.deepEqual(after.state, before.state);
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
