import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiToken, DuckDbWarehouse, listAudit } from '@costlens/core';
import { bedrockLine, bedrockLog, MODELS } from '../../../core/src/ai-spend/test-fixtures.ts';
import { createServer } from '../create-server.ts';

async function setup() {
  const wh = await DuckDbWarehouse.open();
  const app = await createServer({ warehouse: wh, services: {} });
  const bearer = async (role: string) => {
    const t = await createApiToken(wh, { role, actor: 'test' });
    return { authorization: `Bearer ${t.token}`, host: 'example.com' };
  };
  return { wh, app, bearer, done: () => app.close().then(() => wh.close()) };
}

describe('AI spend routes', () => {
  it('only an admin may ingest; a bad file is refused naming the file the caller sent, line and field', async () => {
    const s = await setup();
    const payload = { files: [{ name: 'log.jsonl', content: bedrockLog() }] };
    const viewer = await s.bearer('viewer');
    const denied = await s.app.inject({
      method: 'POST',
      url: '/api/ai/ingest',
      headers: viewer,
      payload,
    });
    assert.equal(denied.statusCode, 403);
    const admin = await s.bearer('admin');
    const bad = await s.app.inject({
      method: 'POST',
      url: '/api/ai/ingest',
      headers: admin,
      payload: {
        files: [
          {
            name: 'bad.jsonl',
            content: bedrockLine({
              id: 'b',
              ts: '2026-01-10T00:00:00Z',
              model: MODELS.SONNET,
              input: -3,
              output: 1,
            }),
          },
        ],
      },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.body, /"file":"bad\.jsonl","line":1,"column":"input\.inputTokenCount"/);
    const ok = await s.app.inject({
      method: 'POST',
      url: '/api/ai/ingest',
      headers: admin,
      payload,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().events, ok.json().files[0].file], [3, 'log.jsonl']);
    const audit = await listAudit(s.wh);
    assert.equal(audit.find((a) => a.action === 'ai.ingest')?.actor.startsWith('token:'), true);
    await s.done();
  });

  it('a viewer reads spend, unit cost, reconciliation and a what-if; the numbers match the store', async () => {
    const s = await setup();
    await s.app.inject({
      method: 'POST',
      url: '/api/ai/ingest',
      headers: await s.bearer('admin'),
      payload: { files: [{ name: 'log.jsonl', content: bedrockLog() }] },
    });
    const viewer = await s.bearer('viewer');
    const spend = await s.app.inject({
      url: '/api/ai/spend?by=team,app&where=feature=chat',
      headers: viewer,
    });
    assert.equal(spend.statusCode, 200, spend.body);
    assert.deepEqual(
      spend
        .json()
        .rows.map((r: { key: Record<string, string>; cost: string }) => [
          r.key.team,
          r.key.app,
          r.cost,
        ]),
      [['ml', 'assistant', '0.0138']],
    );
    const [sql] = await s.wh.query<{ c: string }>(
      `SELECT sum(cost)::VARCHAR AS c FROM llm_usage_event WHERE feature = 'chat'`,
    );
    assert.equal(Number(sql?.c), Number(spend.json().total.cost));
    const bad = await s.app.inject({ url: '/api/ai/spend?by=password', headers: viewer });
    assert.equal(bad.statusCode, 400);
    const unit = await s.app.inject({ url: '/api/ai/unit-cost?grain=month', headers: viewer });
    assert.equal(unit.json().total.costPerRequest, '0.007267');
    const what = await s.app.inject({
      method: 'POST',
      url: '/api/ai/what-if',
      headers: viewer,
      payload: { filters: { app: 'assistant' }, targetModel: MODELS.HAIKU, outputRatio: 1.5 },
    });
    assert.equal(what.statusCode, 200, what.body);
    assert.equal(what.json().projectedCost, '0.00428');
    const rec = await s.app.inject({ url: '/api/ai/reconciliation', headers: viewer });
    assert.equal(rec.json().providers[0].usageOnlyCost, '0.0218');
    const prices = await s.app.inject({
      url: '/api/ai/prices?model=gpt-4.1-mini',
      headers: viewer,
    });
    assert.ok(prices.json().some((p: { key: string }) => p.key === 'gpt-4.1-mini-2025-04-14'));
    await s.done();
  });
});
