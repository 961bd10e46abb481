import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDigestFixture } from '../../../core/src/digest/digest-fixture.ts';
import { createServer } from '../create-server.ts';
import type { SlackApp } from './slack-app.ts';
import { normalizeSlackConfig } from './slack-config.ts';
import { BOT, harness, SECRET } from './slack-server-harness.ts';
import { signer, startFakeSlack } from './slack-test-harness.ts';

describe('Slack app: digests', () => {
  it('a due digest is posted once per period, across restarts, with the numbers the SQL gives', async () => {
    const h = await harness({
      digests: [{ channel: 'CML', every: 'weekly', weekday: 1, hourUtc: 9, team: 'ml' }],
    });
    try {
      h.nowMs.value = Date.parse('2025-06-02T08:59:00Z'); // a Monday, before 09:00
      assert.deepEqual((await h.slackApp.tick()).digests.sent, []);
      h.nowMs.value = Date.parse('2025-06-02T09:01:00Z');
      assert.deepEqual((await h.slackApp.tick()).digests.sent, [
        'slack-digest:weekly:ml:2025-06-02',
      ]);
      const again = await h.slackApp.tick();
      assert.deepEqual([again.digests.sent.length, again.digests.skipped], [0, 1]);
      // A second server on the same store (a restart) does not send it again.
      const cfg = normalizeSlackConfig({
        signingSecret: SECRET,
        botToken: BOT,
        apiUrl: h.fake.apiUrl,
        digests: [{ channel: 'CML', every: 'weekly', weekday: 1, hourUtc: 9, team: 'ml' }],
        scheduleSeconds: 0,
      });
      let s2: SlackApp | undefined;
      const restarted = await createServer({
        warehouse: h.wh,
        services: {},
        slack: {
          config: cfg,
          now: () => new Date('2025-06-02T10:00:00Z'),
          onMount: (m) => (s2 = m),
        },
      });
      assert.equal((await s2!.tick()).digests.skipped, 1);
      await restarted.close();

      const posts = h.fake.calls('chat.postMessage').filter((c) => c.args['channel'] === 'CML');
      assert.equal(posts.length, 1);
      const text = JSON.stringify(posts[0]!.args['blocks']);
      // The data ends 2025-04-25: the week is 04-19…04-25 against 04-12…04-18, team ml only.
      const [row] = await h.wh.query<{ cur: string; prev: string }>(
        `SELECT sum("EffectiveCost") FILTER (WHERE "ChargePeriodStart" >= '2025-04-19')::DECIMAL(18,2)::VARCHAR AS cur,
                sum("EffectiveCost") FILTER (WHERE "ChargePeriodStart" < '2025-04-19')::DECIMAL(18,2)::VARCHAR AS prev
         FROM focus_cost WHERE json_extract_string("Tags", '$.team') = 'ml'
           AND "ChargePeriodStart" >= '2025-04-12' AND "ChargePeriodStart" < '2025-04-26'`,
      );
      const usd = (s: string) =>
        `$${Number(s).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
      assert.match(text, /Weekly cost digest · team ml · 2025-04-19…2025-04-25/);
      assert.ok(text.includes(usd(row!.cur)), `spend ${usd(row!.cur)}`);
      assert.ok(text.includes(usd(row!.prev)), `previous ${usd(row!.prev)}`);
      assert.match(text, /ml monthly/, 'the team’s budget');
      assert.match(text, /Active anomalies \(\d+\)/);
      assert.match(text, /Top proposals awaiting approval/);
    } finally {
      await h.close();
    }
  });

  it('the server mounts the app from its options, answering on /api/slack/events; secrets never reach the log', async () => {
    const { wh } = await openDigestFixture();
    const fake = await startFakeSlack();
    const logs: string[] = [];
    const app = await createServer({
      warehouse: wh,
      services: {},
      logger: { level: 'debug', stream: { write: (l) => void logs.push(l) } },
      slack: {
        config: normalizeSlackConfig(
          { apiUrl: fake.apiUrl, scheduleSeconds: 0 },
          { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: BOT },
        ),
      },
    });
    try {
      const req = signer(SECRET, () => Math.floor(Date.now() / 1000));
      const res = await app.inject(req.event({ type: 'url_verification', challenge: 'c1' }));
      assert.equal(res.json().challenge, 'c1');
      const bad = await app.inject(
        req.event({ type: 'url_verification', challenge: 'c2' }, { secret: 'wrong' }),
      );
      assert.equal(bad.statusCode, 401);
      // Without processBeforeResponse the command is acknowledged first and answered after.
      await app.inject(
        req.command({
          command: '/costlens',
          text: 'spend last week',
          user_id: 'U9',
          response_url: fake.hookUrl('later'),
        }),
      );
      for (let i = 0; i < 100 && !fake.hooks.some((x) => x.path === '/hooks/later'); i++)
        await new Promise((r) => setTimeout(r, 20));
      const later = fake.hooks.find((x) => x.path === '/hooks/later')!.body;
      assert.equal(later['response_type'], 'in_channel');
      assert.match(String(later['text']), /^Effective cost .*\$[\d,]+\.\d\d/);
      const all = logs.join('\n');
      assert.ok(logs.length > 0);
      assert.ok(!all.includes(BOT) && !all.includes(SECRET), 'no secret in the log');
    } finally {
      await app.close();
      await fake.close();
      await wh.close();
    }
  });
});
