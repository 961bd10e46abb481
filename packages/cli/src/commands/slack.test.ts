import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startHttpPeer } from '../../../core/src/channels/http-peer.ts';
import { openDigestFixture } from '../../../core/src/digest/digest-fixture.ts';
import { tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('costlens slack digest', () => {
  const dir = tempDir();
  const db = join(dir, 'slack.duckdb');
  const posted: Record<string, string>[] = [];
  let peer: Awaited<ReturnType<typeof startHttpPeer>>;
  before(async () => {
    const { wh } = await openDigestFixture(db);
    await wh.close();
    peer = await startHttpPeer((r) => {
      posted.push(Object.fromEntries(new URLSearchParams(r.body)));
      return {
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ok: true, channel: 'CML', ts: '1700000000.000001' }),
      };
    });
  });
  after(async () => peer.close());

  it('--dry-run prints the digest a channel’s schedule would send, without any Slack secret', async () => {
    const settings = writeTemp(
      dir,
      'slack.json',
      JSON.stringify({ digests: [{ channel: 'CML', every: 'weekly', team: 'ml' }] }),
    );
    const r = await cli([
      '--db',
      db,
      'slack',
      'digest',
      '--channel',
      'CML',
      '--config',
      settings,
      '--dry-run',
    ]);
    assert.equal(r.code, 0, r.stderr);
    // The data ends 2025-04-25: the last complete week of it, team ml only.
    assert.match(r.stdout, /^Weekly cost digest · team ml · 2025-04-19…2025-04-25/);
    assert.match(
      r.stdout,
      /Spend:\n {2}\$3,100\.00 \(week before: \$3,100\.00, \+\$0\.00, \+0\.0 %\)/,
    );
    assert.match(r.stdout, /ml monthly/);
    assert.match(r.stdout, /Rightsize i-ml/);
    assert.equal(posted.length, 0);
  });

  it('posts it with the bot token from the environment, and says what is missing without one', async () => {
    const settings = writeTemp(dir, 'slack2.json', JSON.stringify({ apiUrl: `${peer.url}/api/` }));
    const missing = await cli([
      '--db',
      db,
      'slack',
      'digest',
      '--channel',
      'CML',
      '--config',
      settings,
    ]);
    assert.notEqual(missing.code, 0);
    assert.match(
      missing.stderr,
      /missing signingSecret \(or SLACK_SIGNING_SECRET\), botToken \(or SLACK_BOT_TOKEN\)/,
    );
    const r = await cli(
      ['--db', db, 'slack', 'digest', '--channel', 'CML', '--every', 'daily', '--config', settings],
      {
        SLACK_BOT_TOKEN: 'xoxb-cli-test',
        SLACK_SIGNING_SECRET: 'cli-secret',
      },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Posted the daily digest to CML/);
    assert.equal(posted.length, 1);
    assert.equal(posted[0]!['channel'], 'CML');
    assert.match(posted[0]!['blocks']!, /Daily cost digest · 2025-04-25/);
    assert.ok(!r.stdout.includes('xoxb-cli-test') && !r.stderr.includes('xoxb-cli-test'));
  });

  it('`costlens serve --slack F` answers signed Slack requests on /api/slack/events and keeps secrets out of its log', async () => {
    const settings = writeTemp(
      dir,
      'serve-slack.json',
      JSON.stringify({ apiUrl: `${peer.url}/api/`, scheduleSeconds: 0 }),
    );
    const secret = 'serve-signing-secret';
    const p = spawn(
      process.execPath,
      [BIN, '--db', db, 'serve', '--port', '0', '--slack', settings],
      {
        env: { ...process.env, SLACK_SIGNING_SECRET: secret, SLACK_BOT_TOKEN: 'xoxb-serve-token' },
      },
    );
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      for (let i = 0; i < 300 && !/Slack: +http/.test(stdout); i++)
        await new Promise((r) => setTimeout(r, 50));
      const url = /Slack: +(http:\/\/\S+)/.exec(stdout)?.[1];
      assert.ok(url, stdout + stderr);
      const body = JSON.stringify({ type: 'url_verification', challenge: 'from-slack' });
      const ts = Math.floor(Date.now() / 1000);
      const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
      const send = (signature: string) =>
        fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-slack-request-timestamp': String(ts),
            'x-slack-signature': signature,
          },
          body,
        });
      const ok = await send(sig);
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { challenge: string }).challenge, 'from-slack');
      assert.equal((await send(sig.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).status, 401);
    } finally {
      p.kill('SIGTERM');
      await new Promise((r) => p.once('close', r));
    }
    assert.ok(!stdout.includes('xoxb-serve-token') && !stderr.includes('xoxb-serve-token'));
    assert.ok(!stderr.includes(secret));
  });
});
