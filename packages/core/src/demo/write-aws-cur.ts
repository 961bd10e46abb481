/**
 * Writes the AWS part of `demo_cost` as a legacy Cost and Usage Report (CSV, gzipped, one file per
 * billing period), with the header of AWS's own export (the columns of the real anonymised sample
 * in shared/data, plus `reservation/ReservationARN` and `resourceTags/user:*` as accounts with
 * reservations and tags get them). Commitments are written the way CUR writes them: covered usage
 * at on-demand cost with a SavingsPlanNegation, DiscountedUsage at zero with its effective cost,
 * recurring fees carrying total and used commitment. Same totals as the FOCUS export, by design.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Warehouse } from '../store/warehouse.ts';
import { ident, literal } from '../util/sql.ts';
import type { DemoCalendar } from './demo-calendar.ts';
import type { ExportFile } from './write-focus-exports.ts';

/** The legacy CUR header of the real sample (aws-cur-legacy_sample-anonymous_subset.csv). */
const SAMPLE_HEADER =
  'identity/LineItemId,identity/TimeInterval,bill/InvoiceId,bill/InvoicingEntity,bill/BillingEntity,bill/BillType,bill/PayerAccountId,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/AvailabilityZone,lineItem/UsageAmount,lineItem/NormalizationFactor,lineItem/NormalizedUsageAmount,lineItem/CurrencyCode,lineItem/UnblendedRate,lineItem/UnblendedCost,lineItem/BlendedRate,lineItem/BlendedCost,lineItem/LineItemDescription,lineItem/TaxType,lineItem/LegalEntity,product/ProductName,product/availability,product/durability,product/eventType,product/feeCode,product/feeDescription,product/fromLocation,product/fromLocationType,product/fromRegionCode,product/group,product/groupDescription,product/location,product/locationType,product/messageDeliveryFrequency,product/messageDeliveryOrder,product/operation,product/overhead,product/productFamily,product/productType,product/queueType,product/region,product/regionCode,product/servicecode,product/servicename,product/sku,product/storageClass,product/storageMedia,product/toLocation,product/toLocationType,product/toRegionCode,product/transferType,product/usagetype,product/version,product/volumeType,pricing/RateCode,pricing/RateId,pricing/currency,pricing/publicOnDemandCost,pricing/publicOnDemandRate,pricing/term,pricing/unit,reservation/AmortizedUpfrontCostForUsage,reservation/AmortizedUpfrontFeeForBillingPeriod,reservation/EffectiveCost,reservation/EndTime,reservation/ModificationStatus,reservation/NormalizedUnitsPerReservation,reservation/NumberOfReservations,reservation/RecurringFeeForUsage,reservation/StartTime,reservation/SubscriptionId,reservation/TotalReservedNormalizedUnits,reservation/TotalReservedUnits,reservation/UnitsPerReservation,reservation/UnusedAmortizedUpfrontFeeForBillingPeriod,reservation/UnusedNormalizedUnitQuantity,reservation/UnusedQuantity,reservation/UnusedRecurringFee,reservation/UpfrontValue,savingsPlan/TotalCommitmentToDate,savingsPlan/SavingsPlanARN,savingsPlan/SavingsPlanRate,savingsPlan/UsedCommitment,savingsPlan/SavingsPlanEffectiveCost,savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod,savingsPlan/RecurringCommitmentForBillingPeriod'.split(
    ',',
  );

const ISO = (c: string) => `strftime(${c}, '%Y-%m-%dT%H:%M:%SZ')`;
const TXT = (c: string) => `CAST(${c} AS VARCHAR)`;

/** SQL per CUR column over the `cur` relation built below; absent columns are empty. */
const VALUES: Record<string, string> = {
  'identity/LineItemId': `upper(substr(md5(concat_ws('|', _item_id, _day, _row_kind, line_item_type)), 1, 26))`,
  'identity/TimeInterval': `${ISO('ChargePeriodStart')} || '/' || ${ISO('ChargePeriodEnd')}`,
  'bill/InvoicingEntity': `'Amazon Web Services, Inc.'`,
  'bill/BillingEntity': `CASE WHEN PublisherName = 'Amazon Web Services, Inc.' THEN 'AWS' ELSE 'AWS Marketplace' END`,
  'bill/BillType': `'Anniversary'`,
  'bill/PayerAccountId': 'BillingAccountId',
  'bill/BillingPeriodStartDate': ISO('BillingPeriodStart'),
  'bill/BillingPeriodEndDate': ISO('BillingPeriodEnd'),
  'lineItem/UsageAccountId': 'SubAccountId',
  'lineItem/LineItemType': 'line_item_type',
  'lineItem/UsageStartDate': ISO('ChargePeriodStart'),
  'lineItem/UsageEndDate': ISO('ChargePeriodEnd'),
  'lineItem/ProductCode': '_service_code',
  'lineItem/UsageType': '_usage_type',
  'lineItem/Operation': '_operation',
  'lineItem/AvailabilityZone': 'AvailabilityZone',
  'lineItem/UsageAmount': TXT('coalesce(ConsumedQuantity, PricingQuantity)'),
  'lineItem/CurrencyCode': `'USD'`,
  'lineItem/UnblendedRate': TXT('unblended_rate'),
  'lineItem/UnblendedCost': TXT('unblended_cost'),
  'lineItem/BlendedRate': TXT('unblended_rate'),
  'lineItem/BlendedCost': TXT('unblended_cost'),
  'lineItem/LineItemDescription': 'ChargeDescription',
  'lineItem/TaxType': `CASE WHEN line_item_type = 'Tax' THEN 'Sales Tax' END`,
  'lineItem/LegalEntity': `'Amazon Web Services, Inc.'`,
  'product/ProductName': 'ServiceName',
  'product/location': 'RegionName',
  'product/operation': '_operation',
  'product/productFamily': `CASE ServiceCategory WHEN 'Compute' THEN 'Compute Instance' WHEN 'Storage' THEN 'Storage' WHEN 'Networking' THEN 'Data Transfer' WHEN 'Databases' THEN 'Database Instance' END`,
  'product/region': 'RegionId',
  'product/regionCode': 'RegionId',
  'product/servicecode': '_service_code',
  'product/servicename': 'ServiceName',
  'product/sku': 'SkuId',
  'product/usagetype': '_usage_type',
  'pricing/RateCode': 'SkuPriceId',
  'pricing/currency': `CASE WHEN ListUnitPrice IS NOT NULL THEN 'USD' END`,
  'pricing/publicOnDemandCost': TXT(
    `CASE WHEN line_item_type IN ('SavingsPlanNegation', 'Credit', 'Tax') THEN 0 ELSE ListCost END`,
  ),
  'pricing/publicOnDemandRate': TXT('ListUnitPrice'),
  'pricing/term': `CASE WHEN PricingCategory = 'Committed' THEN 'Reserved' WHEN PricingCategory = 'Dynamic' THEN '' WHEN line_item_type = 'Usage' THEN 'OnDemand' END`,
  'pricing/unit': 'PricingUnit',
  'reservation/EffectiveCost': TXT(
    `CASE WHEN line_item_type = 'DiscountedUsage' THEN EffectiveCost END`,
  ),
  'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod': TXT(
    `CASE WHEN line_item_type = 'RIFee' THEN 0 END`,
  ),
  'reservation/UnusedRecurringFee': TXT(`CASE WHEN line_item_type = 'RIFee' THEN unused END`),
  'reservation/ReservationARN': `CASE WHEN CommitmentDiscountType = 'Reserved Instance' THEN CommitmentDiscountId END`,
  'savingsPlan/TotalCommitmentToDate': TXT(
    `CASE WHEN line_item_type = 'SavingsPlanRecurringFee' THEN BilledCost END`,
  ),
  'savingsPlan/SavingsPlanARN': `CASE WHEN CommitmentDiscountType = 'Savings Plan' THEN CommitmentDiscountId END`,
  'savingsPlan/UsedCommitment': TXT(
    `CASE WHEN line_item_type = 'SavingsPlanRecurringFee' THEN BilledCost - unused END`,
  ),
  'savingsPlan/SavingsPlanEffectiveCost': TXT(
    `CASE WHEN line_item_type = 'SavingsPlanCoveredUsage' THEN EffectiveCost END`,
  ),
  'savingsPlan/RecurringCommitmentForBillingPeriod': TXT(
    `CASE WHEN line_item_type = 'SavingsPlanRecurringFee' THEN BilledCost END`,
  ),
};

/** Writes one gzipped legacy CUR per AWS billing period; returns the files. */
export async function writeAwsCur(
  wh: Warehouse,
  o: { outDir: string; cal: DemoCalendar },
): Promise<ExportFile[]> {
  const tagKeys = (
    await wh.query<{ k: string }>(
      `SELECT DISTINCT unnest(json_keys(Tags::JSON)) AS k FROM demo_cost WHERE _provider = 'aws' AND Tags IS NOT NULL ORDER BY 1`,
    )
  ).map((r) => r.k);
  await wh.exec(
    `CREATE OR REPLACE TABLE demo_cur AS
     WITH unused AS (
       SELECT CommitmentDiscountId AS id, _day AS day, EffectiveCost AS amount FROM demo_cost
       WHERE _provider = 'aws' AND CommitmentDiscountStatus = 'Unused'
     ), typed AS (
       SELECT c.*, coalesce(u.amount, 0) AS unused,
         CASE
           WHEN ChargeCategory = 'Usage' AND CommitmentDiscountStatus = 'Used' AND CommitmentDiscountType = 'Savings Plan' THEN 'SavingsPlanCoveredUsage'
           WHEN ChargeCategory = 'Usage' AND CommitmentDiscountStatus = 'Used' THEN 'DiscountedUsage'
           WHEN ChargeCategory = 'Usage' THEN 'Usage'
           WHEN ChargeCategory = 'Purchase' AND CommitmentDiscountType = 'Savings Plan' THEN 'SavingsPlanRecurringFee'
           WHEN ChargeCategory = 'Purchase' AND CommitmentDiscountType = 'Reserved Instance' AND ChargeFrequency = 'Recurring' THEN 'RIFee'
           WHEN ChargeCategory = 'Purchase' THEN 'Fee'
           ELSE ChargeCategory END AS line_item_type
       FROM demo_cost c
       LEFT JOIN unused u ON c.ChargeCategory = 'Purchase' AND u.id = c.CommitmentDiscountId AND u.day = c._day
       WHERE c._provider = 'aws' AND coalesce(c.CommitmentDiscountStatus, '') <> 'Unused'
     )
     SELECT *, CASE WHEN line_item_type = 'SavingsPlanCoveredUsage' THEN ListCost ELSE BilledCost END AS unblended_cost,
       CASE WHEN line_item_type = 'SavingsPlanCoveredUsage' THEN ListUnitPrice
         WHEN PricingQuantity > 0 THEN round(BilledCost / PricingQuantity, 10) ELSE NULL END AS unblended_rate
     FROM typed
     UNION ALL BY NAME
     SELECT * REPLACE ('SavingsPlanNegation' AS line_item_type), -ListCost AS unblended_cost, -ListUnitPrice AS unblended_rate
     FROM typed WHERE line_item_type = 'SavingsPlanCoveredUsage'`,
  );
  const header = [
    ...SAMPLE_HEADER,
    'reservation/ReservationARN',
    ...tagKeys.map((k) => `resourceTags/user:${k}`),
  ];
  const select = header
    .map((col) => {
      if (col.startsWith('resourceTags/user:')) {
        return `json_extract_string(Tags::JSON, ${literal(`$."${col.slice('resourceTags/user:'.length)}"`)}) AS ${ident(col)}`;
      }
      return `${VALUES[col] ?? 'NULL::VARCHAR'} AS ${ident(col)}`;
    })
    .join(', ');
  const files: ExportFile[] = [];
  try {
    for (const month of o.cal.months) {
      const m = month.start.slice(0, 7);
      const period = `${month.start.replaceAll('-', '')}-${month.end.replaceAll('-', '')}`;
      const path = join(o.outDir, `aws-cur/fernhill-cur/${period}/fernhill-cur-1.csv.gz`);
      mkdirSync(dirname(path), { recursive: true });
      await wh.exec(
        `COPY (SELECT ${select} FROM demo_cur WHERE BillingPeriodStart = ${literal(month.start)}::TIMESTAMP
               ORDER BY ChargePeriodStart, _row_kind, _item_id, _day, line_item_type)
         TO ${literal(path)} (FORMAT csv, HEADER true, COMPRESSION gzip)`,
      );
      files.push({ provider: 'aws', format: 'aws-cur-csv', path, billingPeriod: m });
    }
  } finally {
    await wh.exec('DROP TABLE IF EXISTS demo_cur');
  }
  return files;
}
