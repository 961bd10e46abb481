import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DuckDbWarehouse } from '@costlens/core';
import { insertCostRows } from '../../../core/src/anomaly/cost-rows-fixture.ts';
import { tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

describe('costlens ask with notes and saved answers', () => {
  const dir = tempDir();
  const run = (args: string[]) => {
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('COSTLENS_')) delete env[k];
    const r = spawnSync(process.execPath, [BIN, '--json', 'ask', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env,
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as {
      engine: string;
      answer: string;
      citations?: { id: string }[];
    };
  };

  before(async () => {
    const wh = await DuckDbWarehouse.open({ path: join(dir, 'costlens.duckdb') });
    await insertCostRows(wh, [{ day: '2025-05-01', cost: '41.25', service: 'Amazon Redshift' }]);
    await wh.close();
    mkdirSync(join(dir, 'runbooks'));
    writeTemp(
      dir,
      'runbooks/on-call.md',
      '# Paging the on-call for cost alerts\n\nPage the owner.',
    );
    writeTemp(dir, 'costlens.config.json', JSON.stringify({ assistant: { notesDir: 'runbooks' } }));
  });

  it('cites the configured notes for a how-to question, offline', () => {
    const r = run(['What is our process for paging the on-call?']);
    assert.equal(r.engine, 'offline');
    assert.deepEqual(
      r.citations?.map((c) => c.id),
      ['note:on-call.md'],
    );
  });

  it('--save keeps the answer, and a later question about it cites the saved answer', () => {
    run(['--save', 'total Amazon Redshift cost in May 2025']);
    const saved = readdirSync(join(dir, '.costlens/answers'));
    assert.equal(saved.length, 1);
    const r = run(['what is our process for Amazon Redshift cost reviews']);
    assert.ok(
      r.citations?.some((c) => c.id === `answer:${saved[0]}`),
      JSON.stringify(r),
    );
  });
});
