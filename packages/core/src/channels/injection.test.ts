import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BudgetAlert } from '../budget/notify-budgets.ts';
import { corpusOf } from '../testing/injection-corpus.ts';
import { sampleAnomaly } from './anomaly-fixture.ts';
import type { Delivery } from './channel.ts';
import { emailContent } from './email-channel.ts';
import { slackMessage } from './slack-channel.ts';

// Issue 15, injection corpus × alert channels: names from the bill (a team, a resource, a budget)
// that carry Slack control sequences or HTML reach Slack and email as text — no channel ping, no
// forged link, no tag.

const HOSTILE = [...corpusOf('slack'), ...corpusOf('markup')];

function deliveries(s: string): Delivery[] {
  const anomaly = sampleAnomaly({
    title: `Spike in Team ${s}`,
    monitorName: `Team ${s}`,
    team: s,
    explanation: `Team ${s} (effective cost) spiked: $3,209.00 against an expected $1,412.91.`,
    drivers: [
      {
        dimension: 'resource_id',
        value: s,
        deltaUsd: '1800.000000',
        share: 1,
        actualUsd: '1800',
        baselineUsd: '0',
      },
    ],
  });
  const budget = {
    kind: 'actual',
    thresholdPct: 100,
    valuePct: 104,
    budgetId: 'b1',
    budgetName: s,
    scope: `team = ${s}`,
    periodStart: '2025-04-01',
    text: `Budget ${s} (team = ${s}) passed 100 %.`,
    status: {
      budget: { amount: '1000.00', currency: 'USD', period: 'monthly' },
      actual: '1040.00',
      forecast: { mean: '1100.00', lo80: '1050.00', hi80: '1150.00' },
    },
  } as unknown as BudgetAlert;
  return [
    { kind: 'alert', anomaly },
    { kind: 'digest', day: '2025-04-12', anomalies: [anomaly] },
    { kind: 'budget', alert: budget },
  ];
}

/** Every text Slack parses as mrkdwn in a message (fallback text, sections, fields, context). */
function mrkdwnTexts(msg: { text: string; blocks: Record<string, unknown>[] }): string[] {
  const out = [msg.text];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['type'] === 'mrkdwn' && typeof o['text'] === 'string') out.push(o['text']);
      Object.values(o).forEach(walk);
    }
  };
  walk(msg.blocks);
  return out;
}

describe('injection corpus × alert channels', () => {
  it('slack: mentions and links in data stay text in every mrkdwn field of alerts, digests and budget alerts', () => {
    for (const x of HOSTILE) {
      for (const d of deliveries(x.text)) {
        const texts = mrkdwnTexts(slackMessage(d));
        const all = texts.join('\n');
        for (const t of texts) {
          // Only CostLens's own markup may open a control sequence; data never does.
          assert.ok(!/<[!@#]|<https?:|<script|<img|<svg/i.test(t), `${x.id} ${d.kind}: ${t}`);
        }
        if (/[<>]/.test(x.text)) assert.ok(all.includes('&lt;'), `${x.id} ${d.kind}: escaped`);
      }
    }
  });

  it('markup: email HTML shows names from the bill as text, never as tags', () => {
    for (const x of HOSTILE) {
      for (const d of deliveries(x.text)) {
        const { html } = emailContent(d);
        assert.ok(!/<script|<img|<svg|<b>|<!channel|<@U/i.test(html), `${x.id} ${d.kind}`);
      }
    }
  });
});
