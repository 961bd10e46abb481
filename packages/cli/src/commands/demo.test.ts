import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../../core/src/testing/fixtures.ts';
import { yesterdayUtc } from './demo.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens demo generate', () => {
  it('defaults the end date to yesterday in UTC, across month and year boundaries', () => {
    assert.equal(yesterdayUtc(new Date('2026-03-01T00:30:00Z')), '2026-02-28');
    assert.equal(yesterdayUtc(new Date('2027-01-01T23:59:59Z')), '2026-12-31');
  });

  it('rejects a bad --scale, --seed or --end-date with exit code 3 and writes nothing', () => {
    for (const [flag, value, message] of [
      ['--scale', 'abc', /--scale "abc" is not a number/],
      ['--scale', '0', /scale 0 is out of range/],
      ['--seed', '1.5', /--seed "1.5" is not an integer/],
      ['--end-date', '2026-13-40', /not a date in YYYY-MM-DD form/],
    ] as const) {
      const out = join(tempDir(), 'demo');
      const r = cli(['demo', 'generate', '--out', out, flag, value]);
      assert.equal(r.code, 3, `${flag} ${value}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.ok(!existsSync(out), `${flag} ${value} left files behind`);
    }
  });
});
