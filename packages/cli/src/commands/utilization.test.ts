import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens utilization and recommend run', () => {
  const dir = tempDir();
  const db = join(dir, 'u.duckdb');

  it('loads a utilization file and reports a bad one with its line and field (exit 3)', () => {
    const ok = writeTemp(dir, 'ok.csv', 'resource_id,date,cpu_p95,mem_p95\ni-1,2026-11-01,4,10\n');
    const a = cli(['--db', db, 'utilization', 'ingest', ok]);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /1 rows, 1 resources, 2026-11-01/);
    const bad = writeTemp(dir, 'bad.csv', 'resource_id,date,cpu_p95\ni-1,2026-11-02,lots\n');
    const b = cli(['--db', db, 'utilization', 'ingest', bad]);
    assert.equal(b.code, 3);
    assert.match(b.stderr, /bad\.csv:2 column cpu_p95/);
  });

  it('recommend run on a store without billing data finds nothing and saves nothing', () => {
    const r = cli(['--db', db, '--json', 'recommend', 'run']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { recommendations: unknown[]; saved: { created: number } };
    assert.equal(out.recommendations.length, 0);
    assert.equal(out.saved.created, 0);
  });
});
