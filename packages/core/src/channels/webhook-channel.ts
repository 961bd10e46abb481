/**
 * Generic webhook: the delivery as JSON, signed so the receiver can trust it. Headers:
 * `X-CostLens-Timestamp` (unix seconds) and `X-CostLens-Signature: v1=<hex HMAC-SHA256 of
 * "<timestamp>.<body>">`. Receivers verify with `verifyWebhookSignature`, which also rejects
 * stale timestamps (replays). The body is sent exactly as signed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel, Delivery } from './channel.ts';
import { deliveryError } from './channel.ts';

export const SIGNATURE_HEADER = 'x-costlens-signature';
export const TIMESTAMP_HEADER = 'x-costlens-timestamp';

/** `v1=<hex>` for a timestamp and body. */
export function signWebhook(secret: string, timestampSec: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex')}`;
}

/**
 * Checks a received webhook: signature matches and the timestamp is within `toleranceSec`.
 * @example verifyWebhookSignature({ secret, body, timestamp: req.headers['x-costlens-timestamp'], signature: req.headers['x-costlens-signature'], nowSec })
 */
export function verifyWebhookSignature(opts: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSec: number;
  toleranceSec?: number;
}): { ok: true } | { ok: false; reason: string } {
  const ts = Number(opts.timestamp);
  if (!opts.timestamp || !Number.isInteger(ts)) return { ok: false, reason: 'missing timestamp' };
  if (Math.abs(opts.nowSec - ts) > (opts.toleranceSec ?? 300))
    return { ok: false, reason: 'stale timestamp' };
  const expected = Buffer.from(signWebhook(opts.secret, ts, opts.body));
  const given = Buffer.from(opts.signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad signature' };
  }
  return { ok: true };
}

/** The JSON body for a delivery. */
export function webhookBody(d: Delivery): unknown {
  if (d.kind === 'alert') return { type: 'anomaly.alert', anomaly: d.anomaly };
  if (d.kind === 'budget') {
    const { status, ...alert } = d.alert;
    return { type: 'budget.alert', alert, status };
  }
  return { type: 'anomaly.digest', day: d.day, anomalies: d.anomalies };
}

/** A signed JSON webhook. */
export function webhookChannel(cfg: {
  id: string;
  url: string;
  secret: string;
  nowSec?: () => number;
}): Channel {
  return {
    id: cfg.id,
    async send(d) {
      const body = JSON.stringify(webhookBody(d));
      const ts = (cfg.nowSec ?? (() => Math.floor(Date.now() / 1000)))();
      let res: Response;
      try {
        res = await fetch(cfg.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [TIMESTAMP_HEADER]: String(ts),
            [SIGNATURE_HEADER]: signWebhook(cfg.secret, ts, body),
          },
          body,
        });
      } catch (e) {
        throw deliveryError(cfg.id, `cannot reach ${new URL(cfg.url).host}`, e);
      }
      if (!res.ok) {
        throw deliveryError(
          cfg.id,
          `webhook answered ${res.status}: ${(await res.text()).slice(0, 200)}`,
        );
      }
    },
  };
}
