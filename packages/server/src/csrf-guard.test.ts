import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Warehouse } from '@costlens/core';
import { countActiveApiTokens, getRecommendation } from '@costlens/core';
import { openDigestFixture } from '../../core/src/digest/digest-fixture.ts';
import type { App } from './app-types.ts';
import { createServer } from './create-server.ts';
import { crossSiteReason } from './csrf-guard.ts';
import { storeFingerprint } from './store-fingerprint.ts';

/**
 * CSRF in local demo mode (no tokens, loopback: every tokenless local request is the admin): what
 * a page on another origin can make a browser send — a cross-site Origin / Sec-Fetch-Site, or a
 * "simple" form or text/plain body that needs no preflight — must change nothing, while the
 * dashboard's own same-origin JSON requests and plain API clients keep working. Real HTTP.
 */

describe('CSRF guard (local demo mode)', () => {
  let wh: Warehouse;
  let app: App;
  let base: string;
  let recId: string;

  before(async () => {
    const fx = await openDigestFixture();
    wh = fx.wh;
    recId = fx.recIds[0]!;
    app = await createServer({ warehouse: wh });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.close();
    await wh.close();
  });

  const send = (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Response> =>
    fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });

  const JSON_TYPE = { 'content-type': 'application/json' };
  const EVIL = 'https://evil.example';
  const attacks = (): [string, string, string | undefined][] => [
    ['POST', '/api/tokens', JSON.stringify({ role: 'admin', name: 'stolen' })],
    ['POST', `/api/recommendations/${recId}/approve`, JSON.stringify({ reason: 'csrf' })],
    ['POST', '/api/anomalies/x/feedback', JSON.stringify({ feedback: 'expected' })],
    ['POST', '/api/sql', JSON.stringify({ sql: 'SELECT 1' })],
    [
      'POST',
      '/api/budgets',
      JSON.stringify({ name: 'b', scope: { kind: 'all' }, period: 'month', amount: '1' }),
    ],
    ['DELETE', '/api/budgets/x', undefined],
    ['POST', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' })],
  ];

  it('refuses state changes a browser marks cross-site (Sec-Fetch-Site, or a foreign or null Origin) and changes nothing', async () => {
    const beforeState = await storeFingerprint(wh);
    const marks: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', origin: EVIL },
      { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' },
      { origin: EVIL },
      { origin: 'null' },
      { origin: 'http://127.0.0.1:1' },
    ];
    for (const [method, path, body] of attacks()) {
      for (const mark of marks) {
        const res = await send(method, path, { ...JSON_TYPE, ...mark }, body);
        assert.equal(res.status, 403, `${method} ${path} ${JSON.stringify(mark)}`);
        const err = ((await res.json()) as { error: { code: string; message: string } }).error;
        assert.equal(err.code, 'FORBIDDEN');
        assert.match(err.message, /^cross-site (POST|DELETE) refused/);
      }
    }
    assert.deepEqual(await storeFingerprint(wh), beforeState);
    assert.equal(await countActiveApiTokens(wh), 0);
    assert.equal((await getRecommendation(wh, recId)).status, 'proposed');
  });

  it('refuses the bodies a page can send without a preflight (form, multipart, text/plain), with no Origin at all', async () => {
    const beforeState = await storeFingerprint(wh);
    const payload = JSON.stringify({ role: 'admin', name: 'stolen' });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await send('POST', '/api/tokens', { 'content-type': type }, payload);
      assert.equal(res.status, 415, type);
      const res2 = await send('POST', '/mcp', { 'content-type': type }, payload);
      assert.equal(res2.status, 415, `mcp ${type}`);
    }
    assert.deepEqual(await storeFingerprint(wh), beforeState);
  });

  it('sends no CORS headers, so a preflighted cross-origin request fails in the browser', async () => {
    const pre = await send('OPTIONS', '/api/tokens', {
      origin: EVIL,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    const get = await send('GET', '/api/whoami', { origin: EVIL });
    assert.equal(get.headers.get('access-control-allow-origin'), null);
    assert.equal(get.headers.get('access-control-allow-credentials'), null);
  });

  it('the dashboard (same-origin JSON) and API clients (no Origin) still change things', async () => {
    const dash = await send(
      'POST',
      `/api/recommendations/${recId}/approve`,
      { ...JSON_TYPE, origin: base, 'sec-fetch-site': 'same-origin' },
      JSON.stringify({ reason: 'approved from the dashboard' }),
    );
    assert.equal(dash.status, 200, await dash.clone().text());
    assert.equal((await getRecommendation(wh, recId)).status, 'approved');
    const proxied = await send(
      'POST',
      '/api/budgets',
      {
        ...JSON_TYPE,
        origin: 'https://costlens.example.com',
        'x-forwarded-host': 'costlens.example.com',
      },
      JSON.stringify({ name: 'proxied', scope: { kind: 'all' }, period: 'month', amount: '5' }),
    );
    assert.ok(proxied.status < 300, await proxied.clone().text());
    const cli = await send('POST', '/api/tokens', JSON_TYPE, JSON.stringify({ role: 'viewer' }));
    assert.equal(cli.status, 201);
    const bodiless = await send('DELETE', '/api/budgets/no-such-budget', { origin: base });
    assert.notEqual(bodiless.status, 403);
  });

  it('crossSiteReason trusts Sec-Fetch-Site over Origin and compares Origin with the Host', () => {
    assert.equal(crossSiteReason({ 'sec-fetch-site': 'none' }), null);
    assert.equal(crossSiteReason({ 'sec-fetch-site': 'same-origin', origin: EVIL }), null);
    assert.equal(
      crossSiteReason({ host: '127.0.0.1:4173', origin: 'http://127.0.0.1:4173' }),
      null,
    );
    assert.match(
      crossSiteReason({ host: '127.0.0.1:4173', origin: 'http://127.0.0.1:4174' })!,
      /not this server/,
    );
    assert.match(crossSiteReason({ host: 'h', origin: 'not a url' })!, /not this server/);
    assert.equal(crossSiteReason({ host: 'h' }), null);
  });
});
