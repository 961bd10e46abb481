/**
 * Planted savings opportunities: resources added to the estate on purpose (idle and oversized
 * instances, previous-generation types, unattached volumes, year-old snapshots, cold buckets,
 * steady on-demand usage, an RI about to expire), each with its expected monthly savings computed
 * from the same list prices the bill uses (730 hours a month). Everything else in the estate is
 * built not to qualify, so the ground truth lists every opportunity a good recommender should find.
 */
import { tagsFor } from './company-model.ts';
import { decAdd, decMul, decSub } from './decimal-text.ts';
import { ec2Type, familySizes } from './ec2-catalog.ts';
import type { Ec2InstanceType } from './ec2-catalog.ts';
import type { AwsComputeResult } from './aws-compute.ts';
import { addEbsVolume, addEc2Instance } from './aws-compute.ts';
import { awsAccount, awsFactory, teamOf } from './aws-factory.ts';
import type { BuildContext } from './item-factory.ts';
import { AWS_PRICES, COMMITMENT_RATES, HOURS_PER_MONTH } from './price-book.ts';

export type SavingsKind =
  | 'idle_resource'
  | 'rightsize'
  | 'previous_generation'
  | 'unattached_volume'
  | 'old_snapshot'
  | 'storage_tiering'
  | 'commitment_purchase'
  | 'expiring_commitment';

export interface PlantedSavings {
  kind: SavingsKind;
  resourceId: string;
  /** Decimal string, USD per month. */
  expectedMonthlySavingsUsd: string;
  details: Record<string, unknown>;
}

/** Planted utilization (percent) of oversized instances, as the utilization export shows it. */
export const OVERSIZED_UTILIZATION = { cpuP95: 10, memP95: 18 } as const;
const CURRENT_GEN: Record<string, string> = { m4: 'm6i', c4: 'c6i', r4: 'r6i' };

/** The smallest size of the same family that keeps p95 CPU under 50 % and memory under 70 %. */
export function rightsizeTarget(
  t: Ec2InstanceType,
  cpuP95: number,
  memP95: number,
): Ec2InstanceType {
  const needVcpu = (t.vcpu * cpuP95) / 100 / 0.5;
  const needMem = (t.memoryGib * memP95) / 100 / 0.7;
  return familySizes(t.family).find((s) => s.vcpu >= needVcpu && s.memoryGib >= needMem) ?? t;
}

export function plantSavings(ctx: BuildContext, compute: AwsComputeResult): PlantedSavings[] {
  const rnd = ctx.rnd;
  const f = awsFactory(ctx);
  const days = ctx.cal.days.length;
  const out: PlantedSavings[] = [];
  const monthly = (hourly: string) => decMul(hourly, HOURS_PER_MONTH, 2);

  const idle: [string, string, string][] = [
    ['fernhill-staging', 'search-api', 'm5.2xlarge'],
    ['fernhill-dev', 'recommender', 'm6i.xlarge'],
    ['fernhill-data', 'etl', 'r5.xlarge'],
  ];
  for (const [acct, app, type] of idle) {
    const account = awsAccount(ctx, acct);
    const { instance } = addEc2Instance(ctx, f, {
      account,
      app,
      env: account.env === 'shared' ? 'prod' : account.env,
      type,
      profile: 'always',
      pricing: 'od',
      startDay: rnd.int(0, 60),
      endDay: days,
      utilization: 'idle',
    });
    out.push({
      kind: 'idle_resource',
      resourceId: instance.resourceId,
      expectedMonthlySavingsUsd: monthly(ec2Type(type).onDemandUsdPerHour),
      details: { instanceType: type, action: 'terminate or stop', cpuP95Percent: '< 3' },
    });
  }

  for (const host of ctx.inventory.gpuHosts.filter((h) => h.behaviour === 'idle')) {
    out.push({
      kind: 'idle_resource',
      resourceId: host.resourceId,
      expectedMonthlySavingsUsd: monthly(ec2Type(host.type).onDemandUsdPerHour),
      details: {
        instanceType: host.type,
        action: 'terminate or stop',
        gpuUtilizationPercent: 0,
        hostname: host.hostname,
      },
    });
  }

  for (const [acct, app, type] of [
    ['fernhill-prod', 'search-api', 'r5.4xlarge'],
    ['fernhill-data', 'warehouse', 'm5.4xlarge'],
    ['fernhill-prod', 'checkout-api', 'c5.4xlarge'],
    ['fernhill-ml', 'recommender', 'm6i.8xlarge'],
  ] as const) {
    const account = awsAccount(ctx, acct);
    const t = ec2Type(type);
    const target = rightsizeTarget(t, OVERSIZED_UTILIZATION.cpuP95, OVERSIZED_UTILIZATION.memP95);
    const { instance } = addEc2Instance(ctx, f, {
      account,
      app,
      env: 'prod',
      type,
      profile: 'always',
      pricing: 'od',
      startDay: 0,
      endDay: days,
      utilization: 'oversized',
    });
    out.push({
      kind: 'rightsize',
      resourceId: instance.resourceId,
      expectedMonthlySavingsUsd: monthly(decSub(t.onDemandUsdPerHour, target.onDemandUsdPerHour)),
      details: {
        fromType: type,
        toType: target.type,
        cpuP95Percent: OVERSIZED_UTILIZATION.cpuP95,
        memP95Percent: OVERSIZED_UTILIZATION.memP95,
      },
    });
  }

  for (const [acct, app, type] of [
    ['fernhill-legacy', 'marketing-site', 'm4.2xlarge'],
    ['fernhill-legacy', 'marketing-site', 'c4.4xlarge'],
    ['fernhill-shared', 'observability', 'r4.2xlarge'],
  ] as const) {
    const account = awsAccount(ctx, acct);
    const t = ec2Type(type);
    const target = ec2Type(`${CURRENT_GEN[t.family]}.${t.size}`);
    const { instance } = addEc2Instance(ctx, f, {
      account,
      app,
      env: 'prod',
      type,
      profile: 'always',
      pricing: 'od',
      startDay: 0,
      endDay: days,
    });
    out.push({
      kind: 'previous_generation',
      resourceId: instance.resourceId,
      expectedMonthlySavingsUsd: monthly(decSub(t.onDemandUsdPerHour, target.onDemandUsdPerHour)),
      details: { fromType: type, toType: target.type },
    });
  }

  for (const [acct, app, gb] of [
    ['fernhill-prod', 'checkout-api', 500],
    ['fernhill-data', 'etl', 1000],
    ['fernhill-dev', 'search-api', 200],
    ['fernhill-staging', 'search-api', 300],
  ] as const) {
    const account = awsAccount(ctx, acct);
    const team = teamOf(ctx, app);
    const env = account.env === 'shared' ? 'prod' : account.env;
    const resourceId = `vol-0${rnd.hex(16)}`;
    addEbsVolume(f, {
      subAccountId: account.id,
      subAccountName: account.name,
      team,
      app,
      env,
      tags: tagsFor(rnd, account, { team, app, env }),
      startDay: rnd.int(0, 120),
      endDay: days,
      resourceId,
      gb,
      volumeType: 'gp2',
      region: 'us-east-1',
    });
    out.push({
      kind: 'unattached_volume',
      resourceId,
      expectedMonthlySavingsUsd: decMul(gb, AWS_PRICES.ebsGp2GbMonth, 2),
      details: { sizeGb: gb, volumeType: 'gp2', state: 'available' },
    });
  }

  const windowStart = Date.parse(`${ctx.cal.startDate}T00:00:00Z`);
  for (const [acct, gb, daysBefore] of [
    ['fernhill-prod', 500, 120],
    ['fernhill-legacy', 1000, 400],
    ['fernhill-data', 250, 45],
  ] as const) {
    const account = awsAccount(ctx, acct);
    const resourceId = `arn:aws:ec2:us-east-1:${account.id}:snapshot/snap-0${rnd.hex(16)}`;
    f.add({
      subAccountId: account.id,
      subAccountName: account.name,
      regionId: 'us-east-1',
      regionName: 'US East (N. Virginia)',
      serviceName: 'Amazon Elastic Compute Cloud',
      serviceCategory: 'Storage',
      serviceCode: 'AmazonEC2',
      resourceId,
      resourceType: 'Snapshot',
      usageType: 'EBS:SnapshotUsage',
      operation: 'CreateSnapshot',
      chargeDescription: '$0.05 per GB-Month of snapshot data stored - US East (Northern Virginia)',
      consumedUnit: 'GB-Mo',
      pricingUnit: 'GB-Mo',
      listUnitPrice: AWS_PRICES.ebsSnapshotGbMonth,
      usageKind: 'storage',
      baseQty: (gb * 24) / 730,
      profile: 'always',
      team: 'platform',
      app: 'shared',
      env: 'prod',
      tags: null,
    });
    const created = new Date(windowStart - daysBefore * 86_400_000).toISOString().slice(0, 10);
    out.push({
      kind: 'old_snapshot',
      resourceId,
      expectedMonthlySavingsUsd: decMul(gb, AWS_PRICES.ebsSnapshotGbMonth, 2),
      details: { sizeGb: gb, createdDate: created },
    });
  }

  for (const [acct, app, gb, coldShare] of [
    ['fernhill-data', 'warehouse', 40000, 0.8],
    ['fernhill-shared', 'observability', 25000, 0.9],
  ] as const) {
    const account = awsAccount(ctx, acct);
    const team = teamOf(ctx, app);
    const bucket = `fernhill-${app}-archive-${rnd.hex(6)}`;
    const base = {
      subAccountId: account.id,
      subAccountName: account.name,
      team,
      app,
      env: 'prod',
      tags: tagsFor(rnd, account, { team, app, env: 'prod' }, { forceTagged: true }),
      regionId: 'us-east-1',
      regionName: 'US East (N. Virginia)',
      serviceName: 'Amazon Simple Storage Service',
      serviceCategory: 'Storage',
      serviceCode: 'AmazonS3',
      resourceId: bucket,
      resourceName: bucket,
      resourceType: 'Bucket',
    };
    f.add({
      ...base,
      usageType: 'TimedStorage-ByteHrs',
      operation: 'StandardStorage',
      chargeDescription: '$0.023 per GB - first 50 TB / month of storage used',
      consumedUnit: 'GB-Mo',
      pricingUnit: 'GB-Mo',
      listUnitPrice: AWS_PRICES.s3StandardGbMonth,
      usageKind: 'storage',
      baseQty: gb / 30.4375,
      profile: 'flat',
    });
    f.add({
      ...base,
      usageType: 'Requests-Tier2',
      operation: 'GetObject',
      chargeDescription: '$0.0004 per 1,000 GET and all other requests',
      consumedUnit: 'Requests',
      pricingUnit: 'Requests',
      listUnitPrice: AWS_PRICES.s3Tier2Request,
      usageKind: 'requests',
      baseQty: Math.round(gb * 0.01),
      qtyDecimals: 0,
      profile: 'flat',
      noise: 0.3,
    });
    const perGb = decSub(AWS_PRICES.s3StandardGbMonth, AWS_PRICES.s3StandardIaGbMonth);
    out.push({
      kind: 'storage_tiering',
      resourceId: bucket,
      expectedMonthlySavingsUsd: decMul(decMul(gb, coldShare), perGb, 2),
      details: { sizeGb: gb, coldShare, fromClass: 'STANDARD', toClass: 'STANDARD_IA' },
    });
  }

  out.push(commitmentPurchase(ctx, new Set(out.map((o) => o.resourceId))));
  const ri = compute.expiringRi;
  const od = ec2Type(ri.instanceType).onDemandUsdPerHour;
  const riHourly = decMul(od, ri.rate, 6);
  out.push({
    kind: 'expiring_commitment',
    resourceId: ri.id,
    expectedMonthlySavingsUsd: decMul(
      decMul(decSub(od, riHourly), ri.covered.length),
      HOURS_PER_MONTH,
      2,
    ),
    details: {
      commitmentType: ri.type,
      instanceType: ri.instanceType,
      count: ri.covered.length,
      termEndDate: ri.termEnd,
      action: 'renew before expiry',
    },
  });
  return out;
}

/**
 * Steady on-demand EC2 usage across the payer: every always-on on-demand instance running through
 * the last 30 days (planted opportunities excluded), priced at the Compute Savings Plan rate.
 */
function commitmentPurchase(ctx: BuildContext, planted: Set<string>): PlantedSavings {
  const days = ctx.cal.days.length;
  const hourly = ctx.book.items
    .filter(
      (li) =>
        li.serviceCode === 'AmazonEC2' &&
        li.usageKind === 'instance-hours' &&
        li.resourceType === 'Instance' &&
        li.pricingCategory === 'Standard' &&
        li.profile === 'always' &&
        li.anomalyOnly === null &&
        li.startDay <= days - 30 &&
        li.endDay >= days &&
        !planted.has(li.resourceId ?? ''),
    )
    .map((li) => li.listUnitPrice);
  const onDemandHourly = decAdd(hourly, 6);
  const discount = decSub('1', COMMITMENT_RATES.computeSavingsPlan);
  return {
    kind: 'commitment_purchase',
    resourceId: ctx.company.aws.billingAccountId,
    expectedMonthlySavingsUsd: decMul(decMul(onDemandHourly, discount), HOURS_PER_MONTH, 2),
    details: {
      scope: 'billing_account',
      offer: 'Compute Savings Plan, 1yr, No Upfront',
      steadyOnDemandUsdPerHour: onDemandHourly,
      recommendedCommitmentUsdPerHour: decMul(
        onDemandHourly,
        COMMITMENT_RATES.computeSavingsPlan,
        3,
      ),
      instances: hourly.length,
    },
  };
}
