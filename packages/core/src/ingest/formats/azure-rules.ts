/**
 * The declared Azure → FOCUS value rules: ChargeType → ChargeCategory/ChargeClass, Frequency →
 * ChargeFrequency, PricingModel → PricingCategory, benefit kind → CommitmentDiscountType/Category,
 * and the SQL helpers that turn such tables into CASE expressions. Data only: no row is read here.
 */
import { literal } from '../../util/sql.ts';

/** Azure ChargeType (lower case) → FOCUS ChargeCategory, ChargeClass and commitment status. */
export const AZURE_CHARGE_TYPES: Readonly<
  Record<string, { category: string; chargeClass?: string; commitmentStatus?: string }>
> = {
  usage: { category: 'Usage' },
  purchase: { category: 'Purchase' },
  tax: { category: 'Tax' },
  unusedreservation: { category: 'Usage', commitmentStatus: 'Unused' },
  unusedsavingsplan: { category: 'Usage', commitmentStatus: 'Unused' },
  refund: { category: 'Purchase', chargeClass: 'Correction' },
  roundingadjustment: { category: 'Adjustment' },
  adjustment: { category: 'Adjustment' },
  credit: { category: 'Credit' },
};

/** Azure Frequency (lower case) → FOCUS ChargeFrequency. */
export const AZURE_FREQUENCIES: Readonly<Record<string, string>> = {
  onetime: 'One-Time',
  recurring: 'Recurring',
  usagebased: 'Usage-Based',
};

/** Azure PricingModel (lower case, spaces removed) → FOCUS PricingCategory. */
export const AZURE_PRICING_MODELS: Readonly<Record<string, string>> = {
  ondemand: 'Standard',
  spot: 'Dynamic',
  reservation: 'Committed',
  savingsplan: 'Committed',
};

/** Commitment kinds: how each is recognised, and its FOCUS type and category. */
export const AZURE_COMMITMENTS = [
  {
    type: 'Reservation',
    category: 'Usage',
    benefitPath: '/microsoft.capacity/',
    pricingModel: 'reservation',
    unusedChargeType: 'unusedreservation',
  },
  {
    type: 'Savings Plan',
    category: 'Spend',
    benefitPath: '/microsoft.billingbenefits/',
    pricingModel: 'savingsplan',
    unusedChargeType: 'unusedsavingsplan',
  },
] as const;

/** `CASE key WHEN 'a' THEN 'A' … ELSE fallback END` from a declared table (keys are literals). */
export function caseOf(key: string, table: Readonly<Record<string, string>>, fallback: string) {
  const whens = Object.entries(table)
    .map(([k, v]) => `WHEN ${literal(k)} THEN ${literal(v)}`)
    .join(' ');
  return `CASE ${key} ${whens} ELSE ${fallback} END`;
}

/** SQL list of literals: `('a', 'b')`. */
export function inList(values: readonly string[]): string {
  return `(${values.map(literal).join(', ')})`;
}

/**
 * Exact DECIMAL(38,15) product of two decimals; falls back to 9-decimal operands only when the
 * exact product would overflow DuckDB's 38 digits (amounts above ~10^8 at full precision).
 */
export function decimalProduct(a: string, b: string): string {
  return `coalesce(TRY(CAST((${a}) * (${b}) AS DECIMAL(38, 15))), CAST(CAST(${a} AS DECIMAL(38, 9)) * CAST(${b} AS DECIMAL(38, 9)) AS DECIMAL(38, 15)))`;
}
