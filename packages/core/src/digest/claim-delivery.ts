/**
 * Exactly-once claims for scheduled sends (digests), in the same `alert_sent` table alert dispatch
 * uses: a (channel, key) pair is claimed in a transaction before sending and released only if the
 * send fails, so a restart or a second server never sends the same digest twice.
 */
import type { Warehouse } from '../store/warehouse.ts';

/**
 * True when this caller claimed (channelId, key) now; false when it was claimed before.
 * @example if (await claimDelivery(wh, { channelId: 'slack:C1', key: 'digest:daily:2025-04-10', kind: 'digest', now })) send();
 */
export async function claimDelivery(
  wh: Warehouse,
  c: { channelId: string; key: string; kind: string; now: Date },
): Promise<boolean> {
  return wh.transaction(async (tx) => {
    const [hit] = await tx.query(
      `SELECT 1 FROM alert_sent WHERE channel_id = $1 AND dedupe_key = $2`,
      [c.channelId, c.key],
    );
    if (hit) return false;
    await tx.exec(`INSERT INTO alert_sent VALUES ($1, $2, NULL, $3, $4::TIMESTAMP)`, [
      c.channelId,
      c.key,
      c.kind,
      c.now.toISOString(),
    ]);
    return true;
  });
}

/** Gives a claim back (the send failed; the next run retries). */
export async function releaseDelivery(
  wh: Warehouse,
  c: { channelId: string; key: string },
): Promise<void> {
  await wh.exec(`DELETE FROM alert_sent WHERE channel_id = $1 AND dedupe_key = $2`, [
    c.channelId,
    c.key,
  ]);
}
