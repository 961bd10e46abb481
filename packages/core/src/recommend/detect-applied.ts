/**
 * "Applied" detected from the bill: an approved recommendation acting on resources (terminate,
 * rightsize, delete, re-tier) whose targets' daily cost fell to at most half of their pre-approval
 * baseline for `days` consecutive days is marked applied — by `system:detector`, dated the first
 * day of the drop, so the outcome ledger's before/after windows start at the real change.
 * Commitment purchases are not detected here: their effect is not on the named resources.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { RecommendationDraftInput } from './recommendation.ts';
import { transition } from './workflow.ts';

export interface DetectAppliedOptions {
  /** Consecutive days at or below the threshold (default 3). */
  days?: number;
  /** The share of the baseline the cost must fall by (default 0.5). */
  minDropShare?: number;
  baselineDays?: number;
}

/** Returns the ids marked applied. */
export async function detectApplied(
  wh: Warehouse,
  opts: DetectAppliedOptions = {},
): Promise<string[]> {
  const days = opts.days ?? 3;
  const drop = opts.minDropShare ?? 0.5;
  const baselineDays = opts.baselineDays ?? 14;
  const approved = await wh.query<{ id: string; body: string; approved_at: string | null }>(
    `SELECT r.id, r.body::VARCHAR AS body,
       (SELECT strftime(max(a."at"), '%Y-%m-%dT%H:%M:%SZ') FROM audit_log a
        WHERE a.target = r.id AND a.action = 'recommendation.approve') AS approved_at
     FROM recommendation r WHERE r.status = 'approved'`,
  );
  const marked: string[] = [];
  for (const row of approved) {
    const rec = JSON.parse(row.body) as RecommendationDraftInput;
    if (rec.action === 'purchase_commitment' || rec.targets.length === 0 || !row.approved_at)
      continue;
    const approvedDay = row.approved_at.slice(0, 10);
    const daily = await wh.query<{ d: string; c: string }>(
      `SELECT "ChargePeriodStart"::DATE::VARCHAR AS d, sum("EffectiveCost")::VARCHAR AS c FROM focus_cost
       WHERE "ResourceId" IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))
         AND "ChargePeriodStart" >= $2::DATE - to_days($3::INTEGER)
       GROUP BY 1 ORDER BY 1`,
      [JSON.stringify(rec.targets), approvedDay, baselineDays],
    );
    const before = daily.filter((r) => r.d < approvedDay);
    if (before.length === 0) continue;
    const baseline = before.reduce((s, r) => s + Number(r.c), 0) / before.length;
    if (baseline <= 0) continue;
    // Days after approval, with days the targets were not billed at all counted as zero.
    const byDay = new Map(daily.map((r) => [r.d, Number(r.c)]));
    const [end] = await wh.query<{ d: string | null }>(
      `SELECT max("ChargePeriodStart")::DATE::VARCHAR AS d FROM focus_cost`,
    );
    let run = 0;
    let runStart: string | null = null;
    for (
      let t = Date.parse(`${approvedDay}T00:00:00Z`) + 86_400_000;
      end?.d && t <= Date.parse(`${end.d}T00:00:00Z`);
      t += 86_400_000
    ) {
      const d = new Date(t).toISOString().slice(0, 10);
      if ((byDay.get(d) ?? 0) <= baseline * (1 - drop)) {
        run += 1;
        runStart ??= d;
        if (run >= days) break;
      } else {
        run = 0;
        runStart = null;
      }
    }
    if (run >= days && runStart) {
      await transition(wh, row.id, 'applied', {
        actor: { id: 'system:detector', role: 'admin' },
        now: new Date(`${runStart}T00:00:00Z`),
        detail: {
          detectedFrom: 'billing data',
          baselineDailyUsd: Math.round(baseline * 100) / 100,
        },
      });
      marked.push(row.id);
    }
  }
  return marked;
}
