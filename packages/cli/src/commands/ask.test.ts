import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { miniFocusCsv, tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens ask', () => {
  const dir = tempDir();
  const db = join(dir, 'ask.duckdb');
  before(() => {
    const csv = miniFocusCsv([
      { EffectiveCost: '12.40' },
      {
        EffectiveCost: '7.60',
        ServiceName: 'Amazon Simple Storage Service',
        ServiceCategory: 'Storage',
      },
      {
        EffectiveCost: '5.00',
        ServiceName: 'AWS Lambda',
        ChargePeriodStart: '2024-12-05T00:00:00Z',
        ChargePeriodEnd: '2024-12-06T00:00:00Z',
        BillingPeriodStart: '2024-12-01T00:00:00Z',
        BillingPeriodEnd: '2025-01-01T00:00:00Z',
      },
    ]);
    const r = cli(['--db', db, 'ingest', writeTemp(dir, 'focus.csv', csv)]);
    assert.equal(r.code, 0, r.stderr);
  });

  it('prints the AskResult with --json, its numbers backed by values and SQL', () => {
    const r = cli(['--db', db, '--json', 'ask', 'How much did we spend on EC2 this month?']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.intent, 'total');
    assert.equal(out.engine, 'offline');
    assert.match(out.answer, /\$12\.40/);
    assert.equal(Number(out.values[0].value), 12.4);
    assert.deepEqual(out.queries[0].timeRange, { start: '2025-01-01', end: '2025-01-06' });
    assert.match(out.sql[0], /^WITH cur AS/);
  });

  it('prints the answer, a table and the query behind it for a person', () => {
    const r = cli(['--db', db, 'ask', 'top', 'services', 'this', 'month']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Biggest services by effective cost/);
    assert.match(r.stdout, /Amazon Elastic Compute Cloud\t\$12\.40/);
    assert.match(r.stdout, /Behind it:\n {2}query 1: \{"metric":"effective_cost"/);
    assert.match(r.stdout, /sql 1: WITH cur AS/);
  });

  it('lists clarification options as commands to run', () => {
    const r = cli(['--db', db, 'ask', 'storage spend this month']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /could mean several things/);
    assert.match(r.stdout, /costlens ask "category Storage spend this month"/);
  });

  it('lists the question patterns asked so far', () => {
    cli(['--db', db, 'ask', 'S3 spend last month']);
    cli(['--db', db, 'ask', 'EC2 spend this week']);
    const r = cli(['--db', db, '--json', 'ask', '--patterns']);
    assert.equal(r.code, 0, r.stderr);
    const patterns = JSON.parse(r.stdout) as { template: string; count: number; intent: string }[];
    const spend = patterns.find((p) => p.template === '{entity} spend {time}');
    assert.ok(spend, JSON.stringify(patterns));
    assert.equal(spend.count, 2);
  });
});
