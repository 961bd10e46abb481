/**
 * Slack request verification: the v0 HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing
 * secret, compared in constant time; timestamps more than five minutes from now are refused. The
 * receiver then refuses a signature already seen inside that window (a replay) with `SeenSet`, and
 * acknowledges event retries (X-Slack-Retry-Num) by event id without running them twice.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_AGE_SECONDS = 300;

export type Verdict = { ok: true } | { ok: false; reason: string };

/** The signature Slack would send for `body` at `timestampSec`. */
export function slackSignature(
  secret: string,
  timestampSec: number | string,
  body: string,
): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

/** Remembers keys for a while (signatures, event ids); forgets them after `ttlMs`. */
export class SeenSet {
  private readonly seen = new Map<string, number>();
  constructor(private readonly ttlMs: number) {}
  /** True when `key` was seen within the TTL; records it either way. */
  check(key: string, nowMs: number): boolean {
    for (const [k, at] of this.seen) {
      if (nowMs - at <= this.ttlMs) break; // insertion order = time order
      this.seen.delete(k);
    }
    const hit = this.seen.has(key);
    if (!hit) this.seen.set(key, nowMs);
    return hit;
  }
}

/**
 * Verifies one request's headers against its raw body.
 * @example verifySlackRequest({ secret, body, timestamp: h['x-slack-request-timestamp'], signature: h['x-slack-signature'], nowMs: Date.now() })
 */
export function verifySlackRequest(r: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): Verdict {
  if (!r.timestamp || !r.signature) return { ok: false, reason: 'missing Slack signature headers' };
  const ts = Number(r.timestamp);
  if (!Number.isInteger(ts)) return { ok: false, reason: 'malformed request timestamp' };
  if (Math.abs(r.nowMs / 1000 - ts) > MAX_AGE_SECONDS) {
    return { ok: false, reason: 'stale request timestamp (more than 5 minutes off)' };
  }
  const expected = Buffer.from(slackSignature(r.secret, ts, r.body));
  const given = Buffer.from(r.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true };
}
