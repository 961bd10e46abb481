import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDbWarehouse, ingestFiles } from '@costlens/core';
import { FOCUS_SAMPLE, miniFocusCsv, tempDir, writeTemp } from '../../core/src/testing/fixtures.ts';
import { coreServices } from './core-services.ts';
import { createServer } from './create-server.ts';

const LOCAL = { host: '127.0.0.1' };

describe('the API over core’s semantic layer and quality report', () => {
  it('answers a grouped query with the exact sums the store holds', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [FOCUS_SAMPLE]);
    const app = await createServer({ warehouse: wh, services: coreServices() });
    const res = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers: LOCAL,
      payload: { metric: 'billed_cost', groupBy: ['provider'] },
    });
    assert.equal(res.statusCode, 200, res.body);
    const expected = await wh.query<{ p: string; c: string }>(
      `SELECT coalesce("ServiceProviderName", "ProviderName") AS p, sum("BilledCost")::VARCHAR AS c
       FROM focus_cost GROUP BY 1`,
    );
    const got = new Map<string, string>(
      res
        .json()
        .rows.map((r: { provider: string; billed_cost: string }) => [r.provider, r.billed_cost]),
    );
    assert.equal(got.size, expected.length);
    for (const e of expected)
      assert.equal(got.get(e.p)?.replace(/0+$/, ''), e.c.replace(/0+$/, ''));
    const bad = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers: LOCAL,
      payload: { metric: 'billed_cots' },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /billed_cots/);
    const values = await app.inject({
      url: '/api/dimensions/provider/values?limit=2',
      headers: LOCAL,
    });
    const top = [...expected].sort((a, b) => Number(b.c) - Number(a.c))[0]!;
    assert.equal(values.json().length, 2);
    assert.equal(values.json()[0].value, top.p);
    const catalog = (await app.inject({ url: '/api/metrics', headers: LOCAL })).json();
    assert.ok(catalog.metrics.some((m: { id: string }) => m.id === 'effective_cost'));
    assert.ok(catalog.dimensions.some((d: { id: string }) => d.id === 'team'));
    await app.close();
    await wh.close();
  });

  it('reuses the quality report until an ingest changes the data', async () => {
    const wh = await DuckDbWarehouse.open();
    const dir = tempDir();
    await ingestFiles(wh, [writeTemp(dir, 'a.csv', miniFocusCsv([{}, { BilledCost: '2.50' }]))]);
    const app = await createServer({ warehouse: wh, services: coreServices() });
    const get = async () => (await app.inject({ url: '/api/quality', headers: LOCAL })).json();
    const notYet = await app.inject({ url: '/api/quality?cached=only', headers: LOCAL });
    assert.equal(notYet.statusCode, 204, 'a badge does not start the full scan');
    const first = await get();
    const cachedNow = await app.inject({ url: '/api/quality?cached=only', headers: LOCAL });
    assert.equal(cachedNow.json().generatedAt, first.generatedAt);
    assert.equal(first.summary.rows, 2);
    assert.equal((await get()).generatedAt, first.generatedAt);
    await ingestFiles(wh, [
      writeTemp(
        dir,
        'b.csv',
        miniFocusCsv([
          {
            BillingPeriodStart: '2025-02-01T00:00:00Z',
            BillingPeriodEnd: '2025-03-01T00:00:00Z',
            ChargePeriodStart: '2025-02-02T00:00:00Z',
            ChargePeriodEnd: '2025-02-03T00:00:00Z',
          },
        ]),
      ),
    ]);
    const after = await get();
    assert.equal(after.summary.rows, 3);
    await app.close();
    await wh.close();
  });
});
