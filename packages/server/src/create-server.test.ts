import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { SemanticQuery, SemanticResult } from '@costlens/core';
import { createApiToken, DuckDbWarehouse } from '@costlens/core';
import { tempDir } from '../../core/src/testing/fixtures.ts';
import { createServer } from './create-server.ts';
import { ROUTE_POLICY } from './access-policy.ts';
import type { ServerServices } from './services.ts';

const LOCAL = { host: '127.0.0.1:4173' };

async function setup(services: ServerServices = {}, logLines?: string[]) {
  const wh = await DuckDbWarehouse.open();
  const app = await createServer({
    warehouse: wh,
    services,
    ...(logLines
      ? { logger: { level: 'info', stream: { write: (l: string) => logLines.push(l) } } }
      : {}),
  });
  const token = async (role: string) => (await createApiToken(wh, { role, actor: 'test' })).token;
  return {
    wh,
    app,
    token,
    async done() {
      await app.close();
      await wh.close();
    },
  };
}

describe('API server', () => {
  it('answers 400 with one issue per bad field for a bad query body', async () => {
    const s = await setup();
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/query',
      headers: LOCAL,
      payload: { metric: 'billed_cost', grain: 'fortnight', limit: -3, groupBy: 'team' },
    });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.error.code, 'INVALID_INPUT');
    const fields = body.error.issues.map((i: { field: string }) => i.field).sort();
    assert.deepEqual(fields, ['body.grain', 'body.groupBy', 'body.limit']);
    await s.done();
  });

  it('answers 400 naming the query-string field when a parameter has the wrong type', async () => {
    const s = await setup();
    const res = await s.app.inject({ url: '/api/audit?limit=lots', headers: LOCAL });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.issues[0].field, 'querystring.limit');
    const extra = await s.app.inject({ url: '/api/audit?limt=5', headers: LOCAL });
    assert.equal(extra.statusCode, 400);
    assert.match(extra.json().error.message, /limt/);
    await s.done();
  });

  it('answers 401 for an unknown token, even where the local demo mode would let it in', async () => {
    const s = await setup();
    const res = await s.app.inject({
      url: '/api/sources',
      headers: { ...LOCAL, authorization: 'Bearer clk_aaaaaaaaaaaa_' + 'x'.repeat(43) },
    });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'UNAUTHORIZED');
    const ok = await s.app.inject({ url: '/api/sources', headers: LOCAL });
    assert.equal(ok.statusCode, 200);
    await s.done();
  });

  it('answers 403 to a viewer on an approver route and on an admin route', async () => {
    const s = await setup();
    const viewer = await s.token('viewer');
    const approver = await s.token('approver');
    const as = (t: string) => ({ ...LOCAL, authorization: `Bearer ${t}` });
    const audit = await s.app.inject({ url: '/api/audit', headers: as(viewer) });
    assert.equal(audit.statusCode, 403);
    assert.match(audit.json().error.message, /needs role approver/);
    const tokens = await s.app.inject({ url: '/api/tokens', headers: as(viewer) });
    assert.equal(tokens.statusCode, 403);
    assert.equal(
      (await s.app.inject({ url: '/api/audit', headers: as(approver) })).statusCode,
      200,
    );
    assert.equal(
      (await s.app.inject({ url: '/api/tokens', headers: as(approver) })).statusCode,
      403,
    );
    assert.equal(
      (await s.app.inject({ url: '/api/sources', headers: as(viewer) })).statusCode,
      200,
    );
    await s.done();
  });

  it('ends the local demo mode once a token exists, and never trusts a non-local Host', async () => {
    const s = await setup();
    const rebound = await s.app.inject({
      url: '/api/sources',
      headers: { host: 'evil.example:80' },
    });
    assert.equal(rebound.statusCode, 401);
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: LOCAL,
      payload: { role: 'viewer', name: 'dash' },
    });
    assert.equal(created.statusCode, 201);
    const { token, role } = created.json();
    assert.equal(role, 'viewer');
    assert.equal((await s.app.inject({ url: '/api/sources', headers: LOCAL })).statusCode, 401);
    const withToken = await s.app.inject({
      url: '/api/whoami',
      headers: { ...LOCAL, authorization: `Bearer ${token}` },
    });
    assert.equal(withToken.json().role, 'viewer');
    const health = await s.app.inject({ url: '/api/health' });
    assert.equal(health.json().authMode, 'tokens');
    await s.done();
  });

  it('audits token creation through the API under the caller’s name', async () => {
    const s = await setup();
    const admin = await s.token('admin');
    const auth = { ...LOCAL, authorization: `Bearer ${admin}` };
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: auth,
      payload: { role: 'approver' },
    });
    const log = (await s.app.inject({ url: '/api/audit?action=token.', headers: auth })).json();
    assert.equal(log.entries[0].target, res.json().id);
    assert.match(log.entries[0].actor, /^token:/);
    const revoked = await s.app.inject({
      method: 'DELETE',
      url: `/api/tokens/${res.json().id}`,
      headers: auth,
    });
    assert.notEqual(revoked.json().revokedAt, null);
    await s.done();
  });

  it('passes a validated semantic query to the semantic layer and returns its result', async () => {
    const seen: SemanticQuery[] = [];
    const result: SemanticResult = {
      columns: [
        { name: 'provider', role: 'dimension' },
        { name: 'billed_cost', role: 'metric', unit: 'USD' },
      ],
      rows: [{ provider: 'AWS', billed_cost: '12.345000000000000' }],
      sql: 'SELECT …',
      params: ['2025-01-01'],
    };
    const s = await setup({
      runQuery: async (_wh, q) => {
        seen.push(q);
        return result;
      },
    });
    const q = {
      metric: 'billed_cost',
      groupBy: ['provider'],
      timeRange: { relative: 'previous_month' },
    };
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/query',
      headers: LOCAL,
      payload: q,
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(seen, [q]);
    assert.equal(res.json().rows[0].billed_cost, '12.345000000000000');
    await s.done();
  });

  it('answers 501 naming the capability a build does not have', async () => {
    const s = await setup();
    const res = await s.app.inject({ url: '/api/quality', headers: LOCAL });
    assert.equal(res.statusCode, 501);
    assert.match(res.json().error.message, /qualityReport/);
    await s.done();
  });

  it('publishes an OpenAPI document covering every route with its role', async () => {
    const s = await setup();
    const doc = (await s.app.inject({ url: '/api/openapi.json' })).json();
    assert.equal(doc.openapi, '3.1.0');
    const declared = Object.keys(ROUTE_POLICY);
    for (const key of declared) {
      const [method, url] = key.split(' ') as [string, string];
      const op = doc.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      assert.ok(op, `${key} missing from the OpenAPI document`);
      assert.equal(op['x-costlens-role'], ROUTE_POLICY[key]);
    }
    const query = doc.paths['/api/query'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(query.required, ['metric']);
    assert.ok(query.properties.grain.enum.includes('month'));
    const audit = doc.paths['/api/audit'].get.parameters.map((p: { name: string }) => p.name);
    assert.deepEqual(audit.sort(), ['action', 'limit']);
    await s.done();
  });

  it('refuses to register an API route that the access policy does not declare', async () => {
    const s = await setup();
    assert.throws(() => s.app.get('/api/secret', async () => 'x'), /no entry in ROUTE_POLICY/);
    await s.done();
  });

  it('logs requests as JSON lines without the bearer token', async () => {
    const lines: string[] = [];
    const s = await setup({}, lines);
    const token = await s.token('viewer');
    await s.app.inject({
      url: '/api/sources',
      headers: { ...LOCAL, authorization: `Bearer ${token}` },
    });
    await s.app.inject({
      url: '/api/audit',
      headers: { ...LOCAL, authorization: `Bearer ${token}` },
    });
    assert.ok(lines.length >= 3);
    const parsed = lines.map((l) => JSON.parse(l) as { msg?: string });
    assert.ok(parsed.some((p) => p.msg?.includes('needs role approver')));
    assert.ok(!lines.join('\n').includes(token.slice(17)));
    await s.done();
  });

  it('runs a read-only SELECT with parameters for an admin and refuses anything else', async () => {
    const s = await setup();
    const ok = await s.app.inject({
      method: 'POST',
      url: '/api/sql',
      headers: LOCAL,
      payload: {
        sql: 'SELECT count(*)::INTEGER AS n FROM api_token WHERE role = $1',
        params: ['admin'],
      },
    });
    assert.deepEqual(ok.json(), { rows: [{ n: 0 }] });
    const write = await s.app.inject({
      method: 'POST',
      url: '/api/sql',
      headers: LOCAL,
      payload: { sql: 'DELETE FROM audit_log' },
    });
    assert.equal(write.statusCode, 400);
    const viewer = await s.token('viewer');
    const denied = await s.app.inject({
      method: 'POST',
      url: '/api/sql',
      headers: { ...LOCAL, authorization: `Bearer ${viewer}` },
      payload: { sql: 'SELECT 1' },
    });
    assert.equal(denied.statusCode, 403);
    await s.done();
  });

  it('serves the dashboard: hashed assets cached for good, client routes get index.html', async () => {
    const webRoot = tempDir();
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>CostLens</title>');
    writeFileSync(join(webRoot, 'assets/index-abc123.js'), 'console.log(1)');
    const wh = await DuckDbWarehouse.open();
    const app = await createServer({ warehouse: wh, config: { webRoot } });
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    const route = await app.inject({ url: '/explorer?metric=billed_cost&groupBy=team' });
    assert.equal(route.statusCode, 200);
    assert.match(route.body, /<title>CostLens/);
    assert.doesNotMatch(String(route.headers['cache-control'] ?? ''), /immutable/);
    const api = await app.inject({ url: '/api/missing', headers: LOCAL });
    assert.equal(api.json().error.code, 'ROUTE_NOT_FOUND');
    await app.close();
    await wh.close();
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const s = await setup();
    const res = await s.app.inject({ url: '/api/nope', headers: LOCAL });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'ROUTE_NOT_FOUND');
    await s.done();
  });
});
