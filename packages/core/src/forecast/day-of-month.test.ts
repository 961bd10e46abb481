import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayClassOf, findDayOfMonthEffects, removeDayOfMonthEffects } from './day-of-month.ts';
import { seededRandom } from './seeded-random.ts';

function days(start: string, n: number): string[] {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) =>
    new Date(t0 + i * 86_400_000).toISOString().slice(0, 10),
  );
}

test('the last day of each month is its own class, whatever its number', () => {
  assert.equal(dayClassOf('2025-02-28'), 'last');
  assert.equal(dayClassOf('2024-02-28'), '28');
  assert.equal(dayClassOf('2024-02-29'), 'last');
  assert.equal(dayClassOf('2025-01-31'), 'last');
  assert.equal(dayClassOf('2025-01-30'), '30');
});

test('a month-end charge is found and removed, ordinary days are left alone', () => {
  const rng = seededRandom(8);
  const dates = days('2025-01-01', 120);
  const values = dates.map((d) => 100 + 3 * rng.normal() + (dayClassOf(d) === 'last' ? 500 : 0));
  const effects = findDayOfMonthEffects(values, dates);
  assert.equal(effects.length, 1);
  assert.equal(effects[0]!.dayClass, 'last');
  assert.ok(Math.abs(effects[0]!.excess - 500) < 15);
  const clean = removeDayOfMonthEffects(values, dates, effects);
  assert.ok(Math.max(...clean) < 130);
  assert.equal(clean[5], values[5]);
});

test('no effect is claimed from a single month', () => {
  const dates = days('2025-01-01', 40);
  const values = dates.map((d) => (d === '2025-01-31' ? 600 : 100));
  assert.deepEqual(findDayOfMonthEffects(values, dates), []);
});
