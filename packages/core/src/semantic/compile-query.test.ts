import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CostLensError } from '../errors.ts';
import { buildCatalog } from './catalog.ts';
import { compileQuery } from './compile-query.ts';
import type { SemanticQuery } from './types.ts';

const ATTACKS = [
  `x'); DROP TABLE focus_cost; --`,
  `" OR 1=1 --`,
  `$.team") || (SELECT 1`,
  '\u0000\n;\\',
  `team"]}, {"x": "`,
];
const now = new Date('2025-02-10T00:00:00Z');

function invalidInput(fn: () => unknown): CostLensError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CostLensError);
    assert.equal(e.code, 'INVALID_INPUT');
    return e;
  }
  assert.fail('expected INVALID_INPUT');
}

describe('compileQuery', () => {
  it('compiles the same SQL text whatever the filter values, tag keys and contains text are', () => {
    const q = (v: string): SemanticQuery => ({
      metric: 'effective_cost',
      groupBy: ['service', `tag:${v}`],
      filters: [
        { dimension: 'provider', op: 'eq', value: v },
        { dimension: 'region', op: 'in', value: [v, 'eu-west-1'] },
        { dimension: `tag:${v}`, op: 'contains', value: v },
        { dimension: 'service', op: 'not_in', value: [v] },
      ],
      timeRange: { relative: 'last_n_days', n: 30 },
      grain: 'day',
      compareTo: 'previous_period',
      limit: 5,
    });
    const base = compileQuery(q('team'), { now });
    for (const attack of ATTACKS) {
      const c = compileQuery(q(attack), { now });
      assert.equal(c.sql, base.sql);
      assert.equal(c.params.length, base.params.length);
      assert.ok(!c.sql.includes(attack));
      assert.ok(c.params.includes(attack), 'the value travels as a parameter, unchanged');
    }
  });

  it('compiles list filters of any length to the same SQL text', () => {
    const one = compileQuery({
      metric: 'billed_cost',
      filters: [{ dimension: 'sku', op: 'in', value: ['a'] }],
    });
    const many = compileQuery({
      metric: 'billed_cost',
      filters: [{ dimension: 'sku', op: 'in', value: ['a', 'b', "c'"] }],
    });
    assert.equal(one.sql, many.sql);
    assert.deepEqual(many.params, ['["a","b","c\'"]']);
  });

  it('names result columns after metrics and dimensions while the SQL uses positional aliases', () => {
    const c = compileQuery(
      {
        metric: 'savings',
        groupBy: ['tag:Cost Center'],
        grain: 'month',
        compareTo: 'previous_period',
        timeRange: { relative: 'previous_month' },
      },
      { now },
    );
    assert.deepEqual(
      c.columns.map((x) => [x.name, x.role]),
      [
        ['tag:Cost Center', 'dimension'],
        ['period', 'period'],
        ['savings', 'metric'],
        ['savings_previous', 'previous'],
        ['savings_delta', 'delta'],
        ['savings_delta_pct', 'delta_pct'],
      ],
    );
    assert.ok(!c.sql.includes('Cost Center'));
    assert.deepEqual(c.timeRange, { start: '2025-01-01', end: '2025-02-01' });
  });

  it('rejects an unknown metric, listing the valid ones', () => {
    const e = invalidInput(() => compileQuery({ metric: 'cost; DROP TABLE x' }));
    assert.match(e.message, /unknown metric "cost; DROP TABLE x"/);
    assert.match(e.hint ?? '', /billed_cost.*effective_cost.*row_count/);
  });

  it('rejects unknown dimensions in groupBy and filters all at once, listing the valid ones', () => {
    const e = invalidInput(() =>
      compileQuery({
        metric: 'billed_cost',
        groupBy: ['servic', 'service"; --'],
        filters: [{ dimension: 'tags:team', op: 'eq', value: 'x' }],
        orderBy: [{ field: 'nope', direction: 'asc' }],
      }),
    );
    assert.deepEqual(
      e.issues.map((i) => i.column),
      ['groupBy.0', 'groupBy.1', 'filters.0.dimension', 'orderBy.0.field'],
    );
    assert.match(e.issues[0]!.hint ?? '', /provider, .*service, .*tag:<key>/);
  });

  it('rejects malformed queries from JSON with the field that is wrong', () => {
    const bad = [
      [{ metric: 'billed_cost', grain: 'hour' }, 'grain'],
      [{ metric: 'billed_cost', limit: -1 }, 'limit'],
      [
        { metric: 'billed_cost', timeRange: { start: '2025-13-01', end: '2025-02-01' } },
        'timeRange.start',
      ],
      [
        { metric: 'billed_cost', timeRange: { start: '2025-02-01', end: '2025-01-01' } },
        'timeRange',
      ],
      [{ metric: 'billed_cost', compareTo: 'previous_period' }, 'compareTo'],
      [
        { metric: 'billed_cost', filters: [{ dimension: 'region', op: 'in', value: 'x' }] },
        'filters.0.value',
      ],
      [
        { metric: 'billed_cost', filters: [{ dimension: 'region', op: 'is_null', value: 'x' }] },
        'filters.0.value',
      ],
      [{ metric: 'billed_cost', sql: 'SELECT 1' }, '(query)'],
    ] as const;
    for (const [q, column] of bad) {
      const e = invalidInput(() => compileQuery(q as unknown as SemanticQuery));
      assert.equal(e.issues[0]!.column, column, JSON.stringify(q));
    }
  });

  it('lets virtual dimensions and normalized tags from the allocation config be grouped by', () => {
    const catalog = buildCatalog({
      allocation: {
        tagAliases: { team: ['Team', 'owner'] },
        virtualDimensions: [
          {
            id: 'product',
            rules: [{ when: [{ dimension: 'sub_account', op: 'eq', value: 'p1' }], value: 'Shop' }],
          },
        ],
        sharedCosts: [],
      },
    });
    const c = compileQuery({ metric: 'billed_cost', groupBy: ['team', 'product'] }, { catalog });
    assert.deepEqual(c.params, ['p1', 'Shop', '["team","owner"]', '/team']);
    invalidInput(() => compileQuery({ metric: 'billed_cost', groupBy: ['product'] }));
  });

  it('refuses allocation configs whose rules name unknown dimensions', () => {
    assert.throws(
      () =>
        buildCatalog({
          allocation: {
            tagAliases: {},
            virtualDimensions: [
              {
                id: 'cc',
                rules: [{ when: [{ dimension: 'acount', op: 'eq', value: 'x' }], value: 'y' }],
              },
            ],
            sharedCosts: [],
          },
        }),
      (e: unknown) =>
        e instanceof CostLensError && e.code === 'INVALID_INPUT' && /acount/.test(e.message),
    );
  });
});
