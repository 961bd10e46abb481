import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { splitCsvLine } from '../util/csv-line.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { FOCUS_SAMPLE, miniFocusCsv, tempDir, writeTemp } from '../testing/fixtures.ts';
import { ingestFiles } from './ingest.ts';
import { listSources } from './manifest.ts';

async function totals(wh: DuckDbWarehouse) {
  const [row] = await wh.query<{ n: string; billed: string; effective: string }>(
    `SELECT count(*)::VARCHAR AS n, coalesce(sum("BilledCost"), 0)::VARCHAR AS billed,
       coalesce(sum("EffectiveCost"), 0)::VARCHAR AS effective FROM focus_cost`,
  );
  return row!;
}

/** Sums a CSV column exactly, independently of DuckDB (scaled BigInt over the raw text). */
function sumColumnExact(path: string, column: string): string {
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/).filter(Boolean);
  const header = splitCsvLine(lines[0]!);
  const idx = header.indexOf(column);
  let sum = 0n;
  const scale = 15;
  for (const l of lines.slice(1)) {
    const v = splitCsvLine(l)[idx]!;
    if (v === '' || v === 'NULL') continue;
    const neg = v.startsWith('-');
    const [i = '0', f = ''] = (neg ? v.slice(1) : v).split('.');
    const n = BigInt(i + (f + '0'.repeat(scale)).slice(0, scale));
    sum += neg ? -n : n;
  }
  const s = sum.toString().padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

describe('FOCUS ingestion', () => {
  it('ingests the real FOCUS 1.0 sample and reconciles its totals exactly to the file', async () => {
    const wh = await DuckDbWarehouse.open();
    const result = await ingestFiles(wh, [FOCUS_SAMPLE]);
    assert.equal(result.status, 'ingested');
    assert.equal(result.rowCount, 1000);
    assert.equal(result.files[0]!.format, 'focus-1.0');
    assert.ok(result.partitions.every((p) => p.matches));
    const t = await totals(wh);
    assert.equal(t.n, '1000');
    assert.equal(t.billed, sumColumnExact(FOCUS_SAMPLE, 'BilledCost'));
    assert.equal(t.effective, sumColumnExact(FOCUS_SAMPLE, 'EffectiveCost'));
    await wh.close();
  });

  it('reports the sample’s known defects as findings instead of rejecting the file', async () => {
    const wh = await DuckDbWarehouse.open();
    const { findings } = await ingestFiles(wh, [FOCUS_SAMPLE]);
    const ids = new Set(findings.map((f) => `${f.id}:${f.column}`));
    assert.ok(ids.has('literal-null-string:ChargeClass'));
    assert.ok(ids.has('datetime-format:ChargePeriodStart'));
    assert.ok(ids.has('allowed-value-casing:ChargeFrequency'));
    assert.ok(ids.has('custom-column-unprefixed:Id'));
    const casing = findings.find((f) => f.id === 'allowed-value-casing')!;
    assert.equal(casing.example, 'Usage-based');
    const [freq] = await wh.query<{ n: string }>(
      `SELECT count(*)::VARCHAR AS n FROM focus_cost WHERE "ChargeFrequency" = 'Usage-based'`,
    );
    assert.equal(freq!.n, '0', 'casing is normalized in the store');
    const [ext] = await wh.query<{ n: string }>(`SELECT count(x_Id)::VARCHAR AS n FROM focus_cost`);
    assert.equal(ext!.n, '1000', 'the unprefixed Id column is kept as x_Id');
    await wh.close();
  });

  it('ingesting the same file twice changes nothing', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [FOCUS_SAMPLE]);
    const before = await totals(wh);
    const again = await ingestFiles(wh, [FOCUS_SAMPLE]);
    assert.equal(again.status, 'unchanged');
    assert.deepEqual(await totals(wh), before);
    assert.equal((await listSources(wh)).length, 1);
    await wh.close();
  });

  it('a newer file for the same billing period and account replaces the old rows', async () => {
    const dir = tempDir();
    const v1 = writeTemp(
      dir,
      'v1.csv',
      miniFocusCsv([{ BilledCost: '10.00' }, { BilledCost: '5.00' }]),
    );
    const other = writeTemp(
      dir,
      'other.csv',
      miniFocusCsv([{ BillingAccountId: '222222222222', BilledCost: '7.00' }]),
    );
    const v2 = writeTemp(dir, 'v2.csv', miniFocusCsv([{ BilledCost: '12.50' }]));
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [v1]);
    await ingestFiles(wh, [other]);
    const r2 = await ingestFiles(wh, [v2]);
    assert.equal(r2.replacedPartitions, 1);
    const t = await totals(wh);
    assert.equal(t.n, '2');
    assert.equal(t.billed, '19.500000000000000');
    const sources = await listSources(wh);
    assert.deepEqual(
      sources.map((s) => s.status),
      ['superseded', 'active', 'active'],
    );
    assert.equal(sources[0]!.partitions[0]!.replacedBy, r2.ingestId);
    await wh.close();
  });

  it('reads gzipped CSV and Parquet the same as plain CSV', async () => {
    const dir = tempDir();
    const csv = miniFocusCsv([{ BilledCost: '0.000000150000001' }, { BilledCost: '2.5' }]);
    const gz = writeTemp(dir, 'a.csv.gz', csv, true);
    const wh = await DuckDbWarehouse.open();
    const r = await ingestFiles(wh, [gz]);
    assert.equal(r.rowCount, 2);
    assert.equal((await totals(wh)).billed, '2.500000150000001');
    const parquet = `${dir}/a.parquet`;
    await wh.exec(
      `COPY (SELECT * FROM read_csv('${writeTemp(dir, 'b.csv', miniFocusCsv([{ BilledCost: '3.25', BillingAccountId: '9' }]))}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    const p = await ingestFiles(wh, [parquet]);
    assert.equal(p.rowCount, 1);
    assert.equal((await totals(wh)).billed, '5.750000150000001');
    await wh.close();
  });

  it('a typed Parquet export in a BILLING_PERIOD=… folder ingests without spurious findings', async () => {
    const { mkdirSync } = await import('node:fs');
    const dir = tempDir();
    const csv = writeTemp(
      dir,
      'b.csv',
      miniFocusCsv([{ BilledCost: '3.25' }, { BilledCost: '1.25' }]),
    );
    mkdirSync(`${dir}/BILLING_PERIOD=2025-01`);
    const parquet = `${dir}/BILLING_PERIOD=2025-01/part-0.parquet`;
    const wh = await DuckDbWarehouse.open();
    await wh.exec(
      `COPY (SELECT * REPLACE (BillingPeriodStart::TIMESTAMP AS BillingPeriodStart,
         BillingPeriodEnd::TIMESTAMP AS BillingPeriodEnd, ChargePeriodStart::TIMESTAMP AS ChargePeriodStart,
         ChargePeriodEnd::TIMESTAMP AS ChargePeriodEnd, BilledCost::DECIMAL(18, 6) AS BilledCost)
       FROM read_csv('${csv}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    const r = await ingestFiles(wh, [parquet]);
    assert.equal(r.rowCount, 2);
    assert.deepEqual(
      r.findings,
      [],
      'no hive column, no date-format warnings for typed timestamps',
    );
    assert.equal((await totals(wh)).billed, '4.500000000000000');
    await wh.close();
  });

  it('money sums stay exact where floats would drift', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 1000 }, () => ({ BilledCost: '0.1', EffectiveCost: '0.1' }));
    const path = writeTemp(dir, 'drift.csv', miniFocusCsv(rows));
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [path]);
    assert.equal((await totals(wh)).billed, '100.000000000000000');
    await wh.close();
  });
});
