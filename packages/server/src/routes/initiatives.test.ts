import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiToken, DuckDbWarehouse, listAudit } from '@costlens/core';
import { insertCostRows } from '../../../core/src/anomaly/cost-rows-fixture.ts';
import { createServer } from '../create-server.ts';

const DEF = {
  id: 'copilot',
  name: 'Copilot',
  owner: 'jane@example.com',
  start: '2025-01-01',
  end: '2025-03-31',
  mappings: [{ filters: [{ dimension: 'tag:app', value: 'copilot' }] }],
  budget: [{ category: 'inference_and_platform', amount: '900' }],
  benefits: [
    {
      order: 1,
      description: 'hours saved',
      kpi: 'hours_saved',
      unitValue: '50',
      monthlyQuantity: '10',
      from: '2025-01',
      confidence: 'high',
      source: 'time tracking',
    },
  ],
};

describe('initiative routes', () => {
  it('an approver sets an initiative (audited as the token); viewers read plan vs actual and the report', async () => {
    const wh = await DuckDbWarehouse.open();
    const app = await createServer({ warehouse: wh });
    try {
      // $4.00 a day for the copilot app through January and February.
      await insertCostRows(
        wh,
        Array.from({ length: 59 }, (_, i) => ({
          day: new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
          cost: '4.00',
          tags: { app: 'copilot' },
        })),
      );
      const bearer = async (role: string) => {
        const t = await createApiToken(wh, { role, actor: 'test' });
        return { authorization: `Bearer ${t.token}`, host: 'example.com' };
      };
      const viewer = await bearer('viewer');
      const approver = await bearer('approver');
      const put = (headers: Record<string, string>, body: unknown) =>
        app.inject({
          method: 'PUT',
          url: '/api/initiatives/copilot',
          headers,
          payload: body as object,
        });

      assert.equal((await put(viewer, DEF)).statusCode, 403);
      const bad = await put(approver, { ...DEF, budget: [{ category: 'snacks', amount: '1' }] });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /budget\.0\.category/);
      const mismatch = await put(approver, { ...DEF, id: 'other' });
      assert.equal(mismatch.statusCode, 400);
      const created = await put(approver, DEF);
      assert.equal(created.statusCode, 201);
      const [entry] = await listAudit(wh, { actionPrefix: 'initiative.' });
      assert.match(entry!.actor, /^token:/);

      const one = await app.inject({ url: '/api/initiatives/copilot', headers: viewer });
      assert.equal(one.statusCode, 200);
      const r = one.json();
      assert.deepEqual(
        r.pva.months.map((m: { actual: string | null }) => m.actual),
        ['124', '112', null],
      );
      assert.equal(r.roi.totalBenefit, '1500');
      const list = await app.inject({ url: '/api/initiatives', headers: viewer });
      assert.equal(list.json().initiatives[0].actualToDate, '236');

      const html = await app.inject({ url: '/api/initiatives/copilot/report', headers: viewer });
      assert.match(String(html.headers['content-type']), /text\/html/);
      assert.match(html.body, /<h1>Copilot<\/h1>/);
      assert.equal(
        (await app.inject({ url: '/api/initiatives/nope', headers: viewer })).statusCode,
        404,
      );

      const del = await app.inject({
        method: 'DELETE',
        url: '/api/initiatives/copilot',
        headers: approver,
      });
      assert.equal(del.statusCode, 200);
    } finally {
      await app.close();
      await wh.close();
    }
  });
});
