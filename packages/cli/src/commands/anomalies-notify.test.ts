/**
 * `costlens anomalies notify` end to end: a real CLI process reads the alerting settings, sends
 * each open anomaly once to a local receiver that checks the webhook's HMAC, and a second process
 * (a restart) sends nothing again. The receiver runs in this process, so the CLI runs async.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { answerSigned, startHttpPeer } from '../../../core/src/channels/http-peer.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';
import type { MiniRow } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');
const SECRET = 'a-shared-secret-of-32-characters';
const DAY = 86_400_000;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    p.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Ninety days up to yesterday: $100 weekdays, $60 weekends; $400 five days ago (recent enough to alert). */
function recentCsv(): string {
  const today = Date.UTC(
    new Date().getUTCFullYear(),
    new Date().getUTCMonth(),
    new Date().getUTCDate(),
  );
  const rows: MiniRow[] = [];
  for (let k = 90; k >= 1; k--) {
    const d = new Date(today - k * DAY);
    const day = d.toISOString().slice(0, 10);
    const next = new Date(d.getTime() + DAY).toISOString().slice(0, 10);
    const month = day.slice(0, 7);
    const monthEnd = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    const cost = k === 5 ? '400.00' : [0, 6].includes(d.getUTCDay()) ? '60.00' : '100.00';
    rows.push({
      BillingPeriodStart: `${month}-01T00:00:00Z`,
      BillingPeriodEnd: `${monthEnd.toISOString().slice(0, 10)}T00:00:00Z`,
      ChargePeriodStart: `${day}T00:00:00Z`,
      ChargePeriodEnd: `${next}T00:00:00Z`,
      BilledCost: cost,
      EffectiveCost: cost,
      ContractedCost: cost,
      ListCost: cost,
    });
  }
  return miniFocusCsv(rows);
}

describe('costlens anomalies notify', () => {
  it('sends each open anomaly once to a signed webhook, and nothing again after a restart', async () => {
    const peer = await startHttpPeer((req) => {
      return answerSigned(SECRET, req);
    });
    try {
      const dir = tempDir();
      const db = join(dir, 'n.duckdb');
      assert.equal(
        (await cli(['--db', db, 'ingest', writeTemp(dir, 'cost.csv', recentCsv())])).code,
        0,
      );
      const detect = await cli(['--db', db, '--json', 'anomalies', 'detect']);
      assert.equal(detect.code, 0, detect.stderr);
      const created = (JSON.parse(detect.stdout) as { created: { id: string }[] }).created;
      assert.ok(created.length >= 1, 'the spike is an anomaly');
      const config = writeTemp(
        dir,
        'alerting.json',
        JSON.stringify({
          channels: [{ id: 'hook', kind: 'webhook', url: `${peer.url}/costlens`, secret: SECRET }],
          rules: [{ channels: ['hook'] }],
        }),
      );
      const first = await cli(['--db', db, '--json', 'anomalies', 'notify', '--config', config]);
      assert.equal(first.code, 0, first.stdout + first.stderr);
      const sent = JSON.parse(first.stdout) as { sent: unknown[]; failed: unknown[] };
      assert.equal(sent.failed.length, 0);
      assert.ok(sent.sent.length >= 1);
      assert.equal(peer.seen.length, sent.sent.length, 'every alert reached the receiver, signed');
      const ids = peer.seen.map(
        (r) => (JSON.parse(r.body) as { anomaly: { id: string } }).anomaly.id,
      );
      assert.ok(ids.every((id) => created.some((c) => c.id === id)));

      const again = await cli(['--db', db, 'anomalies', 'notify', '--config', config]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(
        again.stdout,
        new RegExp(`^0 sent, ${sent.sent.length} already sent, 0 failed\\.`),
      );
      assert.equal(peer.seen.length, sent.sent.length, 'nothing sent twice');
    } finally {
      await peer.close();
    }
  });
});
