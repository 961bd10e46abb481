/**
 * The declared dimensions over `focus_cost`: each maps an id users type (`service`, `region`)
 * to FOCUS columns CostLens chose. Tag keys (`tag:<key>`), normalized tag keys and virtual
 * dimensions from the allocation config are added by the catalog.
 */

export interface DimensionDef {
  id: string;
  label: string;
  description: string;
  /** `column`: FOCUS columns (first non-null wins); `tag`: a tag key; `virtual`/`pool`: allocation. */
  kind: 'column' | 'tag' | 'virtual' | 'pool';
  columns?: readonly string[];
  /** For `tag`: lower-case keys to look up, earlier keys win. */
  tagKeys?: readonly string[];
  /**
   * For `column`: the columns are CostLens extensions added on demand (not in every store); where
   * the catalog knows them absent the dimension reads as NULL instead of failing to bind.
   */
  optional?: boolean;
}

/** The extension column AI spend rows carry their model in (added by `costlens ai ingest`). */
export const LLM_MODEL_COLUMN = 'x_LlmModel';

const col = (
  id: string,
  label: string,
  columns: readonly string[],
  description: string,
): DimensionDef => ({
  id,
  label,
  description,
  kind: 'column',
  columns,
});

/** The built-in dimensions. */
export const BASE_DIMENSIONS: readonly DimensionDef[] = [
  col(
    'provider',
    'Provider',
    ['ServiceProviderName', 'ProviderName'],
    'Who provides the service (FOCUS ServiceProviderName, or ProviderName in FOCUS 1.0–1.2).',
  ),
  col(
    'host_provider',
    'Host provider',
    ['HostProviderName'],
    'Who hosts the resource, when it differs from the service provider.',
  ),
  col(
    'invoice_issuer',
    'Invoice issuer',
    ['InvoiceIssuerName'],
    'Who issues the invoice (a reseller or marketplace, or the provider).',
  ),
  col('publisher', 'Publisher', ['PublisherName'], 'Who publishes the product (marketplace).'),
  col(
    'billing_account',
    'Billing account',
    ['BillingAccountId'],
    'The billing account id (AWS payer, Azure billing account, GCP billing account).',
  ),
  col(
    'billing_account_name',
    'Billing account name',
    ['BillingAccountName'],
    'The billing account display name.',
  ),
  col(
    'sub_account',
    'Sub account',
    ['SubAccountId'],
    'The sub account id (AWS account, Azure subscription, GCP project).',
  ),
  col('sub_account_name', 'Sub account name', ['SubAccountName'], 'The sub account display name.'),
  col(
    'billing_currency',
    'Billing currency',
    ['BillingCurrency'],
    'The currency costs are billed in; do not add up different currencies.',
  ),
  col('service', 'Service', ['ServiceName'], 'The service name (FOCUS ServiceName).'),
  col(
    'service_category',
    'Service category',
    ['ServiceCategory'],
    'The FOCUS service category (Compute, Storage, Databases, …).',
  ),
  col(
    'service_subcategory',
    'Service subcategory',
    ['ServiceSubcategory'],
    'The FOCUS service subcategory.',
  ),
  col(
    'region',
    'Region',
    ['RegionId', 'RegionName'],
    'The region id (or name when the provider gives no id).',
  ),
  col('region_name', 'Region name', ['RegionName'], 'The region display name.'),
  col('availability_zone', 'Availability zone', ['AvailabilityZone'], 'The availability zone.'),
  col('resource_id', 'Resource id', ['ResourceId'], 'The resource identifier.'),
  col('resource_name', 'Resource name', ['ResourceName'], 'The resource display name.'),
  col(
    'resource_type',
    'Resource type',
    ['ResourceType'],
    'The kind of resource (virtual machine, bucket, …).',
  ),
  col(
    'charge_category',
    'Charge category',
    ['ChargeCategory'],
    'Usage, Purchase, Tax, Credit or Adjustment.',
  ),
  col(
    'charge_class',
    'Charge class',
    ['ChargeClass'],
    'Correction when the row corrects an earlier period.',
  ),
  col(
    'charge_frequency',
    'Charge frequency',
    ['ChargeFrequency'],
    'One-Time, Recurring or Usage-Based.',
  ),
  col(
    'pricing_category',
    'Pricing category',
    ['PricingCategory'],
    'Standard (on-demand), Committed, Dynamic (spot) or Other.',
  ),
  col(
    'commitment_discount',
    'Commitment discount',
    ['CommitmentDiscountId'],
    'The commitment (reservation, savings plan, CUD) id that covered the row.',
  ),
  col(
    'commitment_discount_name',
    'Commitment discount name',
    ['CommitmentDiscountName'],
    'The commitment display name.',
  ),
  col(
    'commitment_discount_type',
    'Commitment discount type',
    ['CommitmentDiscountType'],
    'The provider’s kind of commitment (Reservation, Savings Plan, …).',
  ),
  col(
    'commitment_discount_status',
    'Commitment discount status',
    ['CommitmentDiscountStatus'],
    'Used or Unused commitment.',
  ),
  col('sku', 'SKU', ['SkuId'], 'The provider SKU id.'),
  col('sku_price', 'SKU price', ['SkuPriceId'], 'The SKU price id.'),
  col('consumed_unit', 'Consumed unit', ['ConsumedUnit'], 'The unit of ConsumedQuantity.'),
  col('pricing_unit', 'Pricing unit', ['PricingUnit'], 'The unit prices are quoted in.'),
  col(
    'capacity_reservation',
    'Capacity reservation',
    ['CapacityReservationId'],
    'The capacity reservation id.',
  ),
  {
    ...col(
      'model',
      'LLM model',
      [LLM_MODEL_COLUMN],
      'The LLM model of AI spend loaded with `costlens ai ingest` (x_LlmModel); empty for other spend.',
    ),
    optional: true,
  },
];

/** Dimension ids that name a tag: `tag:<key>`. */
export const TAG_PREFIX = 'tag:';
