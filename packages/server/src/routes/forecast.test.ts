import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiToken, DuckDbWarehouse, ingestFiles } from '@costlens/core';
import { miniFocusCsv, tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';
import { createServer } from '../create-server.ts';

/** 60 days of a flat $10/day for team ml and $5/day for team web. */
function bill(): string {
  const rows = [];
  for (let i = 0; i < 60; i++) {
    const d = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const month = d.slice(0, 7);
    const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
    const base = {
      ChargePeriodStart: `${d}T00:00:00Z`,
      ChargePeriodEnd: `${d}T23:59:59Z`,
      BillingPeriodStart: `${month}-01T00:00:00Z`,
      BillingPeriodEnd: next.toISOString().replace('.000', ''),
    };
    rows.push({ ...base, BilledCost: '10', EffectiveCost: '10', Tags: '{"team":"ml"}' });
    rows.push({ ...base, BilledCost: '5', EffectiveCost: '5', Tags: '{"team":"web"}' });
  }
  return miniFocusCsv(rows);
}

async function setup() {
  const wh = await DuckDbWarehouse.open();
  await ingestFiles(wh, [writeTemp(tempDir(), 'bill.csv', bill())]);
  const app = await createServer({ warehouse: wh, services: {} });
  const bearer = async (role: string) => {
    const t = await createApiToken(wh, { role, actor: 'test' });
    return { authorization: `Bearer ${t.token}`, host: 'example.com' };
  };
  return { wh, app, bearer, done: () => app.close().then(() => wh.close()) };
}

describe('forecast and budget routes', () => {
  it('forecasts a slice from the semantic layer, with bands around the level', async () => {
    const s = await setup();
    const viewer = await s.bearer('viewer');
    const r = await s.app.inject({
      url: '/api/forecast?metric=effective_cost&where=tag:team=ml&horizon=14',
      headers: viewer,
    });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.forecast.length, 14);
    for (const p of body.forecast) {
      assert.ok(Math.abs(p.mean - 10) < 0.5, `mean ${p.mean} near the flat $10/day`);
      assert.ok(p.lo95 <= p.lo80 && p.lo80 <= p.mean && p.mean <= p.hi80 && p.hi80 <= p.hi95);
    }
    assert.match(body.sql, /SELECT/i);
    const bad = await s.app.inject({ url: '/api/forecast?horizon=0', headers: viewer });
    assert.equal(bad.statusCode, 400);
    await s.done();
  });

  it('creating a budget needs an approver; its status compares actual with the amount', async () => {
    const s = await setup();
    const budget = {
      name: 'ml-monthly',
      scope: { kind: 'team', value: 'ml' },
      period: 'month',
      amount: '250',
    };
    const viewer = await s.bearer('viewer');
    const denied = await s.app.inject({
      method: 'POST',
      url: '/api/budgets',
      headers: viewer,
      payload: budget,
    });
    assert.equal(denied.statusCode, 403);
    const approver = await s.bearer('approver');
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/budgets',
      headers: approver,
      payload: budget,
    });
    assert.equal(created.statusCode, 201, created.body);
    const status = await s.app.inject({
      url: '/api/budgets/status?at=2025-01-31',
      headers: viewer,
    });
    assert.equal(status.statusCode, 200, status.body);
    const [st] = status.json();
    // January: 31 days × $10 for team ml = $310 against $250.
    assert.equal(Number(st.actual), 310);
    const invalid = await s.app.inject({
      method: 'POST',
      url: '/api/budgets',
      headers: approver,
      payload: { ...budget, amount: '12,000' },
    });
    assert.equal(invalid.statusCode, 400);
    await s.done();
  });
});
