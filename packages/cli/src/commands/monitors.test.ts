import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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

describe('costlens monitors add --granularity', () => {
  const dir = tempDir();
  const db = join(dir, 'm.duckdb');
  before(() => {
    assert.equal(cli(['--db', db, 'ingest', writeTemp(dir, 'cost.csv', dailyCostCsv())]).code, 0);
  });

  it('adds an hourly monitor beside the daily one, and detection skips it on daily-only data', () => {
    const add = cli([
      '--db',
      db,
      '--json',
      'monitors',
      'add',
      '--filter',
      'team=ml',
      '--granularity',
      'hour',
    ]);
    assert.equal(add.code, 0, add.stderr);
    const m = JSON.parse(add.stdout) as { id: string; granularity: string };
    assert.equal(m.granularity, 'hour');
    assert.match(m.id, /^mon_team-ml_[0-9a-f]{6}_hourly$/);
    const daily = cli(['--db', db, '--json', 'monitors', 'add', '--filter', 'team=ml']);
    assert.equal((JSON.parse(daily.stdout) as { granularity: string }).granularity, 'day');
    const list = cli(['--db', db, 'monitors', 'list']);
    assert.match(list.stdout, new RegExp(`${m.id}\\t[^\\n]*\\thour\\t`));
    const detect = cli(['--db', db, 'anomalies', 'detect', '--no-defaults']);
    assert.equal(detect.code, 0, detect.stderr);
    assert.match(
      detect.stdout + detect.stderr,
      new RegExp(`skipped ${m.id}: no rows in the store have hourly charge periods`),
    );
  });

  it('refuses an unknown granularity', () => {
    const r = cli(['--db', db, 'monitors', 'add', '--granularity', 'minute']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--granularity must be one of day, hour, got "minute"/);
  });
});
