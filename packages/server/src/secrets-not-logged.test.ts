import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import {
  assistantSettingsFrom,
  ClickHouseWarehouse,
  DuckDbWarehouse,
  emailChannel,
  listAudit,
  parseWarehouseUrl,
  webhookChannel,
} from '@costlens/core';
import type { Warehouse } from '@costlens/core';
import { startHttpPeer } from '../../core/src/channels/http-peer.ts';
import { tempDir } from '../../core/src/testing/fixtures.ts';
import type { App } from './app-types.ts';
import { createServer } from './create-server.ts';
import { BOT, harness, SECRET } from './slack/slack-server-harness.ts';
import type { Harness } from './slack/slack-server-harness.ts';

/**
 * Secrets never leave in logs, audit rows, error messages or API error bodies: API tokens (the
 * creation response, bearer values, wrong guesses), the Slack signing secret and bot token, an
 * LLM API key (even when the provider echoes it back), a ClickHouse URL password and a webhook
 * HMAC secret. The server logs at debug into a captured stream; every text is grepped.
 */

/** Every text a secret could leak into, joined. */
async function everything(wh: Warehouse, logs: string[], bodies: string[]): Promise<string> {
  const audit = JSON.stringify(await listAudit(wh, { limit: 10_000 }));
  return [...logs, ...bodies, audit].join('\n');
}

function assertAbsent(haystack: string, secrets: Record<string, string>): void {
  for (const [what, value] of Object.entries(secrets)) {
    assert.ok(
      !haystack.includes(value),
      `${what} leaked: …${haystack.slice(haystack.indexOf(value) - 200, haystack.indexOf(value) + 50)}…`,
    );
  }
}

describe('secrets are never logged or returned', () => {
  let h: Harness;
  const bodies: string[] = [];

  before(async () => {
    h = await harness();
  });
  after(async () => h.close());

  it('API tokens (created, used, guessed), the Slack signing secret and bot token appear in no log, audit row or response', async () => {
    // Local demo mode: the first token is created without one.
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/tokens',
      payload: { role: 'admin', name: 'ops' },
    });
    assert.equal(created.statusCode, 201);
    const admin = created.json<{ token: string }>().token;
    const second = await h.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${admin}` },
      payload: { role: 'viewer' },
    });
    const viewer = second.json<{ token: string }>().token;
    const used = await h.app.inject({
      url: '/api/whoami',
      headers: { authorization: `Bearer ${viewer}` },
    });
    assert.equal(used.statusCode, 200);
    const guess = 'cl_guessed_secret_value_4242';
    for (const authorization of [`Bearer ${guess}`, `Basic ${guess}`, guess]) {
      const refused = await h.app.inject({ url: '/api/whoami', headers: { authorization } });
      assert.equal(refused.statusCode, 401);
      bodies.push(refused.body);
    }
    const forbidden = await h.app.inject({
      method: 'POST',
      url: '/api/sql',
      headers: { authorization: `Bearer ${viewer}` },
      payload: { sql: 'SELECT 1' },
    });
    assert.equal(forbidden.statusCode, 403);
    bodies.push(forbidden.body, used.body);

    const ok = await h.app.inject(
      h.req.command({
        command: '/costlens',
        text: 'help',
        user_id: 'UVIC',
        response_url: h.fake.hookUrl('s'),
      }),
    );
    assert.equal(ok.statusCode, 200);
    const forged = await h.app.inject(
      h.req.command(
        { command: '/costlens', text: 'help', user_id: 'UVIC' },
        { secret: `${SECRET}x` },
      ),
    );
    assert.equal(forged.statusCode, 401);
    bodies.push(ok.body, forged.body);

    const text = await everything(h.wh, h.logs, bodies);
    assert.ok(
      h.logs.some((l) => l.includes('"url":"/api/whoami"')),
      'request logging is on',
    );
    assertAbsent(text, {
      'admin token': admin,
      'viewer token': viewer,
      'guessed token': guess,
      'Slack signing secret': SECRET,
      'Slack bot token': BOT,
    });
    // The fake Slack did get the bot token: it is used, just never written down.
    assert.ok(h.fake.calls().every((c) => c.token === null || c.token === BOT));
  });
});

describe('model and store credentials stay out of answers, logs and errors', () => {
  const KEY = 'sk-costlens-test-key-0123456789abcdef';
  let peer: Awaited<ReturnType<typeof startHttpPeer>>;
  let wh: DuckDbWarehouse;
  let app: App;
  const logs: string[] = [];
  const dir = tempDir('costlens-secrets-');

  before(async () => {
    // A provider that echoes the Authorization header in its error, as some do.
    peer = await startHttpPeer((r) => ({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({
        error: { message: `Incorrect API key provided: ${String(r.headers.authorization)}` },
      }),
    }));
    wh = await DuckDbWarehouse.open();
    const assistant = assistantSettingsFrom(
      {},
      {
        model: {
          provider: 'openai-compatible',
          model: 'm',
          baseURL: `${peer.url}/v1`,
          apiKey: KEY,
        },
        sendLog: join(dir, 'sent.jsonl'),
      },
      dir,
    );
    app = await createServer({
      warehouse: wh,
      config: { assistant },
      logger: { level: 'debug', stream: { write: (l) => void logs.push(l) } },
    });
  });
  after(async () => {
    await app.close();
    await wh.close();
    await peer.close();
  });

  it('a provider that echoes the API key in its error does not get the key into the answer or logs', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/ask',
      payload: { question: 'total cost last month' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /failed/);
    const sent = existsSync(join(dir, 'sent.jsonl'))
      ? readFileSync(join(dir, 'sent.jsonl'), 'utf8')
      : '';
    assert.ok(sent.length > 0, 'the request was sent and logged');
    assertAbsent(await everything(wh, logs, [res.body, sent]), { 'LLM API key': KEY });
  });

  it('an invalid model configuration names the field, not the key', () => {
    assert.throws(
      () =>
        assistantSettingsFrom(
          { COSTLENS_LLM_API_KEY: KEY },
          { model: { provider: 'openai-compatible', model: 'm' } },
          dir,
        ),
      (e: Error & { issues?: unknown; hint?: string }) => {
        const all = `${e.message} ${JSON.stringify(e.issues)} ${e.hint ?? ''} ${String(e.stack)}`;
        assert.match(all, /baseURL/);
        assertAbsent(all, { 'LLM API key': KEY });
        return true;
      },
    );
  });

  it('a ClickHouse URL password appears in no parse or connection error', async () => {
    const pw = 'ch-Pa55word-never-shown';
    assert.throws(
      () => parseWarehouseUrl(`clickhouse://finops:${pw}@bad host:8123/db`),
      (e: Error & { hint?: string }) => {
        assertAbsent(`${e.message} ${e.hint ?? ''}`, { 'ClickHouse password': pw });
        return true;
      },
    );
    const open = await ClickHouseWarehouse.open(`clickhouse://finops:${pw}@127.0.0.1:1/db`)
      .then(async (w) => {
        try {
          return await w.query('SELECT 1');
        } finally {
          await w.close().catch(() => undefined);
        }
      })
      .then(
        () => assert.fail('a closed port answered'),
        (e: unknown) => e,
      );
    const err = open as Error & { hint?: string; cause?: unknown };
    const all = `${err.message} ${err.hint ?? ''} ${String(err.stack)} ${String(err.cause)} ${JSON.stringify(err)}`;
    assertAbsent(all, { 'ClickHouse password': pw });
  });

  it('a failed webhook delivery names the host, never the HMAC secret', async () => {
    const secret = 'whsec-0123456789abcdef-hidden';
    const ch = webhookChannel({ id: 'ops', url: `${peer.url}/hook`, secret });
    const err = await ch.send({ kind: 'test' } as never).then(
      () => assert.fail('the peer answers 401'),
      (e: unknown) => e as Error,
    );
    assertAbsent(`${err.message} ${String(err.stack)} ${JSON.stringify(err)}`, {
      'webhook secret': secret,
    });
  });

  it('a refused SMTP login names the server, never the password (plain or as sent in AUTH)', async () => {
    const pass = 'smtp-Pa55-never-shown';
    const smtp = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      onAuth: (_auth, _session, cb) => cb(new Error('Invalid username or password')),
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as AddressInfo).port;
    const err = await emailChannel({
      id: 'mail',
      host: '127.0.0.1',
      port,
      secure: false,
      user: 'costlens',
      pass,
      from: 'costlens@example.com',
      to: ['finops@example.com'],
    })
      .send({ kind: 'test' } as never)
      .then(
        () => assert.fail('the login is refused'),
        (e: unknown) => e as Error & { cause?: unknown },
      );
    await new Promise<void>((r) => smtp.close(() => r()));
    const cause = err.cause as Record<string, unknown> | undefined;
    const all = `${err.message} ${String(err.stack)} ${JSON.stringify(err)} ${JSON.stringify(cause ?? {})}`;
    assert.match(all, /refused|Invalid/);
    assertAbsent(all, {
      'SMTP password': pass,
      'SMTP AUTH PLAIN': Buffer.from(`\0costlens\0${pass}`).toString('base64'),
      'SMTP AUTH LOGIN password': Buffer.from(pass).toString('base64'),
    });
  });
});
