/**
 * Azure Cost Management exports (EA, MCA, pay-as-you-go, partner; actual or amortized; any header
 * variant azure-columns.ts knows) → FOCUS. Costs follow row rules that hold in both views, so the
 * view need not be guessed: commitment-covered usage (reservation / savings plan usage, and unused
 * commitment) is never billed itself — BilledCost 0, EffectiveCost = Cost (0 in an actual export,
 * the amortized share in an amortized one); a commitment purchase or refund is billed —
 * BilledCost = Cost, EffectiveCost 0 as FOCUS requires (its cost reaches EffectiveCost through the
 * amortized export's usage rows); every other row has BilledCost = EffectiveCost = Cost.
 */
import type { Issue } from '../../errors.ts';
import { literal } from '../../util/sql.ts';
import type { FocusMapping, SourceFormat, StageColumns, ValueCheck } from '../source-format.ts';
import { AZURE_COLUMN_ALIASES, englishHeaderName, resolveAzureColumns } from './azure-columns.ts';
import type { AzureColumn, AzureColumns } from './azure-columns.ts';
import { azureLeniency } from './azure-leniency.ts';
import { azureLookups } from './azure-lookups.ts';
import {
  AZURE_CHARGE_TYPES,
  AZURE_COMMITMENTS,
  AZURE_FREQUENCIES,
  AZURE_PRICING_MODELS,
  caseOf,
  decimalProduct,
} from './azure-rules.ts';

/** Columns whose presence says "Azure cost export"; a header needs three, one of them a meter. */
const MARKERS: readonly AzureColumn[] = [
  'MeterCategory',
  'MeterId',
  'MeterName',
  'MeterSubCategory',
  'MeterRegion',
  'ConsumedService',
  'ResourceLocation',
  'UnitOfMeasure',
  'SubscriptionId',
  'AdditionalInfo',
  'ChargeType',
  'PricingModel',
];
const METERS: readonly AzureColumn[] = ['MeterCategory', 'MeterId', 'ConsumedService'];
const REQUIRED: readonly AzureColumn[] = ['Cost', 'Date'];
const DECIMALS: readonly AzureColumn[] = [
  'Cost',
  'Quantity',
  'EffectivePrice',
  'UnitPrice',
  'PayGPrice',
  'PayGCost',
];
const TIMESTAMPS: readonly AzureColumn[] = [
  'Date',
  'BillingPeriodStartDate',
  'BillingPeriodEndDate',
];

function englishSet(header: readonly string[]): Set<string> {
  return new Set(header.map((h) => englishHeaderName(h).toLowerCase()));
}

function hasAlias(names: Set<string>, col: AzureColumn): boolean {
  return AZURE_COLUMN_ALIASES[col].some((a) => names.has(a.toLowerCase()));
}

/** EA (enrollment columns), MCA (billing profile / partner columns) or pay-as-you-go. */
export function azureAgreement(a: AzureColumns): 'ea' | 'mca' | 'payg' {
  if (a.has('AccountOwnerId') || a.has('EnrollmentNumber') || a.has('AccountName')) return 'ea';
  if (a.has('BillingProfileId') || a.has('PartnerName') || a.has('CustomerTenantId')) return 'mca';
  return 'payg';
}

/** The FOCUS billing account: the enrollment (EA), billing profile (MCA: invoices are per
 * profile), or subscription (pay-as-you-go: each subscription is billed on its own). */
function billingAccountExpr(a: AzureColumns): string {
  const chain: Record<ReturnType<typeof azureAgreement>, AzureColumn[]> = {
    ea: ['BillingAccountId', 'BillingProfileId', 'SubscriptionId'],
    mca: ['BillingProfileId', 'BillingAccountId', 'SubscriptionId'],
    payg: ['BillingAccountId', 'SubscriptionId'],
  };
  const present = chain[azureAgreement(a)].filter((c) => a.has(c)).map((c) => a.text(c));
  return present.length === 0 ? 'NULL' : `coalesce(${present.join(', ')})`;
}

/** SQL pieces shared by several FOCUS columns (and by the lenient-read checks). */
function rowTerms(a: AzureColumns) {
  const chargeType = a.has('ChargeType') ? `lower(${a.text('ChargeType')})` : `'usage'`;
  const pricingModel = `replace(lower(${a.text('PricingModel')}), ' ', '')`;
  const benefit = `lower(${a.text('BenefitId')})`;
  // Older exports name only a ReservationId on reservation-covered usage (no PricingModel).
  const commitmentType = `CASE ${AZURE_COMMITMENTS.map(
    (c) =>
      `WHEN ${benefit} LIKE ${literal(`%${c.benefitPath}%`)} OR ${pricingModel} = ${literal(c.pricingModel)} OR ${chargeType} = ${literal(c.unusedChargeType)} THEN ${literal(c.type)}`,
  ).join(
    ' ',
  )} WHEN ${benefit} IS NULL AND ${a.text('ReservationId')} IS NOT NULL THEN 'Reservation' ELSE NULL END`;
  const category = caseOf(
    `coalesce(${chargeType}, 'usage')`,
    Object.fromEntries(Object.entries(AZURE_CHARGE_TYPES).map(([k, v]) => [k, v.category])),
    `'Adjustment'`,
  );
  const covered = `(${category} = 'Usage' AND ${commitmentType} IS NOT NULL)`;
  const commitmentPurchase = `(coalesce(${chargeType}, '') IN ('purchase', 'refund') AND ${commitmentType} IS NOT NULL)`;
  const cost = a.dec('Cost');
  const zero = 'CAST(0 AS DECIMAL(38, 15))';
  const billed = `CASE WHEN ${covered} THEN ${zero} ELSE ${cost} END`;
  const effective = `CASE WHEN ${commitmentPurchase} THEN ${zero} ELSE ${cost} END`;
  const day = `date_trunc('day', ${a.ts('Date')})`;
  const periodStart = `coalesce(date_trunc('day', ${a.ts('BillingPeriodStartDate')}), date_trunc('month', ${day}))`;
  return {
    chargeType,
    pricingModel,
    commitmentType,
    category,
    covered,
    commitmentPurchase,
    cost,
    billed,
    effective,
    day,
    periodStart,
  };
}

function resourceTypeExpr(a: AzureColumns): string {
  if (a.has('ResourceType')) return `lower(${a.text('ResourceType')})`;
  // /…/providers/Ns/type1/name1/type2/name2 → ns/type1/type2 (the last provider segment wins);
  // plain regular expressions, as this runs on every row.
  const tail = `regexp_extract(lower(${a.text('ResourceId')}), '.*/providers/([^/]+/[^/]+.*)$', 1)`;
  return `nullif(regexp_replace(${tail}, '^([^/]+/[^/]+)(?:/[^/]*)?((?:/[^/]+/[^/]*)*)$', '\\1') || regexp_replace(regexp_replace(${tail}, '^[^/]+/[^/]+(?:/[^/]*)?', ''), '/([^/]+)(?:/[^/]*)?', '/\\1', 'g'), '')`;
}

function mapping(cols: StageColumns): FocusMapping {
  const a = resolveAzureColumns(cols);
  const t = rowTerms(a);
  const lk = azureLookups();
  const cs = `lower(${a.text('ConsumedService')})`;
  const rt = resourceTypeExpr(a);
  const location = a.text('ResourceLocation');
  const unit = a.text('UnitOfMeasure');
  const qty = a.dec('Quantity');
  const recip = lk.blockReciprocal(unit);
  const payg = a.dec('PayGPrice');
  const unitPrice = a.dec('UnitPrice');
  const isUsage = `(${t.category} = 'Usage')`;
  const priced = `(${t.category} IN ('Usage', 'Purchase'))`;
  // The agreement's price: UnitPrice (EA, MCA), else the rate (pay-as-you-go's ResourceRate).
  const contractPrice = a.has('UnitPrice') ? unitPrice : a.dec('EffectivePrice');
  // The list price: PayGPrice, unless Azure left it 0 on a charged row (reservation usage) or the
  // row is a commitment purchase (no pay-as-you-go price exists for it).
  const paygUsable = `(${payg} IS NOT NULL AND (${payg} <> 0 OR coalesce(${t.cost}, 0) = 0))`;
  const listPrice = `CASE WHEN ${t.commitmentPurchase} THEN ${contractPrice} WHEN ${paygUsable} THEN ${payg} ELSE ${contractPrice} END`;
  const listCost = `CASE WHEN NOT ${priced} THEN ${t.billed} ${
    a.has('PayGCost')
      ? `WHEN NOT ${t.commitmentPurchase} AND ${a.dec('PayGCost')} IS NOT NULL THEN ${a.dec('PayGCost')} `
      : ''
  }WHEN ${listPrice} IS NOT NULL AND ${qty} IS NOT NULL THEN ${decimalProduct(listPrice, qty)} ELSE ${t.cost} END`;
  const contractedCost = `CASE WHEN NOT ${priced} THEN ${t.billed} WHEN ${contractPrice} IS NOT NULL AND ${qty} IS NOT NULL THEN ${decimalProduct(contractPrice, qty)} ELSE ${t.cost} END`;
  const pricingQty = `coalesce(${decimalProduct(qty, lk.blockSize(unit))}, ${qty})`;
  const commitmentId = `CASE WHEN ${t.commitmentType} IS NOT NULL THEN coalesce(${a.text('BenefitId')}, ${a.text('ReservationId')}) END`;
  const statusTable = Object.fromEntries(
    Object.entries(AZURE_CHARGE_TYPES).flatMap(([k, v]) =>
      v.commitmentStatus ? [[k, v.commitmentStatus]] : [],
    ),
  );
  const periodEnd = a.ts('BillingPeriodEndDate');
  const serviceCategory = `coalesce(${lk.service('ServiceCategory', cs, rt)}, 'Other')`;
  // Amounts in the pricing currency are only known when it is the billing currency.
  const samePricingCurrency = `(${a.text('PricingCurrency')} IS NULL OR ${a.text('PricingCurrency')} IS NOT DISTINCT FROM ${a.text('BillingCurrency')})`;
  const listUnitPrice = `CASE WHEN ${priced} THEN ${decimalProduct(listPrice, recip)} END`;
  const contractedUnitPrice = `CASE WHEN ${priced} THEN ${decimalProduct(contractPrice, recip)} END`;
  const columns: Record<string, string> = {
    BillingAccountId: billingAccountExpr(a),
    BillingAccountName: `coalesce(${a.text(azureAgreement(a) === 'mca' ? 'BillingProfileName' : 'BillingAccountName')}, ${a.text('BillingAccountName')})`,
    BillingAccountType: literal(
      azureAgreement(a) === 'mca'
        ? 'Billing Profile'
        : azureAgreement(a) === 'ea'
          ? 'Billing Account'
          : 'Subscription',
    ),
    BillingCurrency: a.text('BillingCurrency'),
    BillingPeriodStart: t.periodStart,
    // Azure's BillingPeriodEndDate is the last day, inclusive; FOCUS wants the exclusive end.
    BillingPeriodEnd: `coalesce(date_trunc('day', ${periodEnd}) + CASE WHEN day(${periodEnd}) = 1 AND ${periodEnd} > ${t.periodStart} THEN INTERVAL 0 DAY ELSE INTERVAL 1 DAY END, ${t.periodStart} + INTERVAL 1 MONTH)`,
    ChargePeriodStart: t.day,
    ChargePeriodEnd: `${t.day} + INTERVAL 1 DAY`,
    ChargeCategory: t.category,
    ChargeClass: caseOf(
      t.chargeType,
      Object.fromEntries(
        Object.entries(AZURE_CHARGE_TYPES).flatMap(([k, v]) =>
          v.chargeClass ? [[k, v.chargeClass]] : [],
        ),
      ),
      'NULL',
    ),
    ChargeFrequency: caseOf(
      `lower(${a.text('Frequency')})`,
      AZURE_FREQUENCIES,
      `CASE WHEN ${isUsage} THEN 'Usage-Based' ELSE 'One-Time' END`,
    ),
    ChargeDescription: `coalesce(${a.text('ProductName')}, ${a.text('MeterName')})`,
    BilledCost: t.billed,
    EffectiveCost: t.effective,
    ListCost: listCost,
    ListUnitPrice: listUnitPrice,
    ContractedCost: contractedCost,
    ContractedUnitPrice: contractedUnitPrice,
    PricingCurrency: `coalesce(${a.text('PricingCurrency')}, ${a.text('BillingCurrency')})`,
    PricingCurrencyEffectiveCost: `CASE WHEN ${samePricingCurrency} THEN ${t.effective} END`,
    PricingCurrencyListUnitPrice: `CASE WHEN ${samePricingCurrency} THEN ${listUnitPrice} END`,
    PricingCurrencyContractedUnitPrice: `CASE WHEN ${samePricingCurrency} THEN ${contractedUnitPrice} END`,
    PricingCategory: `CASE WHEN ${t.category} NOT IN ('Usage', 'Purchase') THEN NULL WHEN ${t.commitmentPurchase} THEN 'Standard' ELSE ${caseOf(t.pricingModel, AZURE_PRICING_MODELS, `CASE WHEN ${t.pricingModel} IS NULL THEN 'Standard' ELSE 'Other' END`)} END`,
    PricingQuantity: `CASE WHEN ${priced} THEN ${pricingQty} END`,
    PricingUnit: `CASE WHEN ${priced} THEN coalesce(${lk.pricingUnit(unit)}, ${unit}) END`,
    ConsumedQuantity: `CASE WHEN ${isUsage} THEN ${pricingQty} END`,
    ConsumedUnit: `CASE WHEN ${isUsage} THEN coalesce(${lk.pricingUnit(unit)}, ${unit}) END`,
    CommitmentDiscountId: commitmentId,
    CommitmentDiscountName: `CASE WHEN ${t.commitmentType} IS NOT NULL THEN coalesce(${a.text('BenefitName')}, ${a.text('ReservationName')}) END`,
    CommitmentDiscountType: `CASE WHEN ${commitmentId} IS NOT NULL THEN ${t.commitmentType} END`,
    CommitmentDiscountCategory: `CASE WHEN ${commitmentId} IS NOT NULL THEN ${caseOf(t.commitmentType, Object.fromEntries(AZURE_COMMITMENTS.map((c) => [c.type, c.category])), 'NULL')} END`,
    CommitmentDiscountStatus: `CASE WHEN ${commitmentId} IS NOT NULL AND ${isUsage} THEN ${caseOf(t.chargeType, statusTable, `'Used'`)} END`,
    ServiceProviderName: `'Microsoft'`,
    HostProviderName: `'Microsoft'`,
    ProviderName: `'Microsoft'`,
    PublisherName: `coalesce(${a.text('PublisherName')}, 'Microsoft')`,
    InvoiceIssuerName: `coalesce(${a.text('PartnerName')}, 'Microsoft')`,
    InvoiceId: a.text('InvoiceId'),
    ServiceName: `coalesce(${lk.service('ServiceName', cs, rt)}, ${a.text('MeterCategory')}, ${a.text('ConsumedService')})`,
    ServiceCategory: serviceCategory,
    ServiceSubcategory: `coalesce(${lk.service('ServiceSubcategory', cs, rt)}, 'Other (' || ${serviceCategory} || ')')`,
    RegionId: `coalesce(${lk.regionId(location)}, replace(lower(${location}), ' ', ''))`,
    RegionName: `coalesce(${lk.regionName(location)}, ${location})`,
    AvailabilityZone: a.text('AvailabilityZone'),
    ResourceId: a.text('ResourceId'),
    ResourceType: `CASE WHEN ${a.text('ResourceId')} IS NOT NULL THEN ${rt} END`,
    ResourceName: `coalesce(${a.text('ResourceName')}, nullif(regexp_extract(${a.text('ResourceId')}, '([^/]+)/?$', 1), ''))`,
    SubAccountId: a.text('SubscriptionId'),
    SubAccountName: a.text('SubscriptionName'),
    SubAccountType: `CASE WHEN ${a.text('SubscriptionId')} IS NOT NULL THEN 'Subscription' END`,
    SkuId: `coalesce(${a.text('ProductId')}, ${a.text('PartNumber')})`,
    SkuPriceId: a.text('MeterId'),
    SkuMeter: a.text('MeterName'),
    Tags: `cl_json(${a.text('Tags')})`,
  };
  const extensions: Record<string, string> = {};
  // Provider extras are kept as text; blank is null (cheaper than cl_null on ~60 columns a row).
  for (const { source, ext } of a.extensions)
    extensions[ext] = `nullif(trim(${cols.ref(source)}), '')`;
  extensions['x_ResourceType'] = rt;

  const valueChecks: ValueCheck[] = [
    ...DECIMALS.filter((c) => a.has(c)).map((c) => ({
      column: a.resolved.get(c)!,
      kind: 'decimal' as const,
    })),
    ...TIMESTAMPS.filter((c) => a.has(c)).map((c) => ({
      column: a.resolved.get(c)!,
      kind: 'timestamp' as const,
    })),
  ];
  return {
    columns,
    extensions,
    sourceTotals: {
      billingAccountId: columns['BillingAccountId']!,
      billingPeriodStart: t.periodStart,
      billingCurrency: a.text('BillingCurrency'),
      // Native Cost, less what the row rules above move out of each view (see module header).
      billedCost: `CASE WHEN ${t.covered} THEN 0 ELSE ${t.cost} END`,
      effectiveCost: `CASE WHEN ${t.commitmentPurchase} THEN 0 ELSE ${t.cost} END`,
    },
    valueChecks,
    leniency: azureLeniency(a, t, { cs, rt, location, unit }),
  };
}

/**
 * The Azure cost-export format: detected from meter / consumed-service columns in any spelling.
 * @example await ingestFiles(wh, ['EA_AmortizedCost.csv']); // format azure-ea
 */
export const azureFormat: SourceFormat = {
  id: 'azure',
  label: 'Azure cost export (EA, MCA, pay-as-you-go; actual or amortized)',

  detect(header) {
    const names = englishSet(header);
    const hits = MARKERS.filter((c) => hasAlias(names, c)).length;
    return hits >= 3 && METERS.some((c) => hasAlias(names, c)) ? hits * 5 : 0;
  },

  checkHeader(cols, file) {
    const a = resolveAzureColumns(cols);
    const issues: Issue[] = [];
    for (const c of REQUIRED) {
      if (a.has(c)) continue;
      issues.push({
        file,
        line: 1,
        column: c,
        message: `this Azure export has no ${c === 'Cost' ? 'cost' : 'usage date'} column`,
        hint: `CostLens reads it from any of: ${AZURE_COLUMN_ALIASES[c].join(', ')} (any case, or localized as "Name (${AZURE_COLUMN_ALIASES[c][0]})"). Export with the standard Cost Management columns.`,
      });
    }
    return issues;
  },

  variant: (cols) => `azure-${azureAgreement(resolveAzureColumns(cols))}`,
  mapping,
};
