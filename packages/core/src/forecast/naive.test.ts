import assert from 'node:assert/strict';
import { test } from 'node:test';
import { naive2Forecast, naiveForecast, seasonalNaiveForecast } from './naive.ts';
import { seededRandom } from './seeded-random.ts';

test('seasonal naive repeats the last cycle of a periodic series', () => {
  const f = seasonalNaiveForecast([5, 1, 2, 3, 4, 1, 2, 3], 4, 6);
  assert.deepEqual(f.mean, [4, 1, 2, 3, 4, 1]);
});

test('seasonal naive error scale steps up once per cycle', () => {
  const f = seasonalNaiveForecast([1, 2, 3, 2, 3, 4, 3, 4, 5], 3, 7);
  assert.equal(f.sigma[0], f.sigma[2]);
  assert.ok(Math.abs(f.sigma[3]! / f.sigma[0]! - Math.SQRT2) < 1e-12);
  assert.ok(Math.abs(f.sigma[6]! / f.sigma[0]! - Math.sqrt(3)) < 1e-12);
});

test('naive carries the last value and its band grows with the square root of the horizon', () => {
  const f = naiveForecast([1, 3, 2, 4], 4);
  assert.deepEqual(f.mean, [4, 4, 4, 4]);
  assert.ok(Math.abs(f.sigma[3]! / f.sigma[0]! - 2) < 1e-12);
});

test('Naive2 reseasonalizes the last adjusted value when the series is seasonal', () => {
  const rng = seededRandom(3);
  const pattern = [1.5, 1, 0.5];
  const xs = Array.from(
    { length: 60 },
    (_, t) => 100 * pattern[t % 3]! * (1 + 0.001 * rng.normal()),
  );
  const f = naive2Forecast(xs, 3, 3);
  // history ends on pattern position 2 (t = 59), so the next steps are positions 0, 1, 2
  assert.ok(Math.abs(f.mean[0]! / f.mean[2]! - 3) < 0.05, `${f.mean}`);
  assert.equal(f.model, 'Naive2');
});

test('Naive2 equals naive on a non-seasonal series', () => {
  const rng = seededRandom(4);
  const xs = Array.from({ length: 40 }, () => 50 + rng.normal());
  assert.deepEqual(naive2Forecast(xs, 12, 5).mean, naiveForecast(xs, 5).mean);
});
