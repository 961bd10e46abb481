/**
 * What AWS Cost and Usage Reports mean, independent of how a given export spells its columns:
 * the fields CostLens reads (named by their legacy CUR header, from which CUR 2.0 / Athena
 * snake_case names derive mechanically) and one declared rule per line item type (ChargeCategory,
 * ChargeClass, ChargeFrequency, how EffectiveCost amortizes, PricingCategory, commitment status).
 * Not here: SQL for a particular export (aws-cur-mapping.ts) or header detection (aws-cur*.ts).
 */

/** CUR fields CostLens reads, keyed by a logical name, valued by the legacy CUR header. */
export const CUR_FIELDS = {
  lineItemId: 'identity/LineItemId',
  invoiceId: 'bill/InvoiceId',
  invoicingEntity: 'bill/InvoicingEntity',
  billType: 'bill/BillType',
  payerAccountId: 'bill/PayerAccountId',
  payerAccountName: 'bill/PayerAccountName',
  billingPeriodStart: 'bill/BillingPeriodStartDate',
  billingPeriodEnd: 'bill/BillingPeriodEndDate',
  usageAccountId: 'lineItem/UsageAccountId',
  usageAccountName: 'lineItem/UsageAccountName',
  lineItemType: 'lineItem/LineItemType',
  usageStart: 'lineItem/UsageStartDate',
  usageEnd: 'lineItem/UsageEndDate',
  productCode: 'lineItem/ProductCode',
  usageType: 'lineItem/UsageType',
  operation: 'lineItem/Operation',
  availabilityZone: 'lineItem/AvailabilityZone',
  resourceId: 'lineItem/ResourceId',
  usageAmount: 'lineItem/UsageAmount',
  currency: 'lineItem/CurrencyCode',
  unblendedCost: 'lineItem/UnblendedCost',
  description: 'lineItem/LineItemDescription',
  legalEntity: 'lineItem/LegalEntity',
  taxType: 'lineItem/TaxType',
  productName: 'product/ProductName',
  serviceCode: 'product/servicecode',
  regionCode: 'product/regionCode',
  region: 'product/region',
  location: 'product/location',
  sku: 'product/sku',
  rateCode: 'pricing/RateCode',
  rateId: 'pricing/RateId',
  pricingCurrency: 'pricing/currency',
  publicOnDemandCost: 'pricing/publicOnDemandCost',
  publicOnDemandRate: 'pricing/publicOnDemandRate',
  term: 'pricing/term',
  purchaseOption: 'pricing/PurchaseOption',
  pricingUnit: 'pricing/unit',
  reservationArn: 'reservation/ReservationARN',
  reservationEffectiveCost: 'reservation/EffectiveCost',
  reservationUnusedUpfront: 'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod',
  reservationUnusedRecurring: 'reservation/UnusedRecurringFee',
  savingsPlanArn: 'savingsPlan/SavingsPlanARN',
  savingsPlanEffectiveCost: 'savingsPlan/SavingsPlanEffectiveCost',
  savingsPlanTotalCommitment: 'savingsPlan/TotalCommitmentToDate',
  savingsPlanUsedCommitment: 'savingsPlan/UsedCommitment',
} as const;

export type CurField = keyof typeof CUR_FIELDS;

/** Fields without which a CUR cannot be stored or reconciled. */
export const REQUIRED_CUR_FIELDS: readonly CurField[] = [
  'payerAccountId',
  'billingPeriodStart',
  'billingPeriodEnd',
  'lineItemType',
  'usageStart',
  'usageEnd',
  'unblendedCost',
  'currency',
];

/** Fields holding numbers the mapping reads (each checked before anything is written). */
export const DECIMAL_CUR_FIELDS: readonly CurField[] = [
  'usageAmount',
  'unblendedCost',
  'publicOnDemandCost',
  'publicOnDemandRate',
  'reservationEffectiveCost',
  'reservationUnusedUpfront',
  'reservationUnusedRecurring',
  'savingsPlanEffectiveCost',
  'savingsPlanTotalCommitment',
  'savingsPlanUsedCommitment',
];

export const TIMESTAMP_CUR_FIELDS: readonly CurField[] = [
  'billingPeriodStart',
  'billingPeriodEnd',
  'usageStart',
  'usageEnd',
];

/** `lineItem/UnblendedCost` → `line_item_unblended_cost` (CUR 2.0 and Athena naming). */
export function snakeCase(name: string): string {
  return name
    .replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
    .replace(/^_/, '')
    .replace(/\/_?/g, '_');
}

/**
 * How a line item's EffectiveCost amortizes (AWS's documented amortized-cost rules, as in the
 * FinOps Foundation conversion plan): usage covered by a commitment carries its share of the
 * commitment; the fee lines then carry only the unused part, or nothing once amortized.
 */
export type Amortization =
  | 'unblended'
  | 'zero'
  | 'reservationEffective'
  | 'savingsPlanEffective'
  | 'reservationUnused'
  | 'savingsPlanUnused'
  | 'reservationFee';

/** Fields each amortization needs; without them EffectiveCost falls back to UnblendedCost. */
export const AMORTIZATION_FIELDS: Readonly<Record<Amortization, readonly CurField[]>> = {
  unblended: [],
  zero: [],
  reservationEffective: ['reservationEffectiveCost'],
  savingsPlanEffective: ['savingsPlanEffectiveCost'],
  reservationUnused: ['reservationUnusedUpfront', 'reservationUnusedRecurring'],
  savingsPlanUnused: ['savingsPlanTotalCommitment', 'savingsPlanUsedCommitment'],
  reservationFee: [],
};

export interface LineItemRule {
  chargeCategory: 'Usage' | 'Purchase' | 'Tax' | 'Credit' | 'Adjustment';
  chargeClass: 'Correction' | null;
  chargeFrequency: 'Usage-Based' | 'Recurring' | 'One-Time';
  effective: Amortization;
  /** `term`: Standard, or Dynamic for spot, or Committed for reserved terms. */
  pricingCategory: 'term' | 'Committed' | 'Standard' | null;
  commitmentDiscountStatus: 'Used' | null;
  /**
   * ListCost: the public on-demand cost (else what was billed); `zero` where list prices do not
   * apply — discounts, credits, refunds, and the negation that offsets Savings Plan usage.
   */
  listCost: 'publicOnDemand' | 'zero';
  /**
   * A commitment fee whose unused part becomes its own FOCUS row (ChargeCategory Usage,
   * CommitmentDiscountStatus Unused, EffectiveCost = the unused amount), leaving the Purchase
   * row with EffectiveCost 0 — as the FOCUS commitment-discount examples model it.
   */
  splitsUnused?: boolean;
}

const usage = (effective: Amortization, committed: boolean): LineItemRule => ({
  chargeCategory: 'Usage',
  chargeClass: null,
  chargeFrequency: 'Usage-Based',
  effective,
  pricingCategory: committed ? 'Committed' : 'term',
  commitmentDiscountStatus: committed && effective !== 'zero' ? 'Used' : null,
  listCost: effective === 'zero' ? 'zero' : 'publicOnDemand',
});

const discount: LineItemRule = {
  chargeCategory: 'Credit',
  chargeClass: null,
  chargeFrequency: 'Usage-Based',
  effective: 'unblended',
  pricingCategory: null,
  commitmentDiscountStatus: null,
  listCost: 'zero',
};

/**
 * Every CUR line item type → its FOCUS meaning. Discounts become Credit rows (FOCUS 1.0+ has a
 * Credit category; the older FinOps plan filed them under Usage); refunds correct charges of an
 * earlier period, so they are Adjustment with ChargeClass Correction.
 */
export const LINE_ITEM_RULES: Readonly<Record<string, LineItemRule>> = {
  Usage: usage('unblended', false),
  DiscountedUsage: usage('reservationEffective', true),
  SavingsPlanCoveredUsage: usage('savingsPlanEffective', true),
  SavingsPlanNegation: usage('zero', true),
  SavingsPlanRecurringFee: {
    chargeCategory: 'Purchase',
    chargeClass: null,
    chargeFrequency: 'Recurring',
    effective: 'savingsPlanUnused',
    pricingCategory: 'Standard',
    commitmentDiscountStatus: null,
    listCost: 'publicOnDemand',
    splitsUnused: true,
  },
  SavingsPlanUpfrontFee: {
    chargeCategory: 'Purchase',
    chargeClass: null,
    chargeFrequency: 'One-Time',
    effective: 'zero',
    pricingCategory: 'Standard',
    commitmentDiscountStatus: null,
    listCost: 'publicOnDemand',
  },
  RIFee: {
    chargeCategory: 'Purchase',
    chargeClass: null,
    chargeFrequency: 'Recurring',
    effective: 'reservationUnused',
    pricingCategory: 'Standard',
    commitmentDiscountStatus: null,
    listCost: 'publicOnDemand',
    splitsUnused: true,
  },
  Fee: {
    chargeCategory: 'Purchase',
    chargeClass: null,
    chargeFrequency: 'One-Time',
    effective: 'reservationFee',
    pricingCategory: 'Standard',
    commitmentDiscountStatus: null,
    listCost: 'publicOnDemand',
  },
  Credit: { ...discount, chargeFrequency: 'One-Time' },
  Refund: {
    chargeCategory: 'Adjustment',
    chargeClass: 'Correction',
    chargeFrequency: 'One-Time',
    effective: 'unblended',
    pricingCategory: null,
    commitmentDiscountStatus: null,
    listCost: 'zero',
  },
  Tax: {
    chargeCategory: 'Tax',
    chargeClass: null,
    chargeFrequency: 'Recurring',
    effective: 'unblended',
    pricingCategory: null,
    commitmentDiscountStatus: null,
    listCost: 'publicOnDemand',
  },
  BundledDiscount: discount,
  Discount: discount,
  EdpDiscount: discount,
  PrivateRateDiscount: discount,
  SppDiscount: discount,
  DistributorDiscount: discount,
};

/** Tag key as FOCUS wants it: user tags unprefixed, AWS-generated tags keep `aws:`. */
export function focusTagKey(curKey: string): string {
  return curKey.replace(/^user:/, '');
}
