/**
 * Lenient-read checks for Azure cost exports: what CostLens read but had to interpret (tags
 * without braces, unknown charge types or pricing models, services, regions or units not in
 * Microsoft's open data, a missing currency or billing account). Findings, never rejections.
 */
import type { LeniencyCheck } from '../source-format.ts';
import type { AzureColumns } from './azure-columns.ts';
import { azureLookups } from './azure-lookups.ts';
import { AZURE_CHARGE_TYPES, AZURE_PRICING_MODELS, inList } from './azure-rules.ts';

/** The row-level SQL terms of azure.ts the checks read. */
export interface AzureRowTerms {
  cost: string;
  chargeType: string;
  pricingModel: string;
  commitmentPurchase: string;
}

/**
 * The lenient-read checks of an Azure export: each becomes a quality finding, none rejects a row.
 * @example azureLeniency(a, rowTerms(a), { cs, rt, location, unit })
 */
export function azureLeniency(
  a: AzureColumns,
  t: AzureRowTerms,
  e: { cs: string; rt: string; location: string; unit: string },
): LeniencyCheck[] {
  const lk = azureLookups();
  const checks: LeniencyCheck[] = [
    {
      id: 'azure-cost-missing',
      column: a.resolved.get('Cost'),
      severity: 'error',
      message: 'row without a cost; BilledCost and EffectiveCost stored as null.',
      predicate: `${t.cost} IS NULL`,
    },
    {
      id: 'azure-charge-type-unknown',
      column: a.resolved.get('ChargeType'),
      severity: 'warning',
      message: `ChargeType not one CostLens knows (${Object.keys(AZURE_CHARGE_TYPES).join(', ')}); mapped to ChargeCategory Adjustment.`,
      predicate: `${t.chargeType} IS NOT NULL AND ${t.chargeType} NOT IN ${inList(Object.keys(AZURE_CHARGE_TYPES))}`,
      example: a.text('ChargeType'),
    },
    {
      id: 'azure-pricing-model-unknown',
      column: a.resolved.get('PricingModel'),
      severity: 'warning',
      message:
        'PricingModel not one CostLens knows (OnDemand, Spot, Reservation, SavingsPlan); PricingCategory set to Other.',
      predicate: `${t.pricingModel} IS NOT NULL AND ${t.pricingModel} NOT IN ${inList(Object.keys(AZURE_PRICING_MODELS))}`,
      example: a.text('PricingModel'),
    },
    {
      id: 'azure-commitment-purchase',
      column: a.resolved.get('ChargeType'),
      severity: 'info',
      message:
        'commitment purchase or refund: EffectiveCost is 0 as FOCUS requires; ingest the amortized export to see its cost spread over the usage it covers.',
      predicate: t.commitmentPurchase,
      example: a.text('ProductName'),
    },
    {
      id: 'azure-service-unmapped',
      column: a.resolved.get('ConsumedService'),
      severity: 'info',
      message:
        "consumed service not in Microsoft's service list or the FinOps category mapping (data/azure); ServiceCategory set to Other.",
      predicate: `${lk.service('ServiceCategory', e.cs, e.rt)} IS NULL`,
      example: a.text('ConsumedService'),
    },
    {
      id: 'azure-region-unmapped',
      column: a.resolved.get('ResourceLocation'),
      severity: 'info',
      message:
        "location not in Microsoft's region list (data/azure/Regions.csv); RegionId derived from the text.",
      predicate: `${e.location} IS NOT NULL AND ${lk.regionId(e.location)} IS NULL`,
      example: e.location,
    },
    {
      id: 'azure-unit-unmapped',
      column: a.resolved.get('UnitOfMeasure'),
      severity: 'info',
      message:
        "UnitOfMeasure not in Microsoft's pricing units (data/azure/PricingUnits.csv); kept as PricingUnit with block size 1.",
      predicate: `${e.unit} IS NOT NULL AND ${lk.pricingUnit(e.unit)} IS NULL`,
      example: e.unit,
    },
  ];
  if (a.has('Tags')) {
    const tags = a.text('Tags');
    checks.push(
      {
        id: 'json-without-braces',
        column: 'Tags',
        severity: 'warning',
        message: 'Tags hold a JSON object without its outer braces; wrapped in {}.',
        predicate: `${tags} IS NOT NULL AND NOT json_valid(${tags}) AND json_valid('{' || ${tags} || '}')`,
        example: tags,
      },
      {
        id: 'json-invalid',
        column: 'Tags',
        severity: 'error',
        message: 'Tags are not valid JSON; stored as null.',
        predicate: `${tags} IS NOT NULL AND NOT json_valid(${tags}) AND NOT json_valid('{' || ${tags} || '}')`,
        example: tags,
      },
    );
  }
  if (!a.has('BillingCurrency')) {
    checks.push({
      id: 'azure-currency-missing',
      column: 'BillingCurrency',
      severity: 'error',
      message:
        'the export has no currency column (BillingCurrencyCode, BillingCurrency or Currency); BillingCurrency stored as null.',
      predicate: 'true',
    });
  }
  if (!a.has('BillingAccountId') && !a.has('BillingProfileId')) {
    checks.push({
      id: 'azure-billing-account-from-subscription',
      column: 'BillingAccountId',
      severity: 'info',
      message:
        'the export names no billing account or profile; the subscription is used as BillingAccountId (pay-as-you-go).',
      predicate: 'true',
    });
  }
  return checks;
}
