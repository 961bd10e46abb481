import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingestFiles } from '../ingest/ingest.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { tempDir, writeTemp } from '../testing/fixtures.ts';
import { toRanges } from './finops-checks.ts';
import { qualityReport } from './quality-report.ts';
import type { QualityReport } from './quality-finding.ts';

const HEADER = [
  'BillingAccountId',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'BilledCost',
  'EffectiveCost',
  'ServiceName',
  'ServiceProviderName',
  'SubAccountId',
  'ResourceId',
  'Tags',
];

type R = Partial<Record<string, string>>;

/** A small FOCUS file: every row a tagged usage charge on 2025-01-05 unless overridden. */
function csv(rows: readonly R[]): string {
  const base: Record<string, string> = {
    BillingAccountId: 'A',
    BillingCurrency: 'USD',
    BillingPeriodStart: '2025-01-01T00:00:00Z',
    BillingPeriodEnd: '2025-02-01T00:00:00Z',
    ChargePeriodStart: '2025-01-05T00:00:00Z',
    ChargePeriodEnd: '2025-01-06T00:00:00Z',
    ChargeCategory: 'Usage',
    BilledCost: '1.00',
    EffectiveCost: '1.00',
    ServiceName: 'VM',
    ServiceProviderName: 'Acme',
    SubAccountId: 'sub-1',
    ResourceId: 'r-1',
    Tags: '{"team":"ml"}',
  };
  const esc = (v: string) => (/[",]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${[HEADER.join(','), ...rows.map((r) => HEADER.map((h) => esc(r[h] ?? base[h]!)).join(','))].join('\n')}\n`;
}

async function report(rows: readonly R[], ownerTagKeys?: string[]): Promise<QualityReport> {
  const wh = await DuckDbWarehouse.open();
  await ingestFiles(wh, [writeTemp(tempDir(), 'f.csv', csv(rows))]);
  const r = await qualityReport(wh, ownerTagKeys ? { ownerTagKeys } : {});
  await wh.close();
  return r;
}

const byId = (r: QualityReport, id: string) => r.findings.find((f) => f.id === id);

describe('FinOps checks', () => {
  it('cost without an owner tag: keys match case-insensitively; tax and zero-cost rows are exempt', async () => {
    const r = await report(
      [
        { Tags: '{"Team":"ml"}' },
        { Tags: '{"env":"prod"}', BilledCost: '2.50', EffectiveCost: '2.50' },
        { Tags: '', BilledCost: '-0.25', EffectiveCost: '-0.25' },
        { Tags: '', ChargeCategory: 'Tax', BilledCost: '9.00', EffectiveCost: '9.00' },
        { Tags: '', BilledCost: '0', EffectiveCost: '0' },
        { Tags: '{"owner":"x"}' },
      ],
      ['team', 'OWNER'],
    );
    const f = byId(r, 'finops:owner-tag-missing');
    assert.equal(f?.rowsAffected, 2);
    assert.equal(f?.costAffected, '2.750000000000000');
    assert.equal(f?.example?.['x_source_line'], 3);
  });

  it('unallocated cost is cost with neither an owner tag nor a sub-account', async () => {
    const r = await report([
      { Tags: '', SubAccountId: '', BilledCost: '3.00', EffectiveCost: '3.00' },
      { Tags: '', SubAccountId: 'sub-9' },
      { SubAccountId: '' },
    ]);
    const f = byId(r, 'finops:unallocated-cost');
    assert.equal(f?.rowsAffected, 1);
    assert.equal(f?.costAffected, '3.000000000000000');
  });

  it('negative cost is reported per charge category; credits only as info', async () => {
    const r = await report([
      { BilledCost: '-1.20', EffectiveCost: '-1.20' },
      { ChargeCategory: 'Credit', BilledCost: '-5', EffectiveCost: '-5' },
      { ChargeCategory: 'Credit', BilledCost: '-2', EffectiveCost: '-2' },
      {},
    ]);
    const usage = byId(r, 'finops:negative-cost:Usage');
    assert.equal(usage?.severity, 'warning');
    assert.equal(usage?.rowsAffected, 1);
    const credit = byId(r, 'finops:negative-cost:Credit');
    assert.equal(credit?.severity, 'info');
    assert.equal(credit?.rowsAffected, 2);
    assert.equal(credit?.costAffected, '7.000000000000000');
  });

  it('usage rows without a ResourceId are reported; other categories are not', async () => {
    const r = await report([
      { ResourceId: '', BilledCost: '4.00', EffectiveCost: '4.00' },
      { ResourceId: '', ChargeCategory: 'Tax' },
      {},
    ]);
    const f = byId(r, 'finops:missing-resource-id');
    assert.equal(f?.rowsAffected, 1);
    assert.equal(f?.costAffected, '4.000000000000000');
  });

  it('a mix of billing currencies counts the rows outside the main currency', async () => {
    const r = await report([
      {},
      {},
      { BillingAccountId: 'B', BillingCurrency: 'EUR', BilledCost: '8.00' },
    ]);
    const f = byId(r, 'finops:currency-mix');
    assert.equal(f?.rowsAffected, 1);
    assert.equal(f?.costAffected, '8.000000000000000');
    assert.equal(f?.example?.['BillingAccountId'], 'B');
    assert.equal(byId(await report([{}, {}]), 'finops:currency-mix'), undefined);
  });

  it('days with no rows inside an account’s covered range are gaps; a monthly charge covers its days', async () => {
    const day = (d: number) => `2025-01-${String(d).padStart(2, '0')}T00:00:00Z`;
    const r = await report([
      { ChargePeriodStart: day(5), ChargePeriodEnd: day(6) },
      { ChargePeriodStart: day(6), ChargePeriodEnd: day(7) },
      { ChargePeriodStart: day(9), ChargePeriodEnd: day(10) },
      { ChargePeriodStart: day(12), ChargePeriodEnd: day(13) },
      { BillingAccountId: 'M', ChargePeriodStart: day(1), ChargePeriodEnd: '2025-02-01T00:00:00Z' },
      { BillingAccountId: 'M', ChargePeriodStart: day(20), ChargePeriodEnd: day(21) },
    ]);
    const gaps = r.findings.filter((f) => f.check === 'daily-coverage-gap');
    assert.equal(gaps.length, 1);
    assert.equal(gaps[0]?.detail?.['account'], 'A');
    assert.equal(gaps[0]?.detail?.['missingDays'], 4);
    assert.deepEqual(gaps[0]?.detail?.['ranges'], [
      { from: '2025-01-07', to: '2025-01-08' },
      { from: '2025-01-10', to: '2025-01-11' },
    ]);
  });

  it('groups missing days into consecutive runs', () => {
    assert.deepEqual(toRanges(['2024-02-28', '2024-02-29', '2024-03-01', '2024-03-03']), [
      { from: '2024-02-28', to: '2024-03-01' },
      { from: '2024-03-03', to: '2024-03-03' },
    ]);
  });
});
