/**
 * EC2 rightsizing from utilization: the smallest size of the same family that keeps p95 CPU under
 * 50 % and p95 memory under 70 % after the move, when it is cheaper. Idle instances (another rule)
 * and GPU instances are left alone; memory unknown means memory is not reduced.
 */
import type { InstanceType } from '../instance-catalog.ts';
import type { RecommendationDraftInput } from '../recommendation.ts';
import { instanceUsage, providerOf } from './instance-usage.ts';
import type { Rule } from './rule-context.ts';
import { confidenceFor, resourceCostEvidence, round2, usd } from './rule-context.ts';

const TARGET_CPU = 0.5;
const TARGET_MEM = 0.7;
const IDLE_CPU = 5;
const MIN_DAYS = 7;

/** The smallest cheaper type of `from`'s family that fits the load, or null. */
export function rightsizeTarget(
  ec2: Map<string, InstanceType>,
  from: InstanceType,
  cpuP95: number,
  memP95: number | null,
): InstanceType | null {
  if (from.vcpu === null || from.memoryGib === null || from.onDemandUsdPerHour === null)
    return null;
  const needVcpu = (from.vcpu * cpuP95) / 100 / TARGET_CPU;
  const needMem = memP95 === null ? from.memoryGib : (from.memoryGib * memP95) / 100 / TARGET_MEM;
  const fits = [...ec2.values()]
    .filter(
      (t) =>
        t.family === from.family &&
        t.vcpu !== null &&
        t.memoryGib !== null &&
        t.onDemandUsdPerHour !== null &&
        t.vcpu >= needVcpu &&
        t.memoryGib >= needMem &&
        t.vcpu <= from.vcpu! &&
        t.memoryGib <= from.memoryGib! &&
        t.onDemandUsdPerHour < from.onDemandUsdPerHour!,
    )
    .sort((a, b) => a.onDemandUsdPerHour! - b.onDemandUsdPerHour!);
  return fits[0] ?? null;
}

export const rightsizeInstances: Rule = async (ctx) => {
  const out: RecommendationDraftInput[] = [];
  for (const u of await instanceUsage(ctx)) {
    const provider = providerOf(u.provider);
    if (provider !== 'aws' || !u.instanceType || u.daysObserved < MIN_DAYS) continue;
    if (u.cpuP95 < IDLE_CPU) continue;
    const from = ctx.ec2.get(u.instanceType);
    if (!from || from.gpuCount > 0) continue;
    const to = rightsizeTarget(ctx.ec2, from, u.cpuP95, u.memP95);
    if (!to) continue;
    const hourly = from.onDemandUsdPerHour! - to.onDemandUsdPerHour!;
    // The bill may be discounted: scale the list-price difference by what is actually paid.
    const paidShare = Math.min(1, u.monthlyCostUsd / (from.onDemandUsdPerHour! * 730));
    const saving = round2(hourly * 730 * paidShare);
    if (saving <= 0) continue;
    out.push({
      kind: 'rightsize',
      title: `Rightsize ${u.resourceId} from ${from.instanceType} to ${to.instanceType}`,
      provider,
      service: u.service,
      action: 'rightsize',
      targets: [u.resourceId],
      fromType: from.instanceType,
      toType: to.instanceType,
      estimatedMonthlySavingsUsd: saving,
      calculation: `(${usd(from.onDemandUsdPerHour!)} − ${usd(to.onDemandUsdPerHour!)}) per hour × 730 hours${paidShare < 0.995 ? ` × ${paidShare.toFixed(2)} (share of list price actually paid)` : ''} = ${usd(saving)} per month.`,
      why: [
        `p95 CPU ${u.cpuP95.toFixed(1)} % of ${from.vcpu} vCPU and p95 memory ${u.memP95 === null ? 'unknown' : `${u.memP95.toFixed(1)} %`} of ${from.memoryGib} GiB over ${u.daysObserved} days.`,
        `${to.instanceType} (${to.vcpu} vCPU, ${to.memoryGib} GiB) keeps p95 CPU under ${TARGET_CPU * 100} % and memory under ${TARGET_MEM * 100} %.`,
      ],
      evidence: [resourceCostEvidence([u.resourceId], ctx)],
      risk: `Peaks above the p95 (${u.cpuP95.toFixed(1)} % CPU) would run at ${((u.cpuP95 * from.vcpu!) / to.vcpu!).toFixed(0)} % on the smaller type; network and EBS bandwidth also shrink. Resize in a maintenance window; it needs a stop/start.`,
      confidence: confidenceFor(
        ctx,
        'rightsize',
        u.memP95 === null ? 0.6 : 0.8,
        u.daysObserved / ctx.windowDays,
      ),
      plan: {
        commands: [
          `aws ec2 stop-instances --instance-ids ${u.resourceId}`,
          `aws ec2 modify-instance-attribute --instance-id ${u.resourceId} --instance-type "{\\"Value\\": \\"${to.instanceType}\\"}"`,
          `aws ec2 start-instances --instance-ids ${u.resourceId}`,
        ],
        terraform: `resource "aws_instance" "this" {\n  # ${u.resourceId}\n  instance_type = "${to.instanceType}" # was ${from.instanceType}\n}`,
        steps: ['Schedule a window.', 'Stop, change the type, start.', 'Watch p95 CPU for a week.'],
      },
      details: {
        cpuP95Percent: round2(u.cpuP95),
        memP95Percent: u.memP95 === null ? null : round2(u.memP95),
        days: u.daysObserved,
      },
    });
  }
  return out;
};
