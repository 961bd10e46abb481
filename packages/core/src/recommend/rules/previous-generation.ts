/**
 * Previous-generation EC2 instances running on demand: the same size in the current generation
 * of the family, when the catalog has it and it is cheaper. Reads the type from the AWS usage type
 * (`BoxUsage:m4.2xlarge`), so it needs an AWS source that keeps `x_UsageType`.
 */
import type { RecommendationDraftInput } from '../recommendation.ts';
import type { Rule } from './rule-context.ts';
import {
  DAYS_PER_MONTH,
  confidenceFor,
  instanceTypeSql,
  resourceCostEvidence,
  round2,
  usd,
  windowSql,
} from './rule-context.ts';

/** Previous-generation family → its current x86 successor. */
export const SUCCESSOR: Readonly<Record<string, string>> = {
  m1: 'm6i',
  m3: 'm6i',
  m4: 'm6i',
  c1: 'c6i',
  c3: 'c6i',
  c4: 'c6i',
  r3: 'r6i',
  r4: 'r6i',
  i2: 'i4i',
  d2: 'd3',
  t1: 't3',
  t2: 't3',
  x1: 'x2idn',
  g3: 'g5',
  p2: 'p3',
};

export const previousGeneration: Rule = async (ctx) => {
  if (!ctx.dataEnd || !ctx.columns.has('x_UsageType')) return [];
  const rows = await ctx.wh.query<{
    id: string;
    itype: string;
    service: string;
    days: number;
    cost: string;
  }>(
    `SELECT "ResourceId" AS id, ${instanceTypeSql()} AS itype, any_value("ServiceName") AS service,
       count(DISTINCT "ChargePeriodStart"::DATE)::INTEGER AS days, sum("EffectiveCost")::VARCHAR AS cost
     FROM focus_cost
     WHERE ${windowSql(ctx.windowDays)} AND "ChargeCategory" = 'Usage' AND "ResourceId" IS NOT NULL
       AND coalesce("PricingCategory", 'Standard') = 'Standard' AND ${instanceTypeSql()} IS NOT NULL
     GROUP BY 1, 2 ORDER BY 1`,
    [ctx.dataEnd],
  );
  const out: RecommendationDraftInput[] = [];
  for (const r of rows) {
    const from = ctx.ec2.get(r.itype);
    const successor = from ? SUCCESSOR[from.family] : undefined;
    if (!from || !successor || from.onDemandUsdPerHour === null) continue;
    const size = r.itype.slice(r.itype.indexOf('.') + 1);
    const to = ctx.ec2.get(`${successor}.${size}`);
    if (!to || to.onDemandUsdPerHour === null || to.onDemandUsdPerHour >= from.onDemandUsdPerHour)
      continue;
    const hoursPerDay = Math.min(24, Number(r.cost) / Number(r.days) / from.onDemandUsdPerHour);
    const saving = round2(
      (from.onDemandUsdPerHour - to.onDemandUsdPerHour) * hoursPerDay * DAYS_PER_MONTH,
    );
    if (saving <= 0) continue;
    out.push({
      kind: 'previous_generation',
      title: `Move ${r.id} from ${from.instanceType} to ${to.instanceType}`,
      provider: 'aws',
      service: r.service,
      action: 'rightsize',
      targets: [r.id],
      fromType: from.instanceType,
      toType: to.instanceType,
      estimatedMonthlySavingsUsd: saving,
      calculation: `(${usd(from.onDemandUsdPerHour)} − ${usd(to.onDemandUsdPerHour)}) per hour × ${hoursPerDay.toFixed(1)} hours a day × ${DAYS_PER_MONTH.toFixed(2)} days = ${usd(saving)} per month.`,
      why: [
        `${from.instanceType} is a previous generation; ${to.instanceType} has ${to.vcpu} vCPU and ${to.memoryGib} GiB (vs ${from.vcpu} and ${from.memoryGib}) for less.`,
        `It ran on demand on ${r.days} of the last ${ctx.windowDays} days.`,
      ],
      evidence: [resourceCostEvidence([r.id], ctx)],
      risk: 'Newer generations need ENA and NVMe drivers; old AMIs may not boot. Test the AMI on the new type first.',
      confidence: confidenceFor(ctx, 'previous_generation', 0.8, r.days / ctx.windowDays),
      plan: {
        commands: [
          `aws ec2 stop-instances --instance-ids ${r.id}`,
          `aws ec2 modify-instance-attribute --instance-id ${r.id} --instance-type "{\\"Value\\": \\"${to.instanceType}\\"}"`,
          `aws ec2 start-instances --instance-ids ${r.id}`,
        ],
        terraform: `resource "aws_instance" "this" {\n  # ${r.id}\n  instance_type = "${to.instanceType}" # was ${from.instanceType}\n}`,
        steps: ['Check the AMI supports ENA/NVMe.', 'Stop, change the type, start.'],
      },
    });
  }
  return out;
};
