import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiToken, DuckDbWarehouse, ingestFiles } from '@costlens/core';
import { miniFocusCsv, tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';
import { createServer } from '../create-server.ts';

async function setup() {
  const wh = await DuckDbWarehouse.open();
  const csv = miniFocusCsv([
    { EffectiveCost: '21.50' },
    {
      EffectiveCost: '3.25',
      ServiceName: 'Amazon Simple Storage Service',
      ServiceCategory: 'Storage',
    },
  ]);
  await ingestFiles(wh, [writeTemp(tempDir('ask-route-'), 'focus.csv', csv)]);
  const app = await createServer({ warehouse: wh, services: {} });
  const token = await createApiToken(wh, { role: 'viewer', actor: 'test' });
  const headers = { authorization: `Bearer ${token.token}`, host: 'example.com' };
  return { wh, app, headers, tokenId: token.id, done: () => app.close().then(() => wh.close()) };
}

describe('ask routes', () => {
  it('answers a viewer with a grounded AskResult and logs it with the token as actor and the channel', async () => {
    const s = await setup();
    try {
      const r = await s.app.inject({
        method: 'POST',
        url: '/api/ask',
        headers: s.headers,
        payload: { question: 'How much did we spend on EC2 this month?', channel: 'web' },
      });
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.equal(body.intent, 'total');
      assert.match(body.answer, /\$21\.50/);
      assert.equal(body.queries.length, 1);
      assert.equal(body.sql.length, 1);
      const api = await s.app.inject({
        method: 'POST',
        url: '/api/ask',
        headers: s.headers,
        payload: { question: 'S3 spend this month' },
      });
      assert.equal(api.statusCode, 200, api.body);
      const logged = await s.wh.query<{ actor: string; channel: string }>(
        'SELECT actor, channel FROM assistant_question ORDER BY channel',
      );
      assert.deepEqual(
        logged.map((l) => [l.actor, l.channel]),
        [
          [`token:${s.tokenId}`, 'api'],
          [`token:${s.tokenId}`, 'web'],
        ],
      );
      const patterns = await s.app.inject({ url: '/api/ask/patterns', headers: s.headers });
      assert.equal(patterns.statusCode, 200, patterns.body);
      assert.equal(patterns.json().patterns.length, 2);
    } finally {
      await s.done();
    }
  });

  it('refuses callers without a token and empty or oversized questions', async () => {
    const s = await setup();
    try {
      const anon = await s.app.inject({
        method: 'POST',
        url: '/api/ask',
        headers: { host: 'example.com' },
        payload: { question: 'total spend' },
      });
      assert.equal(anon.statusCode, 401);
      for (const question of ['', ' ', 'x'.repeat(2001)]) {
        const bad = await s.app.inject({
          method: 'POST',
          url: '/api/ask',
          headers: s.headers,
          payload: { question },
        });
        assert.equal(bad.statusCode, 400, question.slice(0, 10));
      }
    } finally {
      await s.done();
    }
  });
});
