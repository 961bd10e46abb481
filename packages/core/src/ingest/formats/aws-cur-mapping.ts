/**
 * The FOCUS mapping shared by every AWS CUR flavour (legacy CSV, CUR 2.0, Athena snake_case):
 * given how an export spells each CUR field (a `CurSource`), returns SQL per FOCUS column, built
 * from the declared line-item rules in aws-common.ts. Reconciliation totals come from the native
 * columns: UnblendedCost (what is invoiced) and its amortized equivalent.
 * Not here: header detection or spelling (aws-cur.ts, aws-cur2.ts).
 */
import { DECIMAL_TYPE } from '../../focus/schema.ts';
import { literal } from '../../util/sql.ts';
import type { FocusMapping, LeniencyCheck, ValueCheck } from '../source-format.ts';
import {
  AMORTIZATION_FIELDS,
  CUR_FIELDS,
  DECIMAL_CUR_FIELDS,
  LINE_ITEM_RULES,
  TIMESTAMP_CUR_FIELDS,
} from './aws-common.ts';
import type { Amortization, CurField, LineItemRule } from './aws-common.ts';
import {
  loadLookup,
  lookupExpr,
  serviceCategoryLookup,
  serviceSubcategoryLookup,
  subcategoryExpr,
} from './lookup-table.ts';

/** How one export spells the CUR fields. */
export interface CurSource {
  /** SQL yielding the field's raw text, or undefined when the export lacks it. */
  field(f: CurField): string | undefined;
  /** The stage column holding the field as a plain column (for value checks), if any. */
  column(f: CurField): string | undefined;
  /** SQL yielding the Tags JSON, or `NULL`. */
  tags: string;
  /** Extra lenient-read findings specific to the flavour (e.g. unparseable tag maps). */
  leniency?: readonly LeniencyCheck[];
}

let categories: ReadonlyMap<string, string> | undefined;
let regions: ReadonlyMap<string, string> | undefined;
let subcategories: ReadonlyMap<string, string> | undefined;

/** AWS product code → FOCUS ServiceSubcategory (CostLens's table, checked against categories). */
export function awsServiceSubcategories(): ReadonlyMap<string, string> {
  subcategories ??= serviceSubcategoryLookup(
    ['aws/aws_subcategory.costlens.csv'],
    awsServiceCategories(),
  );
  return subcategories;
}

/** AWS region code → region name as AWS writes it in product/location (CostLens's table). */
export function awsRegionNames(): ReadonlyMap<string, string> {
  regions ??= loadLookup(['aws/aws_regions.csv']);
  return regions;
}

/** AWS product code → FOCUS ServiceCategory (FinOps Foundation mapping + CostLens supplement). */
export function awsServiceCategories(): ReadonlyMap<string, string> {
  categories ??= serviceCategoryLookup([
    'aws/aws_category_mapping.csv',
    'aws/aws_category_mapping.costlens.csv',
  ]);
  return categories;
}

const ZERO = `0::${DECIMAL_TYPE}`;

/** `CASE WHEN type IN (…) THEN value …` grouping line item types by the value a rule picks. */
function byRule(
  typeExpr: string,
  pick: (rule: LineItemRule) => string | null,
  otherwise = 'NULL',
): string {
  const groups = new Map<string, string[]>();
  for (const [type, rule] of Object.entries(LINE_ITEM_RULES)) {
    const value = pick(rule);
    if (value === null) continue;
    groups.set(value, [...(groups.get(value) ?? []), type]);
  }
  if (groups.size === 0) return otherwise;
  const whens = [...groups]
    .map(([value, types]) => `WHEN ${typeExpr} IN (${types.map(literal).join(', ')}) THEN ${value}`)
    .join(' ');
  return `CASE ${whens} ELSE ${otherwise} END`;
}

/** Builds the FOCUS mapping for a CUR whose fields `src` spells. */
export function curMapping(src: CurSource): FocusMapping {
  const has = (f: CurField) => src.field(f) !== undefined;
  const txt = (f: CurField) => (has(f) ? `cl_null(${src.field(f)})` : 'NULL');
  const dec = (f: CurField) => (has(f) ? `cl_dec(${src.field(f)})` : 'NULL');
  const ts = (f: CurField) => (has(f) ? `cl_ts(${src.field(f)})` : 'NULL');
  // Compared as written: AWS never pads it, and skipping cl_null here saves a trim per CASE.
  const type = src.field('lineItemType') ?? 'NULL';
  const unblended = dec('unblendedCost');
  const lit = (v: string | null) => (v === null ? null : literal(v));

  const amortizable = (a: Amortization) => AMORTIZATION_FIELDS[a].every(has);
  const amortized: Record<Amortization, string> = {
    unblended,
    zero: ZERO,
    reservationEffective: `coalesce(${dec('reservationEffectiveCost')}, ${unblended})`,
    savingsPlanEffective: `coalesce(${dec('savingsPlanEffectiveCost')}, ${unblended})`,
    reservationUnused: `coalesce(${dec('reservationUnusedUpfront')} + ${dec('reservationUnusedRecurring')}, ${unblended})`,
    savingsPlanUnused: `coalesce(${dec('savingsPlanTotalCommitment')} - ${dec('savingsPlanUsedCommitment')}, ${unblended})`,
    reservationFee: has('reservationArn')
      ? `CASE WHEN ${txt('reservationArn')} IS NOT NULL THEN ${ZERO} ELSE ${unblended} END`
      : unblended,
  };
  const effective = byRule(
    type,
    (r) => (amortizable(r.effective) ? amortized[r.effective] : unblended),
    unblended,
  );

  const spot = `(lower(${txt('term')}) = 'spot' OR ${txt('usageType')} ILIKE '%SpotUsage%' OR lower(${txt('purchaseOption')}) LIKE 'spot%')`;
  const termCategory = `CASE WHEN ${spot} THEN 'Dynamic' WHEN lower(${txt('term')}) = 'reserved' THEN 'Committed' ELSE 'Standard' END`;
  const commitmentId = `coalesce(${txt('savingsPlanArn')}, ${txt('reservationArn')})`;
  const isUsage = byRule(type, (r) => (r.chargeCategory === 'Usage' ? 'true' : null), 'false');
  // FOCUS: a tax line has no pricing quantity, unit or price of its own.
  const unlessTax = (sql: string) =>
    `CASE WHEN ${byRule(type, (r) => (r.chargeCategory === 'Tax' ? 'false' : null), 'true')} THEN ${sql} END`;
  const productCode = `coalesce(${txt('productCode')}, ${txt('serviceCode')})`;
  const regionId = `coalesce(${txt('regionCode')}, ${txt('region')})`;
  const serviceCategory = lookupExpr(productCode, awsServiceCategories(), `'Other'`);
  // Commitment fees with an unused part yield two rows (zipped unnest: DuckDB emits one row per
  // list element and repeats the other columns); the Purchase row first, then the Unused row.
  const unusedAmount = byRule(type, (r) =>
    r.splitsUnused && amortizable(r.effective) ? amortized[r.effective] : null,
  );
  const split = `coalesce(${unusedAmount} <> 0, false)`;
  const twoRows = (normal: string, purchase: string, unused: string) =>
    `unnest(CASE WHEN ${split} THEN [${purchase}, ${unused}] ELSE [${normal}] END)`;
  const chargeCategory = byRule(type, (r) => lit(r.chargeCategory));
  const chargeFrequency = byRule(type, (r) => lit(r.chargeFrequency));
  const listCost = byRule(
    type,
    (r) => (r.listCost === 'zero' ? ZERO : null),
    `coalesce(${dec('publicOnDemandCost')}, ${unblended})`,
  );
  const consumed = (sql: string) =>
    `CASE WHEN ${isUsage} AND ${type} <> 'SavingsPlanNegation' THEN ${sql} END`;
  const contractedByType: Record<string, string> = {
    DiscountedUsage: `coalesce(${dec('publicOnDemandCost')}, ${unblended})`,
    SavingsPlanNegation: ZERO,
  };

  const contracted = `CASE ${Object.entries(contractedByType)
    .map(([t, v]) => `WHEN ${type} = ${literal(t)} THEN ${v}`)
    .join(' ')} ELSE ${unblended} END`;
  const pricingCategory = byRule(type, (r) =>
    r.pricingCategory === 'term' ? termCategory : lit(r.pricingCategory),
  );
  const commitmentStatus = `CASE WHEN ${commitmentId} IS NOT NULL THEN ${byRule(type, (r) => lit(r.commitmentDiscountStatus))} END`;

  const columns: Record<string, string> = {
    BillingAccountId: txt('payerAccountId'),
    BillingAccountName: txt('payerAccountName'),
    SubAccountId: txt('usageAccountId'),
    SubAccountName: txt('usageAccountName'),
    BillingCurrency: txt('currency'),
    BillingPeriodStart: ts('billingPeriodStart'),
    BillingPeriodEnd: ts('billingPeriodEnd'),
    ChargePeriodStart: ts('usageStart'),
    ChargePeriodEnd: ts('usageEnd'),
    ChargeCategory: twoRows(chargeCategory, chargeCategory, `'Usage'`),
    ChargeClass: byRule(type, (r) => lit(r.chargeClass)),
    ChargeFrequency: twoRows(chargeFrequency, chargeFrequency, `'Usage-Based'`),
    ChargeDescription: txt('description'),
    BilledCost: twoRows(unblended, unblended, ZERO),
    EffectiveCost: twoRows(effective, ZERO, unusedAmount),
    ListCost: twoRows(listCost, listCost, unusedAmount),
    ListUnitPrice: unlessTax(dec('publicOnDemandRate')),
    ContractedCost: twoRows(contracted, contracted, unusedAmount),
    PricingCategory: twoRows(pricingCategory, pricingCategory, `'Committed'`),
    PricingQuantity: unlessTax(dec('usageAmount')),
    PricingUnit: unlessTax(txt('pricingUnit')),
    // Lines without a pricing currency (tax) are priced in the billing currency.
    PricingCurrency: `coalesce(${txt('pricingCurrency')}, ${txt('currency')})`,
    ConsumedQuantity: consumed(dec('usageAmount')),
    ConsumedUnit: consumed(txt('pricingUnit')),
    CommitmentDiscountId: commitmentId,
    CommitmentDiscountType: `CASE WHEN ${txt('savingsPlanArn')} IS NOT NULL THEN 'Savings Plan' WHEN ${txt('reservationArn')} IS NOT NULL THEN 'Reserved Instance' END`,
    CommitmentDiscountCategory: `CASE WHEN ${txt('savingsPlanArn')} IS NOT NULL THEN 'Spend' WHEN ${txt('reservationArn')} IS NOT NULL THEN 'Usage' END`,
    CommitmentDiscountStatus: twoRows(commitmentStatus, 'NULL', `'Unused'`),
    ServiceName: `coalesce(${txt('productName')}, ${productCode})`,
    ServiceCategory: serviceCategory,
    ServiceSubcategory: subcategoryExpr(productCode, awsServiceSubcategories(), serviceCategory),
    RegionId: regionId,
    // Data transfer lines leave product/location empty; the region code still names the region.
    RegionName: lookupExpr(regionId, awsRegionNames(), txt('location')),
    AvailabilityZone: txt('availabilityZone'),
    ResourceId: txt('resourceId'),
    SkuId: txt('sku'),
    SkuPriceId: unlessTax(`coalesce(${txt('rateCode')}, ${txt('rateId')})`),
    InvoiceId: txt('invoiceId'),
    InvoiceIssuerName: txt('invoicingEntity'),
    PublisherName: txt('legalEntity'),
    ProviderName: `'AWS'`,
    ServiceProviderName: `'AWS'`,
    HostProviderName: `'AWS'`,
    Tags: src.tags,
  };

  const extensions: Record<string, string> = {
    x_UsageType: txt('usageType'),
    x_Operation: txt('operation'),
    x_ServiceCode: txt('productCode'),
    x_LineItemType: txt('lineItemType'),
    x_LineItemId: txt('lineItemId'),
    x_BillType: txt('billType'),
  };

  const valueChecks: ValueCheck[] = [];
  for (const f of DECIMAL_CUR_FIELDS) {
    const column = src.column(f);
    if (column) valueChecks.push({ column, kind: 'decimal' });
  }
  for (const f of TIMESTAMP_CUR_FIELDS) {
    const column = src.column(f);
    if (column) valueChecks.push({ column, kind: 'timestamp' });
  }

  // A column the export lacks is not "provided" (the quality report judges presence by this).
  for (const [k, v] of Object.entries(columns)) if (v === 'NULL') delete columns[k];
  for (const [k, v] of Object.entries(extensions)) if (v === 'NULL') delete extensions[k];

  return {
    columns,
    extensions,
    sourceTotals: {
      billingAccountId: txt('payerAccountId'),
      billingPeriodStart: ts('billingPeriodStart'),
      billingCurrency: txt('currency'),
      billedCost: unblended,
      effectiveCost: effective,
    },
    valueChecks,
    leniency: [...curLeniency(src, type, productCode), ...(src.leniency ?? [])],
  };
}

function curLeniency(src: CurSource, type: string, productCode: string): LeniencyCheck[] {
  const has = (f: CurField) => src.field(f) !== undefined;
  const known = Object.keys(LINE_ITEM_RULES).map(literal).join(', ');
  const checks: LeniencyCheck[] = [
    {
      id: 'aws-line-item-type-unknown',
      column: CUR_FIELDS.lineItemType,
      severity: 'error',
      message: `lineItem/LineItemType holds a value CostLens does not know (known: ${Object.keys(LINE_ITEM_RULES).join(', ')}); ChargeCategory is left empty and EffectiveCost equals UnblendedCost.`,
      predicate: `coalesce(${type}, '') NOT IN (${known})`,
      example: type,
    },
    {
      id: 'aws-service-category-unmapped',
      column: CUR_FIELDS.productCode,
      severity: 'info',
      message:
        'product code not in the AWS service-category mapping (data/aws/*.csv); ServiceCategory set to Other.',
      predicate: `${productCode} IS NOT NULL AND ${lookupExpr(productCode, awsServiceCategories())} IS NULL`,
      example: productCode,
    },
  ];
  // Line items whose amortization needs columns the export lacks (or leaves empty) keep their
  // unblended cost as EffectiveCost: say so rather than guess.
  for (const [lineType, rule] of Object.entries(LINE_ITEM_RULES)) {
    const needs = AMORTIZATION_FIELDS[rule.effective];
    if (needs.length === 0) continue;
    const missing = needs.filter((f) => !has(f));
    const predicate =
      missing.length > 0
        ? `${type} = ${literal(lineType)}`
        : `${type} = ${literal(lineType)} AND (${needs.map((f) => `cl_dec(${src.field(f)}) IS NULL`).join(' OR ')})`;
    checks.push({
      id: 'aws-amortization-unavailable',
      column: CUR_FIELDS.lineItemType,
      severity: 'error',
      message: `${lineType} line items lack ${needs.map((f) => CUR_FIELDS[f]).join(' / ')}${missing.length > 0 ? ' (not in the export)' : ' (empty)'}; EffectiveCost uses UnblendedCost instead of the amortized cost.`,
      predicate,
      example: type,
    });
  }
  return checks;
}

/**
 * SQL for a JSON object from a list of `{k, v}` structs, leaving out null values; NULL when none
 * remain. Built as text rather than through a MAP so that two tags normalizing to one key (e.g.
 * CUR 2.0 `user_team` and `team`) are both kept instead of failing the whole ingest.
 */
export function jsonObjectFromEntries(entriesSql: string): string {
  const kept = `list_filter(${entriesSql}, x -> x.v IS NOT NULL)`;
  const pairs = `list_transform(${kept}, x -> to_json(x.k)::VARCHAR || ':' || to_json(x.v)::VARCHAR)`;
  return `CAST(nullif('{' || array_to_string(${pairs}, ',') || '}', '{}') AS JSON)`;
}

/**
 * SQL for a Tags JSON object built from one column per tag (legacy `resourceTags/user:team`
 * columns); empty values are left out, and a row without tags gets NULL rather than `{}`.
 */
export function tagsFromColumns(entries: readonly (readonly [key: string, ref: string])[]): string {
  if (entries.length === 0) return 'NULL';
  const structs = entries.map(([k, ref]) => `{'k': ${literal(k)}, 'v': cl_null(${ref})}`);
  return jsonObjectFromEntries(`[${structs.join(', ')}]`);
}
