/**
 * AWS EC2 for the demo: fleets per app and account (on-demand, spot, Savings-Plan- and
 * RI-covered), each instance with its EBS volume, plus the commitments themselves — a Compute
 * Savings Plan for the whole window, an RI that expires mid-window (its instances fall back to
 * on-demand) and one that expires just after the window. Covered rows bill 0 and carry amortized
 * EffectiveCost; the commitment's recurring fee bills it.
 */
import { tagsFor } from './company-model.ts';
import type { DemoAccount } from './company-model.ts';
import type { ProfileId } from './cost-profiles.ts';
import { decAdd, decMul } from './decimal-text.ts';
import { ec2Type } from './ec2-catalog.ts';
import type { Ec2Instance, GpuBehaviour } from './demo-inventory.ts';
import { awsAccount, awsFactory, awsRegion, teamOf } from './aws-factory.ts';
import { scaled } from './item-factory.ts';
import type { BuildContext, ItemFactory } from './item-factory.ts';
import type { LineItem } from './line-item.ts';
import { AWS_PRICES, COMMITMENT_RATES } from './price-book.ts';

type Pricing = 'od' | 'spot' | 'sp' | 'ri-expiring' | 'ri-mid';

interface Fleet {
  app: string;
  account: string;
  env: string;
  types: readonly string[];
  count: number;
  profile: ProfileId;
  pricing: Pricing;
  /** Share launched during the window (growth), and share decommissioned before its end. */
  launchShare?: number;
  decomShare?: number;
  region?: string;
}

const FLEETS: readonly Fleet[] = [
  {
    app: 'k8s-shared',
    account: 'fernhill-prod',
    env: 'prod',
    types: ['m6i.2xlarge', 'm6i.4xlarge'],
    count: 80,
    profile: 'always',
    pricing: 'sp',
  },
  {
    app: 'k8s-shared',
    account: 'fernhill-prod',
    env: 'prod',
    types: ['m6i.2xlarge'],
    count: 60,
    profile: 'always',
    pricing: 'od',
    launchShare: 0.45,
    decomShare: 0.05,
  },
  {
    app: 'k8s-shared',
    account: 'fernhill-prod',
    env: 'prod',
    types: ['m6i.2xlarge', 'c6i.2xlarge'],
    count: 30,
    profile: 'weekday',
    pricing: 'spot',
    launchShare: 0.3,
  },
  {
    app: 'search-api',
    account: 'fernhill-prod',
    env: 'prod',
    types: ['c6i.2xlarge'],
    count: 60,
    profile: 'always',
    pricing: 'od',
    launchShare: 0.3,
    decomShare: 0.05,
  },
  {
    app: 'search-api',
    account: 'fernhill-prod',
    env: 'prod',
    types: ['c6i.2xlarge'],
    count: 20,
    profile: 'always',
    pricing: 'ri-expiring',
  },
  {
    app: 'checkout-api',
    account: 'fernhill-prod',
    env: 'prod',
    types: ['m6i.xlarge'],
    count: 40,
    profile: 'always',
    pricing: 'od',
    launchShare: 0.25,
  },
  {
    app: 'checkout-api',
    account: 'fernhill-prod',
    env: 'prod',
    types: ['m6i.xlarge', 'm5.xlarge'],
    count: 20,
    profile: 'weekday',
    pricing: 'spot',
  },
  {
    app: 'payments',
    account: 'fernhill-prod',
    env: 'prod',
    types: ['m6i.large'],
    count: 16,
    profile: 'always',
    pricing: 'sp',
  },
  {
    app: 'mobile-bff',
    account: 'fernhill-prod',
    env: 'prod',
    types: ['c7g.xlarge'],
    count: 40,
    profile: 'always',
    pricing: 'od',
    launchShare: 0.5,
    region: 'us-west-2',
  },
  {
    app: 'marketing-site',
    account: 'fernhill-prod',
    env: 'prod',
    types: ['t3.large'],
    count: 12,
    profile: 'always',
    pricing: 'od',
  },
  {
    app: 'warehouse',
    account: 'fernhill-data',
    env: 'prod',
    types: ['r6i.2xlarge'],
    count: 30,
    profile: 'always',
    pricing: 'od',
  },
  {
    app: 'warehouse',
    account: 'fernhill-data',
    env: 'prod',
    types: ['r5.4xlarge'],
    count: 10,
    profile: 'always',
    pricing: 'ri-mid',
  },
  {
    app: 'etl',
    account: 'fernhill-data',
    env: 'prod',
    types: ['m5.2xlarge', 'm6i.2xlarge'],
    count: 50,
    profile: 'weekday',
    pricing: 'spot',
    launchShare: 0.2,
  },
  {
    app: 'indexer',
    account: 'fernhill-data',
    env: 'prod',
    types: ['c5.4xlarge'],
    count: 25,
    profile: 'weekday',
    pricing: 'spot',
  },
  {
    app: 'assistant',
    account: 'fernhill-ml',
    env: 'prod',
    types: ['m7g.xlarge'],
    count: 10,
    profile: 'always',
    pricing: 'od',
    launchShare: 0.6,
  },
  {
    app: 'recommender',
    account: 'fernhill-ml',
    env: 'prod',
    types: ['m6i.2xlarge'],
    count: 12,
    profile: 'always',
    pricing: 'od',
  },
  {
    app: 'search-api',
    account: 'fernhill-staging',
    env: 'staging',
    types: ['m6i.large', 'c6i.large'],
    count: 30,
    profile: 'always',
    pricing: 'od',
  },
  {
    app: 'checkout-api',
    account: 'fernhill-staging',
    env: 'staging',
    types: ['m6i.large'],
    count: 30,
    profile: 'always',
    pricing: 'od',
    decomShare: 0.1,
  },
  {
    app: 'search-api',
    account: 'fernhill-dev',
    env: 'dev',
    types: ['t3.medium', 't3.large', 'm5.large'],
    count: 60,
    profile: 'office',
    pricing: 'od',
    launchShare: 0.3,
    decomShare: 0.2,
  },
  {
    app: 'checkout-api',
    account: 'fernhill-dev',
    env: 'dev',
    types: ['t3.medium', 't3.large'],
    count: 50,
    profile: 'office',
    pricing: 'od',
    launchShare: 0.3,
    decomShare: 0.2,
  },
  {
    app: 'recommender',
    account: 'fernhill-dev',
    env: 'dev',
    types: ['t3.large', 'm5.xlarge'],
    count: 40,
    profile: 'office',
    pricing: 'od',
    launchShare: 0.3,
    decomShare: 0.2,
  },
  {
    app: 'observability',
    account: 'fernhill-shared',
    env: 'prod',
    types: ['m6i.2xlarge'],
    count: 12,
    profile: 'always',
    pricing: 'od',
  },
  {
    app: 'email',
    account: 'fernhill-shared',
    env: 'prod',
    types: ['t3.medium'],
    count: 4,
    profile: 'always',
    pricing: 'od',
  },
  {
    app: 'marketing-site',
    account: 'fernhill-legacy',
    env: 'prod',
    types: ['m5.xlarge', 'c5.2xlarge', 'r5.xlarge', 't3.large'],
    count: 40,
    profile: 'always',
    pricing: 'od',
  },
];

export interface CoverInfo {
  id: string;
  name: string;
  type: 'Savings Plan' | 'Reserved Instance';
  category: 'Spend' | 'Usage';
  rate: string;
}

/** Adds one EC2 instance (compute + its EBS volume) and records it in the inventory. */
export function addEc2Instance(
  ctx: BuildContext,
  f: ItemFactory,
  o: {
    account: DemoAccount;
    app: string;
    env: string;
    type: string;
    profile: ProfileId;
    pricing: 'od' | 'spot' | 'covered';
    cover?: CoverInfo;
    startDay: number;
    endDay: number;
    region?: string;
    tags?: string | null;
    resourceId?: string;
    volumeGb?: number;
    utilization?: Ec2Instance['utilization'];
    withVolume?: boolean;
  },
): { instance: Ec2Instance; compute: LineItem } {
  const rnd = ctx.rnd;
  const t = ec2Type(o.type);
  const region = awsRegion(o.region ?? 'us-east-1');
  const team = teamOf(ctx, o.app);
  const owner = { team, app: o.app, env: o.env };
  const tags = o.tags === undefined ? tagsFor(rnd, o.account, owner) : o.tags;
  const resourceId = o.resourceId ?? `i-0${rnd.hex(16)}`;
  const spot = o.pricing === 'spot';
  const spotPrice = decMul(t.onDemandUsdPerHour, 0.28 + ((t.type.length * 7) % 10) / 100, 4);
  const common = {
    subAccountId: o.account.id,
    subAccountName: o.account.name,
    regionId: region.regionId,
    regionName: region.regionName,
    availabilityZone: region.availabilityZone,
    team,
    app: o.app,
    env: o.env,
    tags,
    startDay: o.startDay,
    endDay: o.endDay,
  };
  const compute = f.add({
    ...common,
    serviceName: 'Amazon Elastic Compute Cloud',
    serviceCategory: 'Compute',
    serviceCode: 'AmazonEC2',
    resourceId,
    resourceName: null,
    resourceType: 'Instance',
    usageType: `${region.prefix}${spot ? 'SpotUsage' : 'BoxUsage'}:${t.type}`,
    operation: spot ? 'RunInstances:SV001' : 'RunInstances',
    chargeDescription: spot
      ? `$${spotPrice} per Linux/UNIX (Amazon VPC), ${t.type} Spot Instance-hour`
      : `$${t.onDemandUsdPerHour} per On Demand Linux ${t.type} Instance Hour`,
    consumedUnit: 'Hours',
    pricingUnit: 'Hours',
    listUnitPrice: t.onDemandUsdPerHour,
    ...(spot
      ? {
          pricingCategory: 'Dynamic' as const,
          effectiveUnitPrice: spotPrice,
          billedUnitPrice: spotPrice,
        }
      : {}),
    ...(o.pricing === 'covered' && o.cover
      ? {
          pricingCategory: 'Committed' as const,
          commitmentId: o.cover.id,
          commitmentName: o.cover.name,
          commitmentType: o.cover.type,
          commitmentCategory: o.cover.category,
          commitmentStatus: 'Used' as const,
          effectiveUnitPrice:
            o.cover.rate === '1'
              ? t.onDemandUsdPerHour
              : decMul(t.onDemandUsdPerHour, o.cover.rate, 6),
          billedUnitPrice: '0',
          anomalyEligible: false,
        }
      : {}),
    usageKind: 'instance-hours',
    baseQty: 24,
    maxQty: 24,
    qtyDecimals: 4,
    profile: o.profile,
  });
  if (o.withVolume !== false) {
    const gb = o.volumeGb ?? rnd.pick([50, 100, 100, 200, 500]);
    addEbsVolume(f, {
      ...common,
      resourceId: `vol-0${rnd.hex(16)}`,
      gb,
      volumeType: 'gp3',
      region: region.regionId,
    });
  }
  const instance: Ec2Instance = {
    resourceId,
    type: t.type,
    subAccountId: o.account.id,
    team,
    app: o.app,
    env: o.env,
    startDay: o.startDay,
    endDay: o.endDay,
    utilization: o.utilization ?? 'normal',
  };
  ctx.inventory.instances.push(instance);
  return { instance, compute };
}

/** An EBS volume: billed per GB-month, one daily row of GB × 24 / 730. */
export function addEbsVolume(
  f: ItemFactory,
  o: {
    subAccountId: string;
    subAccountName: string;
    team: string;
    app: string;
    env: string;
    tags: string | null;
    startDay: number;
    endDay: number;
    resourceId: string;
    gb: number;
    volumeType: 'gp2' | 'gp3';
    region: string;
  },
): LineItem {
  const region = awsRegion(o.region);
  const price = o.volumeType === 'gp3' ? AWS_PRICES.ebsGp3GbMonth : AWS_PRICES.ebsGp2GbMonth;
  return f.add({
    subAccountId: o.subAccountId,
    subAccountName: o.subAccountName,
    regionId: region.regionId,
    regionName: region.regionName,
    availabilityZone: region.availabilityZone,
    team: o.team,
    app: o.app,
    env: o.env,
    tags: o.tags,
    startDay: o.startDay,
    endDay: o.endDay,
    serviceName: 'Amazon Elastic Compute Cloud',
    serviceCategory: 'Storage',
    serviceCode: 'AmazonEC2',
    resourceId: o.resourceId,
    resourceType: 'Volume',
    usageType: `${region.prefix}EBS:VolumeUsage.${o.volumeType}`,
    operation: `CreateVolume-${o.volumeType === 'gp3' ? 'Gp3' : 'Gp2'}`,
    chargeDescription: `$${price} per GB-month of General Purpose (${o.volumeType}) provisioned storage - ${region.regionName}`,
    consumedUnit: 'GB-Mo',
    pricingUnit: 'GB-Mo',
    listUnitPrice: price,
    usageKind: 'storage',
    baseQty: (o.gb * 24) / 730,
    profile: 'always',
  });
}

/** Builds every EC2 fleet and the commitments that cover part of it. */
export interface AwsComputeResult {
  /** The RI that ends shortly after the window (an expiring-commitment opportunity). */
  expiringRi: CoverInfo & { instanceType: string; covered: readonly LineItem[]; termEnd: string };
}

export function buildAwsCompute(ctx: BuildContext): AwsComputeResult {
  const f = awsFactory(ctx);
  const rnd = ctx.rnd;
  const dayCount = ctx.cal.days.length;
  const payer = ctx.company.aws.billingAccountId;
  const sp: CoverInfo = {
    id: `arn:aws:savingsplans::${payer}:savingsplan/${rnd.uuid()}`,
    name: 'Compute Savings Plan (1yr, No Upfront)',
    type: 'Savings Plan',
    category: 'Spend',
    rate: COMMITMENT_RATES.computeSavingsPlan,
  };
  const riMid: CoverInfo = {
    id: `arn:aws:ec2:us-east-1:${awsAccount(ctx, 'fernhill-data').id}:reserved-instances/${rnd.uuid()}`,
    name: 'r5.4xlarge Linux 1yr No Upfront',
    type: 'Reserved Instance',
    category: 'Usage',
    rate: COMMITMENT_RATES.ec2Reserved1yrNoUpfront,
  };
  const riExpiring: CoverInfo = {
    id: `arn:aws:ec2:us-east-1:${awsAccount(ctx, 'fernhill-prod').id}:reserved-instances/${rnd.uuid()}`,
    name: 'c6i.2xlarge Linux 1yr No Upfront',
    type: 'Reserved Instance',
    category: 'Usage',
    rate: COMMITMENT_RATES.ec2Reserved1yrNoUpfront,
  };
  // The mid-window RI expires in the 7th month; its instances keep running on demand.
  const riMidEnd = Math.min(dayCount - 1, (ctx.cal.months[6]?.firstDay ?? 0) + 13);
  const covered = new Map<string, LineItem[]>();
  for (const fleet of FLEETS) {
    const account = awsAccount(ctx, fleet.account);
    const n = scaled(ctx, fleet.count);
    for (let i = 0; i < n; i++) {
      const type = rnd.pick(fleet.types);
      let startDay = 0;
      let endDay = dayCount;
      if (fleet.launchShare && rnd.chance(fleet.launchShare)) startDay = rnd.int(1, dayCount - 5);
      if (fleet.decomShare && rnd.chance(fleet.decomShare))
        endDay = rnd.int(startDay + 5, dayCount);
      const base = {
        account,
        app: fleet.app,
        env: fleet.env,
        type,
        profile: fleet.profile,
        startDay,
        endDay,
        ...(fleet.region ? { region: fleet.region } : {}),
      };
      if (fleet.pricing === 'od' || fleet.pricing === 'spot') {
        addEc2Instance(ctx, f, { ...base, pricing: fleet.pricing });
        continue;
      }
      const cover = fleet.pricing === 'sp' ? sp : fleet.pricing === 'ri-mid' ? riMid : riExpiring;
      const end = fleet.pricing === 'ri-mid' ? riMidEnd : dayCount;
      const { instance, compute } = addEc2Instance(ctx, f, {
        ...base,
        pricing: 'covered',
        cover,
        startDay: 0,
        endDay: end,
      });
      instance.endDay = dayCount;
      if (fleet.pricing === 'ri-mid') {
        const { id: _id, ...rest } = compute;
        f.add({
          ...rest,
          pricingCategory: 'Standard',
          commitmentId: null,
          commitmentName: null,
          commitmentType: null,
          commitmentCategory: null,
          commitmentStatus: null,
          effectiveUnitPrice: compute.listUnitPrice,
          billedUnitPrice: compute.listUnitPrice,
          anomalyEligible: true,
          startDay: end,
          endDay: dayCount,
          skuPriceId: '',
        });
      }
      covered.set(cover.id, [...(covered.get(cover.id) ?? []), compute]);
    }
  }
  buildGpuFleet(ctx, f);
  addCommitmentFee(ctx, f, sp, covered.get(sp.id) ?? [], {
    startDay: 0,
    endDay: dayCount,
    headroom: '1.04',
    account: 'fernhill-shared',
    instanceType: null,
  });
  addCommitmentFee(ctx, f, riMid, covered.get(riMid.id) ?? [], {
    startDay: 0,
    endDay: riMidEnd,
    headroom: '1',
    account: 'fernhill-data',
    instanceType: 'r5.4xlarge',
  });
  addCommitmentFee(ctx, f, riExpiring, covered.get(riExpiring.id) ?? [], {
    startDay: 0,
    endDay: dayCount,
    headroom: '1',
    account: 'fernhill-prod',
    instanceType: 'c6i.2xlarge',
  });
  ctx.inventory.events.push({
    date: ctx.cal.days[riMidEnd]!,
    kind: 'commitment_expiry',
    description: `${riMid.name} expired; its ${covered.get(riMid.id)?.length ?? 0} instances now run on demand`,
    scope: { commitment_discount: riMid.id },
  });
  const termEndMs = Date.parse(`${ctx.cal.endDate}T00:00:00Z`) + 20 * 86_400_000;
  return {
    expiringRi: {
      ...riExpiring,
      instanceType: 'c6i.2xlarge',
      covered: covered.get(riExpiring.id) ?? [],
      termEnd: new Date(termEndMs).toISOString().slice(0, 10),
    },
  };
}

/** The ML team's GPU hosts: a saturated trainer, bursty and idle inference boxes, a MIG host. */
function buildGpuFleet(ctx: BuildContext, f: ItemFactory): void {
  const account = awsAccount(ctx, 'fernhill-ml');
  const hosts: [string, string, GpuBehaviour][] = [
    ['training', 'p5.48xlarge', 'saturated'],
    ['recommender', 'g5.12xlarge', 'bursty'],
    ['recommender', 'g5.12xlarge', 'bursty'],
    ['assistant', 'g6.xlarge', 'idle'],
    ['assistant', 'g6.xlarge', 'idle'],
    ['assistant', 'p5.4xlarge', 'mig'],
  ];
  for (const [app, type, behaviour] of hosts) {
    const t = ec2Type(type);
    const { instance } = addEc2Instance(ctx, f, {
      account,
      app,
      env: 'prod',
      type,
      profile: 'always',
      pricing: 'od',
      startDay: 0,
      endDay: ctx.cal.days.length,
      volumeGb: 1000,
      utilization: behaviour === 'idle' ? 'idle' : 'gpu',
    });
    ctx.inventory.gpuHosts.push({
      resourceId: instance.resourceId,
      hostname: `ip-10-42-${ctx.rnd.int(0, 255)}-${ctx.rnd.int(1, 254)}.ec2.internal`,
      type,
      gpuCount: t.gpuCount,
      gpuModel: t.gpuModel ?? 'NVIDIA GPU',
      behaviour,
      team: instance.team,
      app,
    });
  }
}

/** The commitment's daily recurring fee and its record for Unused rows. */
function addCommitmentFee(
  ctx: BuildContext,
  f: ItemFactory,
  cover: CoverInfo,
  coveredItems: readonly LineItem[],
  o: {
    startDay: number;
    endDay: number;
    headroom: string;
    account: string;
    instanceType: string | null;
  },
): void {
  if (coveredItems.length === 0) return;
  const hourly = decMul(
    decAdd(
      coveredItems.map((c) => c.effectiveUnitPrice),
      10,
    ),
    o.headroom,
    3,
  );
  const account = awsAccount(ctx, o.account);
  const fee = f.add({
    subAccountId: account.id,
    subAccountName: account.name,
    regionId: cover.type === 'Reserved Instance' ? 'us-east-1' : null,
    regionName: cover.type === 'Reserved Instance' ? 'US East (N. Virginia)' : null,
    serviceName:
      cover.type === 'Savings Plan'
        ? 'Savings Plans for AWS Compute usage'
        : 'Amazon Elastic Compute Cloud',
    serviceCategory: 'Compute',
    serviceCode: cover.type === 'Savings Plan' ? 'ComputeSavingsPlans' : 'AmazonEC2',
    resourceId: cover.id,
    resourceType: cover.type,
    usageType: o.instanceType ? `HeavyUsage:${o.instanceType}` : 'ComputeSP:1yrNoUpfront',
    operation: cover.type === 'Savings Plan' ? '' : 'RunInstances',
    chargeDescription: `${cover.name} recurring fee, $${hourly} per hour`,
    consumedUnit: 'Hours',
    pricingUnit: 'Hours',
    listUnitPrice: hourly,
    effectiveUnitPrice: '0',
    billedUnitPrice: hourly,
    pricingCategory: null,
    commitmentId: cover.id,
    commitmentName: cover.name,
    commitmentType: cover.type,
    commitmentCategory: cover.category,
    chargeCategory: 'Purchase',
    chargeFrequency: 'Recurring',
    usageKind: 'fee',
    baseQty: 24,
    qtyDecimals: 0,
    profile: 'flat',
    anomalyEligible: false,
    startDay: o.startDay,
    endDay: o.endDay,
    team: 'platform',
    app: 'shared',
    env: 'shared',
    tags: null,
  });
  ctx.inventory.commitments.push({
    id: cover.id,
    dailyAmountUsd: decMul(hourly, 24, 10),
    startDay: o.startDay,
    endDay: o.endDay,
    templateItemId: fee.id,
  });
}
