import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SemanticResult } from '@costlens/core';
import {
  monthChartModel,
  nextMonth,
  shareOf,
  summarizeMonths,
  topMovers,
} from './overview-model.ts';

const result = (rows: SemanticResult['rows']): SemanticResult => ({
  columns: [],
  rows,
  sql: '',
  params: [],
});

describe('overview arithmetic', () => {
  const months = result(
    ['2024-05', '2024-06', '2025-04', '2025-05', '2025-06'].map((m, i) => ({
      period: `${m}-01`,
      cost: ['100', '200', '150', '220', '30'][i]!,
    })),
  );

  it('treats the current calendar month as month-to-date and compares the latest complete month', () => {
    const s = summarizeMonths(months, 'cost', new Date('2025-06-10T00:00:00Z'));
    assert.equal(s.reference?.period, '2025-05-01');
    assert.equal(s.monthToDate?.cost, '30');
    assert.ok(Math.abs(s.mom! - (220 - 150) / 150) < 1e-12);
    assert.ok(Math.abs(s.yoy! - (220 - 100) / 100) < 1e-12);
  });

  it('uses the last month as complete when the data ends before this month', () => {
    const s = summarizeMonths(months, 'cost', new Date('2026-01-02T00:00:00Z'));
    assert.equal(s.reference?.period, '2025-06-01');
    assert.equal(s.monthToDate, null);
    assert.equal(s.yoy !== null && Math.abs(s.yoy - (30 - 200) / 200) < 1e-12, true);
    assert.equal(nextMonth('2025-12-01'), '2026-01-01');
  });

  it('orders movers by absolute change and leaves the Other bucket out', () => {
    const movers = topMovers(
      result([
        { service: 'A', cost: '10', cost_previous: '9', cost_delta: '1' },
        { service: 'Other', cost: '999', cost_previous: '1', cost_delta: '998' },
        { service: 'B', cost: '1', cost_previous: '6', cost_delta: '-5' },
        { service: null, cost: '3', cost_previous: null, cost_delta: '3' },
      ]),
      'service',
      'cost',
    );
    assert.deepEqual(
      movers.map((m) => m.name),
      ['B', '(none)', 'A'],
    );
    assert.equal(shareOf('25', '100'), 0.25);
    assert.equal(shareOf('1', '0'), null);
  });

  it('extends the month chart with the projections: the month in progress has both bars', () => {
    const s = summarizeMonths(months, 'cost', new Date('2025-06-10T00:00:00Z'));
    const proj = (start: string, v: number) => ({
      start,
      projected: String(v),
      lo80: String(v - 10),
      hi80: String(v + 10),
      lo95: String(v - 20),
      hi95: String(v + 20),
    });
    const m = monthChartModel(s, [proj('2025-06-01', 210), proj('2025-07-01', 230)]);
    assert.deepEqual(m.categories, [
      '2024-05',
      '2024-06',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
    ]);
    assert.deepEqual(m.actual, [100, 200, 150, 220, 30, null]);
    assert.deepEqual(m.forecast, [null, null, null, null, 210, 230]);
    assert.deepEqual([m.lo95.at(-1), m.hi80.at(-1)], [210, 240]);
    // No projections (forecast unavailable): the chart is the actuals alone.
    assert.deepEqual(monthChartModel(s, []).forecast, [null, null, null, null, null]);
  });
});
