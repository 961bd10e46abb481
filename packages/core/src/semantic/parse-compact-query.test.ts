import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CostLensError } from '../errors.ts';
import { parseCompactQuery, parseWhere } from './parse-compact-query.ts';

const p = (s: string, opts = {}) => parseCompactQuery(s.split(' '), opts);

describe('the compact query form', () => {
  it('reads the issue’s example exactly', () => {
    assert.deepEqual(
      p('effective_cost by service,tag:team last 3 months monthly', {
        top: 10,
        where: ['provider=aws'],
      }),
      {
        metric: 'effective_cost',
        groupBy: ['service', 'tag:team'],
        filters: [{ dimension: 'provider', op: 'eq', value: 'aws' }],
        timeRange: { relative: 'last_n_months', n: 3 },
        grain: 'month',
        limit: 10,
      },
    );
  });

  it('reads relative and absolute ranges, grains, comparisons and inline filters', () => {
    const cases: [string, object][] = [
      [
        'billed_cost last 30 days daily',
        { timeRange: { relative: 'last_n_days', n: 30 }, grain: 'day' },
      ],
      [
        'billed_cost last 2 weeks by day',
        { timeRange: { relative: 'last_n_days', n: 14 }, grain: 'day' },
      ],
      ['billed_cost last 2 quarters', { timeRange: { relative: 'last_n_months', n: 6 } }],
      [
        'billed_cost last month vs previous',
        { timeRange: { relative: 'previous_month' }, compareTo: 'previous_period' },
      ],
      ['billed_cost last quarter', { timeRange: { relative: 'previous_quarter' } }],
      [
        'billed_cost month to date yoy',
        { timeRange: { relative: 'month_to_date' }, compareTo: 'same_period_last_year' },
      ],
      ['billed_cost ytd', { timeRange: { relative: 'year_to_date' } }],
      [
        'billed_cost this quarter weekly',
        { timeRange: { relative: 'quarter_to_date' }, grain: 'week' },
      ],
      ['billed_cost in 2024-12', { timeRange: { start: '2024-12-01', end: '2025-01-01' } }],
      ['billed_cost 2024', { timeRange: { start: '2024-01-01', end: '2025-01-01' } }],
      [
        'billed_cost from 2024-01-01 to 2024-02-15 vs last year',
        {
          timeRange: { start: '2024-01-01', end: '2024-02-15' },
          compareTo: 'same_period_last_year',
        },
      ],
      [
        'billed_cost,row_count by region top 5 where tag:env=prod|dev',
        {
          metrics: ['row_count'],
          groupBy: ['region'],
          limit: 5,
          filters: [{ dimension: 'tag:env', op: 'in', value: ['prod', 'dev'] }],
        },
      ],
    ];
    for (const [text, want] of cases)
      assert.deepEqual(p(text), { metric: text.split(' ')[0]!.split(',')[0], ...want }, text);
  });

  it('reads every filter operator', () => {
    assert.deepEqual(parseWhere('region!=us-east-1'), {
      dimension: 'region',
      op: 'neq',
      value: 'us-east-1',
    });
    assert.deepEqual(parseWhere('region!=a|b'), {
      dimension: 'region',
      op: 'not_in',
      value: ['a', 'b'],
    });
    assert.deepEqual(parseWhere('service~compute'), {
      dimension: 'service',
      op: 'contains',
      value: 'compute',
    });
    assert.deepEqual(parseWhere('tag:team='), { dimension: 'tag:team', op: 'is_null' });
    assert.deepEqual(parseWhere('tag:team!='), { dimension: 'tag:team', op: 'is_not_null' });
    assert.deepEqual(parseWhere('tag:note=a=b'), { dimension: 'tag:note', op: 'eq', value: 'a=b' });
  });

  it('explains what it did not understand, with the syntax', () => {
    for (const bad of [
      'billed_cost sideways',
      'billed_cost last 3 fortnights',
      'billed_cost top x',
      'billed_cost last month ytd',
      'billed_cost from 2024-01-01',
    ]) {
      assert.throws(
        () => p(bad),
        (e: unknown) =>
          e instanceof CostLensError &&
          e.code === 'INVALID_INPUT' &&
          /query-json|YYYY|whole number|time range/.test(`${e.message} ${e.hint}`),
        bad,
      );
    }
  });
});
