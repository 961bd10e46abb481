import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiToken, detectAnomalies, DuckDbWarehouse } from '@costlens/core';
import { insertCostRows, spikeRows } from '../../../core/src/anomaly/cost-rows-fixture.ts';
import { createServer } from '../create-server.ts';

async function setup() {
  const wh = await DuckDbWarehouse.open();
  await insertCostRows(wh, spikeRows());
  await detectAnomalies(wh, { now: new Date('2025-06-01T00:00:00Z') });
  const app = await createServer({ warehouse: wh, services: {} });
  const bearer = async (role: string) => {
    const t = await createApiToken(wh, { role, actor: 'test' });
    return { headers: { authorization: `Bearer ${t.token}`, host: 'example.com' }, id: t.id };
  };
  return { wh, app, bearer, done: () => app.close().then(() => wh.close()) };
}

describe('anomaly routes', () => {
  it('lists the planted anomaly with its drivers; only an approver may acknowledge or label it', async () => {
    const s = await setup();
    const viewer = await s.bearer('viewer');
    const list = await s.app.inject({
      url: '/api/anomalies?status=active',
      headers: viewer.headers,
    });
    assert.equal(list.statusCode, 200, list.body);
    const anomalies = list.json().anomalies as { id: string; drivers: { value: string }[] }[];
    assert.ok(anomalies.length >= 1);
    const total = anomalies.find((a) => a.drivers.some((d) => d.value === 'i-gpu'));
    assert.ok(total, 'an anomaly whose drivers name the GPU box');
    const every = await s.app.inject({
      url: '/api/anomalies?status=active&group=none',
      headers: viewer.headers,
    });
    const all = every.json().anomalies as { id: string }[];
    const related = (anomalies as { related?: unknown[] }[]).flatMap((a) => a.related ?? []);
    assert.equal(
      all.length,
      anomalies.length + related.length,
      'each anomaly once: row or related',
    );
    assert.ok(all.length > anomalies.length, 'one incident in several monitors is one row');
    const one = await s.app.inject({ url: `/api/anomalies/${total.id}`, headers: viewer.headers });
    assert.equal(one.statusCode, 200);
    assert.match(one.json().explanation, /i-gpu/);

    const url = `/api/anomalies/${total.id}/status`;
    const denied = await s.app.inject({
      method: 'POST',
      url,
      headers: viewer.headers,
      payload: { status: 'acknowledged' },
    });
    assert.equal(denied.statusCode, 403);
    const approver = await s.bearer('approver');
    const ack = await s.app.inject({
      method: 'POST',
      url,
      headers: approver.headers,
      payload: { status: 'acknowledged', reason: 'looking' },
    });
    assert.equal(ack.statusCode, 200, ack.body);
    assert.equal(ack.json().status, 'acknowledged');
    const fb = await s.app.inject({
      method: 'POST',
      url: `/api/anomalies/${total.id}/feedback`,
      headers: approver.headers,
      payload: { feedback: 'real_issue' },
    });
    assert.equal(fb.statusCode, 200, fb.body);
    assert.equal(fb.json().feedback, 'real_issue');
    const bad = await s.app.inject({
      method: 'POST',
      url: `/api/anomalies/${total.id}/feedback`,
      headers: approver.headers,
      payload: { feedback: 'meh' },
    });
    assert.equal(bad.statusCode, 400);
    const missing = await s.app.inject({
      url: '/api/anomalies/anom_nope',
      headers: viewer.headers,
    });
    assert.equal(missing.statusCode, 404);
    await s.done();
  });

  it('an approver adds, disables and removes monitors, audited; a viewer may only list them', async () => {
    const s = await setup();
    const viewer = await s.bearer('viewer');
    const approver = await s.bearer('approver');
    const body = {
      name: 'GPU box',
      filters: [{ dimension: 'resource_id', op: 'eq', value: 'i-gpu' }],
      minImpactUsd: '50',
      granularity: 'day',
    };
    const denied = await s.app.inject({
      method: 'POST',
      url: '/api/monitors',
      headers: viewer.headers,
      payload: body,
    });
    assert.equal(denied.statusCode, 403);
    const added = await s.app.inject({
      method: 'POST',
      url: '/api/monitors',
      headers: approver.headers,
      payload: body,
    });
    assert.equal(added.statusCode, 201, added.body);
    const m = added.json() as { id: string; origin: string; minImpactUsd: string };
    assert.deepEqual([m.origin, m.minImpactUsd], ['user', '50']);
    // A scope that does not compile is refused by name, and nothing is written.
    const bad = await s.app.inject({
      method: 'POST',
      url: '/api/monitors',
      headers: approver.headers,
      payload: { filters: [{ dimension: 'colour', op: 'eq', value: 'red' }] },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.body, /colour/);
    const listed = await s.app.inject({ url: '/api/monitors', headers: viewer.headers });
    const monitors = listed.json().monitors as { id: string; precision: unknown }[];
    assert.ok(monitors.some((x) => x.id === m.id));
    assert.ok(monitors.every((x) => 'precision' in x));

    const off = await s.app.inject({
      method: 'POST',
      url: '/api/monitors/mon_total/enabled',
      headers: approver.headers,
      payload: { enabled: false },
    });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().enabled, false);
    const rmDefault = await s.app.inject({
      method: 'DELETE',
      url: '/api/monitors/mon_total',
      headers: approver.headers,
    });
    assert.equal(rmDefault.statusCode, 400);
    const rm = await s.app.inject({
      method: 'DELETE',
      url: `/api/monitors/${m.id}`,
      headers: approver.headers,
    });
    assert.equal(rm.statusCode, 200, rm.body);
    const audit = await s.app.inject({
      url: '/api/audit?action=monitor.',
      headers: approver.headers,
    });
    const actions = audit.json().entries as { action: string; actor: string }[];
    const mine = actions.filter((e) => e.action.startsWith('monitor.'));
    assert.deepEqual(
      mine.map((e) => [e.action, e.actor]),
      [
        ['monitor.remove', `token:${approver.id}`],
        ['monitor.disable', `token:${approver.id}`],
        ['monitor.create', `token:${approver.id}`],
      ],
    );
    await s.done();
  });
});
