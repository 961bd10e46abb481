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

describe('costlens monitors disable / enable / remove', () => {
  it('disables a default monitor that detection then leaves off; refuses to remove it', () => {
    const dir = tempDir();
    const db = join(dir, 'm.duckdb');
    assert.equal(cli(['--db', db, 'ingest', writeTemp(dir, 'cost.csv', dailyCostCsv())]).code, 0);
    assert.equal(cli(['--db', db, 'anomalies', 'detect']).code, 0);
    const off = cli(['--db', db, '--json', 'monitors', 'disable', 'mon_total']);
    assert.equal(off.code, 0, off.stderr);
    assert.equal((JSON.parse(off.stdout) as { enabled: boolean }).enabled, false);
    assert.equal(cli(['--db', db, 'anomalies', 'detect']).code, 0);
    const monitors = JSON.parse(cli(['--db', db, '--json', 'monitors', 'list']).stdout) as {
      id: string;
      enabled: boolean;
    }[];
    assert.equal(monitors.find((m) => m.id === 'mon_total')!.enabled, false, 'stays off');
    const rm = cli(['--db', db, 'monitors', 'remove', 'mon_total']);
    assert.notEqual(rm.code, 0);
    assert.match(rm.stderr, /is a default monitor[\s\S]*costlens monitors disable mon_total/);
    assert.equal(cli(['--db', db, 'monitors', 'enable', 'mon_total']).code, 0);
  });
});
