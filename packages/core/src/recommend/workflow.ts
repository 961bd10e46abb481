/**
 * The approval workflow (contract 5): proposed → approved | rejected → applied → verified |
 * regressed. Each step names its actor and reason and is written to the audit log in the same
 * transaction as the state change. Approving or rejecting needs the approver role; CostLens never
 * applies anything to a cloud account — "applied" is recorded when a person says so or when the
 * billing data shows it.
 */
import { appendAudit } from '../audit/audit-log.ts';
import { hasRole } from '../auth/roles.ts';
import type { Role } from '../auth/roles.ts';
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { RecommendationStatus } from './recommendation.ts';

export interface Actor {
  /** Who, as the audit log shows it: `token:<id>`, `slack:U123`, `cli:<user>`, `system:…`. */
  id: string;
  role: Role;
}

const TRANSITIONS: Record<
  string,
  { from: readonly RecommendationStatus[]; role: Role; reason: boolean }
> = {
  approved: { from: ['proposed'], role: 'approver', reason: true },
  rejected: { from: ['proposed', 'approved'], role: 'approver', reason: true },
  applied: { from: ['approved'], role: 'approver', reason: false },
  verified: { from: ['applied'], role: 'admin', reason: false },
  regressed: { from: ['applied', 'verified'], role: 'admin', reason: false },
};

/**
 * Moves a recommendation to `to`, or throws FORBIDDEN / INVALID_INPUT / NOT_FOUND.
 * @example await transition(wh, 'rec_1', 'approved', { actor, reason: 'fits Q3 budget' });
 */
export async function transition(
  wh: Warehouse,
  id: string,
  to: Exclude<RecommendationStatus, 'proposed'>,
  opts: { actor: Actor; reason?: string; now?: Date; detail?: Record<string, unknown> },
): Promise<void> {
  const rule = TRANSITIONS[to]!;
  if (!hasRole(opts.actor.role, rule.role)) {
    throw new CostLensError({
      code: 'FORBIDDEN',
      message: `${opts.actor.id} (${opts.actor.role}) may not mark a recommendation ${to}: that needs the ${rule.role} role.`,
      hint: 'Ask an approver, or use a token with the approver role.',
    });
  }
  const reason = opts.reason?.trim();
  if (rule.reason && !reason) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `a reason is required to mark a recommendation ${to}.`,
      hint: 'Pass --reason "…" (or a reason field) saying why.',
      issues: [{ column: 'reason', message: 'required' }],
    });
  }
  const now = opts.now ?? new Date();
  await wh.transaction(async (tx) => {
    const [row] = await tx.query<{ status: RecommendationStatus }>(
      `SELECT status FROM recommendation WHERE id = $1`,
      [id],
    );
    if (!row) {
      throw new CostLensError({
        code: 'NOT_FOUND',
        message: `no recommendation ${id}`,
        hint: 'List them with `costlens recommend list`.',
      });
    }
    if (!rule.from.includes(row.status)) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `recommendation ${id} is ${row.status}; it can become ${to} only from ${rule.from.join(' or ')}.`,
      });
    }
    await tx.exec(
      `UPDATE recommendation SET status = $2, updated_at = $3::TIMESTAMP,
         applied_at = CASE WHEN $2 = 'applied' THEN $3::TIMESTAMP ELSE applied_at END WHERE id = $1`,
      [id, to, now.toISOString()],
    );
    await appendAudit(tx, {
      actor: opts.actor.id,
      action: `recommendation.${to === 'approved' ? 'approve' : to === 'rejected' ? 'reject' : to}`,
      target: id,
      detail: { from: row.status, to, ...(reason ? { reason } : {}), ...(opts.detail ?? {}) },
      at: now,
    });
  });
}
