/**
 * Assigning an anomaly to a person: an `assign` entry in the append-only history, by a named actor,
 * naming the assignee. An open anomaly becomes acknowledged (someone now owns it); the latest
 * `assign` entry is the current assignee. No notification here — surfaces tell the assignee.
 */
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { Anomaly } from './anomaly-store.ts';
import { appendHistory, getAnomaly } from './anomaly-store.ts';

/**
 * Assigns `id` to `assignee` (a name or a surface identity such as `slack:U123`).
 * @example await assignAnomaly(wh, 'anom_1', { assignee: 'slack:U42', actor: 'slack:U1 (ana)', now });
 */
export async function assignAnomaly(
  wh: Warehouse,
  id: string,
  opts: { assignee: string; actor: string; note?: string; now: Date },
): Promise<Anomaly> {
  const assignee = opts.assignee.trim();
  if (!assignee || assignee.length > 200) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `anomaly ${id}: an assignee (1–200 characters) is required`,
      hint: 'Name the person who will look into it.',
      issues: [{ column: 'assignee', message: 'required' }],
    });
  }
  const current = await getAnomaly(wh, id);
  const to = current.status === 'open' ? 'acknowledged' : current.status;
  await wh.transaction(async (tx) => {
    if (to !== current.status) {
      await tx.exec(`UPDATE anomaly SET status = $2, updated_at = $3::TIMESTAMP WHERE id = $1`, [
        id,
        to,
        opts.now.toISOString(),
      ]);
    }
    await appendHistory(tx, {
      anomalyId: id,
      at: opts.now,
      actor: opts.actor,
      action: `assign:${assignee}`,
      from: current.status,
      to,
      reason: opts.note ?? null,
    });
  });
  return getAnomaly(wh, id);
}

/** The current assignee from an anomaly's history (the latest `assign:` entry), or null. */
export function assigneeOf(a: Pick<Anomaly, 'history'>): string | null {
  for (let i = a.history.length - 1; i >= 0; i--) {
    const action = a.history[i]!.action;
    if (action.startsWith('assign:')) return action.slice('assign:'.length);
  }
  return null;
}
