import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SHARED_DATA, tempDir } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');
const EA_ACTUAL = join(
  SHARED_DATA,
  'billing-samples/microsoft-finops-toolkit/azure-ea/EA_ActualCost_Small.csv',
);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens export', () => {
  it('writes one Parquet file per period that `costlens ingest` reads back to the same totals', () => {
    const dir = tempDir();
    const db = join(dir, 'a.duckdb');
    assert.equal(cli(['--db', db, 'ingest', EA_ACTUAL]).code, 0);
    const out = join(dir, 'out');
    const r = cli(['--db', db, '--json', 'export', '--format', 'parquet', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const { files } = JSON.parse(r.stdout) as {
      files: { path: string; period: string; billedCost: string; rowCount: number }[];
    };
    assert.deepEqual(readdirSync(out), ['focus-cost-2023-09.parquet']);
    assert.deepEqual(
      files.map((f) => [f.period, f.rowCount, f.billedCost]),
      [['2023-09', 11, '8.545007786741937']],
    );
    const again = cli(['--db', join(dir, 'b.duckdb'), '--json', 'ingest', files[0]!.path]);
    assert.equal(again.code, 0, again.stderr);
    const result = JSON.parse(again.stdout) as {
      partitions: { billedCost: string; matches: boolean }[];
      findings: unknown[];
    };
    assert.deepEqual(
      result.partitions.map((p) => [p.billedCost, p.matches]),
      [['8.545007786741937', true]],
    );
    assert.deepEqual(result.findings, []);
  });

  it('treats an unknown --format as a usage error and an empty store as not found', () => {
    const dir = tempDir();
    const db = join(dir, 'a.duckdb');
    assert.equal(cli(['--db', db, 'export', '--format', 'xlsx', '--out', dir]).code, 2);
    const empty = cli(['--db', db, 'export', '--period', '2020-01', '--out', join(dir, 'x')]);
    assert.equal(empty.code, 6);
    assert.match(
      empty.stderr,
      /no cost rows for billing period 2020-01[\s\S]*Hint: Ingest a billing export first/,
    );
  });

  it('writes the hive layout with --partitioned, and refuses --partitioned without Parquet', () => {
    const dir = tempDir();
    const db = join(dir, 'a.duckdb');
    assert.equal(cli(['--db', db, 'ingest', EA_ACTUAL]).code, 0);
    const out = join(dir, 'lake');
    const r = cli([
      '--db',
      db,
      '--json',
      'export',
      '--format',
      'parquet',
      '--partitioned',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const { partitions } = JSON.parse(r.stdout) as {
      partitions: { period: string; provider: string; rowCount: number; billedCost: string }[];
    };
    assert.deepEqual(
      partitions.map((p) => [p.period, p.rowCount, p.billedCost]),
      [['2023-09', 11, '8.545007786741937']],
    );
    const provider = readdirSync(join(out, 'billing_period=2023-09'));
    assert.deepEqual(provider, [`provider=${partitions[0]!.provider}`]);
    assert.deepEqual(readdirSync(join(out, 'billing_period=2023-09', provider[0]!)), [
      'part-0.parquet',
    ]);
    const csv = cli(['--db', db, 'export', '--partitioned', '--out', out]);
    assert.equal(csv.code, 3);
    assert.match(csv.stderr, /--partitioned writes Parquet only[\s\S]*--format parquet/);
  });
});
