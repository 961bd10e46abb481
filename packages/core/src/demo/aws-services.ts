/**
 * AWS beyond EC2 instances: RDS (with an all-upfront reservation bought in month 3), S3, Lambda,
 * Bedrock (per app inference profile), SageMaker, CloudWatch, EKS control planes, NAT gateways,
 * data transfer, EBS snapshots, a Marketplace subscription and promotional credits. Support fees
 * and tax are derived from the month's usage in the store (expand-cost-rows.ts).
 */
import { tagsFor } from './company-model.ts';
import { decMul } from './decimal-text.ts';
import { awsAccount, awsFactory, awsRegion, teamOf } from './aws-factory.ts';
import { scaled } from './item-factory.ts';
import type { BuildContext, ItemFactory } from './item-factory.ts';
import {
  AWS_PRICES,
  COMMITMENT_RATES,
  LLM_PRICES,
  RDS_PRICES,
  SAGEMAKER_PRICES,
} from './price-book.ts';
import type { ProfileId } from './cost-profiles.ts';

function owner(ctx: BuildContext, accountName: string, app: string, env: string) {
  const account = awsAccount(ctx, accountName);
  const team = teamOf(ctx, app);
  return {
    account,
    fields: {
      subAccountId: account.id,
      subAccountName: account.name,
      team,
      app,
      env,
      tags: tagsFor(ctx.rnd, account, { team, app, env }),
    },
  };
}

export function buildAwsServices(ctx: BuildContext): void {
  const f = awsFactory(ctx);
  buildRds(ctx, f);
  buildS3(ctx, f);
  buildLambda(ctx, f);
  buildBedrock(ctx, f);
  buildSageMaker(ctx, f);
  buildOps(ctx, f);
  buildMarketplaceAndCredits(ctx, f);
}

function buildRds(ctx: BuildContext, f: ItemFactory): void {
  const rnd = ctx.rnd;
  const days = ctx.cal.days.length;
  const dbs: [string, string, string, string, number][] = [
    ['checkout-api', 'fernhill-prod', 'prod', 'db.r6g.xlarge', 4],
    ['payments', 'fernhill-prod', 'prod', 'db.r6g.2xlarge', 2],
    ['search-api', 'fernhill-prod', 'prod', 'db.r6g.large', 6],
    ['warehouse', 'fernhill-data', 'prod', 'db.r6g.2xlarge', 4],
    ['etl', 'fernhill-data', 'prod', 'db.m6g.large', 8],
    ['checkout-api', 'fernhill-staging', 'staging', 'db.m6g.large', 10],
    ['search-api', 'fernhill-dev', 'dev', 'db.t4g.medium', 30],
    ['email', 'fernhill-shared', 'prod', 'db.t4g.medium', 6],
    ['marketing-site', 'fernhill-legacy', 'prod', 'db.m6g.large', 10],
  ];
  const purchaseDay = (ctx.cal.months[2]?.firstDay ?? 0) + 9;
  const payer = ctx.company.aws.billingAccountId;
  const riId = `arn:aws:rds:us-east-1:${payer}:ri:fernhill-rds-r6g-2xl-${rnd.hex(8)}`;
  const riRate = decMul(
    RDS_PRICES['db.r6g.2xlarge']!,
    COMMITMENT_RATES.rdsReserved1yrAllUpfront,
    6,
  );
  let coveredCount = 0;
  for (const [app, acct, env, cls, count] of dbs) {
    for (let i = 0; i < scaled(ctx, count); i++) {
      const o = owner(ctx, acct, app, env);
      const name = `${app}-${env}-${rnd.hex(4)}`;
      const arn = `arn:aws:rds:us-east-1:${o.account.id}:db:${name}`;
      const region = awsRegion('us-east-1');
      const base = {
        ...o.fields,
        regionId: region.regionId,
        regionName: region.regionName,
        availabilityZone: region.availabilityZone,
        serviceName: 'Amazon Relational Database Service',
        serviceCategory: 'Databases',
        serviceCode: 'AmazonRDS',
        resourceId: arn,
        resourceName: name,
        resourceType: 'DB Instance',
      };
      const price = RDS_PRICES[cls]!;
      const inst = {
        ...base,
        usageType: `InstanceUsage:${cls}`,
        operation: 'CreateDBInstance:0014',
        chargeDescription: `$${price} per ${cls} instance hour (or partial hour) running PostgreSQL`,
        consumedUnit: 'Hours',
        pricingUnit: 'Hours',
        listUnitPrice: price,
        usageKind: 'instance-hours' as const,
        baseQty: 24,
        maxQty: 24,
        qtyDecimals: 4,
        profile: 'always' as ProfileId,
      };
      const cover = cls === 'db.r6g.2xlarge' && env === 'prod' && coveredCount < 4;
      if (cover) {
        coveredCount++;
        f.add({ ...inst, endDay: purchaseDay });
        f.add({
          ...inst,
          startDay: purchaseDay,
          pricingCategory: 'Committed',
          commitmentId: riId,
          commitmentName: 'db.r6g.2xlarge PostgreSQL 1yr All Upfront',
          commitmentType: 'Reserved Instance',
          commitmentCategory: 'Usage',
          commitmentStatus: 'Used',
          effectiveUnitPrice: riRate,
          billedUnitPrice: '0',
          anomalyEligible: false,
        });
      } else {
        f.add(inst);
      }
      f.add({
        ...base,
        usageType: 'RDS:GP3-Storage',
        operation: 'CreateDBInstance:0014',
        chargeDescription: `$${AWS_PRICES.rdsGp3GbMonth} per GB-month of provisioned gp3 storage running PostgreSQL`,
        consumedUnit: 'GB-Mo',
        pricingUnit: 'GB-Mo',
        listUnitPrice: AWS_PRICES.rdsGp3GbMonth,
        usageKind: 'storage',
        baseQty: (rnd.pick([100, 200, 500, 1000]) * 24) / 730,
        profile: 'storage',
        startDay: 0,
        endDay: days,
      });
    }
  }
  if (coveredCount === 0) return;
  const upfront = decMul(riRate, 8760 * coveredCount, 2);
  const shared = awsAccount(ctx, 'fernhill-shared');
  const purchase = f.add({
    subAccountId: shared.id,
    subAccountName: shared.name,
    regionId: 'us-east-1',
    regionName: 'US East (N. Virginia)',
    serviceName: 'Amazon Relational Database Service',
    serviceCategory: 'Databases',
    serviceCode: 'AmazonRDS',
    resourceId: riId,
    resourceType: 'Reserved Instance',
    usageType: 'HeavyUsage:db.r6g.2xlarge',
    operation: 'CreateDBInstance:0014',
    chargeDescription: `Upfront fee for ${coveredCount} db.r6g.2xlarge PostgreSQL reserved instances (1yr, All Upfront)`,
    consumedUnit: 'Count',
    pricingUnit: 'Count',
    listUnitPrice: decMul(riRate, 8760, 6),
    effectiveUnitPrice: '0',
    billedUnitPrice: decMul(riRate, 8760, 6),
    pricingCategory: null,
    commitmentId: riId,
    commitmentName: 'db.r6g.2xlarge PostgreSQL 1yr All Upfront',
    commitmentType: 'Reserved Instance',
    commitmentCategory: 'Usage',
    chargeCategory: 'Purchase',
    chargeFrequency: 'One-Time',
    cadence: 'once',
    usageKind: 'fee',
    baseQty: coveredCount,
    qtyDecimals: 0,
    profile: 'flat',
    anomalyEligible: false,
    startDay: purchaseDay,
    endDay: purchaseDay + 1,
    team: 'platform',
    app: 'shared',
    env: 'shared',
    tags: null,
  });
  ctx.inventory.commitments.push({
    id: riId,
    dailyAmountUsd: decMul(riRate, 24 * coveredCount, 10),
    startDay: purchaseDay,
    endDay: days,
    templateItemId: purchase.id,
  });
  ctx.inventory.events.push({
    date: ctx.cal.days[purchaseDay]!,
    kind: 'commitment_purchase',
    description: `bought ${coveredCount} db.r6g.2xlarge RDS reserved instances, 1yr All Upfront ($${upfront})`,
    scope: { commitment_discount: riId },
  });
}

function buildS3(ctx: BuildContext, f: ItemFactory): void {
  const rnd = ctx.rnd;
  const buckets: [string, string, string, number, number][] = [
    ['warehouse', 'fernhill-data', 'prod', 40, 30000],
    ['etl', 'fernhill-data', 'prod', 40, 8000],
    ['search-api', 'fernhill-prod', 'prod', 30, 2000],
    ['checkout-api', 'fernhill-prod', 'prod', 20, 800],
    ['k8s-shared', 'fernhill-prod', 'prod', 20, 1500],
    ['observability', 'fernhill-shared', 'prod', 30, 6000],
    ['marketing-site', 'fernhill-legacy', 'prod', 30, 400],
    ['recommender', 'fernhill-ml', 'prod', 20, 5000],
    ['search-api', 'fernhill-dev', 'dev', 40, 100],
  ];
  for (const [app, acct, env, count, gbMean] of buckets) {
    for (let i = 0; i < scaled(ctx, count); i++) {
      const o = owner(ctx, acct, app, env);
      const regionId = rnd.weighted([
        ['us-east-1', 7],
        ['us-west-2', 2],
        ['eu-west-1', 1],
      ] as const);
      const region = awsRegion(regionId, false);
      const bucket = `fernhill-${app}-${env}-${rnd.hex(6)}`;
      const base = {
        ...o.fields,
        regionId,
        regionName: region.regionName,
        serviceName: 'Amazon Simple Storage Service',
        serviceCategory: 'Storage',
        serviceCode: 'AmazonS3',
        resourceId: bucket,
        resourceName: bucket,
        resourceType: 'Bucket',
      };
      const gb = gbMean * rnd.range(0.2, 1.8);
      f.add({
        ...base,
        usageType: `${region.prefix}TimedStorage-ByteHrs`,
        operation: 'StandardStorage',
        chargeDescription: `$${AWS_PRICES.s3StandardGbMonth} per GB - first 50 TB / month of storage used`,
        consumedUnit: 'GB-Mo',
        pricingUnit: 'GB-Mo',
        listUnitPrice: AWS_PRICES.s3StandardGbMonth,
        usageKind: 'storage',
        baseQty: gb / 30.4375,
        profile: 'storage',
        noise: 0.01,
      });
      const requestProfile: ProfileId =
        env === 'dev' ? 'internal' : app === 'warehouse' || app === 'etl' ? 'batch' : 'web';
      f.add({
        ...base,
        usageType: `${region.prefix}Requests-Tier1`,
        operation: 'PutObject',
        chargeDescription: '$0.005 per 1,000 PUT, COPY, POST, or LIST requests',
        consumedUnit: 'Requests',
        pricingUnit: 'Requests',
        listUnitPrice: AWS_PRICES.s3Tier1Request,
        usageKind: 'requests',
        baseQty: Math.round(gb * rnd.range(50, 400)),
        qtyDecimals: 0,
        profile: requestProfile,
        noise: 0.15,
      });
      f.add({
        ...base,
        usageType: `${region.prefix}Requests-Tier2`,
        operation: 'GetObject',
        chargeDescription: '$0.0004 per 1,000 GET and all other requests',
        consumedUnit: 'Requests',
        pricingUnit: 'Requests',
        listUnitPrice: AWS_PRICES.s3Tier2Request,
        usageKind: 'requests',
        baseQty: Math.round(gb * rnd.range(500, 4000)),
        qtyDecimals: 0,
        profile: requestProfile,
        noise: 0.2,
      });
    }
  }
}

function buildLambda(ctx: BuildContext, f: ItemFactory): void {
  const rnd = ctx.rnd;
  const fns: [string, string, string, number][] = [
    ['checkout-api', 'fernhill-prod', 'prod', 40],
    ['search-api', 'fernhill-prod', 'prod', 30],
    ['etl', 'fernhill-data', 'prod', 50],
    ['email', 'fernhill-shared', 'prod', 20],
    ['mobile-bff', 'fernhill-prod', 'prod', 30],
    ['checkout-api', 'fernhill-dev', 'dev', 30],
  ];
  for (const [app, acct, env, count] of fns) {
    for (let i = 0; i < scaled(ctx, count); i++) {
      const o = owner(ctx, acct, app, env);
      const name = `${app}-${rnd.pick(['handler', 'worker', 'webhook', 'cron', 'resize', 'sync'])}-${rnd.hex(4)}`;
      const arn = `arn:aws:lambda:us-east-1:${o.account.id}:function:${name}`;
      const requests = Math.round(rnd.range(2_000, 400_000));
      const profile: ProfileId = app === 'etl' ? 'batch' : env === 'dev' ? 'internal' : 'web';
      const base = {
        ...o.fields,
        regionId: 'us-east-1',
        regionName: 'US East (N. Virginia)',
        serviceName: 'AWS Lambda',
        serviceCategory: 'Compute',
        serviceCode: 'AWSLambda',
        resourceId: arn,
        resourceName: name,
        resourceType: 'Function',
        profile,
        noise: 0.12,
      };
      f.add({
        ...base,
        usageType: 'Lambda-GB-Second',
        operation: 'Invoke',
        chargeDescription: 'AWS Lambda - Total Compute - US East (Northern Virginia)',
        consumedUnit: 'Lambda-GB-Second',
        pricingUnit: 'Lambda-GB-Second',
        listUnitPrice: AWS_PRICES.lambdaGbSecond,
        usageKind: 'compute',
        baseQty: requests * rnd.range(0.05, 2.5),
        qtyDecimals: 3,
      });
      f.add({
        ...base,
        usageType: 'Request',
        operation: 'Invoke',
        chargeDescription: 'AWS Lambda - Total Requests - US East (Northern Virginia)',
        consumedUnit: 'Requests',
        pricingUnit: 'Requests',
        listUnitPrice: AWS_PRICES.lambdaRequest,
        usageKind: 'requests',
        baseQty: requests,
        qtyDecimals: 0,
      });
    }
  }
}

function buildBedrock(ctx: BuildContext, f: ItemFactory): void {
  const rnd = ctx.rnd;
  const uses: [string, number, number, string][] = [
    // app, model index, input tokens/day at start, feature
    ['assistant', 0, 4_000_000, 'chat'],
    ['assistant', 1, 9_000_000, 'summarize'],
    ['recommender', 2, 20_000_000, 'rerank'],
    ['search-api', 1, 6_000_000, 'query-rewrite'],
  ];
  const launch = ctx.cal.months[3]?.firstDay ?? 0;
  for (const [i, [app, modelIndex, inputPerDay, feature]] of uses.entries()) {
    const model = LLM_PRICES.bedrock[modelIndex]!;
    const o = owner(ctx, 'fernhill-ml', app, 'prod');
    const profileArn = `arn:aws:bedrock:us-east-1:${o.account.id}:application-inference-profile/${rnd.hex(12)}`;
    const tags = JSON.stringify({ team: o.fields.team, app, environment: 'prod', feature });
    // The search team's query rewriting launched in month 4: a launch, not an anomaly.
    const startDay = app === 'search-api' ? launch : 0;
    if (startDay > 0) {
      ctx.inventory.events.push({
        date: ctx.cal.days[startDay]!,
        kind: 'launch',
        description: `search-api query rewriting on ${model.label} launched`,
        scope: { service: 'Amazon Bedrock', 'tag:app': 'search-api' },
      });
    }
    for (const dir of ['input', 'output'] as const) {
      f.add({
        ...o.fields,
        tags,
        regionId: 'us-east-1',
        regionName: 'US East (N. Virginia)',
        serviceName: 'Amazon Bedrock',
        serviceCategory: 'AI and Machine Learning',
        serviceCode: 'AmazonBedrock',
        resourceId: profileArn,
        resourceName: `${app}-${feature}`,
        resourceType: 'Inference Profile',
        usageType: `USE1-${model.label.replaceAll(' ', '')}-${dir}-tokens`,
        operation: 'InvokeModelInference',
        chargeDescription: `${model.label} ${dir} tokens (${model.model})`,
        consumedUnit: 'Tokens',
        pricingUnit: 'Tokens',
        listUnitPrice: dir === 'input' ? model.input : model.output,
        usageKind: 'tokens',
        baseQty: Math.round(dir === 'input' ? inputPerDay : inputPerDay * 0.18),
        qtyDecimals: 0,
        profile: 'ai',
        noise: 0.1 + i * 0.01,
        startDay,
      });
    }
  }
}

function buildSageMaker(ctx: BuildContext, f: ItemFactory): void {
  const rnd = ctx.rnd;
  const items: [string, string, string, number, ProfileId, string][] = [
    ['recommender', 'Host', 'ml.g5.xlarge', 4, 'always', 'Endpoint'],
    ['recommender', 'Notebk', 'ml.t3.medium', 10, 'office', 'Notebook'],
    ['training', 'Train', 'ml.p4d.24xlarge', 1, 'weekday', 'Training job'],
    ['assistant', 'Host', 'ml.m5.xlarge', 3, 'always', 'Endpoint'],
  ];
  for (const [app, op, cls, count, profile, kind] of items) {
    for (let i = 0; i < scaled(ctx, count); i++) {
      const o = owner(ctx, 'fernhill-ml', app, 'prod');
      const name = `${app}-${kind.toLowerCase().replace(' ', '-')}-${rnd.hex(4)}`;
      const price = SAGEMAKER_PRICES[cls]!;
      f.add({
        ...o.fields,
        regionId: 'us-east-1',
        regionName: 'US East (N. Virginia)',
        serviceName: 'Amazon SageMaker',
        serviceCategory: 'AI and Machine Learning',
        serviceCode: 'AmazonSageMaker',
        resourceId: `arn:aws:sagemaker:us-east-1:${o.account.id}:${kind === 'Endpoint' ? 'endpoint' : kind === 'Notebook' ? 'notebook-instance' : 'training-job'}/${name}`,
        resourceName: name,
        resourceType: kind,
        usageType: `USE1-${op}:${cls}`,
        operation:
          op === 'Host' ? 'RunInstance' : op === 'Train' ? 'CreateTrainingJob' : 'RunInstance',
        chargeDescription: `$${price} per ${kind} ${cls} hour in US East (N. Virginia)`,
        consumedUnit: 'Hrs',
        pricingUnit: 'Hrs',
        listUnitPrice: price,
        usageKind: 'instance-hours',
        baseQty: op === 'Train' ? 10 : 24,
        maxQty: 24,
        qtyDecimals: 4,
        profile,
        noise: op === 'Train' ? 0.5 : 0,
      });
    }
  }
}

function buildOps(ctx: BuildContext, f: ItemFactory): void {
  const rnd = ctx.rnd;
  const days = ctx.cal.days.length;
  const apps: [string, string, string][] = [
    ['search-api', 'fernhill-prod', 'prod'],
    ['checkout-api', 'fernhill-prod', 'prod'],
    ['k8s-shared', 'fernhill-prod', 'prod'],
    ['etl', 'fernhill-data', 'prod'],
    ['warehouse', 'fernhill-data', 'prod'],
    ['observability', 'fernhill-shared', 'prod'],
    ['search-api', 'fernhill-staging', 'staging'],
    ['recommender', 'fernhill-ml', 'prod'],
  ];
  for (const [app, acct, env] of apps) {
    const o = owner(ctx, acct, app, env);
    const profile: ProfileId = env === 'prod' ? 'web' : 'internal';
    const logGroup = `arn:aws:logs:us-east-1:${o.account.id}:log-group:/fernhill/${app}`;
    f.add({
      ...o.fields,
      regionId: 'us-east-1',
      regionName: 'US East (N. Virginia)',
      serviceName: 'AmazonCloudWatch',
      serviceCategory: 'Management and Governance',
      serviceCode: 'AmazonCloudWatch',
      resourceId: logGroup,
      resourceName: `/fernhill/${app}`,
      resourceType: 'Log Group',
      usageType: 'DataProcessing-Bytes',
      operation: 'PutLogEvents',
      chargeDescription: '$0.50 per GB custom log data ingested',
      consumedUnit: 'GB',
      pricingUnit: 'GB',
      listUnitPrice: AWS_PRICES.cloudWatchLogsIngestGb,
      usageKind: 'transfer',
      baseQty: rnd.range(5, 120) * ctx.scale + 1,
      profile,
      noise: 0.1,
    });
    const nat = `arn:aws:ec2:us-east-1:${o.account.id}:natgateway/nat-0${rnd.hex(16)}`;
    const natBase = {
      ...o.fields,
      regionId: 'us-east-1',
      regionName: 'US East (N. Virginia)',
      serviceName: 'Amazon Elastic Compute Cloud',
      serviceCategory: 'Networking',
      serviceCode: 'AmazonEC2',
      resourceId: nat,
      resourceType: 'NAT Gateway',
      operation: 'NatGateway',
      consumedUnit: 'Hrs',
      pricingUnit: 'Hrs',
    };
    f.add({
      ...natBase,
      usageType: 'NatGateway-Hours',
      chargeDescription: '$0.045 per NAT Gateway Hour',
      listUnitPrice: AWS_PRICES.natGatewayHour,
      usageKind: 'instance-hours',
      baseQty: 24,
      maxQty: 24,
      qtyDecimals: 0,
      profile: 'always',
    });
    f.add({
      ...natBase,
      consumedUnit: 'GB',
      pricingUnit: 'GB',
      usageType: 'NatGateway-Bytes',
      chargeDescription: '$0.045 per GB Data Processed by NAT Gateways',
      listUnitPrice: AWS_PRICES.natGatewayGb,
      usageKind: 'transfer',
      baseQty: rnd.range(50, 600) * Math.max(ctx.scale, 0.1),
      profile,
      noise: 0.12,
    });
    // Data transfer has no resource to carry tags: it lands unallocated, as in real bills.
    f.add({
      ...o.fields,
      tags: null,
      regionId: 'us-east-1',
      regionName: 'US East (N. Virginia)',
      serviceName: 'AWS Data Transfer',
      serviceCategory: 'Networking',
      serviceCode: 'AWSDataTransfer',
      usageType: 'DataTransfer-Out-Bytes',
      operation: '',
      chargeDescription:
        '$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier',
      consumedUnit: 'GB',
      pricingUnit: 'GB',
      listUnitPrice: AWS_PRICES.dataTransferOutGb,
      usageKind: 'transfer',
      baseQty: rnd.range(100, 1500) * Math.max(ctx.scale, 0.1),
      profile,
      noise: 0.1,
    });
    if (env === 'prod' && (app === 'k8s-shared' || app === 'etl')) {
      f.add({
        ...o.fields,
        tags: tagsFor(
          rnd,
          o.account,
          { team: 'platform', app: 'k8s-shared', env },
          { forceTagged: true },
        ),
        team: 'platform',
        app: 'k8s-shared',
        regionId: 'us-east-1',
        regionName: 'US East (N. Virginia)',
        serviceName: 'Amazon Elastic Container Service for Kubernetes',
        serviceCategory: 'Compute',
        serviceCode: 'AmazonEKS',
        resourceId: `arn:aws:eks:us-east-1:${o.account.id}:cluster/fernhill-${app}`,
        resourceName: `fernhill-${app}`,
        resourceType: 'Cluster',
        usageType: 'USE1-AmazonEKS-Hours:perCluster',
        operation: 'CreateOperation',
        chargeDescription: '$0.10 per hour per Amazon EKS cluster',
        consumedUnit: 'Hours',
        pricingUnit: 'Hours',
        listUnitPrice: AWS_PRICES.eksClusterHour,
        usageKind: 'instance-hours',
        baseQty: 24,
        maxQty: 24,
        qtyDecimals: 0,
        profile: 'always',
      });
    }
  }
  // Snapshots: daily backups kept for a while, growing with the estate.
  for (let i = 0; i < scaled(ctx, 150); i++) {
    const acct = rnd.pick(['fernhill-prod', 'fernhill-data', 'fernhill-shared']);
    const o = owner(
      ctx,
      acct,
      rnd.pick(['checkout-api', 'search-api', 'warehouse', 'observability']),
      'prod',
    );
    // Rolling backups: each snapshot lives 30–120 days, so none is older than a year.
    const start = rnd.int(0, days - 10);
    f.add({
      ...o.fields,
      regionId: 'us-east-1',
      regionName: 'US East (N. Virginia)',
      serviceName: 'Amazon Elastic Compute Cloud',
      serviceCategory: 'Storage',
      serviceCode: 'AmazonEC2',
      resourceId: `arn:aws:ec2:us-east-1:${o.account.id}:snapshot/snap-0${rnd.hex(16)}`,
      resourceType: 'Snapshot',
      usageType: 'EBS:SnapshotUsage',
      operation: 'CreateSnapshot',
      chargeDescription: '$0.05 per GB-Month of snapshot data stored - US East (Northern Virginia)',
      consumedUnit: 'GB-Mo',
      pricingUnit: 'GB-Mo',
      listUnitPrice: AWS_PRICES.ebsSnapshotGbMonth,
      usageKind: 'storage',
      baseQty: (rnd.pick([20, 50, 100, 250]) * 24) / 730,
      profile: 'storage',
      startDay: start,
      endDay: Math.min(days, start + rnd.int(30, 120)),
    });
  }
}

function buildMarketplaceAndCredits(ctx: BuildContext, f: ItemFactory): void {
  const shared = awsAccount(ctx, 'fernhill-shared');
  f.add({
    subAccountId: shared.id,
    subAccountName: shared.name,
    publisherName: 'Observa Inc.',
    serviceName: 'Observa Cloud Monitoring',
    serviceCategory: 'Management and Governance',
    serviceCode: 'prod-observa-7x2k',
    resourceId: null,
    usageType: 'Observa-HostMonth',
    operation: 'Subscription',
    chargeDescription: 'Observa Cloud Monitoring - per monitored host-month (AWS Marketplace)',
    consumedUnit: 'Hosts',
    pricingUnit: 'Hosts',
    listUnitPrice: '23.00',
    cadence: 'monthly',
    usageKind: 'fee',
    baseQty: Math.max(5, Math.round(320 * ctx.scale)),
    qtyDecimals: 0,
    profile: 'storage',
    team: 'platform',
    app: 'observability',
    env: 'prod',
    tags: null,
  });
  // Migration credits for the first six months.
  f.add({
    subAccountId: shared.id,
    subAccountName: shared.name,
    serviceName: 'AWS Credits',
    serviceCategory: 'Other',
    serviceCode: 'AWSCredits',
    usageType: 'Credit',
    operation: '',
    chargeDescription: 'AWS Migration Acceleration Program credit',
    listUnitPrice: '0',
    effectiveUnitPrice: decMul('-4000', ctx.scale, 2),
    billedUnitPrice: decMul('-4000', ctx.scale, 2),
    pricingCategory: null,
    chargeCategory: 'Credit',
    chargeFrequency: 'Recurring',
    cadence: 'monthly',
    usageKind: 'credit',
    baseQty: 1,
    qtyDecimals: 0,
    profile: 'flat',
    anomalyEligible: false,
    startDay: 0,
    endDay: ctx.cal.months[6]?.firstDay ?? 1,
    team: 'platform',
    app: 'shared',
    env: 'shared',
    tags: null,
  });
}
