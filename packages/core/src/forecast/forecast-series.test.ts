import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { dayClassOf } from './day-of-month.ts';
import { forecastSeries } from './forecast-series.ts';
import { seededRandom } from './seeded-random.ts';
import { FORECAST_METHODS } from './types.ts';

const weekly = [1.1, 1.1, 1, 1, 1, 0.8, 0.9];
function days(start: string, n: number): string[] {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) =>
    new Date(t0 + i * 86_400_000).toISOString().slice(0, 10),
  );
}

test('every method returns a band of the asked length with lo95 ≤ lo80 ≤ mean ≤ hi80 ≤ hi95', () => {
  const rng = seededRandom(1);
  const values = Array.from({ length: 120 }, (_, t) => 100 * weekly[t % 7]! + 2 * rng.normal());
  for (const method of FORECAST_METHODS) {
    const f = forecastSeries({ values }, { horizon: 10, seasons: [7], method });
    assert.equal(f.mean.length, 10, method);
    for (let i = 0; i < 10; i++) {
      assert.ok(f.lo95[i]! <= f.lo80[i]! && f.lo80[i]! <= f.mean[i]!, `${method} lower ${i}`);
      assert.ok(f.mean[i]! <= f.hi80[i]! && f.hi80[i]! <= f.hi95[i]!, `${method} upper ${i}`);
    }
  }
});

test('a series shorter than one season still forecasts, says why seasonality was skipped', () => {
  const f = forecastSeries({ values: [10, 12, 11, 13, 12] }, { horizon: 7, seasons: [7] });
  assert.equal(f.mean.length, 7);
  assert.ok(f.mean.every((v) => v > 9 && v < 14));
  assert.ok(f.adjustments.some((a) => a.includes('shorter than three cycles of 7')));
});

test('one or two points give their mean with a band that is not zero', () => {
  const f = forecastSeries({ values: [40, 60] }, { horizon: 3 });
  assert.deepEqual(f.mean, [50, 50, 50]);
  assert.ok(f.hi95[0]! - f.lo95[0]! > 10);
  const one = forecastSeries({ values: [80] }, { horizon: 2 });
  assert.ok(one.hi80[0]! > 80 && one.lo80[0]! < 80);
});

test('an intermittent cost series uses TSB and never forecasts below zero', () => {
  const values = Array.from({ length: 90 }, (_, t) => (t % 4 === 0 ? 25 : 0));
  const f = forecastSeries({ values }, { horizon: 5, seasons: [7] });
  assert.equal(f.model, 'TSB');
  assert.ok(f.lo95.every((v) => v >= 0));
  assert.ok(Math.abs(f.mean[0]! - 6.25) < 2);
});

test('month-end spikes land on future month-ends only', () => {
  const rng = seededRandom(2);
  const dates = days('2025-01-01', 150); // to 2025-05-30
  const values = dates.map(
    (d, t) => 200 * weekly[t % 7]! + 3 * rng.normal() + (dayClassOf(d) === 'last' ? 900 : 0),
  );
  const f = forecastSeries({ values, dates }, { horizon: 10, seasons: [7] });
  // step 1 is 2025-05-31 (a month end); step 2 is 2025-06-01
  assert.ok(f.mean[0]! > 900, `month end ${f.mean[0]}`);
  assert.ok(f.mean[1]! < 300, `first of June ${f.mean[1]}`);
  assert.ok(f.adjustments.some((a) => a.includes('last day')));
});

test('after a commitment purchase the forecast follows the new level', () => {
  const rng = seededRandom(3);
  const values = Array.from(
    { length: 120 },
    (_, t) => (t < 90 ? 1000 : 600) * weekly[t % 7]! + 8 * rng.normal(),
  );
  const f = forecastSeries({ values }, { horizon: 14, seasons: [7] });
  const avg = f.mean.reduce((a, b) => a + b, 0) / 14;
  assert.ok(avg > 540 && avg < 660, `mean forecast ${avg}`);
  assert.ok(f.adjustments.some((a) => a.startsWith('level shift down')));
});

test('a shift too recent to fit on moves earlier history to the new level', () => {
  const rng = seededRandom(4);
  const values = Array.from(
    { length: 110 },
    (_, t) => (t < 100 ? 500 : 800) * weekly[t % 7]! + 5 * rng.normal(),
  );
  const f = forecastSeries({ values }, { horizon: 7, seasons: [7] });
  const avg = f.mean.reduce((a, b) => a + b, 0) / 7;
  assert.ok(avg > 720 && avg < 880, `mean forecast ${avg}`);
  assert.ok(f.adjustments.some((a) => a.includes('earlier history moved')));
});

test('incomplete last days are dropped and forecast again instead of dragging the level down', () => {
  const rng = seededRandom(5);
  const full = Array.from({ length: 84 }, (_, t) => 300 * weekly[t % 7]! + 3 * rng.normal());
  const values = [...full.slice(0, 82), full[82]! * 0.4, full[83]! * 0.1];
  const f = forecastSeries({ values }, { horizon: 7, seasons: [7], incompleteTail: 'auto' });
  assert.equal(f.droppedTail, 2);
  assert.equal(f.mean.length, 9);
  assert.ok(Math.abs(f.mean[1]! - full[83]!) < 30, `re-forecast ${f.mean[1]} vs ${full[83]}`);
  const kept = forecastSeries({ values }, { horizon: 7, seasons: [7] });
  assert.equal(kept.droppedTail, 0);
});

test('bad input is refused with a clear error', () => {
  assert.throws(
    () => forecastSeries({ values: [1, Number.NaN, 3] }, { horizon: 2 }),
    (e) => isCostLensError(e) && e.message.includes('position 2'),
  );
  assert.throws(() => forecastSeries({ values: [1, 2] }, { horizon: 0 }), /horizon/);
  assert.throws(() => forecastSeries({ values: [] }, { horizon: 3 }), /empty/);
});
