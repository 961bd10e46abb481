import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSemanticTestData } from '../semantic/test-dataset.ts';
import { ClickHouseWarehouse } from '../store/clickhouse.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { tempDir } from '../testing/fixtures.ts';
import { exportFocusPartitioned } from './export-partitioned.ts';

describe('FOCUS as hive-partitioned Parquet', () => {
  let duck: DuckDbWarehouse;
  let ch: ClickHouseWarehouse;
  before(async () => {
    duck = await DuckDbWarehouse.open();
    await loadSemanticTestData(duck);
    await duck.exec(
      `UPDATE focus_cost SET "BillingPeriodStart" = date_trunc('month', "ChargePeriodStart") WHERE "ChargePeriodStart" < '2025-03-01'`,
    );
    ch = await ClickHouseWarehouse.open('chdb:', { createSchema: false });
  });
  after(async () => {
    await ch?.close();
    await duck?.close();
  });

  it('writes billing_period=YYYY-MM/provider=…/part-N.parquet that chdb reads back to the same totals, to the cent and beyond', async () => {
    const out = tempDir();
    const { partitions } = await exportFocusPartitioned(duck, { outDir: out });
    const periods = readdirSync(out).sort();
    assert.deepEqual(periods, [
      'billing_period=2024-11',
      'billing_period=2024-12',
      'billing_period=2025-01',
      'billing_period=2025-02',
      'billing_period=unknown',
    ]);
    assert.deepEqual(readdirSync(join(out, 'billing_period=2025-01')).sort(), [
      'provider=AWS',
      'provider=Microsoft',
    ]);
    assert.deepEqual(readdirSync(join(out, 'billing_period=2025-01', 'provider=AWS')), [
      'part-0.parquet',
    ]);

    const read = await ch.query<{
      period: string;
      provider: string;
      n: number;
      billed: string;
      effective: string;
    }>(
      `SELECT billing_period AS period, provider, count() AS n, sum("BilledCost") AS billed, sum("EffectiveCost") AS effective
       FROM file($1, Parquet) GROUP BY period, provider ORDER BY period, provider
       SETTINGS use_hive_partitioning = 1`,
      [`${out}/**/*.parquet`],
    );
    const store = await duck.query<{
      period: string;
      provider: string;
      n: number;
      billed: string;
      effective: string;
    }>(
      `SELECT coalesce(strftime("BillingPeriodStart", '%Y-%m'), 'unknown') AS period, coalesce("ServiceProviderName", "ProviderName") AS provider,
         count(*)::INTEGER AS n, sum("BilledCost")::VARCHAR AS billed, sum("EffectiveCost")::VARCHAR AS effective
       FROM focus_cost GROUP BY ALL ORDER BY ALL`,
    );
    assert.equal(read.length, store.length);
    assert.deepEqual(
      read.map((r) => ({ ...r, n: Number(r.n) })),
      store.map((r) => ({ ...r, n: Number(r.n) })),
    );
    assert.deepEqual(
      partitions.map((p) => [p.period, p.provider, p.rowCount, p.billedCost]),
      store.map((r) => [r.period, r.provider, Number(r.n), r.billed]),
    );
  });

  it('rewrites only the asked period, replacing its folder and leaving the others', async () => {
    const out = tempDir();
    await exportFocusPartitioned(duck, { outDir: out });
    const { partitions } = await exportFocusPartitioned(duck, { outDir: out, period: '2025-01' });
    assert.deepEqual([...new Set(partitions.map((p) => p.period))], ['2025-01']);
    assert.equal(readdirSync(out).length, 5);
    assert.ok(!readdirSync(out).some((d) => d.startsWith('.partial')));
    await assert.rejects(
      exportFocusPartitioned(duck, { outDir: out, period: '2031-01' }),
      /no cost rows/,
    );
    await assert.rejects(
      exportFocusPartitioned(duck, { outDir: out, period: '2031-13' }),
      /not a billing period/,
    );
    await assert.rejects(exportFocusPartitioned(ch, { outDir: out }), /writes from a DuckDB store/);
  });
});
