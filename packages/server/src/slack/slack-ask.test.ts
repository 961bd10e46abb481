import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildDigest } from '@costlens/core';
import { ACTION } from './action-ids.ts';
import { digestBlocks } from './digest-blocks.ts';
import { harness, NOW } from './slack-server-harness.ts';
import type { Harness } from './slack-server-harness.ts';

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
