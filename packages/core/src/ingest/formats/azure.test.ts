import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCostLensError } from '../../errors.ts';
import { qualityReport } from '../../quality/index.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { SHARED_DATA, tempDir, writeTemp } from '../../testing/fixtures.ts';
import { ingestFiles } from '../ingest.ts';
import {
  assertGolden,
  compact,
  digestRows,
  formatScaled,
  parseCsv,
  scaled,
  storedRows,
} from './__fixtures__/golden-rows.ts';

const EA = join(SHARED_DATA, 'billing-samples/microsoft-finops-toolkit/azure-ea');
const OPENCOST = join(SHARED_DATA, 'billing-samples/opencost/azure-billingexports');
const FIXTURES = join(import.meta.dirname, '__fixtures__');
const EXTENSIONS = ['x_ResourceType', 'x_MeterCategory', 'x_ChargeType', 'x_PricingModel'];

/**
 * The test's own statement of the Azure row rules (module header of azure.ts), over the raw
 * text: commitment-covered usage is not billed; a commitment purchase has no effective cost.
 */
function expectedTotals(path: string) {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const totals = new Map<string, { billed: bigint; effective: bigint }>();
  for (const r of rows) {
    const commitment = ['Reservation', 'SavingsPlan'].includes(r['PricingModel'] ?? '');
    const chargeType = r['ChargeType'] ?? '';
    const covered =
      commitment && ['Usage', 'UnusedReservation', 'UnusedSavingsPlan'].includes(chargeType);
    const purchase = commitment && ['Purchase', 'Refund'].includes(chargeType);
    const [m, d, y] = (r['BillingPeriodStartDate'] ?? '').split('/');
    const key = `${y}-${m}-${d}T00:00:00Z|${r['BillingAccountId']}|${r['BillingCurrency']}`;
    const t = totals.get(key) ?? { billed: 0n, effective: 0n };
    const cost = scaled(r['Cost'] ?? '');
    if (!covered) t.billed += cost;
    if (!purchase) t.effective += cost;
    totals.set(key, t);
  }
  return [...totals].map(([k, t]) => ({
    key: k,
    billed: formatScaled(t.billed),
    effective: formatScaled(t.effective),
  }));
}

async function ingestSample(path: string) {
  const wh = await DuckDbWarehouse.open();
  const result = await ingestFiles(wh, [path]);
  return { wh, result };
}

async function storeIsEmpty(wh: DuckDbWarehouse): Promise<boolean> {
  const [row] = await wh.query<{ n: number; m: number }>(
    `SELECT (SELECT count(*) FROM focus_cost)::INTEGER AS n, (SELECT count(*) FROM ingest)::INTEGER AS m`,
  );
  return row?.n === 0 && row.m === 0;
}

describe('Azure cost exports', () => {
  for (const [name, file, excerptLines] of [
    ['azure-ea-actual', 'EA_ActualCost_Small.csv', [2, 3, 12]],
    ['azure-ea-amortized', 'EA_AmortizedCost_Small.csv', [2, 3, 4]],
  ] as const) {
    it(`converts the real ${file} sample to the golden FOCUS rows and reconciles each period and account exactly`, async () => {
      const path = join(EA, file);
      const { wh, result } = await ingestSample(path);
      assert.equal(result.files[0]!.format, 'azure-ea');
      const expected = expectedTotals(path);
      assert.deepEqual(
        result.partitions.map((p) => ({
          key: `${p.billingPeriodStart}|${p.billingAccountId}|${p.billingCurrency}`,
          billed: p.billedCost,
          effective: p.effectiveCost,
        })),
        expected,
      );
      assert.ok(result.partitions.every((p) => p.matches));
      const rows = await storedRows(wh, EXTENSIONS);
      assertGolden(name, {
        rowCount: rows.length,
        digest: digestRows(rows),
        excerpt: rows
          .filter((r) => (excerptLines as readonly number[]).includes(Number(r['__line'])))
          .map(compact),
      });
      await wh.close();
    });
  }

  it('lists the EA samples’ own defects as findings and nothing else', async () => {
    const actual = await ingestSample(join(EA, 'EA_ActualCost_Small.csv'));
    assert.deepEqual(
      actual.result.findings.map((f) => `${f.severity} ${f.id} ${f.rowsAffected}`).sort(),
      [
        // The reservation purchase: FOCUS wants EffectiveCost 0 on it (a note, not a defect).
        'info azure-commitment-purchase 1',
        // Source defect: Tags written as JSON members without the outer braces.
        'warning json-without-braces 9',
      ],
    );
    const amortized = await ingestSample(join(EA, 'EA_AmortizedCost_Small.csv'));
    assert.deepEqual(
      amortized.result.findings.map((f) => `${f.severity} ${f.id} ${f.rowsAffected}`).sort(),
      ['warning json-without-braces 27'],
    );
    await actual.wh.close();
    await amortized.wh.close();
  });

  it('gets a quality report without conformance findings: what remains is the samples’ own data', async () => {
    for (const [file, expected] of [
      [
        'EA_ActualCost_Small.csv',
        [
          // Sparse sample: a few days of September only.
          'finops warning daily-coverage-gap',
          // Two rows carry none of the owner tag keys (team, owner, cost_center, application, …).
          'finops warning owner-tag-missing 2',
          'ingest warning json-without-braces 9',
        ],
      ],
      [
        'EA_AmortizedCost_Small.csv',
        [
          'finops warning daily-coverage-gap',
          'finops warning owner-tag-missing 11',
          'ingest warning json-without-braces 27',
        ],
      ],
    ] as const) {
      const { wh } = await ingestSample(join(EA, file));
      const report = await qualityReport(wh);
      assert.deepEqual(
        report.findings
          .filter((f) => f.severity !== 'info')
          .map(
            (f) =>
              `${f.source} ${f.severity} ${f.check}${f.rowsAffected > 0 ? ` ${f.rowsAffected}` : ''}`,
          )
          .sort(),
        expected,
        file,
      );
      await wh.close();
    }
  });

  it('bills a commitment purchase but not the usage it covers, and says which commitment covered it', async () => {
    const { wh } = await ingestSample(join(EA, 'EA_AmortizedCost_Small.csv'));
    const rows = await wh.query<Record<string, string | null>>(
      `SELECT "BilledCost"::VARCHAR AS billed, "EffectiveCost"::VARCHAR AS effective, "PricingCategory" AS pc,
         "CommitmentDiscountType" AS type, "CommitmentDiscountCategory" AS cat, "CommitmentDiscountStatus" AS status
       FROM focus_cost WHERE "CommitmentDiscountId" IS NOT NULL ORDER BY x_source_line`,
    );
    assert.deepEqual(rows, [
      {
        billed: '0.000000000000000',
        effective: '0.493152000000000',
        pc: 'Committed',
        type: 'Reservation',
        cat: 'Usage',
        status: 'Used',
      },
      {
        billed: '0.000000000000000',
        effective: '0.006000000468000',
        pc: 'Committed',
        type: 'Savings Plan',
        cat: 'Spend',
        status: 'Used',
      },
    ]);
    const actual = await ingestSample(join(EA, 'EA_ActualCost_Small.csv'));
    const [purchase] = await actual.wh.query<Record<string, string | null>>(
      `SELECT "ChargeCategory" AS cc, "BilledCost"::VARCHAR AS billed, "EffectiveCost"::VARCHAR AS effective,
         "PricingCategory" AS pc, "CommitmentDiscountStatus" AS status, "ChargeFrequency" AS freq
       FROM focus_cost WHERE "ChargeCategory" = 'Purchase'`,
    );
    assert.deepEqual(purchase, {
      cc: 'Purchase',
      billed: '3.250000000000000',
      effective: '0.000000000000000',
      pc: 'Standard',
      status: null,
      freq: 'Recurring',
    });
    await wh.close();
    await actual.wh.close();
  });

  it('maps every MCA charge type and pricing model of the constructed amortized export, reconciled to its text', async () => {
    const path = join(FIXTURES, 'azure-mca-amortized.constructed.csv');
    const { wh, result } = await ingestSample(path);
    assert.equal(result.files[0]!.format, 'azure-mca');
    // Independent statement of the row rules over the raw text (MCA bills per billing profile).
    let billed = 0n;
    let effective = 0n;
    for (const r of parseCsv(readFileSync(path, 'utf8'))) {
      const cost = scaled(r['costInBillingCurrency'] ?? '');
      const commitment = r['benefitId'] !== '';
      if (!(commitment && /^(Usage|Unused)/.test(r['chargeType'] ?? ''))) billed += cost;
      if (!(commitment && /^(Purchase|Refund)$/.test(r['chargeType'] ?? ''))) effective += cost;
    }
    assert.deepEqual(
      result.partitions.map((p) => [
        p.billingPeriodStart,
        p.billingAccountId,
        p.billedCost,
        p.effectiveCost,
        p.matches,
      ]),
      [
        [
          '2024-05-01T00:00:00Z',
          'AB12-CD34-EF5-GH6',
          formatScaled(billed),
          formatScaled(effective),
          true,
        ],
      ],
    );
    const rows = await wh.query<Record<string, string | null>>(
      `SELECT x_ChargeType AS ct, x_PricingModel AS pm, "ChargeCategory" AS cat, "ChargeClass" AS class,
         "PricingCategory" AS pc, "CommitmentDiscountType" AS cdt, "CommitmentDiscountStatus" AS cds,
         "BilledCost"::VARCHAR AS billed, "EffectiveCost"::VARCHAR AS effective, "ListCost"::VARCHAR AS list,
         "PricingCurrency" AS pcur, "PricingCurrencyEffectiveCost"::VARCHAR AS pce
       FROM focus_cost ORDER BY x_source_line`,
    );
    assert.deepEqual(
      rows.map((r) => [
        r['ct'],
        r['pm'],
        r['cat'],
        r['class'],
        r['pc'],
        r['cdt'],
        r['cds'],
        r['pcur'],
      ]),
      [
        ['Usage', 'OnDemand', 'Usage', null, 'Standard', null, null, 'USD'],
        ['Usage', 'Spot', 'Usage', null, 'Dynamic', null, null, 'USD'],
        ['Usage', 'Reservation', 'Usage', null, 'Committed', 'Reservation', 'Used', 'USD'],
        [
          'UnusedReservation',
          'Reservation',
          'Usage',
          null,
          'Committed',
          'Reservation',
          'Unused',
          'USD',
        ],
        ['Usage', 'SavingsPlan', 'Usage', null, 'Committed', 'Savings Plan', 'Used', 'USD'],
        [
          'UnusedSavingsPlan',
          'SavingsPlan',
          'Usage',
          null,
          'Committed',
          'Savings Plan',
          'Unused',
          'USD',
        ],
        ['Refund', 'Reservation', 'Purchase', 'Correction', 'Standard', 'Reservation', null, 'USD'],
        ['RoundingAdjustment', null, 'Adjustment', null, null, null, null, 'USD'],
        ['Usage', 'OnDemand', 'Usage', null, 'Standard', null, null, 'EUR'],
      ],
    );
    // Spot: billed at the spot price, listed at the pay-as-you-go price.
    assert.deepEqual(
      [rows[1]!['billed'], rows[1]!['list']],
      ['0.200000000000000', '0.960000000000000'],
    );
    // Priced in EUR, billed in USD: no pricing-currency amount is invented.
    assert.equal(rows[8]!['pce'], null);
    assertGolden('azure-mca-amortized', {
      rowCount: rows.length,
      digest: digestRows(await storedRows(wh, EXTENSIONS)),
      excerpt: (await storedRows(wh, EXTENSIONS))
        .filter((r) => ['4', '8'].includes(r['__line'] ?? ''))
        .map(compact),
    });
    assert.deepEqual(result.findings.map((f) => `${f.severity} ${f.id} ${f.rowsAffected}`).sort(), [
      'info azure-commitment-purchase 1',
      'info azure-service-unmapped 1',
    ]);
    await wh.close();
  });

  it('reads an EA export with a header and no rows as an empty, successful ingest', async () => {
    const { wh, result } = await ingestSample(join(EA, 'EA_NoRows.csv'));
    assert.equal(result.files[0]!.format, 'azure-ea');
    assert.equal(result.rowCount, 0);
    assert.deepEqual(result.partitions, []);
    await wh.close();
  });

  // Every header variant OpenCost's parser tests carry; expectations written from the files.
  const variants = [
    {
      file: 'headersets/PayAsYouGo.csv',
      format: 'azure-payg',
      account: '11111111-12ab-34dc-56ef-123456abcdef',
      currency: 'USD',
      billed: '0.075',
      region: 'eastus',
      findings: ['info azure-billing-account-from-subscription'],
    },
    {
      file: 'headersets/German.csv',
      format: 'azure-payg',
      account: '11111111-12ab-34dc-56ef-123456abcdef',
      currency: 'USD',
      billed: '0.075',
      region: 'eastus',
      findings: ['info azure-billing-account-from-subscription'],
    },
    {
      file: 'headersets/YA.csv',
      format: 'azure-payg',
      account: '11111111-12ab-34dc-56ef-123456abcdef',
      currency: 'USD',
      billed: '0.075',
      region: 'eastus',
      findings: ['info azure-billing-account-from-subscription'],
    },
    // Source defect: the one row has a date and nothing else (no cost, no subscription).
    {
      file: 'headersets/BOM.csv',
      format: 'azure-payg',
      account: null,
      currency: null,
      billed: null,
      region: null,
      findings: [
        'error azure-cost-missing',
        'info azure-billing-account-from-subscription',
        'info azure-service-unmapped',
      ],
    },
    {
      file: 'headersets/Enterprise.csv',
      format: 'azure-ea',
      account: '12345678',
      currency: 'CAD',
      billed: '0',
      region: 'canadacentral',
      findings: ['warning json-without-braces'],
    },
    {
      file: 'headersets/EnterpriseCamel.csv',
      format: 'azure-mca',
      account: '11111111-1111-1111-1111-123456789012',
      currency: 'USD',
      billed: '0.012',
      region: 'westus',
      findings: ['info azure-billing-account-from-subscription'],
    },
    // Source defects: no currency column; Tags without braces.
    {
      file: 'values/MissingBrackets.csv',
      format: 'azure-payg',
      account: '11111111-12ab-34dc-56ef-123456abcdef',
      currency: null,
      billed: '4',
      region: null,
      findings: ['error azure-currency-missing', 'warning json-without-braces'],
    },
    {
      file: 'values/VirtualMachine.csv',
      format: 'azure-payg',
      account: '11111111-12ab-34dc-56ef-123456billing',
      currency: null,
      billed: '4',
      region: null,
      findings: ['error azure-currency-missing'],
    },
  ];
  for (const v of variants) {
    it(`reads the ${v.file} header variant as ${v.format}`, async () => {
      const { wh, result } = await ingestSample(join(OPENCOST, v.file));
      assert.equal(result.files[0]!.format, v.format);
      assert.equal(result.rowCount, 1);
      assert.deepEqual(result.findings.map((f) => `${f.severity} ${f.id}`).sort(), v.findings);
      const [row] = await wh.query<Record<string, string | null>>(
        `SELECT "BillingAccountId" AS account, "BillingCurrency" AS currency,
           CASE WHEN "BilledCost" IS NULL THEN NULL ELSE rtrim(rtrim("BilledCost"::VARCHAR, '0'), '.') END AS billed,
           "RegionId" AS region, json_valid("Tags"::VARCHAR) OR "Tags" IS NULL AS tags_ok FROM focus_cost`,
      );
      assert.deepEqual(row, {
        account: v.account,
        currency: v.currency,
        billed: v.billed,
        region: v.region,
        tags_ok: true,
      });
      await wh.close();
    });
  }

  it('rejects the ragged OpenCost Template.csv at its first short row and writes nothing', async () => {
    const wh = await DuckDbWarehouse.open();
    await assert.rejects(ingestFiles(wh, [join(OPENCOST, 'values/Template.csv')]), (e) => {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'INVALID_INPUT');
      assert.equal(e.issues[0]?.line, 2);
      assert.match(e.message, /expected 11 columns, found 10/);
      return true;
    });
    assert.ok(await storeIsEmpty(wh));
    await wh.close();
  });

  it('rejects an Azure export without a cost column, naming the column and the accepted headers', async () => {
    const dir = tempDir();
    const path = writeTemp(
      dir,
      'odd.csv',
      'SubscriptionId,Date,MeterCategory,MeterId,ConsumedService,Amount\ns1,2024-01-02,Storage,m1,Microsoft.Storage,1.5\n',
    );
    const wh = await DuckDbWarehouse.open();
    await assert.rejects(ingestFiles(wh, [path]), (e) => {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'INVALID_INPUT');
      assert.deepEqual(
        e.issues.map((i) => [i.file, i.line, i.column]),
        [[path, 1, 'Cost']],
      );
      assert.match(e.hint ?? '', /CostInBillingCurrency, Cost, PreTaxCost/);
      return true;
    });
    assert.ok(await storeIsEmpty(wh));
    await wh.close();
  });

  it('rejects a broken number with its file, line and column, and writes nothing', async () => {
    const dir = tempDir();
    const good = readFileSync(join(EA, 'EA_ActualCost_Small.csv'), 'utf8');
    const lines = good.split('\n');
    lines[4] = lines[4]!.replace(',2.64,', ',2.64 USD,');
    const path = writeTemp(dir, 'broken.csv', lines.join('\n'));
    const wh = await DuckDbWarehouse.open();
    await assert.rejects(ingestFiles(wh, [path]), (e) => {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'INVALID_INPUT');
      assert.deepEqual(
        e.issues.map((i) => [i.file, i.line, i.column]),
        [[path, 5, 'Cost']],
      );
      return true;
    });
    assert.ok(await storeIsEmpty(wh));
    await wh.close();
  });

  it('ingests an Azure export and a FOCUS file together in one call', async () => {
    const wh = await DuckDbWarehouse.open();
    const focus = join(SHARED_DATA, 'billing-samples/focus-sample-data/FOCUS-1.0_focus_sample.csv');
    const result = await ingestFiles(wh, [join(EA, 'EA_ActualCost_Small.csv'), focus]);
    assert.deepEqual(
      result.files.map((f) => f.format),
      ['azure-ea', 'focus-1.0'],
    );
    assert.equal(result.rowCount, 1011);
    assert.ok(result.partitions.every((p) => p.matches));
    await wh.close();
  });
});

describe("Microsoft's own FOCUS export (FocusCost)", () => {
  const fixture = join(FIXTURES, 'azure-focus-cost-1.0.constructed.csv');

  it('has exactly the columns of Microsoft’s FocusCost 1.0 schema metadata', () => {
    const meta = JSON.parse(
      readFileSync(
        join(
          SHARED_DATA,
          'billing-samples/microsoft-finops-toolkit/dataset-metadata/FocusCost_1.0.json',
        ),
        'utf8',
      ),
    ) as { Columns: { ColumnName: string }[] };
    const header = readFileSync(fixture, 'utf8').split('\n')[0]!.split(',');
    assert.deepEqual(
      header,
      meta.Columns.map((c) => c.ColumnName),
    );
  });

  it('ingests through the FOCUS format with its x_ extras kept, cleanly and reconciled', async () => {
    const { wh, result } = await ingestSample(fixture);
    assert.match(result.files[0]!.format, /^focus-1\./);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.partitions.map((p) => [p.billingAccountId, p.billedCost, p.effectiveCost, p.matches]),
      [
        [
          '/providers/Microsoft.Billing/billingAccounts/8611537',
          '107.760000000000000',
          '3.133152000000000',
          true,
        ],
      ],
    );
    const [row] = await wh.query<Record<string, string>>(
      `SELECT x_SkuMeterCategory AS meter, x_BillingProfileId AS profile, "ServiceProviderName" AS provider
       FROM focus_cost WHERE "ChargeCategory" = 'Usage' ORDER BY x_source_line LIMIT 1`,
    );
    assert.deepEqual(row, { meter: 'Virtual Machines', profile: '8611537', provider: 'Microsoft' });
    await wh.close();
  });
});
