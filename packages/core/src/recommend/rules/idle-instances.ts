/**
 * Idle instances: p95 CPU under 5 % on every observed day of the window (and next to no network
 * traffic where it is reported). The saving is what the instance cost per month; the plan stops
 * it first (reversible) and terminates only after a snapshot. GPU idleness shows as CPU idleness
 * too; instances without utilization data are never judged.
 */
import type { RecommendationDraftInput } from '../recommendation.ts';
import { instanceUsage, providerOf } from './instance-usage.ts';
import type { Rule } from './rule-context.ts';
import { confidenceFor, resourceCostEvidence, round2, usd } from './rule-context.ts';

const CPU_IDLE_PERCENT = 5;
const NETWORK_IDLE_GB_PER_DAY = 0.5;
const MIN_DAYS = 7;

export const idleInstances: Rule = async (ctx) => {
  const out: RecommendationDraftInput[] = [];
  for (const u of await instanceUsage(ctx)) {
    const provider = providerOf(u.provider);
    if (!provider || u.daysObserved < MIN_DAYS || u.monthlyCostUsd <= 0) continue;
    if (u.cpuP95 >= CPU_IDLE_PERCENT) continue;
    if (u.networkOutGbPerDay !== null && u.networkOutGbPerDay >= NETWORK_IDLE_GB_PER_DAY) continue;
    const saving = round2(u.monthlyCostUsd);
    out.push({
      kind: 'idle_resource',
      title: `Stop idle ${u.instanceType ?? 'instance'} ${u.resourceId}`,
      provider,
      service: u.service,
      action: 'terminate_idle',
      targets: [u.resourceId],
      ...(u.instanceType ? { fromType: u.instanceType } : {}),
      estimatedMonthlySavingsUsd: saving,
      calculation: `${u.resourceId} cost ${usd(u.monthlyCostUsd)} per month (its effective cost over the last ${ctx.windowDays} days of data, scaled to 730 hours); stopping it saves all of it.`,
      why: [
        `p95 CPU ${u.cpuP95.toFixed(1)} % over ${u.daysObserved} days (idle below ${CPU_IDLE_PERCENT} %).`,
        ...(u.memP95 === null ? [] : [`p95 memory ${u.memP95.toFixed(1)} %.`]),
        ...(u.networkOutGbPerDay === null
          ? []
          : [`network out ${u.networkOutGbPerDay.toFixed(3)} GB/day.`]),
      ],
      evidence: [resourceCostEvidence([u.resourceId], ctx)],
      risk: 'Something may still depend on it (a batch job, a standby, a licence server). Stop before terminating and keep a snapshot of its volumes.',
      confidence: confidenceFor(ctx, 'idle_resource', 0.85, u.daysObserved / ctx.windowDays),
      plan: {
        commands:
          provider === 'aws'
            ? [
                `aws ec2 stop-instances --instance-ids ${u.resourceId}`,
                `aws ec2 create-snapshots --instance-specification InstanceId=${u.resourceId}`,
                `aws ec2 terminate-instances --instance-ids ${u.resourceId}`,
              ]
            : [],
        steps: [
          'Confirm with the owning team that nothing uses it.',
          'Stop it and wait a week for complaints.',
          'Snapshot its volumes, then terminate it.',
        ],
      },
      details: { cpuP95Percent: round2(u.cpuP95), memP95Percent: u.memP95, days: u.daysObserved },
    });
  }
  return out;
};
