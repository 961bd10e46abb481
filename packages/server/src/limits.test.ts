import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { createApiToken, DuckDbWarehouse, listAudit } from '@costlens/core';
import { bedrockLog } from '../../core/src/ai-spend/test-fixtures.ts';
import { createServer } from './create-server.ts';
import type { LimitsSpec } from './limits-config.ts';
import { DEFAULT_LIMITS, normalizeLimits } from './limits-config.ts';

const MINUTE = 60_000;

async function setup(limits: LimitsSpec) {
  const wh = await DuckDbWarehouse.open();
  const app = await createServer({ warehouse: wh, config: { limits } });
  const bearer = async (role: string) => {
    const t = await createApiToken(wh, { role, actor: 'test' });
    return { authorization: `Bearer ${t.token}`, host: 'example.com' };
  };
  return { wh, app, bearer, done: () => app.close().then(() => wh.close()) };
}

async function count(
  wh: Awaited<ReturnType<typeof DuckDbWarehouse.open>>,
  table: string,
): Promise<number> {
  const rows = await wh.query<{ n: bigint | number }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]!.n);
}

describe('rate limits', () => {
  it('a caller over its budget gets 429 with Retry-After and the error body; another token keeps its own budget', async () => {
    const s = await setup({ perCaller: { max: 3, windowMs: MINUTE } });
    try {
      const a = await s.bearer('viewer');
      const b = await s.bearer('viewer');
      for (let i = 0; i < 3; i++) {
        const ok = await s.app.inject({ url: '/api/whoami', headers: a });
        assert.equal(ok.statusCode, 200, ok.body);
        assert.equal(ok.headers['x-ratelimit-remaining'], String(2 - i));
      }
      // The budget is shared across the general routes, not per route.
      const over = await s.app.inject({ url: '/api/initiatives', headers: a });
      assert.equal(over.statusCode, 429);
      const retryAfter = Number(over.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      const body = over.json();
      assert.equal(body.error.code, 'RATE_LIMITED');
      assert.match(body.error.message, /3 requests per minute per caller; retry in/);
      assert.match(body.error.hint, /Retry-After/);
      assert.deepEqual(body.error.issues, []);

      const other = await s.app.inject({ url: '/api/whoami', headers: b });
      assert.equal(other.statusCode, 200, 'token b does not share token a’s budget');
    } finally {
      await s.done();
    }
  });

  it('expensive routes have their own, stricter budget per caller', async () => {
    const s = await setup({
      perCaller: { max: 100, windowMs: MINUTE },
      routeBudgets: { 'POST /api/sql': { max: 2, windowMs: MINUTE } },
    });
    try {
      const admin = await s.bearer('admin');
      const other = await s.bearer('admin');
      const sql = (headers: Record<string, string>) =>
        s.app.inject({ method: 'POST', url: '/api/sql', headers, payload: { sql: 'SELECT 1' } });
      assert.equal((await sql(admin)).statusCode, 200);
      assert.equal((await sql(admin)).statusCode, 200);
      const over = await sql(admin);
      assert.equal(over.statusCode, 429);
      assert.match(over.json().error.message, /^rate limit: POST \/api\/sql allows 2 requests/);
      assert.ok(Number(over.headers['retry-after']) > 0);
      // The general budget is untouched by the SQL calls, and another token may still run SQL.
      const general = await s.app.inject({ url: '/api/whoami', headers: admin });
      assert.equal(general.headers['x-ratelimit-remaining'], '99');
      assert.equal((await sql(other)).statusCode, 200);
    } finally {
      await s.done();
    }
  });

  it('callers without a token are counted by IP', async () => {
    const s = await setup({ perCaller: { max: 2, windowMs: MINUTE } });
    try {
      const local = { host: '127.0.0.1:4173' };
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await s.app.inject({ url: '/api/health', headers: local })).statusCode);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
      const fromElsewhere = await s.app.inject({
        url: '/api/health',
        headers: local,
        remoteAddress: '10.0.0.7',
      });
      assert.equal(fromElsewhere.statusCode, 200);
    } finally {
      await s.done();
    }
  });

  it('rateLimits: false turns every budget off (benchmarks)', async () => {
    const s = await setup({ rateLimits: false, perCaller: { max: 1, windowMs: MINUTE } });
    try {
      const a = await s.bearer('admin');
      for (let i = 0; i < 5; i++) {
        const res = await s.app.inject({
          method: 'POST',
          url: '/api/sql',
          headers: a,
          payload: { sql: 'SELECT 1' },
        });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['x-ratelimit-limit'], undefined);
      }
    } finally {
      await s.done();
    }
  });

  it('defaults give the expensive routes smaller budgets than the general one', () => {
    const d = normalizeLimits();
    for (const route of ['POST /api/ask', 'POST /api/sql', 'POST /mcp', 'POST /api/ai/ingest']) {
      assert.ok(d.routeBudgets[route]!.max < d.perCaller.max, route);
    }
    const raised = normalizeLimits({ routeBudgets: { 'POST /api/ask': { max: 5, windowMs: 1 } } });
    assert.equal(raised.routeBudgets['POST /api/ask']!.max, 5);
    assert.deepEqual(raised.routeBudgets['POST /mcp'], DEFAULT_LIMITS.routeBudgets['POST /mcp']);
  });
});

describe('request-size limits', () => {
  it('an upload over its cap gets 413 naming the cap and writes nothing; under a larger cap it loads', async () => {
    const payload = { files: [{ name: 'log.jsonl', content: bedrockLog() }] };
    const size = Buffer.byteLength(JSON.stringify(payload));
    const small = await setup({ uploadBodyBytes: size - 1 });
    try {
      const admin = await small.bearer('admin');
      const state = async () => [
        await count(small.wh, 'llm_usage_event'),
        await count(small.wh, 'focus_cost'),
        (await listAudit(small.wh)).length,
      ];
      const before = await state();
      const res = await small.app.inject({
        method: 'POST',
        url: '/api/ai/ingest',
        headers: admin,
        payload,
      });
      assert.equal(res.statusCode, 413);
      const body = res.json();
      assert.equal(body.error.code, 'PAYLOAD_TOO_LARGE');
      assert.match(body.error.message, /POST \/api\/ai\/ingest accepts at most/);
      assert.match(body.error.hint, /uploadBodyBytes/);
      assert.deepEqual(await state(), before);
    } finally {
      await small.done();
    }
    const large = await setup({ uploadBodyBytes: size, bodyBytes: 100 });
    try {
      const admin = await large.bearer('admin');
      const res = await large.app.inject({
        method: 'POST',
        url: '/api/ai/ingest',
        headers: admin,
        payload,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await count(large.wh, 'llm_usage_event'), 3);
    } finally {
      await large.done();
    }
  });

  it('other routes take the general cap, also for a chunked body without Content-Length', async () => {
    const s = await setup({ bodyBytes: 256 });
    try {
      const approver = await s.bearer('approver');
      const auditBefore = (await listAudit(s.wh)).length;
      const big = { name: 'x'.repeat(400) };
      const sized = await s.app.inject({
        method: 'PUT',
        url: '/api/initiatives/big',
        headers: approver,
        payload: big,
      });
      assert.equal(sized.statusCode, 413);
      assert.match(sized.json().error.message, /^request body is 4\d\d bytes; PUT .* at most 256/);
      const chunked = await s.app.inject({
        method: 'PUT',
        url: '/api/initiatives/big',
        headers: { ...approver, 'content-type': 'application/json' },
        payload: Readable.from([Buffer.from(JSON.stringify(big))]),
      });
      assert.equal(chunked.statusCode, 413);
      assert.equal(chunked.json().error.code, 'PAYLOAD_TOO_LARGE');
      assert.match(chunked.json().error.hint, /bodyBytes/);
      const list = await s.app.inject({ url: '/api/initiatives', headers: approver });
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, /"big"/);
      assert.equal((await listAudit(s.wh)).length, auditBefore);
    } finally {
      await s.done();
    }
  });
});
