/**
 * Google Cloud's BigQuery billing export (standard or detailed, NDJSON or CSV; gcp-fields.ts) →
 * FOCUS. Credits follow the FOCUS cost definitions: credits that lower the price of the row they
 * sit on (sustained-use, committed-use, free-tier, negotiated discounts, …) are "reduced rates and
 * discounts" — BilledCost = EffectiveCost = cost + those credits; PROMOTION credits are not a price
 * but money given — each becomes its own ChargeCategory "Credit" row (BilledCost = EffectiveCost =
 * its amount) carrying the context of the row it offsets. Either way Σ BilledCost = Σ cost +
 * Σ credits, which is what Google invoices, and reconciliation checks exactly that. Unlike the
 * FinOps Foundation converter plan, EffectiveCost is not clamped at 0 (that would break the
 * invoice total). Billing periods are invoice months in US Pacific time, stored in UTC.
 */
import type { Issue } from '../../errors.ts';
import type { FocusMapping, LeniencyCheck, SourceFormat, ValueCheck } from '../source-format.ts';
import { caseOf, inList } from './azure-rules.ts';
import { gcpColumns } from './gcp-fields.ts';
import type { GcpColumns, GcpField } from './gcp-fields.ts';
import { lookupExpr, serviceCategoryLookup } from './lookup-table.ts';

/** Credit types given as money rather than as a lower price: FOCUS Credit rows. */
export const GCP_PROMOTIONAL_CREDITS = ['PROMOTION'] as const;

/** Credit types that are commitment discounts → FOCUS CommitmentDiscountCategory. */
export const GCP_COMMITMENT_CREDITS: Readonly<Record<string, string>> = {
  COMMITTED_USAGE_DISCOUNT: 'Usage',
  COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE: 'Spend',
};

/** cost_type → FOCUS ChargeCategory. */
export const GCP_COST_TYPES: Readonly<Record<string, string>> = {
  regular: 'Usage',
  tax: 'Tax',
  adjustment: 'Adjustment',
  rounding_error: 'Adjustment',
};

const REQUIRED: readonly GcpField[] = ['billing_account_id', 'cost', 'usage_start_time'];
const MARKERS: readonly string[] = [
  'billing_account_id',
  'cost',
  'currency',
  'usage_start_time',
  'usage_end_time',
  'cost_type',
  'invoice',
  'invoice.month',
  'invoice_month',
  'service',
  'service.description',
  'service_description',
  'sku',
  'sku.id',
  'sku_id',
  'credits',
];
const PACIFIC = `'America/Los_Angeles'`;
const DEC = 'DECIMAL(38, 15)';

/** Sum of a credit list's amounts (0 for none). */
function creditSum(list: string): string {
  return `coalesce(list_sum(list_transform(${list}, lambda c: cl_dec(json_extract_string(c, '$.amount')))), CAST(0 AS ${DEC}))`;
}

function creditTypeIn(types: readonly string[], negate = false): string {
  return `lambda c: ${negate ? 'NOT ' : ''}coalesce(upper(json_extract_string(c, '$.type')) IN ${inList(types)}, false)`;
}

function mapping(g: GcpColumns): FocusMapping {
  const credits = g.list('credits');
  const promos = `list_filter(${credits}, ${creditTypeIn(GCP_PROMOTIONAL_CREDITS)})`;
  const discounts = `list_filter(${credits}, ${creditTypeIn(GCP_PROMOTIONAL_CREDITS, true)})`;
  const commitments = `list_filter(${credits}, ${creditTypeIn(Object.keys(GCP_COMMITMENT_CREDITS))})`;
  const cud = `${commitments}[1]`;
  const cost = `cl_dec(${g.text('cost')})`;
  const net = `(${cost} + ${creditSum(discounts)})`;
  const costType = `lower(${g.text('cost_type')})`;
  const category = caseOf(`coalesce(${costType}, 'regular')`, GCP_COST_TYPES, `'Adjustment'`);
  const month = g.text('invoice.month');
  const usageStart = `cl_ts(${g.text('usage_start_time')})`;
  const pacificMonth = `coalesce(strptime(${month}, '%Y%m'), date_trunc('month', timezone(${PACIFIC}, timezone('UTC', ${usageStart}))))`;
  const periodStart = `timezone('UTC', timezone(${PACIFIC}, ${pacificMonth}))`;
  const periodEnd = `timezone('UTC', timezone(${PACIFIC}, ${pacificMonth} + INTERVAL 1 MONTH))`;
  const sku = g.text('sku.description');
  const service = g.text('service.description');
  const region = `coalesce(${g.text('location.region')}, ${g.text('location.location')})`;
  const tags = `CASE WHEN len(${g.list('labels')}) > 0 THEN map_from_entries(list_transform(${g.list('labels')}, lambda l: {'k': json_extract_string(l, '$.key'), 'v': json_extract_string(l, '$.value')}))::JSON END`;
  const isUsage = `(${category} = 'Usage')`;
  const categories = serviceCategoryLookup(['gcp/gcp_category_mapping.csv']);
  const serviceCategory = lookupExpr(service, categories, `'Other'`);

  const main: Record<string, string> = {
    BillingAccountId: g.text('billing_account_id'),
    BillingAccountType: `'Billing Account'`,
    BillingCurrency: g.text('currency'),
    PricingCurrency: g.text('currency'),
    BillingPeriodStart: periodStart,
    BillingPeriodEnd: periodEnd,
    ChargePeriodStart: usageStart,
    ChargePeriodEnd: `cl_ts(${g.text('usage_end_time')})`,
    ChargeCategory: category,
    ChargeClass: 'NULL',
    ChargeFrequency: `CASE WHEN ${isUsage} THEN 'Usage-Based' ELSE 'One-Time' END`,
    ChargeDescription: sku,
    BilledCost: net,
    EffectiveCost: net,
    PricingCurrencyEffectiveCost: net,
    ListCost: `coalesce(cl_dec(${g.text('cost_at_list')}), ${cost})`,
    ContractedCost: cost,
    ContractedUnitPrice: `CASE WHEN ${isUsage} THEN cl_dec(${g.text('price.effective_price')}) END`,
    PricingCurrencyContractedUnitPrice: `CASE WHEN ${isUsage} THEN cl_dec(${g.text('price.effective_price')}) END`,
    PricingCategory: `CASE WHEN ${category} <> 'Usage' THEN NULL WHEN len(${commitments}) > 0 THEN 'Committed' WHEN ${sku} ILIKE '%spot%' OR ${sku} ILIKE '%preemptible%' THEN 'Dynamic' ELSE 'Standard' END`,
    PricingQuantity: `CASE WHEN ${isUsage} THEN cl_dec(${g.text('usage.amount_in_pricing_units')}) END`,
    PricingUnit: `CASE WHEN ${isUsage} THEN ${g.text('usage.pricing_unit')} END`,
    ConsumedQuantity: `CASE WHEN ${isUsage} THEN cl_dec(${g.text('usage.amount')}) END`,
    ConsumedUnit: `CASE WHEN ${isUsage} THEN ${g.text('usage.unit')} END`,
    CommitmentDiscountId: `json_extract_string(${cud}, '$.id')`,
    CommitmentDiscountName: `coalesce(json_extract_string(${cud}, '$.full_name'), json_extract_string(${cud}, '$.name'))`,
    CommitmentDiscountType: `CASE WHEN ${cud} IS NOT NULL THEN 'Committed Use Discount' END`,
    CommitmentDiscountCategory: caseOf(
      `upper(json_extract_string(${cud}, '$.type'))`,
      GCP_COMMITMENT_CREDITS,
      'NULL',
    ),
    CommitmentDiscountStatus: `CASE WHEN ${cud} IS NOT NULL AND ${isUsage} THEN 'Used' END`,
    ServiceProviderName: `'Google Cloud'`,
    HostProviderName: `'Google Cloud'`,
    ProviderName: `'Google Cloud'`,
    PublisherName: `coalesce(${g.text('seller_name')}, 'Google Cloud')`,
    InvoiceIssuerName: `'Google Cloud'`,
    ServiceName: service,
    ServiceCategory: serviceCategory,
    ServiceSubcategory: `'Other (' || ${serviceCategory} || ')'`,
    RegionId: region,
    RegionName: region,
    AvailabilityZone: g.text('location.zone'),
    ResourceId: g.text('resource.global_name'),
    ResourceName: g.text('resource.name'),
    // //compute.googleapis.com/projects/p/zones/z/instances/123 → compute.googleapis.com/instances
    ResourceType: `nullif(regexp_replace(${g.text('resource.global_name')}, '^//([^/]+)/(?:.*/)?([^/]+)/[^/]+$', '\\1/\\2'), ${g.text('resource.global_name')})`,
    SubAccountId: g.text('project.id'),
    SubAccountName: g.text('project.name'),
    SubAccountType: `CASE WHEN ${g.text('project.id')} IS NOT NULL THEN 'Project' END`,
    SkuId: `CASE WHEN ${category} <> 'Tax' THEN ${g.text('sku.id')} END`,
    SkuPriceId: `CASE WHEN ${category} <> 'Tax' THEN ${g.text('sku.id')} END`,
    SkuMeter: `CASE WHEN ${category} <> 'Tax' THEN ${sku} END`,
    Tags: tags,
  };
  // A promotional credit row: the offset row's context, the credit's own money and name.
  const credit: Record<string, string> = {
    ChargeCategory: `'Credit'`,
    ChargeFrequency: `'One-Time'`,
    ChargeDescription: `coalesce(json_extract_string(c, '$.full_name'), json_extract_string(c, '$.name'))`,
    BilledCost: `cl_dec(json_extract_string(c, '$.amount'))`,
    EffectiveCost: `cl_dec(json_extract_string(c, '$.amount'))`,
    PricingCurrencyEffectiveCost: `cl_dec(json_extract_string(c, '$.amount'))`,
    ListCost: `cl_dec(json_extract_string(c, '$.amount'))`,
    ContractedCost: `cl_dec(json_extract_string(c, '$.amount'))`,
  };
  const blank = [
    'ContractedUnitPrice',
    'PricingCurrencyContractedUnitPrice',
    'PricingCategory',
    'PricingQuantity',
    'PricingUnit',
    'ConsumedQuantity',
    'ConsumedUnit',
    'CommitmentDiscountId',
    'CommitmentDiscountName',
    'CommitmentDiscountType',
    'CommitmentDiscountCategory',
    'CommitmentDiscountStatus',
    'SkuPriceId',
  ];
  const columns: Record<string, string> = {};
  for (const [col, expr] of Object.entries(main)) {
    const forCredit = credit[col] ?? (blank.includes(col) ? 'NULL' : expr);
    columns[col] =
      `unnest(list_concat([${expr}], list_transform(${promos}, lambda c: ${forCredit})))`;
  }
  const extensions: Record<string, string> = {
    x_ServiceId: g.text('service.id'),
    x_SkuDescription: sku,
    x_ProjectNumber: g.text('project.number'),
    x_LocationCountry: g.text('location.country'),
    x_CostType: g.text('cost_type'),
    x_InvoiceMonth: month,
    x_CurrencyConversionRate: g.text('currency_conversion_rate'),
    x_ExportTime: g.text('export_time'),
    x_TransactionType: g.text('transaction_type'),
    x_Cost: g.text('cost'),
    x_Credits: `CASE WHEN len(${credits}) > 0 THEN ${credits}::JSON::VARCHAR END`,
    x_ProjectLabels: `CASE WHEN len(${g.list('project.labels')}) > 0 THEN ${g.list('project.labels')}::JSON::VARCHAR END`,
    x_SystemLabels: `CASE WHEN len(${g.list('system_labels')}) > 0 THEN ${g.list('system_labels')}::JSON::VARCHAR END`,
    x_CreditType: `unnest(list_concat([CAST(NULL AS VARCHAR)], list_transform(${promos}, lambda c: json_extract_string(c, '$.type'))))`,
  };
  const valueChecks: ValueCheck[] = [];
  for (const f of ['cost', 'cost_at_list', 'currency_conversion_rate'] as const) {
    const col = g.sourceColumn(f);
    if (col) valueChecks.push({ column: col, kind: 'decimal' });
  }
  for (const f of ['usage_start_time', 'usage_end_time'] as const) {
    const col = g.sourceColumn(f);
    if (col) valueChecks.push({ column: col, kind: 'timestamp' });
  }
  return {
    columns,
    extensions,
    sourceTotals: {
      billingAccountId: g.text('billing_account_id'),
      billingPeriodStart: periodStart,
      billingCurrency: g.text('currency'),
      billedCost: `${cost} + ${creditSum(credits)}`,
      effectiveCost: `${cost} + ${creditSum(credits)}`,
    },
    valueChecks,
    leniency: leniency(g, { credits, costType, service, categories, month }),
  };
}

function leniency(
  g: GcpColumns,
  e: {
    credits: string;
    costType: string;
    service: string;
    categories: ReadonlyMap<string, string>;
    month: string;
  },
): LeniencyCheck[] {
  return [
    {
      id: 'gcp-credit-amount-invalid',
      column: 'credits',
      severity: 'error',
      message: 'a credit without a numeric amount; it counts as 0 in BilledCost and EffectiveCost.',
      predicate: `len(list_filter(${e.credits}, lambda c: cl_dec(json_extract_string(c, '$.amount')) IS NULL)) > 0`,
      example: `${e.credits}::JSON::VARCHAR`,
    },
    {
      id: 'gcp-credits-not-a-list',
      column: 'credits',
      severity: 'error',
      message: 'credits is not a JSON array of credit records; read as no credits.',
      predicate: `${g.listText('credits')} IS NOT NULL AND ${g.listText('credits')} <> '[]' AND len(${e.credits}) = 0`,
      example: g.listText('credits'),
    },
    {
      id: 'gcp-cost-type-unknown',
      column: 'cost_type',
      severity: 'warning',
      message: `cost_type not one Google documents (${Object.keys(GCP_COST_TYPES).join(', ')}); mapped to ChargeCategory Adjustment.`,
      predicate: `${e.costType} IS NOT NULL AND ${e.costType} NOT IN ${inList(Object.keys(GCP_COST_TYPES))}`,
      example: e.costType,
    },
    {
      id: 'gcp-service-unmapped',
      column: 'service.description',
      severity: 'info',
      message:
        'service not in the FinOps Foundation GCP category mapping (data/gcp); ServiceCategory set to Other.',
      predicate: `${lookupExpr(e.service, e.categories, 'NULL')} IS NULL`,
      example: e.service,
    },
    {
      id: 'gcp-invoice-month-missing',
      column: 'invoice.month',
      severity: 'warning',
      message:
        'no invoice month; the billing period is the Pacific-time month of usage_start_time.',
      predicate: `${e.month} IS NULL`,
    },
  ];
}

/**
 * The GCP billing-export format: detected from billing_account_id plus the export's other fields.
 * @example await ingestFiles(wh, ['billing.jsonl']); // format gcp-standard or gcp-detailed
 */
export const gcpFormat: SourceFormat = {
  id: 'gcp',
  label: 'Google Cloud BigQuery billing export (standard or detailed; NDJSON or CSV)',

  detect(header) {
    const names = new Set(header.map((h) => h.toLowerCase()));
    const hits = MARKERS.filter((m) => names.has(m)).length;
    return names.has('billing_account_id') && hits >= 4 ? hits * 6 : 0;
  },

  checkHeader(cols, file) {
    const g = gcpColumns(cols);
    const issues: Issue[] = [];
    for (const f of [...REQUIRED, 'service.description', 'currency'] as const) {
      if (g.has(f)) continue;
      issues.push({
        file,
        line: 1,
        column: f,
        message: `this GCP billing export has no ${f} field`,
        hint: 'Export the BigQuery billing table with its documented columns (for CSV, flatten records as service.description or keep them as JSON text).',
      });
    }
    return issues;
  },

  variant: (cols) =>
    `gcp-${gcpColumns(cols).has('resource.global_name') ? 'detailed' : 'standard'}`,
  mapping: (cols) => mapping(gcpColumns(cols)),
};
