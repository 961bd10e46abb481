import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startHttpPeer } from '../../../core/src/channels/http-peer.ts';
import { dailyCostCsv } from '../../../core/src/forecast/daily-cost-fixture.ts';
import { tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

/** Async, so an in-process HTTP peer can answer while the CLI runs. */
function cliAsync(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens budget', () => {
  const dir = tempDir();
  const db = join(dir, 'b.duckdb');
  before(() => {
    assert.equal(cli(['--db', db, 'ingest', writeTemp(dir, 'cost.csv', dailyCostCsv())]).code, 0);
  });

  it('create, list, status with alerts, delete', () => {
    const c = cli([
      '--db',
      db,
      'budget',
      'create',
      'ml march',
      '--team',
      'ml',
      '--period',
      'month',
      '--amount',
      '2500',
      '--actual-thresholds',
      '50,100',
    ]);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /2,500.00 USD per month for team=ml/);
    const l = cli(['--db', db, 'budget', 'list']);
    assert.match(l.stdout, /ml march\tteam=ml\tmonth/);
    // March 2025: 21 weekdays × $100 + 10 weekend days × $60 = $2,700 → over budget
    const s = cli(['--db', db, '--json', 'budget', 'status', '--at', '2025-03-31', '--notify']);
    assert.equal(s.code, 0, s.stderr);
    const out = JSON.parse(s.stdout);
    assert.equal(Number(out.statuses[0].actual), 2700);
    assert.equal(out.statuses[0].state, 'over');
    assert.equal(out.alerts.length, 3);
    const plain = cli(['--db', db, 'budget', 'status', 'ml march', '--at', '2025-03-15']);
    assert.match(plain.stdout, /ml march\tmonth from 2025-03-01/);
    assert.equal(cli(['--db', db, 'budget', 'delete', 'ml march']).code, 0);
  });

  it('refuses a budget with two scopes or a bad amount (exit 3)', () => {
    const two = cli([
      '--db',
      db,
      'budget',
      'create',
      'x',
      '--team',
      'ml',
      '--service',
      'S3',
      '--period',
      'month',
      '--amount',
      '1',
    ]);
    assert.equal(two.code, 3);
    assert.match(two.stderr, /one scope flag/);
    const amount = cli([
      '--db',
      db,
      'budget',
      'create',
      'x',
      '--period',
      'month',
      '--amount',
      'lots',
    ]);
    assert.equal(amount.code, 3);
    assert.match(amount.stderr, /amount must be a positive decimal/);
  });

  it('status --notify --config delivers crossings to the budget channels (signed webhook)', async () => {
    assert.equal(
      cli([
        '--db',
        db,
        'budget',
        'create',
        'ml april',
        '--team',
        'ml',
        '--period',
        'month',
        '--amount',
        '1000',
        '--actual-thresholds',
        '10',
      ]).code,
      0,
    );
    const peer = await startHttpPeer(() => ({ status: 204, body: '' }));
    try {
      const cfg = join(dir, 'alerting.json');
      writeFileSync(
        cfg,
        JSON.stringify({
          channels: [
            { id: 'hook', kind: 'webhook', url: `${peer.url}/budget`, secret: 'x'.repeat(32) },
          ],
          budgets: { channels: ['hook'] },
        }),
      );
      const r = await cliAsync([
        '--db',
        db,
        '--json',
        'budget',
        'status',
        '--at',
        '2025-03-20',
        '--notify',
        '--config',
        cfg,
      ]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { alerts: string[]; failed: string[] };
      // Spend by 20 March (≈ $1,800) is over 10 % of $1,000 and so is the month-end forecast.
      assert.equal(out.alerts.length, 2);
      assert.equal(peer.seen.length, out.alerts.length);
      const bodies = peer.seen.map(
        (r) => JSON.parse(r.body) as { type: string; alert: { budgetName: string; kind: string } },
      );
      assert.deepEqual(
        bodies.map((b) => `${b.type} ${b.alert.budgetName} ${b.alert.kind}`).sort(),
        ['budget.alert ml april actual', 'budget.alert ml april forecast'],
      );
      // A config without budget channels is a usage error, not a silent no-op.
      writeFileSync(cfg, JSON.stringify({ channels: [] }));
      const none = await cliAsync(['--db', db, 'budget', 'status', '--notify', '--config', cfg]);
      assert.equal(none.code, 3);
      assert.match(none.stderr, /no budgets.channels configured/);
    } finally {
      await peer.close();
    }
  });
});
