import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tsbForecast, zeroShare } from './intermittent.ts';

test('TSB forecasts the average demand rate of an intermittent series', () => {
  const xs = Array.from({ length: 90 }, (_, t) => (t % 3 === 0 ? 30 : 0));
  const f = tsbForecast(xs, 5);
  f.mean.forEach((v) => assert.ok(Math.abs(v - 10) < 2, `${v}`));
  assert.ok(Math.abs(zeroShare(xs) - 2 / 3) < 1e-12);
});

test('TSB decays towards zero after demand stops', () => {
  const xs = [...Array.from({ length: 60 }, (_, t) => (t % 2 ? 20 : 0)), ...new Array(40).fill(0)];
  const f = tsbForecast(xs, 1);
  assert.ok(f.mean[0]! < 3, `${f.mean[0]}`);
});

test('TSB on all zeros forecasts zero with no band', () => {
  const f = tsbForecast(new Array(20).fill(0), 3);
  assert.deepEqual(f.mean, [0, 0, 0]);
  assert.deepEqual(f.sigma, [0, 0, 0]);
});
