import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getRecommendation, listAudit } from '@costlens/core';
import { ACTION, INPUT, VIEW } from './action-ids.ts';
import { harness } from './slack-server-harness.ts';
import type { Harness } from './slack-server-harness.ts';
import { buttonClick, viewSubmission } from './slack-test-harness.ts';

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
