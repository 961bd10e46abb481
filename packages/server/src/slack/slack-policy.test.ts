import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '@costlens/core';
import { getAnomaly, getRecommendation, listAnomalies, ROLES } from '@costlens/core';
import { storeFingerprint } from '../store-fingerprint.ts';
import { ACTION, INPUT, VIEW } from './action-ids.ts';
import { harness } from './slack-server-harness.ts';
import type { Harness } from './slack-server-harness.ts';
import { SLACK_POLICY, slackRoleNeeded } from './slack-policy.ts';
import { buttonClick, viewSubmission } from './slack-test-harness.ts';

/**
 * The Slack authorization matrix, generated from SLACK_POLICY: every command, event, button and
 * modal × a Slack user of each role (none = unmapped with no default role), sent as signed
 * requests through the server's real route and Bolt. Refusals answer with a refusal and change
 * nothing; every action id the app's blocks use is declared.
 */

type Who = 'none' | Role;
const USERS: Record<Who, string> = {
  none: 'UNOBODY',
  viewer: 'UVIC',
  approver: 'UALICE',
  admin: 'UADM',
};
const REFUSAL = /does not know your Slack user|You need the CostLens|Only Slack users mapped/;

describe('Slack authorization matrix (SLACK_POLICY × Slack user role)', () => {
  let h: Harness;
  let anomalies: string[];
  let n = 0;

  before(async () => {
    h = await harness({
      users: {
        UADM: { actor: 'ada', role: 'admin' },
        UALICE: { actor: 'alice', role: 'approver' },
        UVIC: { actor: 'victor', role: 'viewer' },
      },
      defaultRole: null,
    });
    anomalies = (await listAnomalies(h.wh, { limit: 50 })).map((a) => a.id);
  });
  after(async () => h.close());

  /** Sends `key` as `user`; returns the text CostLens answered with (refusal or not). */
  async function send(key: string, user: string, target: string): Promise<string> {
    const hookName = `m${++n}`;
    const responseUrl = h.fake.hookUrl(hookName);
    const hookText = () =>
      JSON.stringify(h.fake.hooks.find((x) => x.path === `/hooks/${hookName}`)?.body ?? {});
    const [kind, id] = key.split(' ') as [string, string];
    if (kind === 'command') {
      await h.app.inject(
        h.req.command({ command: id, text: 'help', user_id: user, response_url: responseUrl }),
      );
      return hookText();
    }
    if (kind === 'event') {
      const before = h.fake.calls().length;
      await h.app.inject(
        h.req.event({
          type: 'event_callback',
          team_id: 'T1',
          event_id: `Ev${n}`,
          event: { type: id, user, text: '<@UBOT>', ts: `1700000001.${n}`, channel: 'CGEN' },
        }),
      );
      return JSON.stringify(h.fake.calls().slice(before));
    }
    if (kind === 'action') {
      const before = h.fake.calls('views.open').length;
      await h.app.inject(
        h.req.interaction(buttonClick({ user, actionId: id, value: target, responseUrl })),
      );
      const opened = h.fake.calls('views.open').length > before ? 'opened a modal' : '';
      return `${hookText()} ${opened}`;
    }
    const decision = id === VIEW.decision;
    const res = await h.app.inject(
      h.req.interaction(
        viewSubmission({
          user,
          callbackId: id,
          viewId: `V-matrix-${n}`,
          privateMetadata: JSON.stringify(
            decision ? { id: target, decision: 'approved' } : { id: target },
          ),
          values: decision
            ? {
                [INPUT.reasonBlock]: {
                  [INPUT.reasonAction]: { type: 'plain_text_input', value: 'matrix test' },
                },
              }
            : {
                [INPUT.assigneeBlock]: {
                  [INPUT.assigneeAction]: { type: 'users_select', selected_user: 'UVIC' },
                },
              },
        }),
      ),
    );
    return `${res.statusCode} ${res.body}`;
  }

  const targetOf = (key: string, i: number) =>
    /costlens_rec_|rec_decision/.test(key) ? h.recIds[i % h.recIds.length]! : anomalies[i]!;

  const allowed = (who: Who, key: string) => {
    // The harness sets anomalyRole: approver.
    const need = slackRoleNeeded(key, { anomalyRole: 'approver' })!;
    return who !== 'none' && ROLES.indexOf(who) >= ROLES.indexOf(need);
  };

  it('every action id and modal the app uses is declared, each with a role', () => {
    for (const id of Object.values(ACTION)) assert.ok(SLACK_POLICY[`action ${id}`], id);
    for (const id of Object.values(VIEW)) assert.ok(SLACK_POLICY[`view ${id}`], id);
    assert.ok(SLACK_POLICY['command /costlens'] && SLACK_POLICY['event app_mention']);
    assert.equal(slackRoleNeeded('action costlens_unknown', { anomalyRole: 'viewer' }), undefined);
    for (const key of [
      `action ${ACTION.approve}`,
      `action ${ACTION.reject}`,
      `view ${VIEW.decision}`,
    ]) {
      assert.deepEqual(SLACK_POLICY[key], { role: 'approver', mapped: true }, key);
    }
  });

  it('an unsigned request is refused with 401 before any listener runs', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/slack/events',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'command=%2Fcostlens&text=help&user_id=UADM',
    });
    assert.equal(res.statusCode, 401);
  });

  it('every refused Slack action answers with a refusal and changes nothing', async () => {
    const before = await storeFingerprint(h.wh);
    let refused = 0;
    for (const [i, key] of Object.keys(SLACK_POLICY).entries()) {
      for (const [who, user] of Object.entries(USERS) as [Who, string][]) {
        if (allowed(who, key)) continue;
        const out = await send(key, user, targetOf(key, i));
        assert.match(out, REFUSAL, `${key} as ${who}: ${out}`);
        assert.doesNotMatch(out, /opened a modal/, `${key} as ${who}`);
        refused++;
      }
    }
    assert.equal(refused, 18); // none: 10 keys; viewer: the 8 anomaly and approval keys
    assert.deepEqual(await storeFingerprint(h.wh), before);
  });

  it('every allowed Slack action gets past the role check and does its work', async () => {
    for (const [i, key] of Object.keys(SLACK_POLICY).entries()) {
      for (const [who, user] of Object.entries(USERS) as [Who, string][]) {
        if (!allowed(who, key)) continue;
        const out = await send(key, user, targetOf(key, i));
        assert.doesNotMatch(out, REFUSAL, `${key} as ${who}: ${out}`);
      }
    }
    const acked = await getAnomaly(h.wh, targetOf(`action ${ACTION.ack}`, 2));
    assert.notEqual(acked.status, 'open');
    const decided = await getRecommendation(h.wh, targetOf(`view ${VIEW.decision}`, 9));
    assert.equal(decided.status, 'approved');
  });
});
