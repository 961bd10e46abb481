import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBudget, DuckDbWarehouse, ingestFiles, parseAlertingConfig } from '@costlens/core';
import type { Warehouse } from '@costlens/core';
import { answerSigned, startHttpPeer } from '../../core/src/channels/http-peer.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../../core/src/testing/fixtures.ts';
import type { MiniRow } from '../../core/src/testing/fixtures.ts';
import { alertingSchedule } from './alerting-schedule.ts';
import { createServer } from './create-server.ts';

const SECRET = 'scheduler-test-secret-32-chars!!';
const NOW = new Date('2025-04-12T09:30:00Z');

/**
 * 100 days of team ml EC2 from 2025-01-01 ($100 weekdays, $60 weekends) and a GPU box left on
 * for days 92–94 ($900/day): one anomaly close enough to the data's end to alert.
 */
function company(days = 100): string {
  const rows: MiniRow[] = [];
  for (let i = 0; i < days; i++) {
    const d = new Date(Date.UTC(2025, 0, 1 + i));
    const day = d.toISOString().slice(0, 10);
    const next = new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    const base = {
      BillingPeriodStart: `${day.slice(0, 7)}-01T00:00:00Z`,
      BillingPeriodEnd: `${end.toISOString().slice(0, 10)}T00:00:00Z`,
      ChargePeriodStart: `${day}T00:00:00Z`,
      ChargePeriodEnd: `${next}T00:00:00Z`,
    };
    const cost = (v: string) => ({
      BilledCost: v,
      EffectiveCost: v,
      ContractedCost: v,
      ListCost: v,
    });
    rows.push({ ...base, ...cost([0, 6].includes(d.getUTCDay()) ? '60.00' : '100.00') });
    if (i >= 92 && i <= 94) rows.push({ ...base, ...cost('900.00'), ResourceId: 'i-gpu' });
  }
  return miniFocusCsv(rows);
}

async function store(): Promise<Warehouse> {
  const wh = await DuckDbWarehouse.open();
  await ingestFiles(wh, [writeTemp(tempDir(), 'company.csv', company())]);
  await createBudget(wh, {
    name: 'ml april',
    scope: { kind: 'team', value: 'ml' },
    period: 'month',
    amount: '1000',
    actualThresholdsPct: [50],
    forecastThresholdsPct: [],
  });
  return wh;
}

async function signedPeer() {
  return startHttpPeer((req) => {
    return answerSigned(SECRET, req);
  });
}

const settings = (url: string) =>
  parseAlertingConfig({
    channels: [{ id: 'hook', kind: 'webhook', url, secret: SECRET }],
    rules: [{ channels: ['hook'] }],
    digest: { channels: ['hook'] },
    budgets: { channels: ['hook'] },
  });

const types = (seen: { body: string }[]) =>
  seen.map((r) => (JSON.parse(r.body) as { type: string }).type).sort();

describe('the alerting schedule', () => {
  it('detects after an ingest, alerts, sends the digest and budget notices — each once', async () => {
    const wh = await store();
    const peer = await signedPeer();
    try {
      const schedule = alertingSchedule(wh, { alerting: settings(peer.url), now: () => NOW });
      const first = await schedule.tick();
      assert.ok(first.detectedFor, 'detection ran for the new ingest');
      // One spike, seen by each default monitor that covers it (total, provider, service, team).
      assert.deepEqual(
        [...new Set(types(peer.seen))],
        ['anomaly.alert', 'anomaly.digest', 'budget.alert'],
      );
      const alerts = peer.seen
        .filter((r) => r.body.includes('"anomaly.alert"'))
        .map(
          (r) =>
            JSON.parse(r.body) as { anomaly: { startDay: string; drivers: { value: string }[] } },
        );
      assert.ok(alerts.length >= 1);
      for (const a of alerts) {
        assert.equal(a.anomaly.startDay, '2025-04-03');
        assert.equal(a.anomaly.drivers[0]?.value, 'i-gpu');
      }
      const sent = peer.seen.length;

      // Nothing new: no detection, nothing re-sent (same day, same crossing, same anomaly).
      const second = await schedule.tick();
      assert.equal(second.detectedFor, null);
      assert.equal(peer.seen.length, sent);
      assert.ok(second.alerts.skipped >= 1);

      // A second server on the same store (a restart) does not repeat anything either.
      const again = await alertingSchedule(wh, {
        alerting: settings(peer.url),
        now: () => NOW,
      }).tick();
      assert.equal(again.detectedFor, null);
      assert.equal(peer.seen.length, sent);
    } finally {
      await peer.close();
      await wh.close();
    }
  });

  it('holds the digest until its hour and retries a refused delivery on the next tick', async () => {
    const wh = await store();
    let up = false;
    const peer = await startHttpPeer(() =>
      up ? { status: 204, body: '' } : { status: 503, body: 'down' },
    );
    try {
      const early = new Date('2025-04-12T05:00:00Z');
      const schedule = alertingSchedule(wh, {
        alerting: settings(peer.url),
        now: () => early,
        digestHourUtc: 8,
      });
      const first = await schedule.tick();
      assert.equal(first.digest, null, 'no digest before 08:00 UTC');
      assert.equal(first.alerts.sent.length, 0);
      assert.ok(first.alerts.failed.length >= 1);
      assert.equal(first.budgets.failed.length, 1);
      up = true;
      const second = await schedule.tick();
      assert.equal(second.alerts.sent.length, first.alerts.failed.length);
      assert.equal(second.budgets.sent.length, 1);
    } finally {
      await peer.close();
      await wh.close();
    }
  });

  it('runs on the server timer from start and stops with it', async () => {
    const wh = await store();
    const peer = await signedPeer();
    const app = await createServer({
      warehouse: wh,
      alerting: { alerting: settings(peer.url), intervalSeconds: 3600, now: () => NOW },
    });
    try {
      await app.ready();
      const kinds = () => [...new Set(types(peer.seen))];
      for (let i = 0; i < 300 && kinds().length < 3; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.deepEqual(kinds(), ['anomaly.alert', 'anomaly.digest', 'budget.alert']);
    } finally {
      await app.close();
      await peer.close();
      await wh.close();
    }
  });
});
