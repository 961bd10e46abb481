/**
 * Expands the templates into the demo's cost rows inside DuckDB: templates × days × profile
 * factors × seeded noise × planted anomalies, priced exactly as DECIMAL (quantity × unit price),
 * then derives the rows a provider computes from usage — unused commitment, AWS Business Support
 * (tiered on the month's usage) and sales tax on complete months. Output: `demo_cost`, with FOCUS
 * column names plus `_`-prefixed helper columns the writers drop.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { DemoCalendar } from './demo-calendar.ts';
import type { Commitment } from './demo-inventory.ts';
import { LINE_ITEM_COLUMNS } from './line-item.ts';
import type { LineItem } from './line-item.ts';
import { factorTable } from './cost-profiles.ts';
import { loadTable } from './load-table.ts';
import type { AnomalyAssignment } from './planted-anomalies.ts';

export interface ExpandInput {
  cal: DemoCalendar;
  seed: number;
  items: readonly LineItem[];
  assignments: readonly AnomalyAssignment[];
  commitments: readonly Commitment[];
  tmpDir: string;
}

/** Sales tax rates by provider on complete months (AWS and GCP bill US sales tax here). */
const TAX_RATES: Record<string, string> = { aws: '0.06', gcp: '0.07' };

export async function expandCostRows(wh: Warehouse, input: ExpandInput): Promise<void> {
  const { cal, tmpDir } = input;
  await loadTable(wh, {
    table: 'demo_li',
    columns: LINE_ITEM_COLUMNS.map(([n, t]) => [n, t] as const),
    rows: input.items.map((li) => LINE_ITEM_COLUMNS.map(([, , get]) => get(li))),
    tmpDir,
  });
  await loadTable(wh, {
    table: 'demo_day',
    columns: [
      ['day', 'INTEGER'],
      ['date', 'DATE'],
      ['month_start', 'DATE'],
      ['month_end', 'DATE'],
      ['month_first_day', 'INTEGER'],
      ['month_complete', 'BOOLEAN'],
    ],
    rows: cal.days.map((date, day) => {
      const m = cal.months.find((x) => day >= x.firstDay && day <= x.lastDay)!;
      return [day, date, m.start, m.end, m.firstDay, m.complete];
    }),
    tmpDir,
  });
  await loadTable(wh, {
    table: 'demo_factor',
    columns: [
      ['profile', 'VARCHAR'],
      ['day', 'INTEGER'],
      ['factor', 'DOUBLE'],
    ],
    rows: factorTable(cal),
    tmpDir,
  });
  await loadTable(wh, {
    table: 'demo_anomaly_li',
    columns: [
      ['item_id', 'INTEGER'],
      ['anomaly_id', 'INTEGER'],
      ['start_day', 'INTEGER'],
      ['end_day', 'INTEGER'],
      ['factor', 'DOUBLE'],
    ],
    rows: input.assignments.map((a) => [a.itemId, a.anomalyId, a.startDay, a.endDay, a.factor]),
    tmpDir,
  });
  await loadTable(wh, {
    table: 'demo_commitment',
    columns: [
      ['id', 'VARCHAR'],
      ['daily_amount', 'DECIMAL(38, 10)'],
      ['start_day', 'INTEGER'],
      ['end_day', 'INTEGER'],
      ['template_item_id', 'INTEGER'],
    ],
    rows: input.commitments.map((c) => [
      c.id,
      c.dailyAmountUsd,
      c.startDay,
      c.endDay,
      c.templateItemId,
    ]),
    tmpDir,
  });

  // Quantities: base (no anomaly) and actual; noise is a seeded hash of item and day.
  await wh.exec(
    `CREATE OR REPLACE TABLE demo_usage AS
     WITH q AS (
       SELECT li.id AS item_id, d.day,
         CASE WHEN li.cadence = 'daily'
           THEN least(li.max_qty, li.base_qty * fa.factor * (1 + li.noise * ((hash(li.id, d.day, $1::BIGINT) % 1000000)::DOUBLE / 500000.0 - 1)))
           ELSE li.base_qty * fa.factor END AS q,
         li.qty_decimals AS places,
         li.anomaly_only
       FROM demo_li li
       JOIN demo_day d ON d.day >= li.start_day AND d.day < li.end_day
         AND (li.cadence = 'daily' OR (li.cadence = 'monthly' AND d.day = d.month_first_day)
              OR (li.cadence = 'once' AND d.day = li.start_day))
       JOIN demo_factor fa ON fa.profile = li.profile AND fa.day = d.day
     )
     SELECT q.item_id, q.day,
       coalesce(a.anomaly_id, q.anomaly_only) AS anomaly_id,
       CASE WHEN q.anomaly_only IS NULL THEN round(q.q, q.places) ELSE 0 END::DECIMAL(24, 9) AS qty_base,
       round(q.q * coalesce(a.factor, 1), q.places)::DECIMAL(24, 9) AS qty
     FROM q LEFT JOIN demo_anomaly_li a ON a.item_id = q.item_id AND q.day >= a.start_day AND q.day < a.end_day
     WHERE round(q.q * coalesce(a.factor, 1), q.places) > 0`,
    [input.seed],
  );

  // Two exact multiplications per row; billed and contracted reuse them where the prices agree.
  await wh.exec(
    `CREATE OR REPLACE TABLE demo_cost AS
     WITH p AS (
       SELECT u.*, li.*, d.date, d.month_start, d.month_end,
         round(u.qty * li.pricing_per_consumed::DECIMAL(18, 9), 9)::DECIMAL(24, 9) AS pq,
         round(u.qty_base * li.pricing_per_consumed::DECIMAL(18, 9), 9)::DECIMAL(24, 9) AS pq_base
       FROM demo_usage u JOIN demo_li li ON li.id = u.item_id JOIN demo_day d ON d.day = u.day
     ), c AS (
       SELECT *,
         round(pq * list_unit_price, 10)::DECIMAL(38, 10) AS list_cost,
         round(pq * effective_unit_price, 10)::DECIMAL(38, 10) AS effective_cost
       FROM p
     )
     SELECT
       provider AS _provider, item_id AS _item_id, day AS _day, 0 AS _row_kind, anomaly_id AS _anomaly_id,
       CASE WHEN qty = qty_base THEN 0::DECIMAL(38, 10)
         ELSE effective_cost - round(pq_base * effective_unit_price, 10)::DECIMAL(38, 10) END AS _effective_delta,
       service_code AS _service_code, usage_type AS _usage_type, operation AS _operation,
       app AS _app, team AS _team, env AS _env,
       availability_zone AS AvailabilityZone,
       CASE WHEN billed_unit_price = effective_unit_price THEN effective_cost
         WHEN billed_unit_price = 0 THEN 0::DECIMAL(38, 10)
         ELSE round(pq * billed_unit_price, 10)::DECIMAL(38, 10) END AS BilledCost,
       billing_account_id AS BillingAccountId,
       billing_account_name AS BillingAccountName,
       'USD' AS BillingCurrency,
       month_end::TIMESTAMP AS BillingPeriodEnd,
       month_start::TIMESTAMP AS BillingPeriodStart,
       charge_category AS ChargeCategory,
       NULL::VARCHAR AS ChargeClass,
       charge_description AS ChargeDescription,
       charge_frequency AS ChargeFrequency,
       (CASE WHEN cadence = 'monthly' THEN month_end ELSE date + 1 END)::TIMESTAMP AS ChargePeriodEnd,
       (CASE WHEN cadence = 'monthly' THEN month_start ELSE date END)::TIMESTAMP AS ChargePeriodStart,
       commitment_category AS CommitmentDiscountCategory,
       commitment_id AS CommitmentDiscountId,
       commitment_name AS CommitmentDiscountName,
       commitment_status AS CommitmentDiscountStatus,
       commitment_type AS CommitmentDiscountType,
       CASE WHEN charge_category = 'Usage' THEN qty END AS ConsumedQuantity,
       CASE WHEN charge_category = 'Usage' THEN consumed_unit END AS ConsumedUnit,
       CASE WHEN contracted_unit_price = list_unit_price THEN list_cost
         ELSE round(pq * contracted_unit_price, 10)::DECIMAL(38, 10) END AS ContractedCost,
       contracted_unit_price AS ContractedUnitPrice,
       effective_cost AS EffectiveCost,
       invoice_issuer_name AS InvoiceIssuerName,
       list_cost AS ListCost,
       list_unit_price AS ListUnitPrice,
       pricing_category AS PricingCategory,
       pq AS PricingQuantity,
       pricing_unit AS PricingUnit,
       provider_name AS ProviderName,
       publisher_name AS PublisherName,
       region_id AS RegionId,
       region_name AS RegionName,
       resource_id AS ResourceId,
       resource_name AS ResourceName,
       resource_type AS ResourceType,
       service_category AS ServiceCategory,
       service_name AS ServiceName,
       sku_id AS SkuId,
       sku_price_id AS SkuPriceId,
       sub_account_id AS SubAccountId,
       sub_account_name AS SubAccountName,
       tags AS Tags
     FROM c`,
  );
  await addUnusedCommitment(wh);
  await addSupportAndTax(wh);
}

/** Commitment per day not consumed by covered usage becomes an Unused row (EffectiveCost only). */
async function addUnusedCommitment(wh: Warehouse): Promise<void> {
  await wh.exec(
    `INSERT INTO demo_cost BY NAME
     WITH covered AS (
       SELECT CommitmentDiscountId AS id, _day AS day, sum(EffectiveCost) AS used
       FROM demo_cost WHERE ChargeCategory = 'Usage' AND CommitmentDiscountStatus = 'Used' GROUP BY ALL
     ), unused AS (
       SELECT c.id, d.day, c.daily_amount - coalesce(v.used, 0) AS amount, c.template_item_id
       FROM demo_commitment c JOIN demo_day d ON d.day >= c.start_day AND d.day < c.end_day
       LEFT JOIN covered v ON v.id = c.id AND v.day = d.day
     )
     SELECT t._provider, n.template_item_id AS _item_id, n.day AS _day, 1 AS _row_kind,
       t._service_code, t._usage_type, t._operation, t._app, t._team, t._env,
       t.AvailabilityZone, 0::DECIMAL(38, 10) AS BilledCost, t.BillingAccountId, t.BillingAccountName,
       t.BillingCurrency, d.month_end::TIMESTAMP AS BillingPeriodEnd, d.month_start::TIMESTAMP AS BillingPeriodStart,
       'Usage' AS ChargeCategory, 'Unused ' || t.CommitmentDiscountName AS ChargeDescription,
       'Usage-Based' AS ChargeFrequency, (d.date + 1)::TIMESTAMP AS ChargePeriodEnd, d.date::TIMESTAMP AS ChargePeriodStart,
       t.CommitmentDiscountCategory, t.CommitmentDiscountId, t.CommitmentDiscountName,
       'Unused' AS CommitmentDiscountStatus, t.CommitmentDiscountType,
       0::DECIMAL(38, 10) AS ContractedCost, round(n.amount, 10)::DECIMAL(38, 10) AS EffectiveCost,
       t.InvoiceIssuerName, 0::DECIMAL(38, 10) AS ListCost, 'Committed' AS PricingCategory,
       t.ProviderName, t.PublisherName, t.RegionId, t.RegionName, t.ResourceId, t.ResourceName, t.ResourceType,
       t.ServiceCategory, t.ServiceName, t.SkuId, t.SkuPriceId, t.SubAccountId, t.SubAccountName, t.Tags
     FROM unused n
     JOIN demo_day d ON d.day = n.day
     JOIN (SELECT DISTINCT ON (_item_id) * FROM demo_cost WHERE _row_kind = 0 ORDER BY _item_id, _day) t ON t._item_id = n.template_item_id
     WHERE n.amount > 0`,
  );
}

/**
 * AWS Business Support (10 % of the first $10K of monthly usage, 7 % to $80K, 5 % to $250K, 3 %
 * above; at least $100) and sales tax, posted for complete months only — both are invoiced after
 * the month closes.
 */
async function addSupportAndTax(wh: Warehouse): Promise<void> {
  await wh.exec(
    `INSERT INTO demo_cost BY NAME
     WITH m AS (
       SELECT BillingAccountId, BillingAccountName, BillingPeriodStart, BillingPeriodEnd, sum(BilledCost) AS usage
       FROM demo_cost c JOIN demo_day d ON d.day = c._day
       WHERE _provider = 'aws' AND ChargeCategory IN ('Usage', 'Purchase') AND d.month_complete
       GROUP BY ALL
     )
     SELECT 'aws' AS _provider, 0 AS _item_id, (SELECT max(day) FROM demo_day WHERE month_start = m.BillingPeriodStart::DATE) AS _day, 2 AS _row_kind,
       'AWSSupportBusiness' AS _service_code, 'Dollar' AS _usage_type, '' AS _operation,
       round(greatest(100, 0.10 * least(usage, 10000) + 0.07 * greatest(0, least(usage, 80000) - 10000)
         + 0.05 * greatest(0, least(usage, 250000) - 80000) + 0.03 * greatest(0, usage - 250000)), 2)::DECIMAL(38, 10) AS BilledCost,
       BillingAccountId, BillingAccountName, 'USD' AS BillingCurrency, BillingPeriodEnd, BillingPeriodStart,
       'Purchase' AS ChargeCategory, 'AWS Support (Business)' AS ChargeDescription, 'Recurring' AS ChargeFrequency,
       BillingPeriodEnd AS ChargePeriodEnd, BillingPeriodStart AS ChargePeriodStart,
       BilledCost AS ContractedCost, BilledCost AS EffectiveCost, 'Amazon Web Services, Inc.' AS InvoiceIssuerName,
       BilledCost AS ListCost, 'Standard' AS PricingCategory, 'AWS' AS ProviderName, 'Amazon Web Services, Inc.' AS PublisherName,
       'Other' AS ServiceCategory, 'AWS Support (Business)' AS ServiceName, BillingAccountId AS SubAccountId, BillingAccountName AS SubAccountName
     FROM m`,
  );
  const cases = Object.entries(TAX_RATES)
    .map(([p, r]) => `WHEN '${p}' THEN ${r}`)
    .join(' ');
  await wh.exec(
    `INSERT INTO demo_cost BY NAME
     WITH m AS (
       SELECT _provider, ProviderName, InvoiceIssuerName, BillingAccountId, BillingAccountName, BillingPeriodStart, BillingPeriodEnd, sum(BilledCost) AS taxable
       FROM demo_cost c JOIN demo_day d ON d.day = c._day
       WHERE _provider IN (${Object.keys(TAX_RATES)
         .map((p) => `'${p}'`)
         .join(', ')}) AND ChargeCategory IN ('Usage', 'Purchase') AND d.month_complete
       GROUP BY ALL
     )
     SELECT _provider, 0 AS _item_id, (SELECT max(day) FROM demo_day WHERE month_start = m.BillingPeriodStart::DATE) AS _day, 3 AS _row_kind,
       'Tax' AS _service_code, 'Tax' AS _usage_type, '' AS _operation,
       round(taxable * CASE _provider ${cases} END, 2)::DECIMAL(38, 10) AS BilledCost,
       BillingAccountId, BillingAccountName, 'USD' AS BillingCurrency, BillingPeriodEnd, BillingPeriodStart,
       'Tax' AS ChargeCategory, 'Sales tax' AS ChargeDescription, 'Recurring' AS ChargeFrequency,
       BillingPeriodEnd AS ChargePeriodEnd, BillingPeriodStart AS ChargePeriodStart,
       BilledCost AS ContractedCost, BilledCost AS EffectiveCost, InvoiceIssuerName, BilledCost AS ListCost,
       ProviderName, InvoiceIssuerName AS PublisherName, 'Other' AS ServiceCategory, 'Tax' AS ServiceName,
       BillingAccountId AS SubAccountId, BillingAccountName AS SubAccountName
     FROM m WHERE taxable > 0`,
  );
}
