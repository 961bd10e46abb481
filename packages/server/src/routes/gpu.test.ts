import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiToken, DuckDbWarehouse } from '@costlens/core';
import { behaviours, loadFleet } from '../../../core/src/gpu/fleet-fixture.ts';
import { createServer } from '../create-server.ts';

async function setup() {
  const wh = await DuckDbWarehouse.open();
  await loadFleet(
    wh,
    [
      { hostname: 'n1', uuid: 'GPU-idle', busy: behaviours.idle },
      {
        hostname: 'n1',
        uuid: 'GPU-busy',
        busy: behaviours.saturated,
        pod: 'trainer-0',
        namespace: 'ml',
      },
    ],
    { start: '2026-11-01T00:00:00Z', n: 6, stepMs: 3_600_000 },
  );
  const app = await createServer({ warehouse: wh, services: {} });
  const bearer = async (role: string) => {
    const t = await createApiToken(wh, { role, actor: 'test' });
    return { authorization: `Bearer ${t.token}`, host: 'example.com' };
  };
  return { wh, app, bearer, done: () => app.close().then(() => wh.close()) };
}

describe('GPU routes', () => {
  it('fleet, matrix and timeline for a viewer; criticality changes need an approver and are audited', async () => {
    const s = await setup();
    const viewer = await s.bearer('viewer');
    const fleet = await s.app.inject({ url: '/api/gpu/fleet?days=7', headers: viewer });
    assert.equal(fleet.statusCode, 200, fleet.body);
    assert.equal(fleet.json().totals.devices, 2);
    assert.equal(fleet.json().totals.costUsd, '82.56');

    const before = await s.app.inject({ url: '/api/gpu/matrix', headers: viewer });
    const q = (r: typeof before, id: string) =>
      (r.json().placements as { deviceId: string; quadrant: string }[]).find(
        (p) => p.deviceId === id,
      )!.quadrant;
    assert.equal(q(before, 'GPU-busy'), 'spot_or_queue');

    const body = {
      entries: [{ scope: 'workload', value: 'trainer', criticality: 'high' }],
      reason: 'revenue',
    };
    const denied = await s.app.inject({
      method: 'PUT',
      url: '/api/gpu/criticality',
      headers: viewer,
      payload: body,
    });
    assert.equal(denied.statusCode, 403);
    const approver = await s.bearer('approver');
    const put = await s.app.inject({
      method: 'PUT',
      url: '/api/gpu/criticality',
      headers: approver,
      payload: body,
    });
    assert.equal(put.statusCode, 200, put.body);
    const list = await s.app.inject({ url: '/api/gpu/criticality', headers: viewer });
    assert.equal(list.json().entries[0].value, 'trainer');
    const after = await s.app.inject({ url: '/api/gpu/matrix', headers: viewer });
    assert.equal(q(after, 'GPU-busy'), 'optimize_commit');
    const [audit] = await s.wh.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'gpu.criticality.set'`,
    );
    assert.match(audit!.actor, /^token:/);

    const bad = await s.app.inject({
      method: 'PUT',
      url: '/api/gpu/criticality',
      headers: approver,
      payload: { entries: [{ scope: 'planet', value: 'x', criticality: 'high' }] },
    });
    assert.equal(bad.statusCode, 400);

    const tl = await s.app.inject({ url: '/api/gpu/GPU-busy/timeline', headers: viewer });
    assert.equal(tl.statusCode, 200, tl.body);
    assert.equal(tl.json().points.length, 6);
    const missing = await s.app.inject({ url: '/api/gpu/GPU-nope/timeline', headers: viewer });
    assert.equal(missing.statusCode, 404);
    const anon = await s.app.inject({ url: '/api/gpu/fleet', headers: { host: 'example.com' } });
    assert.equal(anon.statusCode, 401);
    await s.done();
  });
});
