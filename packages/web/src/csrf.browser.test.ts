/**
 * End-to-end CSRF check in Debian's Chromium: the server runs in local demo mode (no tokens, so a
 * tokenless loopback request is the admin), and a page on another origin tries what a malicious
 * site would — an auto-submitted text/plain form carrying JSON, no-cors fetches and a beacon at the
 * token, approval and SQL routes, and a CORS fetch with a JSON body. The browser's requests reach
 * the server and are refused; no token, approval or audit row appears.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DuckDbWarehouse, saveRecommendations } from '@costlens/core';
import { sampleRecommendation } from '../../core/src/digest/digest-fixture.ts';
import { tempDir } from '../../core/src/testing/fixtures.ts';
import { CHROMIUM, openDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

/** The attacker's page: every request a page can make to another origin without its consent. */
function attackPage(api: string, recId: string): string {
  const token = JSON.stringify({ role: 'admin', name: 'csrf' });
  return `<!doctype html><html><body>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="${api}/api/tokens" enctype="text/plain" target="sink">
  <input name='{"role":"admin","name":"csrf","x":"' value='"}'>
</form>
<script>
  const api = ${JSON.stringify(api)};
  const results = [];
  const note = (what, p) => p.then((r) => results.push(what + ': ' + (r.type || r.status)), (e) => results.push(what + ': blocked'));
  document.getElementById('f').submit();
  Promise.all([
    note('no-cors approve', fetch(api + '/api/recommendations/${recId}/approve', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ reason: 'csrf' }) })),
    note('no-cors sql', fetch(api + '/api/sql', { method: 'POST', mode: 'no-cors', body: JSON.stringify({ sql: 'SELECT 1' }) })),
    note('no-cors form token', fetch(api + '/api/tokens', { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ role: 'admin' }) })),
    note('cors json token', fetch(api + '/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(token)} })),
    Promise.resolve(navigator.sendBeacon(api + '/api/tokens', new Blob([${JSON.stringify(token)}], { type: 'text/plain' }))),
  ]).then(() => { window.attackDone = results; });
</script></body></html>`;
}

describe(
  'CSRF from another origin in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    let page: Page;
    let recId: string;
    let attacker: ReturnType<typeof createServer>;
    let attackerUrl: string;

    before(async () => {
      const dbPath = join(tempDir(), 'csrf.duckdb');
      const wh = await DuckDbWarehouse.open({ path: dbPath });
      recId = (await saveRecommendations(wh, [sampleRecommendation()])).ids[0]!;
      await wh.close();
      session = await openDashboard(dbPath);
      page = session.page;
      const html = attackPage(session.url.replace(/\/$/, ''), recId);
      attacker = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(html);
      });
      await new Promise<void>((r) => attacker.listen(0, 'localhost', r));
      attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
    });

    after(async () => {
      await session?.close();
      attacker?.close();
    });

    it('requests a page on another origin makes reach the server, are refused, and change nothing', async () => {
      // What the browser sent to the API and what became of it: a status, or why it failed.
      const seen: { url: string; method: string; outcome: string }[] = [];
      const mine = (u: string) => u.startsWith(session.url);
      page.on('response', (r) => {
        if (mine(r.url())) {
          seen.push({ url: r.url(), method: r.request().method(), outcome: String(r.status()) });
        }
      });
      page.on('requestfailed', (r) => {
        if (mine(r.url())) {
          seen.push({ url: r.url(), method: r.method(), outcome: r.failure()?.errorText ?? '' });
        }
      });
      await page.goto(attackerUrl);
      await page.waitForFunction(() => (window as { attackDone?: unknown }).attackDone, null, {
        timeout: 20_000,
      });
      // Let the form's navigation and the beacon land.
      await page.waitForTimeout(1000);
      const results = await page.evaluate(() => (window as { attackDone?: string[] }).attackDone);
      assert.ok(results?.includes('cors json token: blocked'), String(results));

      const posts = seen.filter((s) => s.method === 'POST');
      assert.ok(posts.length >= 4, JSON.stringify(seen));
      // The form's answer is visible: the guard's 403. The no-cors answers reach the browser but
      // are withheld from the page (Cross-Origin-Resource-Policy), so they fail as "blocked by
      // response"; the JSON fetch never gets past its preflight (no CORS headers).
      assert.ok(
        posts.some((p) => p.url.endsWith('/api/tokens') && p.outcome === '403'),
        JSON.stringify(posts),
      );
      for (const p of posts) {
        assert.match(p.outcome, /^403$|ERR_BLOCKED_BY_RESPONSE|ERR_FAILED/, JSON.stringify(p));
      }
      const api = (path: string) => fetch(`${session.url.replace(/\/$/, '')}${path}`);
      const tokens = (await (await api('/api/tokens')).json()) as { tokens: unknown[] };
      assert.deepEqual(tokens.tokens, [], 'still in demo mode: no token was created');
      const rec = (await (await api(`/api/recommendations/${recId}`)).json()) as {
        status: string;
      };
      assert.equal(rec.status, 'proposed');
      const audit = (await (await api('/api/audit')).json()) as {
        entries: { action: string }[];
      };
      assert.deepEqual(
        audit.entries.map((e) => e.action).filter((a) => a !== 'recommendation.propose'),
        [],
      );
    });
  },
);
