import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { FOCUS_COLUMNS } from '../focus/schema.ts';
import { ingestFiles } from '../ingest/ingest.ts';
import {
  formatScaled,
  parseCsv,
  parseCsvRows,
  scaled,
} from '../ingest/formats/__fixtures__/golden-rows.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { FOCUS_SAMPLE, SHARED_DATA, tempDir } from '../testing/fixtures.ts';
import { exportFocus } from './export-focus.ts';

const FIXTURES = join(import.meta.dirname, '../ingest/formats/__fixtures__');
const SOURCES = [
  FOCUS_SAMPLE,
  join(SHARED_DATA, 'billing-samples/microsoft-finops-toolkit/azure-ea/EA_AmortizedCost_Small.csv'),
  join(FIXTURES, 'gcp-billing-standard.constructed.jsonl'),
  join(FIXTURES, 'gcp-billing-detailed.constructed.csv'),
];

interface Totals {
  period: string | null;
  account: string | null;
  currency: string | null;
  rows: number;
  billed: string;
  effective: string;
  list: string;
}

/** Totals per billing period × account × currency, straight from the store. */
async function totals(wh: DuckDbWarehouse): Promise<Totals[]> {
  const rows = await wh.query<Totals>(
    `SELECT strftime("BillingPeriodStart", '%Y-%m-%dT%H:%M:%SZ') AS period, "BillingAccountId" AS account,
       "BillingCurrency" AS currency, count(*)::INTEGER AS rows,
       coalesce(sum("BilledCost"), 0)::VARCHAR AS billed, coalesce(sum("EffectiveCost"), 0)::VARCHAR AS effective,
       coalesce(sum("ListCost"), 0)::VARCHAR AS list
     FROM focus_cost GROUP BY ALL ORDER BY ALL`,
  );
  return rows.map((r) => ({ ...r, rows: Number(r.rows) }));
}

let sourceStore: Promise<DuckDbWarehouse> | undefined;
/** One store with every sample ingested, shared by the tests that only read it. */
function ingestedSources(): Promise<DuckDbWarehouse> {
  sourceStore ??= (async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, SOURCES);
    return wh;
  })();
  return sourceStore;
}

describe('FOCUS export', () => {
  for (const format of ['csv', 'parquet'] as const) {
    it(`round-trips every sample through ${format}: re-ingested totals per period and account are identical, with no findings`, async () => {
      const wh = await ingestedSources();
      const dir = tempDir();
      const { files } = await exportFocus(wh, { format, outDir: dir, extensions: true });
      assert.deepEqual(
        files.map((f) => f.period),
        ['2023-09', '2024-01', '2024-02', '2024-03', '2024-09', '2024-10'],
      );
      const fresh = await DuckDbWarehouse.open();
      const again = await ingestFiles(
        fresh,
        files.map((f) => f.path),
      );
      assert.ok(again.files.every((f) => f.format === 'focus-1.3'));
      assert.deepEqual(again.findings, []);
      assert.ok(again.partitions.every((p) => p.matches));
      assert.deepEqual(await totals(fresh), await totals(wh));
      await fresh.close();
    });
  }

  it('writes FOCUS text formats: ISO 8601 UTC times with Z, plain decimals, JSON tags, and no lineage', async () => {
    const wh = await ingestedSources();
    const dir = tempDir();
    const { files } = await exportFocus(wh, { format: 'csv', outDir: dir, period: '2023-09' });
    assert.deepEqual(readdirSync(dir), ['focus-cost-2023-09.csv']);
    const text = readFileSync(files[0]!.path, 'utf8');
    const [header = []] = parseCsvRows(text);
    assert.deepEqual(
      header,
      FOCUS_COLUMNS.map((c) => c.name),
    );
    const rows = parseCsv(text);
    assert.equal(rows.length, 28);
    for (const r of rows) {
      assert.match(r['ChargePeriodStart']!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.match(r['BilledCost']!, /^-?\d+(\.\d*[1-9])?$/);
      if (r['Tags'] !== '') assert.equal(typeof JSON.parse(r['Tags']!), 'object');
    }
    const reservation = rows.find((r) => r['CommitmentDiscountType'] === 'Reservation')!;
    assert.equal(reservation['EffectiveCost'], '0.493152');
    assert.equal(reservation['BilledCost'], '0');
    // The file's own text sums to the stored totals (exact, independent of DuckDB).
    const sum = (col: string) => formatScaled(rows.reduce((n, r) => n + scaled(r[col] ?? ''), 0n));
    assert.equal(sum('BilledCost'), files[0]!.billedCost);
    assert.equal(sum('EffectiveCost'), files[0]!.effectiveCost);
  });

  it('adds the provider x_ columns only when asked, never the lineage columns', async () => {
    const wh = await ingestedSources();
    const dir = tempDir();
    const { files } = await exportFocus(wh, {
      format: 'csv',
      outDir: dir,
      period: '2024-01',
      extensions: true,
    });
    const [header = []] = parseCsvRows(readFileSync(files[0]!.path, 'utf8'));
    assert.ok(header.includes('x_CreditType'));
    assert.ok(header.includes('x_MeterCategory'));
    assert.ok(!header.some((h) => /^x_(ingest_id|source_)/.test(h)));
  });

  it('refuses a malformed period and an empty store with a hint, writing no file', async () => {
    const dir = join(tempDir(), 'out');
    const wh = await ingestedSources();
    await assert.rejects(
      exportFocus(wh, { format: 'csv', outDir: dir, period: '2024-13' }),
      (e) => {
        assert.ok(isCostLensError(e));
        assert.equal(e.code, 'INVALID_INPUT');
        assert.match(e.hint ?? '', /YYYY-MM/);
        return true;
      },
    );
    await assert.rejects(
      exportFocus(wh, { format: 'csv', outDir: dir, period: '2019-01' }),
      (e) => {
        assert.ok(isCostLensError(e));
        assert.equal(e.code, 'NOT_FOUND');
        assert.match(e.hint ?? '', /2023-09, 2024-01/);
        return true;
      },
    );
    const empty = await DuckDbWarehouse.open();
    await assert.rejects(exportFocus(empty, { format: 'parquet', outDir: dir }), (e) => {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'NOT_FOUND');
      return true;
    });
    assert.equal(existsSync(dir), false);
    await empty.close();
  });

  after(async () => {
    if (sourceStore) await (await sourceStore).close();
  });
});
