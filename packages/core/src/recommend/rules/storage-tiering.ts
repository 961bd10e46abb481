/**
 * S3 storage tiering: buckets of at least 1 TB in S3 Standard that are rarely read (fewer than one
 * GET-class request per GB-month) move to Standard-IA via a lifecycle rule. Assumes the share of
 * bytes older than the transition age is `coldShare` (default 80 %), since access logs are not in
 * the bill. Standard-IA costs 0.0125/0.023 of Standard (AWS list prices, us-east-1, 2025).
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

const IA_TO_STANDARD = 0.0125 / 0.023;
const COLD_SHARE = 0.8;
const MIN_GB = 1000;
const MAX_READS_PER_GB_MONTH = 1;

export const storageTiering: Rule = async (ctx) => {
  if (!ctx.dataEnd || !ctx.columns.has('x_UsageType')) return [];
  const rows = await ctx.wh.query<Record<string, string | number>>(
    `SELECT "ResourceId" AS id, any_value("ServiceName") AS service,
       count(DISTINCT "ChargePeriodStart"::DATE)::INTEGER AS days,
       (sum("EffectiveCost") FILTER (WHERE "x_UsageType" ILIKE '%TimedStorage-ByteHrs'))::VARCHAR AS storage_cost,
       sum("ConsumedQuantity") FILTER (WHERE "x_UsageType" ILIKE '%TimedStorage-ByteHrs') AS gb_mo,
       coalesce(sum("ConsumedQuantity") FILTER (WHERE "x_UsageType" ILIKE '%Requests-Tier2'), 0) AS reads
     FROM focus_cost
     WHERE ${windowSql(ctx.windowDays)} AND "ChargeCategory" = 'Usage' AND "ResourceId" IS NOT NULL
       AND ("x_ServiceCode" = 'AmazonS3' OR "ServiceName" ILIKE '%Simple Storage Service%')
     GROUP BY 1 HAVING sum("ConsumedQuantity") FILTER (WHERE "x_UsageType" ILIKE '%TimedStorage-ByteHrs') > 0
     ORDER BY 1`,
    [ctx.dataEnd],
  );
  const out: RecommendationDraftInput[] = [];
  for (const r of rows) {
    const days = Number(r['days']);
    const gb = (Number(r['gb_mo']) / days) * DAYS_PER_MONTH;
    const readsPerGbMonth = ((Number(r['reads']) / days) * DAYS_PER_MONTH) / gb;
    if (gb < MIN_GB || readsPerGbMonth >= MAX_READS_PER_GB_MONTH) continue;
    const monthly = (Number(r['storage_cost']) / days) * DAYS_PER_MONTH;
    const saving = round2(monthly * COLD_SHARE * (1 - IA_TO_STANDARD));
    const id = String(r['id']);
    out.push({
      kind: 'storage_tiering',
      title: `Lifecycle ${id} to Standard-IA`,
      provider: 'aws',
      service: String(r['service']),
      action: 'modify_storage_tier',
      targets: [id],
      estimatedMonthlySavingsUsd: saving,
      calculation: `Standard storage ${usd(monthly)}/month × ${COLD_SHARE * 100} % assumed cold × (1 − 0.0125/0.023 Standard-IA price ratio) = ${usd(saving)} per month.`,
      why: [
        `${Math.round(gb).toLocaleString('en-US')} GB in S3 Standard.`,
        `${readsPerGbMonth.toFixed(2)} GET-class requests per GB-month: rarely read.`,
      ],
      evidence: [resourceCostEvidence([id], ctx)],
      risk: 'Standard-IA charges retrieval per GB and a 30-day minimum: a bucket read more than expected can cost more. Objects under 128 KB are billed as 128 KB.',
      confidence: confidenceFor(ctx, 'storage_tiering', 0.6, days / ctx.windowDays),
      plan: {
        commands: [
          `aws s3api put-bucket-lifecycle-configuration --bucket ${id} --lifecycle-configuration '{"Rules":[{"ID":"to-ia-after-30d","Status":"Enabled","Filter":{},"Transitions":[{"Days":30,"StorageClass":"STANDARD_IA"}]}]}'`,
        ],
        terraform: `resource "aws_s3_bucket_lifecycle_configuration" "ia" {\n  bucket = "${id}"\n  rule {\n    id     = "to-ia-after-30d"\n    status = "Enabled"\n    filter {}\n    transition {\n      days          = 30\n      storage_class = "STANDARD_IA"\n    }\n  }\n}`,
        steps: ['Check S3 Storage Lens for the real cold share.', 'Apply the lifecycle rule.'],
      },
      details: {
        sizeGb: Math.round(gb),
        readsPerGbMonth: round2(readsPerGbMonth),
        coldShare: COLD_SHARE,
      },
    });
  }
  return out;
};
