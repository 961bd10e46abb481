import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import type { Row } from '../store/warehouse.ts';
import { buildCatalog } from './catalog.ts';
import { runQuery } from './run-query.ts';
import { loadSemanticTestData } from './test-dataset.ts';
import type { Grain, SemanticQuery } from './types.ts';

// Hand-written SQL for each metric and dimension, written independently of the compiler.
const HAND_METRIC: Record<string, string> = {
  billed_cost: 'sum(BilledCost)',
  effective_cost: 'sum(EffectiveCost)',
  list_cost: 'sum(ListCost)',
  contracted_cost: 'sum(ContractedCost)',
  savings: 'sum(ListCost - EffectiveCost)',
  consumed_quantity: 'sum(ConsumedQuantity)',
  row_count: 'count(*)',
};
const HAND_DIM: Record<string, string> = {
  provider: 'coalesce(ServiceProviderName, ProviderName)',
  service: 'ServiceName',
  region: 'RegionId',
  sub_account: 'SubAccountId',
  charge_category: 'ChargeCategory',
  pricing_category: 'PricingCategory',
  commitment_discount: 'CommitmentDiscountId',
  'tag:team': `coalesce(json_extract_string(Tags, '$.team'), json_extract_string(Tags, '$.Team'), json_extract_string(Tags, '$.TEAM'))`,
};
const GRAINS: (Grain | undefined)[] = [undefined, 'day', 'week', 'month', 'quarter', 'year'];
const RANGE = { start: '2024-12-01', end: '2025-03-01' };

function handSql(metric: string, dim: string, grain: Grain | undefined): string {
  const period = grain
    ? `, strftime(date_trunc('${grain}', ChargePeriodStart), '%Y-%m-%d') AS period`
    : '';
  return `SELECT ${HAND_DIM[dim]} AS dim${period}, ${HAND_METRIC[metric]}${metric === 'row_count' ? '::INTEGER' : ''} AS value
    FROM focus_cost WHERE ChargePeriodStart >= '2024-12-01' AND ChargePeriodStart < '2025-03-01'
    GROUP BY ALL`;
}

const key = (dim: unknown, period: unknown) => `${String(dim)}|${String(period ?? '')}`;

describe('runQuery against hand-written SQL on a fixed dataset', () => {
  let wh: DuckDbWarehouse;
  before(async () => {
    wh = await DuckDbWarehouse.open();
    await loadSemanticTestData(wh);
  });
  after(() => wh.close());

  for (const metric of Object.keys(HAND_METRIC)) {
    it(`${metric} by every tested dimension and every grain equals the hand-written SQL`, async () => {
      const catalog = buildCatalog();
      for (const dim of Object.keys(HAND_DIM)) {
        for (const grain of GRAINS) {
          const q: SemanticQuery = {
            metric,
            groupBy: [dim],
            timeRange: RANGE,
            ...(grain ? { grain } : {}),
          };
          const got = await runQuery(wh, q, { catalog });
          const want = await wh.query<Row>(handSql(metric, dim, grain));
          const gotMap = new Map(got.rows.map((r) => [key(r[dim], r['period']), r[metric]]));
          const wantMap = new Map(
            want.map((r) => [
              key(r['dim'], r['period']),
              metric === 'row_count' ? Number(r['value']) : r['value'],
            ]),
          );
          assert.ok(want.length > 0, 'the fixture has rows in range');
          assert.deepEqual(gotMap, wantMap, `${metric} by ${dim} ${grain ?? 'total'}`);
        }
      }
    });
  }

  it('returns money as exact decimal strings and counts as numbers', async () => {
    const r = await runQuery(
      wh,
      { metric: 'effective_cost', metrics: ['row_count'] },
      { catalog: buildCatalog() },
    );
    const [want] = await wh.query<{ s: string; n: number }>(
      'SELECT sum(EffectiveCost)::VARCHAR AS s, count(*)::INTEGER AS n FROM focus_cost',
    );
    assert.equal(r.rows[0]!['effective_cost'], want!.s);
    assert.match(String(r.rows[0]!['effective_cost']), /^-?\d+\.\d{15}$/);
    assert.equal(r.rows[0]!['row_count'], Number(want!.n));
    assert.deepEqual(
      r.columns.map((c) => [c.name, c.role, c.unit]),
      [
        ['effective_cost', 'metric', 'currency'],
        ['row_count', 'metric', 'count'],
      ],
    );
  });

  it('applies each filter operator like the equivalent hand-written WHERE clause', async () => {
    const cases: [SemanticQuery['filters'], string][] = [
      [
        [{ dimension: 'provider', op: 'eq', value: 'AWS' }],
        `coalesce(ServiceProviderName, ProviderName) = 'AWS'`,
      ],
      [
        [{ dimension: 'region', op: 'neq', value: 'us-east-1' }],
        `RegionId IS DISTINCT FROM 'us-east-1'`,
      ],
      [
        [{ dimension: 'service', op: 'in', value: ['Amazon S3', 'Virtual Machines'] }],
        `ServiceName IN ('Amazon S3', 'Virtual Machines')`,
      ],
      [
        [{ dimension: 'sub_account', op: 'not_in', value: ['acct-a'] }],
        `SubAccountId IS DISTINCT FROM 'acct-a'`,
      ],
      [[{ dimension: 'service', op: 'contains', value: 'amazon' }], `ServiceName ILIKE '%amazon%'`],
      [[{ dimension: 'region', op: 'is_null' }], 'RegionId IS NULL'],
      [[{ dimension: 'tag:team', op: 'is_not_null' }], `${HAND_DIM['tag:team']} IS NOT NULL`],
      [
        [
          { dimension: 'tag:TEAM', op: 'eq', value: 'web' },
          { dimension: 'charge_category', op: 'eq', value: 'Usage' },
        ],
        `${HAND_DIM['tag:team']} = 'web' AND ChargeCategory = 'Usage'`,
      ],
    ];
    for (const [filters, where] of cases) {
      const got = await runQuery(
        wh,
        { metric: 'effective_cost', metrics: ['row_count'], ...(filters ? { filters } : {}) },
        { catalog: buildCatalog() },
      );
      const [want] = await wh.query<{ s: string | null; n: number }>(
        `SELECT sum(EffectiveCost)::VARCHAR AS s, count(*)::INTEGER AS n FROM focus_cost WHERE ${where}`,
      );
      assert.ok(Number(want!.n) > 0, `fixture has rows for ${where}`);
      assert.equal(got.rows[0]!['effective_cost'], want!.s, where);
      assert.equal(got.rows[0]!['row_count'], Number(want!.n), where);
    }
  });

  it('normalizes tag keys per the allocation config (team, Team, owner → team), earlier keys winning', async () => {
    const catalog = buildCatalog({
      allocation: {
        tagAliases: { team: ['team', 'owner'] },
        virtualDimensions: [],
        sharedCosts: [],
      },
    });
    const got = await runQuery(wh, { metric: 'effective_cost', groupBy: ['team'] }, { catalog });
    const want = await wh.query<Row>(
      `SELECT coalesce(${HAND_DIM['tag:team']}, json_extract_string(Tags, '$.owner')) AS team, sum(EffectiveCost)::VARCHAR AS v FROM focus_cost GROUP BY 1`,
    );
    assert.deepEqual(
      new Map(got.rows.map((r) => [r['team'], r['effective_cost']])),
      new Map(want.map((r) => [r['team'], r['v']])),
    );
    // tag:team reads the same normalized key; tag:owner stays the raw key.
    const viaTag = await runQuery(
      wh,
      { metric: 'effective_cost', groupBy: ['tag:team'] },
      { catalog },
    );
    assert.deepEqual(
      viaTag.rows.map((r) => r['tag:team']),
      got.rows.map((r) => r['team']),
    );
  });

  it('maps rows to a virtual dimension by the first matching rule, with a default', async () => {
    const catalog = buildCatalog({
      allocation: {
        tagAliases: {},
        sharedCosts: [],
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
      },
    });
    const got = await runQuery(
      wh,
      { metric: 'billed_cost', groupBy: ['cost_centre'] },
      { catalog },
    );
    const want = await wh.query<Row>(
      `SELECT CASE WHEN SubAccountId = 'acct-a' THEN 'CC-1'
         WHEN ${HAND_DIM['tag:team']} IN ('web', 'data') AND coalesce(ServiceProviderName, ProviderName) = 'AWS' THEN 'CC-2'
         ELSE 'CC-unmapped' END AS cc, sum(BilledCost)::VARCHAR AS v FROM focus_cost GROUP BY 1`,
    );
    assert.equal(want.length, 3);
    assert.deepEqual(
      new Map(got.rows.map((r) => [r['cost_centre'], r['billed_cost']])),
      new Map(want.map((r) => [r['cc'], r['v']])),
    );
  });

  it('keeps the top N groups and sums the rest into Other, so the total is unchanged', async () => {
    const catalog = buildCatalog();
    const all = await runQuery(
      wh,
      { metric: 'effective_cost', groupBy: ['resource_id'], timeRange: RANGE },
      { catalog },
    );
    const top = await runQuery(
      wh,
      { metric: 'effective_cost', groupBy: ['resource_id'], timeRange: RANGE, limit: 3 },
      { catalog },
    );
    assert.equal(top.rows.length, 4);
    assert.equal(top.rows[3]!['resource_id'], 'Other');
    const sorted = [...all.rows].sort((a, b) =>
      cmpDec(String(b['effective_cost']), String(a['effective_cost'])),
    );
    assert.deepEqual(top.rows.slice(0, 3), sorted.slice(0, 3));
    const [sums] = await wh.query<{ total: string; rest: string }>(
      `WITH g AS (SELECT ResourceId, sum(EffectiveCost) s FROM focus_cost WHERE ChargePeriodStart >= '2024-12-01' AND ChargePeriodStart < '2025-03-01' GROUP BY 1)
       SELECT sum(s)::VARCHAR AS total, (sum(s) FILTER (WHERE ResourceId NOT IN (${sorted
         .slice(0, 3)
         .map((r) => `'${String(r['resource_id'])}'`)
         .join(', ')})))::VARCHAR AS rest FROM g`,
    );
    assert.equal(top.rows[3]!['effective_cost'], sums!.rest);
    const dropped = await runQuery(
      wh,
      {
        metric: 'effective_cost',
        groupBy: ['resource_id'],
        timeRange: RANGE,
        limit: 3,
        other: false,
      },
      { catalog },
    );
    assert.deepEqual(dropped.rows, sorted.slice(0, 3));
  });

  it('splits top-N per period: each month has the same top groups plus Other', async () => {
    const got = await runQuery(
      wh,
      { metric: 'billed_cost', groupBy: ['service'], timeRange: RANGE, grain: 'month', limit: 2 },
      { catalog: buildCatalog() },
    );
    const periods = [...new Set(got.rows.map((r) => r['period']))];
    assert.deepEqual(periods, ['2024-12-01', '2025-01-01', '2025-02-01']);
    for (const p of periods) {
      const inPeriod = got.rows.filter((r) => r['period'] === p);
      assert.ok(inPeriod.length <= 3);
      const [want] = await wh.query<{ s: string }>(
        `SELECT sum(BilledCost)::VARCHAR AS s FROM focus_cost WHERE date_trunc('month', ChargePeriodStart) = $1::TIMESTAMP`,
        [String(p)],
      );
      assert.equal(sumDec(inPeriod.map((r) => String(r['billed_cost']))), normDec(want!.s));
    }
  });

  it('compares with the previous period and the same period last year, with delta and percent', async () => {
    const catalog = buildCatalog();
    const now = new Date('2025-03-10T12:00:00Z');
    const got = await runQuery(
      wh,
      {
        metric: 'effective_cost',
        groupBy: ['provider'],
        timeRange: { relative: 'previous_month' },
        compareTo: 'previous_period',
      },
      { catalog, now },
    );
    assert.deepEqual(got.timeRange, { start: '2025-02-01', end: '2025-03-01' });
    const want = await wh.query<Row>(
      `SELECT coalesce(ServiceProviderName, ProviderName) AS p,
         (sum(EffectiveCost) FILTER (WHERE ChargePeriodStart >= '2025-02-01' AND ChargePeriodStart < '2025-03-01'))::VARCHAR AS cur,
         (sum(EffectiveCost) FILTER (WHERE ChargePeriodStart >= '2025-01-01' AND ChargePeriodStart < '2025-02-01'))::VARCHAR AS prev
       FROM focus_cost GROUP BY 1`,
    );
    assert.equal(got.rows.length, want.length);
    for (const w of want) {
      const g = got.rows.find((r) => r['provider'] === w['p'])!;
      assert.equal(g['effective_cost'], w['cur']);
      assert.equal(g['effective_cost_previous'], w['prev']);
      const delta = subDec(String(w['cur']), String(w['prev']));
      assert.equal(normDec(String(g['effective_cost_delta'])), delta);
      const pct = ((Number(w['cur']) - Number(w['prev'])) / Math.abs(Number(w['prev']))) * 100;
      assert.ok(Math.abs(Number(g['effective_cost_delta_pct']) - pct) < 1e-9);
    }
    const yoy = await runQuery(
      wh,
      {
        metric: 'row_count',
        timeRange: { start: '2025-01-01', end: '2025-02-01' },
        compareTo: 'same_period_last_year',
        grain: 'month',
      },
      { catalog },
    );
    // No data in January 2024: the previous value is empty and the delta is the whole count.
    assert.equal(yoy.rows.length, 1);
    assert.equal(yoy.rows[0]!['row_count_previous'], null);
    assert.equal(yoy.rows[0]!['row_count_delta'], yoy.rows[0]!['row_count']);
  });

  it('aligns a month-grain comparison so each month meets the month before it', async () => {
    const got = await runQuery(
      wh,
      {
        metric: 'billed_cost',
        timeRange: { start: '2025-01-01', end: '2025-03-01' },
        grain: 'month',
        compareTo: 'previous_period',
      },
      { catalog: buildCatalog() },
    );
    const monthly = await wh.query<{ m: string; s: string }>(
      `SELECT strftime(date_trunc('month', ChargePeriodStart), '%Y-%m-%d') AS m, sum(BilledCost)::VARCHAR AS s FROM focus_cost GROUP BY 1`,
    );
    const by = new Map(monthly.map((r) => [r.m, r.s]));
    assert.deepEqual(
      got.rows.map((r) => [r['period'], r['billed_cost'], r['billed_cost_previous']]),
      [
        ['2025-01-01', by.get('2025-01-01'), by.get('2024-11-01')],
        ['2025-02-01', by.get('2025-02-01'), by.get('2024-12-01')],
      ],
    );
  });

  it('compares tag groups month by month, and handles comparison ranges that overlap the current one', async () => {
    const catalog = buildCatalog();
    const got = await runQuery(
      wh,
      {
        metric: 'effective_cost',
        groupBy: ['tag:team'],
        timeRange: { start: '2025-01-01', end: '2025-03-01' },
        grain: 'month',
        compareTo: 'previous_period',
      },
      { catalog },
    );
    const want = await wh.query<{ t: string | null; m: string; s: string }>(
      `SELECT ${HAND_DIM['tag:team']} AS t, strftime(date_trunc('month', ChargePeriodStart), '%Y-%m-%d') AS m, sum(EffectiveCost)::VARCHAR AS s FROM focus_cost GROUP BY 1, 2`,
    );
    const at = (t: unknown, m: string) => want.find((w) => w.t === t && w.m === m)?.s ?? null;
    assert.ok(got.rows.length >= 6);
    for (const r of got.rows) {
      const prevMonth = r['period'] === '2025-01-01' ? '2024-11-01' : '2024-12-01';
      assert.equal(r['effective_cost'], at(r['tag:team'], String(r['period'])));
      assert.equal(r['effective_cost_previous'], at(r['tag:team'], prevMonth));
    }
    // 13 months compared with the 13 months a year earlier: the two ranges overlap by a month.
    const long = await runQuery(
      wh,
      {
        metric: 'row_count',
        timeRange: { start: '2024-11-01', end: '2025-12-01' },
        grain: 'month',
        compareTo: 'same_period_last_year',
      },
      { catalog },
    );
    const [nov] = await wh.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM focus_cost WHERE date_trunc('month', ChargePeriodStart) = '2024-11-01'`,
    );
    const row = (p: string) => long.rows.find((r) => r['period'] === p)!;
    assert.equal(row('2024-11-01')['row_count'], Number(nov!.n));
    assert.equal(row('2025-11-01')['row_count_previous'], Number(nov!.n));
    assert.equal(row('2025-11-01')['row_count'], null);
  });

  it('orders by a requested field and caps ungrouped results with limit', async () => {
    const got = await runQuery(
      wh,
      { metric: 'row_count', groupBy: ['sku'], orderBy: [{ field: 'sku', direction: 'desc' }] },
      { catalog: buildCatalog() },
    );
    assert.deepEqual(
      got.rows.map((r) => r['sku']),
      ['sku-4', 'sku-3', 'sku-2', 'sku-1'],
    );
    const days = await runQuery(
      wh,
      { metric: 'row_count', grain: 'day', limit: 5 },
      { catalog: buildCatalog() },
    );
    assert.equal(days.rows.length, 5);
    assert.equal(days.rows[0]!['period'], '2024-11-01');
  });
});

// Exact decimal helpers for the assertions (scaled BigInt, 15 fraction digits).
const SCALE = 15;
function toUnits(s: string): bigint {
  const neg = s.startsWith('-');
  const [i = '0', f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(i + (f + '0'.repeat(SCALE)).slice(0, SCALE));
  return neg ? -v : v;
}
function fromUnits(u: bigint): string {
  const neg = u < 0n;
  const d = (neg ? -u : u).toString().padStart(SCALE + 1, '0');
  return `${neg ? '-' : ''}${d.slice(0, -SCALE)}.${d.slice(-SCALE)}`;
}
const normDec = (s: string) => fromUnits(toUnits(s));
const sumDec = (xs: string[]) => fromUnits(xs.reduce((a, x) => a + toUnits(x), 0n));
const subDec = (a: string, b: string) => fromUnits(toUnits(a) - toUnits(b));
const cmpDec = (a: string, b: string) =>
  toUnits(a) < toUnits(b) ? -1 : toUnits(a) > toUnits(b) ? 1 : 0;
