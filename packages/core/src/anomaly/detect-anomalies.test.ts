import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import {
  getAnomaly,
  listAnomalies,
  monitorPrecision,
  recordFeedback,
  setAnomalyStatus,
} from './anomaly-store.ts';
import { insertCostRows } from './cost-rows-fixture.ts';
import type { CostRow } from './cost-rows-fixture.ts';
import { detectAnomalies } from './detect-anomalies.ts';
import { getMonitor, listMonitors } from './monitors.ts';
import { seededRandom } from './synthetic-series.ts';

const START = Date.parse('2025-01-06T00:00:00Z');
const day = (i: number) => new Date(START + i * 86_400_000).toISOString().slice(0, 10);
const now = new Date('2025-06-01T00:00:00Z');

/** A small company: EC2 (two teams, weekday-heavy) and S3, with noise; `extra` adds planted rows. */
function company(days: number, seed = 1): CostRow[] {
  const rand = seededRandom(seed);
  const rows: CostRow[] = [];
  for (let i = 0; i < days; i++) {
    const weekend = [5, 6].includes(i % 7);
    const n = (x: number) => (x * (1 + 0.03 * (rand() * 2 - 1))).toFixed(2);
    rows.push({
      day: day(i),
      cost: n(weekend ? 300 : 500),
      resource: 'i-ml',
      quantity: '100',
      tags: { team: 'ml' },
    });
    rows.push({
      day: day(i),
      cost: n(weekend ? 150 : 250),
      resource: 'i-web',
      region: 'eu-west-1',
      quantity: '50',
      tags: { team: 'web' },
    });
    rows.push({
      day: day(i),
      cost: n(200),
      service: 'Amazon S3',
      resource: 'bucket',
      sku: 'sku-s',
      quantity: '1000',
      tags: { team: 'web' },
    });
  }
  return rows;
}

/** A GPU box left running three days: +$900/day on a new resource. */
const planted = (from: number, to: number): CostRow[] =>
  Array.from({ length: to - from + 1 }, (_, k) => ({
    day: day(from + k),
    cost: '900.00',
    resource: 'i-gpu',
    sku: 'sku-gpu',
    quantity: '24',
    tags: { team: 'ml' },
  }));

describe('anomaly detection and lifecycle', () => {
  it('creates default monitors and one merged anomaly for a three-day spike, explained by its resource', async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [...company(110), ...planted(90, 92)]);
    const report = await detectAnomalies(wh, { now });
    const ids = (await listMonitors(wh)).map((m) => m.id);
    assert.ok(ids.includes('mon_total'));
    assert.ok(ids.some((id) => id.startsWith('mon_provider-aws')));
    assert.ok(ids.some((id) => id.startsWith('mon_team-ml')));
    const total = report.created.filter((a) => a.monitorId === 'mon_total');
    assert.equal(
      total.length,
      1,
      JSON.stringify(report.created.map((a) => [a.monitorId, a.startDay, a.endDay])),
    );
    const a = total[0]!;
    assert.deepEqual(
      [a.startDay, a.endDay, a.direction, a.status],
      [day(90), day(92), 'spike', 'open'],
    );
    assert.equal(a.severity, 'high', `impact ${a.impactUsd}`);
    assert.deepEqual([a.drivers[0]!.dimension, a.drivers[0]!.value], ['resource_id', 'i-gpu']);
    assert.equal(a.drivers[0]!.deltaUsd, '2700.000000');
    assert.ok(a.explanation.includes('resource_id "i-gpu": +$2,700.00'), a.explanation);
    assert.ok(a.band.some((p) => p.day === day(90) && p.anomalous));
    assert.equal(a.evidence[0]!.grain, 'day');
    // Nothing else in the clean company flags on the total.
    assert.equal((await listAnomalies(wh, { monitorId: 'mon_total' })).length, 1);
    await wh.close();
  });

  it('is idempotent: a second pass over the same data creates and changes nothing', async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [...company(110), ...planted(90, 92)]);
    const first = await detectAnomalies(wh, { now });
    const second = await detectAnomalies(wh, { now });
    assert.ok(first.created.length >= 1);
    assert.deepEqual(
      [second.created.length, second.updated.length, second.withdrawn.length],
      [0, 0, 0],
    );
    await wh.close();
  });

  it('waits for restatable days to settle, so partial last days neither create nor hide anomalies', async () => {
    const wh = await DuckDbWarehouse.open();
    // Days 0..99 complete; days 100–101 arrive half-billed (looks like a drop), and the spike on
    // day 101 is partly billed too.
    const rows = company(102).filter((r) => r.day < day(100));
    const partial = company(102)
      .filter((r) => r.day >= day(100))
      .map((r) => ({ ...r, cost: (Number(r.cost) / 2).toFixed(2) }));
    await insertCostRows(wh, [...rows, ...partial, { ...planted(101, 101)[0]!, cost: '300.00' }]);
    const early = await detectAnomalies(wh, { now, settleDays: 2 });
    assert.deepEqual(
      early.created.map((a) => a.startDay),
      [],
      'partial days create nothing',
    );
    // The provider restates: full values, the whole spike, and two more days arrive.
    await wh.exec(`DELETE FROM focus_cost WHERE "ChargePeriodStart" >= $1::TIMESTAMP`, [
      `${day(100)} 00:00:00`,
    ]);
    await insertCostRows(wh, [
      ...company(104).filter((r) => r.day >= day(100)),
      ...planted(101, 101),
    ]);
    const later = await detectAnomalies(wh, { now, settleDays: 2 });
    const total = later.created.filter((a) => a.monitorId === 'mon_total');
    assert.deepEqual(
      total.map((a) => [a.startDay, a.direction]),
      [[day(101), 'spike']],
    );
    await wh.close();
  });

  it('withdraws an open anomaly that a restatement shows never happened', async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [...company(110), ...planted(90, 90)]);
    const [a] = (await detectAnomalies(wh, { now })).created.filter(
      (x) => x.monitorId === 'mon_total',
    );
    await wh.exec(`DELETE FROM focus_cost WHERE "ResourceId" = 'i-gpu'`);
    const report = await detectAnomalies(wh, { now });
    assert.ok(report.withdrawn.includes(a!.id));
    const after = await getAnomaly(wh, a!.id);
    assert.equal(after.status, 'resolved');
    assert.equal(after.history.at(-1)!.action, 'withdrawn');
    assert.match(after.history.at(-1)!.reason ?? '', /no longer finds it/);
    await wh.close();
  });

  it("says so when an anomaly is withdrawn because its monitor's floor rose above it", async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [...company(110), ...planted(90, 90)]);
    const [a] = (await detectAnomalies(wh, { now })).created.filter(
      (x) => x.monitorId === 'mon_total',
    );
    await wh.exec(`UPDATE anomaly_monitor SET min_impact_usd = 100000 WHERE id = 'mon_total'`);
    const report = await detectAnomalies(wh, { now });
    assert.ok(report.withdrawn.includes(a!.id));
    const reason = (await getAnomaly(wh, a!.id)).history.at(-1)!.reason ?? '';
    assert.match(
      reason,
      /^still unusual, but its impact \(\+\$[\d,.]+\) is now under the monitor's floor of \$100,000\.00$/,
    );
    await wh.close();
  });

  it('moves open → acknowledged → resolved with history, and refuses a skipped step back', async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [...company(110), ...planted(90, 92)]);
    const [a] = (await detectAnomalies(wh, { now })).created;
    await setAnomalyStatus(wh, a!.id, 'acknowledged', { actor: 'ana', reason: 'on it', now });
    const done = await setAnomalyStatus(wh, a!.id, 'resolved', {
      actor: 'ana',
      reason: 'stopped the box',
      now,
    });
    assert.deepEqual(
      done.history.map((h) => [h.action, h.toStatus, h.actor]),
      [
        ['detected', 'open', 'detector'],
        ['status', 'acknowledged', 'ana'],
        ['status', 'resolved', 'ana'],
      ],
    );
    await assert.rejects(
      setAnomalyStatus(wh, a!.id, 'acknowledged', { actor: 'ana', now }),
      (e) => isCostLensError(e) && e.code === 'INVALID_INPUT' && /resolved/.test(e.message),
    );
    await wh.close();
  });

  it('feedback moves the monitor’s sensitivity once per anomaly and feeds its precision', async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [...company(110), ...planted(60, 60), ...planted(90, 92)]);
    const created = (await detectAnomalies(wh, { now })).created.filter(
      (x) => x.monitorId === 'mon_total',
    );
    assert.equal(created.length, 2);
    const [first, second] = created as [(typeof created)[0], (typeof created)[0]];
    await recordFeedback(wh, first.id, 'not_an_issue', { actor: 'ana', now });
    assert.equal((await getMonitor(wh, 'mon_total')).sensitivity, 0.85);
    // Relabelling replaces the earlier effect instead of stacking on it.
    const relabelled = await recordFeedback(wh, first.id, 'real_issue', { actor: 'ana', now });
    assert.equal(relabelled.status, 'resolved');
    assert.ok(Math.abs((await getMonitor(wh, 'mon_total')).sensitivity - 1.05) < 1e-12);
    await recordFeedback(wh, second.id, 'expected', { actor: 'bo', now });
    const p = (await monitorPrecision(wh)).find((r) => r.monitorId === 'mon_total')!;
    assert.deepEqual([p.labelled, p.realIssue, p.expected, p.precision], [2, 1, 1, 0.5]);
    await assert.rejects(
      recordFeedback(wh, first.id, 'meh' as never, { actor: 'ana', now }),
      (e) => isCostLensError(e) && e.code === 'INVALID_INPUT',
    );
    await wh.close();
  });

  it('a less sensitive monitor stops flagging what it flagged before', async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [
      ...company(110),
      ...planted(90, 90).map((r) => ({ ...r, cost: '150.00' })),
    ]);
    const before = (await detectAnomalies(wh, { now })).created.filter(
      (a) => a.monitorId === 'mon_total',
    );
    assert.equal(before.length, 1);
    await wh.exec(`DELETE FROM anomaly`);
    await wh.exec(`UPDATE anomaly_monitor SET sensitivity = 0.4`);
    const after = (await detectAnomalies(wh, { now })).created.filter(
      (a) => a.monitorId === 'mon_total',
    );
    assert.equal(after.length, 0);
    await wh.close();
  });

  it("holds a drop of the open billing period's month-start fee (billed at close), not a closed one's", async () => {
    const wh = await DuckDbWarehouse.open();
    const rows: CostRow[] = [];
    const first = Date.parse('2025-01-01T00:00:00Z');
    for (let i = 0; i < 140; i++) {
      const d = new Date(first + i * 86_400_000).toISOString().slice(0, 10);
      rows.push({ day: d, cost: '100.00', resource: 'i-1' });
      // The monthly support fee on the 1st — missing on 1 March (closed) and on 1 May (open).
      if (d.endsWith('-01') && d !== '2025-03-01' && d !== '2025-05-01') {
        rows.push({
          day: d,
          cost: '3000.00',
          service: 'AWS Support',
          resource: null,
          sku: 'support',
        });
      }
    }
    await insertCostRows(wh, rows);
    const report = await detectAnomalies(wh, { now, settleDays: 0 });
    const total = report.created.filter((a) => a.monitorId === 'mon_total');
    assert.deepEqual(
      total.map((a) => [a.startDay, a.direction]),
      [['2025-03-01', 'drop']],
      "the closed period's missing fee is a drop; the open one's is not (yet)",
    );
    assert.ok(
      report.notes.some(
        (n) => n.monitorId === 'mon_total' && n.note.startsWith('a drop on 2025-05-01 is held'),
      ),
      JSON.stringify(report.notes),
    );
    // Once June's rows arrive, May is closed and its missing fee is a drop; if June is then
    // restated away, May is open again and the open drop is withdrawn with that reason.
    const june = Array.from({ length: 5 }, (_, k): CostRow => ({
      day: `2025-06-0${k + 1}`,
      cost: '100.00',
      resource: 'i-1',
    }));
    await insertCostRows(wh, [
      ...june,
      {
        day: '2025-06-01',
        cost: '3000.00',
        service: 'AWS Support',
        resource: null,
        sku: 'support',
      },
    ]);
    const closed = await detectAnomalies(wh, { now, settleDays: 0 });
    const may = closed.created.find(
      (a) => a.monitorId === 'mon_total' && a.startDay === '2025-05-01',
    );
    assert.ok(may, "a closed period's missing fee is a drop");
    await wh.exec(`DELETE FROM focus_cost WHERE "ChargePeriodStart" >= '2025-06-01'::TIMESTAMP`);
    const reopened = await detectAnomalies(wh, { now, settleDays: 0 });
    assert.ok(reopened.withdrawn.includes(may.id));
    const reason = (await getAnomaly(wh, may.id)).history.at(-1)!.reason ?? '';
    assert.match(reason, /^held until the open billing period closes/);
    await wh.close();
  });
});
