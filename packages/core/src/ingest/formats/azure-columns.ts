/**
 * Header normalization for Azure Cost Management exports: one declared alias table from every
 * spelling seen in the wild (EA, MCA, pay-as-you-go, partner/CSP, camelCase, lower case, German
 * "Name (EnglishName)" headers, a UTF-8 BOM) to one canonical name. Matching ignores case; a
 * localized header is matched by the English name in its trailing parentheses. Nothing here
 * reads data — it only decides which source column plays which role.
 */
import { extensionColumnName } from '../../focus/schema.ts';
import type { StageColumns } from '../source-format.ts';

/** Canonical Azure column → accepted header spellings, preferred first (case-insensitive). */
export const AZURE_COLUMN_ALIASES = {
  BillingAccountId: ['BillingAccountId'],
  BillingAccountName: ['BillingAccountName'],
  BillingProfileId: ['BillingProfileId'],
  BillingProfileName: ['BillingProfileName'],
  BillingPeriodStartDate: ['BillingPeriodStartDate'],
  BillingPeriodEndDate: ['BillingPeriodEndDate'],
  AccountName: ['AccountName'],
  AccountOwnerId: ['AccountOwnerId'],
  EnrollmentNumber: ['EnrollmentNumber'],
  PartnerName: ['PartnerName'],
  CustomerTenantId: ['CustomerTenantId'],
  SubscriptionId: ['SubscriptionId', 'SubscriptionGuid'],
  SubscriptionName: ['SubscriptionName'],
  Date: ['Date', 'UsageDateTime', 'UsageDate'],
  ProductName: ['ProductName', 'Product'],
  ProductId: ['ProductId'],
  PartNumber: ['PartNumber'],
  MeterId: ['MeterId'],
  MeterName: ['MeterName'],
  MeterCategory: ['MeterCategory'],
  MeterSubCategory: ['MeterSubCategory'],
  MeterRegion: ['MeterRegion'],
  ServiceFamily: ['ServiceFamily'],
  Quantity: ['Quantity', 'UsageQuantity'],
  UnitOfMeasure: ['UnitOfMeasure'],
  EffectivePrice: ['EffectivePrice', 'ResourceRate'],
  UnitPrice: ['UnitPrice'],
  PayGPrice: ['PayGPrice'],
  Cost: ['CostInBillingCurrency', 'Cost', 'PreTaxCost'],
  PayGCost: ['PayGCostInBillingCurrency'],
  BillingCurrency: ['BillingCurrencyCode', 'BillingCurrency', 'Currency'],
  PricingCurrency: ['PricingCurrencyCode', 'PricingCurrency'],
  ResourceLocation: ['ResourceLocation', 'Location'],
  AvailabilityZone: ['AvailabilityZone'],
  ConsumedService: ['ConsumedService'],
  ResourceId: ['ResourceId', 'InstanceId', 'InstanceName'],
  ResourceName: ['ResourceName'],
  ResourceGroup: ['ResourceGroup', 'ResourceGroupName'],
  ResourceType: ['ResourceType'],
  Tags: ['Tags'],
  AdditionalInfo: ['AdditionalInfo'],
  ChargeType: ['ChargeType'],
  Frequency: ['Frequency'],
  PricingModel: ['PricingModel'],
  Term: ['Term'],
  ReservationId: ['ReservationId'],
  ReservationName: ['ReservationName'],
  BenefitId: ['BenefitId'],
  BenefitName: ['BenefitName'],
  PublisherName: ['PublisherName'],
  PublisherType: ['PublisherType'],
  InvoiceId: ['InvoiceId'],
  InvoiceSectionId: ['InvoiceSectionId'],
  InvoiceSectionName: ['InvoiceSectionName', 'InvoiceSection'],
} as const satisfies Record<string, readonly string[]>;

export type AzureColumn = keyof typeof AZURE_COLUMN_ALIASES;

/** The English name of a header: BOM and whitespace removed, `Lokal (English)` → `English`. */
export function englishHeaderName(header: string): string {
  const trimmed = header.replace(/^\uFEFF/, '').trim();
  const localized = /\(([^()]+)\)\s*$/.exec(trimmed);
  return (localized?.[1] ?? trimmed).trim();
}

/** Which source column plays each canonical role, plus SQL helpers over them. */
export interface AzureColumns {
  /** Canonical name → source header as read. */
  readonly resolved: ReadonlyMap<AzureColumn, string>;
  has(name: AzureColumn): boolean;
  /** Nullable text of a canonical column (`NULL` when the export lacks it). */
  text(name: AzureColumn): string;
  /** Decimal of a canonical column (`NULL` when absent). */
  dec(name: AzureColumn): string;
  /** Timestamp of a canonical column, read leniently (`NULL` when absent). */
  ts(name: AzureColumn): string;
  /** Every source column with its extension name (`x_<Canonical>` where known). */
  readonly extensions: readonly { source: string; ext: string }[];
}

/**
 * Resolves canonical roles from a staged header.
 * @example resolveAzureColumns(stage.columns).text('Cost') // → cl_null("CostInBillingCurrency")
 */
export function resolveAzureColumns(cols: StageColumns): AzureColumns {
  const byEnglish = new Map<string, string>();
  for (const name of cols.names) {
    const key = englishHeaderName(name).toLowerCase();
    if (!byEnglish.has(key)) byEnglish.set(key, name);
  }
  const resolved = new Map<AzureColumn, string>();
  const canonicalOf = new Map<string, AzureColumn>();
  for (const [canonical, aliases] of Object.entries(AZURE_COLUMN_ALIASES)) {
    for (const alias of aliases) {
      const source = byEnglish.get(alias.toLowerCase());
      if (source !== undefined && !canonicalOf.has(source)) {
        resolved.set(canonical as AzureColumn, source);
        canonicalOf.set(source, canonical as AzureColumn);
        break;
      }
    }
  }
  const ref = (name: AzureColumn) => {
    const source = resolved.get(name);
    return source === undefined ? undefined : cols.ref(source);
  };
  const used = new Set<string>();
  const extensions = cols.names.map((source) => {
    let ext = extensionColumnName(canonicalOf.get(source) ?? englishHeaderName(source));
    while (used.has(ext.toLowerCase())) ext = `${ext}_2`;
    used.add(ext.toLowerCase());
    return { source, ext };
  });
  return {
    resolved,
    has: (name) => resolved.has(name),
    text: (name) => {
      const r = ref(name);
      return r === undefined ? 'NULL' : `cl_null(${r})`;
    },
    dec: (name) => {
      const r = ref(name);
      return r === undefined ? 'NULL' : `cl_dec(${r})`;
    },
    // cl_ts applies cl_null itself: passing the bare column keeps the expanded macro small.
    ts: (name) => {
      const r = ref(name);
      return r === undefined ? 'CAST(NULL AS TIMESTAMP)' : `cl_ts(${r})`;
    },
    extensions,
  };
}
