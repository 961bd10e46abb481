import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assignAnomaly, assigneeOf } from '../anomaly/assign-anomaly.ts';
import { getAnomaly, listAnomalies } from '../anomaly/anomaly-store.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { buildDigest } from './build-digest.ts';
import { DIGEST_NOW, openDigestFixture } from './digest-fixture.ts';

/** The oracle: spend per service over [start, end), straight from focus_cost. */
async function spendSql(wh: Warehouse, start: string, end: string, team?: string) {
  const rows = await wh.query<{ service: string; cost: string }>(
    `SELECT "ServiceName" AS service, sum("EffectiveCost")::VARCHAR AS cost FROM focus_cost
     WHERE "ChargePeriodStart" >= $1::TIMESTAMP AND "ChargePeriodStart" < $2::TIMESTAMP
       AND ($3::VARCHAR IS NULL OR json_extract_string("Tags", '$.team') = $3)
     GROUP BY 1 ORDER BY 1`,
    [start, end, team ?? null],
  );
  return new Map(rows.map((r) => [r.service, Number(r.cost)]));
}
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('buildDigest', () => {
  let wh: Warehouse;
  before(async () => {
    ({ wh } = await openDigestFixture());
  });
  after(async () => wh.close());

  it('a daily digest covers the last complete data day against the day before, as the SQL says', async () => {
    const d = await buildDigest(wh, { period: 'daily', now: DIGEST_NOW });
    assert.deepEqual(d.range, { start: '2025-04-09', end: '2025-04-10' });
    assert.deepEqual(d.previousRange, { start: '2025-04-08', end: '2025-04-09' });
    const cur = await spendSql(wh, '2025-04-09', '2025-04-10');
    const prev = await spendSql(wh, '2025-04-08', '2025-04-09');
    assert.equal(Number(d.spend!.current).toFixed(6), sum(cur).toFixed(6));
    assert.equal(Number(d.spend!.previous).toFixed(6), sum(prev).toFixed(6));
    // Exact decimals: the difference of the two strings, not of floats.
    assert.equal(d.spend!.delta, '-898.63');
    assert.deepEqual(
      d.movers.map((m) => [m.service, Number(m.delta).toFixed(6)]),
      [...cur.keys()]
        .map((s) => [s, (cur.get(s)! - (prev.get(s) ?? 0)).toFixed(6)] as const)
        .sort((a, b) => Math.abs(Number(b[1])) - Math.abs(Number(a[1]))),
    );
    assert.equal(d.sql.length, 2);
    assert.match(d.sql[0]!, /\$\d/, 'parameterized SQL from the semantic layer');
  });

  it('a weekly team digest keeps to that team: spend, budgets and anomalies', async () => {
    const d = await buildDigest(wh, { period: 'weekly', team: 'web', now: DIGEST_NOW });
    assert.deepEqual(d.range, { start: '2025-04-03', end: '2025-04-10' });
    const cur = await spendSql(wh, '2025-04-03', '2025-04-10', 'web');
    assert.equal(Number(d.spend!.current).toFixed(6), sum(cur).toFixed(6));
    assert.deepEqual(
      d.movers.map((m) => m.service),
      ['Amazon S3'],
    );
    assert.equal(d.budgets.length, 0, 'the only budget is team ml’s');
    assert.ok(d.anomalies.every((a) => a.team !== 'ml'));
    const ml = await buildDigest(wh, { period: 'weekly', team: 'ml', now: DIGEST_NOW });
    assert.equal(ml.budgets.length, 1);
    assert.ok(ml.anomalies.some((a) => a.team === 'ml'));
    assert.equal(
      ml.recommendations.map((r) => r.estimatedMonthlySavingsUsd).join(','),
      '140,75.5',
      'proposed recommendations, largest savings first',
    );
  });

  it('says nothing about spend before there is data', async () => {
    const d = await buildDigest(wh, { period: 'daily', now: new Date('2024-01-01T00:00:00Z') });
    assert.equal(d.range, null);
    assert.equal(d.spend, null);
    assert.deepEqual(d.movers, []);
  });

  it('assigning an open anomaly acknowledges it and records who assigned whom', async () => {
    const [a] = await listAnomalies(wh, { status: 'open', limit: 1 });
    const now = new Date('2025-06-02T09:00:00Z'); // after detection (history is in time order)
    const b = await assignAnomaly(wh, a!.id, {
      assignee: 'slack:U42',
      actor: 'slack:U1 (ana)',
      now,
    });
    assert.equal(b.status, 'acknowledged');
    assert.equal(assigneeOf(b), 'slack:U42');
    const h = (await getAnomaly(wh, a!.id)).history.at(-1)!;
    assert.deepEqual(
      [h.actor, h.fromStatus, h.toStatus],
      ['slack:U1 (ana)', 'open', 'acknowledged'],
    );
    await assert.rejects(assignAnomaly(wh, a!.id, { assignee: ' ', actor: 'x', now }), /assignee/);
  });
});
