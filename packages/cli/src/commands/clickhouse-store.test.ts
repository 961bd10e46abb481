import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SHARED_DATA, tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');
const EA_ACTUAL = join(
  SHARED_DATA,
  'billing-samples/microsoft-finops-toolkit/azure-ea/EA_ActualCost_Small.csv',
);

function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens with `warehouse` set to ClickHouse (chdb)', () => {
  it('ingests through Parquet into ClickHouse and answers queries from it', () => {
    const dir = tempDir();
    const config = writeTemp(
      dir,
      'costlens.config.json',
      JSON.stringify({ warehouse: `chdb:${join(dir, 'ch')}` }),
    );
    const env = { COSTLENS_CONFIG: config };
    const ing = cli(['--json', 'ingest', EA_ACTUAL], env);
    assert.equal(ing.code, 0, ing.stderr);
    assert.equal((JSON.parse(ing.stdout) as { rowCount: number }).rowCount, 11);
    const q = cli(
      [
        '--json',
        'query',
        '--query-json',
        JSON.stringify({
          metric: 'billed_cost',
          groupBy: ['billing_currency'],
          timeRange: { start: '2023-01-01', end: '2024-01-01' },
        }),
      ],
      env,
    );
    assert.equal(q.code, 0, q.stderr);
    const result = JSON.parse(q.stdout) as { rows: Record<string, unknown>[]; sql: string };
    assert.match(result.sql, /toDateTime64\(\$1, 6, 'UTC'\)/, 'compiled in the ClickHouse dialect');
    assert.deepEqual(result.rows, [{ billing_currency: 'USD', billed_cost: '8.545007786741937' }]);
  });

  it('refuses a warehouse setting that is not a ClickHouse URL, naming the field', () => {
    const dir = tempDir();
    const config = writeTemp(
      dir,
      'costlens.config.json',
      JSON.stringify({ warehouse: 'mysql://x' }),
    );
    const r = cli(['query', 'billed_cost'], { COSTLENS_CONFIG: config });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /warehouse: use clickhouse:\/\//);
  });
});
