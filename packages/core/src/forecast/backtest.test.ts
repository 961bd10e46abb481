import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backtest } from './backtest.ts';
import { seededRandom } from './seeded-random.ts';

test('on trending seasonal series a model beats Naive2 (OWA < 1) and Naive2 scores OWA 1', () => {
  const rng = seededRandom(31);
  const series = Array.from({ length: 20 }, (_, s) => ({
    values: Array.from(
      { length: 120 },
      (_, t) => (100 + s * 5 + 0.8 * t) * [1.2, 1, 1, 1, 1, 0.8, 0.8][t % 7]! + 2 * rng.normal(),
    ),
  }));
  const r = backtest(series, { horizon: 14, seasons: [7], method: 'ets', folds: 2 });
  assert.equal(r.forecasts, 40);
  assert.ok(r.owa < 0.9, `OWA ${r.owa}`);
  const self = backtest(series, { horizon: 14, seasons: [7], method: 'naive2', folds: 2 });
  assert.ok(Math.abs(self.owa - 1) < 1e-12);
});

test('series too short for a fold are skipped rather than padded', () => {
  const r = backtest([{ values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }], { horizon: 5, folds: 3 });
  assert.equal(r.forecasts, 0);
  assert.ok(Number.isNaN(r.owa));
});

test('interval coverage on simulated random walks is near nominal', () => {
  const rng = seededRandom(99);
  const series = Array.from({ length: 60 }, () => {
    let v = 500;
    return { values: Array.from({ length: 80 }, () => (v += 5 * rng.normal())) };
  });
  const r = backtest(series, { horizon: 8, method: 'naive', folds: 2 });
  assert.ok(r.coverage80 > 0.7 && r.coverage80 < 0.9, `80: ${r.coverage80}`);
  assert.ok(r.coverage95 > 0.88 && r.coverage95 <= 1, `95: ${r.coverage95}`);
});
