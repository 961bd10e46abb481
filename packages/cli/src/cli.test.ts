import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FOCUS_SAMPLE, miniFocusCsv, tempDir, writeTemp } from '../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../bin/costlens.js');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens CLI', () => {
  it('ingest --json prints per-period/account totals that reconcile', () => {
    const db = join(tempDir(), 'a.duckdb');
    const r = cli(['--db', db, '--json', 'ingest', FOCUS_SAMPLE]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.status, 'ingested');
    assert.equal(out.rowCount, 1000);
    assert.ok(out.partitions.length >= 3);
    assert.ok(out.partitions.every((p: { matches: boolean }) => p.matches));
    const again = JSON.parse(cli(['--db', db, '--json', 'ingest', FOCUS_SAMPLE]).stdout);
    assert.equal(again.status, 'unchanged');
  });

  it('piped output is plain text without terminal escapes', () => {
    const db = join(tempDir(), 'b.duckdb');
    const r = cli(['--db', db, 'ingest', FOCUS_SAMPLE]);
    assert.equal(r.code, 0);
    assert.ok(!r.stdout.includes(String.fromCharCode(27)), 'no ANSI escapes');
    assert.match(r.stdout, /Ingested 1000 rows/);
    const s = cli(['--db', db, 'sources']);
    assert.match(s.stdout, /^ingest\tstatus\tformat/m);
  });

  it('bad input exits 3 naming file, line and column', () => {
    const dir = tempDir();
    const bad = writeTemp(dir, 'bad.csv', miniFocusCsv([{}, { BilledCost: 'twelve' }]));
    const r = cli(['--db', join(dir, 'c.duckdb'), 'ingest', bad]);
    assert.equal(r.code, 3);
    assert.ok(r.stderr.includes(`${bad}:3 column BilledCost`), r.stderr);
    assert.match(r.stderr, /Hint:/);
  });

  it('sql refuses statements that write and exits 3', () => {
    const db = join(tempDir(), 'd.duckdb');
    cli(['--db', db, 'ingest', FOCUS_SAMPLE]);
    const r = cli(['--db', db, 'sql', 'DELETE FROM focus_cost']);
    assert.equal(r.code, 3);
    const ok = cli(['--db', db, '--json', 'sql', 'SELECT count(*)::INTEGER AS n FROM focus_cost']);
    assert.deepEqual(JSON.parse(ok.stdout), [{ n: 1000 }]);
  });

  it('a database held by another process fails at once with exit 5 naming the PID', async () => {
    const db = join(tempDir(), 'held.duckdb');
    cli(['--db', db, 'ingest', FOCUS_SAMPLE]);
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         const i = await DuckDBInstance.create(${JSON.stringify(db)});
         await i.connect(); console.log('held'); setInterval(() => {}, 1000);`,
      ],
      {
        cwd: resolve(fileURLToPath(import.meta.url), '../../../core'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      await new Promise<void>((ok) => holder.stdout!.once('data', () => ok()));
      const started = Date.now();
      const r = cli(['--db', db, 'sources'], { COSTLENS_NO_SERVER: '1' });
      assert.equal(r.code, 5, r.stderr);
      assert.ok(r.stderr.includes(`PID ${holder.pid}`), r.stderr);
      assert.ok(Date.now() - started < 20_000, 'no hang');
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
