/**
 * Old snapshots: snapshot storage still billed at the end of the data that has been billed for at
 * least `minAgeDays`. The age is a lower bound (the snapshot may predate the data); the saving is
 * its monthly cost. Deleting is irreversible, so the plan copies to archive tier first if unsure.
 */
import type { RecommendationDraftInput } from '../recommendation.ts';
import { providerOf } from './instance-usage.ts';
import type { Rule } from './rule-context.ts';
import {
  DAYS_PER_MONTH,
  confidenceFor,
  resourceCostEvidence,
  round2,
  usd,
  windowSql,
} from './rule-context.ts';

const MIN_AGE_DAYS = 90;

export const oldSnapshots: Rule = async (ctx) => {
  if (!ctx.dataEnd) return [];
  const usage = ctx.columns.has('x_UsageType') ? `OR "x_UsageType" ILIKE '%SnapshotUsage%'` : '';
  const rows = await ctx.wh.query<Record<string, string | number>>(
    `WITH s AS (
       SELECT "ResourceId" AS id, any_value("ProviderName") AS provider, any_value("ServiceName") AS service,
         min("ChargePeriodStart")::DATE::VARCHAR AS first_day, max("ChargePeriodStart")::DATE AS last_day
       FROM focus_cost
       WHERE "ChargeCategory" = 'Usage' AND "ResourceId" IS NOT NULL
         AND ("ResourceType" ILIKE '%snapshot%' OR "ResourceId" ILIKE '%:snapshot/%' ${usage})
       GROUP BY 1)
     SELECT s.id, s.provider, s.service, s.first_day, date_diff('day', s.first_day::DATE, $1::DATE)::INTEGER AS age,
       (SELECT sum("EffectiveCost") FROM focus_cost f WHERE f."ResourceId" = s.id AND ${windowSql(ctx.windowDays)})::VARCHAR AS cost,
       (SELECT count(DISTINCT "ChargePeriodStart"::DATE) FROM focus_cost f WHERE f."ResourceId" = s.id AND ${windowSql(ctx.windowDays)})::INTEGER AS days
     FROM s WHERE s.last_day >= $1::DATE - INTERVAL 2 DAY
       AND date_diff('day', s.first_day::DATE, $1::DATE) >= ${MIN_AGE_DAYS}
     ORDER BY s.id`,
    [ctx.dataEnd],
  );
  const out: RecommendationDraftInput[] = [];
  for (const r of rows) {
    const provider = providerOf(String(r['provider']));
    const days = Number(r['days']);
    if (!provider || days === 0) continue;
    const saving = round2((Number(r['cost']) / days) * DAYS_PER_MONTH);
    if (saving <= 0) continue;
    const id = String(r['id']);
    const snapId = id.slice(id.lastIndexOf('/') + 1);
    out.push({
      kind: 'old_snapshot',
      title: `Delete snapshot ${snapId} (billed for ${r['age']}+ days)`,
      provider,
      service: String(r['service']),
      action: 'delete_storage',
      targets: [id],
      estimatedMonthlySavingsUsd: saving,
      calculation: `${usd(Number(r['cost']))} over ${days} days ÷ ${days} × ${DAYS_PER_MONTH.toFixed(2)} = ${usd(saving)} per month.`,
      why: [`Billed since ${r['first_day']} (at least ${r['age']} days, the start of the data).`],
      evidence: [resourceCostEvidence([id], ctx)],
      risk: 'A restore point may be required by a retention policy or be the only copy of a deleted volume. Check tags and policies first.',
      confidence: confidenceFor(ctx, 'old_snapshot', 0.7, days / ctx.windowDays),
      plan: {
        commands:
          provider === 'aws'
            ? [
                `aws ec2 modify-snapshot-tier --snapshot-id ${snapId} --storage-tier archive  # if it must be kept`,
                `aws ec2 delete-snapshot --snapshot-id ${snapId}`,
              ]
            : [],
        steps: ['Confirm no retention policy needs it.', 'Archive or delete it.'],
      },
      details: { firstBilledDay: r['first_day'], minAgeDays: Number(r['age']) },
    });
  }
  return out;
};
