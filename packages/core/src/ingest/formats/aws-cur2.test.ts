import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCostLensError } from '../../errors.ts';
import { FOCUS_COLUMNS } from '../../focus/schema.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { tempDir, writeTemp } from '../../testing/fixtures.ts';
import { literal } from '../../util/sql.ts';
import { ingestFiles } from '../ingest.ts';
import { stageSource } from '../stage-source.ts';
import { detectFormat } from './registry.ts';
import {
  formatScaled,
  parseCsv,
  parseCsvRows,
  scaled,
  storedRows,
  toCsv,
} from './__fixtures__/golden-rows.ts';
import type { GoldenRow } from './__fixtures__/golden-rows.ts';

const FIXTURES = join(import.meta.dirname, '__fixtures__');
const CUR2 = join(FIXTURES, 'aws-cur2-line-items.constructed.csv');
const LEGACY = join(FIXTURES, 'aws-cur-legacy-line-items.constructed.csv');
const AWS_FOCUS = join(FIXTURES, 'aws-focus-1.0.constructed.csv');
const EXTENSIONS = [
  'x_UsageType',
  'x_Operation',
  'x_ServiceCode',
  'x_LineItemType',
  'x_LineItemId',
];

async function rowsOf(path: string, kind?: 'parquet') {
  const wh = await DuckDbWarehouse.open();
  const result = await ingestFiles(wh, [path], kind ? { kind } : {});
  const rows = await storedRows(wh, EXTENSIONS);
  await wh.close();
  return { result, rows };
}

/** Drops lineage and the given columns, so rows of two spellings of one export compare equal. */
function without(rows: readonly GoldenRow[], cols: readonly string[]): GoldenRow[] {
  const drop = new Set(['__line', 'x_source_file', ...cols]);
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.has(k))));
}

/** Writes the constructed CUR 2.0 CSV as Parquet with the types AWS uses (DOUBLE, TIMESTAMP, MAP). */
async function cur2Parquet(): Promise<string> {
  const out = join(tempDir(), 'cur2.constructed.parquet');
  const wh = await DuckDbWarehouse.open();
  const dbl = [
    'line_item_usage_amount',
    'line_item_unblended_rate',
    'line_item_unblended_cost',
    'pricing_public_on_demand_cost',
    'pricing_public_on_demand_rate',
    'reservation_effective_cost',
    'reservation_unused_amortized_upfront_fee_for_billing_period',
    'reservation_unused_recurring_fee',
    'savings_plan_savings_plan_effective_cost',
    'savings_plan_total_commitment_to_date',
    'savings_plan_used_commitment',
  ];
  const ts = [
    'bill_billing_period_start_date',
    'bill_billing_period_end_date',
    'line_item_usage_start_date',
    'line_item_usage_end_date',
  ];
  const replace = [
    ...dbl.map((c) => `TRY_CAST(nullif(${c}, '') AS DOUBLE) AS ${c}`),
    ...ts.map((c) => `CAST(${c} AS TIMESTAMP) AS ${c}`),
    `CAST(nullif(product, '')::JSON AS MAP(VARCHAR, VARCHAR)) AS product`,
    `CAST(nullif(resource_tags, '')::JSON AS MAP(VARCHAR, VARCHAR)) AS resource_tags`,
  ];
  await wh.exec(
    `COPY (SELECT * REPLACE (${replace.join(', ')}) FROM read_csv(${literal(CUR2)}, all_varchar = true))
     TO ${literal(out)} (FORMAT parquet)`,
  );
  const types = await wh.query<{ column_name: string; column_type: string }>(
    `DESCRIBE SELECT resource_tags, line_item_unblended_cost FROM read_parquet(${literal(out)})`,
  );
  assert.deepEqual(
    types.map((t) => t.column_type),
    ['MAP(VARCHAR, VARCHAR)', 'DOUBLE'],
  );
  await wh.close();
  return out;
}

describe('AWS CUR 2.0', () => {
  it('maps the constructed CUR 2.0 CSV exactly as the same line items in legacy CUR spelling', async () => {
    const cur2 = await rowsOf(CUR2);
    const legacy = await rowsOf(LEGACY);
    assert.equal(cur2.result.files[0]!.format, 'aws-cur2');
    assert.deepEqual(cur2.result.findings, []);
    // 16 line items; the RI and Savings Plan fees each add an Unused commitment row.
    assert.equal(cur2.rows.length, 18);
    // Only CUR 2.0 has account names; its tag keys are normalized by AWS (aws_created_by).
    const differ = ['BillingAccountName', 'SubAccountName', 'Tags', 'x_source_format'];
    assert.deepEqual(without(cur2.rows, differ), without(legacy.rows, differ));
    assert.deepEqual(cur2.rows.map((r) => [r['SubAccountName'], r['Tags']]).slice(0, 3), [
      ['Acme ML Team', '{"team":"ml","aws:created_by":"alice"}'],
      ['Acme ML Team', '{"team":"ml"}'],
      ['Acme ML Team', '{"team":"data"}'],
    ]);
    assert.ok(cur2.rows.every((r) => r['BillingAccountName'] === 'Acme Payer'));
  });

  it('reads product attributes from the product map where CUR 2.0 keeps them', async () => {
    const { rows } = await rowsOf(CUR2);
    const ec2 = rows.find((r) => r['x_LineItemId'] === 'L01')!;
    assert.equal(ec2['ServiceName'], 'Amazon Elastic Compute Cloud');
    assert.equal(ec2['RegionId'], 'us-east-1');
    assert.equal(ec2['RegionName'], 'US East (N. Virginia)');
  });

  it('reconciles the CUR 2.0 CSV to an independent exact sum of its native columns', async () => {
    const records = parseCsv(readFileSync(CUR2, 'utf8'));
    let billed = 0n;
    let effective = 0n;
    for (const r of records) {
      const v = (c: string) => scaled(r[c] ?? '');
      billed += v('line_item_unblended_cost');
      const type = r['line_item_line_item_type'];
      effective +=
        type === 'DiscountedUsage'
          ? v('reservation_effective_cost')
          : type === 'SavingsPlanCoveredUsage'
            ? v('savings_plan_savings_plan_effective_cost')
            : type === 'SavingsPlanNegation' || type === 'SavingsPlanUpfrontFee'
              ? 0n
              : type === 'SavingsPlanRecurringFee'
                ? v('savings_plan_total_commitment_to_date') - v('savings_plan_used_commitment')
                : type === 'RIFee'
                  ? v('reservation_unused_amortized_upfront_fee_for_billing_period') +
                    v('reservation_unused_recurring_fee')
                  : type === 'Fee' && r['reservation_reservation_a_r_n'] !== ''
                    ? 0n
                    : v('line_item_unblended_cost');
    }
    const { result } = await rowsOf(CUR2);
    assert.deepEqual(
      result.partitions.map((p) => [
        p.billingAccountId,
        p.billingPeriodStart,
        p.billedCost,
        p.effectiveCost,
        p.matches,
      ]),
      [
        [
          '111122223333',
          '2025-03-01T00:00:00Z',
          formatScaled(billed),
          formatScaled(effective),
          true,
        ],
      ],
    );
  });

  it('maps CUR 2.0 Parquet (DOUBLE costs, TIMESTAMP dates, MAP tags) exactly as its CSV', async () => {
    const parquet = await cur2Parquet();
    const fromParquet = await rowsOf(parquet);
    const fromCsv = await rowsOf(CUR2);
    assert.equal(fromParquet.result.files[0]!.format, 'aws-cur2');
    assert.deepEqual(fromParquet.result.findings, []);
    assert.deepEqual(without(fromParquet.rows, []), without(fromCsv.rows, []));
  });

  it('reads the legacy CUR in Athena snake_case spelling, tags from resource_tags_* columns', async () => {
    const [header = [], ...data] = parseCsvRows(readFileSync(CUR2, 'utf8'));
    const keep = header.map((h) => h !== 'product' && h !== 'resource_tags');
    const rows = [
      [...header.filter((_, i) => keep[i]), 'product_product_name', 'resource_tags_user_team'],
      ...data.map((r) => [...r.filter((_, i) => keep[i]), 'Amazon Elastic Compute Cloud', 'ml']),
    ];
    const file = writeTemp(tempDir(), 'athena.csv', toCsv(rows));
    const { result, rows: stored } = await rowsOf(file);
    assert.equal(result.files[0]!.format, 'aws-cur-athena');
    assert.ok(stored.every((r) => r['Tags'] === '{"team":"ml"}'));
    assert.ok(stored.every((r) => r['ServiceName'] === 'Amazon Elastic Compute Cloud'));
  });

  it('rejects a CUR 2.0 file without line_item_unblended_cost and writes nothing', async () => {
    const [header = [], ...data] = parseCsvRows(readFileSync(CUR2, 'utf8'));
    const i = header.indexOf('line_item_unblended_cost');
    const file = writeTemp(
      tempDir(),
      'short.csv',
      toCsv([header, ...data].map((r) => r.filter((_, j) => j !== i))),
    );
    const wh = await DuckDbWarehouse.open();
    try {
      await ingestFiles(wh, [file]);
      assert.fail('expected a rejection');
    } catch (e) {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'INVALID_INPUT');
      assert.deepEqual(
        e.issues.map((x) => [x.file, x.line, x.column]),
        [[file, 1, 'line_item_unblended_cost']],
      );
    }
    const [n] = await wh.query<{ n: string }>(`SELECT count(*)::VARCHAR AS n FROM focus_cost`);
    assert.equal(n?.n, '0');
    await wh.close();
  });

  it('keeps both tags when two resource_tags keys normalize to the same FOCUS key', async () => {
    const [header = [], ...data] = parseCsvRows(readFileSync(CUR2, 'utf8'));
    data[0]![header.indexOf('resource_tags')] = '{"user_team":"ml","team":"legacy"}';
    const file = writeTemp(tempDir(), 'dup.csv', toCsv([header, ...data]));
    const { result, rows } = await rowsOf(file);
    assert.ok(result.partitions.every((p) => p.matches));
    assert.equal(rows[0]!['Tags'], '{"team":"ml","team":"legacy"}');
  });

  it('reports a resource_tags value that is not a JSON object instead of failing', async () => {
    const [header = [], ...data] = parseCsvRows(readFileSync(CUR2, 'utf8'));
    data[0]![header.indexOf('resource_tags')] = 'team=ml';
    data[1]![header.indexOf('resource_tags')] = '["ml"]';
    const file = writeTemp(tempDir(), 'badtags.csv', toCsv([header, ...data]));
    const { result, rows } = await rowsOf(file);
    const bad = result.findings.find((f) => f.id === 'json-invalid');
    assert.deepEqual([bad?.rowsAffected, bad?.example, bad?.line], [2, 'team=ml', 2]);
    assert.deepEqual([rows[0]!['Tags'], rows[1]!['Tags']], [null, null]);
  });
});

describe("AWS's own FOCUS export", () => {
  it('goes through the FOCUS pipeline, keeping its x_ columns as extension columns', async () => {
    const wh = await DuckDbWarehouse.open();
    const result = await ingestFiles(wh, [AWS_FOCUS]);
    assert.equal(result.files[0]!.format, 'focus-1.0');
    assert.ok(result.partitions.every((p) => p.matches));
    assert.deepEqual(
      result.findings.map((f) => f.id),
      [],
      'AWS writes conformant x_ columns, so nothing is reported as unprefixed',
    );
    const rows = await wh.query<Record<string, string | null>>(
      `SELECT x_Operation, x_ServiceCode, x_UsageType, x_Discounts, x_CostCategories, "CommitmentDiscountType",
         "EffectiveCost"::VARCHAR AS effective FROM focus_cost ORDER BY x_source_line`,
    );
    assert.deepEqual(rows[0], {
      x_Operation: 'RunInstances',
      x_ServiceCode: 'AmazonEC2',
      x_UsageType: 'USE1-BoxUsage:m5.large',
      x_Discounts: null,
      x_CostCategories: '{"cost_center":"r-and-d"}',
      CommitmentDiscountType: null,
      effective: '0.960000000000000',
    });
    assert.equal(rows[4]!['x_Discounts'], '{"edp_discount":-0.5}');
    const [t] = await wh.query<{ billed: string; effective: string }>(
      `SELECT sum("BilledCost")::VARCHAR AS billed, sum("EffectiveCost")::VARCHAR AS effective FROM focus_cost`,
    );
    assert.deepEqual(t, { billed: '9.400000000000000', effective: '5.230000000000000' });
    await wh.close();
  });

  it('lands AWS FOCUS rows and legacy CUR rows in the same x_ extension columns', async () => {
    const wh = await DuckDbWarehouse.open();
    // Another payer, so the two bills are separate partitions and neither replaces the other.
    const other = writeTemp(
      tempDir(),
      'other-payer.csv',
      readFileSync(LEGACY, 'utf8').replaceAll('111122223333', '999988887777'),
    );
    await ingestFiles(wh, [AWS_FOCUS]);
    await ingestFiles(wh, [other]);
    const rows = await wh.query<{ f: string; n: string; ops: string }>(
      `SELECT x_source_format AS f, count(x_UsageType)::VARCHAR AS n,
         string_agg(DISTINCT x_Operation, ',' ORDER BY x_Operation) AS ops
       FROM focus_cost GROUP BY f ORDER BY f`,
    );
    assert.deepEqual(rows, [
      { f: 'aws-cur', n: '14', ops: 'GET,RunInstances,RunInstances:SV001,StandardStorage' },
      { f: 'focus-1.0', n: '4', ops: 'RunInstances' },
    ]);
    await wh.close();
  });
});

describe('AWS export detection', () => {
  const headerOf = async (path: string) => {
    const wh = await DuckDbWarehouse.open();
    const stage = await wh.transaction((tx) => stageSource(tx, path, '__detect'));
    await wh.close();
    return stage.columns.names;
  };

  it('tells legacy CUR, CUR 2.0 and AWS FOCUS apart by their headers', async () => {
    assert.equal(detectFormat(LEGACY, await headerOf(LEGACY)).id, 'aws-cur');
    assert.equal(detectFormat(CUR2, await headerOf(CUR2)).id, 'aws-cur2');
    assert.equal(detectFormat(AWS_FOCUS, await headerOf(AWS_FOCUS)).id, 'focus');
  });

  it('does not claim a FOCUS header for an AWS format', () => {
    assert.equal(
      detectFormat(
        'f.csv',
        FOCUS_COLUMNS.map((c) => c.name),
      ).id,
      'focus',
    );
  });
});
