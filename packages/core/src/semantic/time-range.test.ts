import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparisonShift, formatInstant, resolveTimeRange, shiftRange } from './time-range.ts';
import type { TimeRange } from './types.ts';

const now = new Date('2025-05-14T15:30:00Z');
const fmt = (r: { start: Date; end: Date }) => [formatInstant(r.start), formatInstant(r.end)];

describe('time ranges', () => {
  it('resolves every relative range against the clock, in UTC, end exclusive', () => {
    const cases: [TimeRange, string[]][] = [
      [{ relative: 'last_n_days', n: 30 }, ['2025-04-15', '2025-05-15']],
      [{ relative: 'last_n_months', n: 3 }, ['2025-03-01', '2025-06-01']],
      [{ relative: 'month_to_date' }, ['2025-05-01', '2025-05-15']],
      [{ relative: 'previous_month' }, ['2025-04-01', '2025-05-01']],
      [{ relative: 'quarter_to_date' }, ['2025-04-01', '2025-05-15']],
      [{ relative: 'previous_quarter' }, ['2025-01-01', '2025-04-01']],
      [{ relative: 'year_to_date' }, ['2025-01-01', '2025-05-15']],
      [{ relative: 'previous_year' }, ['2024-01-01', '2025-01-01']],
      [
        { start: '2025-01-01', end: '2025-01-15T12:00:00Z' },
        ['2025-01-01', '2025-01-15T12:00:00Z'],
      ],
    ];
    for (const [range, want] of cases)
      assert.deepEqual(fmt(resolveTimeRange(range, now)), want, JSON.stringify(range));
  });

  it('crosses year boundaries for previous month and quarter in January', () => {
    const jan = new Date('2025-01-03T00:00:00Z');
    assert.deepEqual(fmt(resolveTimeRange({ relative: 'previous_month' }, jan)), [
      '2024-12-01',
      '2025-01-01',
    ]);
    assert.deepEqual(fmt(resolveTimeRange({ relative: 'previous_quarter' }, jan)), [
      '2024-10-01',
      '2025-01-01',
    ]);
  });

  it('compares month-aligned ranges month by month and others day by day', () => {
    const feb = resolveTimeRange({ relative: 'previous_month' }, new Date('2025-03-02T00:00:00Z'));
    const s1 = comparisonShift(feb, 'previous_period');
    assert.deepEqual(s1, { unit: 'month', amount: -1 });
    assert.deepEqual(fmt(shiftRange(feb, s1)), ['2025-01-01', '2025-02-01']);
    const days = resolveTimeRange({ relative: 'last_n_days', n: 7 }, now);
    assert.deepEqual(fmt(shiftRange(days, comparisonShift(days, 'previous_period'))), [
      '2025-05-01',
      '2025-05-08',
    ]);
    assert.deepEqual(fmt(shiftRange(days, comparisonShift(days, 'same_period_last_year'))), [
      '2024-05-08',
      '2024-05-15',
    ]);
  });
});
