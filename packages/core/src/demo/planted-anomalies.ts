/**
 * Planted anomalies: spikes, drops and level shifts on a scope named the way the semantic layer
 * names dimensions (`service`, `sub_account`, `resource_id`, `tag:team`, …). An anomaly either
 * scales the usage of every eligible item in its scope for its days, or adds items that exist only
 * because of it (a runaway auto-scaling group, a forgotten training job). Storage and
 * commitment-covered rows are never scaled. None starts in the first two months; several fall in
 * the last 30 days. Impact is measured later in the store, from the rows themselves.
 */
import { ec2Type } from './ec2-catalog.ts';
import type { BuildContext } from './item-factory.ts';
import { awsAccount, awsFactory } from './aws-factory.ts';
import { addEc2Instance } from './aws-compute.ts';
import type { LineItem } from './line-item.ts';
import { SAGEMAKER_PRICES } from './price-book.ts';

export type AnomalyKind = 'spike' | 'drop' | 'level_shift';
export type Scope = Record<string, string>;

export interface PlantedAnomaly {
  id: number;
  kind: AnomalyKind;
  scope: Scope;
  startDay: number;
  /** Exclusive. */
  endDay: number;
  /** Usage multiplier for scaled anomalies; null when the anomaly adds items. */
  factor: number | null;
  description: string;
}

/** One row of `demo_anomaly_li`: which item an anomaly scales, when, by how much. */
export interface AnomalyAssignment {
  itemId: number;
  anomalyId: number;
  startDay: number;
  endDay: number;
  factor: number;
}

/** Whether an item belongs to a scope, with the semantic layer's meaning of each dimension. */
export function inScope(li: LineItem, scope: Scope): boolean {
  for (const [dim, value] of Object.entries(scope)) {
    if (dim.startsWith('tag:')) {
      const key = dim.slice(4).toLowerCase();
      const tags = li.tags ? (JSON.parse(li.tags) as Record<string, string>) : {};
      const hit = Object.entries(tags).find(([k]) => k.toLowerCase() === key);
      if (!hit || hit[1] !== value) return false;
      continue;
    }
    const actual = {
      provider: li.providerName,
      service: li.serviceName,
      sub_account: li.subAccountId,
      billing_account: li.billingAccountId,
      region: li.regionId,
      resource_id: li.resourceId,
    }[dim];
    if (actual !== value) return false;
  }
  return true;
}

const scalable = (li: LineItem) =>
  li.anomalyEligible &&
  li.chargeCategory === 'Usage' &&
  li.usageKind !== 'storage' &&
  li.anomalyOnly === null;

interface Template {
  kind: AnomalyKind;
  recent: boolean;
  days: [number, number];
  factor: [number, number];
  description: string;
  scope: (ctx: BuildContext) => Scope | null;
  /** Adds the anomaly's own items instead of scaling (returns how many were added). */
  extra?: (ctx: BuildContext, anomalyId: number, startDay: number, endDay: number) => number;
}

/** The biggest scalable item matching `pred`, by base daily list cost. */
function topItem(ctx: BuildContext, pred: (li: LineItem) => boolean): LineItem | undefined {
  return ctx.book.items
    .filter((li) => scalable(li) && pred(li))
    .sort(
      (a, b) =>
        b.baseQty * Number(b.listUnitPrice) - a.baseQty * Number(a.listUnitPrice) || a.id - b.id,
    )[0];
}

const acct = (ctx: BuildContext, name: string) => awsAccount(ctx, name).id;
const azureSub = (ctx: BuildContext, name: string) =>
  ctx.company.azure.accounts.find((a) => a.name === name)!.id;
const gcpProject = (ctx: BuildContext, name: string) =>
  ctx.company.gcp.accounts.find((a) => a.name === name)!.id;
const byResource = (li: LineItem | undefined): Scope | null =>
  li?.resourceId ? { service: li.serviceName, resource_id: li.resourceId } : null;

const TEMPLATES: readonly Template[] = [
  {
    kind: 'spike',
    recent: false,
    days: [2, 2],
    factor: [7, 9],
    description: 'a Lambda function retried failing events in a loop',
    scope: (c) => byResource(topItem(c, (l) => l.serviceName === 'AWS Lambda' && l.env === 'prod')),
  },
  {
    kind: 'spike',
    recent: false,
    days: [1, 1],
    factor: [4, 5],
    description: 'an unpartitioned BigQuery query scanned whole tables',
    scope: () => ({ service: 'BigQuery', 'tag:team': 'data' }),
  },
  {
    kind: 'spike',
    recent: false,
    days: [3, 3],
    factor: [4, 6],
    description: 'a backfill copied data out of the region',
    scope: (c) => ({ sub_account: acct(c, 'fernhill-prod'), service: 'AWS Data Transfer' }),
  },
  {
    kind: 'level_shift',
    recent: false,
    days: [0, 0],
    factor: [1.8, 2.0],
    description: 'the assistant switched its summaries to a bigger model',
    scope: (c) =>
      byResource(topItem(c, (l) => l.serviceName === 'Amazon Bedrock' && l.app === 'assistant')),
  },
  {
    kind: 'spike',
    recent: true,
    days: [2, 2],
    factor: [3.2, 3.8],
    description: 'a prompt change tripled Azure OpenAI tokens',
    scope: (c) =>
      byResource(topItem(c, (l) => l.serviceName === 'Azure OpenAI' && l.app === 'assistant')),
  },
  {
    kind: 'drop',
    recent: false,
    days: [2, 2],
    factor: [0.08, 0.12],
    description: 'the ETL pipeline stalled',
    scope: (c) => ({ sub_account: acct(c, 'fernhill-data'), service: 'AWS Lambda' }),
  },
  {
    kind: 'spike',
    recent: false,
    days: [4, 4],
    factor: [1, 1],
    description: 'a staging auto-scaling group ran away',
    scope: (c) => ({
      sub_account: acct(c, 'fernhill-staging'),
      service: 'Amazon Elastic Compute Cloud',
    }),
    extra: (c, id, s, e) =>
      extraInstances(c, id, s, e, 'fernhill-staging', 'search-api', 'c6i.4xlarge', 15),
  },
  {
    kind: 'spike',
    recent: true,
    days: [2, 2],
    factor: [2.8, 3.2],
    description: 'a batch re-embedding job ran on Vertex AI',
    scope: () => ({ service: 'Vertex AI', 'tag:team': 'ml' }),
  },
  {
    kind: 'level_shift',
    recent: false,
    days: [0, 0],
    factor: [2.8, 3.2],
    description: 'debug logging was left on',
    scope: (c) =>
      byResource(topItem(c, (l) => l.serviceName === 'AmazonCloudWatch' && l.app === 'search-api')),
  },
  {
    kind: 'spike',
    recent: false,
    days: [1, 1],
    factor: [5, 7],
    description: 'a NAT gateway carried an image pull storm',
    scope: (c) =>
      byResource(
        topItem(
          c,
          (l) =>
            l.resourceType === 'NAT Gateway' &&
            l.usageKind === 'transfer' &&
            l.app === 'k8s-shared',
        ),
      ),
  },
  {
    kind: 'drop',
    recent: false,
    days: [5, 5],
    factor: [0.15, 0.25],
    description: 'the sandbox project was suspended',
    scope: (c) => ({ sub_account: gcpProject(c, 'fh-sandbox') }),
  },
  {
    kind: 'spike',
    recent: false,
    days: [3, 3],
    factor: [1, 1],
    description: 'a training job was left running',
    scope: (c) => ({ sub_account: acct(c, 'fernhill-ml'), service: 'Amazon SageMaker' }),
    extra: (c, id, s, e) => extraTraining(c, id, s, e),
  },
  {
    kind: 'level_shift',
    recent: false,
    days: [0, 0],
    factor: [1, 1],
    description: 'checkout scaled up its Azure VM fleet',
    scope: (c) => ({ sub_account: azureSub(c, 'fh-prod-eastus'), service: 'Virtual Machines' }),
    extra: (c, id, s, e) => extraAzureVms(c, id, s, e),
  },
  {
    kind: 'spike',
    recent: true,
    days: [1, 1],
    factor: [3, 3.5],
    description: 'a dashboard refreshed every minute',
    scope: () => ({ provider: 'Google Cloud', service: 'BigQuery' }),
  },
  {
    kind: 'drop',
    recent: false,
    days: [2, 2],
    factor: [0.55, 0.65],
    description: 'a bad deploy took checkout instances down',
    scope: () => ({ service: 'Amazon Elastic Compute Cloud', 'tag:team': 'checkout' }),
  },
  {
    kind: 'spike',
    recent: false,
    days: [2, 2],
    factor: [9, 11],
    description: 'a crawler hammered a bucket',
    scope: (c) =>
      byResource(
        topItem(
          c,
          (l) =>
            l.serviceName === 'Amazon Simple Storage Service' &&
            l.usageType.endsWith('Requests-Tier2'),
        ),
      ),
  },
  {
    kind: 'level_shift',
    recent: false,
    days: [0, 0],
    factor: [0.45, 0.55],
    description: 'an Azure SQL database was scaled down',
    scope: (c) => byResource(topItem(c, (l) => l.serviceName === 'SQL Database')),
  },
  {
    kind: 'spike',
    recent: true,
    days: [3, 3],
    factor: [1, 1],
    description: 'a load test in dev was never stopped',
    scope: (c) => ({
      sub_account: acct(c, 'fernhill-dev'),
      service: 'Amazon Elastic Compute Cloud',
    }),
    extra: (c, id, s, e) =>
      extraInstances(c, id, s, e, 'fernhill-dev', 'checkout-api', 'm6i.4xlarge', 10),
  },
  {
    kind: 'spike',
    recent: true,
    days: [1, 1],
    factor: [3.5, 4.5],
    description: 'the recommender re-ranked the whole catalogue',
    scope: (c) =>
      byResource(topItem(c, (l) => l.serviceName === 'Amazon Bedrock' && l.app === 'recommender')),
  },
  {
    kind: 'level_shift',
    recent: false,
    days: [0, 0],
    factor: [2.2, 2.6],
    description: 'EU traffic moved to a new replication setup',
    scope: () => ({ region: 'eu-west-1' }),
  },
];

function extraInstances(
  ctx: BuildContext,
  anomalyId: number,
  startDay: number,
  endDay: number,
  accountName: string,
  app: string,
  type: string,
  count: number,
): number {
  const f = awsFactory(ctx);
  const account = awsAccount(ctx, accountName);
  const n = Math.max(2, Math.round(count * ctx.scale));
  for (let i = 0; i < n; i++) {
    const { compute } = addEc2Instance(ctx, f, {
      account,
      app,
      env: account.env,
      type,
      profile: 'always',
      pricing: 'od',
      startDay,
      endDay,
      withVolume: false,
    });
    compute.anomalyOnly = anomalyId;
    ctx.inventory.instances.pop();
  }
  return n;
}

function extraTraining(
  ctx: BuildContext,
  anomalyId: number,
  startDay: number,
  endDay: number,
): number {
  const template = ctx.book.items.find(
    (l) => l.serviceName === 'Amazon SageMaker' && l.usageType.includes('Train:'),
  );
  if (!template) return 0;
  const { id: _id, ...rest } = template;
  const name = `training-forgotten-${ctx.rnd.hex(4)}`;
  ctx.book.add({
    ...rest,
    resourceId: template.resourceId!.replace(/[^/]+$/, name),
    resourceName: name,
    baseQty: 24,
    profile: 'always',
    noise: 0,
    listUnitPrice: SAGEMAKER_PRICES['ml.p4d.24xlarge']!,
    effectiveUnitPrice: SAGEMAKER_PRICES['ml.p4d.24xlarge']!,
    billedUnitPrice: SAGEMAKER_PRICES['ml.p4d.24xlarge']!,
    contractedUnitPrice: SAGEMAKER_PRICES['ml.p4d.24xlarge']!,
    startDay,
    endDay,
    anomalyOnly: anomalyId,
  });
  return 1;
}

function extraAzureVms(
  ctx: BuildContext,
  anomalyId: number,
  startDay: number,
  endDay: number,
): number {
  const template = ctx.book.items.find(
    (l) => l.serviceName === 'Virtual Machines' && l.app === 'checkout-api' && l.env === 'prod',
  );
  if (!template) return 0;
  const n = Math.max(2, Math.round(12 * ctx.scale));
  for (let i = 0; i < n; i++) {
    const { id: _id, ...rest } = template;
    const name = `vm-checkout-api-${ctx.rnd.hex(5)}`;
    ctx.book.add({
      ...rest,
      resourceId: template.resourceId!.replace(/[^/]+$/, name),
      resourceName: name,
      startDay,
      endDay,
      profile: 'always',
      anomalyOnly: anomalyId,
    });
  }
  return n;
}

/**
 * Chooses dates and scopes, assigns scaled items (never two anomalies on one item-day) and adds
 * the anomalies' own items. Call last: it appends items and must not shift earlier ids.
 */
export function plantAnomalies(ctx: BuildContext): {
  anomalies: PlantedAnomaly[];
  assignments: AnomalyAssignment[];
} {
  const rnd = ctx.rnd.fork('anomalies');
  const local = { ...ctx, rnd };
  const days = ctx.cal.days.length;
  const earliest = ctx.cal.months[2]!.firstDay;
  const anomalies: PlantedAnomaly[] = [];
  const assignments: AnomalyAssignment[] = [];
  const busy = new Map<number, [number, number][]>();
  for (const t of TEMPLATES) {
    const scope = t.scope(local);
    if (!scope) continue;
    const length = t.kind === 'level_shift' ? 0 : rnd.int(t.days[0], t.days[1]);
    const startDay =
      t.kind === 'level_shift'
        ? rnd.int(earliest + 30, days - 45)
        : t.recent
          ? rnd.int(days - 28, days - length - 1)
          : rnd.int(earliest + 5, days - 40);
    const endDay = t.kind === 'level_shift' ? days : startDay + length;
    const id = anomalies.length + 1;
    const factor = Math.round(rnd.range(t.factor[0], t.factor[1]) * 100) / 100;
    if (t.extra) {
      if (t.extra(local, id, startDay, endDay) === 0) continue;
    } else {
      const items = ctx.book.items.filter(
        (li) => scalable(li) && inScope(li, scope) && li.startDay < endDay && li.endDay > startDay,
      );
      const free = items.filter(
        (li) => !(busy.get(li.id) ?? []).some(([s, e]) => s < endDay && e > startDay),
      );
      if (free.length === 0 || free.length < items.length) continue;
      for (const li of free) {
        busy.set(li.id, [...(busy.get(li.id) ?? []), [startDay, endDay]]);
        assignments.push({ itemId: li.id, anomalyId: id, startDay, endDay, factor });
      }
    }
    anomalies.push({
      id,
      kind: t.kind,
      scope,
      startDay,
      endDay,
      factor: t.extra ? null : factor,
      description: t.description,
    });
  }
  return { anomalies, assignments };
}

/** Hourly on-demand price of an instance type (used in descriptions and tests). */
export function hourlyPrice(type: string): string {
  return ec2Type(type).onDemandUsdPerHour;
}
