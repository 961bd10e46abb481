import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTimeExpressions, previousPeriod, sameRangeLastYear } from './time-expressions.ts';

const today = '2026-06-17'; // a Wednesday
const one = (text: string, fy?: number) => {
  const found = findTimeExpressions(text, { today, ...(fy ? { fiscalYearStartMonth: fy } : {}) });
  assert.equal(found.length, 1, `one expression in "${text}"`);
  return found[0]!;
};

describe('time expressions', () => {
  const cases: [string, string, string][] = [
    ['spend yesterday', '2026-06-16', '2026-06-17'],
    ['spend today', '2026-06-17', '2026-06-18'],
    ['cost last week', '2026-06-08', '2026-06-15'],
    ['cost this week', '2026-06-15', '2026-06-18'],
    ['cost last month', '2026-05-01', '2026-06-01'],
    ['cost this month', '2026-06-01', '2026-06-18'],
    ['month to date', '2026-06-01', '2026-06-18'],
    ['MTD spend', '2026-06-01', '2026-06-18'],
    ['last quarter', '2026-01-01', '2026-04-01'],
    ['this quarter', '2026-04-01', '2026-06-18'],
    ['Q3', '2025-07-01', '2025-10-01'],
    ['Q1', '2026-01-01', '2026-04-01'],
    ['Q3 2025', '2025-07-01', '2025-10-01'],
    ['third quarter of 2025', '2025-07-01', '2025-10-01'],
    ['since June', '2026-06-01', '2026-06-18'],
    ['since March', '2026-03-01', '2026-06-18'],
    ['since 2026-02-15', '2026-02-15', '2026-06-18'],
    ['last 90 days', '2026-03-20', '2026-06-18'],
    ['past seven days', '2026-06-11', '2026-06-18'],
    ['last 2 weeks', '2026-06-04', '2026-06-18'],
    ['last 3 months', '2026-04-01', '2026-06-18'],
    ['year to date', '2026-01-01', '2026-06-18'],
    ['last year', '2025-01-01', '2026-01-01'],
    ['in October', '2025-10-01', '2025-11-01'],
    ['for Oct 2025', '2025-10-01', '2025-11-01'],
    ['in June', '2026-06-01', '2026-06-18'],
    ['in May', '2026-05-01', '2026-06-01'],
    ['on 2026-03-04', '2026-03-04', '2026-03-05'],
    ['between 2026-01-10 and 2026-01-20', '2026-01-10', '2026-01-21'],
    ['from January to March', '2026-01-01', '2026-04-01'],
    ['from November to February', '2025-11-01', '2026-03-01'],
    ['in 2025', '2025-01-01', '2026-01-01'],
  ];
  for (const [text, start, end] of cases) {
    it(`reads "${text}" as ${start} .. ${end}`, () => {
      assert.deepEqual(one(text).range, { start, end });
    });
  }

  it('reads fiscal years with a configurable start month, named by the year they end in', () => {
    assert.deepEqual(one('this fiscal year', 4).range, { start: '2026-04-01', end: '2026-06-18' });
    assert.deepEqual(one('last fiscal year', 4).range, { start: '2025-04-01', end: '2026-04-01' });
    assert.deepEqual(one('FY2026', 4).range, { start: '2025-04-01', end: '2026-04-01' });
    assert.deepEqual(one('FY26', 10).range, { start: '2025-10-01', end: '2026-06-18' });
    assert.deepEqual(one('fiscal year 2025').range, { start: '2025-01-01', end: '2026-01-01' });
  });

  it('does not read "may" the verb as a month', () => {
    assert.deepEqual(findTimeExpressions('what may we save', { today }), []);
    assert.equal(one('spend in may').range.start, '2026-05-01');
  });

  it('finds both sides of a comparison in order', () => {
    const [a, b] = findTimeExpressions('this month vs last month', { today });
    assert.equal(a!.range.start, '2026-06-01');
    assert.equal(b!.range.start, '2026-05-01');
  });

  it('compares month to date with the same days of the month before and a year before', () => {
    const mtd = one('this month');
    assert.deepEqual(previousPeriod(mtd), { start: '2026-05-01', end: '2026-05-18' });
    assert.deepEqual(sameRangeLastYear(mtd.range), { start: '2025-06-01', end: '2025-06-18' });
    assert.deepEqual(previousPeriod(one('last 30 days')), {
      start: '2026-04-19',
      end: '2026-05-19',
    });
  });

  it('labels month to date with the month and its days', () => {
    assert.equal(one('this month').label, '2026-06 to date (2026-06-01 to 2026-06-17)');
    assert.equal(one('last month').label, '2026-05');
    assert.equal(one('Q1').label, 'Q1 2026');
  });
});
