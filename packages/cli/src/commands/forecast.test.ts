import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dailyCostCsv } from '../../../core/src/forecast/daily-cost-fixture.ts';
import { tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens forecast', () => {
  const dir = tempDir();
  const db = join(dir, 'f.duckdb');
  before(() => {
    const r = cli(['--db', db, 'ingest', writeTemp(dir, 'cost.csv', dailyCostCsv())]);
    assert.equal(r.code, 0, r.stderr);
  });

  it('forecasts a team slice with projections as JSON', () => {
    const r = cli([
      '--db',
      db,
      '--json',
      'forecast',
      'effective_cost',
      '--where',
      'tag:team=ml',
      '--horizon',
      '30d',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const f = JSON.parse(r.stdout);
    assert.equal(f.asOf, '2025-03-31');
    assert.equal(f.forecast.length, 30);
    assert.equal(f.forecast[0].date, '2025-04-01');
    const saturday = f.forecast.find((p: { date: string }) => p.date === '2025-04-05');
    const tuesday = f.forecast.find((p: { date: string }) => p.date === '2025-04-08');
    assert.ok(saturday.mean < 75 && tuesday.mean > 85, `${saturday.mean} ${tuesday.mean}`);
    const q = f.projections.find((p: { period: string }) => p.period === 'quarter');
    assert.equal(q.start, '2025-04-01');
    assert.equal(Number(q.actualToDate), 0);
  });

  it('prints projections and a weekly table for people', () => {
    const r = cli([
      '--db',
      db,
      'forecast',
      '--where',
      'tag:team=web',
      '--horizon',
      '8w',
      '--accuracy',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /actuals through 2025-03-31/);
    assert.match(r.stdout, /^month\t2025-04-01\t/m);
    assert.match(r.stdout, /^week from\tforecast/m);
    assert.match(r.stdout, /^naive2\t/m);
  });

  it('generic mode writes the forecast file; bad flags exit 3 with a hint', () => {
    const input = writeTemp(
      dir,
      's.csv',
      `series_id,timestamp,value\n${Array.from({ length: 40 }, (_, t) => `a,${t},${10 + (t % 4)}\nb,${t},${20 + t}`).join('\n')}\n`,
    );
    const output = join(dir, 'o.csv');
    const r = cli([
      '--db',
      db,
      'forecast',
      '--series',
      input,
      '--horizon',
      '5',
      '--season',
      '4',
      '--out',
      output,
      '--workers',
      '1',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2 series forecast \(10 rows\)/);
    assert.equal(readFileSync(output, 'utf8').trim().split('\n').length, 11);
    const bad = cli([
      '--db',
      db,
      'forecast',
      '--series',
      input,
      '--horizon',
      '5d',
      '--out',
      output,
    ]);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /whole number of steps/);
  });

  it('backtest on a series file reports OWA against Naive2', () => {
    const input = writeTemp(
      dir,
      'b.csv',
      `series_id,timestamp,value\n${Array.from({ length: 60 }, (_, t) => `a,${t},${100 + 2 * t + (t % 7 === 0 ? 15 : 0)}`).join('\n')}\n`,
    );
    const r = cli([
      '--db',
      db,
      '--json',
      'forecast',
      'backtest',
      '--series',
      input,
      '--horizon',
      '7',
      '--season',
      '7',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout);
    assert.equal(rep.forecasts, 3);
    assert.ok(Number.isFinite(rep.owa));
    assert.ok(rep.coverage95 >= 0 && rep.coverage95 <= 1);
  });
});
