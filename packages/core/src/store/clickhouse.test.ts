import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadAllocationConfig, saveAllocationConfig } from '../allocation/allocation-store.ts';
import { isCostLensError } from '../errors.ts';
import { defineUnitMetric, listUnitMetrics } from '../metrics/unit-metrics.ts';
import { loadCatalog } from '../semantic/load-catalog.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../testing/fixtures.ts';
import { ClickHouseWarehouse, parseWarehouseUrl, redact } from './clickhouse.ts';
import { ingestFilesToClickHouse, loadFromDuckDb } from './clickhouse-load.ts';
import { DuckDbWarehouse } from './duckdb.ts';
import { ingestFiles } from '../ingest/ingest.ts';
import { bindPositional } from './clickhouse-params.ts';
import { clickHouseSchemaDdl } from './clickhouse-schema.ts';

const NASTY = [
  "it's",
  "'); DROP TABLE focus_cost; --",
  "back\\slash \\' \\n",
  '{p1:String}',
  '$1 $2',
  'line\nbreak\ttab',
  'ünïcødé ✓',
  '',
];

describe('positional parameters on ClickHouse', () => {
  it('rewrites $n to typed parameters, leaving literals, quoted names and comments alone', () => {
    const b = bindPositional(
      `SELECT $1 AS a, '$2' AS "b$2", $2 * 2 -- $1\n, /* $2 */ $3, $4, $1 FROM t`,
      ['x', 7, null, 1.5],
    );
    assert.equal(
      b.sql,
      `SELECT {p1:String} AS a, '$2' AS "b$2", {p2:Int64} * 2 -- $1\n, /* $2 */ {p3:Nullable(String)}, {p4:Float64}, {p1:String} FROM t`,
    );
    assert.deepEqual(b.params, { p1: 'x', p2: 7, p3: null, p4: 1.5 });
  });

  it('reads multi-digit placeholders whole', () => {
    const values = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);
    const b = bindPositional('SELECT $11, $1, $10', values);
    assert.equal(b.sql, 'SELECT {p11:String}, {p1:String}, {p10:String}');
    assert.deepEqual(b.params, { p11: 'v11', p1: 'v1', p10: 'v10' });
  });

  it('refuses a placeholder without a value', () => {
    assert.throws(() => bindPositional('SELECT $2', ['x']), /\$2 has no value/);
  });
});

describe('parsing the warehouse setting', () => {
  it('reads ClickHouse URLs with credentials, database and cluster, chdb and DuckDB paths', () => {
    assert.deepEqual(parseWarehouseUrl('clickhouse://bob:s%40cret@ch1:9123/finops?cluster=main'), {
      kind: 'clickhouse',
      server: { url: 'http://ch1:9123', username: 'bob', password: 's@cret', database: 'finops' },
      cluster: 'main',
    });
    assert.deepEqual(parseWarehouseUrl('clickhouses://ch.example.com/db'), {
      kind: 'clickhouse',
      server: { url: 'https://ch.example.com:8443', database: 'db' },
    });
    assert.deepEqual(parseWarehouseUrl('chdb:/var/lib/costlens'), {
      kind: 'chdb',
      path: '/var/lib/costlens',
    });
    assert.deepEqual(parseWarehouseUrl('chdb:'), { kind: 'chdb' });
    assert.deepEqual(parseWarehouseUrl('./costlens.duckdb'), {
      kind: 'duckdb',
      path: './costlens.duckdb',
    });
    assert.equal(redact('clickhouse://bob:secret@ch1/db'), 'clickhouse://bob:***@ch1/db');
  });
});

describe('the ClickHouse schema', () => {
  it('partitions focus_cost by billing month, orders it by period, charge date and account, money as Decimal(38, 15)', () => {
    const [cost] = clickHouseSchemaDdl();
    assert.match(cost!, /"BilledCost" Nullable\(Decimal\(38, 15\)\)/);
    assert.match(cost!, /"ChargePeriodStart" Nullable\(DateTime64\(6, 'UTC'\)\)/);
    assert.match(cost!, /ENGINE = MergeTree PARTITION BY toYYYYMM\(ifNull\("BillingPeriodStart"/);
    assert.match(
      cost!,
      /ORDER BY \(ifNull\("BillingPeriodStart".*"ChargePeriodStart".*"BillingAccountId"/,
    );
  });

  it('creates Replicated local tables and a Distributed focus_cost sharded by account on a cluster', () => {
    const ddl = clickHouseSchemaDdl({ cluster: "fin'ops" });
    assert.match(ddl[0]!, /^CREATE TABLE IF NOT EXISTS focus_cost_local ON CLUSTER 'fin\\'ops'/);
    assert.match(
      ddl[0]!,
      /ReplicatedMergeTree\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/focus_cost'/,
    );
    assert.ok(ddl.every((s) => s.includes(" ON CLUSTER 'fin\\'ops'")));
    assert.match(
      ddl.at(-1)!,
      /^CREATE TABLE IF NOT EXISTS focus_cost ON CLUSTER .* AS focus_cost_local ENGINE = Distributed\('fin\\'ops', currentDatabase\(\), focus_cost_local, cityHash64\(ifNull\("BillingAccountId", ''\)\)\)$/,
    );
  });
});

describe('the ClickHouse warehouse on chdb', () => {
  let ch: ClickHouseWarehouse;
  before(async () => {
    ch = await ClickHouseWarehouse.open('chdb:');
  });
  after(() => ch?.close());

  it('round-trips injection strings as values, never as SQL', async () => {
    for (const s of NASTY) {
      const [row] = await ch.query<{ v: string; n: number }>(
        'SELECT $1 AS v, length($1) AS n, (SELECT count() FROM focus_cost) AS c',
        [s],
      );
      assert.equal(row!.v, s);
      assert.equal(Number(row!.n), Buffer.byteLength(s));
    }
    await ch.exec('INSERT INTO unit_metric VALUES ($1, $2, $3, $4, $5, $6, now64(6))', [
      'u1',
      NASTY[1]!,
      'effective_cost',
      NASTY[2]!,
      1000,
      null,
    ]);
    const [u] = await ch.query<{ label: string; business_metric: string }>(
      'SELECT label, business_metric FROM unit_metric WHERE id = $1',
      ['u1'],
    );
    assert.deepEqual(u, { label: NASTY[1], business_metric: NASTY[2] });
  });

  it('keeps decimals exact and in DuckDB spelling', async () => {
    const [row] = await ch.query<{ s: string }>(
      `SELECT sum(toDecimal128(x, 15)) AS s FROM (SELECT arrayJoin(['0.000000000000001', '12345678901234567890.1', '-0.1']) AS x)`,
    );
    assert.equal(row!.s, '12345678901234567890.000000000000001');
  });

  it('replaces a billing period × account on re-ingest instead of doubling it, and the same file again changes nothing', async () => {
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
    const feb = writeTemp(
      dir,
      'feb.csv',
      miniFocusCsv([
        {
          BillingPeriodStart: '2025-02-01T00:00:00Z',
          BillingPeriodEnd: '2025-03-01T00:00:00Z',
          ChargePeriodStart: '2025-02-03T00:00:00Z',
          ChargePeriodEnd: '2025-02-04T00:00:00Z',
          BilledCost: '3.25',
        },
      ]),
    );
    const v2 = writeTemp(dir, 'v2.csv', miniFocusCsv([{ BilledCost: '12.50' }]));
    const totals = async () =>
      (
        await ch.query<{ n: number; billed: string }>(
          `SELECT count() AS n, sum("BilledCost") AS billed FROM focus_cost`,
        )
      )[0]!;
    const phases: string[] = [];
    const r1 = await ingestFilesToClickHouse(ch, [v1], { onPhase: (p) => phases.push(p) });
    assert.equal(r1.status, 'ingested');
    assert.equal(phases.at(-1), 'done');
    assert.equal(phases.filter((p) => p === 'done').length, 1);
    assert.equal(phases.at(-2), 'write', 'the ClickHouse load reports as writing, before done');
    await ingestFilesToClickHouse(ch, [other]);
    await ingestFilesToClickHouse(ch, [feb]);
    assert.deepEqual(await totals(), { n: 4, billed: '25.250000000000000' });

    const r2 = await ingestFilesToClickHouse(ch, [v2]);
    assert.equal(r2.replacedPartitions, 1);
    // January of account 1111 replaced (15 → 12.50); account 2222 and February kept.
    assert.deepEqual(await totals(), { n: 3, billed: '22.750000000000000' });
    const again = await ingestFilesToClickHouse(ch, [v2]);
    assert.equal(again.status, 'unchanged');
    assert.deepEqual(await totals(), { n: 3, billed: '22.750000000000000' });

    const manifest = await ch.query<{
      ingest_id: string;
      status: string;
      replaced_partitions: number;
    }>('SELECT ingest_id, status, replaced_partitions FROM ingest ORDER BY started_at');
    assert.deepEqual(
      manifest.map((m) => m.status),
      ['superseded', 'active', 'active', 'active'],
    );
    assert.equal(Number(manifest[3]!.replaced_partitions), 1);
    const parts = await ch.query<{ ingest_id: string; replaced_by: string | null }>(
      'SELECT ingest_id, replaced_by FROM ingest_partition WHERE ingest_id = $1',
      [r1.ingestId!],
    );
    assert.deepEqual(parts, [{ ingest_id: r1.ingestId, replaced_by: r2.ingestId }]);
    const [stages] = await ch.query<{ n: number }>(
      `SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name LIKE 'focus_cost_stage_%'`,
    );
    assert.equal(Number(stages!.n), 0, 'stage tables are dropped');
  });

  it('rejects a bad file with the ingest pipeline’s typed error and writes nothing', async () => {
    const dir = tempDir();
    const bad = writeTemp(dir, 'bad.csv', miniFocusCsv([{ BilledCost: 'twelve' }]));
    const [before] = await ch.query<{ n: number }>('SELECT count() AS n FROM focus_cost');
    await assert.rejects(ingestFilesToClickHouse(ch, [bad]), (e: unknown) => {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'INVALID_INPUT');
      assert.match(e.message, /bad\.csv/);
      return true;
    });
    const [afterRow] = await ch.query<{ n: number }>('SELECT count() AS n FROM focus_cost');
    assert.equal(Number(afterRow!.n), Number(before!.n));
  });

  it('stores the allocation config and unit metrics the semantic layer reads', async () => {
    const config = {
      tagAliases: { team: ['team', 'owner'] },
      virtualDimensions: [],
      sharedCosts: [],
    };
    assert.equal(await saveAllocationConfig(ch, config), 1);
    assert.equal(await saveAllocationConfig(ch, config), 2);
    assert.deepEqual((await loadAllocationConfig(ch)).tagAliases, config.tagAliases);
    const unit = {
      id: 'cost_per_order',
      label: 'Cost per order',
      costMetric: 'effective_cost',
      businessMetric: 'orders',
      per: 1,
    };
    await defineUnitMetric(ch, unit);
    await defineUnitMetric(ch, { ...unit, per: 100 });
    assert.deepEqual(
      (await listUnitMetrics(ch)).filter((u) => u.id === unit.id),
      [{ ...unit, per: 100 }],
    );
    const catalog = await loadCatalog(ch);
    assert.ok(catalog.metrics.has('cost_per_order'));
  });

  it('copies a whole DuckDB store into ClickHouse, and copying it again changes nothing', async () => {
    const dir = tempDir();
    const duck = await DuckDbWarehouse.open();
    try {
      await ingestFiles(duck, [
        writeTemp(dir, 'a.csv', miniFocusCsv([{ BillingAccountId: 'copy-1', BilledCost: '1.5' }])),
      ]);
      await ingestFiles(duck, [
        writeTemp(dir, 'b.csv', miniFocusCsv([{ BillingAccountId: 'copy-2', BilledCost: '2.25' }])),
      ]);
      const snapshot = async () => ({
        cost: await ch.query(
          `SELECT "BillingAccountId" AS a, count() AS n, sum("BilledCost") AS s FROM focus_cost WHERE "BillingAccountId" LIKE 'copy-%' GROUP BY a ORDER BY a`,
        ),
        manifest: await ch.query(
          `SELECT count() AS n FROM ingest_partition WHERE billing_account_id LIKE 'copy-%'`,
        ),
      });
      await loadFromDuckDb(duck, ch);
      const once = await snapshot();
      assert.deepEqual(once, {
        cost: [
          { a: 'copy-1', n: 1, s: '1.500000000000000' },
          { a: 'copy-2', n: 1, s: '2.250000000000000' },
        ],
        manifest: [{ n: 2 }],
      });
      await loadFromDuckDb(duck, ch);
      assert.deepEqual(await snapshot(), once);
    } finally {
      await duck.close();
    }
  });
});
