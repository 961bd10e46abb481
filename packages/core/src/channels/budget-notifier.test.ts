import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import type { CostRow } from '../anomaly/cost-rows-fixture.ts';
import { createBudget } from '../budget/budget-store.ts';
import { notifyBudgets } from '../budget/notify-budgets.ts';
import { addDays } from '../forecast/period-projection.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { channelNotifier } from './budget-notifier.ts';
import { emailContent } from './email-channel.ts';
import { answerSigned, startHttpPeer } from './http-peer.ts';
import { slackMessage, slackWebhookChannel } from './slack-channel.ts';
import { webhookChannel } from './webhook-channel.ts';

const SECRET = 'a-shared-secret-of-32-characters';
const NOW = new Date('2025-04-15T12:00:00Z');

/** Team ml spends $123.45 a day from 2025-03-01, so mid-April it has spent 15 × 123.45. */
function rows(): CostRow[] {
  return Array.from({ length: 46 }, (_, i) => ({
    day: addDays('2025-03-01', i),
    cost: '123.45',
    tags: { team: 'ml' },
  }));
}

test('budget crossings reach Slack and a signed webhook once; a refusing channel is retried', async () => {
  const wh = await DuckDbWarehouse.open();
  let webhookUp = false;
  const slack = await startHttpPeer(() => ({ status: 200, body: 'ok' }));
  const hook = await startHttpPeer((req) => {
    if (!webhookUp) return { status: 503, body: 'maintenance' };
    return answerSigned(SECRET, req);
  });
  try {
    await insertCostRows(wh, rows());
    await createBudget(wh, {
      name: 'ml monthly',
      scope: { kind: 'team', value: 'ml' },
      period: 'month',
      amount: '3000',
      actualThresholdsPct: [50],
      forecastThresholdsPct: [100],
    });
    const notifier = channelNotifier([
      slackWebhookChannel({ id: 'finops-slack', webhookUrl: `${slack.url}/hook` }),
      webhookChannel({ id: 'pager', url: `${hook.url}/in`, secret: SECRET }),
    ]);

    // The webhook is down: nothing is recorded, both crossings are reported as failed.
    const first = await notifyBudgets(wh, notifier, { now: NOW });
    assert.equal(first.sent.length, 0);
    assert.equal(first.failed.length, 2);
    assert.match(first.failed[0]!.error, /pager: .*503/);

    webhookUp = true;
    const second = await notifyBudgets(wh, notifier, { now: NOW });
    assert.deepEqual(second.sent.map((a) => `${a.kind}:${a.thresholdPct}`).sort(), [
      'actual:50',
      'forecast:100',
    ]);
    // Spend so far = 15 days × 123.45 = 1851.75, 61.7 % of 3000.
    const actual = second.sent.find((a) => a.kind === 'actual')!;
    assert.equal(actual.status.actual, '1851.75');

    const bodies = hook.seen.filter((r) => r.body.includes('budget.alert'));
    interface Body {
      type: string;
      alert: { budgetName: string; scope: string; kind: string };
      status: { actual: string };
    }
    const delivered = bodies.slice(-2).map((r) => JSON.parse(r.body) as Body);
    const actualBody = delivered.find((b) => b.alert.kind === 'actual')!;
    assert.deepEqual(
      [
        actualBody.type,
        actualBody.alert.budgetName,
        actualBody.alert.scope,
        actualBody.status.actual,
      ],
      ['budget.alert', 'ml monthly', 'team=ml', '1851.75'],
    );
    // Slack heard each crossing; its text carries the exact figures.
    const slackTexts = slack.seen.map((r) => (JSON.parse(r.body) as { text: string }).text);
    assert.ok(slackTexts.some((t) => t.includes('Actual to date: 1851.75 USD')));

    // Nothing new on a third run: each crossing is delivered once per period.
    const third = await notifyBudgets(wh, notifier, { now: NOW });
    assert.deepEqual([third.sent.length, third.failed.length], [0, 0]);
  } finally {
    await slack.close();
    await hook.close();
    await wh.close();
  }
});

test('budget alerts render in Block Kit and email with the same facts', async () => {
  const wh = await DuckDbWarehouse.open();
  try {
    await insertCostRows(wh, rows());
    await createBudget(wh, {
      name: 'ml monthly',
      scope: { kind: 'team', value: 'ml' },
      period: 'month',
      amount: '3000',
      actualThresholdsPct: [50],
    });
    const sent: Parameters<typeof slackMessage>[0][] = [];
    await notifyBudgets(
      wh,
      channelNotifier([{ id: 'mem', send: async (d) => void sent.push(d) }]),
      { now: NOW },
    );
    const d = sent.find((x) => x.kind === 'budget' && x.alert.kind === 'actual')!;
    const msg = slackMessage(d);
    assert.equal((msg.blocks[0] as { type: string }).type, 'header');
    assert.match(
      JSON.stringify(msg.blocks),
      /Budget \\"ml monthly\\": spend so far 61\.7 % of 3000/,
    );
    const mail = emailContent(d);
    assert.match(mail.subject, /ml monthly/);
    assert.match(mail.text, /costlens budget status "ml monthly"/);
    assert.match(mail.text, /Actual to date: 1851\.75 USD/);
    assert.match(mail.html, /<th align="left">Scope<\/th><td>team=ml<\/td>/);
  } finally {
    await wh.close();
  }
});
