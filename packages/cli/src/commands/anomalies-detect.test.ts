import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dailyCostCsv } from '../../../core/src/forecast/daily-cost-fixture.ts';
import { tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Team ml's $100 weekday dips to $70 on Monday 2025-03-17; everything else is as usual. */
function dipCsv(): string {
  return dailyCostCsv()
    .split('\n')
    .map((line) =>
      line.includes(',2025-03-17T00:00:00Z,2025-03-18T00:00:00Z,') && line.includes('""ml""')
        ? line.replaceAll('100.00', '70.00')
        : line,
    )
    .join('\n');
}

/** A fresh store with the dip, then `anomalies detect` with `args`: the days anomalies start. */
function detect(args: string[]) {
  const dir = tempDir();
  const db = join(dir, 'h.duckdb');
  assert.equal(cli(['--db', db, 'ingest', writeTemp(dir, 'cost.csv', dipCsv())]).code, 0);
  const r = cli(['--db', db, '--json', 'anomalies', 'detect', ...args]);
  if (r.code !== 0) return { ...r, starts: [] as string[] };
  const report = JSON.parse(r.stdout) as { created: { startDay: string }[] };
  return { ...r, starts: [...new Set(report.created.map((a) => a.startDay))] };
}

describe('costlens anomalies detect --holidays', () => {
  it('a dip on an ordinary day is an anomaly; declared a holiday, it is not', () => {
    assert.deepEqual(detect([]).starts, ['2025-03-17']);
    assert.deepEqual(detect(['--holidays', '03-17']).starts, []);
    assert.deepEqual(detect(['--holidays', '2025-03-16..2025-03-18']).starts, []);
    // "none" clears the calendar; the dip is back.
    assert.deepEqual(detect(['--holidays', 'none']).starts, ['2025-03-17']);
  });

  it('takes the calendar from the alerting settings, and the flag wins over them', () => {
    const dir = tempDir();
    const cfg = writeTemp(
      dir,
      'alerting.json',
      JSON.stringify({ channels: [], holidays: ['03-17'] }),
    );
    assert.deepEqual(detect(['--config', cfg]).starts, []);
    assert.deepEqual(detect(['--config', cfg, '--holidays', 'none']).starts, ['2025-03-17']);
  });

  it('names a day it cannot read', () => {
    const r = detect(['--holidays', '12-25,17th of March']);
    assert.notEqual(r.code, 0);
    const error = (JSON.parse(r.stdout) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'INVALID_INPUT');
    assert.match(error.message, /holiday "17th of March" is not a day \(MM-DD or YYYY-MM-DD\)/);
  });
});
