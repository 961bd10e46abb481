import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Warehouse } from '@costlens/core';
import {
  buildDigest,
  getAnomaly,
  getRecommendation,
  listAnomalies,
  listAudit,
} from '@costlens/core';
import { digestBlocks } from './digest-blocks.ts';
import { openDigestFixture } from '../../../core/src/digest/digest-fixture.ts';
import type { App } from '../app-types.ts';
import { createServer } from '../create-server.ts';
import { ACTION, INPUT, VIEW } from './action-ids.ts';
import type { SlackApp } from './slack-app.ts';
import { duePeriod } from './slack-schedule.ts';
import { normalizeSlackConfig } from './slack-config.ts';
import type { SlackSettingsSpec } from './slack-config.ts';
import type { FakeSlack } from './slack-test-harness.ts';
import { buttonClick, signer, startFakeSlack, viewSubmission } from './slack-test-harness.ts';

const SECRET = 'slack-signing-secret-for-tests-0123';
const BOT = 'xoxb-111-222-secretbottoken';
// After detection in the fixture (2025-06-01): histories are in time order.
const NOW = new Date('2025-06-02T09:30:00Z');

interface Harness {
  wh: Warehouse;
  recIds: string[];
  app: App;
  slackApp: SlackApp;
  fake: FakeSlack;
  logs: string[];
  req: ReturnType<typeof signer>;
  nowMs: { value: number };
  close(): Promise<void>;
}

async function harness(spec: Partial<SlackSettingsSpec> = {}): Promise<Harness> {
  const { wh, recIds } = await openDigestFixture();
  const fake = await startFakeSlack({ UOUT: 'olga' });
  const logs: string[] = [];
  const nowMs = { value: NOW.getTime() };
  const config = normalizeSlackConfig({
    signingSecret: SECRET,
    botToken: BOT,
    apiUrl: fake.apiUrl,
    publicUrl: 'https://costlens.example.com',
    users: {
      UALICE: { actor: 'alice', role: 'approver' },
      UVIC: { actor: 'victor', role: 'viewer' },
    },
    anomalyRole: 'approver',
    processBeforeResponse: true,
    scheduleSeconds: 0,
    ...spec,
  });
  let mounted: SlackApp | undefined;
  const app = await createServer({
    warehouse: wh,
    services: {},
    logger: { level: 'debug', stream: { write: (l) => void logs.push(l) } },
    slack: { config, now: () => new Date(nowMs.value), onMount: (m) => (mounted = m) },
  });
  const slackApp = mounted!;
  return {
    wh,
    recIds,
    app,
    slackApp,
    fake,
    logs,
    nowMs,
    req: signer(SECRET, () => Math.floor(nowMs.value / 1000)),
    close: async () => {
      await app.close();
      await fake.close();
      await wh.close();
    },
  };
}

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

describe('Slack app: /costlens and mentions', () => {
  let h: Harness;
  before(async () => (h = await harness({ defaultRole: null })));
  after(async () => h.close());

  it('answers a question with the assistant: the answer, a table, the query behind it and a dashboard link', async () => {
    const res = await h.app.inject(
      h.req.command({
        command: '/costlens',
        text: 'top services in April 2025',
        user_id: 'UVIC',
        response_url: h.fake.hookUrl('ask'),
      }),
    );
    assert.equal(res.statusCode, 200);
    const hook = h.fake.hooks.find((x) => x.path === '/hooks/ask')!.body;
    assert.equal(hook['response_type'], 'in_channel');
    const blocks = hook['blocks'] as { type: string; text?: { text: string } }[];
    const text = JSON.stringify(blocks);
    const truth = await h.wh.query<{ service: string; cost: string }>(
      `SELECT "ServiceName" AS service, sum("EffectiveCost")::DECIMAL(18,2)::VARCHAR AS cost FROM focus_cost
       WHERE "ChargePeriodStart" >= '2025-04-01' AND "ChargePeriodStart" < '2025-05-01' GROUP BY 1 ORDER BY 2 DESC`,
    );
    const usd = (s: string) =>
      `$${Number(s).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    const table = blocks.find((b) => b.text?.text.startsWith('```'))!.text!.text;
    for (const t of truth) {
      assert.match(
        table,
        new RegExp(`${t.service}\\s+\\${usd(t.cost)}`),
        `table row ${t.service} ${usd(t.cost)}`,
      );
    }
    assert.match(text, /<@UVIC> asked: _top services in April 2025_/);
    assert.match(
      text,
      /Query 1: <https:\/\/costlens\.example\.com\/explorer\?metric=effective_cost&groupBy=service&grain=&start=2025-04-01&end=2025-04-26\|`effective_cost · by service · 2025-04-01…2025-04-26/,
    );
    assert.match(text, /engine: offline/);
  });

  it('`/costlens digest weekly ml` previews the team digest only to the asker; `help` lists the commands', async () => {
    await h.app.inject(
      h.req.command({
        command: '/costlens',
        text: 'digest weekly ml',
        user_id: 'UVIC',
        response_url: h.fake.hookUrl('dg'),
      }),
    );
    const dg = h.fake.hooks.find((x) => x.path === '/hooks/dg')!.body;
    assert.equal(dg['response_type'], 'ephemeral');
    const expected = digestBlocks(
      await buildDigest(h.wh, { period: 'weekly', team: 'ml', now: NOW }),
      {
        publicUrl: 'https://costlens.example.com',
      },
    );
    assert.deepEqual(dg['blocks'], expected.blocks);
    await h.app.inject(
      h.req.command({
        command: '/costlens',
        text: '',
        user_id: 'UVIC',
        response_url: h.fake.hookUrl('help'),
      }),
    );
    assert.match(
      String(h.fake.hooks.find((x) => x.path === '/hooks/help')!.body['text']),
      /\/costlens approvals/,
    );
  });

  it('a mention from an unknown member gets a message only they see', async () => {
    await h.app.inject(
      h.req.event({
        type: 'event_callback',
        team_id: 'T1',
        event_id: 'EvOut',
        event: {
          type: 'app_mention',
          user: 'UOUT',
          text: '<@UBOT> spend',
          ts: '1700000000.000300',
          channel: 'CGEN',
        },
      }),
    );
    const eph = h.fake.calls('chat.postEphemeral').at(-1)!;
    assert.deepEqual([eph.args['user'], eph.args['channel']], ['UOUT', 'CGEN']);
    assert.match(String(eph.args['text']), /does not know your Slack user/);
    assert.equal(
      h.fake.calls('chat.postMessage').filter((c) => c.args['channel'] === 'CGEN').length,
      0,
    );
  });

  it('refuses members CostLens does not know when no default role is set', async () => {
    await h.app.inject(
      h.req.command({
        command: '/costlens',
        text: 'spend',
        user_id: 'UOUT',
        response_url: h.fake.hookUrl('out'),
      }),
    );
    const hook = h.fake.hooks.find((x) => x.path === '/hooks/out')!.body;
    assert.equal(hook['response_type'], 'ephemeral');
    assert.match(String(hook['text']), /does not know your Slack user/);
  });

  it('`/costlens approvals` lists proposed recommendations with Approve and Reject, only to the asker', async () => {
    await h.app.inject(
      h.req.command({
        command: '/costlens',
        text: 'approvals',
        user_id: 'UVIC',
        response_url: h.fake.hookUrl('appr'),
      }),
    );
    const hook = h.fake.hooks.find((x) => x.path === '/hooks/appr')!.body;
    assert.equal(hook['response_type'], 'ephemeral');
    const blocks = hook['blocks'] as {
      type: string;
      block_id?: string;
      elements?: { action_id: string; value: string }[];
    }[];
    const acts = blocks.filter((b) => b.type === 'actions');
    assert.deepEqual(
      acts.map((b) => b.elements!.map((e) => e.action_id)),
      h.recIds.map(() => [ACTION.approve, ACTION.reject]),
    );
    assert.deepEqual(acts.map((b) => b.elements![0]!.value).sort(), [...h.recIds].sort());
  });
});

describe('Slack app: anomaly alert buttons', () => {
  let h: Harness;
  // The fixture's spike ended 17 days before its data does: alert on anomalies up to 30 days old.
  before(
    async () =>
      (h = await harness({ alerts: [{ channel: 'CALERTS', teams: ['ml'] }], alertMaxAgeDays: 30 })),
  );
  after(async () => h.close());

  it('the schedule posts each routed alert once, with Acknowledge / Not an issue / Expected / Assign', async () => {
    const first = await h.slackApp.tick();
    assert.ok(first.alerts.sent.length >= 1, JSON.stringify(first.alerts));
    const posts = h.fake.calls('chat.postMessage').filter((c) => c.args['channel'] === 'CALERTS');
    assert.equal(posts.length, first.alerts.sent.length);
    const acts = (
      posts[0]!.args['blocks'] as { type: string; elements?: { action_id: string }[] }[]
    ).find((b) => b.type === 'actions')!;
    assert.deepEqual(
      acts.elements!.map((e) => e.action_id),
      [ACTION.ack, ACTION.notAnIssue, ACTION.expected, ACTION.assign],
    );
    const second = await h.slackApp.tick();
    assert.equal(second.alerts.sent.length, 0);
    assert.equal(
      h.fake.calls('chat.postMessage').filter((c) => c.args['channel'] === 'CALERTS').length,
      posts.length,
    );
  });

  it('a viewer’s click is refused with an ephemeral message and changes nothing', async () => {
    const [a] = await listAnomalies(h.wh, { status: 'open', limit: 1 });
    await h.app.inject(
      h.req.interaction(
        buttonClick({
          user: 'UVIC',
          actionId: ACTION.ack,
          value: a!.id,
          responseUrl: h.fake.hookUrl('deny'),
        }),
      ),
    );
    const hook = h.fake.hooks.find((x) => x.path === '/hooks/deny')!.body;
    assert.equal(hook['response_type'], 'ephemeral');
    assert.equal(hook['replace_original'], false);
    assert.match(String(hook['text']), /approver role/);
    assert.equal((await getAnomaly(h.wh, a!.id)).status, 'open');
  });

  it('Acknowledge, Not an issue and Expected update the lifecycle and feedback as the Slack user, and the message', async () => {
    const [a, b, c] = await listAnomalies(h.wh, { status: 'open', limit: 3 });
    const click = (id: string, actionId: string, hook: string) =>
      h.app.inject(
        h.req.interaction(
          buttonClick({ user: 'UALICE', actionId, value: id, responseUrl: h.fake.hookUrl(hook) }),
        ),
      );
    assert.equal((await click(a!.id, ACTION.ack, 'ack')).statusCode, 200);
    const acked = await getAnomaly(h.wh, a!.id);
    assert.equal(acked.status, 'acknowledged');
    assert.equal(acked.history.at(-1)!.actor, 'slack:UALICE (alice)');
    const hook = h.fake.hooks.find((x) => x.path === '/hooks/ack')!.body;
    assert.equal(hook['replace_original'], true);
    assert.match(JSON.stringify(hook['blocks']), /Acknowledged by <@UALICE>/);
    assert.doesNotMatch(
      JSON.stringify(hook['blocks']),
      new RegExp(ACTION.ack),
      'no Acknowledge button once acknowledged',
    );

    await click(b!.id, ACTION.notAnIssue, 'nai');
    const nai = await getAnomaly(h.wh, b!.id);
    assert.deepEqual([nai.feedback, nai.status], ['not_an_issue', 'resolved']);
    assert.equal(nai.history.at(-1)!.actor, 'slack:UALICE (alice)');
    const naiBlocks = JSON.stringify(
      h.fake.hooks.find((x) => x.path === '/hooks/nai')!.body['blocks'],
    );
    assert.match(naiBlocks, /not an issue\* by <@UALICE>/);
    assert.doesNotMatch(naiBlocks, /"type":"actions"/, 'a resolved anomaly has no buttons');

    await click(c!.id, ACTION.expected, 'exp');
    assert.equal((await getAnomaly(h.wh, c!.id)).feedback, 'expected');
  });

  it('Assign opens a user picker; submitting assigns, updates the alert and tells the assignee', async () => {
    const [a] = await listAnomalies(h.wh, { status: 'open', limit: 1 });
    await h.app.inject(
      h.req.interaction(
        buttonClick({
          user: 'UALICE',
          actionId: ACTION.assign,
          value: a!.id,
          channel: 'CALERTS',
          ts: '1700000000.000777',
          responseUrl: h.fake.hookUrl('assign'),
        }),
      ),
    );
    const open = h.fake.calls('views.open').at(-1)!;
    const view = open.args['view'] as { callback_id: string; private_metadata: string };
    assert.equal(view.callback_id, VIEW.assign);
    assert.match(String(open.args['trigger_id']), /^trigger-/);
    const res = await h.app.inject(
      h.req.interaction(
        viewSubmission({
          user: 'UALICE',
          callbackId: VIEW.assign,
          viewId: 'V-assign',
          privateMetadata: view.private_metadata,
          values: {
            [INPUT.assigneeBlock]: {
              [INPUT.assigneeAction]: { type: 'users_select', selected_user: 'UBOB' },
            },
          },
        }),
      ),
    );
    assert.equal(res.statusCode, 200);
    const after = await getAnomaly(h.wh, a!.id);
    assert.equal(after.status, 'acknowledged');
    assert.equal(after.history.at(-1)!.action, 'assign:slack:UBOB');
    const update = h.fake.calls('chat.update').at(-1)!;
    assert.deepEqual([update.args['channel'], update.args['ts']], ['CALERTS', '1700000000.000777']);
    assert.match(JSON.stringify(update.args['blocks']), /Assigned to <@UBOB> by <@UALICE>/);
    assert.ok(
      h.fake.calls('chat.postMessage').some((c) => c.args['channel'] === 'UBOB'),
      'the assignee gets a DM',
    );
  });
});

describe('Slack app: recommendation approvals', () => {
  let h: Harness;
  before(
    async () =>
      (h = await harness({ digests: [{ channel: 'CFINOPS', every: 'daily', hourUtc: 8 }] })),
  );
  after(async () => h.close());

  const approvals = async (h: Harness, id: string) =>
    (await listAudit(h.wh, { limit: 100 })).filter(
      (e) => e.target === id && e.action !== 'recommendation.propose',
    );

  it('a non-approver’s Approve is refused with a message and nothing changes', async () => {
    const id = h.recIds[0]!;
    for (const user of ['UVIC', 'UOUT']) {
      await h.app.inject(
        h.req.interaction(
          buttonClick({
            user,
            actionId: ACTION.approve,
            value: id,
            responseUrl: h.fake.hookUrl(`no-${user}`),
          }),
        ),
      );
      const hook = h.fake.hooks.find((x) => x.path === `/hooks/no-${user}`)!.body;
      assert.equal(hook['response_type'], 'ephemeral');
      assert.match(
        String(hook['text']),
        /Only Slack users mapped to a CostLens approver.*Nothing was changed/,
      );
    }
    assert.equal(h.fake.calls('views.open').length, 0);
    assert.equal((await getRecommendation(h.wh, id)).status, 'proposed');
    assert.deepEqual(await approvals(h, id), []);
  });

  it('an approver approves from the digest with a reason: approved, audited as the Slack user, digest updated in place', async () => {
    const tick = await h.slackApp.tick();
    assert.deepEqual(tick.digests.sent, ['slack-digest:daily:*:2025-06-02']);
    const digest = h.fake.calls('chat.postMessage').find((c) => c.args['channel'] === 'CFINOPS')!;
    const blocks = digest.args['blocks'] as { block_id?: string }[];
    const id = h.recIds[0]!;
    await h.app.inject(
      h.req.interaction(
        buttonClick({
          user: 'UALICE',
          actionId: ACTION.approve,
          value: id,
          channel: 'CFINOPS',
          ts: '1700000000.000900',
          blocks,
          responseUrl: h.fake.hookUrl('appr'),
        }),
      ),
    );
    const open = h.fake.calls('views.open').at(-1)!;
    const view = open.args['view'] as { callback_id: string; private_metadata: string };
    assert.equal(view.callback_id, VIEW.decision);
    const submit = (reason: string) =>
      h.app.inject(
        h.req.interaction(
          viewSubmission({
            user: 'UALICE',
            callbackId: VIEW.decision,
            viewId: `V-${String(open.args['trigger_id'])}`,
            privateMetadata: view.private_metadata,
            values: {
              [INPUT.reasonBlock]: {
                [INPUT.reasonAction]: { type: 'plain_text_input', value: reason },
              },
            },
          }),
        ),
      );
    const empty = await submit('   ');
    assert.equal(empty.json().response_action, 'errors');
    assert.equal((await getRecommendation(h.wh, id)).status, 'proposed');

    const ok = await submit('fits the Q3 plan');
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.body, '');
    assert.equal((await getRecommendation(h.wh, id)).status, 'approved');
    const [entry] = await approvals(h, id);
    assert.equal(entry!.actor, 'slack:UALICE (alice)');
    assert.equal(entry!.action, 'recommendation.approve');
    assert.equal(entry!.detail['reason'], 'fits the Q3 plan');
    assert.equal(entry!.detail['via'], 'slack');
    assert.equal(entry!.detail['slackUserId'], 'UALICE');

    const update = h.fake.calls('chat.update').at(-1)!;
    assert.deepEqual([update.args['channel'], update.args['ts']], ['CFINOPS', '1700000000.000900']);
    const updated = update.args['blocks'] as {
      type: string;
      block_id?: string;
      text?: { text: string };
    }[];
    assert.equal(updated.length, blocks.length, 'the rest of the digest is kept');
    assert.ok(
      !updated.some((b) => b.block_id === `rec:${id}:actions`),
      'no buttons on the decided one',
    );
    assert.ok(
      updated.some((b) => b.block_id === `rec:${h.recIds[1]}:actions`),
      'the other still has its buttons',
    );
    assert.match(JSON.stringify(updated), /Approved by <@UALICE>: “fits the Q3 plan”/);
  });

  it('approving what is already decided is refused in the modal, naming its state', async () => {
    const id = h.recIds[0]!;
    assert.equal((await getRecommendation(h.wh, id)).status, 'approved');
    const auditBefore = (await approvals(h, id)).length;
    const view = JSON.stringify({ id, decision: 'approved', channel: 'CFINOPS', ts: '1' });
    const res = await h.app.inject(
      h.req.interaction(
        viewSubmission({
          user: 'UALICE',
          callbackId: VIEW.decision,
          viewId: 'V-again',
          privateMetadata: view,
          values: {
            [INPUT.reasonBlock]: {
              [INPUT.reasonAction]: { type: 'plain_text_input', value: 'again' },
            },
          },
        }),
      ),
    );
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    assert.equal(body.response_action, 'errors');
    assert.match(body.errors[INPUT.reasonBlock]!, /is approved/);
    assert.equal((await approvals(h, id)).length, auditBefore);
  });

  it('Reject needs a reason too and is recorded the same way', async () => {
    const id = h.recIds[1]!;
    await h.app.inject(
      h.req.interaction(
        buttonClick({
          user: 'UALICE',
          actionId: ACTION.reject,
          value: id,
          responseUrl: h.fake.hookUrl('rej'),
        }),
      ),
    );
    const view = h.fake.calls('views.open').at(-1)!.args['view'] as { private_metadata: string };
    await h.app.inject(
      h.req.interaction(
        viewSubmission({
          user: 'UALICE',
          callbackId: VIEW.decision,
          viewId: 'V-unknown',
          privateMetadata: view.private_metadata,
          values: {
            [INPUT.reasonBlock]: {
              [INPUT.reasonAction]: { type: 'plain_text_input', value: 'bucket is the DR copy' },
            },
          },
        }),
      ),
    );
    assert.equal((await getRecommendation(h.wh, id)).status, 'rejected');
    const [entry] = await approvals(h, id);
    assert.deepEqual(
      [entry!.actor, entry!.action, entry!.detail['reason']],
      ['slack:UALICE (alice)', 'recommendation.reject', 'bucket is the DR copy'],
    );
  });
});

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
