/**
 * Writes `demo_cost` as each provider's own FOCUS export, one file per billing period:
 * AWS Data Exports "FOCUS 1.0 with AWS columns" (Parquet, Tags as a map, x_UsageType/x_Operation/
 * x_ServiceCode), Microsoft Cost Management's FocusCost (gzipped CSV with x_SkuMeter… and
 * x_…InUsd columns), and Google Cloud's FOCUS BigQuery table exported as gzipped CSV (BigQuery's
 * `… UTC` timestamps, x_ServiceId). Rows are ordered so the same data gives byte-identical files.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Warehouse } from '../store/warehouse.ts';
import { ident, literal } from '../util/sql.ts';
import type { DemoCalendar } from './demo-calendar.ts';

/** FOCUS 1.0 columns every provider's export carries, in the order AWS writes them. */
const FOCUS_10 = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
] as const;

const TIMESTAMPS = new Set([
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargePeriodEnd',
  'ChargePeriodStart',
]);

export interface ExportFile {
  provider: 'aws' | 'azure' | 'gcp';
  format: 'focus-parquet' | 'focus-csv' | 'aws-cur-csv';
  path: string;
  billingPeriod: string;
}

interface ProviderExport {
  provider: ExportFile['provider'];
  kind: 'parquet' | 'csv';
  path: (month: string, billingAccountId: string) => string;
  /** Column name → SQL over demo_cost. */
  columns: () => [string, string][];
}

const plain = (c: string) => ident(c);

const EXPORTS: readonly ProviderExport[] = [
  {
    provider: 'aws',
    kind: 'parquet',
    path: (m) => `aws/fernhill-focus/data/BILLING_PERIOD=${m}/fernhill-focus-00001.snappy.parquet`,
    columns: () => [
      ...FOCUS_10.map((c): [string, string] =>
        c === 'Tags'
          ? [
              c,
              `CASE WHEN Tags IS NULL THEN MAP {}::MAP(VARCHAR, VARCHAR) ELSE Tags::JSON::MAP(VARCHAR, VARCHAR) END`,
            ]
          : [c, plain(c)],
      ),
      ['x_CostCategories', `MAP {}::MAP(VARCHAR, VARCHAR)`],
      ['x_Discounts', `NULL::MAP(VARCHAR, DOUBLE)`],
      ['x_Operation', `nullif(_operation, '')`],
      ['x_ServiceCode', '_service_code'],
      ['x_UsageType', '_usage_type'],
    ],
  },
  {
    provider: 'azure',
    kind: 'csv',
    path: (m) => `azure/fernhill-focuscost/${m.replace('-', '')}01/part_0_0001.csv.gz`,
    columns: () => {
      const iso = (c: string) => `strftime(${ident(c)}, '%Y-%m-%dT%H:%M:%SZ')`;
      const cols: [string, string][] = [];
      for (const c of FOCUS_10) {
        cols.push([c, TIMESTAMPS.has(c) ? iso(c) : plain(c)]);
        if (c === 'BillingAccountName') cols.push(['BillingAccountType', `'Billing Account'`]);
        if (c === 'SubAccountName') cols.push(['SubAccountType', `'Subscription'`]);
      }
      cols.push(
        ['x_BilledCostInUsd', 'BilledCost'],
        ['x_BillingExchangeRate', `'1'`],
        ['x_ContractedCostInUsd', 'ContractedCost'],
        ['x_EffectiveCostInUsd', 'EffectiveCost'],
        ['x_ListCostInUsd', 'ListCost'],
        ['x_PricingUnitDescription', 'PricingUnit'],
        ['x_ResourceGroupName', `regexp_extract(ResourceId, '/resourcegroups/([^/]+)', 1)`],
        ['x_SkuMeterCategory', '_service_code'],
        ['x_SkuMeterName', '_usage_type'],
        ['x_SkuMeterSubcategory', '_operation'],
      );
      return cols;
    },
  },
  {
    provider: 'gcp',
    kind: 'csv',
    path: (m, acct) =>
      `gcp/gcp_billing_export_focus_${acct.replaceAll('-', '_')}/${m}/focus-000000000000.csv.gz`,
    columns: () => [
      ...FOCUS_10.map((c): [string, string] => [
        c,
        TIMESTAMPS.has(c) ? `strftime(${ident(c)}, '%Y-%m-%d %H:%M:%S UTC')` : plain(c),
      ]),
      [
        'x_CostType',
        `CASE ChargeCategory WHEN 'Tax' THEN 'tax' WHEN 'Credit' THEN 'regular' ELSE 'regular' END`,
      ],
      ['x_ExportTime', `strftime(BillingPeriodEnd, '%Y-%m-%d 06:00:00 UTC')`],
      ['x_ServiceId', '_service_code'],
    ],
  },
];

/** Writes every provider's monthly files under `outDir`; returns them in a stable order. */
export async function writeFocusExports(
  wh: Warehouse,
  o: { outDir: string; cal: DemoCalendar; providers?: readonly ExportFile['provider'][] },
): Promise<ExportFile[]> {
  const files: ExportFile[] = [];
  // Sort once (zone maps then let each file's scan skip other months); scans keep this order.
  await wh.exec(
    `CREATE OR REPLACE TABLE demo_tags AS
     SELECT tags AS Tags, tags::JSON::MAP(VARCHAR, VARCHAR) AS _tags_map
     FROM (SELECT DISTINCT tags FROM demo_li WHERE tags IS NOT NULL)`,
  );
  await wh.exec(
    `CREATE OR REPLACE TABLE demo_out AS
     SELECT c.*, t._tags_map FROM demo_cost c LEFT JOIN demo_tags t ON t.Tags = c.Tags
     ORDER BY _provider, BillingAccountId, BillingPeriodStart, ChargePeriodStart, _row_kind, _item_id, _day`,
  );
  try {
    for (const exp of EXPORTS) {
      if (o.providers && !o.providers.includes(exp.provider)) continue;
      const accounts = await wh.query<{ id: string }>(
        `SELECT DISTINCT BillingAccountId AS id FROM demo_out WHERE _provider = $1 ORDER BY 1`,
        [exp.provider],
      );
      for (const { id } of accounts) {
        for (const month of o.cal.months) {
          const m = month.start.slice(0, 7);
          const path = join(o.outDir, exp.path(m, id));
          mkdirSync(dirname(path), { recursive: true });
          const select = exp
            .columns()
            .map(([name, expr]) => `${expr} AS ${ident(name)}`)
            .join(', ');
          const options =
            exp.kind === 'parquet'
              ? `FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880`
              : `FORMAT csv, HEADER true, COMPRESSION gzip`;
          // No ORDER BY: demo_out is sorted and DuckDB preserves insertion order in scans.
          await wh.exec(
            `COPY (SELECT ${select} FROM demo_out
                   WHERE _provider = ${literal(exp.provider)} AND BillingAccountId = ${literal(id)}
                     AND BillingPeriodStart = ${literal(month.start)}::TIMESTAMP)
             TO ${literal(path)} (${options})`,
          );
          files.push({
            provider: exp.provider,
            format: exp.kind === 'parquet' ? 'focus-parquet' : 'focus-csv',
            path,
            billingPeriod: m,
          });
        }
      }
    }
  } finally {
    await wh.exec('DROP TABLE IF EXISTS demo_out');
    await wh.exec('DROP TABLE IF EXISTS demo_tags');
  }
  return files;
}
