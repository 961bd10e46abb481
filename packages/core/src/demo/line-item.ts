/**
 * A line-item template: one billable thing (an instance's compute hours, a bucket's storage, a
 * model's input tokens) with its FOCUS attributes, unit prices and how its quantity moves over the
 * window. The store expands templates × days into cost rows; nothing here knows about dates.
 * Prices are decimal strings; quantities are numbers (hours, GB, tokens) rounded when expanded.
 */

export type DemoProvider = 'aws' | 'azure' | 'gcp';
export type Cadence = 'daily' | 'monthly' | 'once';
export type UsageKind =
  'instance-hours' | 'storage' | 'requests' | 'transfer' | 'tokens' | 'compute' | 'fee' | 'credit';

export interface LineItem {
  id: number;
  provider: DemoProvider;
  providerName: string;
  publisherName: string;
  invoiceIssuerName: string;
  billingAccountId: string;
  billingAccountName: string;
  subAccountId: string;
  subAccountName: string;
  regionId: string | null;
  regionName: string | null;
  availabilityZone: string | null;
  serviceName: string;
  serviceCategory: string;
  /** AWS x_ServiceCode, Azure x_SkuMeterCategory, GCP x_ServiceId. */
  serviceCode: string;
  resourceId: string | null;
  resourceName: string | null;
  resourceType: string | null;
  skuId: string;
  skuPriceId: string;
  chargeDescription: string;
  /** AWS x_UsageType, Azure x_SkuMeterName, GCP SKU description. */
  usageType: string;
  /** AWS x_Operation, Azure x_SkuMeterSubcategory. */
  operation: string;
  consumedUnit: string | null;
  pricingUnit: string | null;
  /** Units of pricing unit per consumed unit (e.g. 1/1000 for "1K tokens"). */
  pricingPerConsumed: number;
  listUnitPrice: string;
  contractedUnitPrice: string;
  effectiveUnitPrice: string;
  billedUnitPrice: string;
  pricingCategory: 'Standard' | 'Dynamic' | 'Committed' | null;
  commitmentId: string | null;
  commitmentName: string | null;
  commitmentType: string | null;
  commitmentCategory: 'Spend' | 'Usage' | null;
  commitmentStatus: 'Used' | null;
  chargeCategory: 'Usage' | 'Purchase' | 'Credit' | 'Tax' | 'Adjustment';
  chargeFrequency: 'Usage-Based' | 'Recurring' | 'One-Time';
  cadence: Cadence;
  usageKind: UsageKind;
  /** Consumed quantity per day (daily), per month (monthly) or in all (once), before factors. */
  baseQty: number;
  /** Upper bound per day (24 for instance-hours). */
  maxQty: number;
  qtyDecimals: number;
  profile: string;
  /** Relative day-to-day noise amplitude (0 = none). */
  noise: number;
  /** First day index (inclusive) and last (exclusive). */
  startDay: number;
  endDay: number;
  /** Tags as a JSON object text, or null when untagged. */
  tags: string | null;
  /** Anomaly planting may scale this item (commitment-covered usage is never scaled). */
  anomalyEligible: boolean;
  /** When set, the item exists only because that planted anomaly adds it. */
  anomalyOnly: number | null;
  /** Owner as the model knows it (tags may disagree or be missing). */
  team: string;
  app: string;
  env: string;
}

export type LineItemInit = Omit<LineItem, 'id'>;

/** The `demo_li` table: column name, SQL type and value, in one place. */
export const LINE_ITEM_COLUMNS: readonly [
  string,
  string,
  (li: LineItem) => string | number | boolean | null,
][] = [
  ['id', 'INTEGER', (l) => l.id],
  ['provider', 'VARCHAR', (l) => l.provider],
  ['provider_name', 'VARCHAR', (l) => l.providerName],
  ['publisher_name', 'VARCHAR', (l) => l.publisherName],
  ['invoice_issuer_name', 'VARCHAR', (l) => l.invoiceIssuerName],
  ['billing_account_id', 'VARCHAR', (l) => l.billingAccountId],
  ['billing_account_name', 'VARCHAR', (l) => l.billingAccountName],
  ['sub_account_id', 'VARCHAR', (l) => l.subAccountId],
  ['sub_account_name', 'VARCHAR', (l) => l.subAccountName],
  ['region_id', 'VARCHAR', (l) => l.regionId],
  ['region_name', 'VARCHAR', (l) => l.regionName],
  ['availability_zone', 'VARCHAR', (l) => l.availabilityZone],
  ['service_name', 'VARCHAR', (l) => l.serviceName],
  ['service_category', 'VARCHAR', (l) => l.serviceCategory],
  ['service_code', 'VARCHAR', (l) => l.serviceCode],
  ['resource_id', 'VARCHAR', (l) => l.resourceId],
  ['resource_name', 'VARCHAR', (l) => l.resourceName],
  ['resource_type', 'VARCHAR', (l) => l.resourceType],
  ['sku_id', 'VARCHAR', (l) => l.skuId],
  ['sku_price_id', 'VARCHAR', (l) => l.skuPriceId],
  ['charge_description', 'VARCHAR', (l) => l.chargeDescription],
  ['usage_type', 'VARCHAR', (l) => l.usageType],
  ['operation', 'VARCHAR', (l) => l.operation],
  ['consumed_unit', 'VARCHAR', (l) => l.consumedUnit],
  ['pricing_unit', 'VARCHAR', (l) => l.pricingUnit],
  ['pricing_per_consumed', 'DOUBLE', (l) => l.pricingPerConsumed],
  ['list_unit_price', 'DECIMAL(18, 10)', (l) => l.listUnitPrice],
  ['contracted_unit_price', 'DECIMAL(18, 10)', (l) => l.contractedUnitPrice],
  ['effective_unit_price', 'DECIMAL(18, 10)', (l) => l.effectiveUnitPrice],
  ['billed_unit_price', 'DECIMAL(18, 10)', (l) => l.billedUnitPrice],
  ['pricing_category', 'VARCHAR', (l) => l.pricingCategory],
  ['commitment_id', 'VARCHAR', (l) => l.commitmentId],
  ['commitment_name', 'VARCHAR', (l) => l.commitmentName],
  ['commitment_type', 'VARCHAR', (l) => l.commitmentType],
  ['commitment_category', 'VARCHAR', (l) => l.commitmentCategory],
  ['commitment_status', 'VARCHAR', (l) => l.commitmentStatus],
  ['charge_category', 'VARCHAR', (l) => l.chargeCategory],
  ['charge_frequency', 'VARCHAR', (l) => l.chargeFrequency],
  ['cadence', 'VARCHAR', (l) => l.cadence],
  ['usage_kind', 'VARCHAR', (l) => l.usageKind],
  ['base_qty', 'DOUBLE', (l) => l.baseQty],
  ['max_qty', 'DOUBLE', (l) => l.maxQty],
  ['qty_decimals', 'INTEGER', (l) => l.qtyDecimals],
  ['profile', 'VARCHAR', (l) => l.profile],
  ['noise', 'DOUBLE', (l) => l.noise],
  ['start_day', 'INTEGER', (l) => l.startDay],
  ['end_day', 'INTEGER', (l) => l.endDay],
  ['tags', 'VARCHAR', (l) => l.tags],
  ['anomaly_only', 'INTEGER', (l) => l.anomalyOnly],
  ['team', 'VARCHAR', (l) => l.team],
  ['app', 'VARCHAR', (l) => l.app],
  ['env', 'VARCHAR', (l) => l.env],
];

/** Collects templates and numbers them in insertion order (ids are stable for a seed). */
export class LineItemBook {
  readonly items: LineItem[] = [];

  add(init: LineItemInit): LineItem {
    const item = { ...init, id: this.items.length + 1 };
    this.items.push(item);
    return item;
  }
}
