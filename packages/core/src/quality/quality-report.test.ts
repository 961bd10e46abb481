import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { splitCsvLine } from '../util/csv-line.ts';
import { ingestFiles } from '../ingest/ingest.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { FOCUS_SAMPLE, tempDir, writeTemp } from '../testing/fixtures.ts';
import { qualityReport } from './quality-report.ts';
import type { QualityReport } from './quality-finding.ts';

/** A plain CSV reader for the test oracle (double quotes, "" escapes; no embedded newlines here). */
function readCsv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').split(/\r?\n/).filter(Boolean);
  const names = splitCsvLine(head!);
  return lines.map((l) => Object.fromEntries(splitCsvLine(l).map((v, i) => [names[i]!, v])));
}

const isNull = (v: string | undefined) => v === undefined || v === '' || v === 'NULL';

/** Σ|value| exactly, as a 15-decimal string (scaled BigInt over the raw text). */
function sumAbs(values: readonly string[]): string {
  let sum = 0n;
  for (const v of values) {
    if (isNull(v)) continue;
    const [i = '0', f = ''] = v.replace(/^-/, '').split('.');
    sum += BigInt(i + (f + '0'.repeat(15)).slice(0, 15));
  }
  const s = sum.toString().padStart(16, '0');
  return `${s.slice(0, -15)}.${s.slice(-15)}`;
}

function finding(report: QualityReport, id: string) {
  const f = report.findings.find((x) => x.id === id);
  assert.ok(f, `expected finding ${id}; got ${report.findings.map((x) => x.id).join(', ')}`);
  return f;
}

describe('quality report on the real FOCUS 1.0 sample', () => {
  const rows = readCsv(FOCUS_SAMPLE);

  it('lists the sample’s known defects with row counts and cost taken from the file', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [FOCUS_SAMPLE]);
    const report = await qualityReport(wh);
    await wh.close();

    const nullClass = rows.filter((r) => r['ChargeClass'] === 'NULL');
    assert.equal(
      finding(report, 'ingest:literal-null-string:ChargeClass').rowsAffected,
      nullClass.length,
    );

    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
    const noT = rows.filter((r) => !iso.test(r['ChargePeriodStart']!));
    const dt = finding(report, 'ingest:datetime-format:ChargePeriodStart');
    assert.equal(dt.rowsAffected, noT.length);
    assert.equal(dt.example?.['x_source_line'], 2);
    // The validator's FormatDateTime rule is judged from the same source text.
    const rule = finding(report, 'conformance:ChargePeriodStart-C-002-M');
    assert.equal(rule.severity, 'error');
    assert.equal(rule.rowsAffected, noT.length);

    const casing = rows.filter((r) => r['ChargeFrequency'] === 'Usage-based');
    assert.ok(casing.length > 0);
    const cf = finding(report, 'ingest:allowed-value-casing:ChargeFrequency');
    assert.equal(cf.rowsAffected, casing.length);
    assert.equal(cf.costAffected, sumAbs(casing.map((r) => r['BilledCost']!)));
    assert.equal(cf.example?.['value'], 'Usage-based');

    const id = finding(report, 'ingest:custom-column-unprefixed:Id');
    assert.equal(id.severity, 'error');
    assert.equal(id.rowsAffected, rows.length);
  });

  it('finds what the validator rules find, counted independently here', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [FOCUS_SAMPLE]);
    const report = await qualityReport(wh);
    await wh.close();

    // ListUnitPrice × PricingQuantity = ListCost (relative tolerance 1e-6, absolute 1e-9).
    const num = (v: string) => Number(v);
    const mismatched = rows.filter((r) => {
      if (isNull(r['ListUnitPrice']) || isNull(r['PricingQuantity']) || isNull(r['ListCost']))
        return false;
      if (r['ChargeClass'] === 'Correction') return false;
      const product = num(r['ListUnitPrice']!) * num(r['PricingQuantity']!);
      const list = num(r['ListCost']!);
      return Math.abs(product - list) > Math.max(1e-6 * Math.abs(list), 1e-9);
    });
    assert.ok(mismatched.length > 0);
    const arith = finding(report, 'conformance:ListUnitPrice-C-010-C');
    assert.equal(arith.rowsAffected, mismatched.length);
    assert.equal(arith.costAffected, sumAbs(mismatched.map((r) => r['BilledCost']!)));
    assert.equal(arith.keyword, 'MUST');

    // ServiceName MUST have one and only one ServiceCategory.
    const categories = new Map<string, Set<string>>();
    for (const r of rows) {
      if (isNull(r['ServiceName'])) continue;
      const set = categories.get(r['ServiceName']!) ?? new Set();
      if (!isNull(r['ServiceCategory'])) set.add(r['ServiceCategory']!);
      categories.set(r['ServiceName']!, set);
    }
    const ambiguous = rows.filter((r) => (categories.get(r['ServiceName']!)?.size ?? 1) !== 1);
    assert.equal(finding(report, 'conformance:ServiceName-C-005-C').rowsAffected, ambiguous.length);

    // InvoiceId (RECOMMENDED) is absent from a FOCUS 1.0 file: judged from the source, not the store.
    const presence = finding(report, 'conformance:CostAndUsage-D-033-O');
    assert.equal(presence.severity, 'warning');
    assert.equal(presence.rowsAffected, rows.length);

    assert.ok(report.notChecked.some((n) => n.ruleId === 'DateTimeFormat-A-001-M'));
    assert.equal(report.summary.rows, rows.length);
    assert.equal(report.summary.totalCost, sumAbs(rows.map((r) => r['BilledCost']!)));
  });

  it('ingesting the sample twice leaves the report unchanged', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [FOCUS_SAMPLE]);
    const once = await qualityReport(wh, { now: () => new Date(0) });
    await ingestFiles(wh, [FOCUS_SAMPLE]);
    const twice = await qualityReport(wh, { now: () => new Date(0) });
    await wh.close();
    assert.deepEqual(twice, once);
  });
});

const CLEAN_HEADER = [
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
  'ContractedCost',
  'EffectiveCost',
  'InvoiceId',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
];

function cleanCsv(overrides: Record<string, string>[] = [{}]): string {
  const base: Record<string, string> = {
    BilledCost: '10.50',
    BillingAccountId: 'acct-1',
    BillingAccountName: 'Acme',
    BillingCurrency: 'USD',
    BillingPeriodEnd: '2025-02-01T00:00:00Z',
    BillingPeriodStart: '2025-01-01T00:00:00Z',
    ChargeCategory: 'Usage',
    ChargeClass: '',
    ChargeDescription: 'VM hours',
    ChargeFrequency: 'Usage-Based',
    ChargePeriodEnd: '2025-01-02T00:00:00Z',
    ChargePeriodStart: '2025-01-01T00:00:00Z',
    ContractedCost: '10.50',
    EffectiveCost: '10.50',
    InvoiceId: 'inv-1',
    InvoiceIssuerName: 'Acme Cloud',
    ListCost: '12.00',
    PricingQuantity: '24',
    PricingUnit: 'Hours',
    ProviderName: 'Acme Cloud',
    PublisherName: 'Acme Cloud',
    ServiceCategory: 'Compute',
    ServiceName: 'Virtual Machines',
    ServiceSubcategory: 'Virtual Machines',
  };
  const lines = [CLEAN_HEADER.join(',')];
  for (const o of overrides) lines.push(CLEAN_HEADER.map((h) => o[h] ?? base[h]).join(','));
  return `${lines.join('\n')}\n`;
}

describe('quality report on a clean FOCUS 1.2 file', () => {
  it('finds no conformance errors in a file that satisfies the rules', async () => {
    const wh = await DuckDbWarehouse.open();
    const file = writeTemp(
      tempDir(),
      'clean.csv',
      cleanCsv([
        {},
        { ChargePeriodStart: '2025-01-02T00:00:00Z', ChargePeriodEnd: '2025-01-03T00:00:00Z' },
      ]),
    );
    await ingestFiles(wh, [file]);
    const report = await qualityReport(wh);
    await wh.close();
    const errors = report.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => f.id),
      [],
    );
    assert.ok(report.summary.rulesChecked > 100);
    assert.equal(report.summary.score, 100);
  });

  it('one non-conformant row is reported by its rule, with that row as the example', async () => {
    const wh = await DuckDbWarehouse.open();
    const file = writeTemp(
      tempDir(),
      'dirty.csv',
      cleanCsv([
        {},
        { ChargeCategory: 'Purchase', ChargeFrequency: 'Usage-Based', BilledCost: '99.00' },
      ]),
    );
    await ingestFiles(wh, [file]);
    const report = await qualityReport(wh);
    await wh.close();
    const f = finding(report, 'conformance:ChargeFrequency-C-004-C');
    assert.equal(f.severity, 'error');
    assert.equal(f.rowsAffected, 1);
    assert.equal(f.costAffected, '99.000000000000000');
    assert.equal(f.example?.['x_source_line'], 3);
    assert.ok(report.summary.score < 100);
  });
});
