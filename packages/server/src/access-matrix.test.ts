import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role, Warehouse } from '@costlens/core';
import { createApiToken, listAnomalies, ROLES } from '@costlens/core';
import { openDigestFixture } from '../../core/src/digest/digest-fixture.ts';
import { ROUTE_POLICY } from './access-policy.ts';
import type { RouteAccess } from './access-policy.ts';
import type { App } from './app-types.ts';
import { coreServices } from './core-services.ts';
import { createServer } from './create-server.ts';
import { storeFingerprint } from './store-fingerprint.ts';

/**
 * The API's authorization matrix, generated from ROUTE_POLICY: every declared route × every caller
 * (no token, a bad token, viewer, approver, admin). A route the server registers without a policy
 * entry, or a policy entry with no route, fails here. Refused calls must answer 401/403 and leave
 * every table — the audit log included — exactly as it was.
 */

type Caller = 'none' | 'bad-token' | Role;
const CALLERS: readonly Caller[] = ['none', 'bad-token', ...ROLES];

/** Valid requests for the routes that need a body or query, so allowed calls do real work. */
const BODIES: Record<string, unknown> = {
  'POST /api/query': { metric: 'effective_cost', groupBy: ['service'] },
  'POST /api/recommendations/check': [],
  'POST /api/recommendations/:id/approve': { reason: 'matrix test' },
  'POST /api/recommendations/:id/reject': { reason: 'matrix test' },
  'POST /api/recommendations/:id/applied': {},
  'POST /api/anomalies/:id/status': { status: 'acknowledged' },
  'POST /api/anomalies/:id/feedback': { feedback: 'expected' },
  'POST /api/ask': { question: 'total cost last month' },
  'POST /api/budgets': { name: 'matrix', scope: { kind: 'all' }, period: 'month', amount: '10' },
  'PUT /api/gpu/criticality': { entries: [{ scope: 'team', value: 'ml', criticality: 'high' }] },
  'POST /api/ai/what-if': { targetModel: 'gpt-4o' },
  'POST /api/ai/ingest': { files: [{ name: 'u.csv', content: 'x' }] },
  'PUT /api/initiatives/:id': {},
  'POST /api/sql': { sql: 'SELECT 1 AS one' },
  'POST /api/tokens': { role: 'viewer', name: 'matrix' },
  'POST /mcp': { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
};

/** Query strings for routes that require one. */
const QUERIES: Record<string, string> = { 'GET /api/showback': '?month=2025-04' };

/** The routes Fastify actually registered, read from its route tree (`printRoutes`). */
function registeredRoutes(app: App): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([A-Z, ]+)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    for (const method of m[3]?.split(', ') ?? []) out.push(`${method} ${stack.join('')}`);
  }
  return out.sort();
}

const allowed = (caller: Caller, access: RouteAccess) =>
  access === 'public' ||
  (caller !== 'none' && caller !== 'bad-token' && ROLES.indexOf(caller) >= ROLES.indexOf(access));

describe('API authorization matrix (ROUTE_POLICY × caller)', () => {
  let wh: Warehouse;
  let app: App;
  const tokens: Partial<Record<Caller, string>> = { 'bad-token': 'cl_not_a_real_token_0000' };
  const ids: Record<string, string> = {};

  before(async () => {
    const fx = await openDigestFixture();
    wh = fx.wh;
    for (const role of ROLES) {
      tokens[role] = (await createApiToken(wh, { role, actor: 'matrix-setup' })).token;
    }
    ids['recommendations'] = fx.recIds[0]!;
    ids['dimensions'] = 'service';
    ids['anomalies'] = (await listAnomalies(wh, { limit: 1 }))[0]!.id;
    app = await createServer({ warehouse: wh, services: coreServices() });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await wh.close();
  });

  const call = (key: string, caller: Caller) => {
    const [method, path] = key.split(' ') as [string, string];
    const resource = path.split('/')[2] ?? '';
    const url = path.replace(':id', ids[resource] ?? 'no-such-id') + (QUERIES[key] ?? '');
    const token = tokens[caller];
    return app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(path === '/mcp' ? { accept: 'application/json, text/event-stream' } : {}),
      },
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: BODIES[key] ?? {} }),
    });
  };

  it('the server registers exactly the routes ROUTE_POLICY declares', () => {
    assert.deepEqual(registeredRoutes(app), Object.keys(ROUTE_POLICY).sort());
  });

  it('approving, anomaly changes and budgets need approver; tokens, raw SQL and ingest need admin', () => {
    for (const [key, access] of Object.entries(ROUTE_POLICY)) {
      const [method] = key.split(' ');
      if (key === 'POST /api/slack/events') continue;
      // Read-like POSTs (queries, checks, questions, MCP) are viewer; every other write is more.
      const readLike = /\/(query|check|ask|what-if)$|^POST \/mcp$/.test(key);
      if (method !== 'GET' && !readLike) assert.notEqual(access, 'viewer', key);
      if (method !== 'GET' && access !== 'public') assert.notEqual(access, undefined, key);
    }
    for (const key of ['POST /api/tokens', 'DELETE /api/tokens/:id', 'GET /api/tokens']) {
      assert.equal(ROUTE_POLICY[key], 'admin');
    }
    assert.equal(ROUTE_POLICY['POST /api/sql'], 'admin');
    assert.equal(ROUTE_POLICY['POST /api/recommendations/:id/approve'], 'approver');
  });

  it('every refused call answers 401 (no or bad token) or 403 (role too low) and changes nothing', async () => {
    const before = await storeFingerprint(wh);
    let refused = 0;
    for (const [key, access] of Object.entries(ROUTE_POLICY)) {
      for (const caller of CALLERS) {
        if (allowed(caller, access)) continue;
        const res = await call(key, caller);
        const want = caller === 'none' || caller === 'bad-token' ? 401 : 403;
        assert.equal(res.statusCode, want, `${key} as ${caller}: ${res.body}`);
        const code = res.json<{ error: { code: string } }>().error.code;
        assert.equal(code, want === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', `${key} as ${caller}`);
        refused++;
      }
    }
    assert.ok(refused > 100, `only ${refused} refused calls`);
    assert.deepEqual(await storeFingerprint(wh), before);
  });

  it('every allowed call gets past authorization (never 401/403); allowed writes do their work', async () => {
    for (const caller of ['viewer', 'approver', 'admin'] as const) {
      for (const [key, access] of Object.entries(ROUTE_POLICY)) {
        if (!allowed(caller, access) || access === 'public') continue;
        const res = await call(key, caller);
        assert.ok(![401, 403].includes(res.statusCode), `${key} as ${caller}: ${res.statusCode}`);
      }
    }
    const rec = await call('GET /api/recommendations/:id', 'viewer');
    assert.notEqual(rec.json<{ status: string }>().status, 'proposed');
    const listed = await call('GET /api/tokens', 'admin');
    const names = listed.json<{ tokens: { name: string }[] }>().tokens.map((t) => t.name);
    assert.ok(names.includes('matrix'));
  });

  it('public routes answer without a token; the Slack route instead refuses an unsigned request', async () => {
    for (const caller of CALLERS) {
      assert.equal((await call('GET /api/health', caller)).statusCode, 200, caller);
      const slack = await call('POST /api/slack/events', caller);
      // No Slack app on this server: a clear 404, never work done for an unsigned caller.
      assert.ok([401, 404].includes(slack.statusCode), `${caller}: ${slack.statusCode}`);
    }
  });
});
