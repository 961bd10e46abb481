/**
 * Google Cloud for the demo, shaped like Google's FOCUS BigQuery export: Compute Engine VMs billed
 * as separate core and RAM SKUs plus persistent disks, BigQuery analysis and storage, Vertex AI
 * Gemini tokens and Cloud Storage, across three projects. Labels are lower case (GCP requires it).
 */
import { tagsFor } from './company-model.ts';
import type { DemoAccount } from './company-model.ts';
import { decMul } from './decimal-text.ts';
import { ItemFactory, scaled, skuIdFor } from './item-factory.ts';
import type { BuildContext } from './item-factory.ts';
import { GCP_PRICES, LLM_PRICES } from './price-book.ts';

const SERVICE_IDS = {
  compute: '6F81-5844-456A',
  bigquery: '24E6-581D-38E5',
  vertex: 'C7E2-9256-1C43',
  storage: '95FF-2EF5-5EA1',
} as const;

function gcpSku(key: string): string {
  const s = skuIdFor(`gcp|${key}`, 12);
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

export function buildGcp(ctx: BuildContext): void {
  const rnd = ctx.rnd;
  const days = ctx.cal.days.length;
  const f = new ItemFactory(ctx, {
    provider: 'gcp',
    providerName: 'Google Cloud',
    publisherName: 'Google Cloud',
    invoiceIssuerName: 'Google Cloud',
    billingAccountId: ctx.company.gcp.billingAccountId,
    billingAccountName: ctx.company.gcp.billingAccountName,
  });
  const project = (name: string): DemoAccount =>
    ctx.company.gcp.accounts.find((a) => a.name === name)!;
  const owned = (account: DemoAccount, app: string, env: string) => {
    const team = ctx.company.apps.find((a) => a.name === app)?.team ?? 'platform';
    return {
      subAccountId: account.id,
      subAccountName: account.name,
      team,
      app,
      env,
      tags: tagsFor(rnd, account, { team, app, env }),
    };
  };
  const region = { regionId: 'us-central1', regionName: 'Iowa' };
  const fleets: [string, string, string, 'n2' | 'e2', number, number, number][] = [
    ['fh-analytics-prod', 'warehouse', 'prod', 'n2', 8, 60, 0.2],
    ['fh-analytics-prod', 'etl', 'prod', 'e2', 4, 70, 0.3],
    ['fh-vertex-prod', 'recommender', 'prod', 'n2', 16, 25, 0.4],
    ['fh-sandbox', 'warehouse', 'dev', 'e2', 2, 45, 0.3],
  ];
  for (const [projectName, app, env, family, cores, count, launchShare] of fleets) {
    const account = project(projectName);
    for (let i = 0; i < scaled(ctx, count); i++) {
      const o = owned(account, app, env);
      const zone = `us-central1-${rnd.pick(['a', 'b', 'c', 'f'])}`;
      const name = `${app}-${family}-${rnd.hex(5)}`;
      const resourceId = `//compute.googleapis.com/projects/${account.id}/zones/${zone}/instances/${name}`;
      const startDay = rnd.chance(launchShare) ? rnd.int(1, days - 5) : 0;
      const endDay = env === 'dev' && rnd.chance(0.3) ? rnd.int(startDay + 5, days) : days;
      const ramGb = cores * 4;
      const profile = env === 'dev' ? 'office' : family === 'e2' ? 'weekday' : 'always';
      const base = {
        ...o,
        ...region,
        availabilityZone: zone,
        resourceId,
        resourceName: name,
        resourceType: 'Virtual machine',
        serviceName: 'Compute Engine',
        serviceCategory: 'Compute',
        serviceCode: SERVICE_IDS.compute,
        startDay,
        endDay,
        usageKind: 'instance-hours' as const,
        qtyDecimals: 6,
        profile: profile as 'office' | 'weekday' | 'always',
      };
      const upper = family.toUpperCase();
      for (const [what, unitPrice, perHour] of [
        ['Core', family === 'n2' ? GCP_PRICES.n2CoreHour : GCP_PRICES.e2CoreHour, cores],
        ['Ram', family === 'n2' ? GCP_PRICES.n2RamGbHour : GCP_PRICES.e2RamGbHour, ramGb],
      ] as const) {
        const desc = `${upper} Instance ${what} running in Americas`;
        f.add({
          ...base,
          skuId: gcpSku(desc),
          usageType: desc,
          operation: '',
          chargeDescription: desc,
          consumedUnit: what === 'Core' ? 'hour' : 'gibibyte hour',
          pricingUnit: what === 'Core' ? 'hour' : 'gibibyte hour',
          listUnitPrice: unitPrice,
          baseQty: 24 * perHour,
          maxQty: 24 * perHour,
        });
      }
      f.add({
        ...base,
        resourceId: `//compute.googleapis.com/projects/${account.id}/zones/${zone}/disks/${name}`,
        resourceType: 'Disk',
        serviceCategory: 'Storage',
        skuId: gcpSku('Balanced PD Capacity'),
        usageType: 'Balanced PD Capacity',
        operation: '',
        chargeDescription: 'Balanced PD Capacity',
        consumedUnit: 'gibibyte month',
        pricingUnit: 'gibibyte month',
        listUnitPrice: GCP_PRICES.pdBalancedGbMonth,
        usageKind: 'storage',
        baseQty: rnd.pick([50, 100, 200, 500]) / 30.4375,
        maxQty: 1e12,
        profile: 'always',
      });
    }
  }
  const analytics = project('fh-analytics-prod');
  for (let i = 0; i < scaled(ctx, 30); i++) {
    const app = rnd.pick(['warehouse', 'etl', 'recommender']);
    const o = owned(analytics, app, 'prod');
    const dataset = `${app.replace('-', '_')}_${rnd.hex(4)}`;
    const base = {
      ...o,
      regionId: 'US',
      regionName: 'US',
      serviceName: 'BigQuery',
      serviceCategory: 'Analytics',
      serviceCode: SERVICE_IDS.bigquery,
      resourceId: `//bigquery.googleapis.com/projects/${analytics.id}/datasets/${dataset}`,
      resourceName: dataset,
      resourceType: 'Dataset',
    };
    f.add({
      ...base,
      skuId: gcpSku('Analysis'),
      usageType: 'Analysis',
      operation: '',
      chargeDescription: 'Analysis (on-demand, US multi-region)',
      consumedUnit: 'tebibyte',
      pricingUnit: 'tebibyte',
      listUnitPrice: GCP_PRICES.bigQueryTibScanned,
      usageKind: 'compute',
      baseQty: rnd.range(0.2, 6),
      qtyDecimals: 6,
      profile: 'batch',
      noise: 0.35,
    });
    f.add({
      ...base,
      skuId: gcpSku('Active Logical Storage'),
      usageType: 'Active Logical Storage',
      operation: '',
      chargeDescription: 'Active Logical Storage',
      consumedUnit: 'gibibyte month',
      pricingUnit: 'gibibyte month',
      listUnitPrice: GCP_PRICES.bigQueryActiveStorageGibMonth,
      usageKind: 'storage',
      baseQty: rnd.range(500, 60000) / 30.4375,
      profile: 'storage',
    });
  }
  const vertex = project('fh-vertex-prod');
  for (const [app, modelIndex, inputPerDay] of [
    ['recommender', 0, 60_000_000],
    ['assistant', 1, 5_000_000],
  ] as const) {
    const m = LLM_PRICES.vertex[modelIndex]!;
    const o = owned(vertex, app, 'prod');
    for (const dir of ['Input', 'Output'] as const) {
      const desc = `${m.label} ${dir} Text Tokens`;
      f.add({
        ...o,
        regionId: 'us-central1',
        regionName: 'Iowa',
        serviceName: 'Vertex AI',
        serviceCategory: 'AI and Machine Learning',
        serviceCode: SERVICE_IDS.vertex,
        resourceId: `//aiplatform.googleapis.com/projects/${vertex.id}/locations/us-central1/publishers/google/models/${m.model}`,
        resourceName: m.model,
        resourceType: 'Model',
        skuId: gcpSku(desc),
        usageType: desc,
        operation: '',
        chargeDescription: desc,
        consumedUnit: 'count',
        pricingUnit: 'count',
        listUnitPrice: dir === 'Input' ? m.input : m.output,
        usageKind: 'tokens',
        baseQty: Math.round(dir === 'Input' ? inputPerDay : inputPerDay * 0.15),
        qtyDecimals: 0,
        profile: 'ai',
        noise: 0.1,
      });
    }
  }
  for (let i = 0; i < scaled(ctx, 50); i++) {
    const account = project(rnd.pick(['fh-analytics-prod', 'fh-vertex-prod', 'fh-sandbox']));
    const app = account.name === 'fh-vertex-prod' ? 'recommender' : 'warehouse';
    const o = owned(account, app, account.env);
    const bucket = `${account.id}-${rnd.hex(6)}`;
    f.add({
      ...o,
      regionId: 'us',
      regionName: 'United States',
      serviceName: 'Cloud Storage',
      serviceCategory: 'Storage',
      serviceCode: SERVICE_IDS.storage,
      resourceId: `//storage.googleapis.com/projects/_/buckets/${bucket}`,
      resourceName: bucket,
      resourceType: 'Bucket',
      skuId: gcpSku('Standard Storage US Multi-region'),
      usageType: 'Standard Storage US Multi-region',
      operation: '',
      chargeDescription: 'Standard Storage US Multi-region',
      consumedUnit: 'gibibyte month',
      pricingUnit: 'gibibyte month',
      listUnitPrice: GCP_PRICES.gcsStandardGbMonth,
      usageKind: 'storage',
      baseQty: rnd.range(100, 30000) / 30.4375,
      profile: 'storage',
    });
  }
  // Promotional credit for the first four months after moving analytics to GCP.
  f.add({
    subAccountId: analytics.id,
    subAccountName: analytics.name,
    serviceName: 'Compute Engine',
    serviceCategory: 'Compute',
    serviceCode: SERVICE_IDS.compute,
    usageType: 'Promotion',
    operation: '',
    chargeDescription: 'Promotional credit: analytics migration',
    listUnitPrice: '0',
    effectiveUnitPrice: decMul('-1500', ctx.scale, 2),
    billedUnitPrice: decMul('-1500', ctx.scale, 2),
    pricingCategory: null,
    chargeCategory: 'Credit',
    chargeFrequency: 'Recurring',
    cadence: 'monthly',
    usageKind: 'credit',
    baseQty: 1,
    qtyDecimals: 0,
    profile: 'flat',
    anomalyEligible: false,
    endDay: ctx.cal.months[4]?.firstDay ?? 1,
    team: 'data',
    app: 'warehouse',
    env: 'prod',
    tags: null,
  });
}
