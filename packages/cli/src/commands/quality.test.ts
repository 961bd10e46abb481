import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  FOCUS_SAMPLE,
  miniFocusCsv,
  tempDir,
  writeTemp,
} from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    ...(cwd ? { cwd } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens quality', () => {
  it('--json prints the report; --fail-on error exits 7 when errors exist', () => {
    const db = join(tempDir(), 'q.duckdb');
    assert.equal(cli(['--db', db, 'ingest', FOCUS_SAMPLE]).code, 0);
    const r = cli(['--db', db, '--json', 'quality', '--fail-on', 'error']);
    assert.equal(r.code, 7, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.summary.rows, 1000);
    assert.ok(
      report.findings.some((f: { id: string }) => f.id === 'ingest:custom-column-unprefixed:Id'),
    );
    assert.ok(report.notChecked.length > 0);
    const plain = cli(['--db', db, 'quality']);
    assert.equal(plain.code, 0);
    assert.match(plain.stdout, /^severity\tsource\tcheck/);
    assert.ok(!plain.stdout.includes(String.fromCharCode(27)), 'no ANSI escapes when piped');
  });

  it('owner tag keys come from costlens.config.json', () => {
    const dir = tempDir();
    const file = writeTemp(
      dir,
      'f.csv',
      miniFocusCsv([{ Tags: '{"squad":"a"}' }, { Tags: '{"team":"b"}' }]),
    );
    assert.equal(cli(['--db', 'q.duckdb', 'ingest', file], dir).code, 0);
    const missing = (cwd: string) =>
      JSON.parse(cli(['--db', 'q.duckdb', '--json', 'quality'], cwd).stdout).findings.find(
        (f: { id: string }) => f.id === 'finops:owner-tag-missing',
      );
    assert.equal(missing(dir)?.rowsAffected, 1);
    writeTemp(dir, 'costlens.config.json', JSON.stringify({ ownerTagKeys: ['squad', 'team'] }));
    assert.equal(missing(dir), undefined);
  });

  it('rejects an unknown --fail-on severity as a usage problem', () => {
    const db = join(tempDir(), 'e.duckdb');
    const r = cli(['--db', db, 'quality', '--fail-on', 'fatal']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /--fail-on must be error, warning or info/);
  });
});
