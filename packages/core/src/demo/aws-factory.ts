/**
 * AWS specifics shared by the AWS builders: the item factory for the payer account, region names
 * and usage-type prefixes as AWS writes them, and account lookup by name.
 */
import type { DemoAccount } from './company-model.ts';
import { ItemFactory } from './item-factory.ts';
import type { BuildContext } from './item-factory.ts';

export const AWS_REGIONS: Record<string, { name: string; prefix: string }> = {
  'us-east-1': { name: 'US East (N. Virginia)', prefix: '' },
  'us-west-2': { name: 'US West (Oregon)', prefix: 'USW2-' },
  'eu-west-1': { name: 'Europe (Ireland)', prefix: 'EU-' },
};

export function awsFactory(ctx: BuildContext): ItemFactory {
  return new ItemFactory(ctx, {
    provider: 'aws',
    providerName: 'AWS',
    publisherName: 'Amazon Web Services, Inc.',
    invoiceIssuerName: 'Amazon Web Services, Inc.',
    billingAccountId: ctx.company.aws.billingAccountId,
    billingAccountName: ctx.company.aws.billingAccountName,
  });
}

export function awsAccount(ctx: BuildContext, name: string): DemoAccount {
  const a = ctx.company.aws.accounts.find((x) => x.name === name);
  if (!a) throw new Error(`no AWS account ${name} in the demo company`);
  return a;
}

/** Region fields of an AWS item. */
export function awsRegion(regionId: string, az = true) {
  const r = AWS_REGIONS[regionId]!;
  return {
    regionId,
    regionName: r.name,
    availabilityZone: az ? `${regionId}${'abc'[regionId.length % 3]}` : null,
    prefix: r.prefix,
  };
}

export function teamOf(ctx: BuildContext, app: string): string {
  return ctx.company.apps.find((a) => a.name === app)?.team ?? 'platform';
}
