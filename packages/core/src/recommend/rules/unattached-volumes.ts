/**
 * Volumes that look unattached: EBS volumes still billed at the end of the data whose billed life
 * does not line up with any instance in the same account and region (an instance's own volumes
 * start within a few days of it, weekends allowed, and live while it lives). The bill has no attachment state, so this is
 * a lead, not proof: confidence is low and the plan starts with `describe-volumes`.
 */
import type { RecommendationDraftInput } from '../recommendation.ts';
import type { Rule } from './rule-context.ts';
import {
  DAYS_PER_MONTH,
  confidenceFor,
  resourceCostEvidence,
  round2,
  usd,
  windowSql,
} from './rule-context.ts';

const MIN_DAYS = 14;

export const unattachedVolumes: Rule = async (ctx) => {
  if (!ctx.dataEnd) return [];
  const volume = `("ResourceType" ILIKE 'volume' OR "ResourceId" LIKE 'vol-%')`;
  const instance = `("ResourceType" ILIKE 'instance' OR "ResourceId" LIKE 'i-%')`;
  const rows = await ctx.wh.query<Record<string, string | number>>(
    `WITH life AS (
       SELECT "ResourceId" AS id, "SubAccountId" AS acct, "RegionId" AS region,
         ${volume} AS is_volume, any_value("ServiceName") AS service,
         min("ChargePeriodStart")::DATE AS first_day, max("ChargePeriodStart")::DATE AS last_day
       FROM focus_cost
       WHERE "ChargeCategory" = 'Usage' AND "ResourceId" IS NOT NULL AND "ProviderName" ILIKE '%aws%'
         AND (${volume} OR ${instance})
       GROUP BY ALL),
     v AS (SELECT * FROM life WHERE is_volume AND last_day >= $1::DATE - INTERVAL 1 DAY
             AND date_diff('day', first_day, last_day) >= ${MIN_DAYS}
             AND NOT EXISTS (SELECT 1 FROM life i WHERE NOT i.is_volume AND i.acct = life.acct
               AND i.region IS NOT DISTINCT FROM life.region
               AND abs(date_diff('day', i.first_day, life.first_day)) <= 3
               AND i.last_day >= life.last_day - INTERVAL 3 DAY))
     SELECT v.id, v.service, v.first_day::VARCHAR AS first_day,
       (SELECT sum("EffectiveCost") FROM focus_cost f WHERE f."ResourceId" = v.id AND ${windowSql(ctx.windowDays)})::VARCHAR AS cost,
       (SELECT count(DISTINCT "ChargePeriodStart"::DATE) FROM focus_cost f WHERE f."ResourceId" = v.id AND ${windowSql(ctx.windowDays)})::INTEGER AS days
     FROM v ORDER BY v.id`,
    [ctx.dataEnd],
  );
  const out: RecommendationDraftInput[] = [];
  for (const r of rows) {
    const days = Number(r['days']);
    if (days === 0) continue;
    const saving = round2((Number(r['cost']) / days) * DAYS_PER_MONTH);
    if (saving <= 0) continue;
    const id = String(r['id']);
    out.push({
      kind: 'unattached_volume',
      title: `Delete volume ${id} if it is unattached`,
      provider: 'aws',
      service: String(r['service']),
      action: 'delete_storage',
      targets: [id],
      estimatedMonthlySavingsUsd: saving,
      calculation: `${usd(Number(r['cost']))} over ${days} days ÷ ${days} × ${DAYS_PER_MONTH.toFixed(2)} = ${usd(saving)} per month.`,
      why: [
        `Billed since ${r['first_day']}, but no instance in its account and region started with it or lives as long.`,
      ],
      evidence: [resourceCostEvidence([id], ctx)],
      risk: 'The bill cannot show attachment: a data volume attached later to a long-running instance looks the same. Check its state before deleting; deletion is irreversible without a snapshot.',
      confidence: confidenceFor(ctx, 'unattached_volume', 0.5, days / ctx.windowDays),
      plan: {
        commands: [
          `aws ec2 describe-volumes --volume-ids ${id} --query 'Volumes[].{State:State,Attachments:Attachments}'`,
          `aws ec2 create-snapshot --volume-id ${id} --description "before deleting unattached volume"`,
          `aws ec2 delete-volume --volume-id ${id}`,
        ],
        steps: ['Confirm State is "available" (unattached).', 'Snapshot it, then delete it.'],
      },
    });
  }
  return out;
};
