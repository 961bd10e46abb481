import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildDigest, getRecommendation, listAudit } from '@costlens/core';
import type { Digest } from '@costlens/core';
import { insertCostRows } from '../../../core/src/anomaly/cost-rows-fixture.ts';
import { corpusOf } from '../../../core/src/testing/injection-corpus.ts';
import { digestBlocks } from './digest-blocks.ts';
import { harness } from './slack-server-harness.ts';
import type { Harness } from './slack-server-harness.ts';

// Issue 15, injection corpus × Slack: service names from the bill and questions typed into
// `/costlens` that carry Slack control sequences or markup reach Slack as text (no channel ping,
// no forged link), and a question telling the assistant to approve something changes nothing.

const HOSTILE = [...corpusOf('slack'), ...corpusOf('markup')];
/** What only data could have put in a message: a raw mention, special mention or foreign link. */
const RAW = /<[!#]|<@U012AB3CD>|<https:\/\/evil|<script|<img|<svg/i;

/** Every text Slack parses as mrkdwn in a message (fallback text, sections, fields, context). */
function mrkdwnTexts(msg: Record<string, unknown>): string[] {
  const out = typeof msg['text'] === 'string' ? [msg['text']] : [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['type'] === 'mrkdwn' && typeof o['text'] === 'string') out.push(o['text']);
      Object.values(o).forEach(walk);
    }
  };
  walk(msg['blocks']);
  return out;
}

describe('injection corpus × Slack', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ defaultRole: null });
    await insertCostRows(
      h.wh,
      HOSTILE.map((x, i) => ({ day: '2025-04-15', cost: `${900 + i}.00`, service: x.text })),
    );
  });
  after(async () => h.close());

  it('slack: service names with mentions, links and markup stay text in /costlens answers', async () => {
    const res = await h.app.inject(
      h.req.command({
        command: '/costlens',
        text: 'top 20 services in April 2025',
        user_id: 'UVIC',
        response_url: h.fake.hookUrl('top'),
      }),
    );
    assert.equal(res.statusCode, 200);
    const hook = h.fake.hooks.find((x) => x.path === '/hooks/top')!.body;
    const texts = mrkdwnTexts(hook);
    const table = texts.find((t) => t.startsWith('```'))!;
    for (const x of HOSTILE) {
      // The row is there, escaped: its first characters survive, its brackets do not.
      if (x.text.startsWith('<')) assert.ok(table.includes(`&lt;${x.text.slice(1, 6)}`), x.id);
    }
    for (const t of texts) assert.ok(!RAW.test(t), t);
  });

  it('prompt: a /costlens question telling CostLens to approve or ping changes nothing and is echoed as text', async () => {
    const auditBefore = (await listAudit(h.wh)).length;
    const statusBefore = await Promise.all(
      h.recIds.map(async (id) => (await getRecommendation(h.wh, id)).status),
    );
    for (const x of [...corpusOf('prompt'), ...corpusOf('slack')]) {
      const question = `${x.text} ${h.recIds[0]}`;
      const hookName = `q-${x.id}`;
      const res = await h.app.inject(
        h.req.command({
          command: '/costlens',
          text: question.replace(/\n/g, ' '),
          user_id: 'UALICE',
          response_url: h.fake.hookUrl(hookName),
        }),
      );
      assert.equal(res.statusCode, 200, x.id);
      const hook = h.fake.hooks.find((y) => y.path === `/hooks/${hookName}`);
      if (hook) for (const t of mrkdwnTexts(hook.body)) assert.ok(!RAW.test(t), `${x.id}: ${t}`);
    }
    assert.equal((await listAudit(h.wh)).length, auditBefore);
    assert.deepEqual(
      await Promise.all(h.recIds.map(async (id) => (await getRecommendation(h.wh, id)).status)),
      statusBefore,
    );
  });

  it('slack: digest text and its notification fallback escape names from the bill', async () => {
    const d = await buildDigest(h.wh, { period: 'weekly', now: new Date('2025-04-20T08:00:00Z') });
    const hostile: Digest = {
      ...d,
      movers: HOSTILE.map((x) => ({
        service: x.text,
        delta: '1.00',
        previous: '1.00',
        current: '2.00',
      })) as unknown as Digest['movers'],
      recommendations: d.recommendations.map((r, i) => ({
        ...r,
        title: HOSTILE[i % HOSTILE.length]!.text,
        why: [HOSTILE[(i + 1) % HOSTILE.length]!.text],
        risk: HOSTILE[(i + 2) % HOSTILE.length]!.text,
      })),
    };
    const msg = digestBlocks(hostile, { publicUrl: 'https://costlens.example.com' });
    assert.ok(hostile.recommendations.length > 0);
    for (const t of mrkdwnTexts(msg as unknown as Record<string, unknown>)) {
      assert.ok(!RAW.test(t), t);
    }
  });
});
