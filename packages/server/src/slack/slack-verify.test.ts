import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDigestFixture } from '../../../core/src/digest/digest-fixture.ts';
import { createServer } from '../create-server.ts';
import { normalizeSlackConfig } from './slack-config.ts';
import { duePeriod } from './slack-schedule.ts';
import { BOT, harness } from './slack-server-harness.ts';
import type { Harness } from './slack-server-harness.ts';

describe('Slack app: request verification', () => {
  let h: Harness;
  before(async () => (h = await harness()));
  after(async () => h.close());

  it('answers Slack’s URL verification challenge when signed', async () => {
    const res = await h.app.inject(h.req.event({ type: 'url_verification', challenge: 'abc123' }));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().challenge, 'abc123');
  });

  it('refuses a bad signature, missing headers and a stale timestamp with 401, running nothing', async () => {
    const before = h.fake.calls().length;
    const fields = {
      command: '/costlens',
      text: 'help',
      user_id: 'UALICE',
      response_url: h.fake.hookUrl('x'),
    };
    const bad = await h.app.inject(h.req.command(fields, { secret: 'not-the-secret' }));
    assert.equal(bad.statusCode, 401);
    assert.match(bad.json().error.message, /signature mismatch/);
    const stale = await h.app.inject(
      h.req.command(fields, { ts: Math.floor(h.nowMs.value / 1000) - 301 }),
    );
    assert.equal(stale.statusCode, 401);
    assert.match(stale.json().error.message, /stale/);
    const unsigned = await h.app.inject({
      ...h.req.command(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(unsigned.statusCode, 401);
    assert.equal(h.fake.calls().length, before);
    assert.equal(h.fake.hooks.length, 0);
  });

  it('refuses the same signed request sent twice (a replay) and runs it once', async () => {
    const signed = h.req.command({
      command: '/costlens',
      text: 'help',
      user_id: 'UALICE',
      response_url: h.fake.hookUrl('replay'),
    });
    const first = await h.app.inject(signed);
    assert.equal(first.statusCode, 200);
    const again = await h.app.inject(signed);
    assert.equal(again.statusCode, 401);
    assert.match(again.json().error.message, /replay/);
    assert.equal(h.fake.hooks.filter((x) => x.path === '/hooks/replay').length, 1);
  });

  it('runs an event once: Slack’s retries (X-Slack-Retry-Num) of the same event id are acknowledged only', async () => {
    const ev = {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'Ev001',
      event_time: 1,
      event: {
        type: 'app_mention',
        user: 'UVIC',
        text: '<@UBOT> spend by service',
        ts: '1700000000.000200',
        channel: 'CGEN',
      },
    };
    const first = await h.app.inject(h.req.event(ev));
    assert.equal(first.statusCode, 200);
    h.nowMs.value += 1000; // Slack re-signs a retry: a new timestamp, a new signature.
    const retry = await h.app.inject(
      h.req.event(ev, {
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      }),
    );
    assert.equal(retry.statusCode, 200);
    const posts = h.fake.calls('chat.postMessage').filter((c) => c.args['channel'] === 'CGEN');
    assert.equal(posts.length, 1, 'answered once');
    assert.equal(posts[0]!.args['thread_ts'], '1700000000.000200', 'in the mention’s thread');
    assert.equal(posts[0]!.token, BOT);
  });
});

describe('Slack schedule and the unconfigured route', () => {
  it('a daily digest is due from its hour; a weekly one only on its weekday', () => {
    const daily = { channel: 'C1', every: 'daily', hourUtc: 8, weekday: 1 } as const;
    const weekly = { ...daily, every: 'weekly', weekday: 3 } as const;
    assert.equal(duePeriod(daily, new Date('2025-06-03T07:59:00Z')), null);
    assert.equal(duePeriod(daily, new Date('2025-06-03T08:00:00Z')), '2025-06-03');
    assert.equal(duePeriod(weekly, new Date('2025-06-03T12:00:00Z')), null, 'a Tuesday');
    assert.equal(duePeriod(weekly, new Date('2025-06-04T12:00:00Z')), '2025-06-04', 'a Wednesday');
  });

  it('a server without Slack answers its events route with a clear 404', async () => {
    const { wh } = await openDigestFixture();
    const app = await createServer({ warehouse: wh, services: {} });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/slack/events',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'command=%2Fcostlens',
      });
      assert.equal(res.statusCode, 404);
      assert.match(res.json().error.message, /Slack is not configured/);
    } finally {
      await app.close();
      await wh.close();
    }
  });
});

describe('Slack settings', () => {
  it('name every bad field and never echo a secret', () => {
    assert.throws(
      () =>
        normalizeSlackConfig({
          botToken: 'xoxp-user-token-oops',
          users: { alice: { actor: 'a', role: 'boss' } },
          digests: [{ channel: '#finops', every: 'hourly' }],
        }),
      (e: Error) =>
        /botToken: a bot token starts with xoxb-/.test(e.message) &&
        /users/.test(e.message) &&
        /digests\.0\.channel/.test(e.message) &&
        /digests\.0\.every/.test(e.message) &&
        !e.message.includes('xoxp-user-token-oops'),
    );
    assert.throws(
      () => normalizeSlackConfig({}),
      /missing signingSecret \(or SLACK_SIGNING_SECRET\), botToken \(or SLACK_BOT_TOKEN\)/,
    );
    assert.throws(
      () =>
        normalizeSlackConfig(
          { defaultRole: 'approver' },
          { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' },
        ),
      /defaultRole/,
    );
    const c = normalizeSlackConfig(
      { mode: 'http' },
      { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' },
    );
    assert.deepEqual(
      [c.signingSecret, c.botToken, c.defaultRole, c.anomalyRole],
      ['s', 'xoxb-1', 'viewer', 'approver'],
    );
  });
});
