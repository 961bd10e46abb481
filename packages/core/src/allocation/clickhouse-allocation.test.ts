/**
 * Allocation on ClickHouse: the same config over the same rows (loaded from DuckDB through
 * Parquet) allocates identically on both engines, and each month's allocated total equals the
 * total before allocation to the last digit on ClickHouse too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildCatalog } from '../semantic/catalog.ts';
import { loadSemanticTestData } from '../semantic/test-dataset.ts';
import { ClickHouseWarehouse } from '../store/clickhouse.ts';
import { loadFromDuckDb } from '../store/clickhouse-load.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { allocateCosts } from './allocate-costs.ts';
import type { AllocationConfig } from './allocation-config.ts';
import { fromUnits, toUnits } from './exact-decimal.ts';
import { showback } from './showback.ts';

const CONFIG: AllocationConfig = {
  tagAliases: { team: ['team', 'owner'] },
  virtualDimensions: [],
  sharedCosts: [
    {
      id: 'support',
      match: [{ dimension: 'service', op: 'eq', value: 'AWS Support' }],
      across: 'team',
      method: 'even',
    },
    {
      id: 'cluster',
      match: [{ dimension: 'service', op: 'eq', value: 'Azure Kubernetes Service' }],
      across: 'team',
      method: 'proportional',
    },
    {
      id: 'untagged_platform',
      match: [
        { dimension: 'team', op: 'is_null' },
        { dimension: 'provider', op: 'eq', value: 'Microsoft' },
      ],
      across: 'team',
      method: 'fixed',
      percentages: { ml: 70, web: 30 },
    },
  ],
};

describe('cost allocation on ClickHouse (chdb)', () => {
  let duck: DuckDbWarehouse;
  let ch: ClickHouseWarehouse;
  const catalog = buildCatalog({ allocation: CONFIG });
  before(async () => {
    duck = await DuckDbWarehouse.open();
    await loadSemanticTestData(duck, 600, 7);
    ch = await ClickHouseWarehouse.open('chdb:');
    await loadFromDuckDb(duck, ch);
  });
  after(async () => {
    await ch?.close();
    await duck?.close();
  });

  it('allocates exactly as DuckDB does, pool by pool and team by team', async () => {
    for (const grain of ['month', 'quarter'] as const) {
      const d = await allocateCosts(duck, { catalog, grain });
      const c = await allocateCosts(ch, { catalog, grain });
      assert.ok(d.rows.length >= 6, `${grain}: ${d.rows.length} rows`);
      assert.deepEqual(c.rows, d.rows, grain);
      assert.deepEqual(c.totals, d.totals, grain);
    }
    const d = await showback(duck, { month: '2025-01', catalog });
    const c = await showback(ch, { month: '2025-01', catalog });
    // Everything but the SQL text the evidence cites (each engine's own dialect).
    assert.deepEqual(
      { ...c, evidence: { ...c.evidence, sql: '' } },
      { ...d, evidence: { ...d.evidence, sql: '' } },
    );
  });

  it('keeps every month’s allocated total equal to the stored total, to the last digit', async () => {
    const r = await allocateCosts(ch, { catalog });
    const want = await ch.query<{ p: string; s: string }>(
      `SELECT toString(toDate(toStartOfMonth("ChargePeriodStart"))) AS p, sum("EffectiveCost") AS s FROM focus_cost GROUP BY p ORDER BY p`,
    );
    assert.deepEqual(
      r.totals.map((t) => [t.period, t.before, t.after]),
      want.map((w) => [w.p, fromUnits(toUnits(w.s)), fromUnits(toUnits(w.s))]),
    );
    for (const t of r.totals) {
      const sum = r.rows
        .filter((x) => x.period === t.period)
        .reduce((a, x) => a + toUnits(x.total), 0n);
      assert.equal(fromUnits(sum), t.before, t.period);
    }
  });
});
