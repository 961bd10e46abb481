import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCostLensError } from '../../errors.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { miniFocusCsv, SHARED_DATA, tempDir, writeTemp } from '../../testing/fixtures.ts';
import { qualityReport } from '../../quality/quality-report.ts';
import { ingestFiles } from '../ingest.ts';
import {
  assertGolden,
  compact,
  digestRows,
  formatScaled,
  parseCsv,
  parseCsvRows,
  scaled,
  storedRows,
  toCsv,
} from './__fixtures__/golden-rows.ts';

const SAMPLE = join(
  SHARED_DATA,
  'billing-samples/focus-converters/aws-cur-legacy_sample-anonymous_subset.csv',
);
const FIXTURES = join(import.meta.dirname, '__fixtures__');
const LINE_ITEMS = join(FIXTURES, 'aws-cur-legacy-line-items.constructed.csv');
const EXTENSIONS = [
  'x_UsageType',
  'x_Operation',
  'x_ServiceCode',
  'x_LineItemType',
  'x_LineItemId',
  'x_BillType',
];

/**
 * The test's own statement of AWS's amortized cost (written from AWS's documentation, not from
 * the converter): commitment-covered usage carries its effective cost, fees only what is unused.
 */
function amortized(r: Record<string, string>): bigint {
  const v = (c: string) => scaled(r[c] ?? '');
  switch (r['lineItem/LineItemType']) {
    case 'DiscountedUsage':
      return v('reservation/EffectiveCost');
    case 'SavingsPlanCoveredUsage':
      return v('savingsPlan/SavingsPlanEffectiveCost');
    case 'SavingsPlanNegation':
    case 'SavingsPlanUpfrontFee':
      return 0n;
    case 'SavingsPlanRecurringFee':
      return v('savingsPlan/TotalCommitmentToDate') - v('savingsPlan/UsedCommitment');
    case 'RIFee':
      return (
        v('reservation/UnusedAmortizedUpfrontFeeForBillingPeriod') +
        v('reservation/UnusedRecurringFee')
      );
    case 'Fee':
      return (r['reservation/ReservationARN'] ?? '') !== '' ? 0n : v('lineItem/UnblendedCost');
    default:
      return v('lineItem/UnblendedCost');
  }
}

/** Source totals per payer × billing period × currency, computed in JS from the CSV text. */
function sourceTotals(path: string) {
  const totals = new Map<string, { billed: bigint; effective: bigint }>();
  for (const r of parseCsv(readFileSync(path, 'utf8'))) {
    const key = [
      r['bill/PayerAccountId'],
      r['bill/BillingPeriodStartDate']!.slice(0, 10),
      r['lineItem/CurrencyCode'],
    ].join('|');
    const t = totals.get(key) ?? { billed: 0n, effective: 0n };
    t.billed += scaled(r['lineItem/UnblendedCost']!);
    t.effective += amortized(r);
    totals.set(key, t);
  }
  return [...totals]
    .map(([k, t]) => ({ k, billed: formatScaled(t.billed), effective: formatScaled(t.effective) }))
    .sort((a, b) => a.k.localeCompare(b.k));
}

async function storedTotals(wh: DuckDbWarehouse) {
  return wh.query<{ k: string; billed: string; effective: string }>(
    `SELECT concat_ws('|', "BillingAccountId", strftime("BillingPeriodStart", '%Y-%m-%d'), "BillingCurrency") AS k,
       sum("BilledCost")::VARCHAR AS billed, sum("EffectiveCost")::VARCHAR AS effective
     FROM focus_cost GROUP BY ALL ORDER BY k`,
  );
}

async function storeState(wh: DuckDbWarehouse) {
  const [row] = await wh.query(
    `SELECT (SELECT count(*) FROM focus_cost)::VARCHAR AS rows, (SELECT count(*) FROM ingest)::VARCHAR AS ingests,
       (SELECT count(*) FROM ingest_partition)::VARCHAR AS partitions, (SELECT coalesce(sum("BilledCost"), 0) FROM focus_cost)::VARCHAR AS billed`,
  );
  return row;
}

/** A store already holding one FOCUS ingest, so "untouched" is checked against real data. */
async function storeWithData() {
  const wh = await DuckDbWarehouse.open();
  await ingestFiles(wh, [writeTemp(tempDir(), 'base.csv', miniFocusCsv([{ BilledCost: '3.00' }]))]);
  return wh;
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    assert.ok(isCostLensError(e), `expected a CostLensError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the ingest to be rejected');
}

/** The constructed CUR with its header and rows edited by `edit`. */
function editedFixture(edit: (cells: string[][]) => void): string {
  const rows = parseCsvRows(readFileSync(LINE_ITEMS, 'utf8'));
  edit(rows);
  return writeTemp(tempDir(), 'edited.csv', toCsv(rows));
}

describe('AWS legacy CUR', () => {
  it('turns the real CUR sample into exactly the golden FOCUS rows', async () => {
    const wh = await DuckDbWarehouse.open();
    const result = await ingestFiles(wh, [SAMPLE]);
    assert.equal(result.files[0]!.format, 'aws-cur');
    const rows = await storedRows(wh, EXTENSIONS);
    assert.equal(rows.length, 641);
    // Lines shown in full: a tax line, S3 usage with a region, CloudWatch in the "global" region.
    const excerpt = ['2', '12', '123']
      .map((l) => rows.find((r) => r['__line'] === l)!)
      .map((r) => compact({ ...r, x_source_file: null }));
    assertGolden('aws-cur-legacy-sample', {
      rowCount: rows.length,
      digest: digestRows(rows),
      excerpt,
    });
    await wh.close();
  });

  it('reconciles the real sample per payer account and billing period to an independent exact sum', async () => {
    const wh = await DuckDbWarehouse.open();
    const result = await ingestFiles(wh, [SAMPLE]);
    assert.ok(result.partitions.every((p) => p.matches));
    const expected = sourceTotals(SAMPLE);
    assert.deepEqual(expected, [
      {
        k: '123412340534|2023-11-01|USD',
        billed: '0.884574180100000',
        effective: '0.884574180100000',
      },
    ]);
    assert.deepEqual(await storedTotals(wh), expected);
    await wh.close();
  });

  it('finds nothing to report in the real sample beyond its own listed defects', async () => {
    const wh = await DuckDbWarehouse.open();
    const { findings } = await ingestFiles(wh, [SAMPLE]);
    // Defects of the source itself, which no converter can repair (and which leave no finding):
    // it was exported without lineItem/ResourceId and without resourceTags/* columns, so
    // ResourceId and Tags are not provided; some CloudWatch rows carry the region "global".
    assert.deepEqual(findings, []);
    const [provided] = await wh.query<{ resource: string; tags: string; global: string }>(
      `SELECT count("ResourceId")::VARCHAR AS resource, count("Tags")::VARCHAR AS tags,
         count(*) FILTER (WHERE "RegionId" = 'global')::VARCHAR AS global FROM focus_cost`,
    );
    assert.deepEqual(provided, { resource: '0', tags: '0', global: '7' });
    await wh.close();
  });

  it('leaves a quality report with nothing but the sample’s own defects', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [SAMPLE]);
    const report = await qualityReport(wh);
    assert.deepEqual(report.findings.map((f) => f.id).sort(), [
      // AWS invoices as a legal entity ("Amazon Web Services Canada, Inc.") whose name differs
      // from the provider name "AWS"; the validator reads that as a third-party payment. AWS's
      // own FOCUS export has the same shape, and inventing an issuer name would be wrong.
      'conformance:BilledCost-C-005-C',
      // The legacy CUR has no account names, so BillingAccountName cannot be provided.
      'conformance:CostAndUsage-D-005-M',
      // Permission, not a problem: tax lines carry no list unit price.
      'conformance:ListUnitPrice-C-006-O',
      // The sample was exported without lineItem/ResourceId and without resourceTags/* columns.
      'finops:missing-resource-id',
      'finops:owner-tag-missing',
    ]);
    await wh.close();
  });

  it('names each region as AWS writes it in product/location, also where a line leaves it empty', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [SAMPLE]);
    const stored = await wh.query<{ line: string; id: string | null; name: string | null }>(
      `SELECT x_source_line::VARCHAR AS line, "RegionId" AS id, "RegionName" AS name FROM focus_cost`,
    );
    const source = parseCsv(readFileSync(SAMPLE, 'utf8'));
    let compared = 0;
    for (const s of stored) {
      const location = source[Number(s.line) - 2]!['product/location']!;
      if (location !== '') {
        assert.equal(s.name, location, `line ${s.line}`);
        compared++;
      }
    }
    assert.equal(compared, 413);
    const unnamed = stored.filter((s) => s.id !== null && s.name === null);
    assert.deepEqual(unnamed, [], 'every row with a RegionId has a RegionName');
    await wh.close();
  });

  it('maps every line item type to its FOCUS charge, commitment and amortized cost', async () => {
    const wh = await DuckDbWarehouse.open();
    const result = await ingestFiles(wh, [LINE_ITEMS]);
    assert.deepEqual(result.findings, []);
    const rows = await wh.query<Record<string, string | null>>(
      `SELECT x_LineItemId AS id, "ChargeCategory" AS cat, "ChargeClass" AS cls, "ChargeFrequency" AS freq,
         "PricingCategory" AS pricing, "CommitmentDiscountType" AS ctype, "CommitmentDiscountStatus" AS cstatus,
         "BilledCost"::VARCHAR AS billed, "EffectiveCost"::VARCHAR AS effective, "Tags"::VARCHAR AS tags
       FROM focus_cost ORDER BY id, cat`,
    );
    const n = (s: string) => formatScaled(scaled(s));
    // id: category, class, frequency, pricing, commitment type, status, billed, effective, tags
    const expected: [string, ...(string | null)[]][] = [
      [
        'L01',
        'Usage',
        null,
        'Usage-Based',
        'Standard',
        null,
        null,
        '0.96',
        '0.96',
        '{"team":"ml","aws:createdBy":"alice"}',
      ],
      ['L02', 'Usage', null, 'Usage-Based', 'Dynamic', null, null, '0.35', '0.35', '{"team":"ml"}'],
      [
        'L03',
        'Usage',
        null,
        'Usage-Based',
        'Committed',
        'Reserved Instance',
        'Used',
        '0',
        '2.40',
        '{"team":"data"}',
      ],
      [
        'L04',
        'Purchase',
        null,
        'Recurring',
        'Standard',
        'Reserved Instance',
        null,
        '50',
        '0',
        null,
      ],
      [
        'L04',
        'Usage',
        null,
        'Usage-Based',
        'Committed',
        'Reserved Instance',
        'Unused',
        '0',
        '7.50',
        null,
      ],
      [
        'L05',
        'Purchase',
        null,
        'One-Time',
        'Standard',
        'Reserved Instance',
        null,
        '600',
        '0',
        null,
      ],
      [
        'L06',
        'Usage',
        null,
        'Usage-Based',
        'Committed',
        'Savings Plan',
        'Used',
        '0.48',
        '0.33',
        '{"team":"ml","aws:createdBy":"bob"}',
      ],
      [
        'L07',
        'Usage',
        null,
        'Usage-Based',
        'Committed',
        'Savings Plan',
        null,
        '-0.48',
        '0',
        '{"team":"ml","aws:createdBy":"bob"}',
      ],
      ['L08', 'Purchase', null, 'Recurring', 'Standard', 'Savings Plan', null, '7.44', '0', null],
      [
        'L08',
        'Usage',
        null,
        'Usage-Based',
        'Committed',
        'Savings Plan',
        'Unused',
        '0',
        '0.54',
        null,
      ],
      ['L09', 'Purchase', null, 'One-Time', 'Standard', 'Savings Plan', null, '1000', '0', null],
      ['L10', 'Purchase', null, 'One-Time', 'Standard', null, null, '12', '12', null],
      ['L11', 'Credit', null, 'One-Time', null, null, null, '-5', '-5', null],
      ['L12', 'Adjustment', 'Correction', 'One-Time', null, null, null, '-2', '-2', null],
      ['L13', 'Tax', null, 'Recurring', null, null, null, '1.5', '1.5', null],
      ['L14', 'Credit', null, 'Usage-Based', null, null, null, '-0.3', '-0.3', '{"team":"web"}'],
      ['L15', 'Credit', null, 'Usage-Based', null, null, null, '-1', '-1', null],
      [
        'L16',
        'Usage',
        null,
        'Usage-Based',
        'Standard',
        null,
        null,
        '0.2875',
        '0.2875',
        '{"team":"web"}',
      ],
    ];
    assert.deepEqual(
      rows.map((r) => [
        r['id'],
        r['cat'],
        r['cls'],
        r['freq'],
        r['pricing'],
        r['ctype'],
        r['cstatus'],
        r['billed'],
        r['effective'],
        r['tags'],
      ]),
      expected.map(([id, cat, cls, freq, pricing, ctype, cstatus, billed, effective, tags]) => [
        id,
        cat,
        cls,
        freq,
        pricing,
        ctype,
        cstatus,
        n(billed!),
        n(effective!),
        tags,
      ]),
    );
    assert.deepEqual(await storedTotals(wh), sourceTotals(LINE_ITEMS));
    // List prices apply to usage and purchases, not to the negation, discounts, credits, refunds.
    const list = await wh.query<{ id: string; list: string }>(
      `SELECT x_LineItemId AS id, "ListCost"::VARCHAR AS list FROM focus_cost
       WHERE x_LineItemId IN ('L03', 'L07', 'L11', 'L12', 'L13', 'L15') ORDER BY id`,
    );
    assert.deepEqual(
      list.map((r) => [r.id, r.list]),
      [
        ['L03', n('4.08')],
        ['L07', n('0')],
        ['L11', n('0')],
        ['L12', n('0')],
        ['L13', n('1.5')],
        ['L15', n('0')],
      ],
    );
    await wh.close();
  });

  it('reads a gzipped CUR exactly as the plain CSV', async () => {
    const gz = writeTemp(tempDir(), 'cur.csv.gz', readFileSync(LINE_ITEMS), true);
    const plain = await DuckDbWarehouse.open();
    await ingestFiles(plain, [LINE_ITEMS]);
    const zipped = await DuckDbWarehouse.open();
    const r = await ingestFiles(zipped, [gz]);
    assert.equal(r.files[0]!.format, 'aws-cur');
    const strip = (rows: Record<string, string | null>[]) =>
      rows.map(({ x_source_file: _f, ...rest }) => rest);
    assert.deepEqual(
      strip(await storedRows(zipped, EXTENSIONS)),
      strip(await storedRows(plain, EXTENSIONS)),
    );
    await plain.close();
    await zipped.close();
  });

  it('rejects a CUR without lineItem/UnblendedCost, naming file, line and column, and writes nothing', async () => {
    const wh = await storeWithData();
    const before = await storeState(wh);
    const file = editedFixture((rows) => {
      const i = rows[0]!.indexOf('lineItem/UnblendedCost');
      for (const r of rows) r.splice(i, 1);
    });
    const e = await rejection(ingestFiles(wh, [file], { format: 'aws-cur' }));
    assert.equal(e.code, 'INVALID_INPUT');
    assert.deepEqual(
      e.issues.map((i) => [i.file, i.line, i.column]),
      [[file, 1, 'lineItem/UnblendedCost']],
    );
    assert.match(e.issues[0]!.message, /required CUR column lineItem\/UnblendedCost is missing/);
    assert.deepEqual(await storeState(wh), before);
    await wh.close();
  });

  it('rejects an unparseable cost with its line and column, and writes nothing', async () => {
    const wh = await storeWithData();
    const before = await storeState(wh);
    const file = editedFixture((rows) => {
      const i = rows[0]!.indexOf('lineItem/UnblendedCost');
      // Data row 5 (file line 6): the RI fee; "$" cannot be read as a number.
      const row = rows.find((r) => r[0] === 'L05')!;
      row[i] = '$600';
    });
    const e = await rejection(ingestFiles(wh, [file]));
    assert.equal(e.code, 'INVALID_INPUT');
    const issue = e.issues.find((i) => i.column === 'lineItem/UnblendedCost')!;
    assert.equal(issue.file, file);
    assert.equal(issue.line, 6);
    assert.match(issue.message, /"\$600" is not a number/);
    assert.deepEqual(await storeState(wh), before);
    await wh.close();
  });

  it('reports an unknown line item type instead of guessing its charge category', async () => {
    const wh = await DuckDbWarehouse.open();
    const file = editedFixture((rows) => {
      const i = rows[0]!.indexOf('lineItem/LineItemType');
      rows.find((r) => r[0] === 'L10')![i] = 'FancyNewCharge';
    });
    const { findings } = await ingestFiles(wh, [file]);
    const unknown = findings.find((f) => f.id === 'aws-line-item-type-unknown');
    assert.equal(unknown?.rowsAffected, 1);
    assert.equal(unknown?.example, 'FancyNewCharge');
    const [row] = await wh.query<{ cat: string | null; effective: string }>(
      `SELECT "ChargeCategory" AS cat, "EffectiveCost"::VARCHAR AS effective FROM focus_cost WHERE x_LineItemId = 'L10'`,
    );
    assert.deepEqual(row, { cat: null, effective: '12.000000000000000' });
    await wh.close();
  });

  it('falls back to UnblendedCost, and says so, when amortization columns are missing', async () => {
    const wh = await DuckDbWarehouse.open();
    const file = editedFixture((rows) => {
      const i = rows[0]!.indexOf('reservation/EffectiveCost');
      for (const r of rows) r.splice(i, 1);
    });
    const { findings, partitions } = await ingestFiles(wh, [file]);
    assert.ok(partitions.every((p) => p.matches));
    const gap = findings.filter((f) => f.id === 'aws-amortization-unavailable');
    assert.deepEqual(
      gap.map((f) => [f.rowsAffected, f.message.split(' ')[0]]),
      [[1, 'DiscountedUsage']],
    );
    const [row] = await wh.query<{ effective: string }>(
      `SELECT "EffectiveCost"::VARCHAR AS effective FROM focus_cost WHERE x_LineItemId = 'L03'`,
    );
    assert.equal(row?.effective, '0.000000000000000');
    await wh.close();
  });
});
