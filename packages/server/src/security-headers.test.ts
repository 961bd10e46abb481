import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DuckDbWarehouse } from '@costlens/core';
import { tempDir } from '../../core/src/testing/fixtures.ts';
import { createServer } from './create-server.ts';
import { DASHBOARD_CSP, DOCUMENT_CSP } from './security-headers.ts';

const LOCAL = { host: '127.0.0.1:4173' };

function webRoot(): string {
  const root = tempDir();
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><script src="/assets/a.js"></script>');
  writeFileSync(join(root, 'assets', 'a.js'), 'console.log(1)');
  return root;
}

function assertCommonHeaders(headers: Record<string, unknown>, what: string): void {
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
  assert.equal(headers['referrer-policy'], 'no-referrer', what);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.match(String(headers['content-security-policy']), /frame-ancestors 'none'/, what);
  assert.equal(headers['strict-transport-security'], undefined, what);
}

describe('security headers', () => {
  it('API answers, refusals, 404s and dashboard files carry the CSP, nosniff and no-referrer', async () => {
    const wh = await DuckDbWarehouse.open();
    const app = await createServer({
      warehouse: wh,
      config: { webRoot: webRoot(), limits: { perCaller: { max: 1, windowMs: 60_000 } } },
    });
    try {
      const health = await app.inject({ url: '/api/health', headers: LOCAL });
      assert.equal(health.statusCode, 200);
      assertCommonHeaders(health.headers, 'health');
      const csp = String(health.headers['content-security-policy']);
      for (const [name, values] of Object.entries(DASHBOARD_CSP)) {
        assert.ok(csp.includes(`${name} ${values.join(' ')}`), `${name} in ${csp}`);
      }
      assert.doesNotMatch(csp, /upgrade-insecure-requests|unsafe-eval/);
      assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);

      const refused = await app.inject({
        url: '/api/whoami',
        headers: { ...LOCAL, authorization: 'Bearer nope' },
      });
      assert.equal(refused.statusCode, 401);
      assertCommonHeaders(refused.headers, '401');
      const missing = await app.inject({ url: '/api/nothing', headers: LOCAL });
      assert.equal(missing.statusCode, 404);
      assertCommonHeaders(missing.headers, '404');

      // The general budget (1) is spent, yet the dashboard's files keep loading.
      for (const url of ['/', '/assets/a.js', '/explorer', '/assets/a.js']) {
        const res = await app.inject({ url, headers: LOCAL });
        assert.equal(res.statusCode, 200, url);
        assertCommonHeaders(res.headers, url);
      }
      assert.equal((await app.inject({ url: '/api/health', headers: LOCAL })).statusCode, 429);
    } finally {
      await app.close();
      await wh.close();
    }
  });

  it('HTML documents from the API get the no-script document policy', async () => {
    const wh = await DuckDbWarehouse.open();
    const app = await createServer({ warehouse: wh });
    try {
      const put = await app.inject({
        method: 'PUT',
        url: '/api/initiatives/copilot',
        headers: LOCAL,
        payload: {
          id: 'copilot',
          name: 'Copilot',
          owner: 'jane@example.com',
          start: '2025-01-01',
          end: '2025-03-31',
          mappings: [{ filters: [{ dimension: 'tag:app', value: 'copilot' }] }],
          budget: [{ category: 'inference_and_platform', amount: '900' }],
        },
      });
      assert.equal(put.statusCode, 201, put.body);
      const report = await app.inject({ url: '/api/initiatives/copilot/report', headers: LOCAL });
      assert.equal(report.statusCode, 200, report.body);
      assert.match(String(report.headers['content-type']), /^text\/html/);
      assert.equal(report.headers['content-security-policy'], DOCUMENT_CSP);
      assert.equal(report.headers['x-content-type-options'], 'nosniff');
      const json = await app.inject({ url: '/api/initiatives/copilot', headers: LOCAL });
      assert.notEqual(json.headers['content-security-policy'], DOCUMENT_CSP);
    } finally {
      await app.close();
      await wh.close();
    }
  });

  it('securityHeaders: false leaves them off', async () => {
    const wh = await DuckDbWarehouse.open();
    const app = await createServer({
      warehouse: wh,
      config: { limits: { securityHeaders: false } },
    });
    try {
      const res = await app.inject({ url: '/api/health', headers: LOCAL });
      assert.equal(res.headers['content-security-policy'], undefined);
      assert.equal(res.headers['x-frame-options'], undefined);
    } finally {
      await app.close();
      await wh.close();
    }
  });
});
