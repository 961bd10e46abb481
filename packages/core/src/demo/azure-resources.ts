/**
 * Azure for the demo, shaped like Microsoft's FocusCost export: VMs with managed disks, SQL
 * Database vCores, Azure OpenAI token meters (per 1K tokens), Blob storage and bandwidth, across
 * three subscriptions of one EA billing account. Meter names follow Cost Management's spelling.
 */
import { tagsFor } from './company-model.ts';
import type { DemoAccount } from './company-model.ts';
import type { ProfileId } from './cost-profiles.ts';
import { ItemFactory, scaled } from './item-factory.ts';
import type { BuildContext } from './item-factory.ts';
import { AZURE_PRICES, AZURE_VM_PRICES, LLM_PRICES } from './price-book.ts';

function sub(ctx: BuildContext, name: string): DemoAccount {
  return ctx.company.azure.accounts.find((a) => a.name === name)!;
}

export function buildAzure(ctx: BuildContext): void {
  const rnd = ctx.rnd;
  const days = ctx.cal.days.length;
  const f = new ItemFactory(ctx, {
    provider: 'azure',
    providerName: 'Microsoft',
    publisherName: 'Microsoft',
    invoiceIssuerName: 'Microsoft',
    billingAccountId: ctx.company.azure.billingAccountId,
    billingAccountName: ctx.company.azure.billingAccountName,
  });
  const region = { regionId: 'eastus', regionName: 'East US' };
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
  const vmFleets: [
    string,
    string,
    string,
    keyof typeof AZURE_VM_PRICES,
    number,
    ProfileId,
    number,
  ][] = [
    ['fh-prod-eastus', 'checkout-api', 'prod', 'D4s_v5', 60, 'always', 0.3],
    ['fh-prod-eastus', 'payments', 'prod', 'E4s_v5', 30, 'always', 0],
    ['fh-prod-eastus', 'email', 'prod', 'D2s_v5', 20, 'always', 0],
    ['fh-ai-eastus2', 'assistant', 'prod', 'D8s_v5', 20, 'always', 0.5],
    ['fh-ai-eastus2', 'training', 'prod', 'NC24ads_A100_v4', 3, 'weekday', 0],
    ['fh-dev', 'checkout-api', 'dev', 'D2s_v5', 70, 'office', 0.3],
  ];
  for (const [subName, app, env, size, count, profile, launchShare] of vmFleets) {
    const account = sub(ctx, subName);
    const vm = AZURE_VM_PRICES[size]!;
    for (let i = 0; i < scaled(ctx, count); i++) {
      const o = owned(account, app, env);
      const rg = `rg-${app}-${env}`;
      const name = `vm-${app}-${rnd.hex(5)}`;
      const startDay = launchShare && rnd.chance(launchShare) ? rnd.int(1, days - 5) : 0;
      const endDay = env === 'dev' && rnd.chance(0.2) ? rnd.int(startDay + 5, days) : days;
      const base = { ...o, ...region, startDay, endDay, resourceName: name };
      f.add({
        ...base,
        serviceName: 'Virtual Machines',
        serviceCategory: 'Compute',
        serviceCode: 'Virtual Machines',
        resourceId: `${account.id}/resourcegroups/${rg}/providers/microsoft.compute/virtualmachines/${name}`,
        resourceType: 'Virtual machine',
        usageType: `${size.replaceAll('_', ' ')}`,
        operation: vm.series,
        chargeDescription: `${vm.series} - ${size.replaceAll('_', ' ')} - US East`,
        consumedUnit: 'Hours',
        pricingUnit: '1 Hour',
        listUnitPrice: vm.price,
        usageKind: 'instance-hours',
        baseQty: 24,
        maxQty: 24,
        qtyDecimals: 6,
        profile,
      });
      f.add({
        ...base,
        serviceName: 'Storage',
        serviceCategory: 'Storage',
        serviceCode: 'Storage',
        resourceId: `${account.id}/resourcegroups/${rg}/providers/microsoft.compute/disks/${name}_osdisk`,
        resourceName: `${name}_osdisk`,
        resourceType: 'Disk',
        usageType: 'P10 LRS Disk',
        operation: 'Premium SSD Managed Disks',
        chargeDescription: 'Premium SSD Managed Disks - P10 LRS Disk - US East',
        consumedUnit: '1/Month',
        pricingUnit: '1/Month',
        listUnitPrice: AZURE_PRICES.premiumSsdP10Month,
        usageKind: 'storage',
        baseQty: 1 / 30.4375,
        qtyDecimals: 8,
        profile: 'always',
      });
    }
  }
  const prod = sub(ctx, 'fh-prod-eastus');
  for (let i = 0; i < scaled(ctx, 50); i++) {
    const app = rnd.pick(['checkout-api', 'payments', 'email']);
    const o = owned(prod, app, 'prod');
    const name = `sqldb-${app}-${rnd.hex(4)}`;
    f.add({
      ...o,
      ...region,
      serviceName: 'SQL Database',
      serviceCategory: 'Databases',
      serviceCode: 'SQL Database',
      resourceId: `${prod.id}/resourcegroups/rg-${app}-prod/providers/microsoft.sql/servers/sql-${app}/databases/${name}`,
      resourceName: name,
      resourceType: 'SQL database',
      usageType: 'vCore',
      operation: 'General Purpose - Compute Gen5',
      chargeDescription: 'SQL Database Single/Elastic Pool General Purpose - Compute Gen5 - vCore',
      consumedUnit: 'Hours',
      pricingUnit: '1 Hour',
      listUnitPrice: AZURE_PRICES.sqlGpVcoreHour,
      usageKind: 'instance-hours',
      baseQty: 24 * rnd.pick([2, 4, 8]),
      maxQty: 24 * 8,
      qtyDecimals: 4,
      profile: 'always',
    });
  }
  const ai = sub(ctx, 'fh-ai-eastus2');
  const aoai: [string, number, number][] = [
    ['assistant', 0, 3_000_000],
    ['assistant', 1, 40_000_000],
    ['email', 1, 8_000_000],
  ];
  for (const [app, modelIndex, inputPerDay] of aoai) {
    const m = LLM_PRICES.azureOpenAi[modelIndex]!;
    const o = owned(ai, app, 'prod');
    const account = `aoai-${app}`;
    for (const dir of ['Input', 'Output'] as const) {
      f.add({
        ...o,
        regionId: 'eastus2',
        regionName: 'East US 2',
        serviceName: 'Azure OpenAI',
        serviceCategory: 'AI and Machine Learning',
        serviceCode: 'Foundry Models',
        resourceId: `${ai.id}/resourcegroups/rg-ai/providers/microsoft.cognitiveservices/accounts/${account}`,
        resourceName: account,
        resourceType: 'Azure OpenAI',
        usageType: `${m.meter} ${dir} global Tokens`,
        operation: 'Azure OpenAI',
        chargeDescription: `${m.meter} ${dir} global Tokens`,
        consumedUnit: 'Tokens',
        pricingUnit: '1K',
        pricingPerConsumed: 0.001,
        listUnitPrice: dir === 'Input' ? m.input : m.output,
        usageKind: 'tokens',
        baseQty: Math.round(dir === 'Input' ? inputPerDay : inputPerDay * 0.2),
        qtyDecimals: 0,
        profile: 'ai',
        noise: 0.12,
      });
    }
  }
  for (const [subName, app, env, count] of [
    ['fh-prod-eastus', 'checkout-api', 'prod', 30],
    ['fh-ai-eastus2', 'assistant', 'prod', 10],
    ['fh-dev', 'checkout-api', 'dev', 20],
  ] as const) {
    const account = sub(ctx, subName);
    for (let i = 0; i < scaled(ctx, count); i++) {
      const o = owned(account, app, env);
      const name = `st${app.replace('-', '')}${rnd.hex(6)}`;
      f.add({
        ...o,
        ...region,
        serviceName: 'Storage',
        serviceCategory: 'Storage',
        serviceCode: 'Storage',
        resourceId: `${account.id}/resourcegroups/rg-${app}-${env}/providers/microsoft.storage/storageaccounts/${name}`,
        resourceName: name,
        resourceType: 'Storage account',
        usageType: 'Hot LRS Data Stored',
        operation: 'Tiered Block Blob',
        chargeDescription: 'Tiered Block Blob - Hot LRS Data Stored - US East',
        consumedUnit: 'GB/Month',
        pricingUnit: '1 GB/Month',
        listUnitPrice: AZURE_PRICES.hotLrsGbMonth,
        usageKind: 'storage',
        baseQty: rnd.range(200, 20000) / 30.4375,
        profile: 'storage',
      });
    }
  }
  const o = owned(prod, 'checkout-api', 'prod');
  f.add({
    ...o,
    ...region,
    serviceName: 'Bandwidth',
    serviceCategory: 'Networking',
    serviceCode: 'Bandwidth',
    usageType: 'Standard Data Transfer Out',
    operation: 'Rtn Preference: MGN',
    chargeDescription: 'Bandwidth - Standard Data Transfer Out - Zone 1',
    consumedUnit: 'GB',
    pricingUnit: '1 GB',
    listUnitPrice: AZURE_PRICES.bandwidthOutGb,
    usageKind: 'transfer',
    baseQty: 900 * Math.max(ctx.scale, 0.1),
    profile: 'web',
    noise: 0.1,
  });
}
