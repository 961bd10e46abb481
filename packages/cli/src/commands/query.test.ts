import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DuckDbWarehouse } from '../../../core/src/store/duckdb.ts';
import { FOCUS_SAMPLE, tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens query, showback, metrics and allocation', () => {
  const dir = tempDir();
  const db = join(dir, 'q.duckdb');
  before(() => {
    const r = cli(['--db', db, 'ingest', FOCUS_SAMPLE]);
    assert.equal(r.code, 0, r.stderr);
  });

  it('answers the compact example on the real sample, matching the stored totals', async () => {
    const r = cli([
      '--db',
      db,
      '--json',
      'query',
      'effective_cost',
      'by',
      'service,tag:team',
      'last',
      '3',
      'months',
      'monthly',
      '--top',
      '10',
      '--where',
      'provider=aws',
      '--as-of',
      'latest',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.query.filters, [{ dimension: 'provider', op: 'eq', value: 'AWS' }]);
    assert.deepEqual(out.timeRange, { start: '2024-07-01', end: '2024-10-01' });
    assert.ok(out.rows.length <= 11 && out.rows.length > 1);
    assert.match(out.sql, /^WITH cur AS/);
    assert.ok(out.params.includes('AWS'));
    const wh = await DuckDbWarehouse.open({ path: db });
    const [total] = await wh.query<{ s: string }>(
      `SELECT sum(EffectiveCost)::VARCHAR AS s FROM focus_cost WHERE ServiceProviderName = 'AWS'`,
    );
    await wh.close();
    const want = total!.s;
    const sum = out.rows.reduce(
      (a: bigint, row: { effective_cost: string }) =>
        a + BigInt(row.effective_cost.replace('.', '')),
      0n,
    );
    assert.equal(sum, BigInt(want.replace('.', '')));
  });

  it('prints CSV with exact values and a table with money rounded for people', () => {
    const csv = cli([
      '--db',
      db,
      'query',
      'billed_cost',
      'by',
      'provider',
      'in',
      '2024-09',
      '--csv',
    ]);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trim().split('\n');
    assert.equal(lines[0], 'provider,billed_cost');
    assert.match(lines[1]!, /^AWS,18\.006638618400000$/);
    const table = cli([
      '--db',
      db,
      'query',
      'billed_cost',
      'by',
      'provider',
      'in',
      '2024-09',
      '--sql',
    ]);
    assert.match(table.stdout, /^AWS\t18\.01$/m);
    assert.match(table.stdout, /-- params: \["2024-09-01 00:00:00","2024-10-01 00:00:00"\]/);
  });

  it('takes the full model with --query-json, rejects unknown names with exit 3, and says where the data lies when a range is empty', () => {
    const q = JSON.stringify({
      metric: 'row_count',
      groupBy: ['charge_category'],
      orderBy: [{ field: 'row_count', direction: 'desc' }],
    });
    const ok = cli(['--db', db, '--json', 'query', '--query-json', q]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(
      JSON.parse(ok.stdout).rows.reduce(
        (n: number, r: { row_count: number }) => n + r.row_count,
        0,
      ),
      1000,
    );
    const bad = cli(['--db', db, 'query', 'effective_cots', 'by', 'servise']);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /unknown metric "effective_cots"/);
    assert.match(bad.stderr, /unknown dimension "servise"/);
    assert.match(bad.stderr, /Valid metrics: billed_cost, effective_cost/);
    const empty = cli(['--db', db, 'query', 'effective_cost', 'last', '7', 'days']);
    assert.equal(empty.code, 0);
    assert.match(empty.stderr, /data covers 2024-09-01 … 2024-09-30/);
  });

  it('saves an allocation config, refuses a bad one with file and field, and shows back by team', () => {
    const good = writeTemp(
      dir,
      'alloc.json',
      JSON.stringify({
        tagAliases: { team: ['business_unit'] },
        sharedCosts: [
          { id: 'untagged', match: [{ dimension: 'team', op: 'is_null' }], method: 'proportional' },
        ],
      }),
    );
    assert.equal(cli(['--db', db, 'allocation', 'set', good]).code, 0);
    const bad = writeTemp(
      dir,
      'bad.json',
      '{\n  "sharedCosts": [{ "id": "x", "match": [{ "dimension": "nope", "op": "eq", "value": "a" }], "method": "even" }]\n}',
    );
    const r = cli(['--db', db, 'allocation', 'set', bad]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /nope/);
    const s = cli(['--db', db, '--json', 'showback', '--month', '2024-09']);
    assert.equal(s.code, 0, s.stderr);
    const report = JSON.parse(s.stdout);
    assert.equal(report.total.before, report.total.after);
    assert.ok(report.rows.length > 3);
    assert.ok(report.rows.some((x: { shared: string }) => x.shared !== '0.000000000000000'));
    const text = cli(['--db', db, 'showback', '--month', '2024-09', '--by', 'team']);
    assert.match(text.stdout, /after allocation = .* before \(exact: equal\)/);
  });

  it('ingests business metrics and answers a unit cost like any metric', () => {
    const kpi = writeTemp(
      dir,
      'kpi.csv',
      'date,metric,value\n2024-09-01,requests,1000\n2024-09-15,requests,3000\n',
    );
    assert.equal(cli(['--db', db, 'metrics', 'ingest', kpi]).code, 0);
    assert.equal(
      cli([
        '--db',
        db,
        'metrics',
        'define',
        'cost_per_1k_requests',
        '--of',
        'requests',
        '--per',
        '1000',
      ]).code,
      0,
    );
    const r = cli([
      '--db',
      db,
      '--json',
      'query',
      'cost_per_1k_requests,effective_cost',
      'in',
      '2024-09',
      'monthly',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [row] = JSON.parse(r.stdout).rows;
    assert.ok(
      Math.abs(row.cost_per_1k_requests - (Number(row.effective_cost) / 4000) * 1000) < 1e-9,
    );
  });
});
