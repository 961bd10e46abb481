/**
 * Oracle Cloud (OCI) cost reports (`lineItem/…`, `product/…`, `usage/…`, `cost/…`, `tags/<ns>.<key>`
 * headers; CRLF; timestamps such as 2023-11-13T10:00Z). Every line is usage at the tenancy's own
 * unit price: BilledCost and EffectiveCost are cost/myCost (overage is kept as x_MyCostOverage,
 * not added: the FinOps plan's use of cost/myCostOverage as BilledCost would drop all committed
 * usage). Billing period = the calendar month of the usage interval.
 */
import type { Issue } from '../../errors.ts';
import { literal } from '../../util/sql.ts';
import type { FocusMapping, SourceFormat, StageColumns, ValueCheck } from '../source-format.ts';
import { tagsFromColumns } from './aws-cur-mapping.ts';
import {
  lookupExpr,
  serviceCategoryLookup,
  serviceSubcategoryLookup,
  subcategoryExpr,
} from './lookup-table.ts';

/** Columns without which a cost report cannot be stored or reconciled. */
const REQUIRED = [
  'lineItem/intervalUsageStart',
  'lineItem/intervalUsageEnd',
  'cost/subscriptionId',
  'cost/myCost',
  'cost/currencyCode',
] as const;

const MARKERS = [
  ...REQUIRED,
  'lineItem/referenceNo',
  'lineItem/tenantId',
  'product/service',
  'product/resourceId',
  'usage/billedQuantity',
  'cost/productSku',
];

const DECIMALS = [
  'cost/myCost',
  'cost/myCostOverage',
  'cost/unitPrice',
  'usage/billedQuantity',
] as const;
const TIMESTAMPS = ['lineItem/intervalUsageStart', 'lineItem/intervalUsageEnd'] as const;
const TAG_PREFIX = /^tags\//i;

let categories: ReadonlyMap<string, string> | undefined;

function ociCategories(): ReadonlyMap<string, string> {
  categories ??= serviceCategoryLookup(['oci/oci_category_mapping.csv']);
  return categories;
}

let subcategories: ReadonlyMap<string, string> | undefined;

function ociSubcategories(): ReadonlyMap<string, string> {
  subcategories ??= serviceSubcategoryLookup(['oci/oci_subcategory.csv'], ociCategories());
  return subcategories;
}

/** FOCUS column → OCI cost-report column it is a plain copy of. */
const RENAMES: Readonly<Record<string, string>> = {
  BillingAccountId: 'cost/subscriptionId',
  SubAccountId: 'lineItem/tenantId',
  BillingCurrency: 'cost/currencyCode',
  ChargeDescription: 'product/Description',
  ServiceName: 'product/service',
  RegionId: 'product/region',
  RegionName: 'product/region',
  AvailabilityZone: 'product/availabilityDomain',
  ResourceId: 'product/resourceId',
  SkuId: 'cost/productSku',
  PricingUnit: 'cost/skuUnitDescription',
  ConsumedUnit: 'cost/skuUnitDescription',
};

/** x_ extension → OCI column. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  x_ReferenceNo: 'lineItem/referenceNo',
  x_BackReferenceNo: 'lineItem/backreferenceNo',
  x_IsCorrection: 'lineItem/isCorrection',
  x_CompartmentId: 'product/compartmentId',
  x_CompartmentName: 'product/compartmentName',
  x_BillingUnitReadable: 'cost/billingUnitReadable',
  x_OverageFlag: 'cost/overageFlag',
  x_MyCostOverage: 'cost/myCostOverage',
};

export const ociFormat: SourceFormat = {
  id: 'oci',
  label: 'Oracle Cloud (OCI) cost report',

  detect(header) {
    const lower = new Set(header.map((h) => h.toLowerCase()));
    const hits = MARKERS.filter((m) => lower.has(m.toLowerCase())).length;
    return hits >= 4 ? 100 + hits * 10 : 0;
  },

  checkHeader(cols, file) {
    return REQUIRED.filter((c) => !cols.has(c)).map((c): Issue => ({
      file,
      line: 1,
      column: c,
      message: `required OCI cost-report column ${c} is missing`,
      hint: 'Use the cost report (reports/cost-csv) as Oracle writes it, not the usage report, or pass --format if this is another kind of export.',
    }));
  },

  mapping(cols: StageColumns): FocusMapping {
    const txt = (c: string) => `cl_null(${cols.refOr(c)})`;
    const dec = (c: string) => `cl_dec(${cols.refOr(c)})`;
    const start = `cl_ts(${cols.ref('lineItem/intervalUsageStart')})`;
    const periodStart = `date_trunc('month', ${start})`;
    const cost = dec('cost/myCost');
    const correction = `lower(${txt('lineItem/isCorrection')}) = 'true'`;
    const category = lookupExpr(txt('product/service'), ociCategories(), `'Other'`);
    const columns: Record<string, string> = {};
    for (const [focus, oci] of Object.entries(RENAMES))
      if (cols.has(oci)) columns[focus] = txt(oci);
    Object.assign(columns, {
      BillingPeriodStart: periodStart,
      BillingPeriodEnd: `${periodStart} + INTERVAL 1 MONTH`,
      ChargePeriodStart: start,
      ChargePeriodEnd: `cl_ts(${cols.ref('lineItem/intervalUsageEnd')})`,
      ChargeCategory: `'Usage'`,
      ChargeClass: `CASE WHEN ${correction} THEN 'Correction' END`,
      ChargeFrequency: `'Usage-Based'`,
      BilledCost: cost,
      EffectiveCost: cost,
      // The report carries only the tenancy's own unit price, so list = contracted here.
      ContractedCost: cost,
      ContractedUnitPrice: dec('cost/unitPrice'),
      ListCost: cost,
      ListUnitPrice: dec('cost/unitPrice'),
      PricingCategory: `'Standard'`,
      PricingQuantity: dec('usage/billedQuantity'),
      ConsumedQuantity: dec('usage/billedQuantity'),
      ServiceCategory: category,
      ServiceSubcategory: subcategoryExpr(txt('product/service'), ociSubcategories(), category),
      ProviderName: `'Oracle'`,
      ServiceProviderName: `'Oracle'`,
      HostProviderName: `'Oracle'`,
      PublisherName: `'Oracle'`,
      InvoiceIssuerName: `'Oracle'`,
      Tags: tagsFromColumns(
        cols.names
          .filter((n) => TAG_PREFIX.test(n))
          .map((n) => [n.replace(TAG_PREFIX, ''), cols.ref(n)] as const),
      ),
    });
    const extensions: Record<string, string> = {};
    for (const [ext, oci] of Object.entries(EXTENSIONS)) {
      if (cols.has(oci)) extensions[ext] = txt(oci);
    }
    const valueChecks: ValueCheck[] = [
      ...DECIMALS.filter((c) => cols.has(c)).map((column) => ({
        column,
        kind: 'decimal' as const,
      })),
      ...TIMESTAMPS.map((column) => ({ column, kind: 'timestamp' as const })),
    ];
    const service = txt('product/service');
    return {
      columns,
      extensions,
      sourceTotals: {
        billingAccountId: txt('cost/subscriptionId'),
        billingPeriodStart: periodStart,
        billingCurrency: txt('cost/currencyCode'),
        billedCost: cost,
        effectiveCost: cost,
      },
      valueChecks,
      leniency: [
        {
          id: 'oci-service-category-unmapped',
          column: 'product/service',
          severity: 'info',
          message:
            'product/service not in the OCI service-category mapping (data/oci/oci_category_mapping.csv); ServiceCategory set to Other.',
          predicate: `${service} IS NOT NULL AND ${lookupExpr(service, ociCategories())} IS NULL`,
          example: service,
        },
        {
          id: 'oci-overage-not-billed-separately',
          column: 'cost/myCostOverage',
          severity: 'info',
          message:
            'rows carry cost/myCostOverage; BilledCost is cost/myCost and the overage is kept as x_MyCostOverage, not added.',
          predicate: cols.has('cost/myCostOverage')
            ? `${dec('cost/myCostOverage')} IS NOT NULL AND ${dec('cost/myCostOverage')} <> 0`
            : 'false',
          example: txt('cost/myCostOverage'),
        },
        {
          id: 'datetime-format',
          column: 'lineItem/intervalUsageStart',
          severity: 'warning',
          message:
            'lineItem/intervalUsageStart has no seconds (e.g. 2023-11-13T10:00Z), unlike intervalUsageEnd; parsed leniently as UTC.',
          predicate: `regexp_full_match(${txt('lineItem/intervalUsageStart')}, ${literal('\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z')})`,
          example: txt('lineItem/intervalUsageStart'),
        },
      ],
    };
  },
};
