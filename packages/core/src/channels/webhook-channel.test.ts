import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleAnomaly } from './anomaly-fixture.ts';
import { answerSigned, startHttpPeer } from './http-peer.ts';
import { signWebhook, verifyWebhookSignature, webhookChannel } from './webhook-channel.ts';

const SECRET = 'a-shared-secret-of-32-characters';

describe('signed webhook channel', () => {
  it('sends JSON whose HMAC the receiver verifies', async () => {
    const nowSec = 1_750_000_000;
    const peer = await startHttpPeer((req) => {
      return answerSigned(SECRET, req, nowSec);
    });
    await webhookChannel({
      id: 'w',
      url: `${peer.url}/hook`,
      secret: SECRET,
      nowSec: () => nowSec,
    }).send({
      kind: 'alert',
      anomaly: sampleAnomaly(),
    });
    const body = JSON.parse(peer.seen[0]!.body) as {
      type: string;
      anomaly: { id: string; impactUsd: string };
    };
    assert.deepEqual(
      [body.type, body.anomaly.id, body.anomaly.impactUsd],
      ['anomaly.alert', 'anom_test1', '1796.09'],
    );
    // A wrong secret is refused by the same receiver, and the channel reports the 401.
    await assert.rejects(
      webhookChannel({
        id: 'w',
        url: peer.url,
        secret: 'another-secret-of-32-characters!',
        nowSec: () => nowSec,
      }).send({
        kind: 'alert',
        anomaly: sampleAnomaly(),
      }),
      /channel w: webhook answered 401: bad signature/,
    );
    await peer.close();
  });

  it('rejects a tampered body, a stale timestamp and a missing signature', () => {
    const body = '{"a":1}';
    const sig = signWebhook(SECRET, 1000, body);
    const check = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({
        secret: SECRET,
        body,
        timestamp: '1000',
        signature: sig,
        nowSec: 1000,
        ...over,
      });
    assert.deepEqual(check({}), { ok: true });
    assert.deepEqual(check({ body: '{"a":2}' }), { ok: false, reason: 'bad signature' });
    assert.deepEqual(check({ nowSec: 1000 + 301 }), { ok: false, reason: 'stale timestamp' });
    assert.deepEqual(check({ signature: undefined }), { ok: false, reason: 'bad signature' });
    assert.deepEqual(check({ timestamp: undefined }), { ok: false, reason: 'missing timestamp' });
  });
});
