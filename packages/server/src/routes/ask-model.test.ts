import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assistantSettingsFrom, createApiToken, DuckDbWarehouse } from '@costlens/core';
import { insertCostRows } from '../../../core/src/anomaly/cost-rows-fixture.ts';
import { startFakeOpenAiServer } from '../../../core/src/assistant/llm/fake-openai-server.ts';
import type { FakeOpenAiServer } from '../../../core/src/assistant/llm/fake-openai-server.ts';
import { tempDir } from '../../../core/src/testing/fixtures.ts';
import { createServer } from '../create-server.ts';

describe('POST /api/ask with the assistant configured', () => {
  let wh: DuckDbWarehouse;
  let model: FakeOpenAiServer;
  let headers: Record<string, string>;
  before(async () => {
    wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [
      { day: '2025-05-01', cost: '41.25', service: 'Amazon EC2' },
      { day: '2025-05-02', cost: '8.75', service: 'Amazon S3' },
    ]);
    const t = await createApiToken(wh, { role: 'viewer', actor: 'test' });
    headers = { authorization: `Bearer ${t.token}`, host: 'example.com' };
    model = await startFakeOpenAiServer([
      (req) =>
        req.messages.some((m) => m.role === 'tool')
          ? { text: 'Amazon EC2 cost 41.25 USD.' }
          : {
              toolCalls: [
                { name: 'query_costs', args: { metric: 'effective_cost', groupBy: ['service'] } },
              ],
            },
    ]);
  });
  after(async () => {
    await model.close();
    await wh.close();
  });

  const serverWith = (env: Record<string, string>) =>
    createServer({
      warehouse: wh,
      services: {},
      config: { assistant: assistantSettingsFrom(env, undefined, tempDir()) },
    });

  it('answers through the model for a viewer token, grounded, with the queries behind it', async () => {
    const app = await serverWith({
      COSTLENS_LLM_PROVIDER: 'openai-compatible',
      COSTLENS_LLM_BASE_URL: model.baseURL,
      COSTLENS_LLM_MODEL: 'fake',
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/ask',
      headers,
      payload: { question: 'What did EC2 cost?' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.equal(r.engine, 'model:openai-compatible/fake');
    assert.equal(r.answer, 'Amazon EC2 cost 41.25 USD.');
    assert.deepEqual(r.queries, [{ metric: 'effective_cost', groupBy: ['service'] }]);
    await app.close();
  });

  it('offline, a runbook question is answered from the bundled notes with citations', async () => {
    const app = await serverWith({});
    const res = await app.inject({
      method: 'POST',
      url: '/api/ask',
      headers,
      payload: { question: 'What is our tagging policy?' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.equal(r.engine, 'offline');
    assert.equal(r.citations[0].id, 'note:tagging-policy.md');
    await app.close();
  });
});
