import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleAnomaly } from './anomaly-fixture.ts';
import { startHttpPeer } from './http-peer.ts';
import type { SeenRequest } from './http-peer.ts';
import { slackBotChannel, slackWebhookChannel } from './slack-channel.ts';

const BLOCK_TYPES = new Set(['header', 'section', 'context', 'divider', 'actions']);

/** What Slack checks of a Block Kit message (the parts we use), as a list of problems. */
function blockKitProblems(body: unknown): string[] {
  const problems: string[] = [];
  const msg = body as { text?: unknown; blocks?: unknown };
  if (typeof msg.text !== 'string' || msg.text.length === 0) problems.push('no fallback text');
  if (!Array.isArray(msg.blocks) || msg.blocks.length === 0 || msg.blocks.length > 50) {
    return [...problems, 'blocks must be 1–50'];
  }
  for (const [i, b] of (msg.blocks as Record<string, unknown>[]).entries()) {
    if (!BLOCK_TYPES.has(String(b['type'])))
      problems.push(`block ${i}: unknown type ${String(b['type'])}`);
    const text = b['text'] as { type?: string; text?: string } | undefined;
    if (b['type'] === 'header' && (text?.type !== 'plain_text' || (text.text ?? '').length > 150)) {
      problems.push(`block ${i}: header must be plain_text ≤ 150`);
    }
    if (b['type'] === 'section') {
      const fields = b['fields'] as { text: string }[] | undefined;
      if (!text && !fields) problems.push(`block ${i}: section needs text or fields`);
      if (text && (text.text ?? '').length > 3000) problems.push(`block ${i}: text > 3000`);
      if (fields && (fields.length > 10 || fields.some((f) => f.text.length > 2000))) {
        problems.push(`block ${i}: fields ≤ 10 of ≤ 2000`);
      }
    }
  }
  return problems;
}

function slackApi(req: SeenRequest) {
  if (req.path !== '/api/chat.postMessage') return { status: 404, body: 'not found' };
  if (req.headers.authorization !== 'Bearer xoxb-test') {
    return {
      status: 200,
      body: JSON.stringify({ ok: false, error: 'invalid_auth' }),
      contentType: 'application/json',
    };
  }
  const body = JSON.parse(req.body) as { channel?: string };
  if (body.channel !== 'C123') {
    return {
      status: 200,
      body: JSON.stringify({ ok: false, error: 'channel_not_found' }),
      contentType: 'application/json',
    };
  }
  const problems = blockKitProblems(body);
  return problems.length === 0
    ? {
        status: 200,
        body: JSON.stringify({ ok: true, ts: '1.2' }),
        contentType: 'application/json',
      }
    : {
        status: 200,
        body: JSON.stringify({ ok: false, error: `invalid_blocks: ${problems.join('; ')}` }),
        contentType: 'application/json',
      };
}

describe('Slack channel', () => {
  it('posts a valid Block Kit alert to an incoming webhook', async () => {
    const peer = await startHttpPeer((req) => {
      const problems = blockKitProblems(JSON.parse(req.body));
      return problems.length === 0
        ? { status: 200, body: 'ok' }
        : { status: 400, body: problems.join('; ') };
    });
    await slackWebhookChannel({ id: 's', webhookUrl: `${peer.url}/services/T/B/X` }).send({
      kind: 'alert',
      anomaly: sampleAnomaly(),
    });
    const body = JSON.parse(peer.seen[0]!.body) as {
      blocks: { type: string; text?: { text: string }; fields?: { text: string }[] }[];
    };
    assert.equal(peer.seen[0]!.path, '/services/T/B/X');
    assert.match(body.blocks[0]!.text!.text, /HIGH · Spike in Team ml .*\(\+\$1,796\.09\)/);
    assert.ok(
      body.blocks.some((b) => b.fields?.some((f) => f.text.includes('resource_id = i-gpu'))),
    );
    await peer.close();
  });

  it('sends a long digest within Slack’s block limits', async () => {
    const peer = await startHttpPeer((req) => {
      const problems = blockKitProblems(JSON.parse(req.body));
      return problems.length === 0
        ? { status: 200, body: 'ok' }
        : { status: 400, body: problems.join('; ') };
    });
    const many = Array.from({ length: 60 }, (_, i) =>
      sampleAnomaly({ id: `anom_${i}`, title: `Spike ${'x'.repeat(80)} ${i}` }),
    );
    await slackWebhookChannel({ id: 's', webhookUrl: peer.url }).send({
      kind: 'digest',
      day: '2025-04-12',
      anomalies: many,
    });
    assert.equal(peer.seen.length, 1);
    await peer.close();
  });

  it('posts through chat.postMessage with the bot token and surfaces Slack’s error', async () => {
    const peer = await startHttpPeer(slackApi);
    const apiUrl = `${peer.url}/api/`;
    await slackBotChannel({ id: 'bot', token: 'xoxb-test', channel: 'C123', apiUrl }).send({
      kind: 'alert',
      anomaly: sampleAnomaly(),
    });
    await assert.rejects(
      slackBotChannel({ id: 'bot', token: 'xoxb-test', channel: 'C999', apiUrl }).send({
        kind: 'alert',
        anomaly: sampleAnomaly(),
      }),
      /channel bot: chat.postMessage failed: channel_not_found/,
    );
    await assert.rejects(
      slackBotChannel({ id: 'bot', token: 'xoxb-wrong', channel: 'C123', apiUrl }).send({
        kind: 'alert',
        anomaly: sampleAnomaly(),
      }),
      /invalid_auth/,
    );
    await peer.close();
  });
});
