import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listAnomalies } from '../anomaly/anomaly-store.ts';
import { detectAnomalies } from '../anomaly/detect-anomalies.ts';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import type { CostRow } from '../anomaly/cost-rows-fixture.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { tempDir } from '../testing/fixtures.ts';
import { createChannels, parseAlertingConfig } from './alerting-config.ts';
import { dispatchAlerts, sendDigest } from './dispatch-alerts.ts';
import { startHttpPeer as startPeer } from './http-peer.ts';

const open: { close(): Promise<void> }[] = [];
after(async () => {
  for (const p of open.splice(0)) await p.close();
});

/** A local peer closed after the suite even when an assertion fails (an open server would hang the run). */
async function startHttpPeer(...args: Parameters<typeof startPeer>) {
  const peer = await startPeer(...args);
  open.push(peer);
  return { ...peer, close: async () => undefined };
}

const START = Date.parse('2025-01-06T00:00:00Z');
const day = (i: number) => new Date(START + i * 86_400_000).toISOString().slice(0, 10);
const now = new Date('2025-05-01T08:00:00Z');

/** 100 days of steady spend for two teams; the ml team's GPU box runs on day 95. */
function rows(): CostRow[] {
  const out: CostRow[] = [];
  for (let i = 0; i < 100; i++) {
    out.push({
      day: day(i),
      cost: (500 + (i % 5)).toFixed(2),
      resource: 'i-ml',
      tags: { team: 'ml' },
    });
    out.push({
      day: day(i),
      cost: (300 + (i % 3)).toFixed(2),
      service: 'Amazon S3',
      resource: 'b',
      tags: { team: 'web' },
    });
  }
  out.push({ day: day(95), cost: '900.00', resource: 'i-gpu', tags: { team: 'ml' } });
  return out;
}

function config(url: string) {
  return parseAlertingConfig({
    channels: [
      { id: 'ml-hook', kind: 'webhook', url: `${url}/ml`, secret: 'x'.repeat(32) },
      { id: 'web-hook', kind: 'webhook', url: `${url}/web`, secret: 'x'.repeat(32) },
      { id: 'finops', kind: 'slack-webhook', webhookUrl: `${url}/slack` },
    ],
    rules: [
      { channels: ['ml-hook'], teams: ['ml'] },
      { channels: ['web-hook'], teams: ['web'] },
      { channels: ['finops'], minSeverity: 'medium', monitors: ['mon_total'] },
    ],
    digest: { channels: ['finops'] },
  });
}

describe('alert dispatch', () => {
  it('routes by team and severity and never sends the same alert twice, even after a restart', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'alerts.duckdb');
    const peer = await startHttpPeer(() => ({ status: 200, body: 'ok' }));
    let wh = await DuckDbWarehouse.open({ path: dbPath });
    await insertCostRows(wh, rows());
    await detectAnomalies(wh, { now });
    const cfg = config(peer.url);
    const first = await dispatchAlerts(wh, {
      channels: createChannels(cfg.channels),
      rules: cfg.rules,
      now,
    });
    assert.deepEqual(first.failed, []);
    const paths = peer.seen.map((r) => r.path).sort();
    // total (medium) → finops; team ml monitor, provider and service monitors are driven by team ml → ml-hook.
    assert.ok(paths.includes('/slack'), `${paths}`);
    assert.ok(paths.includes('/ml'), `${paths}`);
    assert.ok(!paths.includes('/web'), 'web is not involved');
    const sentBefore = peer.seen.length;
    await wh.close();

    // A restart: new process state, same database file.
    wh = await DuckDbWarehouse.open({ path: dbPath });
    await detectAnomalies(wh, { now });
    const again = await dispatchAlerts(wh, {
      channels: createChannels(cfg.channels),
      rules: cfg.rules,
      now,
    });
    assert.equal(again.sent.length, 0);
    assert.equal(again.skipped, first.sent.length);
    assert.equal(peer.seen.length, sentBefore);
    await wh.close();
    await peer.close();
  });

  it('sends one message per incident per channel, however many monitors saw it', async () => {
    const peer = await startHttpPeer(() => ({ status: 200, body: 'ok' }));
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, rows());
    await detectAnomalies(wh, { now });
    const open = await listAnomalies(wh, { status: 'open' });
    assert.ok(open.length >= 3, `the GPU box shows in several monitors (${open.length})`);
    const [incident, ...others] = await listAnomalies(wh, { status: 'open', incidents: true });
    assert.deepEqual(others, [], 'one incident');
    assert.equal(incident!.related!.length, open.length - 1);
    const cfg = parseAlertingConfig({
      channels: [{ id: 'finops', kind: 'slack-webhook', webhookUrl: `${peer.url}/slack` }],
      rules: [{ channels: ['finops'] }],
    });
    const sent = await dispatchAlerts(wh, {
      channels: createChannels(cfg.channels),
      rules: cfg.rules,
      now,
    });
    assert.deepEqual(
      sent.sent.map((s) => s.key),
      [`alert:${incident!.id}:${incident!.severity}`],
    );
    assert.equal(peer.seen.length, 1);
    assert.match(peer.seen[0]!.body, /Also seen by/);
    // A member alerted earlier (before grouping, or as leader) blocks the incident too.
    await wh.exec(`DELETE FROM alert_sent`);
    const member = open.find((a) => a.id !== incident!.id)!;
    await wh.exec(`INSERT INTO alert_sent VALUES ('finops', $1, $2, 'alert', now()::TIMESTAMP)`, [
      `alert:${member.id}:critical`,
      member.id,
    ]);
    const again = await dispatchAlerts(wh, {
      channels: createChannels(cfg.channels),
      rules: cfg.rules,
      now,
    });
    assert.equal(again.sent.length, 0);
    assert.equal(again.skipped, 1);
    await wh.close();
    await peer.close();
  });

  it('releases a failed send so the next run retries it, once', async () => {
    let up = false;
    const peer = await startHttpPeer(() =>
      up ? { status: 200, body: 'ok' } : { status: 503, body: 'down' },
    );
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, rows());
    await detectAnomalies(wh, { now });
    const cfg = config(peer.url);
    const channels = createChannels(cfg.channels).filter((c) => c.id === 'finops');
    const rules = cfg.rules.filter((r) => r.channels.includes('finops'));
    const failed = await dispatchAlerts(wh, { channels, rules, now });
    assert.equal(failed.sent.length, 0);
    assert.match(failed.failed[0]!.error, /channel finops: Slack webhook answered 503/);
    up = true;
    const retried = await dispatchAlerts(wh, { channels, rules, now });
    assert.equal(retried.sent.length, 1);
    assert.equal((await dispatchAlerts(wh, { channels, rules, now })).sent.length, 0);
    await wh.close();
    await peer.close();
  });

  it('sends one digest per channel per day listing active anomalies', async () => {
    const peer = await startHttpPeer(() => ({ status: 200, body: 'ok' }));
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, rows());
    await detectAnomalies(wh, { now });
    const cfg = config(peer.url);
    const digest = createChannels(cfg.channels).filter((c) => cfg.digestChannels.includes(c.id));
    assert.equal((await sendDigest(wh, { channels: digest, now })).sent.length, 1);
    assert.equal((await sendDigest(wh, { channels: digest, now })).sent.length, 0);
    const nextDay = new Date(now.getTime() + 86_400_000);
    assert.equal((await sendDigest(wh, { channels: digest, now: nextDay })).sent.length, 1);
    const body = JSON.parse(peer.seen[0]!.body) as { blocks: { text?: { text: string } }[] };
    assert.match(
      body.blocks[0]!.text!.text,
      /CostLens daily digest 2025-05-01: \d+ active cost anomal/,
    );
    await wh.close();
    await peer.close();
  });

  it('rejects settings naming unknown channels or missing fields, all at once', () => {
    assert.throws(
      () =>
        parseAlertingConfig({
          channels: [{ id: 'a', kind: 'webhook', url: 'not a url', secret: 'short' }],
        }),
      (e: Error & { issues?: { column: string }[] }) =>
        e.issues
          ?.map((i) => i.column)
          .sort()
          .join() === 'channels.0.secret,channels.0.url',
    );
    assert.throws(
      () => parseAlertingConfig({ channels: [], rules: [{ channels: ['ghost'] }] }),
      /unknown channel\(s\): ghost/,
    );
  });
});
