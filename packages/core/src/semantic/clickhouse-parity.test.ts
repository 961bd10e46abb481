/**
 * The semantic golden suite on two engines: every query shape of the issue-4 suite (each metric
 * by each dimension and grain, every filter operator, normalized tags, virtual dimensions and
 * pools, top-N with and without Other, comparisons inline and joined, unit costs, order and
 * limit) runs on DuckDB and on ClickHouse (chdb, loaded from DuckDB through Parquet) and must
 * return identical rows: money, counts, labels and periods exactly, ratios to 1e-12.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AllocationConfig } from '../allocation/allocation-config.ts';
import { ClickHouseWarehouse } from '../store/clickhouse.ts';
import { loadFromDuckDb } from '../store/clickhouse-load.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { buildCatalog } from './catalog.ts';
import { compileQuery } from './compile-query.ts';
import { loadCatalog } from './load-catalog.ts';
import type { Catalog } from './catalog.ts';
import { runQuery } from './run-query.ts';
import { loadSemanticTestData } from './test-dataset.ts';
import type { Grain, SemanticQuery } from './types.ts';

const METRICS = [
  'billed_cost',
  'effective_cost',
  'list_cost',
  'contracted_cost',
  'savings',
  'consumed_quantity',
  'row_count',
];
const DIMS = [
  'provider',
  'service',
  'region',
  'sub_account',
  'charge_category',
  'pricing_category',
  'commitment_discount',
  'tag:team',
  'tag:env',
  'tag:team/sub',
  'tag:te~am',
  'model',
];
const GRAINS: (Grain | undefined)[] = [undefined, 'day', 'week', 'month', 'quarter', 'year'];
const RANGE = { start: '2024-12-01', end: '2025-03-01' };
const NOW = new Date('2025-03-10T12:00:00Z');

const ALLOCATION: AllocationConfig = {
  tagAliases: { team: ['team', 'owner'] },
  virtualDimensions: [
    {
      id: 'cost_centre',
      rules: [
        { when: [{ dimension: 'sub_account', op: 'eq', value: 'acct-a' }], value: 'CC-1' },
        {
          when: [
            { dimension: 'tag:team', op: 'in', value: ['web', 'data'] },
            { dimension: 'provider', op: 'eq', value: 'AWS' },
          ],
          value: 'CC-2',
        },
      ],
      default: 'CC-unmapped',
    },
  ],
  sharedCosts: [
    {
      id: 'support',
      match: [{ dimension: 'service', op: 'eq', value: 'AWS Support' }],
      across: 'team',
      method: 'even',
    },
  ],
};

/** Every golden query shape, named for the failure message. */
function goldenQueries(): [string, SemanticQuery][] {
  const out: [string, SemanticQuery][] = [];
  METRICS.forEach((metric, mi) =>
    DIMS.forEach((dim, di) => {
      // Each metric × dimension once, the grains rotating so every pair of them meets.
      const grain = GRAINS[(mi + di) % GRAINS.length];
      out.push([
        `${metric} by ${dim} ${grain ?? 'total'}`,
        { metric, groupBy: [dim], timeRange: RANGE, ...(grain ? { grain } : {}) },
      ]);
    }),
  );
  for (const grain of GRAINS) {
    out.push([
      `effective_cost and row_count by service and tag:team ${grain ?? 'total'}`,
      {
        metric: 'effective_cost',
        metrics: ['row_count', 'billed_cost'],
        groupBy: ['service', 'tag:team'],
        ...(grain ? { grain } : {}),
      },
    ]);
  }
  const filters: SemanticQuery['filters'][] = [
    [{ dimension: 'provider', op: 'eq', value: 'AWS' }],
    [{ dimension: 'region', op: 'neq', value: 'us-east-1' }],
    [{ dimension: 'service', op: 'in', value: ['Amazon S3', 'Virtual Machines'] }],
    [{ dimension: 'sub_account', op: 'not_in', value: ['acct-a'] }],
    [{ dimension: 'service', op: 'contains', value: 'AMAZON' }],
    [{ dimension: 'region', op: 'is_null' }],
    [{ dimension: 'tag:team', op: 'is_not_null' }],
    [
      { dimension: 'tag:TEAM', op: 'eq', value: 'web' },
      { dimension: 'charge_category', op: 'eq', value: 'Usage' },
    ],
    [{ dimension: 'service', op: 'eq', value: "it's'); DROP TABLE focus_cost; --" }],
    [{ dimension: 'model', op: 'in', value: ['gpt-4o', 'claude-sonnet-4'] }],
    [{ dimension: 'model', op: 'is_not_null' }],
  ];
  filters.forEach((f, i) =>
    out.push([
      `filter ${i}`,
      { metric: 'effective_cost', metrics: ['row_count'], groupBy: ['provider'], filters: f },
    ]),
  );
  out.push(
    [
      'no rows at all',
      { metric: 'billed_cost', timeRange: { start: '2030-01-01', end: '2030-02-01' } },
    ],
    ['normalized team tag', { metric: 'effective_cost', groupBy: ['team'] }],
    ['virtual dimension', { metric: 'billed_cost', groupBy: ['cost_centre'], grain: 'month' }],
    ['shared pool dimension', { metric: 'effective_cost', groupBy: ['shared_pool'] }],
    [
      'top 3 with Other',
      { metric: 'effective_cost', groupBy: ['resource_id'], timeRange: RANGE, limit: 3 },
    ],
    [
      'top 3 without Other',
      {
        metric: 'effective_cost',
        groupBy: ['resource_id'],
        timeRange: RANGE,
        limit: 3,
        other: false,
      },
    ],
    [
      'top 2 per month',
      { metric: 'billed_cost', groupBy: ['service'], timeRange: RANGE, grain: 'month', limit: 2 },
    ],
    [
      'previous month vs the one before',
      {
        metric: 'effective_cost',
        groupBy: ['provider'],
        timeRange: { relative: 'previous_month' },
        compareTo: 'previous_period',
      },
    ],
    [
      'same period last year, empty previous',
      {
        metric: 'row_count',
        timeRange: { start: '2025-01-01', end: '2025-02-01' },
        compareTo: 'same_period_last_year',
        grain: 'month',
      },
    ],
    [
      'month grain vs previous period',
      {
        metric: 'billed_cost',
        metrics: ['savings'],
        timeRange: { start: '2025-01-01', end: '2025-03-01' },
        grain: 'month',
        compareTo: 'previous_period',
      },
    ],
    [
      'tag groups month by month vs previous period, top 2',
      {
        metric: 'effective_cost',
        groupBy: ['tag:team'],
        timeRange: { start: '2025-01-01', end: '2025-03-01' },
        grain: 'month',
        compareTo: 'previous_period',
        limit: 2,
      },
    ],
    [
      'overlapping comparison ranges',
      {
        metric: 'row_count',
        timeRange: { start: '2024-11-01', end: '2025-12-01' },
        grain: 'month',
        compareTo: 'same_period_last_year',
      },
    ],
    [
      'order by a dimension',
      { metric: 'row_count', groupBy: ['sku'], orderBy: [{ field: 'sku', direction: 'desc' }] },
    ],
    ['ungrouped limit', { metric: 'row_count', grain: 'day', limit: 5 }],
    [
      'unit cost by month',
      { metric: 'cost_per_1k_requests', metrics: ['effective_cost'], grain: 'month' },
    ],
    [
      'unit cost by provider vs previous period',
      {
        metric: 'cost_per_1k_requests',
        groupBy: ['provider'],
        timeRange: { start: '2025-01-01', end: '2025-03-01' },
        grain: 'month',
        compareTo: 'previous_period',
      },
    ],
  );
  return out;
}

const BUSINESS_ROWS = `INSERT INTO business_metric ("date", metric, value, dimensions, source_file, source_line, ingested_at) VALUES
  ('2024-11-15', 'requests', 120000.5, NULL, NULL, NULL, '2025-01-01 00:00:00'),
  ('2024-12-15', 'requests', 98000.25, NULL, NULL, NULL, '2025-01-01 00:00:00'),
  ('2025-01-15', 'requests', 143000, NULL, NULL, NULL, '2025-01-01 00:00:00'),
  ('2025-02-15', 'requests', 150500.125, NULL, NULL, NULL, '2025-01-01 00:00:00'),
  ('2025-03-15', 'requests', 0, NULL, NULL, NULL, '2025-01-01 00:00:00')`;

describe('the semantic golden suite on DuckDB and on ClickHouse (chdb)', () => {
  let duck: DuckDbWarehouse;
  let ch: ClickHouseWarehouse;
  let catalog: Catalog;
  before(async () => {
    duck = await DuckDbWarehouse.open();
    await loadSemanticTestData(duck);
    // Tag edge cases: non-string values, null values, the same key in several spellings.
    await duck.exec(
      `INSERT INTO focus_cost ("ServiceName", "ChargePeriodStart", "BilledCost", "EffectiveCost", "Tags") VALUES
        ('Edge', TIMESTAMP '2025-01-10 00:00:00', 1.5, 1.5, '{"team": 5, "env": true}'),
        ('Edge', TIMESTAMP '2025-01-11 00:00:00', 2.5, 2.5, '{"Team": null, "owner": "ops"}'),
        ('Edge', TIMESTAMP '2025-01-12 00:00:00', 3.5, 3.5, '{"TEAM": "b", "Team": "a"}'),
        ('Edge', TIMESTAMP '2025-01-13 00:00:00', 4.5, 4.5, '{"team/sub": "s", "te~am": "t"}'),
        ('Edge', TIMESTAMP '2025-01-14 00:00:00', 5.5, 5.5, '{}')`,
    );
    // AI spend carries its model in an extension column that ClickHouse gets through the load.
    await duck.exec(`ALTER TABLE focus_cost ADD COLUMN "x_LlmModel" VARCHAR`);
    await duck.exec(
      `INSERT INTO focus_cost ("ProviderName", "ServiceName", "ChargePeriodStart", "BilledCost", "EffectiveCost", "x_LlmModel") VALUES
        ('OpenAI', 'OpenAI API', TIMESTAMP '2025-01-03 00:00:00', 0.123456789012345, 0.123456789012345, 'gpt-4o'),
        ('OpenAI', 'OpenAI API', TIMESTAMP '2025-02-03 00:00:00', 7.25, 7.25, 'gpt-4o-mini'),
        ('Anthropic', 'Anthropic API', TIMESTAMP '2025-02-04 00:00:00', 3.000000000000001, 3.000000000000001, 'claude-sonnet-4')`,
    );
    ch = await ClickHouseWarehouse.open('chdb:');
    await loadFromDuckDb(duck, ch);
    for (const wh of [duck, ch] as Warehouse[]) await wh.exec(BUSINESS_ROWS);
    catalog = buildCatalog({
      allocation: ALLOCATION,
      unitMetrics: [
        {
          id: 'cost_per_1k_requests',
          label: 'Cost per 1k requests',
          costMetric: 'effective_cost',
          businessMetric: 'requests',
          per: 1000,
        },
      ],
    });
  });
  after(async () => {
    await ch?.close();
    await duck?.close();
  });

  it('holds the same rows on both engines after the Parquet load', async () => {
    const sql = `SELECT count(*) AS n, CAST(sum("EffectiveCost") AS VARCHAR) AS s, CAST(sum("BilledCost") AS VARCHAR) AS b FROM focus_cost`;
    const [d] = await duck.query<{ n: number; s: string; b: string }>(sql);
    const [c] = await ch.query<{ n: number; s: string; b: string }>(sql);
    assert.equal(Number(c!.n), Number(d!.n));
    assert.equal(c!.s, d!.s);
    assert.equal(c!.b, d!.b);
  });

  it('answers every golden query identically on DuckDB and ClickHouse', async () => {
    const queries = goldenQueries();
    let nonEmpty = 0;
    for (const [name, q] of queries) {
      const d = await runQuery(duck, q, { catalog, now: NOW });
      const c = await runQuery(ch, q, { catalog, now: NOW });
      assert.deepEqual(c.columns, d.columns, name);
      assert.deepEqual(c.timeRange, d.timeRange, name);
      assert.equal(c.rows.length, d.rows.length, `${name}: row count`);
      d.rows.forEach((dr, i) => {
        const cr = c.rows[i]!;
        for (const col of d.columns) {
          const [dv, cv] = [dr[col.name], cr[col.name]];
          if (col.unit !== 'count' && typeof dv === 'number' && typeof cv === 'number') {
            // Ratios (percent change, unit costs) are doubles: equal to the last few ulps.
            assert.ok(
              Math.abs(dv - cv) <= 1e-12 * Math.max(1, Math.abs(dv)),
              `${name}: row ${i} ${col.name} ${cv} vs ${dv}`,
            );
          } else {
            assert.deepEqual(cv, dv, `${name}: row ${i} ${col.name}`);
          }
        }
      });
      if (d.rows.length > 0) nonEmpty++;
    }
    assert.ok(nonEmpty >= queries.length - 2, 'nearly every golden query finds rows');
  });

  it('finds the optional model column on ClickHouse as on DuckDB', async () => {
    assert.equal((await loadCatalog(ch)).absentColumns?.size, 0);
    assert.equal((await loadCatalog(duck)).absentColumns?.size, 0);
  });

  it('compiles engine-specific SQL for ClickHouse, with user values only in parameters', async () => {
    const q: SemanticQuery = {
      metric: 'effective_cost',
      groupBy: ['tag:team'],
      filters: [{ dimension: 'service', op: 'contains', value: "x'); DROP TABLE focus_cost; --" }],
      grain: 'week',
    };
    const c = await runQuery(ch, q, { catalog });
    assert.match(c.sql, /toStartOfWeek/);
    assert.match(c.sql, /JSONExtract/);
    assert.doesNotMatch(c.sql, /DROP TABLE/);
    assert.ok(c.params.includes("x'); DROP TABLE focus_cost; --"));
    const [n] = await ch.query<{ n: number }>('SELECT count(*) AS n FROM focus_cost');
    assert.equal(Number(n!.n), 368);
  });

  it('runs injection attempts as tag keys and filter values on ClickHouse: same SQL text, values as parameters, same answer as DuckDB', async () => {
    const attacks = [
      `x'); DROP TABLE focus_cost; --`,
      `" OR 1=1 --`,
      `$.team") || (SELECT 1`,
      '\u0000\n;\\',
      `team"]}, {"x": "`,
      '{p1:String}',
      '$1',
    ];
    const q = (v: string): SemanticQuery => ({
      metric: 'effective_cost',
      groupBy: ['service', `tag:${v}`],
      filters: [
        { dimension: 'provider', op: 'neq', value: v },
        { dimension: 'region', op: 'not_in', value: [v, 'eu-west-1'] },
        { dimension: 'service', op: 'not_in', value: [v] },
      ],
      timeRange: RANGE,
      grain: 'month',
      compareTo: 'previous_period',
      limit: 5,
    });
    const base = compileQuery(q('team'), { dialect: 'clickhouse', catalog });
    for (const attack of attacks) {
      const compiled = compileQuery(q(attack), { dialect: 'clickhouse', catalog });
      assert.equal(compiled.sql, base.sql);
      assert.ok(compiled.params.includes(attack));
      const c = await runQuery(ch, q(attack), { catalog });
      const d = await runQuery(duck, q(attack), { catalog });
      assert.ok(c.rows.length > 0);
      assert.deepEqual(
        c.rows.map((r) => ({ ...r, effective_cost_delta_pct: null })),
        d.rows.map((r) => ({ ...r, effective_cost_delta_pct: null })),
        attack,
      );
    }
    const [n] = await ch.query<{ n: number }>('SELECT count(*) AS n FROM focus_cost');
    assert.equal(Number(n!.n), 368);
  });
});
