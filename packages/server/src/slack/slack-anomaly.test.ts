import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getAnomaly, listAnomalies } from '@costlens/core';
import { ACTION, INPUT, VIEW } from './action-ids.ts';
import { harness } from './slack-server-harness.ts';
import type { Harness } from './slack-server-harness.ts';
import { buttonClick, viewSubmission } from './slack-test-harness.ts';

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
