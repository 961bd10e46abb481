import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCostLensError } from '../../errors.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { FOCUS_SAMPLE, SHARED_DATA, tempDir, writeTemp } from '../../testing/fixtures.ts';
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

const SAMPLE = join(SHARED_DATA, 'billing-samples/focus-converters/oci-cost-report_subset.csv');
const AWS_SAMPLE = join(
  SHARED_DATA,
  'billing-samples/focus-converters/aws-cur-legacy_sample-anonymous_subset.csv',
);
const EXTENSIONS = [
  'x_ReferenceNo',
  'x_BackReferenceNo',
  'x_IsCorrection',
  'x_CompartmentId',
  'x_CompartmentName',
  'x_BillingUnitReadable',
  'x_OverageFlag',
  'x_MyCostOverage',
];

/** Source totals per subscription × usage month × currency, from the CSV text in JS. */
function sourceTotals(path: string) {
  const totals = new Map<string, bigint>();
  for (const r of parseCsv(readFileSync(path, 'utf8'))) {
    const key = [
      r['cost/subscriptionId'],
      `${r['lineItem/intervalUsageStart']!.slice(0, 7)}-01`,
      r['cost/currencyCode'],
    ].join('|');
    totals.set(key, (totals.get(key) ?? 0n) + scaled(r['cost/myCost']!));
  }
  return [...totals].map(([k, v]) => ({ k, billed: formatScaled(v), effective: formatScaled(v) }));
}

describe('OCI cost reports', () => {
  it('turns the real OCI cost report into exactly the golden FOCUS rows', async () => {
    const wh = await DuckDbWarehouse.open();
    const result = await ingestFiles(wh, [SAMPLE]);
    assert.equal(result.files[0]!.format, 'oci');
    const rows = await storedRows(wh, EXTENSIONS);
    assert.equal(rows.length, 253);
    // Lines shown in full: a tagged database line, a cost written in exponent notation
    // (6.266090E-12), and the one line in another compartment with a tag key holding a backslash.
    const excerpt = ['2', '3', '210']
      .map((l) => rows.find((r) => r['__line'] === l)!)
      .map((r) => compact({ ...r, x_source_file: null }));
    assertGolden('oci-cost-report-sample', {
      rowCount: rows.length,
      digest: digestRows(rows),
      excerpt,
    });
    await wh.close();
  });

  it('reconciles the real report per subscription and month to an independent exact sum', async () => {
    const wh = await DuckDbWarehouse.open();
    const result = await ingestFiles(wh, [SAMPLE]);
    assert.ok(result.partitions.every((p) => p.matches));
    const expected = sourceTotals(SAMPLE);
    assert.equal(expected.length, 1);
    assert.equal(expected[0]!.billed, '1.067936567393536');
    const stored = await wh.query<{ k: string; billed: string; effective: string }>(
      `SELECT concat_ws('|', "BillingAccountId", strftime("BillingPeriodStart", '%Y-%m-%d'), "BillingCurrency") AS k,
         sum("BilledCost")::VARCHAR AS billed, sum("EffectiveCost")::VARCHAR AS effective
       FROM focus_cost GROUP BY ALL ORDER BY k`,
    );
    assert.deepEqual(stored, expected);
    await wh.close();
  });

  it('reports only the defects of the report itself', async () => {
    const wh = await DuckDbWarehouse.open();
    const { findings } = await ingestFiles(wh, [SAMPLE]);
    // The report's own defects: intervalUsageStart is written without seconds on every line
    // (a finding); it carries no list price (so ListCost = ContractedCost = cost/myCost) and no
    // tenancy name (SubAccountName not provided) — nothing a converter could recover.
    assert.deepEqual(
      findings.map((f) => [f.id, f.column, f.rowsAffected]),
      [['datetime-format', 'lineItem/intervalUsageStart', 253]],
    );
    const [row] = await wh.query<Record<string, string>>(
      `SELECT count(*) FILTER (WHERE "ListCost" <> "ContractedCost")::VARCHAR AS listDiffers,
         count("SubAccountName")::VARCHAR AS names, count(DISTINCT "ServiceCategory")::VARCHAR AS categories,
         count(*) FILTER (WHERE "ServiceCategory" = 'Other')::VARCHAR AS other
       FROM focus_cost`,
    );
    assert.deepEqual(row, { listDiffers: '0', names: '0', categories: '6', other: '0' });
    await wh.close();
  });

  it('leaves a quality report with nothing but the report’s own defects', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [SAMPLE]);
    const report = await qualityReport(wh);
    assert.deepEqual(report.findings.map((f) => f.id).sort(), [
      // OCI cost reports name neither the billing account nor the invoice.
      'conformance:CostAndUsage-D-005-M',
      'conformance:CostAndUsage-D-033-O',
      // Permission, not a problem: about half the lines carry no tags at all.
      'conformance:Tags-C-002-O',
      // The tenancy tags cost centres and creators, not an owner key such as team or owner.
      'finops:owner-tag-missing',
      // Every intervalUsageStart lacks seconds (2023-11-13T10:00Z).
      'ingest:datetime-format:lineItem/intervalUsageStart',
    ]);
    await wh.close();
  });

  it('marks correction lines as ChargeClass Correction', async () => {
    const [header = [], ...data] = parseCsvRows(readFileSync(SAMPLE, 'utf8'));
    data[0]![header.indexOf('lineItem/isCorrection')] = 'true';
    const file = writeTemp(tempDir(), 'correction.csv', toCsv([header, ...data]));
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [file]);
    const rows = await wh.query<{ cls: string | null; n: string }>(
      `SELECT "ChargeClass" AS cls, count(*)::VARCHAR AS n FROM focus_cost GROUP BY ALL ORDER BY ALL`,
    );
    assert.deepEqual(rows, [
      { cls: 'Correction', n: '1' },
      { cls: null, n: '252' },
    ]);
    await wh.close();
  });

  it('rejects a report without cost/myCost and a report with a broken cost, writing nothing', async () => {
    const [header = [], ...data] = parseCsvRows(readFileSync(SAMPLE, 'utf8'));
    const i = header.indexOf('cost/myCost');
    const missing = writeTemp(
      tempDir(),
      'missing.csv',
      toCsv([header, ...data].map((r) => r.filter((_, j) => j !== i))),
    );
    const broken = [header, ...data.map((r) => [...r])];
    broken[7]![i] = '0.01 USD';
    const brokenFile = writeTemp(tempDir(), 'broken.csv', toCsv(broken));
    const wh = await DuckDbWarehouse.open();
    for (const [file, format, line, column] of [
      [missing, 'oci', 1, 'cost/myCost'],
      [brokenFile, undefined, 8, 'cost/myCost'],
    ] as const) {
      try {
        await ingestFiles(wh, [file], format ? { format } : {});
        assert.fail('expected a rejection');
      } catch (e) {
        assert.ok(isCostLensError(e));
        assert.equal(e.code, 'INVALID_INPUT');
        const issue = e.issues.find((x) => x.column === column);
        assert.deepEqual([issue?.file, issue?.line], [file, line]);
      }
    }
    const [n] = await wh.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM focus_cost) + (SELECT count(*) FROM ingest) AS n`,
    );
    assert.equal(String(n?.n), '0');
    await wh.close();
  });
});

describe('mixed sources in one ingest', () => {
  it('detects AWS CUR, OCI and FOCUS files in one call and reconciles each partition', async () => {
    const wh = await DuckDbWarehouse.open();
    const result = await ingestFiles(wh, [AWS_SAMPLE, SAMPLE, FOCUS_SAMPLE]);
    assert.deepEqual(
      result.files.map((f) => f.format),
      ['aws-cur', 'oci', 'focus-1.0'],
    );
    assert.ok(result.partitions.length >= 3);
    assert.ok(result.partitions.every((p) => p.matches));
    const providers = await wh.query<{ p: string; f: string; n: string }>(
      `SELECT "ServiceProviderName" AS p, x_source_format AS f, count(*)::VARCHAR AS n
       FROM focus_cost GROUP BY ALL ORDER BY f, p`,
    );
    assert.deepEqual(providers, [
      { p: 'AWS', f: 'aws-cur', n: '641' },
      { p: 'AWS', f: 'focus-1.0', n: '942' },
      { p: 'Microsoft', f: 'focus-1.0', n: '51' },
      { p: 'Oracle', f: 'focus-1.0', n: '7' },
      { p: 'Oracle', f: 'oci', n: '253' },
    ]);
    await wh.close();
  });

  it('rejects the whole call when one file is not a known export, naming that file', async () => {
    const wh = await DuckDbWarehouse.open();
    const odd = writeTemp(tempDir(), 'odd.csv', 'when,what,how much\n2025-01-01,coffee,3.50\n');
    try {
      await ingestFiles(wh, [AWS_SAMPLE, odd]);
      assert.fail('expected a rejection');
    } catch (e) {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'UNKNOWN_FORMAT');
      assert.equal(e.issues[0]?.file, odd);
    }
    const [n] = await wh.query<{ n: string }>(`SELECT count(*)::VARCHAR AS n FROM focus_cost`);
    assert.equal(n?.n, '0');
    await wh.close();
  });
});
